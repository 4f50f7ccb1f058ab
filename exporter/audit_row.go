package exporter

import (
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"
	"go.opentelemetry.io/collector/pdata/pcommon"
	"go.opentelemetry.io/collector/pdata/ptrace"

	"github.com/otelaudit/otelaudit/semconv"
)

// decisionIDNamespace is the namespace of the name-based (SHA-1, version 5)
// UUIDs derived for decisions that carry no usable audit.decision.id. It is
// fixed forever: changing it would give re-sent spans new ids.
var decisionIDNamespace = uuid.MustParse("6f1d3c52-8f0e-4b7a-9a43-2b5c1e0d7a91")

// auditRow is one row of the audit table, in the column order of
// schema.AuditInsert.
type auditRow struct {
	DecisionID     uuid.UUID
	Timestamp      time.Time
	TraceID        string
	SpanID         string
	SessionID      string
	UserID         string
	AgentName      string
	AgentVersion   string
	AgentID        string
	ServiceName    string
	Operation      string
	Provider       string
	RequestModel   string
	ResponseModel  string
	Input          string
	Reasoning      string
	Output         string
	Outcome        string
	StatusCode     string
	ErrorType      string
	ErrorMessage   string
	DurationNs     uint64
	InputTokens    uint64
	OutputTokens   uint64
	CostUSD        float64
	RedactionCount uint32
	RedactionKinds []string
	Variant        string
	Attributes     *attrMap
}

// isDecision reports whether span is a decision: an invoke_agent span.
func isDecision(span ptrace.Span) bool {
	v, ok := span.Attributes().Get(string(semconv.GenAIOperationNameKey))
	return ok && v.Str() == semconv.OperationInvokeAgent
}

// newAuditRow maps a decision span to its audit row. Attributes with a
// column of their own fill it (deprecated GenAI names are accepted); the
// others go to Attributes under their standard names. traceID and spanID
// are the span's ids in hex, as in the traces row.
func newAuditRow(serviceName, traceID, spanID string, span ptrace.Span) auditRow {
	attrs := span.Attributes()
	r := auditRow{
		Timestamp:    span.StartTimestamp().AsTime(),
		TraceID:      traceID,
		SpanID:       spanID,
		ServiceName:  serviceName,
		StatusCode:   span.Status().Code().String(),
		ErrorMessage: span.Status().Message(),
		DurationNs:   spanDuration(span),
		Attributes:   &attrMap{},
	}
	var decisionID string
	for k, v := range attrs.All() {
		switch semconv.Canonical(k) {
		case string(semconv.AuditDecisionIDKey):
			decisionID = v.AsString()
		case string(semconv.GenAIConversationIDKey):
			r.SessionID = v.AsString()
		case string(semconv.UserIDKey):
			r.UserID = v.AsString()
		case string(semconv.GenAIAgentNameKey):
			r.AgentName = v.AsString()
		case string(semconv.GenAIAgentVersionKey):
			r.AgentVersion = v.AsString()
		case string(semconv.GenAIAgentIDKey):
			r.AgentID = v.AsString()
		case string(semconv.GenAIOperationNameKey):
			r.Operation = v.AsString()
		case string(semconv.GenAIProviderNameKey):
			r.Provider = v.AsString()
		case string(semconv.GenAIRequestModelKey):
			r.RequestModel = v.AsString()
		case string(semconv.GenAIResponseModelKey):
			r.ResponseModel = v.AsString()
		case string(semconv.AuditDecisionInputKey):
			r.Input = v.AsString()
		case string(semconv.AuditReasoningKey):
			r.Reasoning = v.AsString()
		case string(semconv.AuditDecisionOutputKey):
			r.Output = v.AsString()
		case string(semconv.AuditDecisionOutcomeKey):
			r.Outcome = v.AsString()
		case string(semconv.ErrorTypeKey):
			r.ErrorType = v.AsString()
		case string(semconv.GenAIUsageInputTokensKey):
			r.InputTokens = uintValue(v)
		case string(semconv.GenAIUsageOutputTokensKey):
			r.OutputTokens = uintValue(v)
		case string(semconv.AuditCostUSDKey):
			r.CostUSD = floatValue(v)
		case string(semconv.AuditRedactionCountKey):
			r.RedactionCount = uint32(min(uintValue(v), math.MaxUint32))
		case string(semconv.AuditRedactionKindsKey):
			r.RedactionKinds = stringsValue(v)
		case string(semconv.AuditVariantKey):
			r.Variant = v.AsString()
		default:
			r.Attributes.add(semconv.Canonical(k), v.AsString())
		}
	}
	r.DecisionID = decisionUUID(decisionID, span.TraceID(), span.SpanID())
	return r
}

// decisionUUID returns the decision's id: audit.decision.id when it is a
// UUID, else a UUID derived from it, else one derived from the span's trace
// and span ids. Derived ids are deterministic, so a re-sent span keeps its id.
func decisionUUID(id string, traceID pcommon.TraceID, spanID pcommon.SpanID) uuid.UUID {
	if id != "" {
		if u, err := uuid.Parse(id); err == nil {
			return u
		}
		return uuid.NewSHA1(decisionIDNamespace, []byte(id))
	}
	name := make([]byte, 0, len(traceID)+len(spanID))
	name = append(name, traceID[:]...)
	name = append(name, spanID[:]...)
	return uuid.NewSHA1(decisionIDNamespace, name)
}

// uintValue reads a count from an int, double or numeric string attribute;
// anything negative, fractional-negative or unreadable counts as 0.
func uintValue(v pcommon.Value) uint64 {
	switch v.Type() {
	case pcommon.ValueTypeInt:
		return uint64(max(v.Int(), 0))
	case pcommon.ValueTypeDouble:
		if d := v.Double(); d > 0 && d < math.MaxUint64 {
			return uint64(d)
		}
	case pcommon.ValueTypeStr:
		if n, err := strconv.ParseUint(strings.TrimSpace(v.Str()), 10, 64); err == nil {
			return n
		}
		if d, err := strconv.ParseFloat(strings.TrimSpace(v.Str()), 64); err == nil && d > 0 && d < math.MaxUint64 {
			return uint64(d)
		}
	}
	return 0
}

// floatValue reads an amount from a double, int or numeric string
// attribute; anything unreadable or not finite counts as 0.
func floatValue(v pcommon.Value) float64 {
	var d float64
	switch v.Type() {
	case pcommon.ValueTypeDouble:
		d = v.Double()
	case pcommon.ValueTypeInt:
		d = float64(v.Int())
	case pcommon.ValueTypeStr:
		d, _ = strconv.ParseFloat(strings.TrimSpace(v.Str()), 64)
	}
	if math.IsNaN(d) || math.IsInf(d, 0) {
		return 0
	}
	return d
}

// stringsValue reads a list of strings from a slice attribute, or from a
// comma-separated string.
func stringsValue(v pcommon.Value) []string {
	switch v.Type() {
	case pcommon.ValueTypeSlice:
		s := v.Slice()
		out := make([]string, 0, s.Len())
		for _, e := range s.All() {
			out = append(out, e.AsString())
		}
		return out
	case pcommon.ValueTypeStr:
		if v.Str() == "" {
			return nil
		}
		out := strings.Split(v.Str(), ",")
		for i := range out {
			out[i] = strings.TrimSpace(out[i])
		}
		return out
	}
	return nil
}

// resourceServiceName returns the resource's service.name, "" without one.
func resourceServiceName(r pcommon.Resource) string {
	if v, ok := r.Attributes().Get(serviceNameKey); ok {
		return v.AsString()
	}
	return ""
}
