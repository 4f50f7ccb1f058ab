package exporter

import (
	"context"
	"fmt"
	"maps"
	"reflect"
	"strings"
	"testing"
	"time"

	"go.opentelemetry.io/collector/pdata/pcommon"
	"go.opentelemetry.io/collector/pdata/ptrace"

	"github.com/otelaudit/otelaudit/internal/native"
	"github.com/otelaudit/otelaudit/internal/schema"
)

func TestNewTraceRow(t *testing.T) {
	td := sampleTraces()
	rs := td.ResourceSpans().At(0)
	ss := rs.ScopeSpans().At(0)
	res := newResourceInfo(rs.Resource())
	r := newTraceRow(res, ss.Scope(), ss.Spans().At(0))

	checks := []struct {
		name      string
		got, want any
	}{
		{"Timestamp", r.Timestamp, sampleStart},
		{"TraceId", r.TraceID, "4bf92f3577b34da6a3ce929d0e0e4736"},
		{"SpanId", r.SpanID, "00f067aa0ba90201"},
		{"ParentSpanId", r.ParentSpanID, "00f067aa0ba90209"},
		{"TraceState", r.TraceState, "vendor=value"},
		{"SpanName", r.SpanName, "invoke_agent refund-agent"},
		{"SpanKind", r.SpanKind, "Internal"},
		{"ServiceName", r.ServiceName, "support-bot"},
		{"ScopeName", r.ScopeName, "github.com/otelaudit/otelaudit"},
		{"ScopeVersion", r.ScopeVersion, "0.1.0"},
		{"Duration", r.Duration, uint64(1500*time.Millisecond + 7)},
		{"StatusCode", r.StatusCode, "Error"},
		{"StatusMessage", r.StatusMessage, "upstream 429"},
		{"Events.Timestamp", r.EventsTimestamp, []time.Time{sampleStart.Add(time.Millisecond + 1), sampleStart.Add(2*time.Millisecond + 3)}},
		{"Events.Name", r.EventsName, []string{"retry", "done"}},
		{"Links.TraceId", r.LinksTraceID, []string{"aa0102030405060708090a0b0c0d0e0f"}},
		{"Links.SpanId", r.LinksSpanID, []string{"bb01020304050607"}},
		{"Links.TraceState", r.LinksTraceState, []string{"k=v"}},
		{"ResourceAttributes", r.ResourceAttributes.asMap(), map[string]string{"service.name": "support-bot", "deployment.environment.name": "prod"}},
		{"Events.Attributes[0]", r.EventsAttributes[0].asMap(), map[string]string{"attempt": "2"}},
		{"Events.Attributes[1]", r.EventsAttributes[1].asMap(), map[string]string{}},
		{"Links.Attributes[0]", r.LinksAttributes[0].asMap(), map[string]string{"link.reason": "follows"}},
	}
	for _, c := range checks {
		t.Run(c.name, func(t *testing.T) {
			if tm, ok := c.want.(time.Time); ok {
				if !tm.Equal(c.got.(time.Time)) {
					t.Errorf("got %v, want %v", c.got, c.want)
				}
				return
			}
			if !reflect.DeepEqual(c.got, c.want) {
				t.Errorf("got %#v, want %#v", c.got, c.want)
			}
		})
	}

	attrs := r.SpanAttributes.asMap()
	for k, want := range map[string]string{
		"gen_ai.usage.input_tokens": "1200",
		"audit.cost.usd":            "0.01234",
		"audit.redaction.kinds":     `["email","card"]`,
		"retried":                   "true",
		"gen_ai.system":             "openai", // the traces table keeps names as sent
	} {
		if attrs[k] != want {
			t.Errorf("SpanAttributes[%s] = %q, want %q", k, attrs[k], want)
		}
	}
	if len(attrs) != ss.Spans().At(0).Attributes().Len() {
		t.Errorf("SpanAttributes has %d entries, span has %d", len(attrs), ss.Spans().At(0).Attributes().Len())
	}
}

func TestNewTraceRowEmpty(t *testing.T) {
	span := ptrace.NewSpan()
	span.SetStartTimestamp(10)
	span.SetEndTimestamp(5) // end before start
	r := newTraceRow(newResourceInfo(pcommon.NewResource()), pcommon.NewInstrumentationScope(), span)
	if r.TraceID != "" || r.SpanID != "" || r.ParentSpanID != "" {
		t.Errorf("empty ids rendered as %q %q %q", r.TraceID, r.SpanID, r.ParentSpanID)
	}
	if r.Duration != 0 {
		t.Errorf("duration = %d, want 0", r.Duration)
	}
	if r.SpanKind != "Unspecified" || r.StatusCode != "Unset" {
		t.Errorf("kind/status = %q/%q", r.SpanKind, r.StatusCode)
	}
	if r.EventsName != nil || r.LinksTraceID != nil {
		t.Error("empty events or links allocated")
	}
	if r.ServiceName != "" || len(r.SpanAttributes.asMap()) != 0 {
		t.Errorf("service %q attrs %v", r.ServiceName, r.SpanAttributes.asMap())
	}
}

