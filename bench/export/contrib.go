package exportbench

import (
	"encoding/hex"
	"fmt"
	"time"

	"github.com/ClickHouse/clickhouse-go/v2/lib/column"
	"github.com/ClickHouse/clickhouse-go/v2/lib/column/orderedmap"
	"github.com/ClickHouse/clickhouse-go/v2/lib/driver"
	"go.opentelemetry.io/collector/pdata/pcommon"
	"go.opentelemetry.io/collector/pdata/ptrace"
)

// The contrib clickhouseexporter (v0.165.1) converts spans in its
// tracesExporter.pushTraceData (exporter_traces.go), which is unexported
// and appends to a batch it prepares itself on a live connection: its
// exported API (NewFactory, Config) offers no way to hand it a batch. So
// ContribAppend is our own re-statement of the per-span work that function
// does, call for call, with the same public building blocks it uses
// (pcommon's AsString, clickhouse-go's orderedmap.CollectN, hex encoding of
// the ids, pdata's enum names) and the same 22 values per row, of the same
// Go types, passed to the same driver.Batch.Append. What it does, per
// resource, scope and span:
//
//   - resource: service.name via Get(...).AsString(); every resource
//     attribute rendered with AsString into an orderedmap.Map sized to the
//     attribute count (CollectN, which sorts the entries by key);
//   - scope: its name and version;
//   - span: the attributes rendered the same way; the duration as
//     EndTimestamp()-StartTimestamp() (a pcommon.Timestamp, which the UInt64
//     column converts); events into three slices (times, names, attribute
//     maps) and links into four (hex trace ids, hex span ids, trace states,
//     attribute maps), nil when there are none; ids as lowercase hex, ""
//     when empty; kind and status code as their pdata names; then one
//     batch.Append of the 22 values.
//
// Left out, because they are not conversion: the exporter's timing and
// debug logging, PrepareBatch and Send.
func ContribAppend(batch driver.Batch, td ptrace.Traces) error {
	for _, rs := range td.ResourceSpans().All() {
		resAttrs := rs.Resource().Attributes()
		var serviceName string
		if v, ok := resAttrs.Get("service.name"); ok {
			serviceName = v.AsString()
		}
		resMap := contribAttrs(resAttrs)
		for _, ss := range rs.ScopeSpans().All() {
			scopeName, scopeVersion := ss.Scope().Name(), ss.Scope().Version()
			for _, span := range ss.Spans().All() {
				status := span.Status()
				duration := span.EndTimestamp() - span.StartTimestamp()
				spanMap := contribAttrs(span.Attributes())
				evTimes, evNames, evAttrs := contribEvents(span.Events())
				lkTraceIDs, lkSpanIDs, lkStates, lkAttrs := contribLinks(span.Links())
				err := batch.Append(
					span.StartTimestamp().AsTime(),
					contribTraceID(span.TraceID()),
					contribSpanID(span.SpanID()),
					contribSpanID(span.ParentSpanID()),
					span.TraceState().AsRaw(),
					span.Name(),
					span.Kind().String(),
					serviceName,
					resMap,
					scopeName,
					scopeVersion,
					spanMap,
					duration,
					status.Code().String(),
					status.Message(),
					evTimes,
					evNames,
					evAttrs,
					lkTraceIDs,
					lkSpanIDs,
					lkStates,
					lkAttrs,
				)
				if err != nil {
					return fmt.Errorf("exportbench: contrib append: %w", err)
				}
			}
		}
	}
	return nil
}

// contribAttrs renders every attribute with AsString into a clickhouse-go
// ordered map, as the contrib exporter's AttributesToMap does.
func contribAttrs(m pcommon.Map) column.IterableOrderedMap {
	return orderedmap.CollectN(func(yield func(string, string) bool) {
		m.Range(func(k string, v pcommon.Value) bool { return yield(k, v.AsString()) })
	}, m.Len())
}

// contribEvents splits events into the Events.* column values.
func contribEvents(events ptrace.SpanEventSlice) ([]time.Time, []string, []column.IterableOrderedMap) {
	n := events.Len()
	if n == 0 {
		return nil, nil, nil
	}
	times := make([]time.Time, 0, n)
	names := make([]string, 0, n)
	attrs := make([]column.IterableOrderedMap, 0, n)
	for _, e := range events.All() {
		times = append(times, e.Timestamp().AsTime())
		names = append(names, e.Name())
		attrs = append(attrs, contribAttrs(e.Attributes()))
	}
	return times, names, attrs
}

// contribLinks splits links into the Links.* column values.
func contribLinks(links ptrace.SpanLinkSlice) ([]string, []string, []string, []column.IterableOrderedMap) {
	n := links.Len()
	if n == 0 {
		return nil, nil, nil, nil
	}
	traceIDs := make([]string, 0, n)
	spanIDs := make([]string, 0, n)
	states := make([]string, 0, n)
	attrs := make([]column.IterableOrderedMap, 0, n)
	for _, l := range links.All() {
		traceIDs = append(traceIDs, contribTraceID(l.TraceID()))
		spanIDs = append(spanIDs, contribSpanID(l.SpanID()))
		states = append(states, l.TraceState().AsRaw())
		attrs = append(attrs, contribAttrs(l.Attributes()))
	}
	return traceIDs, spanIDs, states, attrs
}

// contribTraceID is a trace id in lowercase hex, "" when empty.
func contribTraceID(id pcommon.TraceID) string {
	if id.IsEmpty() {
		return ""
	}
	return hex.EncodeToString(id[:])
}

// contribSpanID is a span id in lowercase hex, "" when empty.
func contribSpanID(id pcommon.SpanID) string {
	if id.IsEmpty() {
		return ""
	}
	return hex.EncodeToString(id[:])
}
