package benchdata

import (
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"go.opentelemetry.io/collector/pdata/ptrace"
	"go.opentelemetry.io/otel/attribute"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"

	"github.com/otelaudit/otelaudit/semconv"
)

func TestSize(t *testing.T) {
	const n = 1000
	td := Traces(n, 0.1, 1)
	if got := td.SpanCount(); got != n {
		t.Fatalf("SpanCount = %d, want %d", got, n)
	}
	mean := float64(AttrBytes(td)) / n
	t.Logf("mean attribute bytes per span: %.0f", mean)
	if mean < 7000 || mean > 7600 {
		t.Errorf("mean span size %.0f bytes, want 7000..7600", mean)
	}
	if got := SpanAttrBytes(Spans(n, 0.1, 1)); got != AttrBytes(td) {
		t.Errorf("SpanAttrBytes = %d, AttrBytes = %d", got, AttrBytes(td))
	}
	// PII spans and clean spans are about the same size.
	var pii, clean, npii float64
	for _, span := range td.ResourceSpans().At(0).ScopeSpans().At(0).Spans().All() {
		one := ptrace.NewTraces()
		span.CopyTo(one.ResourceSpans().AppendEmpty().ScopeSpans().AppendEmpty().Spans().AppendEmpty())
		size := float64(AttrBytes(one))
		if carriesPII(spanText(span)) {
			pii += size
			npii++
		} else {
			clean += size
		}
	}
	pii, clean = pii/npii, clean/(n-npii)
	t.Logf("mean size: PII spans %.0f, clean spans %.0f", pii, clean)
	if pii/clean > 1.1 || clean/pii > 1.1 {
		t.Errorf("PII spans (%.0f bytes) and clean spans (%.0f bytes) differ by more than 10%%", pii, clean)
	}
}

func TestDeterministic(t *testing.T) {
	a, b := Traces(200, 0.1, 42), Traces(200, 0.1, 42)
	if !reflect.DeepEqual(marshal(t, a), marshal(t, b)) {
		t.Error("Traces with the same seed differ")
	}
	if reflect.DeepEqual(marshal(t, a), marshal(t, Traces(200, 0.1, 43))) {
		t.Error("Traces with different seeds are identical")
	}
	if !reflect.DeepEqual(LookAlikes(200, 0.1, 42), LookAlikes(200, 0.1, 42)) {
		t.Error("LookAlikes with the same seed differ")
	}
	sa, sb := Spans(50, 0.1, 42), Spans(50, 0.1, 42)
	for i := range sa {
		if !reflect.DeepEqual(spanView(sa[i]), spanView(sb[i])) {
			t.Fatalf("Spans with the same seed differ at %d", i)
		}
	}
}

// TestSpansMatchTraces checks that the SDK spans carry the same content as
// the pdata spans.
func TestSpansMatchTraces(t *testing.T) {
	td := Traces(100, 0.2, 7)
	spans := Spans(100, 0.2, 7)
	pspans := td.ResourceSpans().At(0).ScopeSpans().At(0).Spans()
	if len(spans) != pspans.Len() {
		t.Fatalf("len(Spans) = %d, Traces has %d", len(spans), pspans.Len())
	}
	for i, s := range spans {
		p := pspans.At(i)
		if s.SpanContext().TraceID() != [16]byte(p.TraceID()) || s.SpanContext().SpanID() != [8]byte(p.SpanID()) {
			t.Fatalf("span %d: ids differ", i)
		}
		if !s.StartTime().Equal(p.StartTimestamp().AsTime()) || !s.EndTime().Equal(p.EndTimestamp().AsTime()) {
			t.Fatalf("span %d: timestamps differ", i)
		}
		if s.Name() != p.Name() || len(s.Events()) != p.Events().Len() {
			t.Fatalf("span %d: name or events differ", i)
		}
		if got, want := len(s.Attributes()), p.Attributes().Len(); got != want {
			t.Fatalf("span %d: %d attributes, want %d", i, got, want)
		}
		for _, kv := range s.Attributes() {
			v, ok := p.Attributes().Get(string(kv.Key))
			if !ok || v.AsString() != kv.Value.Emit() {
				t.Fatalf("span %d: attribute %s differs", i, kv.Key)
			}
		}
		if got := s.Resource().Attributes(); len(got) == 0 {
			t.Fatalf("span %d: no resource", i)
		}
		if s.InstrumentationScope().Name != ScopeName {
			t.Fatalf("span %d: scope %q", i, s.InstrumentationScope().Name)
		}
	}
}

func TestPIICount(t *testing.T) {
	for _, tc := range []struct {
		n    int
		frac float64
	}{{1000, 0.1}, {100, 0}, {10, 1}, {7, 0.5}, {333, 0.25}} {
		t.Run(fmt.Sprintf("%d/%g", tc.n, tc.frac), func(t *testing.T) {
			td := Traces(tc.n, tc.frac, 3)
			want := PIICount(tc.n, tc.frac)
			got := 0
			for _, span := range td.ResourceSpans().At(0).ScopeSpans().At(0).Spans().All() {
				text := spanText(span)
				if !carriesPII(text) {
					continue
				}
				got++
				// Every PII span carries every kind.
				for _, pool := range [][]string{piiEmails, piiPhones, piiCards, piiIBANs, piiKeys, piiPasswords} {
					if !containsAny(text, pool) {
						t.Errorf("a PII span lacks any of %q", pool)
					}
				}
				if !strings.Contains(text, "password=") {
					t.Error("a PII span lacks a password= pair")
				}
			}
			if got != want {
				t.Errorf("%d spans carry PII, want %d", got, want)
			}
		})
	}
}

