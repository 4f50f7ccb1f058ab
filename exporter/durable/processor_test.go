package durable

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	sdkmetric "go.opentelemetry.io/otel/sdk/metric"

	"github.com/otelaudit/otelaudit/exporter"
	"github.com/otelaudit/otelaudit/internal/spool"
)

func TestConfigValidate(t *testing.T) {
	err := Config{BatchSize: -1, BatchBytes: -1, RetryInitial: time.Second, RetryMax: time.Millisecond, MaxAttempts: -1,
		FsyncPolicy: spool.FsyncPolicy{Mode: spool.FsyncModeInterval}}.Validate()
	for _, field := range []string{"Dir", "BatchSize", "BatchBytes", "RetryMax", "MaxAttempts", "Fsync.Interval"} {
		if err == nil || !strings.Contains(err.Error(), field) {
			t.Errorf("Validate error %v does not name %s", err, field)
		}
	}
	if err := (Config{Dir: "x"}).Validate(); err != nil {
		t.Errorf("defaults: %v", err)
	}
}

// unreachable is a config whose ClickHouse never answers.
func unreachable(dir string) Config {
	return Config{
		Dir: dir, RetryInitial: time.Millisecond, RetryMax: 5 * time.Millisecond, Linger: -1,
		Exporter: []exporter.Option{exporter.WithEndpoint("http://127.0.0.1:1"), exporter.WithDialTimeout(100 * time.Millisecond)},
	}
}

// TestUnreachableKeepsSpansForNextStart: with ClickHouse down, spans are
// recorded, Shutdown honours its context, and the spans wait on disk.
func TestUnreachableKeepsSpansForNextStart(t *testing.T) {
	dir := t.TempDir()
	reader := sdkmetric.NewManualReader()
	mp := sdkmetric.NewMeterProvider(sdkmetric.WithReader(reader))
	cfg := unreachable(dir)
	cfg.MeterProvider = mp
	p, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	tp, rec := newPipeline(p)
	for n := range 10 {
		recordDecision(context.Background(), rec, n)
	}
	time.Sleep(100 * time.Millisecond)
	m := collect(t, reader)
	if got := m.sum("otelaudit.spans.recorded", "decision=true"); got != 10 {
		t.Errorf("recorded decisions = %g, want 10", got)
	}
	if m.sum("otelaudit.export.retries", "") == 0 || m.sum("otelaudit.spool.bytes", "") == 0 {
		t.Errorf("want retries and spooled bytes: %v", m.summary())
	}
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	start := time.Now()
	if err := tp.Shutdown(ctx); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("Shutdown = %v, want the context's deadline", err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Fatalf("Shutdown took %v", d)
	}
	if err := p.Shutdown(context.Background()); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("second Shutdown = %v, want the first one's error", err)
	}
	_ = mp.Shutdown(context.Background())

	sp, err := spool.Open(spool.Config{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	defer sp.Close()
	if st := sp.Stats(); st.PendingBytes == 0 {
		t.Fatalf("spool after shutdown: %+v, want the spans pending", st)
	}
}

// TestDropPolicyCounts fills a small spool under the Drop policy.
func TestDropPolicyCounts(t *testing.T) {
	reader := sdkmetric.NewManualReader()
	mp := sdkmetric.NewMeterProvider(sdkmetric.WithReader(reader))
	cfg := unreachable(t.TempDir())
	cfg.MaxBytes = 64 << 10
	cfg.FullPolicy = spool.Drop
	cfg.MeterProvider = mp
	p, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	tp, rec := newPipeline(p)
	for n := range 200 {
		recordDecision(context.Background(), rec, n)
	}
	m := collect(t, reader)
	recorded, dropped := m.sum("otelaudit.spans.recorded", ""), m.sum("otelaudit.spans.dropped", "reason=full")
	if dropped == 0 || recorded+dropped != 400 {
		t.Errorf("recorded %g + dropped %g, want 400 with some dropped: %v", recorded, dropped, m.summary())
	}
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	_ = tp.Shutdown(ctx)
	_ = mp.Shutdown(context.Background())
}
