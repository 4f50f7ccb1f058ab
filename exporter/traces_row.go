package exporter

import (
	"encoding/hex"
	"fmt"
	"time"

	"github.com/ClickHouse/clickhouse-go/v2/lib/column"
	"github.com/ClickHouse/clickhouse-go/v2/lib/driver"
	"go.opentelemetry.io/collector/pdata/pcommon"
	"go.opentelemetry.io/collector/pdata/ptrace"
)

// serviceNameKey is the resource attribute naming the service.
const serviceNameKey = "service.name"

// resourceInfo is what every row of one ResourceSpans shares.
type resourceInfo struct {
	serviceName string
	attributes  *attrMap
}

// AppendTraces appends a traces row for every span of td to batch, whose
// columns must be those of the traces insert statement (schema.TracesInsert),
// in its order. It is what the Writer does with every traces batch,
// exported for the benchmarks and for callers that prepare their own
// batches. On error the batch holds a partial block: abort it.
func AppendTraces(batch driver.Batch, td ptrace.Traces) error {
	return newTracesBlock(td).appendTo(batch)
}

// tracesBlock holds the traces rows of one batch column by column, in the
// column order of schema.TracesInsert. Appending whole columns costs the
// driver far less than a row at a time: one call per column instead of
// one interface value per cell.
type tracesBlock struct {
	spans []ptrace.Span // the source span of each row

	timestamp     []time.Time
	traceID       []string
	spanID        []string
	parentSpanID  []string
	traceState    []string
	spanName      []string
	spanKind      []string
	serviceName   []string
	resourceAttrs []*attrMap
	scopeName     []string
	scopeVersion  []string
	spanAttrs     []*attrMap
	duration      []uint64
	statusCode    []string
	statusMessage []string

	// Array columns hold pointers: the driver boxes each element, and a
	// pointer boxes for free. Event names are canonical pointers (see
	// keyInterner), as Events.Name is an Array(LowCardinality(String)).
	eventsTimestamp [][]*time.Time
	eventsName      [][]*string
	eventsAttrs     [][]column.IterableOrderedMap

	linksTraceID    [][]*string
	linksSpanID     [][]*string
	linksTraceState [][]*string
	linksAttrs      [][]column.IterableOrderedMap

	// intern gives the canonical pointers of the batch's LowCardinality
	// values: map keys, event names and the LowCardinality columns.
	intern *keyInterner
	// The arrays of every row are carved from these, one allocation each
	// per batch rather than per row.
	evTimes    []time.Time
	evTimePtrs []*time.Time
	evNames    []*string
	evAttrs    []column.IterableOrderedMap
	lkStrs     []string
	lkStrPtrs  []*string
	lkAttrs    []column.IterableOrderedMap
}

