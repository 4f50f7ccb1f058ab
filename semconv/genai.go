package semconv

import "go.opentelemetry.io/otel/attribute"

// GenAI attribute keys, named exactly as in the OpenTelemetry GenAI semantic
// conventions.
const (
	// GenAIOperationNameKey is the operation a span performs (required):
	// one of the OperationName* values.
	GenAIOperationNameKey = attribute.Key("gen_ai.operation.name")
	// GenAIProviderNameKey is the GenAI provider as identified by the
	// instrumentation (required), e.g. "openai".
	GenAIProviderNameKey = attribute.Key("gen_ai.provider.name")

	// GenAIAgentIDKey is the unique identifier of the agent.
	GenAIAgentIDKey = attribute.Key("gen_ai.agent.id")
	// GenAIAgentNameKey is the human-readable name of the agent.
	GenAIAgentNameKey = attribute.Key("gen_ai.agent.name")
	// GenAIAgentDescriptionKey is a free-form description of the agent.
	GenAIAgentDescriptionKey = attribute.Key("gen_ai.agent.description")
	// GenAIAgentVersionKey is the version of the agent.
	GenAIAgentVersionKey = attribute.Key("gen_ai.agent.version")
	// GenAIConversationIDKey identifies the conversation (the session) a
	// decision belongs to.
	GenAIConversationIDKey = attribute.Key("gen_ai.conversation.id")
	// GenAIWorkflowNameKey is the name of the workflow an invoke_workflow
	// span runs.
	GenAIWorkflowNameKey = attribute.Key("gen_ai.workflow.name")

	// GenAIRequestModelKey is the model the request asked for.
	GenAIRequestModelKey = attribute.Key("gen_ai.request.model")
	// GenAIRequestMaxTokensKey is the maximum number of tokens requested.
	GenAIRequestMaxTokensKey = attribute.Key("gen_ai.request.max_tokens")
	// GenAIRequestTemperatureKey is the temperature setting of the request.
	GenAIRequestTemperatureKey = attribute.Key("gen_ai.request.temperature")
	// GenAIRequestTopPKey is the top_p sampling setting of the request.
	GenAIRequestTopPKey = attribute.Key("gen_ai.request.top_p")
	// GenAIRequestTopKKey is the top_k sampling setting of the request.
	GenAIRequestTopKKey = attribute.Key("gen_ai.request.top_k")
	// GenAIRequestSeedKey is the seed the request used, if any.
	GenAIRequestSeedKey = attribute.Key("gen_ai.request.seed")
	// GenAIRequestStopSequencesKey lists the stop sequences of the request.
	GenAIRequestStopSequencesKey = attribute.Key("gen_ai.request.stop_sequences")

	// GenAIResponseIDKey is the provider's unique id of the completion.
	GenAIResponseIDKey = attribute.Key("gen_ai.response.id")
	// GenAIResponseModelKey is the model that actually generated the response.
	GenAIResponseModelKey = attribute.Key("gen_ai.response.model")
	// GenAIResponseFinishReasonsKey lists why the model stopped, one per choice.
	GenAIResponseFinishReasonsKey = attribute.Key("gen_ai.response.finish_reasons")

	// GenAIUsageInputTokensKey is the number of tokens in the prompt.
	GenAIUsageInputTokensKey = attribute.Key("gen_ai.usage.input_tokens")
	// GenAIUsageOutputTokensKey is the number of tokens in the response.
	GenAIUsageOutputTokensKey = attribute.Key("gen_ai.usage.output_tokens")
	// GenAIUsageCacheReadInputTokensKey is the number of input tokens served
	// from the provider's cache.
	GenAIUsageCacheReadInputTokensKey = attribute.Key("gen_ai.usage.cache_read.input_tokens")
	// GenAIUsageReasoningOutputTokensKey is the number of output tokens spent
	// on reasoning.
	GenAIUsageReasoningOutputTokensKey = attribute.Key("gen_ai.usage.reasoning.output_tokens")

	// GenAIInputMessagesKey holds the chat history sent to the model, as JSON.
	GenAIInputMessagesKey = attribute.Key("gen_ai.input.messages")
	// GenAIOutputMessagesKey holds the messages the model returned, as JSON.
	GenAIOutputMessagesKey = attribute.Key("gen_ai.output.messages")
	// GenAISystemInstructionsKey holds the system prompt, as JSON.
	GenAISystemInstructionsKey = attribute.Key("gen_ai.system_instructions")

	// GenAIToolNameKey is the name of the tool an execute_tool span runs
	// (required on tool spans).
	GenAIToolNameKey = attribute.Key("gen_ai.tool.name")
	// GenAIToolCallIDKey is the id of the tool call.
	GenAIToolCallIDKey = attribute.Key("gen_ai.tool.call.id")
	// GenAIToolTypeKey is the kind of tool: function, extension or datastore.
	GenAIToolTypeKey = attribute.Key("gen_ai.tool.type")
	// GenAIToolCallArgumentsKey holds the arguments passed to the tool, as JSON.
	GenAIToolCallArgumentsKey = attribute.Key("gen_ai.tool.call.arguments")
	// GenAIToolCallResultKey holds what the tool returned.
	GenAIToolCallResultKey = attribute.Key("gen_ai.tool.call.result")

	// ErrorTypeKey classifies the error a span ended with.
	ErrorTypeKey = attribute.Key("error.type")
	// UserIDKey identifies the end user on whose behalf the agent acted.
	UserIDKey = attribute.Key("user.id")
	// ServerAddressKey is the GenAI server's host name.
	ServerAddressKey = attribute.Key("server.address")
)

