package durable

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/metric"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"

	"github.com/otelaudit/otelaudit/internal/spool"
)

// ErrShutdown is reported for spans that end after Shutdown.
var ErrShutdown = errors.New("durable: processor is shut down")

// Processor is an SDK span processor that records every ended span in a
// durable spool and ships the spool to ClickHouse in the background.
// A span counts as recorded once OnEnd has appended it (fsynced under the
// default policy); from then on it reaches ClickHouse exactly once in
// effect, across crashes and outages, or lands in the dead-letter file.
type Processor struct {
	cfg   Config
	spool *spool.Spool
	m     *metrics
	ship  *shipper

	// envelopes holds the encoded resources and scopes of recent tracers;
	// frames holds the buffers (*[]byte) that OnEnd encodes spans into
	// and appends to the spool from.
	envelopes envelopeCache
	frames    sync.Pool

	stopped  atomic.Bool
	stopOnce sync.Once
	stopErr  error
}

var _ sdktrace.SpanProcessor = (*Processor)(nil)

// New validates cfg, opens (or recovers) the spool and starts the shipper.
// It does not wait for ClickHouse: what is recorded while ClickHouse is
// unreachable waits in the spool.
func New(cfg Config) (*Processor, error) {
	p, err := open(cfg)
	if err != nil {
		return nil, err
	}
	p.ship = startShipper(p.cfg, p.spool, p.m)
	return p, nil
}

// open validates cfg, applies the defaults, opens the spool and the
// metrics: a Processor without its shipper.
func open(cfg Config) (*Processor, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	cfg = cfg.withDefaults()
	sc := cfg.spoolConfig()
	sc.ErrorHandler = otel.Handle
	sp, err := spool.Open(sc)
	if err != nil {
		return nil, fmt.Errorf("durable: %w", err)
	}
	m, err := newMetrics(cfg.MeterProvider, sp)
	if err != nil {
		return nil, errors.Join(err, sp.Close())
	}
	return &Processor{cfg: cfg, spool: sp, m: m}, nil
}

// OnStart does nothing.
func (p *Processor) OnStart(context.Context, sdktrace.ReadWriteSpan) {}

// OnEnd appends the span to the spool and returns once it is stored per
// the fsync policy. When the spool is full it waits (Block, up to
// BlockTimeout) or drops (Drop); a span that cannot be stored is counted
// in otelaudit.spans.dropped and, unless the Drop policy chose so,
// reported through otel.Handle.
func (p *Processor) OnEnd(s sdktrace.ReadOnlySpan) {
	decision := isDecisionSpan(s)
	if p.stopped.Load() {
		p.drop(decision, reasonShutdown, fmt.Errorf("%w: span %s not recorded", ErrShutdown, s.SpanContext().SpanID()))
		return
	}
	bp := p.frame()
	defer p.releaseFrame(bp)
	frame, err := encodeSpanFrame(*bp, p.envelopes.get(s), s)
	*bp = frame
	if err != nil {
		p.drop(decision, reasonEncode, err)
		return
	}
	err = p.spool.AppendFrame(context.Background(), frame)
	switch {
	case err == nil:
		opts := recordedSpan
		if decision {
			opts = recordedDecision
		}
		p.m.recorded.Add(context.Background(), 1, opts...)
		// Under FsyncAlways, AppendFrame has fsynced the record already.
		if decision && p.cfg.SyncDecisions && p.cfg.FsyncPolicy.Mode != spool.FsyncModeAlways {
			if err := p.spool.Sync(); err != nil {
				otel.Handle(fmt.Errorf("durable: fsync the spool after decision span %s: %w", s.SpanContext().SpanID(), err))
			}
		}
	case errors.Is(err, spool.ErrFull) && p.cfg.FullPolicy == spool.Drop:
		p.drop(decision, reasonFull, nil)
	case errors.Is(err, spool.ErrFull):
		p.drop(decision, reasonBlockTimeout, fmt.Errorf("durable: span %s not recorded: %w", s.SpanContext().SpanID(), err))
	case errors.Is(err, spool.ErrTooLarge):
		p.drop(decision, reasonTooLarge, fmt.Errorf("durable: span %s not recorded: %w", s.SpanContext().SpanID(), err))
	case errors.Is(err, spool.ErrClosed):
		p.drop(decision, reasonShutdown, fmt.Errorf("%w: span %s not recorded", ErrShutdown, s.SpanContext().SpanID()))
	default:
		p.drop(decision, reasonError, fmt.Errorf("durable: span %s not recorded: %w", s.SpanContext().SpanID(), err))
	}
}

// The options of a recorded-span measurement, for a span that is not a
// decision and for one that is, as slices built once: passing a single
// option to the counter's variadic interface method would allocate the
// slice for every span.
var (
	recordedSpan     = []metric.AddOption{decisionAttr(false)}
	recordedDecision = []metric.AddOption{decisionAttr(true)}
)

// maxPooledFrame bounds the frame buffers kept for reuse, so that one huge
// span does not stay in memory.
const maxPooledFrame = 1 << 20

// frame returns a frame buffer for OnEnd.
func (p *Processor) frame() *[]byte {
	if bp, ok := p.frames.Get().(*[]byte); ok {
		return bp
	}
	return new([]byte)
}

// releaseFrame returns a frame buffer from frame for reuse.
func (p *Processor) releaseFrame(bp *[]byte) {
	if cap(*bp) <= maxPooledFrame {
		p.frames.Put(bp)
	}
}

// drop counts a span that was not stored and reports err when not nil.
func (p *Processor) drop(decision bool, reason string, err error) {
	p.m.dropped.Add(context.Background(), 1, metricAttrs(attrDecision.Bool(decision), attrReason.String(reason)))
	if err != nil {
		otel.Handle(err)
	}
}

// ForceFlush waits until everything recorded before the call is
// acknowledged by ClickHouse (or dead-lettered), or ctx ends.
func (p *Processor) ForceFlush(ctx context.Context) error {
	end := p.spool.Stats().WriteOffset
	if err := p.spool.Sync(); err != nil {
		return fmt.Errorf("durable: flush: %w", err)
	}
	if err := p.spool.WaitAcked(ctx, end); err != nil {
		return fmt.Errorf("durable: flush: %w", err)
	}
	return nil
}

// Shutdown stops recording, ships what is in the spool until it is empty
// or ctx ends, then stops the shipper and closes the spool. What is not
// shipped stays on disk and is sent by the next Processor on the same
// directory (a batch in flight with the same token). It runs once; later
// calls return the first call's error.
func (p *Processor) Shutdown(ctx context.Context) error {
	p.stopOnce.Do(func() {
		p.stopped.Store(true)
		var errs []error
		if err := p.ForceFlush(ctx); err != nil {
			errs = append(errs, err)
		}
		errs = append(errs, p.ship.stop())
		if err := p.m.reg.Unregister(); err != nil {
			errs = append(errs, fmt.Errorf("durable: unregister metrics: %w", err))
		}
		if err := p.spool.Close(); err != nil {
			errs = append(errs, fmt.Errorf("durable: %w", err))
		}
		p.stopErr = errors.Join(errs...)
	})
	return p.stopErr
}
