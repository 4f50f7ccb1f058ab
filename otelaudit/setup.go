package otelaudit

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"go.opentelemetry.io/otel/sdk/resource"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	otelsemconv "go.opentelemetry.io/otel/semconv/v1.41.0"

	"github.com/otelaudit/otelaudit/exporter"
	"github.com/otelaudit/otelaudit/internal/chhttp"
)

// Pipeline is a TracerProvider wired to ClickHouse by Setup, with the
// embedded store it started, if any.
type Pipeline struct {
	tp       *sdktrace.TracerProvider
	store    *chhttp.Server
	endpoint string

	shutdownOnce sync.Once
	shutdownErr  error
}

// Setup returns a pipeline whose TracerProvider samples every decision,
// batches spans without ever dropping one (a full queue blocks the caller
// instead), and exports them to ClickHouse; the schema is created on start.
// By default it writes to the ClickHouse endpoint exporter.DefaultEndpoint;
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
	exp, err := exporter.New(ctx, append([]exporter.Option{exporter.WithEndpoint(p.endpoint)}, cfg.exporterOpts...)...)
	if err != nil {
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
	batcher := sdktrace.NewBatchSpanProcessor(exp,
		sdktrace.WithBlocking(),
		sdktrace.WithMaxQueueSize(cfg.queueSize),
		sdktrace.WithMaxExportBatchSize(cfg.batchSize),
		sdktrace.WithBatchTimeout(cfg.batchTimeout))
	p.tp = sdktrace.NewTracerProvider(
		sdktrace.WithSampler(DecisionSampler(cfg.sampler)),
		sdktrace.WithResource(res),
		sdktrace.WithSpanProcessor(batcher))
	return p, nil
}

// TracerProvider returns the provider to create spans with.
func (p *Pipeline) TracerProvider() *sdktrace.TracerProvider { return p.tp }

// Recorder returns a Recorder on the pipeline's TracerProvider.
func (p *Pipeline) Recorder(opts ...RecorderOption) *Recorder { return NewRecorder(p.tp, opts...) }

// Endpoint returns the ClickHouse endpoint the pipeline writes to; for an
// embedded store, its loopback HTTP address.
func (p *Pipeline) Endpoint() string { return p.endpoint }

// Shutdown flushes every ended span to ClickHouse, then stops the exporter
// and the embedded store. It runs once; later calls return its result.
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