// newTracesBlock maps every span of td as the contrib clickhouseexporter
// does (the tests check it against the row-by-row reference newTraceRow).
func newTracesBlock(td ptrace.Traces) *tracesBlock {
	n := td.SpanCount()
	var maps, entries, events, links int
	for _, rs := range td.ResourceSpans().All() {
		maps++
		entries += rs.Resource().Attributes().Len()
		for _, ss := range rs.ScopeSpans().All() {
			for _, span := range ss.Spans().All() {
				maps++
				entries += span.Attributes().Len()
				events += span.Events().Len()
				for _, e := range span.Events().All() {
					entries += e.Attributes().Len()
				}
				links += span.Links().Len()
				for _, l := range span.Links().All() {
					entries += l.Attributes().Len()
				}
			}
		}
	}
	maps += events + links
	intern := new(keyInterner)
	arena := newAttrArena(maps, entries, intern)
	// All ids of a batch in hex, in one allocation: trace, span and parent
	// span id of each span, 64 characters.
	ids := make([]byte, 0, n*idsHexLen)
	b := &tracesBlock{
		spans:           make([]ptrace.Span, 0, n),
		timestamp:       make([]time.Time, 0, n),
		traceID:         make([]string, 0, n),
		spanID:          make([]string, 0, n),
		parentSpanID:    make([]string, 0, n),
		traceState:      make([]string, 0, n),
		spanName:        make([]string, 0, n),
		spanKind:        make([]string, 0, n),
		serviceName:     make([]string, 0, n),
		resourceAttrs:   make([]*attrMap, 0, n),
		scopeName:       make([]string, 0, n),
		scopeVersion:    make([]string, 0, n),
		spanAttrs:       make([]*attrMap, 0, n),
		duration:        make([]uint64, 0, n),
		statusCode:      make([]string, 0, n),
		statusMessage:   make([]string, 0, n),
		eventsTimestamp: make([][]*time.Time, 0, n),
		eventsName:      make([][]*string, 0, n),
		eventsAttrs:     make([][]column.IterableOrderedMap, 0, n),
		linksTraceID:    make([][]*string, 0, n),
		linksSpanID:     make([][]*string, 0, n),
		linksTraceState: make([][]*string, 0, n),
		linksAttrs:      make([][]column.IterableOrderedMap, 0, n),
		intern:          intern,
		evTimes:         make([]time.Time, 0, events),
		evTimePtrs:      make([]*time.Time, 0, events),
		evNames:         make([]*string, 0, events),
		evAttrs:         make([]column.IterableOrderedMap, 0, events),
		lkStrs:          make([]string, 0, 3*links),
		lkStrPtrs:       make([]*string, 0, 3*links),
		lkAttrs:         make([]column.IterableOrderedMap, 0, links),
	}
	for _, rs := range td.ResourceSpans().All() {
		res := resourceInfo{
			serviceName: resourceServiceName(rs.Resource()),
			attributes:  arena.attrMap(rs.Resource().Attributes(), resourceMap),
		}
		for _, ss := range rs.ScopeSpans().All() {
			scopeName, scopeVersion := ss.Scope().Name(), ss.Scope().Version()
			for _, span := range ss.Spans().All() {
				ids = appendIDsHex(ids, span)
				b.spans = append(b.spans, span)
				b.timestamp = append(b.timestamp, span.StartTimestamp().AsTime())
				b.traceState = append(b.traceState, span.TraceState().AsRaw())
				b.spanName = append(b.spanName, span.Name())
				b.spanKind = append(b.spanKind, span.Kind().String())
				b.serviceName = append(b.serviceName, res.serviceName)
				b.resourceAttrs = append(b.resourceAttrs, res.attributes)
				b.scopeName = append(b.scopeName, scopeName)
				b.scopeVersion = append(b.scopeVersion, scopeVersion)
				b.spanAttrs = append(b.spanAttrs, arena.attrMap(span.Attributes(), spanMap))
				b.duration = append(b.duration, spanDuration(span))
				b.statusCode = append(b.statusCode, span.Status().Code().String())
				b.statusMessage = append(b.statusMessage, span.Status().Message())
				b.appendEvents(span.Events(), arena)
				b.appendLinks(span.Links(), arena)
			}
		}
	}
	// Slice the ids only now that ids no longer grows.
	all := string(ids)
	for i := range b.spans {
		off := i * idsHexLen
		b.traceID = append(b.traceID, hexOrEmpty(all[off:off+32]))
		b.spanID = append(b.spanID, hexOrEmpty(all[off+32:off+48]))
		b.parentSpanID = append(b.parentSpanID, hexOrEmpty(all[off+48:off+64]))
	}
	return b
}

// idsHexLen is the length of a span's trace, span and parent span ids in hex.
const idsHexLen = 32 + 16 + 16

// appendIDsHex appends the span's trace, span and parent span ids in hex.
func appendIDsHex(dst []byte, span ptrace.Span) []byte {
	t, s, p := span.TraceID(), span.SpanID(), span.ParentSpanID()
	dst = hex.AppendEncode(dst, t[:])
	dst = hex.AppendEncode(dst, s[:])
	return hex.AppendEncode(dst, p[:])
}

