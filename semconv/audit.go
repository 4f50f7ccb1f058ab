package semconv

import "go.opentelemetry.io/otel/attribute"

// Attribute keys in the audit.* namespace: what no OpenTelemetry convention
// covers.
const (
	// AuditDecisionIDKey is the unique id of a decision (a UUID), stable
	// across retries, so a decision is stored once however often it is sent.
	AuditDecisionIDKey = attribute.Key("audit.decision.id")
	// AuditDecisionInputKey is what the agent was asked, as plain text (the
	// structured chat history goes in gen_ai.input.messages).
	AuditDecisionInputKey = attribute.Key("audit.decision.input")
	// AuditDecisionOutputKey is what the agent answered or did, as plain text.
	AuditDecisionOutputKey = attribute.Key("audit.decision.output")
	// AuditDecisionOutcomeKey is the decision's outcome: one of the Outcome*
	// values or an application-defined word.
	AuditDecisionOutcomeKey = attribute.Key("audit.decision.outcome")
	// AuditReasoningKey is the agent's reasoning or plan text for a decision.
	AuditReasoningKey = attribute.Key("audit.reasoning")
	// AuditVariantKey labels the experiment variant that produced a decision.
	AuditVariantKey = attribute.Key("audit.variant")
	// AuditCostUSDKey is the cost of a model call or decision in US dollars.
	AuditCostUSDKey = attribute.Key("audit.cost.usd")
	// AuditRedactionCountKey is how many values were redacted in a span.
	AuditRedactionCountKey = attribute.Key("audit.redaction.count")
	// AuditRedactionKindsKey lists the kinds of data redacted in a span
	// (e.g. "email", "card"), never the values.
	AuditRedactionKindsKey = attribute.Key("audit.redaction.kinds")
)

// Values of audit.decision.outcome recorded by the otelaudit API.
const (
	// OutcomeSuccess is a decision that completed as intended.
	OutcomeSuccess = "success"
	// OutcomeRefused is a decision where the agent declined to act.
	OutcomeRefused = "refused"
	// OutcomeEscalated is a decision handed to a human.
	OutcomeEscalated = "escalated"
	// OutcomeError is a decision that ended with an error.
	OutcomeError = "error"
)

// AuditDecisionID returns the audit.decision.id attribute.
func AuditDecisionID(v string) attribute.KeyValue { return AuditDecisionIDKey.String(v) }

// AuditDecisionInput returns the audit.decision.input attribute.
func AuditDecisionInput(v string) attribute.KeyValue { return AuditDecisionInputKey.String(v) }

// AuditDecisionOutput returns the audit.decision.output attribute.
func AuditDecisionOutput(v string) attribute.KeyValue { return AuditDecisionOutputKey.String(v) }

// AuditDecisionOutcome returns the audit.decision.outcome attribute.
func AuditDecisionOutcome(v string) attribute.KeyValue { return AuditDecisionOutcomeKey.String(v) }

// AuditReasoning returns the audit.reasoning attribute.
func AuditReasoning(v string) attribute.KeyValue { return AuditReasoningKey.String(v) }

// AuditVariant returns the audit.variant attribute.
func AuditVariant(v string) attribute.KeyValue { return AuditVariantKey.String(v) }

// AuditCostUSD returns the audit.cost.usd attribute.
func AuditCostUSD(v float64) attribute.KeyValue { return AuditCostUSDKey.Float64(v) }

// AuditRedactionCount returns the audit.redaction.count attribute.
func AuditRedactionCount(v int) attribute.KeyValue { return AuditRedactionCountKey.Int(v) }

// AuditRedactionKinds returns the audit.redaction.kinds attribute.
func AuditRedactionKinds(v ...string) attribute.KeyValue {
	return AuditRedactionKindsKey.StringSlice(v)
}
