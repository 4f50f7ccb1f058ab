package otelaudit

import (
	"time"

	"go.opentelemetry.io/otel/sdk/resource"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"

	"github.com/otelaudit/otelaudit/exporter"
)

// setupConfig holds what Setup builds.
type setupConfig struct {
	endpoint     string
	dataDir      string
	serviceName  string
	resource     *resource.Resource
	sampler      sdktrace.Sampler
	exporterOpts []exporter.Option
	queueSize    int
	batchSize    int
	batchTimeout time.Duration
}

// SetupOption configures Setup.
type SetupOption interface {
	applySetup(*setupConfig)
}

type setupOptionFunc func(*setupConfig)

func (f setupOptionFunc) applySetup(c *setupConfig) { f(c) }

func newSetupConfig(opts []SetupOption) setupConfig {
	c := setupConfig{
		endpoint:     exporter.DefaultEndpoint,
		serviceName:  "otelaudit-agent",
		sampler:      sdktrace.AlwaysSample(),
		queueSize:    8192,
		batchSize:    1024,
		batchTimeout: time.Second,
	}
	for _, o := range opts {
		o.applySetup(&c)
	}
	return c
}

// WithEndpoint sets the ClickHouse endpoint to write to, e.g.
// "clickhouse://user:pass@host:9000/otelaudit" or "http://host:8123".
func WithEndpoint(url string) SetupOption {
	return setupOptionFunc(func(c *setupConfig) { c.endpoint = url })
}

// WithEmbeddedStore runs the embedded ClickHouse (chDB) on dataDir for the
// life of the pipeline and writes there; no server is needed. One process
// at a time can hold a data directory.
func WithEmbeddedStore(dataDir string) SetupOption {
	return setupOptionFunc(func(c *setupConfig) { c.dataDir = dataDir })
}

// WithServiceName sets the service.name resource attribute
// (default "otelaudit-agent").
func WithServiceName(name string) SetupOption {
	return setupOptionFunc(func(c *setupConfig) { c.serviceName = name })
}

// WithResource merges res into the pipeline's resource.
func WithResource(res *resource.Resource) SetupOption {
	return setupOptionFunc(func(c *setupConfig) { c.resource = res })
}

// WithSampler sets the sampler for spans that are not decisions (default
// always on). Decisions are always sampled, and spans inside a decision
// follow it.
func WithSampler(s sdktrace.Sampler) SetupOption {
	return setupOptionFunc(func(c *setupConfig) { c.sampler = s })
}

// WithExporterOptions passes options to the ClickHouse exporter, e.g.
// exporter.WithDatabase.
func WithExporterOptions(opts ...exporter.Option) SetupOption {
	return setupOptionFunc(func(c *setupConfig) { c.exporterOpts = append(c.exporterOpts, opts...) })
}

// WithBatching sets the span batcher's queue size, export batch size and
// the longest a span waits before export.
func WithBatching(queueSize, batchSize int, timeout time.Duration) SetupOption {
	return setupOptionFunc(func(c *setupConfig) {
		c.queueSize, c.batchSize, c.batchTimeout = queueSize, batchSize, timeout
	})
}
