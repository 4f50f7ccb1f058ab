// Package semconv holds the attribute names otelaudit records on decision
// spans.
//
// Standard names come first: every gen_ai.* name here is the OpenTelemetry
// GenAI semantic convention of the same name (schema gen-ai/1.42.0, see
// [SchemaURL]). Only what no standard covers lives in the project namespace
// audit.*: the decision id, the reasoning text, the decision outcome and
// input/output, the redaction summary and the experiment variant.
//
// Deprecated GenAI names that older instrumentations still emit map to the
// standard name that replaced them through [Canonical].
package semconv

// SchemaURL is the schema of the GenAI semantic conventions these names follow.
const SchemaURL = "https://opentelemetry.io/schemas/gen-ai/1.42.0"
