package durable

import (
	"context"
	"fmt"

	"github.com/otelaudit/otelaudit/exporter"

	"github.com/otelaudit/otelaudit/internal/spool"
)

// Local is the durable pipeline with its shipper driven by the caller and
// stopped short of the network: the Processor is the real one (OnEnd
// encodes the span into a spool record and appends it to the spool under
// the configured fsync policy), and ShipOnce does what the shipper does
// with one batch up to the send (read the batch from the spool and build
// the rows of its records into exporter.Blocks), hands the blocks to a
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
// batch of at most Config.BatchSize records, builds their rows as the
// shipper does and passes the blocks and their span count to send; if
// send succeeds the batch is acknowledged. It returns the number of spans
// shipped; with nothing pending it returns 0 at once. A record that does
// not decode is an error here (the shipper dead-letters it).
func (l *Local) ShipOnce(ctx context.Context, send func(b *exporter.Blocks, spans int) error) (int, error) {
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
	sum, ok := l.ship.buildBlocks(b.Records)
	if !ok {
		return 0, fmt.Errorf("durable: batch %s: %w", b.Range, errBadRecord)
	}
	if sum.spans > 0 {
		if err := send(l.ship.blocks, sum.spans); err != nil {
			return 0, err
		}
	}
	if err := l.spool.Ack(b.Range); err != nil {
		return 0, fmt.Errorf("durable: %w", err)
	}
	return sum.spans, nil
}
