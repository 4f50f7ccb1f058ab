package durable

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"time"

	"go.opentelemetry.io/collector/pdata/ptrace"
	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/metric"

	"github.com/otelaudit/otelaudit/exporter"
	"github.com/otelaudit/otelaudit/internal/spool"
)

// shipper is the goroutine that sends the spool to ClickHouse.
type shipper struct {
	cfg    Config
	spool  *spool.Spool
	m      *metrics
	cancel context.CancelFunc
	done   chan struct{}

	// writer is created on first use and owned by the goroutine.
	writer *exporter.Writer
	// blocks are the rows of the batch being delivered, reused.
	blocks *exporter.Blocks
}

// startShipper starts the shipping goroutine.
func startShipper(cfg Config, sp *spool.Spool, m *metrics) *shipper {
	ctx, cancel := context.WithCancel(context.Background())
	s := &shipper{cfg: cfg, spool: sp, m: m, cancel: cancel, done: make(chan struct{})}
	go s.run(ctx)
	return s
}

// stop ends the goroutine, leaving a batch in flight for the next start,
// and closes the Writer.
func (s *shipper) stop() error {
	s.cancel()
	<-s.done
	if s.writer != nil {
		return s.writer.Close()
	}
	return nil
}

// item is one spool record and what it decodes to.
type item struct {
	rec spool.Record
	td  ptrace.Traces
	sum summary
}

// run reads, sends and acknowledges batches until ctx ends.
func (s *shipper) run(ctx context.Context) {
	defer close(s.done)
	lim := spool.BatchLimits{MaxRecords: s.cfg.BatchSize, MaxBytes: s.cfg.BatchBytes, Linger: s.cfg.Linger}
	failures := 0
	for ctx.Err() == nil {
		b, err := s.spool.ReadBatch(ctx, lim)
		if err == nil {
			err = s.deliverBatch(ctx, b)
		}
		if err == nil {
			err = s.spool.Ack(b.Range)
		}
		if err == nil {
			failures = 0
			continue
		}
		if ctx.Err() != nil || errors.Is(err, spool.ErrClosed) {
			return
		}
		// A spool I/O error: report it and try again (the in-flight range
		// is read again with the same boundaries).
		failures++
		otel.Handle(fmt.Errorf("durable: shipper: %w", err))
		if !sleep(ctx, s.backoff(failures)) {
			return
		}
	}
}

// deliverBatch delivers a batch. Its rows are built straight from the
// records' bytes and sent with one token; when a record does not decode
// that way, or ClickHouse rejects the rows for good, the batch goes record
// by record (deliverItems), which bisects and dead-letters. It returns only
// ctx's error or a dead-letter file error.
func (s *shipper) deliverBatch(ctx context.Context, b spool.Batch) error {
	sum, ok := s.buildBlocks(b.Records)
	if !ok {
		return s.deliverItems(ctx, b, false)
	}
	for attempt := 1; ; attempt++ {
		err := s.send(ctx, s.token(b.Range), func(ctx context.Context, w *exporter.Writer, token string) error {
			return w.WriteBlocks(ctx, s.blocks, token)
		})
		switch {
		case err == nil:
			addSpans(s.m.exported, sum)
			return nil
		case ctx.Err() != nil:
			return ctx.Err()
		case IsPermanent(err):
			var partial *exporter.PartialError
			return s.deliverItems(ctx, b, errors.As(err, &partial))
		case s.cfg.MaxAttempts > 0 && attempt >= s.cfg.MaxAttempts:
			items, decodeErr := s.decodeItems(b)
			if decodeErr != nil {
				return decodeErr
			}
			return s.deadLetter(items, b.Range, fmt.Errorf("gave up after %d attempts: %w", attempt, err), attempt)
		}
		if !s.retryWait(ctx, b.Range, attempt, err) {
			return ctx.Err()
		}
	}
}

// buildBlocks fills s.blocks with the rows of records and returns their
// span and decision counts; false when a record does not decode that way.
func (s *shipper) buildBlocks(records []spool.Record) (summary, bool) {
	if s.blocks == nil {
		s.blocks = exporter.NewBlocks()
	}
	s.blocks.Reset()
	for _, r := range records {
		if err := appendRecord(s.blocks, r.Data); err != nil {
			return summary{}, false
		}
	}
	return summary{spans: s.blocks.Traces().Rows(), decisions: s.blocks.Audit().Rows()}, true
}

// deliverItems decodes a batch record by record and delivers it (only its
// decisions when decisionsOnly: its spans were stored); records that do
// not decode are dead-lettered.
func (s *shipper) deliverItems(ctx context.Context, b spool.Batch, decisionsOnly bool) error {
	items, err := s.decodeItems(b)
	if err != nil || len(items) == 0 {
		return err
	}
	return s.deliverPart(ctx, items, b.Range, decisionsOnly)
}

// decodeItems decodes the records of a batch into pdata; records that do
// not decode are dead-lettered on the way.
func (s *shipper) decodeItems(b spool.Batch) ([]item, error) {
	items := make([]item, 0, len(b.Records))
	for _, r := range b.Records {
		td, err := decodeRecord(r.Data)
		if err != nil {
			if err := s.deadLetter([]item{{rec: r}}, spool.Range{Start: r.Offset, End: r.End}, err, 0); err != nil {
				return nil, err
			}
			continue
		}
		items = append(items, item{rec: r, td: td, sum: summarize(td)})
	}
	return items, nil
}

// token is the deduplication token of a spool range.
func (s *shipper) token(r spool.Range) string {
	return s.spool.ID() + ":" + r.String()
}

