package otelaudit

import (
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/trace"

	"github.com/otelaudit/otelaudit/semconv"
)

// ModelCall is one call to a model made for a decision.
type ModelCall struct {
	span     trace.Span
	decision *Decision
}

// ModelResult is what a model call returned.
type ModelResult struct {
	// ResponseID is the provider's id of the completion (gen_ai.response.id).
	ResponseID string
	// ResponseModel is the model that actually answered (gen_ai.response.model).
	ResponseModel string
	// FinishReasons says why the model stopped, one per choice.
	FinishReasons []string
	// InputTokens and OutputTokens are the token usage the provider reported.
	InputTokens, OutputTokens int
	// OutputMessages is the model's answer as GenAI output messages JSON
	// (gen_ai.output.messages); empty to leave it out.
	OutputMessages string
	// CostUSD is what the call cost, in US dollars, when known.
	CostUSD float64
}

// End ends the model call with its result, or with err when it failed.
// The call's usage and cost are added to its decision's totals.
func (m *ModelCall) End(res ModelResult, err error) {
	attrs := []attribute.KeyValue{
		semconv.GenAIUsageInputTokens(res.InputTokens),
		semconv.GenAIUsageOutputTokens(res.OutputTokens),
	}
	attrs = appendIfSet(attrs, semconv.GenAIResponseIDKey, res.ResponseID)
	attrs = appendIfSet(attrs, semconv.GenAIResponseModelKey, res.ResponseModel)
	attrs = appendIfSet(attrs, semconv.GenAIOutputMessagesKey, res.OutputMessages)
	if len(res.FinishReasons) > 0 {
		attrs = append(attrs, semconv.GenAIResponseFinishReasons(res.FinishReasons...))
	}
	if res.CostUSD != 0 {
		attrs = append(attrs, semconv.AuditCostUSD(res.CostUSD))
	}
	m.span.SetAttributes(attrs...)
	m.decision.addUsage(res)
	endSpan(m.span, err)
}

// modelCallConfig holds the settings of one model call.
type modelCallConfig struct {
	provider  string
	operation string
	attrs     []attribute.KeyValue
}

// ModelCallOption configures one model call.
type ModelCallOption interface {
	applyModelCall(*modelCallConfig)
}

type modelCallOptionFunc func(*modelCallConfig)

func (f modelCallOptionFunc) applyModelCall(c *modelCallConfig) { f(c) }

func newModelCallConfig(opts []ModelCallOption) modelCallConfig {
	var c modelCallConfig
	for _, o := range opts {
		o.applyModelCall(&c)
	}
	return c
}

// WithModelProvider names the provider serving this call
// (gen_ai.provider.name), overriding the Recorder's default.
func WithModelProvider(name string) ModelCallOption {
	return modelCallOptionFunc(func(c *modelCallConfig) { c.provider = name })
}

// WithOperation sets the operation (gen_ai.operation.name) when it is not
// "chat", e.g. semconv.OperationTextCompletion.
func WithOperation(name string) ModelCallOption {
	return modelCallOptionFunc(func(c *modelCallConfig) { c.operation = name })
}

// WithInputMessages records the messages sent to the model, as GenAI input
// messages JSON (gen_ai.input.messages).
func WithInputMessages(json string) ModelCallOption {
	return modelCallOptionFunc(func(c *modelCallConfig) {
		c.attrs = append(c.attrs, semconv.GenAIInputMessages(json))
	})
}

// WithSystemInstructions records the system prompt, as GenAI system
// instructions JSON (gen_ai.system_instructions).
func WithSystemInstructions(json string) ModelCallOption {
	return modelCallOptionFunc(func(c *modelCallConfig) {
		c.attrs = append(c.attrs, semconv.GenAISystemInstructions(json))
	})
}

// WithRequestParams records the sampling parameters of the request
// (gen_ai.request.max_tokens, gen_ai.request.temperature).
func WithRequestParams(maxTokens int, temperature float64) ModelCallOption {
	return modelCallOptionFunc(func(c *modelCallConfig) {
		c.attrs = append(c.attrs,
			semconv.GenAIRequestMaxTokens(maxTokens),
			semconv.GenAIRequestTemperature(temperature))
	})
}
