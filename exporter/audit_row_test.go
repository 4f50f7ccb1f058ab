package exporter

import (
	"reflect"
	"testing"
	"time"

	"github.com/google/uuid"
	"go.opentelemetry.io/collector/pdata/pcommon"
	"go.opentelemetry.io/collector/pdata/ptrace"
)

// rowOf returns the row of a pdata span.
func rowOf(span ptrace.Span) *spanRow {
	r := new(spanRow)
	r.fromSpan(new(stringArena), span)
	return r
}

// attrOf returns v as a row attribute.
func attrOf(v pcommon.Value) *rowAttr {
	m := pcommon.NewMap()
	v.CopyTo(m.PutEmpty("k"))
	return &appendAttrs(nil, m)[0]
}

func TestNewAuditRow(t *testing.T) {
	spans := sampleTraces().ResourceSpans().At(0).ScopeSpans().At(0).Spans()
	d := spans.At(0)
	if !rowOf(d).isDecision() || rowOf(spans.At(1)).isDecision() || rowOf(spans.At(2)).isDecision() {
		t.Fatal("isDecision: want only the invoke_agent span")
	}
	got := newAuditRow("support-bot", rowOf(d), &attrMap{})
	want := auditRow{
		DecisionID:     uuid.MustParse(sampleDecisionID),
		Timestamp:      sampleStart,
		TraceID:        "4bf92f3577b34da6a3ce929d0e0e4736",
		SpanID:         "00f067aa0ba90201",
		SessionID:      "conv-42",
		UserID:         "user-hash-1",
		AgentName:      "refund-agent",
		AgentVersion:   "2.3.1",
		AgentID:        "agent-7",
		ServiceName:    "support-bot",
		Operation:      "invoke_agent",
		Provider:       "openai",
		RequestModel:   "gpt-4o",
		ResponseModel:  "gpt-4o-2024-08-06",
		Input:          "Refund order 1234?",
		Reasoning:      "Order within 30 days; policy allows.",
		Output:         "Refund approved.",
		Outcome:        "success",
		StatusCode:     "Error",
		ErrorType:      "RateLimited",
		ErrorMessage:   "upstream 429",
		DurationNs:     uint64(1500*time.Millisecond + 7),
		InputTokens:    1200,
		OutputTokens:   345,
		CostUSD:        0.01234,
		RedactionCount: 2,
		RedactionKinds: []string{"email", "card"},
		Variant:        "B",
	}
	gotAttrs := got.Attributes.asMap()
	got.Attributes, want.Attributes = nil, nil
	if !got.Timestamp.Equal(want.Timestamp) {
		t.Errorf("Timestamp = %v, want %v", got.Timestamp, want.Timestamp)
	}
	got.Timestamp = want.Timestamp
	if !reflect.DeepEqual(got, want) {
		t.Errorf("row =\n%+v\nwant\n%+v", got, want)
	}
	wantAttrs := map[string]string{"tenant": "acme", "retried": "true"}
	if !reflect.DeepEqual(gotAttrs, wantAttrs) {
		t.Errorf("Attributes = %v, want %v (only attributes without a column)", gotAttrs, wantAttrs)
	}
}

func TestAuditRowDeprecatedNames(t *testing.T) {
	span := ptrace.NewSpan()
	a := span.Attributes()
	a.PutStr("gen_ai.operation.name", "invoke_agent")
	a.PutStr("gen_ai.system", "anthropic")
	a.PutInt("gen_ai.usage.prompt_tokens", 11)
	a.PutInt("gen_ai.usage.completion_tokens", 22)
	a.PutInt("gen_ai.openai.request.seed", 7)
	r := newAuditRow("", rowOf(span), &attrMap{})
	if r.Provider != "anthropic" || r.InputTokens != 11 || r.OutputTokens != 22 {
		t.Errorf("provider/tokens = %q %d %d", r.Provider, r.InputTokens, r.OutputTokens)
	}
	if got := r.Attributes.asMap(); !reflect.DeepEqual(got, map[string]string{"gen_ai.request.seed": "7"}) {
		t.Errorf("Attributes = %v, want the seed under its standard name", got)
	}
}

func TestDecisionUUID(t *testing.T) {
	tid := pcommon.TraceID{1, 2, 3}
	sid := pcommon.SpanID{4, 5, 6}
	derived := decisionUUID("", traceIDHex(tid), spanIDHex(sid))
	tests := []struct {
		name string
		id   string
		tid  pcommon.TraceID
		sid  pcommon.SpanID
		want uuid.UUID
	}{
		{name: "uuid kept", id: sampleDecisionID, tid: tid, sid: sid, want: uuid.MustParse(sampleDecisionID)},
		{name: "uppercase uuid kept", id: "8F14E45F-CEEA-4670-A1C5-3B8E9B1F0C2D", tid: tid, sid: sid, want: uuid.MustParse(sampleDecisionID)},
		{name: "missing: from ids, stable", id: "", tid: tid, sid: sid, want: derived},
		{name: "not a uuid: from the id", id: "order-1234", tid: tid, sid: sid, want: uuid.NewSHA1(decisionIDNamespace, []byte("order-1234"))},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := decisionUUID(tt.id, traceIDHex(tt.tid), spanIDHex(tt.sid)); got != tt.want {
				t.Errorf("decisionUUID(%q) = %s, want %s", tt.id, got, tt.want)
			}
		})
	}
	if derived == decisionUUID("", traceIDHex(tid), spanIDHex(pcommon.SpanID{4, 5, 7})) {
		t.Error("different spans derived the same id")
	}
	if derived.Version() != 5 {
		t.Errorf("derived id version = %d, want 5", derived.Version())
	}
}

func TestNumericAttributes(t *testing.T) {
	val := func(set func(pcommon.Value)) pcommon.Value { v := pcommon.NewValueEmpty(); set(v); return v }
	tests := []struct {
		name  string
		v     pcommon.Value
		count uint64
		cost  float64
	}{
		{"int", pcommon.NewValueInt(12), 12, 12},
		{"negative int", pcommon.NewValueInt(-3), 0, -3},
		{"double", pcommon.NewValueDouble(2.75), 2, 2.75},
		{"string int", pcommon.NewValueStr(" 42 "), 42, 42},
		{"string float", pcommon.NewValueStr("0.5"), 0, 0.5},
		{"garbage", pcommon.NewValueStr("lots"), 0, 0},
		{"bool", pcommon.NewValueBool(true), 0, 0},
		{"empty", val(func(pcommon.Value) {}), 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := uintValue(attrOf(tt.v)); got != tt.count {
				t.Errorf("uintValue = %d, want %d", got, tt.count)
			}
			if got := floatValue(attrOf(tt.v)); got != tt.cost {
				t.Errorf("floatValue = %v, want %v", got, tt.cost)
			}
		})
	}
	if got := stringsValue(attrOf(pcommon.NewValueStr("email, card"))); !reflect.DeepEqual(got, []string{"email", "card"}) {
		t.Errorf("stringsValue(comma list) = %q", got)
	}
	if got := stringsValue(attrOf(pcommon.NewValueStr(""))); got != nil {
		t.Errorf("stringsValue(\"\") = %q", got)
	}
}
