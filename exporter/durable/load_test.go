package durable

import (
	"context"
	"sync"
	"testing"
	"time"

	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
)

// TestLoad records from 8 goroutines as fast as they can for a few
// seconds: every decision is delivered, once. (The SDK's stock
// BatchSpanProcessor, with its 2048-span queue, drops spans silently under
// the same load: 46% exported in the measurements of DESIGN.md. Here the
// caller waits for the spool instead; nothing is timed.)
func TestLoad(t *testing.T) {
	srv := needServer(t)
	db := newDatabase("load")
	reader := sdkmetric.NewManualReader()
	mp := sdkmetric.NewMeterProvider(sdkmetric.WithReader(reader))
	cfg := testConfig(t.TempDir(), srv.dsn, db)
	cfg.MeterProvider = mp
	p, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	tp, rec := newPipeline(p)

	const workers = 8
	deadline := time.Now().Add(3 * time.Second)
	ids := make([][]string, workers)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for n := w * 10_000_000; time.Now().Before(deadline); n++ {
				ids[w] = append(ids[w], recordDecision(context.Background(), rec, n))
			}
		})
	}
	wg.Wait()
	var reported []string
	for _, l := range ids {
		reported = append(reported, l...)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	if err := tp.Shutdown(ctx); err != nil {
		t.Fatal(err)
	}
	checkExactlyOnce(t, connect(t, srv.dsn), db, reported)

	m := collect(t, reader)
	n := float64(len(reported))
	for name, want := range map[string]float64{
		"otelaudit.spans.recorded":      2 * n, // a decision and a tool call each
		"otelaudit.spans.exported":      2 * n,
		"otelaudit.spans.dropped":       0,
		"otelaudit.spans.dead_lettered": 0,
	} {
		if got := m.sum(name, ""); got != want {
			t.Errorf("%s = %g, want %g", name, got, want)
		}
	}
	if got := m.sum("otelaudit.spans.recorded", "decision=true"); got != n {
		t.Errorf("otelaudit.spans.recorded{decision=true} = %g, want %g", got, n)
	}
	if m.sum("otelaudit.export.duration", "outcome=ok") == 0 {
		t.Error("no export duration recorded")
	}
	if err := mp.Shutdown(context.Background()); err != nil {
		t.Fatal(err)
	}
}
