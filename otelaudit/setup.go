package otelaudit

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"go.opentelemetry.io/otel/sdk/resource"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	otelsemconv "go.opentelemetry.io/otel/semconv/v1.41.0"

	"github.com/otelaudit/otelaudit/exporter"
	"github.com/otelaudit/otelaudit/exporter/durable"
	"github.com/otelaudit/otelaudit/internal/chconn"
	"github.com/otelaudit/otelaudit/internal/chhttp"
	"github.com/otelaudit/otelaudit/internal/spool"
	"github.com/otelaudit/otelaudit/redact"
	"github.com/otelaudit/otelaudit/redact/redactproc"
)

// DefaultSpoolDir is the spool directory Setup uses unless WithSpool names
// another, relative to the working directory.
const DefaultSpoolDir = "otelaudit-spool"

// defaultFsyncInterval is how often spans other than decisions are
// fsynced; decisions are fsynced before their End returns.
const defaultFsyncInterval = 200 * time.Millisecond

// Pipeline is a TracerProvider wired to ClickHouse by Setup, with the
// embedded store it started, if any.
type Pipeline struct {
	tp       *sdktrace.TracerProvider
	store    *chhttp.Server
	endpoint string

	shutdownOnce sync.Once
	shutdownErr  error
}

// Setup returns a pipeline whose TracerProvider
//   - samples every decision (DecisionSampler; WithSampler for the rest),
//   - redacts personal data and secrets from every ended span (redact.Default
//     unless WithRedactor says otherwise),
//   - appends each span to a durable on-disk spool before span.End returns
//     (a decision and its model and tool calls are fsynced by the time the
//     decision's End returns), and
//   - ships the spool to ClickHouse in batches, retrying until ClickHouse
//     acknowledges them, each batch exactly once.
//
// An invalid endpoint fails here; an unreachable ClickHouse does not: spans
// wait in the spool, and what is left at exit is sent by the next Setup on
// the same spool. By default it writes to exporter.DefaultEndpoint;
// WithEmbeddedStore runs the embedded ClickHouse instead. Call Shutdown to
// flush before the process exits.
func Setup(ctx context.Context, opts ...SetupOption) (*Pipeline, error) {
	cfg := newSetupConfig(opts)
	p := &Pipeline{endpoint: cfg.endpoint}
	if cfg.dataDir != "" {
		store, err := chhttp.Start(ctx, chhttp.Config{DataDir: cfg.dataDir})
		if err != nil {
			return nil, fmt.Errorf("otelaudit: start the embedded ClickHouse: %w", err)
		}
		p.store = store
		p.endpoint = store.DSN()
	}
	if _, err := chconn.Parse(p.endpoint, time.Second); err != nil {
		return nil, errors.Join(fmt.Errorf("otelaudit: %w", err), p.closeStore())
	}
	res, err := resource.Merge(resource.Default(), resource.NewSchemaless(otelsemconv.ServiceName(cfg.serviceName)))
	if err != nil {
		return nil, errors.Join(fmt.Errorf("otelaudit: build the resource: %w", err), p.closeStore())
	}
	if cfg.resource != nil {
		if res, err = resource.Merge(res, cfg.resource); err != nil {
			return nil, errors.Join(fmt.Errorf("otelaudit: merge the resource: %w", err), p.closeStore())
		}
	}
	delivery, err := durable.New(cfg.durableConfig(p.endpoint))
	if err != nil {
		return nil, errors.Join(fmt.Errorf("otelaudit: %w", err), p.closeStore())
	}
	redactor := cfg.redactor
	if redactor == nil {
		redactor = redact.Default()
	}
	// Redaction comes first: the spool, the exporter and ClickHouse only
	// ever see redacted spans.
	p.tp = sdktrace.NewTracerProvider(
		sdktrace.WithSampler(DecisionSampler(cfg.sampler)),
		sdktrace.WithResource(res),
		sdktrace.WithSpanProcessor(redactproc.New(delivery, redactor)))
	return p, nil
}

// durableConfig completes the delivery settings: the spool directory, the
// endpoint and exporter options, and the fsync policy.
func (c setupConfig) durableConfig(endpoint string) durable.Config {
	d := c.delivery
	if d.Dir == "" {
		d.Dir = c.spoolDir
	}
	if !c.deliverySet {
		d.FsyncPolicy = spool.FsyncEvery(defaultFsyncInterval)
		d.SyncDecisions = true
	}
	d.Exporter = append([]exporter.Option{exporter.WithEndpoint(endpoint)}, append(c.exporterOpts, d.Exporter...)...)
	if d.MeterProvider == nil {
		d.MeterProvider = c.meterProvider
	}
	return d
}

// TracerProvider returns the provider to create spans with.
func (p *Pipeline) TracerProvider() *sdktrace.TracerProvider { return p.tp }

// Recorder returns a Recorder on the pipeline's TracerProvider.
func (p *Pipeline) Recorder(opts ...RecorderOption) *Recorder { return NewRecorder(p.tp, opts...) }

// Endpoint returns the ClickHouse endpoint the pipeline writes to; for an
// embedded store, its loopback HTTP address.
func (p *Pipeline) Endpoint() string { return p.endpoint }

// Shutdown ships every recorded span to ClickHouse (or until ctx is done:
// what is left stays in the spool for the next start), then stops the
// exporter and the embedded store. It runs once; later calls return its
// result.
func (p *Pipeline) Shutdown(ctx context.Context) error {
	p.shutdownOnce.Do(func() {
		var errs []error
		if err := p.tp.Shutdown(ctx); err != nil {
			errs = append(errs, fmt.Errorf("otelaudit: flush spans: %w", err))
		}
		errs = append(errs, p.closeStore())
		p.shutdownErr = errors.Join(errs...)
	})
	return p.shutdownErr
}

func (p *Pipeline) closeStore() error {
	if p.store == nil {
		return nil
	}
	if err := p.store.Close(); err != nil {
		return fmt.Errorf("otelaudit: stop the embedded ClickHouse: %w", err)
	}
	return nil
}
