package redactproc

import (
	"context"
	"errors"
	"strings"
	"testing"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"go.opentelemetry.io/otel/trace"

	"github.com/otelaudit/otelaudit/redact"
	"github.com/otelaudit/otelaudit/semconv"
)

// record makes one ended span with fn on a provider whose only processor is
// a redacting Processor in front of the returned recorder.
func record(t *testing.T, r *redact.Redactor, fn func(trace.Span)) (after sdktrace.ReadOnlySpan) {
	t.Helper()
	next := tracetest.NewSpanRecorder()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(New(next, r)))
	defer func() { _ = tp.Shutdown(context.Background()) }()
	_, span := tp.Tracer("test").Start(context.Background(), "invoke_agent support-agent")
	fn(span)
	span.End()
	ended := next.Ended()
	if len(ended) != 1 {
		t.Fatalf("next processor got %d spans, want 1", len(ended))
	}
	return ended[0]
}

func attrs(s sdktrace.ReadOnlySpan) map[attribute.Key]attribute.Value {
	m := map[attribute.Key]attribute.Value{}
	for _, kv := range s.Attributes() {
		m[kv.Key] = kv.Value
	}
	return m
}

func TestRedactsEverythingTheSpanCarries(t *testing.T) {
	const email, card = "ada.lovelace@example.com", "4111 1111 1111 1111"
	got := record(t, redact.Default(), func(s trace.Span) {
		s.SetAttributes(
			semconv.AuditDecisionInput("Refund to "+card+" and mail "+email),
			semconv.AuditDecisionID("0193a4c2-0000-7000-8000-000000000001"),
			semconv.GenAIUsageInputTokens(42),
			attribute.StringSlice("tags", []string{"vip", email}),
		)
		s.AddEvent("note", trace.WithAttributes(attribute.String("text", "call "+email)))
		s.AddLink(trace.Link{Attributes: []attribute.KeyValue{attribute.String("why", email)}})
		s.SetStatus(codes.Error, "mail to "+email+" bounced")
	})

	all := dump(got)
	for _, secret := range []string{email, card, "4111111111111111"} {
		if strings.Contains(all, secret) {
			t.Errorf("%q reached the next processor:\n%s", secret, all)
		}
	}
	a := attrs(got)
	if a[semconv.AuditDecisionIDKey].AsString() != "0193a4c2-0000-7000-8000-000000000001" || a[semconv.GenAIUsageInputTokensKey].AsInt64() != 42 {
		t.Errorf("untouched attributes changed: %v", a)
	}
	if n := a[semconv.AuditRedactionCountKey].AsInt64(); n != 6 {
		t.Errorf("audit.redaction.count = %d, want 6", n)
	}
	if kinds := a[semconv.AuditRedactionKindsKey].AsStringSlice(); strings.Join(kinds, ",") != "card,email" {
		t.Errorf("audit.redaction.kinds = %v, want [card email]", kinds)
	}
	if got.Status().Code != codes.Error || !strings.Contains(got.Status().Description, "bounced") {
		t.Errorf("status = %+v", got.Status())
	}
}

// dump renders every string a span carries, for leak checks.
func dump(s sdktrace.ReadOnlySpan) string {
	var b strings.Builder
	for _, kv := range s.Attributes() {
		b.WriteString(kv.Value.Emit() + "\n")
	}
	for _, ev := range s.Events() {
		for _, kv := range ev.Attributes {
			b.WriteString(kv.Value.Emit() + "\n")
		}
	}
	for _, l := range s.Links() {
		for _, kv := range l.Attributes {
			b.WriteString(kv.Value.Emit() + "\n")
		}
	}
	b.WriteString(s.Status().Description)
	return b.String()
}

func TestCleanSpanPassesUnchangedWithoutAllocating(t *testing.T) {
	spans := tracetest.NewSpanRecorder()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(spans))
	_, s := tp.Tracer("test").Start(context.Background(), "chat gpt-4o")
	s.SetAttributes(semconv.AuditDecisionInput("Where is my order? It was due on 2026-12-01, order 12345, total $19.99."),
		semconv.GenAIRequestModel("gpt-4o"), semconv.GenAIUsageInputTokens(7))
	s.AddEvent("retry", trace.WithAttributes(attribute.String("reason", "timeout after 30s")))
	s.End()
	_ = tp.Shutdown(context.Background())
	clean := spans.Ended()[0]

	p := New(tracetest.NewSpanRecorder(), redact.Default())
	if got := p.Redact(clean); got != clean {
		t.Fatal("a span with nothing to redact was copied")
	}
	if n := testing.AllocsPerRun(100, func() { p.Redact(clean) }); n != 0 {
		t.Errorf("Redact allocates %.0f times for a clean span, want 0", n)
	}
}

func TestKeyRulesDropAndPseudonymize(t *testing.T) {
	key, err := redact.NewKey("k1", []byte("0123456789abcdef0123456789abcdef"))
	if err != nil {
		t.Fatal(err)
	}
	r, err := redact.New(redact.Config{Key: key, KeyRules: []redact.KeyRule{
		{Key: "user.id", Action: redact.Pseudonymize},
		{Key: "http.request.header.*", Action: redact.Drop},
	}})
	if err != nil {
		t.Fatal(err)
	}
	got := attrs(record(t, r, func(s trace.Span) {
		s.SetAttributes(semconv.UserID("cust-001"), attribute.String("http.request.header.cookie", "sid=abc"))
	}))
	if _, ok := got["http.request.header.cookie"]; ok {
		t.Error("a dropped attribute reached the next processor")
	}
	user := got[semconv.UserIDKey].AsString()
	if user == "cust-001" || user == "" || user != r.Pseudonym("user.id", "cust-001") && !strings.Contains(user, "k1") {
		t.Errorf("user.id = %q, want a keyed pseudonym", user)
	}
}

type failingNext struct{ *tracetest.SpanRecorder }

func (failingNext) Shutdown(context.Context) error { return errors.New("disk full") }

func TestShutdownRunsOnce(t *testing.T) {
	p := New(failingNext{tracetest.NewSpanRecorder()}, redact.Default())
	err := p.Shutdown(context.Background())
	if err == nil || !strings.Contains(err.Error(), "disk full") {
		t.Fatalf("Shutdown error = %v", err)
	}
	if again := p.Shutdown(context.Background()); again != err {
		t.Errorf("second Shutdown = %v, want the first result", again)
	}
}