// Values of gen_ai.operation.name used by otelaudit.
const (
	// OperationInvokeAgent marks an agent invocation: one decision.
	OperationInvokeAgent = "invoke_agent"
	// OperationChat marks a chat completion model call.
	OperationChat = "chat"
	// OperationTextCompletion marks a legacy text completion model call.
	OperationTextCompletion = "text_completion"
	// OperationGenerateContent marks a multimodal generate_content model call.
	OperationGenerateContent = "generate_content"
	// OperationEmbeddings marks an embeddings call.
	OperationEmbeddings = "embeddings"
	// OperationExecuteTool marks a tool execution.
	OperationExecuteTool = "execute_tool"
	// OperationPlan marks an agent's planning step (gen-ai/1.42.0).
	OperationPlan = "plan"
	// OperationInvokeWorkflow marks a workflow run across agents.
	OperationInvokeWorkflow = "invoke_workflow"
)

// Well-known values of gen_ai.provider.name.
const (
	// ProviderOpenAI is OpenAI, and OpenAI-compatible endpoints.
	ProviderOpenAI = "openai"
	// ProviderAnthropic is Anthropic.
	ProviderAnthropic = "anthropic"
	// ProviderAWSBedrock is AWS Bedrock.
	ProviderAWSBedrock = "aws.bedrock"
	// ProviderAzureAIOpenAI is Azure OpenAI.
	ProviderAzureAIOpenAI = "azure.ai.openai"
	// ProviderGCPVertexAI is Google Vertex AI.
	ProviderGCPVertexAI = "gcp.vertex_ai"
	// ProviderMistralAI is Mistral AI.
	ProviderMistralAI = "mistral_ai"
)

// GenAIOperationName returns the gen_ai.operation.name attribute.
func GenAIOperationName(v string) attribute.KeyValue { return GenAIOperationNameKey.String(v) }

// GenAIProviderName returns the gen_ai.provider.name attribute.
func GenAIProviderName(v string) attribute.KeyValue { return GenAIProviderNameKey.String(v) }

// GenAIAgentID returns the gen_ai.agent.id attribute.
func GenAIAgentID(v string) attribute.KeyValue { return GenAIAgentIDKey.String(v) }

// GenAIAgentName returns the gen_ai.agent.name attribute.
func GenAIAgentName(v string) attribute.KeyValue { return GenAIAgentNameKey.String(v) }

// GenAIAgentDescription returns the gen_ai.agent.description attribute.
func GenAIAgentDescription(v string) attribute.KeyValue {
	return GenAIAgentDescriptionKey.String(v)
}

// GenAIAgentVersion returns the gen_ai.agent.version attribute.
func GenAIAgentVersion(v string) attribute.KeyValue { return GenAIAgentVersionKey.String(v) }

// GenAIConversationID returns the gen_ai.conversation.id attribute.
func GenAIConversationID(v string) attribute.KeyValue { return GenAIConversationIDKey.String(v) }

// GenAIWorkflowName returns the gen_ai.workflow.name attribute.
func GenAIWorkflowName(v string) attribute.KeyValue { return GenAIWorkflowNameKey.String(v) }