// hexOrEmpty returns "" for an all-zero (empty) id, as traceIDHex does.
func hexOrEmpty(h string) string {
	for i := range len(h) {
		if h[i] != '0' {
			return h
		}
	}
	return ""
}

// appendEvents adds the Events.* values of one row.
func (b *tracesBlock) appendEvents(events ptrace.SpanEventSlice, arena *attrArena) {
	n := events.Len()
	if n == 0 {
		b.eventsTimestamp = append(b.eventsTimestamp, nil)
		b.eventsName = append(b.eventsName, nil)
		b.eventsAttrs = append(b.eventsAttrs, nil)
		return
	}
	start := len(b.evTimes)
	if start+n > cap(b.evTimes) { // td changed since it was counted: fresh arrays
		start = 0
		b.evTimes = make([]time.Time, 0, n)
		b.evTimePtrs = make([]*time.Time, 0, n)
		b.evNames = make([]*string, 0, n)
		b.evAttrs = make([]column.IterableOrderedMap, 0, n)
	}
	var prevName *string
	for _, e := range events.All() {
		b.evTimes = append(b.evTimes, e.Timestamp().AsTime())
		b.evTimePtrs = append(b.evTimePtrs, &b.evTimes[len(b.evTimes)-1])
		if name := e.Name(); prevName == nil || *prevName != name {
			prevName = b.intern.ptr(name)
		}
		b.evNames = append(b.evNames, prevName)
		b.evAttrs = append(b.evAttrs, arena.attrMap(e.Attributes(), eventMap))
	}
	end := len(b.evTimes)
	b.eventsTimestamp = append(b.eventsTimestamp, b.evTimePtrs[start:end:end])
	b.eventsName = append(b.eventsName, b.evNames[start:end:end])
	b.eventsAttrs = append(b.eventsAttrs, b.evAttrs[start:end:end])
}

// appendLinks adds the Links.* values of one row.
func (b *tracesBlock) appendLinks(links ptrace.SpanLinkSlice, arena *attrArena) {
	n := links.Len()
	if n == 0 {
		b.linksTraceID = append(b.linksTraceID, nil)
		b.linksSpanID = append(b.linksSpanID, nil)
		b.linksTraceState = append(b.linksTraceState, nil)
		b.linksAttrs = append(b.linksAttrs, nil)
		return
	}
	if len(b.lkAttrs)+n > cap(b.lkAttrs) { // td changed since it was counted: fresh arrays
		b.lkStrs = make([]string, 0, 3*n)
		b.lkStrPtrs = make([]*string, 0, 3*n)
		b.lkAttrs = make([]column.IterableOrderedMap, 0, n)
	}
	// The strings of this row: n trace ids, n span ids, n trace states.
	s := len(b.lkStrs)
	b.lkStrs = b.lkStrs[:s+3*n]
	b.lkStrPtrs = b.lkStrPtrs[:s+3*n]
	a := len(b.lkAttrs)
	for i, l := range links.All() {
		b.lkStrs[s+i] = traceIDHex(l.TraceID())
		b.lkStrs[s+n+i] = spanIDHex(l.SpanID())
		b.lkStrs[s+2*n+i] = l.TraceState().AsRaw()
		b.lkAttrs = append(b.lkAttrs, arena.attrMap(l.Attributes(), linkMap))
	}
	for i := s; i < s+3*n; i++ {
		b.lkStrPtrs[i] = &b.lkStrs[i]
	}
	b.linksTraceID = append(b.linksTraceID, b.lkStrPtrs[s:s+n:s+n])
	b.linksSpanID = append(b.linksSpanID, b.lkStrPtrs[s+n:s+2*n:s+2*n])
	b.linksTraceState = append(b.linksTraceState, b.lkStrPtrs[s+2*n:s+3*n:s+3*n])
	b.linksAttrs = append(b.linksAttrs, b.lkAttrs[a:a+n:a+n])
}

