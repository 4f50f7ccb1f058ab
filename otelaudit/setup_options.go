package otelaudit

import (
	"go.opentelemetry.io/otel/metric"
	"go.opentelemetry.io/otel/sdk/resource"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"

	"github.com/otelaudit/otelaudit/exporter"
	"github.com/otelaudit/otelaudit/exporter/durable"
	"github.com/otelaudit/otelaudit/redact"
)

// setupConfig holds what Setup builds.
type setupConfig struct {
	endpoint      string
	dataDir       string
	serviceName   string
	resource      *resource.Resource
	sampler       sdktrace.Sampler
	exporterOpts  []exporter.Option
	redactor      *redact.Redactor
	spoolDir      string
	delivery      durable.Config
	deliverySet   bool
	meterProvider metric.MeterProvider
}

// SetupOption configures Setup.
type SetupOption interface {
	applySetup(*setupConfig)
}

type setupOptionFunc func(*setupConfig)

func (f setupOptionFunc) applySetup(c *setupConfig) { f(c) }

func newSetupConfig(opts []SetupOption) setupConfig {
	c := setupConfig{
		endpoint:    exporter.DefaultEndpoint,
		serviceName: "otelaudit-agent",
		sampler:     sdktrace.AlwaysSample(),
		spoolDir:    DefaultSpoolDir,
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

// WithSpool sets the spool directory (default DefaultSpoolDir). One
// process at a time can use it; what a process leaves there is sent by the
// next one.
func WithSpool(dir string) SetupOption {
	return setupOptionFunc(func(c *setupConfig) { c.spoolDir = dir })
}

// WithDelivery replaces the durable delivery settings: spool size and full
// policy, fsync policy, batch sizes, retry bounds. Fields left zero take
// durable's defaults; Dir defaults to the WithSpool directory. Without this
// option Setup fsyncs each decision before its End returns and other spans
// within 200ms.
func WithDelivery(cfg durable.Config) SetupOption {
	return setupOptionFunc(func(c *setupConfig) { c.delivery, c.deliverySet = cfg, true })
}

// WithMeterProvider sets where the pipeline's own metrics go (decisions
// recorded, exported, retried, dropped, dead-lettered, spool bytes, export
// latency); the default is the global MeterProvider.
func WithMeterProvider(mp metric.MeterProvider) SetupOption {
	return setupOptionFunc(func(c *setupConfig) { c.meterProvider = mp })
}

// WithRedactor sets the redaction rules applied to every span before it is
// batched and exported (default redact.Default(): every detector, masking).
// There is no option to turn redaction off.
func WithRedactor(r *redact.Redactor) SetupOption {
	return setupOptionFunc(func(c *setupConfig) { c.redactor = r })
}
