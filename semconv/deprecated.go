package semconv

// Canonical returns the standard name for an attribute key: the replacement
// when key is a deprecated GenAI name that older instrumentations still emit
// (gen_ai.system, gen_ai.usage.prompt_tokens, ...), else key itself.
// Readers accept both and store the standard one.
func Canonical(key string) string {
	switch key {
	case "gen_ai.system":
		return string(GenAIProviderNameKey)
	case "gen_ai.usage.prompt_tokens":
		return string(GenAIUsageInputTokensKey)
	case "gen_ai.usage.completion_tokens":
		return string(GenAIUsageOutputTokensKey)
	case "gen_ai.openai.request.seed":
		return string(GenAIRequestSeedKey)
	}
	return key
}
