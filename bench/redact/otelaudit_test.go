package redactbench

import (
	"testing"

	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	"github.com/otelaudit/otelaudit/internal/benchdata"
	"github.com/otelaudit/otelaudit/redact"
	"github.com/otelaudit/otelaudit/redact/redactproc"
)

// TestOtelauditPII checks that otelaudit's default redaction, on pdata and
// in the SDK processor, leaves none of the planted personal data and
// destroys none of the look-alikes.
func TestOtelauditPII(t *testing.T) {
	in := pdataTexts(Batch())
	t.Run("pdata", func(t *testing.T) {
		td := Copy()
		redact.Default().Traces(td)
		check(t, "otelaudit-pdata", compare(in, pdataTexts(td)))
	})
	t.Run("sdk", func(t *testing.T) {
		rec := tracetest.NewSpanRecorder()
		p := redactproc.New(rec, redact.Default())
		for _, s := range SDKSpans() {
			p.OnEnd(s)
		}
		var out []sdktrace.ReadOnlySpan = rec.Ended()
		if len(out) != BatchSpans {
			t.Fatalf("%d spans reached the next processor, want %d", len(out), BatchSpans)
		}
		check(t, "otelaudit-sdk", compare(sdkTexts(SDKSpans()), sdkTexts(out)))
	})
}

func check(t *testing.T, name string, r outcome) {
	t.Helper()
	r.log(t, name)
	if n := r.leaked(); n > 0 {
		t.Errorf("%s: %d (span, planted value) pairs survive redaction", name, n)
	}
	if n := r.lost(); n > 0 {
		t.Errorf("%s: %d look-alike occurrences were redacted", name, n)
	}
}

// TestCleanSpansDoNotAllocate checks the target: redacting a span
// with nothing to redact allocates nothing, on pdata and in the SDK
// processor. Clean spans are not modified, so the same input serves every
// run.
func TestCleanSpansDoNotAllocate(t *testing.T) {
	const n = 100
	r := redact.Default()
	td := benchdata.Traces(n, 0, Seed)
	if got := testing.AllocsPerRun(5, func() { r.Traces(td) }); got != 0 {
		t.Errorf("pdata: %.1f allocations per batch of %d clean spans, want 0", got, n)
	}
	spans := benchdata.Spans(n, 0, Seed)
	p := redactproc.New(discard{}, r)
	if got := testing.AllocsPerRun(5, func() {
		for _, s := range spans {
			p.OnEnd(s)
		}
	}); got != 0 {
		t.Errorf("sdk: %.1f allocations per batch of %d clean spans, want 0", got, n)
	}
}
