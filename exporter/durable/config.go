package durable

import (
	"errors"
	"fmt"
	"time"

	"go.opentelemetry.io/otel/metric"

	"github.com/otelaudit/otelaudit/exporter"
	"github.com/otelaudit/otelaudit/internal/spool"
)

// Defaults for zero Config fields.
const (
	// DefaultBatchSize is 2048 spans: every insert makes a new part in
	// each table and rollup it reaches, and ClickHouse wants few large
	// inserts (at 40,000 spans/s this is 20 inserts a second, not 78).
	// DefaultBatchBytes bounds the batch's memory when spans are large;
	// DefaultLinger bounds how long a span waits when the rate is low.
	DefaultBatchSize     = 2048
	DefaultBatchBytes    = 8 << 20
	DefaultLinger        = 200 * time.Millisecond
	DefaultRetryInitial  = 100 * time.Millisecond
	DefaultRetryMax      = 30 * time.Second
	DefaultExportTimeout = 30 * time.Second
)

// Config configures New. Zero fields take the defaults.
type Config struct {
	// Dir is the spool directory (created if missing). Required. One
	// process at a time can use it.
	Dir string
	// MaxBytes bounds the spool's size on disk (spool.DefaultMaxBytes, 1 GiB,
	// when 0).
	MaxBytes int64
	// FullPolicy is what OnEnd does when the spool is full: spool.Block
	// (the default) waits up to BlockTimeout, then drops the span with
	// reason "block_timeout" and reports it through otel.Handle;
	// spool.Drop drops it at once with reason "full".
	FullPolicy spool.FullPolicy
	// BlockTimeout bounds how long OnEnd (and so span.End) waits for
	// space under spool.Block (spool.DefaultBlockTimeout, 5s, when 0).
	BlockTimeout time.Duration
	// FsyncPolicy is the spool's durability policy (spool.FsyncAlways when
	// zero: a span is fsynced before span.End returns).
	FsyncPolicy spool.FsyncPolicy
	// SyncDecisions fsyncs the spool after every decision span
	// (invoke_agent) is appended, unless FsyncPolicy is FsyncNever. Spans end
	// before the decision that contains them, so when a decision's
	// span.End returns, the decision and all its model and tool calls are
	// on disk. With FsyncPolicy = spool.FsyncEvery(d) this costs one fsync
	// per decision instead of one per span.
	SyncDecisions bool
	// BatchSize is the most spans sent to ClickHouse at once
	// (DefaultBatchSize when 0).
	BatchSize int
	// BatchBytes is the most encoded bytes sent at once (DefaultBatchBytes
	// when 0); a single larger span is sent alone.
	BatchBytes int
	// Linger is how long the shipper waits for a batch to fill
	// (DefaultLinger when 0; negative means do not wait).
	Linger time.Duration
	// RetryInitial is the first retry's backoff bound (DefaultRetryInitial
	// when 0); it doubles on each retry up to RetryMax.
	RetryInitial time.Duration
	// RetryMax bounds a retry's backoff (DefaultRetryMax when 0).
	RetryMax time.Duration
	// MaxAttempts gives up on a batch after that many transient failures
	// and dead-letters it; 0, the default, retries forever.
	MaxAttempts int
	// ExportTimeout bounds one send to ClickHouse (DefaultExportTimeout
	// when 0).
	ExportTimeout time.Duration
	// Exporter are the options of the exporter.Writer, e.g.
	// exporter.WithEndpoint. The Writer is created by the shipper, so New
	// succeeds while ClickHouse is down.
	Exporter []exporter.Option
	// MeterProvider provides the meter (otel.GetMeterProvider() when nil).
	MeterProvider metric.MeterProvider
}

// withDefaults returns c with zero fields set to their defaults.
func (c Config) withDefaults() Config {
	if c.BatchSize == 0 {
		c.BatchSize = DefaultBatchSize
	}
	if c.BatchBytes == 0 {
		c.BatchBytes = DefaultBatchBytes
	}
	switch {
	case c.Linger == 0:
		c.Linger = DefaultLinger
	case c.Linger < 0:
		c.Linger = 0
	}
	if c.RetryInitial == 0 {
		c.RetryInitial = DefaultRetryInitial
	}
	if c.RetryMax == 0 {
		c.RetryMax = DefaultRetryMax
	}
	if c.ExportTimeout == 0 {
		c.ExportTimeout = DefaultExportTimeout
	}
	return c
}

// spoolConfig is the spool's part of c.
func (c Config) spoolConfig() spool.Config {
	return spool.Config{
		Dir:          c.Dir,
		MaxBytes:     c.MaxBytes,
		Full:         c.FullPolicy,
		BlockTimeout: c.BlockTimeout,
		Fsync:        c.FsyncPolicy,
	}
}

// Validate reports every invalid field, naming it.
func (c Config) Validate() error {
	c = c.withDefaults()
	var errs []error
	if err := c.spoolConfig().Validate(); err != nil {
		errs = append(errs, fmt.Errorf("durable: %w", err))
	}
	if c.BatchSize < 1 {
		errs = append(errs, fmt.Errorf("durable: BatchSize %d must be positive", c.BatchSize))
	}
	if c.BatchBytes < 1 {
		errs = append(errs, fmt.Errorf("durable: BatchBytes %d must be positive", c.BatchBytes))
	}
	if c.RetryInitial < 0 {
		errs = append(errs, fmt.Errorf("durable: RetryInitial %v is negative", c.RetryInitial))
	}
	if c.RetryMax < c.RetryInitial {
		errs = append(errs, fmt.Errorf("durable: RetryMax %v is below RetryInitial %v", c.RetryMax, c.RetryInitial))
	}
	if c.MaxAttempts < 0 {
		errs = append(errs, fmt.Errorf("durable: MaxAttempts %d is negative", c.MaxAttempts))
	}
	if c.ExportTimeout < 0 {
		errs = append(errs, fmt.Errorf("durable: ExportTimeout %v is negative", c.ExportTimeout))
	}
	return errors.Join(errs...)
}