// tracesColumnNames are the names of the traces insert's columns, in
// order, for error messages.
var tracesColumnNames = [...]string{
	"Timestamp", "TraceId", "SpanId", "ParentSpanId", "TraceState", "SpanName",
	"SpanKind", "ServiceName", "ResourceAttributes", "ScopeName", "ScopeVersion",
	"SpanAttributes", "Duration", "StatusCode", "StatusMessage",
	"Events.Timestamp", "Events.Name", "Events.Attributes",
	"Links.TraceId", "Links.SpanId", "Links.TraceState", "Links.Attributes",
}

// appendTo appends the block's columns to batch.
func (b *tracesBlock) appendTo(batch driver.Batch) error {
	if len(b.spans) == 0 {
		return nil
	}
	if n := len(batch.Columns()); n != len(tracesColumnNames) {
		return fmt.Errorf("exporter: traces batch has %d columns, want %d", n, len(tracesColumnNames))
	}
	cols := [...]any{
		b.timestamp, b.traceID, b.spanID, b.parentSpanID, b.traceState,
		lowCardinality{b.spanName, b.intern}, lowCardinality{b.spanKind, b.intern},
		lowCardinality{b.serviceName, b.intern},
		b.resourceAttrs, b.scopeName, b.scopeVersion, b.spanAttrs, b.duration,
		lowCardinality{b.statusCode, b.intern}, b.statusMessage,
		b.eventsTimestamp, b.eventsName, b.eventsAttrs,
		b.linksTraceID, b.linksSpanID, b.linksTraceState, b.linksAttrs,
	}
	for i, values := range cols {
		if err := appendColumn(batch.Column(i), values); err != nil {
			return fmt.Errorf("exporter: append traces column %s: %w", tracesColumnNames[i], err)
		}
	}
	return nil
}

// lowCardinality marks the values of a LowCardinality(String) column,
// appended as canonical pointers from intern (see keyInterner).
type lowCardinality struct {
	values []string
	intern *keyInterner
}

// appendColumn appends the values of one column. Plain columns take their
// whole slice in one call. LowCardinality columns are appended a row at a
// time, the driver's column-wise path for them being reflection per row
// anyway, each value as its canonical pointer; a value equal to the row
// before reuses its pointer without a lookup, as consecutive spans mostly
// share names, kinds and services. Map and array columns take their values
// a row at a time.
func appendColumn(col driver.BatchColumn, values any) error {
	switch v := values.(type) {
	case lowCardinality:
		var prev *string
		for _, s := range v.values {
			if prev == nil || *prev != s {
				prev = v.intern.ptr(s)
			}
			if err := col.AppendRow(prev); err != nil {
				return err
			}
		}
		return nil
	case []*attrMap:
		for _, m := range v {
			if err := col.AppendRow(m); err != nil {
				return err
			}
		}
		return nil
	case [][]*time.Time:
		return appendRows(col, v)
	case [][]*string:
		return appendRows(col, v)
	case [][]column.IterableOrderedMap:
		return appendRows(col, v)
	}
	return col.Append(values)
}

// appendRows appends one array value per row. Empty rows share one boxed
// empty array.
func appendRows[T any](col driver.BatchColumn, rows [][]T) error {
	var empty any = []T(nil)
	for _, r := range rows {
		v := empty
		if len(r) > 0 {
			v = r
		}
		if err := col.AppendRow(v); err != nil {
			return err
		}
	}
	return nil
}

// spanDuration is end minus start in nanoseconds, 0 when the end precedes
// the start.
func spanDuration(span ptrace.Span) uint64 {
	start, end := span.StartTimestamp(), span.EndTimestamp()
	if end < start {
		return 0
	}
	return uint64(end - start)
}

// traceIDHex renders a trace id as lowercase hex, "" when empty.
func traceIDHex(id pcommon.TraceID) string {
	if id.IsEmpty() {
		return ""
	}
	return hex.EncodeToString(id[:])
}

// spanIDHex renders a span id as lowercase hex, "" when empty.
func spanIDHex(id pcommon.SpanID) string {
	if id.IsEmpty() {
		return ""
	}
	return hex.EncodeToString(id[:])
}