// TestPIIValues checks the planted values are what their detectors expect:
// cards pass Luhn, IBANs pass mod-97, gift card look-alikes fail Luhn.
func TestPIIValues(t *testing.T) {
	for _, c := range piiCards {
		if !luhnValid(c) {
			t.Errorf("card %q fails Luhn", c)
		}
	}
	for _, iban := range piiIBANs {
		if !ibanValid(iban) {
			t.Errorf("IBAN %q fails mod-97", iban)
		}
	}
	if ibanValid("GB82 WEST 1234 5698 7654 33") {
		t.Error("ibanValid accepts a bad check")
	}
	perSpan := LookAlikes(1000, 0.1, 1)
	if len(perSpan) != 1000 {
		t.Fatalf("LookAlikes: %d spans, want 1000", len(perSpan))
	}
	td := Traces(1000, 0.1, 1)
	var look []string
	for i, span := range td.ResourceSpans().At(0).ScopeSpans().At(0).Spans().All() {
		text := spanText(span)
		for _, v := range perSpan[i] {
			if !strings.Contains(text, v) {
				t.Fatalf("span %d lacks its look-alike %q", i, v)
			}
		}
		look = append(look, perSpan[i]...)
	}
	if len(look) < 20*1000 {
		t.Errorf("%d look-alikes in 1000 spans, want at least 20 a span", len(look))
	}
	gift := 0
	for _, v := range look {
		if strings.HasPrefix(v, "6035 ") {
			gift++
			if luhnValid(v) {
				t.Errorf("gift card look-alike %q passes Luhn", v)
			}
		}
		if containsAny(v, PII()) {
			t.Errorf("look-alike %q contains a PII value", v)
		}
	}
	if gift == 0 {
		t.Error("no gift card look-alikes")
	}
}

// TestJSON checks the JSON attributes are valid JSON of the GenAI shape.
func TestJSON(t *testing.T) {
	td := Traces(50, 0.5, 9)
	for _, span := range td.ResourceSpans().At(0).ScopeSpans().At(0).Spans().All() {
		for _, k := range []attribute.Key{semconv.GenAIInputMessagesKey, semconv.GenAIOutputMessagesKey} {
			v, _ := span.Attributes().Get(string(k))
			var msgs []message
			if err := jsonUnmarshal(v.Str(), &msgs); err != nil {
				t.Fatalf("%s: %v", k, err)
			}
			if len(msgs) == 0 || len(msgs[0].Parts) == 0 || msgs[0].Role == "" {
				t.Fatalf("%s: unexpected shape %s", k, v.Str())
			}
		}
		v, _ := span.Attributes().Get(string(semconv.GenAIToolCallArgumentsKey))
		var args map[string]any
		if err := jsonUnmarshal(v.Str(), &args); err != nil {
			t.Fatalf("tool arguments: %v", err)
		}
	}
}

func carriesPII(text string) bool { return containsAny(text, PII()) }

func containsAny(s string, subs []string) bool {
	for _, sub := range subs {
		if strings.Contains(s, sub) {
			return true
		}
	}
	return false
}

// spanText is every string in a span's attributes and events.
func spanText(span ptrace.Span) string {
	var b strings.Builder
	for _, v := range span.Attributes().All() {
		b.WriteString(v.AsString())
		b.WriteByte('\n')
	}
	for _, ev := range span.Events().All() {
		for _, v := range ev.Attributes().All() {
			b.WriteString(v.AsString())
			b.WriteByte('\n')
		}
	}
	return b.String()
}

func marshal(t *testing.T, td ptrace.Traces) []byte {
	t.Helper()
	b, err := (&ptrace.ProtoMarshaler{}).MarshalTraces(td)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func spanView(s sdktrace.ReadOnlySpan) []any {
	return []any{s.Name(), s.SpanContext(), s.StartTime(), s.EndTime(), s.Attributes(), s.Events()}
}

func jsonUnmarshal(s string, v any) error { return json.Unmarshal([]byte(s), v) }

// ibanValid reports whether s (spaces ignored) passes the IBAN mod-97 check.
func ibanValid(s string) bool {
	var b []byte
	for i := 0; i < len(s); i++ {
		if s[i] != ' ' {
			b = append(b, s[i])
		}
	}
	if len(b) < 5 {
		return false
	}
	b = append(b[4:], b[:4]...)
	rem := 0
	for _, c := range b {
		switch {
		case c >= '0' && c <= '9':
			rem = (rem*10 + int(c-'0')) % 97
		case c >= 'A' && c <= 'Z':
			rem = (rem*100 + int(c-'A') + 10) % 97
		default:
			return false
		}
	}
	return rem == 1
}
