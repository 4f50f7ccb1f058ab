package exporter

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/trace"

	"github.com/otelaudit/otelaudit/semconv"
)

func TestSpanExporterEndToEnd(t *testing.T) {
	srv := needEngine(t)
	const db = "sdk_e2e"
	exp, err := New(context.Background(), WithEndpoint(srv.URL()), WithDatabase(db))
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	tp := sdktrace.NewTracerProvider(sdktrace.WithSyncer(exp))
	tr := tp.Tracer("otelaudit/test")
	ctx, d := tr.Start(context.Background(), "invoke_agent triage")
	_, c := tr.Start(ctx, "chat gpt-4o", trace.WithSpanKind(trace.SpanKindClient))
	c.SetAttributes(semconv.GenAIOperationName(semconv.OperationChat))
	c.End()
	d.SetAttributes(
		semconv.GenAIOperationName(semconv.OperationInvokeAgent),
		semconv.GenAIAgentName("triage"),
		semconv.GenAIConversationID("s-1"),
		semconv.GenAIUsageInputTokens(10),
		semconv.AuditCostUSD(0.5),
		semconv.AuditRedactionKinds("email"),
	)
	d.End()
	if err := tp.Shutdown(context.Background()); err != nil {
		t.Fatalf("TracerProvider.Shutdown (exports and shuts the exporter down): %v", err)
	}

	conn := openReader(t)
	if n := len(readTraces(t, conn, db, "otel_traces")); n != 2 {
		t.Errorf("otel_traces rows = %d, want 2", n)
	}
	audit := readAudit(t, conn, db, "audit_decisions")
	if len(audit) != 1 {
		t.Fatalf("audit rows = %d, want 1", len(audit))
	}
	a := audit[0]
	sc := d.SpanContext()
	if a.AgentName != "triage" || a.SessionID != "s-1" || a.InputTokens != 10 || a.CostUSD != 0.5 ||
		a.TraceID != sc.TraceID().String() || a.SpanID != sc.SpanID().String() || len(a.RedactionKinds) != 1 {
		t.Errorf("audit row = %+v", a)
	}

	if err := exp.ExportSpans(context.Background(), nil); !errors.Is(err, ErrShutdown) {
		t.Errorf("export after shutdown = %v, want ErrShutdown", err)
	}
	if err := exp.Shutdown(context.Background()); err != nil {
		t.Errorf("second Shutdown = %v, want nil", err)
	}
}

func TestSpanExporterShutdownHonoursContext(t *testing.T) {
	srv := needEngine(t)
	exp, err := New(context.Background(), WithEndpoint(srv.URL()), WithDatabase("sdk_ctx"))
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	// An export in progress holds Shutdown until it finishes or ctx ends.
	exp.mu.Lock()
	exp.inflight.Add(1)
	exp.mu.Unlock()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := exp.Shutdown(ctx); !errors.Is(err, context.Canceled) {
		t.Errorf("Shutdown with a cancelled context = %v, want context.Canceled", err)
	}
	exp.inflight.Done() // the writer now closes in the background
	if err := exp.ExportSpans(context.Background(), nil); !errors.Is(err, ErrShutdown) {
		t.Errorf("export after shutdown = %v, want ErrShutdown", err)
	}
	waitClosed(t, exp.w)
}

// waitClosed waits until w is closed.
func waitClosed(t *testing.T, w *Writer) {
	t.Helper()
	for range 1000 {
		w.mu.RLock()
		closed := w.closed
		w.mu.RUnlock()
		if closed {
			return
		}
		time.Sleep(time.Millisecond)
	}
	t.Error("writer not closed after shutdown")
}

func TestSpanExporterConcurrent(t *testing.T) {
	srv := needEngine(t)
	const db = "sdk_conc"
	exp, err := New(context.Background(), WithEndpoint(srv.URL()), WithDatabase(db))
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	tp := sdktrace.NewTracerProvider(sdktrace.WithBatcher(exp))
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Go(func() {
			tr := tp.Tracer("t")
			for range 25 {
				_, s := tr.Start(context.Background(), "invoke_agent a")
				s.SetAttributes(semconv.GenAIOperationName(semconv.OperationInvokeAgent), semconv.UserID(string(rune('a'+g))))
				s.End()
			}
		})
	}
	wg.Wait()
	if err := tp.Shutdown(context.Background()); err != nil {
		t.Fatal(err)
	}
	conn := openReader(t)
	var n uint64
	if err := conn.QueryRow(context.Background(), "SELECT count() FROM `sdk_conc`.`audit_decisions`").Scan(&n); err != nil {
		t.Fatal(err)
	}
	if n != 100 {
		t.Errorf("audit rows = %d, want 100", n)
	}
}
