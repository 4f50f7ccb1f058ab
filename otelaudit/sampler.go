package otelaudit

import (
	sdktrace "go.opentelemetry.io/otel/sdk/trace"

	"github.com/otelaudit/otelaudit/semconv"
)

// DecisionSampler returns a sampler that records and samples every decision
// span (gen_ai.operation.name = invoke_agent), whatever its parent, and
// leaves every other span to ParentBased(rest). Spans started inside a
// decision follow their sampled parent, so a decision is always whole.
func DecisionSampler(rest sdktrace.Sampler) sdktrace.Sampler {
	return decisionSampler{rest: sdktrace.ParentBased(rest)}
}

type decisionSampler struct {
	rest sdktrace.Sampler
}

func (s decisionSampler) ShouldSample(p sdktrace.SamplingParameters) sdktrace.SamplingResult {
	for _, kv := range p.Attributes {
		if kv.Key == semconv.GenAIOperationNameKey && kv.Value.AsString() == semconv.OperationInvokeAgent {
			return sdktrace.AlwaysSample().ShouldSample(p)
		}
	}
	return s.rest.ShouldSample(p)
}

func (s decisionSampler) Description() string {
	return "DecisionSampler{invoke_agent:AlwaysOn," + s.rest.Description() + "}"
}
