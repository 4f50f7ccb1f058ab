package durable

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
)

// TestOutage records a steady stream of decisions while the embedded
// ClickHouse is killed for a few seconds and started again on the same
// data directory and port: nothing is lost or duplicated, and span.End is
// never blocked beyond the configured bound.
func TestOutage(t *testing.T) {
	needServer(t) // skips when the chDB library is missing
	chDir := t.TempDir()
	srv, skip, err := startServer(chDir, "127.0.0.1:0")
	if err != nil || skip != "" {
		t.Fatal(err, skip)
	}
	addr := srv.addr
	t.Cleanup(func() { srv.kill() })

	const blockBound = 2 * time.Second
	reader := sdkmetric.NewManualReader()
	mp := sdkmetric.NewMeterProvider(sdkmetric.WithReader(reader))
	db := newDatabase("outage")
	cfg := testConfig(t.TempDir(), srv.dsn, db)
	cfg.BlockTimeout = blockBound
	cfg.MeterProvider = mp
	cfg.ExportTimeout = 2 * time.Second
	p, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	tp, rec := newPipeline(p)

	var (
		mu       sync.Mutex
		reported []string
		longest  time.Duration
		stop     = make(chan struct{})
		done     = make(chan struct{})
	)
	go func() {
		defer close(done)
		for n := 0; ; n++ {
			select {
			case <-stop:
				return
			case <-time.After(3 * time.Millisecond):
			}
			start := time.Now()
			id := recordDecision(context.Background(), rec, n)
			d := time.Since(start)
			mu.Lock()
			reported = append(reported, id)
			longest = max(longest, d)
			mu.Unlock()
		}
	}()

	time.Sleep(1500 * time.Millisecond)
	srv.kill()
	t.Logf("ClickHouse killed")
	time.Sleep(3 * time.Second)
	srv, skip, err = startServer(chDir, addr)
	if err != nil || skip != "" {
		t.Fatal("restart:", err, skip)
	}
	t.Logf("ClickHouse restarted on %s", addr)
	time.Sleep(1500 * time.Millisecond)
	close(stop)
	<-done

	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	if err := tp.Shutdown(ctx); err != nil {
		t.Fatal(err)
	}
	t.Logf("longest span.End during the run: %v (bound %v)", longest, blockBound)
	if longest > blockBound {
		t.Errorf("a caller was blocked %v, beyond the bound %v", longest, blockBound)
	}
	m := collect(t, reader)
	if m.sum("otelaudit.export.retries", "") == 0 {
		t.Error("no retry was counted during the outage")
	}
	t.Logf("metrics: %s", strings.Join(m.summary(), ", "))
	checkExactlyOnce(t, connect(t, srv.dsn), db, reported)
	if err := mp.Shutdown(context.Background()); err != nil {
		t.Fatal(err)
	}
}