func TestSpanKindAndStatusNames(t *testing.T) {
	// The contrib exporter stores pdata's names; so must we.
	kinds := map[ptrace.SpanKind]string{
		ptrace.SpanKindUnspecified: "Unspecified", ptrace.SpanKindInternal: "Internal",
		ptrace.SpanKindServer: "Server", ptrace.SpanKindClient: "Client",
		ptrace.SpanKindProducer: "Producer", ptrace.SpanKindConsumer: "Consumer",
	}
	for k, want := range kinds {
		span := ptrace.NewSpan()
		span.SetKind(k)
		if got := newTraceRow(resourceInfo{attributes: &attrMap{}}, pcommon.NewInstrumentationScope(), span).SpanKind; got != want {
			t.Errorf("kind %d = %q, want %q", k, got, want)
		}
	}
	codes := map[ptrace.StatusCode]string{ptrace.StatusCodeUnset: "Unset", ptrace.StatusCodeOk: "Ok", ptrace.StatusCodeError: "Error"}
	got := map[ptrace.StatusCode]string{}
	for c := range maps.Keys(codes) {
		got[c] = c.String()
	}
	if !reflect.DeepEqual(got, codes) {
		t.Errorf("status names = %v, want %v", got, codes)
	}
}

// repeatedKeysTraces returns spans whose maps carry the same keys in
// different positions and orders (so the position-wise key reuse misses
// and falls back to the interner), alternating span names, kinds and
// event names, and two resources. first numbers the span ids.
func repeatedKeysTraces(first int) ptrace.Traces {
	td := ptrace.NewTraces()
	keys := []string{"k1", "k2", "k3", "k4"}
	id := first
	for r := range 2 {
		rs := td.ResourceSpans().AppendEmpty()
		if r == 0 {
			rs.Resource().Attributes().PutStr("service.name", "svc-a")
			rs.Resource().Attributes().PutStr("k1", "res-a")
		} else {
			rs.Resource().Attributes().PutStr("k1", "res-b")
			rs.Resource().Attributes().PutStr("service.name", "svc-b")
		}
		ss := rs.ScopeSpans().AppendEmpty()
		for i := range 6 {
			s := ss.Spans().AppendEmpty()
			s.SetTraceID(pcommon.TraceID{1, byte(r)})
			s.SetSpanID(pcommon.SpanID{0, 0, 0, 0, 0, 0, 0, byte(id)})
			id++
			s.SetName([]string{"alpha", "beta"}[i%2])
			s.SetKind([]ptrace.SpanKind{ptrace.SpanKindServer, ptrace.SpanKindClient, ptrace.SpanKindServer}[i%3])
			s.SetStartTimestamp(pcommon.NewTimestampFromTime(sampleStart))
			s.SetEndTimestamp(pcommon.NewTimestampFromTime(sampleStart.Add(5)))
			// Rotate the keys: every span has them at other positions.
			for j := range len(keys) - i%2 {
				k := keys[(i+j)%len(keys)]
				s.Attributes().PutStr(k, fmt.Sprintf("%s=%d", k, id))
			}
			for e := range 3 {
				ev := s.Events().AppendEmpty()
				ev.SetName([]string{"call", "result", "call"}[e])
				ev.SetTimestamp(pcommon.NewTimestampFromTime(sampleStart.Add(1)))
				ev.Attributes().PutStr(keys[(e+i)%4], fmt.Sprintf("ev%d", e))
				ev.Attributes().PutStr(keys[(e+i+2)%4], fmt.Sprintf("ev%d'", e))
			}
			if i%2 == 0 {
				l := s.Links().AppendEmpty()
				l.SetTraceID(pcommon.TraceID{2})
				l.SetSpanID(pcommon.SpanID{3})
				l.Attributes().PutStr(keys[i%4], "link")
				l.Attributes().PutStr("k1", "linkk1")
			}
		}
	}
	return td
}

