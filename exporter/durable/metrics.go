package durable

import (
	"context"
	"errors"
	"fmt"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/metric"

	"github.com/otelaudit/otelaudit/internal/spool"
)

// meterName is the instrumentation scope of the pipeline's metrics.
const meterName = "github.com/otelaudit/otelaudit/exporter/durable"

// Metric attribute keys.
const (
	attrDecision = attribute.Key("decision")
	attrReason   = attribute.Key("reason")
	attrOutcome  = attribute.Key("outcome")
)

// Reasons a span is dropped (attribute reason of otelaudit.spans.dropped).
const (
	reasonFull         = "full"
	reasonBlockTimeout = "block_timeout"
	reasonTooLarge     = "too_large"
	reasonEncode       = "encode"
	reasonShutdown     = "shutdown"
	reasonError        = "error"
)

// metrics holds the pipeline's instruments (documented in doc.go).
type metrics struct {
	recorded     metric.Int64Counter
	dropped      metric.Int64Counter
	exported     metric.Int64Counter
	deadLettered metric.Int64Counter
	retries      metric.Int64Counter
	duration     metric.Float64Histogram
	reg          metric.Registration
}

// newMetrics creates the instruments and registers the spool gauges.
func newMetrics(mp metric.MeterProvider, sp *spool.Spool) (*metrics, error) {
	if mp == nil {
		mp = otel.GetMeterProvider()
	}
	m := mp.Meter(meterName)
	var (
		ms   metrics
		errs []error
		err  error
	)
	counter := func(name, unit, desc string) metric.Int64Counter {
		c, err := m.Int64Counter(name, metric.WithUnit(unit), metric.WithDescription(desc))
		errs = append(errs, err)
		return c
	}
	ms.recorded = counter("otelaudit.spans.recorded", "{span}", "Spans appended to the durable spool (recorded).")
	ms.dropped = counter("otelaudit.spans.dropped", "{span}", "Spans that could not be stored in the spool.")
	ms.exported = counter("otelaudit.spans.exported", "{span}", "Spans acknowledged by ClickHouse.")
	ms.deadLettered = counter("otelaudit.spans.dead_lettered", "{span}", "Spans ClickHouse rejected for good, moved to the dead-letter file.")
	ms.retries = counter("otelaudit.export.retries", "{attempt}", "Failed sends to ClickHouse that will be retried.")
	ms.duration, err = m.Float64Histogram("otelaudit.export.duration", metric.WithUnit("s"),
		metric.WithDescription("Duration of each send of a batch to ClickHouse."),
		metric.WithExplicitBucketBoundaries(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30))
	errs = append(errs, err)
	pending, err := m.Int64ObservableGauge("otelaudit.spool.bytes", metric.WithUnit("By"),
		metric.WithDescription("Bytes in the spool not yet acknowledged by ClickHouse."))
	errs = append(errs, err)
	disk, err := m.Int64ObservableGauge("otelaudit.spool.disk.bytes", metric.WithUnit("By"),
		metric.WithDescription("Size of the spool's segment files."))
	errs = append(errs, err)
	if err := errors.Join(errs...); err != nil {
		return nil, fmt.Errorf("durable: create metrics: %w", err)
	}
	ms.reg, err = m.RegisterCallback(func(_ context.Context, o metric.Observer) error {
		st := sp.Stats()
		o.ObserveInt64(pending, st.PendingBytes)
		o.ObserveInt64(disk, st.DiskBytes)
		return nil
	}, pending, disk)
	if err != nil {
		return nil, fmt.Errorf("durable: register spool gauges: %w", err)
	}
	return &ms, nil
}

// decisionAttr is the attribute set {decision: d}.
func decisionAttr(d bool) metric.MeasurementOption {
	if d {
		return decisionTrue
	}
	return decisionFalse
}

var (
	decisionTrue  = metric.WithAttributeSet(attribute.NewSet(attrDecision.Bool(true)))
	decisionFalse = metric.WithAttributeSet(attribute.NewSet(attrDecision.Bool(false)))
)

// addSpans adds a summary's decisions and other spans to c.
func addSpans(c metric.Int64Counter, s summary) {
	ctx := context.Background()
	if s.decisions > 0 {
		c.Add(ctx, int64(s.decisions), decisionTrue)
	}
	if n := s.spans - s.decisions; n > 0 {
		c.Add(ctx, int64(n), decisionFalse)
	}
}
