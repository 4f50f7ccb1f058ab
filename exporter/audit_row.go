package exporter

import (
	"encoding/hex"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"
	"go.opentelemetry.io/collector/pdata/pcommon"

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

// newAuditRow maps a decision span to its audit row. Attributes with a
// column of their own fill it (deprecated GenAI names are accepted); the
// others are added to attrs, the row's Attributes, under their standard
// names. The row is returned by value, not filled through a pointer: the
// stores into a local need no write barriers while the GC runs.
func newAuditRow(serviceName string, span *spanRow, attrs *attrMap) auditRow {
	r := auditRow{
		Timestamp:    time.Unix(0, int64(span.start)).UTC(),
		TraceID:      span.traceID,
		SpanID:       span.spanID,
		ServiceName:  serviceName,
		StatusCode:   span.statusCode,
		ErrorMessage: span.statusMessage,
		DurationNs:   span.duration(),
		Attributes:   attrs,
	}
	var decisionID string
	for i := range span.attrs {
		a := &span.attrs[i]
		switch semconv.Canonical(a.key) {
		case string(semconv.AuditDecisionIDKey):
			decisionID = a.value
		case string(semconv.GenAIConversationIDKey):
			r.SessionID = a.value
		case string(semconv.UserIDKey):
			r.UserID = a.value
		case string(semconv.GenAIAgentNameKey):
			r.AgentName = a.value
		case string(semconv.GenAIAgentVersionKey):
			r.AgentVersion = a.value
		case string(semconv.GenAIAgentIDKey):
			r.AgentID = a.value
		case string(semconv.GenAIOperationNameKey):
			r.Operation = a.value
		case string(semconv.GenAIProviderNameKey):
			r.Provider = a.value
		case string(semconv.GenAIRequestModelKey):
			r.RequestModel = a.value
		case string(semconv.GenAIResponseModelKey):
			r.ResponseModel = a.value
		case string(semconv.AuditDecisionInputKey):
			r.Input = a.value
		case string(semconv.AuditReasoningKey):
			r.Reasoning = a.value
		case string(semconv.AuditDecisionOutputKey):
			r.Output = a.value
		case string(semconv.AuditDecisionOutcomeKey):
			r.Outcome = a.value
		case string(semconv.ErrorTypeKey):
			r.ErrorType = a.value
		case string(semconv.GenAIUsageInputTokensKey):
			r.InputTokens = uintValue(a)
		case string(semconv.GenAIUsageOutputTokensKey):
			r.OutputTokens = uintValue(a)
		case string(semconv.AuditCostUSDKey):
			r.CostUSD = floatValue(a)
		case string(semconv.AuditRedactionCountKey):
			r.RedactionCount = uint32(min(uintValue(a), math.MaxUint32))
		case string(semconv.AuditRedactionKindsKey):
			r.RedactionKinds = stringsValue(a)
		case string(semconv.AuditVariantKey):
			r.Variant = a.value
		default:
			r.Attributes.add(semconv.Canonical(a.key), a.value)
		}
	}
	r.DecisionID = decisionUUID(decisionID, span.traceID, span.spanID)
	return r
}

// decisionUUID returns the decision's id: audit.decision.id when it is a
// UUID, else a UUID derived from it, else one derived from the span's trace
// and span ids (given in hex). Derived ids are deterministic, so a re-sent
// span keeps its id.
func decisionUUID(id, traceIDHex, spanIDHex string) uuid.UUID {
	if id != "" {
		if u, err := uuid.Parse(id); err == nil {
			return u
		}
		return uuid.NewSHA1(decisionIDNamespace, []byte(id))
	}
	var name [16 + 8]byte
	_, _ = hex.Decode(name[:16], []byte(traceIDHex))
	_, _ = hex.Decode(name[16:], []byte(spanIDHex))
	return uuid.NewSHA1(decisionIDNamespace, name[:])
}

// uintValue reads a count from an int, double or numeric string attribute;
// anything negative, fractional-negative or unreadable counts as 0.
func uintValue(a *rowAttr) uint64 {
	switch a.typ {
	case pcommon.ValueTypeInt:
		return uint64(max(a.i, 0))
	case pcommon.ValueTypeDouble:
		if d := a.d; d > 0 && d < math.MaxUint64 {
			return uint64(d)
		}
	case pcommon.ValueTypeStr:
		if n, err := strconv.ParseUint(strings.TrimSpace(a.value), 10, 64); err == nil {
			return n
		}
		if d, err := strconv.ParseFloat(strings.TrimSpace(a.value), 64); err == nil && d > 0 && d < math.MaxUint64 {
			return uint64(d)
		}
	}
	return 0
}

// floatValue reads an amount from a double, int or numeric string
// attribute; anything unreadable or not finite counts as 0.
func floatValue(a *rowAttr) float64 {
	var d float64
	switch a.typ {
	case pcommon.ValueTypeDouble:
		d = a.d
	case pcommon.ValueTypeInt:
		d = float64(a.i)
	case pcommon.ValueTypeStr:
		d, _ = strconv.ParseFloat(strings.TrimSpace(a.value), 64)
	}
	if math.IsNaN(d) || math.IsInf(d, 0) {
		return 0
	}
	return d
}

// stringsValue reads a list of strings from a slice attribute, or from a
// comma-separated string.
func stringsValue(a *rowAttr) []string {
	switch a.typ {
	case pcommon.ValueTypeSlice:
		return a.list
	case pcommon.ValueTypeStr:
		if a.value == "" {
			return nil
		}
		out := strings.Split(a.value, ",")
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
