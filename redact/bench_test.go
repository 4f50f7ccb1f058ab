package redact

import (
	"testing"

	"go.opentelemetry.io/collector/pdata/ptrace"
)

// benchValues redacts the attribute values of one decision span per
// iteration.
func benchValues(b *testing.B, r *Redactor, pii bool) {
	attrs := decisionAttrs(pii)
	b.SetBytes(int64(attrsBytes(attrs)))
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		var sum Summary
		for _, a := range attrs {
			r.Value(a.key, a.value, &sum)
		}
	}
}

// BenchmarkDecisionSpanClean redacts a clean ~7.3 KB decision span: the
// target is 0 allocs/op.
func BenchmarkDecisionSpanClean(b *testing.B) { benchValues(b, Default(), false) }

// BenchmarkDecisionSpanPII redacts a decision span carrying an e-mail, a
// phone number, a card and an IBAN.
func BenchmarkDecisionSpanPII(b *testing.B) { benchValues(b, Default(), true) }

// BenchmarkTextProse scans the prose attributes only.
func BenchmarkTextProse(b *testing.B) {
	r := Default()
	text := systemPrompt + " " + reasoning
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		r.Text(text, nil)
	}
}

// BenchmarkJSONMessages redacts the clean gen_ai.input.messages value.
func BenchmarkJSONMessages(b *testing.B) {
	r := Default()
	v := messagesJSON("no contact data here")
	b.SetBytes(int64(len(v)))
	b.ReportAllocs()
	for b.Loop() {
		r.Value("gen_ai.input.messages", v, nil)
	}
}

// benchTraces redacts a batch of 1,000 decision spans, 10% with PII, copied
// fresh for each iteration (the copy is not timed).
func benchTraces(b *testing.B, pii bool) {
	r := Default()
	src := decisionTraces(1000, pii)
	b.SetBytes(int64(attrsBytes(decisionAttrs(false)) * 1000))
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		b.StopTimer()
		td := ptrace.NewTraces()
		src.CopyTo(td)
		b.StartTimer()
		r.Traces(td)
	}
}

// BenchmarkTraces1000Spans10PctPII is the batch: 1,000 ~7.3 KB
// decision spans, every tenth with PII. Divide ns/op by 1,000 for ns/span.
func BenchmarkTraces1000Spans10PctPII(b *testing.B) { benchTraces(b, true) }

// BenchmarkTraces1000SpansClean is the same batch with no PII: 0 allocs/op.
func BenchmarkTraces1000SpansClean(b *testing.B) { benchTraces(b, false) }
