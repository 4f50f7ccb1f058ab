package durable

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	noopmetric "go.opentelemetry.io/otel/metric/noop"
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

// BenchmarkOnEnd measures OnEnd for a model-call-like span (benchSpan)
// under FsyncEvery, as the SDK path benchmark runs it: the encoding and
// the write to the spool file. The spool is drained every 4096 spans,
// outside cpu-ns/op.
func BenchmarkOnEnd(b *testing.B) {
	const drainEvery = 4096
	l, err := NewLocal(Config{Dir: b.TempDir(), FsyncPolicy: spool.FsyncEvery(200 * time.Millisecond),
		MeterProvider: noopmetric.NewMeterProvider()})
	if err != nil {
		b.Fatal(err)
	}
	drain := func() {
		if err := l.spool.Sync(); err != nil {
			b.Fatal(err)
		}
		for l.Pending() {
			batch, err := l.spool.ReadBatch(context.Background(), spool.BatchLimits{MaxRecords: drainEvery, MaxBytes: 64 << 20})
			if err != nil {
				b.Fatal(err)
			}
			if err := l.spool.Ack(batch.Range); err != nil {
				b.Fatal(err)
			}
		}
	}
	s := benchSpan()
	b.ReportAllocs()
	var cpu time.Duration
	start := cpuTime()
	n := 0
	for b.Loop() {
		l.OnEnd(s)
		if n++; n%drainEvery == 0 {
			cpu += cpuTime() - start
			b.StopTimer()
			drain()
			b.StartTimer()
			start = cpuTime()
		}
	}
	cpu += cpuTime() - start
	b.ReportMetric(float64(cpu)/float64(b.N), "cpu-ns/op")
	drain()
	if err := l.Shutdown(context.Background()); err != nil {
		b.Fatal(err)
	}
}
