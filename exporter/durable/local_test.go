package durable

import (
	"context"
	"testing"

	sdktrace "go.opentelemetry.io/otel/sdk/trace"

	"github.com/otelaudit/otelaudit/exporter"
	"github.com/otelaudit/otelaudit/internal/spool"
)

// TestLocalShipsWhatWasRecorded records spans through a Local processor
// and ships them on the test goroutine.
func TestLocalShipsWhatWasRecorded(t *testing.T) {
	l, err := NewLocal(Config{Dir: t.TempDir(), FsyncPolicy: spool.FsyncNever(), BatchSize: 3})
	if err != nil {
		t.Fatal(err)
	}
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(l))
	for range 7 {
		_, span := tp.Tracer("t").Start(context.Background(), "op")
		span.End()
	}
	total := 0
	for {
		n, err := l.ShipOnce(context.Background(), func(b *exporter.Blocks, spans int) error {
			if b.Traces().Rows() != spans {
				t.Errorf("%d rows in the traces block, %d spans reported", b.Traces().Rows(), spans)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if n == 0 {
			break
		}
		total += n
	}
	if total != 7 {
		t.Errorf("shipped %d spans, want 7", total)
	}
	if err := tp.Shutdown(context.Background()); err != nil {
		t.Fatal(err)
	}
}
