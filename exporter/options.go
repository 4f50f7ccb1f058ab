package exporter

import (
	"time"

	"github.com/otelaudit/otelaudit/internal/schema"
)

// DefaultEndpoint is the endpoint used when none is configured: the
// embedded store that "otelaudit serve" starts.
const DefaultEndpoint = "http://127.0.0.1:8123"

// DefaultDialTimeout bounds connecting to the server when WithDialTimeout
// is not given.
const DefaultDialTimeout = 10 * time.Second

// config is the resolved configuration of a Writer or SpanExporter.
type config struct {
	endpoint    string
	database    string // "" means: from the endpoint's path, else the default
	schema      schema.Config
	dialTimeout time.Duration
}

// newConfig applies opts over the defaults.
func newConfig(opts ...Option) config {
	c := config{
		endpoint:    DefaultEndpoint,
		dialTimeout: DefaultDialTimeout,
	}
	for _, o := range opts {
		c = o.apply(c)
	}
	return c
}

// Option configures a Writer or SpanExporter.
type Option interface {
	apply(config) config
}

// optionFunc adapts a function to Option.
type optionFunc func(config) config

func (f optionFunc) apply(c config) config { return f(c) }

// WithEndpoint sets the ClickHouse endpoint URL (default DefaultEndpoint):
// clickhouse://host:9000/db or tcp://host:9000/db for the native protocol,
// http://host:8123/db or https://host:8443/db for the HTTP protocol. The
// user and password come from the URL's userinfo, the database from its
// path; the query parameter compress (none, lz4, zstd, gzip, deflate, br)
// selects compression.
func WithEndpoint(url string) Option {
	return optionFunc(func(c config) config { c.endpoint = url; return c })
}

// WithDatabase sets the database of the tables, overriding the endpoint's
// path (default "otelaudit").
func WithDatabase(name string) Option {
	return optionFunc(func(c config) config { c.database = name; return c })
}

// WithTracesTable sets the name of the table of all spans (default
// "otel_traces").
func WithTracesTable(name string) Option {
	return optionFunc(func(c config) config { c.schema.TracesTable = name; return c })
}

// WithAuditTable sets the name of the table of decisions (default
// "audit_decisions").
func WithAuditTable(name string) Option {
	return optionFunc(func(c config) config { c.schema.AuditTable = name; return c })
}

// WithTracesTTL sets how long spans are kept in the traces table, rounded
// up to whole days (its parts are daily); 0, the default, keeps them
// forever. The audit table is never subject to a TTL.
func WithTracesTTL(ttl time.Duration) Option {
	return optionFunc(func(c config) config {
		const day = 24 * time.Hour
		days := 0
		if ttl > 0 {
			days = int((ttl + day - 1) / day)
		}
		c.schema.TracesTTLDays = days
		return c
	})
}

// WithCluster creates the tables in cluster mode on the named ClickHouse
// cluster: DDL ON CLUSTER, Replicated engines under "_local" tables and
// Distributed tables with the plain names, which the exporter writes to.
func WithCluster(name string) Option {
	return optionFunc(func(c config) config { c.schema.Cluster = name; return c })
}

// WithAuditColdVolume moves audit rows older than days to the named volume
// of the table's storage policy (policy "" keeps the server default). Audit
// rows are never deleted.
func WithAuditColdVolume(policy, volume string, days int) Option {
	return optionFunc(func(c config) config {
		c.schema.AuditStoragePolicy, c.schema.AuditColdVolume, c.schema.AuditColdAfterDays = policy, volume, days
		return c
	})
}

// WithDialTimeout bounds connecting to the server (default
// DefaultDialTimeout).
func WithDialTimeout(d time.Duration) Option {
	return optionFunc(func(c config) config { c.dialTimeout = d; return c })
}