// GenAIRequestModel returns the gen_ai.request.model attribute.
func GenAIRequestModel(v string) attribute.KeyValue { return GenAIRequestModelKey.String(v) }

// GenAIRequestMaxTokens returns the gen_ai.request.max_tokens attribute.
func GenAIRequestMaxTokens(v int) attribute.KeyValue { return GenAIRequestMaxTokensKey.Int(v) }

// GenAIRequestTemperature returns the gen_ai.request.temperature attribute.
func GenAIRequestTemperature(v float64) attribute.KeyValue {
	return GenAIRequestTemperatureKey.Float64(v)
}

// GenAIRequestTopP returns the gen_ai.request.top_p attribute.
func GenAIRequestTopP(v float64) attribute.KeyValue { return GenAIRequestTopPKey.Float64(v) }

// GenAIRequestSeed returns the gen_ai.request.seed attribute.
func GenAIRequestSeed(v int) attribute.KeyValue { return GenAIRequestSeedKey.Int(v) }

// GenAIResponseID returns the gen_ai.response.id attribute.
func GenAIResponseID(v string) attribute.KeyValue { return GenAIResponseIDKey.String(v) }

// GenAIResponseModel returns the gen_ai.response.model attribute.
func GenAIResponseModel(v string) attribute.KeyValue { return GenAIResponseModelKey.String(v) }

// GenAIResponseFinishReasons returns the gen_ai.response.finish_reasons attribute.
func GenAIResponseFinishReasons(v ...string) attribute.KeyValue {
	return GenAIResponseFinishReasonsKey.StringSlice(v)
}

// GenAIUsageInputTokens returns the gen_ai.usage.input_tokens attribute.
func GenAIUsageInputTokens(v int) attribute.KeyValue { return GenAIUsageInputTokensKey.Int(v) }

// GenAIUsageOutputTokens returns the gen_ai.usage.output_tokens attribute.
func GenAIUsageOutputTokens(v int) attribute.KeyValue { return GenAIUsageOutputTokensKey.Int(v) }

// GenAIUsageCacheReadInputTokens returns the
// gen_ai.usage.cache_read.input_tokens attribute.
func GenAIUsageCacheReadInputTokens(v int) attribute.KeyValue {
	return GenAIUsageCacheReadInputTokensKey.Int(v)
}

// GenAIUsageReasoningOutputTokens returns the
// gen_ai.usage.reasoning.output_tokens attribute.
func GenAIUsageReasoningOutputTokens(v int) attribute.KeyValue {
	return GenAIUsageReasoningOutputTokensKey.Int(v)
}

// GenAIInputMessages returns the gen_ai.input.messages attribute (JSON).
func GenAIInputMessages(json string) attribute.KeyValue { return GenAIInputMessagesKey.String(json) }

// GenAIOutputMessages returns the gen_ai.output.messages attribute (JSON).
func GenAIOutputMessages(json string) attribute.KeyValue {
	return GenAIOutputMessagesKey.String(json)
}

// GenAISystemInstructions returns the gen_ai.system_instructions attribute (JSON).
func GenAISystemInstructions(json string) attribute.KeyValue {
	return GenAISystemInstructionsKey.String(json)
}

// GenAIToolName returns the gen_ai.tool.name attribute.
func GenAIToolName(v string) attribute.KeyValue { return GenAIToolNameKey.String(v) }

// GenAIToolCallID returns the gen_ai.tool.call.id attribute.
func GenAIToolCallID(v string) attribute.KeyValue { return GenAIToolCallIDKey.String(v) }

// GenAIToolType returns the gen_ai.tool.type attribute.
func GenAIToolType(v string) attribute.KeyValue { return GenAIToolTypeKey.String(v) }

// GenAIToolCallArguments returns the gen_ai.tool.call.arguments attribute (JSON).
func GenAIToolCallArguments(json string) attribute.KeyValue {
	return GenAIToolCallArgumentsKey.String(json)
}

// GenAIToolCallResult returns the gen_ai.tool.call.result attribute.
func GenAIToolCallResult(v string) attribute.KeyValue { return GenAIToolCallResultKey.String(v) }

// ErrorType returns the error.type attribute.
func ErrorType(v string) attribute.KeyValue { return ErrorTypeKey.String(v) }

// UserID returns the user.id attribute.
func UserID(v string) attribute.KeyValue { return UserIDKey.String(v) }