// deliverPart sends items (the records of range r) until ClickHouse takes
// them, retrying transient errors; decisionsOnly says their spans are
// stored already. A permanent rejection splits the items in halves, each
// sent with its own range's token; a single rejected record is
// dead-lettered. When the rejection came after the batch's spans were
// stored (an *exporter.PartialError), the halves send only their
// decisions, so no span is stored twice.
func (s *shipper) deliverPart(ctx context.Context, items []item, r spool.Range, decisionsOnly bool) error {
	td := merge(items)
	var sum summary
	for _, it := range items {
		sum.spans += it.sum.spans
		sum.decisions += it.sum.decisions
	}
	write := func(ctx context.Context, w *exporter.Writer, token string) error {
		if decisionsOnly {
			return w.WriteDecisions(ctx, td, token)
		}
		return w.WriteBatch(ctx, td, token)
	}
	for attempt := 1; ; attempt++ {
		err := s.send(ctx, s.token(r), write)
		var partial *exporter.PartialError
		if errors.As(err, &partial) && IsPermanent(err) {
			decisionsOnly = true
		}
		switch {
		case err == nil:
			addSpans(s.m.exported, sum)
			return nil
		case ctx.Err() != nil:
			return ctx.Err()
		case IsPermanent(err) && len(items) == 1:
			return s.deadLetter(items, r, err, attempt)
		case IsPermanent(err):
			mid := len(items) / 2
			split := items[mid].rec.Offset
			if err := s.deliverPart(ctx, items[:mid], spool.Range{Start: r.Start, End: split}, decisionsOnly); err != nil {
				return err
			}
			return s.deliverPart(ctx, items[mid:], spool.Range{Start: split, End: r.End}, decisionsOnly)
		case s.cfg.MaxAttempts > 0 && attempt >= s.cfg.MaxAttempts:
			return s.deadLetter(items, r, fmt.Errorf("gave up after %d attempts: %w", attempt, err), attempt)
		}
		if !s.retryWait(ctx, r, attempt, err) {
			return ctx.Err()
		}
	}
}

// retryWait counts and reports a transient failure of attempt and waits
// the backoff; it reports false when ctx ended first. A partial failure
// is transient too: the retry sends the batch under the same token, so
// what was stored is not stored again.
func (s *shipper) retryWait(ctx context.Context, r spool.Range, attempt int, err error) bool {
	s.m.retries.Add(ctx, 1)
	if attempt == 1 || attempt%100 == 0 {
		otel.Handle(fmt.Errorf("durable: send batch %s (attempt %d, retrying): %w", s.token(r), attempt, err))
	}
	return sleep(ctx, s.backoff(attempt))
}

// send connects if needed and sends one batch with write, recording its
// duration.
func (s *shipper) send(ctx context.Context, token string, write func(context.Context, *exporter.Writer, string) error) error {
	if s.writer == nil {
		wctx, cancel := context.WithTimeout(ctx, s.cfg.ExportTimeout)
		w, err := exporter.NewWriter(wctx, s.cfg.Exporter...)
		cancel()
		if err != nil {
			return fmt.Errorf("durable: connect: %w", err)
		}
		s.writer = w
	}
	sctx, cancel := context.WithTimeout(ctx, s.cfg.ExportTimeout)
	defer cancel()
	start := time.Now()
	err := write(sctx, s.writer, token)
	outcome := "ok"
	if err != nil {
		outcome = "transient"
		if IsPermanent(err) {
			outcome = "permanent"
		}
	}
	s.m.duration.Record(ctx, time.Since(start).Seconds(), metricAttrs(attrOutcome.String(outcome)))
	return err
}

// deadLetter writes items to the dead-letter file and counts them.
func (s *shipper) deadLetter(items []item, r spool.Range, reason error, attempts int) error {
	entries := make([]DeadLetter, 0, len(items))
	var sum summary
	for _, it := range items {
		id := s.token(r)
		if len(items) > 1 {
			id = s.token(spool.Range{Start: it.rec.Offset, End: it.rec.End})
		}
		sum.spans += it.sum.spans
		sum.decisions += it.sum.decisions
		entries = append(entries, newDeadLetter(id, it, reason, attempts))
	}
	if err := appendDeadLetters(s.spool.Dir(), entries...); err != nil {
		return err
	}
	addSpans(s.m.deadLettered, sum)
	if sum.spans == 0 {
		// An undecodable record: count it as one non-decision span.
		s.m.deadLettered.Add(context.Background(), int64(len(items)), decisionFalse)
	}
	otel.Handle(fmt.Errorf("durable: %d span(s) of %s moved to the dead-letter file: %w", max(sum.spans, len(items)), s.token(r), reason))
	return nil
}

// merge returns the traces of items in one Traces, leaving items intact.
func merge(items []item) ptrace.Traces {
	td := ptrace.NewTraces()
	for _, it := range items {
		for _, rs := range it.td.ResourceSpans().All() {
			rs.CopyTo(td.ResourceSpans().AppendEmpty())
		}
	}
	return td
}

// backoff returns the wait before retry n (1-based): full jitter, a
// uniform random duration up to min(RetryMax, RetryInitial·2^(n-1)).
func (s *shipper) backoff(n int) time.Duration {
	bound := s.cfg.RetryMax
	if n < 63 {
		if d := s.cfg.RetryInitial << (n - 1); d > 0 && d < bound {
			bound = d
		}
	}
	if bound <= 0 {
		return 0
	}
	return rand.N(bound + 1)
}

// sleep waits d or until ctx ends; it reports whether d passed.
func sleep(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}

// metricAttrs is a measurement option with the given attributes.
func metricAttrs(kvs ...attribute.KeyValue) metric.MeasurementOption {
	return metric.WithAttributeSet(attribute.NewSet(kvs...))
}
