package exporter

import (
	"context"
	"errors"
	"sync"

	sdktrace "go.opentelemetry.io/otel/sdk/trace"
)

// ErrShutdown is returned by ExportSpans after Shutdown.
var ErrShutdown = errors.New("exporter: span exporter is shut down")

// SpanExporter is an OpenTelemetry Go SDK span exporter writing into
// ClickHouse through a Writer.
type SpanExporter struct {
	w *Writer

	mu       sync.Mutex
	stopped  bool
	inflight sync.WaitGroup
	stopOnce sync.Once
}

var _ sdktrace.SpanExporter = (*SpanExporter)(nil)

// New connects to ClickHouse, creates the schema if needed and returns an
// exporter ready for an sdktrace.BatchSpanProcessor.
func New(ctx context.Context, opts ...Option) (*SpanExporter, error) {
	w, err := NewWriter(ctx, opts...)
	if err != nil {
		return nil, err
	}
	return &SpanExporter{w: w}, nil
}

// ExportSpans writes spans into the traces table and the decision spans
// among them into the audit table.
func (e *SpanExporter) ExportSpans(ctx context.Context, spans []sdktrace.ReadOnlySpan) error {
	e.mu.Lock()
	if e.stopped {
		e.mu.Unlock()
		return ErrShutdown
	}
	e.inflight.Add(1)
	e.mu.Unlock()
	defer e.inflight.Done()

	if len(spans) == 0 {
		return nil
	}
	return e.w.WriteTraces(ctx, SpansToTraces(spans))
}

// Shutdown stops accepting spans, waits for exports in progress and closes
// the Writer. It runs once; it returns ctx's error if ctx ends first (the
// Writer is then closed in the background once exports finish). Later
// calls return nil.
func (e *SpanExporter) Shutdown(ctx context.Context) error {
	var err error
	e.stopOnce.Do(func() {
		e.mu.Lock()
		e.stopped = true
		e.mu.Unlock()

		done := make(chan error, 1)
		go func() {
			e.inflight.Wait()
			done <- e.w.Close()
		}()
		select {
		case err = <-done:
		case <-ctx.Done():
			err = ctx.Err()
		}
	})
	return err
}