// TestRoundTripRepeatedKeys writes maps with repeated keys in different
// positions, once through the Writer and once as two AppendTraces on one
// block, and reads every column back, and key lookups.
func TestRoundTripRepeatedKeys(t *testing.T) {
	needEngine(t)
	ctx := context.Background()
	w := newTestWriter(t, "rt_repeated")
	td1 := repeatedKeysTraces(0)
	if err := w.WriteTraces(ctx, td1); err != nil {
		t.Fatalf("WriteTraces: %v", err)
	}
	// Two batches in one block: each key text is once in its dictionary.
	b := NewBlocks()
	td2, td3 := repeatedKeysTraces(100), repeatedKeysTraces(200)
	b.AppendTraces(td2)
	b.AppendTraces(td3)
	if err := w.inserter.Insert(ctx, w.tracesSQL, b.Traces()); err != nil {
		t.Fatalf("insert: %v", err)
	}

	conn := openReader(t)
	var want []storedTraceRow
	for _, td := range []ptrace.Traces{td1, td2, td3} {
		rows, _ := expectedRows(td)
		want = append(want, rows...)
	}
	got := readTraces(t, conn, "rt_repeated", "otel_traces")
	if len(got) != len(want) {
		t.Fatalf("read %d spans, want %d", len(got), len(want))
	}
	byID := make(map[string]storedTraceRow)
	for _, r := range want {
		byID[r.SpanID] = r
	}
	for i := range got {
		w := byID[got[i].SpanID]
		g, wn := normalize(&got[i]), normalize(&w)
		if !reflect.DeepEqual(g, wn) {
			t.Errorf("span %s:\n got %+v\nwant %+v", got[i].SpanID, g, wn)
		}
	}

	// Key lookups go through the dictionary: check them in the engine.
	rows, err := conn.Query(ctx, "SELECT SpanId, SpanAttributes['k1'], SpanAttributes['k2'], SpanAttributes['k3'], SpanAttributes['k4'], "+
		"ResourceAttributes['k1'], arrayMap(m -> m['k3'], Events.Attributes), SpanName, SpanKind, Events.Name "+
		"FROM rt_repeated.otel_traces")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		var id, k1, k2, k3, k4, rk1, name, kind string
		var ek3, enames []string
		if err := rows.Scan(&id, &k1, &k2, &k3, &k4, &rk1, &ek3, &name, &kind, &enames); err != nil {
			t.Fatal(err)
		}
		n++
		w := byID[id]
		if k1 != w.SpanAttributes["k1"] || k2 != w.SpanAttributes["k2"] || k3 != w.SpanAttributes["k3"] || k4 != w.SpanAttributes["k4"] {
			t.Errorf("span %s: lookups k1..k4 = %q %q %q %q, want %v", id, k1, k2, k3, k4, w.SpanAttributes)
		}
		if rk1 != w.ResourceAttributes["k1"] || name != w.SpanName || kind != w.SpanKind || !reflect.DeepEqual(enames, w.EventsName) {
			t.Errorf("span %s: resource k1 %q, name %q, kind %q, events %q; want %+v", id, rk1, name, kind, enames, w)
		}
		for e, m := range w.EventsAttributes {
			if ek3[e] != m["k3"] {
				t.Errorf("span %s event %d: k3 = %q, want %q", id, e, ek3[e], m["k3"])
			}
		}
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if n != len(want) {
		t.Fatalf("lookups read %d rows, want %d", n, len(want))
	}
	// The engine dedups the dictionary on insert: the number of distinct
	// keys it sees is that of the text.
	var keys uint64
	if err := conn.QueryRow(ctx, "SELECT uniqExact(arrayJoin(mapKeys(SpanAttributes))) FROM rt_repeated.otel_traces").Scan(&keys); err != nil {
		t.Fatal(err)
	}
	if keys != 4 {
		t.Errorf("%d distinct span attribute keys, want 4", keys)
	}
}

// TestBlockColumnsMatchStatements checks that the blocks carry the insert
// statements' columns, in their order: the server matches them by name.
func TestBlockColumnsMatchStatements(t *testing.T) {
	c := schema.Config{Database: "otel"}
	for _, tc := range []struct {
		name  string
		sql   func(schema.Config) (string, error)
		block *native.Block
	}{
		{"traces", schema.TracesInsert, NewBlocks().Traces()},
		{"audit", schema.AuditInsert, NewBlocks().Audit()},
	} {
		stmt, err := tc.sql(c)
		if err != nil {
			t.Fatal(err)
		}
		list := stmt[strings.Index(stmt, "(")+1 : strings.LastIndex(stmt, ")")]
		var want []string
		for _, f := range strings.Split(list, ",") {
			want = append(want, strings.Trim(strings.TrimSpace(f), "`"))
		}
		var got []string
		for _, col := range tc.block.Input() {
			got = append(got, col.Name)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s block columns %v, statement %v", tc.name, got, want)
		}
	}
}
