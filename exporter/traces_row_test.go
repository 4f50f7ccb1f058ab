package exporter

import (
	"maps"
	"reflect"
	"testing"
	"time"

	"go.opentelemetry.io/collector/pdata/pcommon"
	"go.opentelemetry.io/collector/pdata/ptrace"
)

func TestNewTraceRow(t *testing.T) {
	td := sampleTraces()
	rs := td.ResourceSpans().At(0)
	ss := rs.ScopeSpans().At(0)
	res := newResourceInfo(rs.Resource())
	r := newTraceRow(res, ss.Scope(), ss.Spans().At(0))

	checks := []struct {
		name      string
		got, want any
	}{
		{"Timestamp", r.Timestamp, sampleStart},
		{"TraceId", r.TraceID, "4bf92f3577b34da6a3ce929d0e0e4736"},
		{"SpanId", r.SpanID, "00f067aa0ba90201"},
		{"ParentSpanId", r.ParentSpanID, "00f067aa0ba90209"},
		{"TraceState", r.TraceState, "vendor=value"},
		{"SpanName", r.SpanName, "invoke_agent refund-agent"},
		{"SpanKind", r.SpanKind, "Internal"},
		{"ServiceName", r.ServiceName, "support-bot"},
		{"ScopeName", r.ScopeName, "github.com/otelaudit/otelaudit"},
		{"ScopeVersion", r.ScopeVersion, "0.1.0"},
		{"Duration", r.Duration, uint64(1500*time.Millisecond + 7)},
		{"StatusCode", r.StatusCode, "Error"},
		{"StatusMessage", r.StatusMessage, "upstream 429"},
		{"Events.Timestamp", r.EventsTimestamp, []time.Time{sampleStart.Add(time.Millisecond + 1), sampleStart.Add(2*time.Millisecond + 3)}},
		{"Events.Name", r.EventsName, []string{"retry", "done"}},
		{"Links.TraceId", r.LinksTraceID, []string{"aa0102030405060708090a0b0c0d0e0f"}},
		{"Links.SpanId", r.LinksSpanID, []string{"bb01020304050607"}},
		{"Links.TraceState", r.LinksTraceState, []string{"k=v"}},
		{"ResourceAttributes", r.ResourceAttributes.asMap(), map[string]string{"service.name": "support-bot", "deployment.environment.name": "prod"}},
		{"Events.Attributes[0]", r.EventsAttributes[0].(*attrMap).asMap(), map[string]string{"attempt": "2"}},
		{"Events.Attributes[1]", r.EventsAttributes[1].(*attrMap).asMap(), map[string]string{}},
		{"Links.Attributes[0]", r.LinksAttributes[0].(*attrMap).asMap(), map[string]string{"link.reason": "follows"}},
	}
	for _, c := range checks {
		t.Run(c.name, func(t *testing.T) {
			if tm, ok := c.want.(time.Time); ok {
				if !tm.Equal(c.got.(time.Time)) {
					t.Errorf("got %v, want %v", c.got, c.want)
				}
				return
			}
			if !reflect.DeepEqual(c.got, c.want) {
				t.Errorf("got %#v, want %#v", c.got, c.want)
			}
		})
	}

	attrs := r.SpanAttributes.asMap()
	for k, want := range map[string]string{
		"gen_ai.usage.input_tokens": "1200",
		"audit.cost.usd":            "0.01234",
		"audit.redaction.kinds":     `["email","card"]`,
		"retried":                   "true",
		"gen_ai.system":             "openai", // the traces table keeps names as sent
	} {
		if attrs[k] != want {
			t.Errorf("SpanAttributes[%s] = %q, want %q", k, attrs[k], want)
		}
	}
	if len(attrs) != ss.Spans().At(0).Attributes().Len() {
		t.Errorf("SpanAttributes has %d entries, span has %d", len(attrs), ss.Spans().At(0).Attributes().Len())
	}
	if got := len(r.values()); got != 22 {
		t.Errorf("values() has %d columns, want 22", got)
	}
}

func TestNewTraceRowEmpty(t *testing.T) {
	span := ptrace.NewSpan()
	span.SetStartTimestamp(10)
	span.SetEndTimestamp(5) // end before start
	r := newTraceRow(newResourceInfo(pcommon.NewResource()), pcommon.NewInstrumentationScope(), span)
	if r.TraceID != "" || r.SpanID != "" || r.ParentSpanID != "" {
		t.Errorf("empty ids rendered as %q %q %q", r.TraceID, r.SpanID, r.ParentSpanID)
	}
	if r.Duration != 0 {
		t.Errorf("duration = %d, want 0", r.Duration)
	}
	if r.SpanKind != "Unspecified" || r.StatusCode != "Unset" {
		t.Errorf("kind/status = %q/%q", r.SpanKind, r.StatusCode)
	}
	if r.EventsName != nil || r.LinksTraceID != nil {
		t.Error("empty events or links allocated")
	}
	if r.ServiceName != "" || len(r.SpanAttributes.asMap()) != 0 {
		t.Errorf("service %q attrs %v", r.ServiceName, r.SpanAttributes.asMap())
	}
}

func TestSpanKindAndStatusNames(t *testing.T) {
	// The contrib exporter stores pdata's names; so must we.
	kinds := map[ptrace.SpanKind]string{
		ptrace.SpanKindUnspecified: "Unspecified", ptrace.SpanKindInternal: "Internal",
		ptrace.SpanKindServer: "Server", ptrace.SpanKindClient: "Client",
		ptrace.SpanKindProducer: "Producer", ptrace.SpanKindConsumer: "Consumer",
	}
	for k, want := range kinds {
		span := ptrace.NewSpan()
		span.SetKind(k)
		if got := newTraceRow(resourceInfo{attributes: &attrMap{}}, pcommon.NewInstrumentationScope(), span).SpanKind; got != want {
			t.Errorf("kind %d = %q, want %q", k, got, want)
		}
	}
	codes := map[ptrace.StatusCode]string{ptrace.StatusCodeUnset: "Unset", ptrace.StatusCodeOk: "Ok", ptrace.StatusCodeError: "Error"}
	got := map[ptrace.StatusCode]string{}
	for c := range maps.Keys(codes) {
		got[c] = c.String()
	}
	if !reflect.DeepEqual(got, codes) {
		t.Errorf("status names = %v, want %v", got, codes)
	}
}
