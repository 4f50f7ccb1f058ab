package durable

import (
	"context"
	"fmt"

	"go.opentelemetry.io/collector/pdata/ptrace"

	"github.com/otelaudit/otelaudit/internal/spool"
)

// Local is the durable pipeline with its shipper driven by the caller and
// stopped short of the network: the Processor is the real one (OnEnd
// encodes the span into a spool record and appends it to the spool under
// the configured fsync policy), and ShipOnce does what the shipper does
// with one batch up to the send (read the batch from the spool, decode its
// records, merge them into one ptrace.Traces), hands the traces to a
// function instead of ClickHouse and acknowledges the batch. It exists for
// benchmarks and tests that measure the pipeline on one goroutine without
// a server.
type Local struct {
	*Processor
}

// NewLocal is New without the shipping goroutine; the Exporter options
// are not used.
func NewLocal(cfg Config) (*Local, error) {
	p, err := open(cfg)
	if err != nil {
		return nil, err
	}
	done := make(chan struct{})
	close(done)
	p.ship = &shipper{cfg: p.cfg, spool: p.spool, m: p.m, cancel: func() {}, done: done}
	return &Local{Processor: p}, nil
}

// Pending reports whether records were appended and not yet shipped.
func (l *Local) Pending() bool {
	return l.spool.Stats().PendingBytes > 0
}

// ShipOnce makes what was appended readable (an fsync unless the policy
// is FsyncNever, as the policy's own background fsync would), reads one
// batch of at most Config.BatchSize records, decodes and merges them as
// the shipper does and passes the traces and their span count to send; if
// send succeeds the batch is acknowledged. It returns the number of spans
// shipped; with nothing pending it returns 0 at once.
func (l *Local) ShipOnce(ctx context.Context, send func(td ptrace.Traces, spans int) error) (int, error) {
	if !l.Pending() {
		return 0, nil
	}
	if err := l.spool.Sync(); err != nil {
		return 0, fmt.Errorf("durable: %w", err)
	}
	lim := spool.BatchLimits{MaxRecords: l.cfg.BatchSize, MaxBytes: l.cfg.BatchBytes}
	b, err := l.spool.ReadBatch(ctx, lim)
	if err != nil {
		return 0, fmt.Errorf("durable: %w", err)
	}
	items := make([]item, 0, len(b.Records))
	var sum summary
	for _, r := range b.Records {
		td, err := decodeRecord(r.Data)
		if err != nil {
			return 0, err
		}
		it := item{rec: r, td: td, sum: summarize(td)}
		sum.spans += it.sum.spans
		items = append(items, it)
	}
	if len(items) > 0 {
		if err := send(merge(items), sum.spans); err != nil {
			return 0, err
		}
	}
	if err := l.spool.Ack(b.Range); err != nil {
		return 0, fmt.Errorf("durable: %w", err)
	}
	return sum.spans, nil
}
