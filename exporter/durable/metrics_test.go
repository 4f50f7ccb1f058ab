package durable

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"testing"

	"go.opentelemetry.io/otel/attribute"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"
)

// points are collected metric values by name, then by attribute set
// ("decision=true,reason=full").
type points map[string]map[string]float64

// collect reads every metric from reader.
func collect(t testing.TB, reader *sdkmetric.ManualReader) points {
	t.Helper()
	var rm metricdata.ResourceMetrics
	if err := reader.Collect(context.Background(), &rm); err != nil {
		t.Fatal(err)
	}
	out := points{}
	for _, sm := range rm.ScopeMetrics {
		for _, m := range sm.Metrics {
			vals := map[string]float64{}
			switch d := m.Data.(type) {
			case metricdata.Sum[int64]:
				for _, dp := range d.DataPoints {
					vals[dp.Attributes.Encoded(attribute.DefaultEncoder())] += float64(dp.Value)
				}
			case metricdata.Gauge[int64]:
				for _, dp := range d.DataPoints {
					vals[dp.Attributes.Encoded(attribute.DefaultEncoder())] = float64(dp.Value)
				}
			case metricdata.Histogram[float64]:
				for _, dp := range d.DataPoints {
					vals[dp.Attributes.Encoded(attribute.DefaultEncoder())] += float64(dp.Count)
				}
			}
			out[m.Name] = vals
		}
	}
	return out
}

// sum adds the values of name whose attributes contain filter.
func (p points) sum(name, filter string) float64 {
	total := 0.0
	for attrs, v := range p[name] {
		if strings.Contains(attrs, filter) {
			total += v
		}
	}
	return total
}

// summary lists every value, for logs.
func (p points) summary() []string {
	var out []string
	for name, vals := range p {
		for attrs, v := range vals {
			out = append(out, fmt.Sprintf("%s{%s}=%g", name, attrs, v))
		}
	}
	sort.Strings(out)
	return out
}
