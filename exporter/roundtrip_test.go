package exporter

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/ClickHouse/clickhouse-go/v2"
	"github.com/ClickHouse/clickhouse-go/v2/lib/driver"
	"github.com/google/uuid"
	"go.opentelemetry.io/collector/pdata/ptrace"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

// openReader opens a clickhouse-go HTTP connection to the engine for
// reading rows back.
func openReader(t *testing.T) driver.Conn {
	t.Helper()
	srv := needEngine(t)
	conn, err := clickhouse.Open(&clickhouse.Options{Protocol: clickhouse.HTTP, Addr: []string{srv.Addr()}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = conn.Close() })
	return conn
}

// newTestWriter opens a Writer on the engine with database db.
func newTestWriter(t *testing.T, db string, opts ...Option) *Writer {
	t.Helper()
	srv := needEngine(t)
	opts = append([]Option{WithEndpoint(srv.URL()), WithDatabase(db)}, opts...)
	w, err := NewWriter(context.Background(), opts...)
	if err != nil {
		t.Fatalf("NewWriter: %v", err)
	}
	t.Cleanup(func() {
		if err := w.Close(); err != nil {
			t.Errorf("Close: %v", err)
		}
	})
	return w
}

// storedTraceRow is a traces-table row as read back.
type storedTraceRow struct {
	Timestamp          time.Time
	TraceID            string
	SpanID             string
	ParentSpanID       string
	TraceState         string
	SpanName           string
	SpanKind           string
	ServiceName        string
	ResourceAttributes map[string]string
	ScopeName          string
	ScopeVersion       string
	SpanAttributes     map[string]string
	Duration           uint64
	StatusCode         string
	StatusMessage      string
	EventsTimestamp    []time.Time
	EventsName         []string
	EventsAttributes   []map[string]string
	LinksTraceID       []string
	LinksSpanID        []string
	LinksTraceState    []string
	LinksAttributes    []map[string]string
}

// readTraces reads the traces table ordered by span id.
func readTraces(t *testing.T, conn driver.Conn, db, table string) []storedTraceRow {
	t.Helper()
	q := fmt.Sprintf("SELECT Timestamp, TraceId, SpanId, ParentSpanId, TraceState, SpanName, SpanKind, ServiceName, ResourceAttributes, ScopeName, ScopeVersion, SpanAttributes, Duration, StatusCode, StatusMessage, Events.Timestamp, Events.Name, Events.Attributes, Links.TraceId, Links.SpanId, Links.TraceState, Links.Attributes FROM `%s`.`%s` ORDER BY SpanId", db, table)
	rows, err := conn.Query(context.Background(), q)
	if err != nil {
		t.Fatalf("select traces: %v", err)
	}
	defer rows.Close()
	var out []storedTraceRow
	for rows.Next() {
		var r storedTraceRow
		if err := rows.Scan(&r.Timestamp, &r.TraceID, &r.SpanID, &r.ParentSpanID, &r.TraceState, &r.SpanName, &r.SpanKind, &r.ServiceName,
			&r.ResourceAttributes, &r.ScopeName, &r.ScopeVersion, &r.SpanAttributes, &r.Duration, &r.StatusCode, &r.StatusMessage,
			&r.EventsTimestamp, &r.EventsName, &r.EventsAttributes, &r.LinksTraceID, &r.LinksSpanID, &r.LinksTraceState, &r.LinksAttributes); err != nil {
			t.Fatalf("scan traces: %v", err)
		}
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// storedAuditRow is an audit-table row as read back.
type storedAuditRow struct {
	auditRow
	Attributes map[string]string
}

// readAudit reads the audit table ordered by timestamp.
func readAudit(t *testing.T, conn driver.Conn, db, table string) []storedAuditRow {
	t.Helper()
	q := fmt.Sprintf("SELECT DecisionId, Timestamp, TraceId, SpanId, SessionId, UserId, AgentName, AgentVersion, AgentId, ServiceName, Operation, Provider, RequestModel, ResponseModel, Input, Reasoning, Output, Outcome, StatusCode, ErrorType, ErrorMessage, DurationNs, InputTokens, OutputTokens, CostUSD, RedactionCount, RedactionKinds, Variant, Attributes FROM `%s`.`%s` ORDER BY Timestamp, DecisionId", db, table)
	rows, err := conn.Query(context.Background(), q)
	if err != nil {
		t.Fatalf("select audit: %v", err)
	}
	defer rows.Close()
	var out []storedAuditRow
	for rows.Next() {
		var r storedAuditRow
		if err := rows.Scan(&r.DecisionID, &r.Timestamp, &r.TraceID, &r.SpanID, &r.SessionID, &r.UserID, &r.AgentName, &r.AgentVersion, &r.AgentID,
			&r.ServiceName, &r.Operation, &r.Provider, &r.RequestModel, &r.ResponseModel, &r.Input, &r.Reasoning, &r.Output, &r.Outcome,
			&r.StatusCode, &r.ErrorType, &r.ErrorMessage, &r.DurationNs, &r.InputTokens, &r.OutputTokens, &r.CostUSD, &r.RedactionCount,
			&r.RedactionKinds, &r.Variant, &r.Attributes); err != nil {
			t.Fatalf("scan audit: %v", err)
		}
		r.Timestamp = r.Timestamp.UTC()
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// expectedRows maps td as the Writer does, with attribute maps as Go maps.
func expectedRows(td ptrace.Traces) ([]storedTraceRow, []storedAuditRow) {
	var traces []storedTraceRow
	var audits []storedAuditRow
	for _, rs := range td.ResourceSpans().All() {
		res := newResourceInfo(rs.Resource())
		for _, ss := range rs.ScopeSpans().All() {
			for _, span := range ss.Spans().All() {
				r := newTraceRow(res, ss.Scope(), span)
				s := storedTraceRow{
					Timestamp: r.Timestamp, TraceID: r.TraceID, SpanID: r.SpanID, ParentSpanID: r.ParentSpanID,
					TraceState: r.TraceState, SpanName: r.SpanName, SpanKind: r.SpanKind, ServiceName: r.ServiceName,
					ResourceAttributes: r.ResourceAttributes.asMap(), ScopeName: r.ScopeName, ScopeVersion: r.ScopeVersion,
					SpanAttributes: r.SpanAttributes.asMap(), Duration: r.Duration, StatusCode: r.StatusCode, StatusMessage: r.StatusMessage,
					EventsTimestamp: r.EventsTimestamp, EventsName: r.EventsName,
					LinksTraceID: r.LinksTraceID, LinksSpanID: r.LinksSpanID, LinksTraceState: r.LinksTraceState,
				}
				for _, m := range r.EventsAttributes {
					s.EventsAttributes = append(s.EventsAttributes, m.asMap())
				}
				for _, m := range r.LinksAttributes {
					s.LinksAttributes = append(s.LinksAttributes, m.asMap())
				}
				traces = append(traces, s)
				if row := rowOf(span); row.isDecision() {
					a := newAuditRow(res.serviceName, row, &attrMap{})
					attrs := a.Attributes.asMap()
					a.Attributes = nil
					audits = append(audits, storedAuditRow{auditRow: a, Attributes: attrs})
				}
			}
		}
	}
	return traces, audits
}

// normalize makes read-back and expected rows comparable: times in UTC,
// empty slices and maps as nil.
func normalize(v any) any {
	rv := reflect.ValueOf(v).Elem()
	var walk func(reflect.Value)
	walk = func(f reflect.Value) {
		switch f.Kind() {
		case reflect.Struct:
			if tm, ok := f.Interface().(time.Time); ok {
				f.Set(reflect.ValueOf(tm.UTC()))
				return
			}
			for i := range f.NumField() {
				if f.Field(i).CanSet() {
					walk(f.Field(i))
				}
			}
		case reflect.Slice, reflect.Map:
			if f.Len() == 0 {
				f.Set(reflect.Zero(f.Type()))
				return
			}
			if f.Kind() == reflect.Slice {
				for i := range f.Len() {
					walk(f.Index(i))
				}
			}
		}
	}
	walk(rv)
	return rv.Interface()
}

func TestRoundTrip(t *testing.T) {
	needEngine(t)
	for _, compress := range []string{"", "lz4", "zstd", "gzip"} {
		name := compress
		if name == "" {
			name = "none"
		}
		t.Run(name, func(t *testing.T) {
			db := "rt_" + name
			srv := needEngine(t)
			w, err := NewWriter(context.Background(), WithEndpoint(srv.URL()+"?compress="+compress), WithDatabase(db))
			if err != nil {
				t.Fatalf("NewWriter: %v", err)
			}
			defer w.Close()
			td := sampleTraces()
			if err := w.WriteTraces(context.Background(), td); err != nil {
				t.Fatalf("WriteTraces: %v", err)
			}
			conn := openReader(t)
			wantTraces, wantAudit := expectedRows(td)
			gotTraces := readTraces(t, conn, db, "otel_traces")
			gotAudit := readAudit(t, conn, db, "audit_decisions")

			if len(gotTraces) != 3 || len(gotAudit) != 1 {
				t.Fatalf("read %d spans and %d decisions, want 3 and 1", len(gotTraces), len(gotAudit))
			}
			for i := range wantTraces {
				got, want := normalize(&gotTraces[i]), normalize(&wantTraces[i])
				if !reflect.DeepEqual(got, want) {
					t.Errorf("span %d:\n got %+v\nwant %+v", i, got, want)
				}
			}
			got, want := normalize(&gotAudit[0]), normalize(&wantAudit[0])
			if !reflect.DeepEqual(got, want) {
				gv, wv := reflect.ValueOf(got.(storedAuditRow).auditRow), reflect.ValueOf(want.(storedAuditRow).auditRow)
				for i := range gv.NumField() {
					if !reflect.DeepEqual(gv.Field(i).Interface(), wv.Field(i).Interface()) {
						t.Errorf("decision %s = %#v, want %#v", gv.Type().Field(i).Name, gv.Field(i).Interface(), wv.Field(i).Interface())
					}
				}
				t.Errorf("decision:\n got %+v\nwant %+v", got, want)
			}

			// Spot checks against the values sent, independent of the mapping.
			a := gotAudit[0]
			if a.DecisionID != uuid.MustParse(sampleDecisionID) || !a.Timestamp.Equal(sampleStart) ||
				a.DurationNs != uint64(1500*time.Millisecond+7) || a.InputTokens != 1200 || a.CostUSD != 0.01234 ||
				a.Provider != "openai" || a.StatusCode != "Error" || a.ErrorMessage != "upstream 429" {
				t.Errorf("decision read back = %+v", a)
			}
			if ts := gotTraces[0].EventsTimestamp; len(ts) != 2 || !ts[1].Equal(sampleStart.Add(2*time.Millisecond+3)) {
				t.Errorf("event timestamps = %v (nanoseconds must survive)", ts)
			}
		})
	}
}

func TestRoundTripDecisionWithoutID(t *testing.T) {
	const db = "rt_noid"
	w := newTestWriter(t, db)
	td := sampleTraces()
	d := td.ResourceSpans().At(0).ScopeSpans().At(0).Spans().At(0)
	d.Attributes().Remove("audit.decision.id")
	for range 2 {
		if err := w.WriteTraces(context.Background(), td); err != nil {
			t.Fatalf("WriteTraces: %v", err)
		}
	}
	got := readAudit(t, openReader(t), db, "audit_decisions")
	want := decisionUUID("", traceIDHex(d.TraceID()), spanIDHex(d.SpanID()))
	if len(got) == 0 {
		t.Fatal("no decision stored")
	}
	for _, r := range got {
		if r.DecisionID != want {
			t.Errorf("DecisionId = %s, want %s derived from trace and span ids", r.DecisionID, want)
		}
	}
	// The same batch sent twice is stored once (block deduplication).
	if len(got) != 1 {
		t.Errorf("stored %d rows for one decision sent twice, want 1", len(got))
	}
}

func TestRoundTripCustomNamesAndTTL(t *testing.T) {
	const db = "rt_custom"
	w := newTestWriter(t, db, WithTracesTable("spans"), WithAuditTable("decisions"), WithTracesTTL(30*24*time.Hour))
	// Within the TTL: older rows would be dropped on insert.
	start := time.Now().UTC().Add(-time.Hour)
	if err := w.WriteTraces(context.Background(), sampleTracesAt(start)); err != nil {
		t.Fatalf("WriteTraces: %v", err)
	}
	conn := openReader(t)
	if n := len(readTraces(t, conn, db, "spans")); n != 3 {
		t.Errorf("spans rows = %d, want 3", n)
	}
	if n := len(readAudit(t, conn, db, "decisions")); n != 1 {
		t.Errorf("decisions rows = %d, want 1", n)
	}
	var ttl string
	if err := conn.QueryRow(context.Background(), "SELECT create_table_query FROM system.tables WHERE database = ? AND name = 'spans'", db).Scan(&ttl); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(ttl, "toIntervalDay(30)") {
		t.Errorf("spans table has no 30-day TTL: %s", ttl)
	}
	var first, last time.Time
	if err := conn.QueryRow(context.Background(), fmt.Sprintf("SELECT Start, End FROM `%s`.`spans_trace_id_ts` WHERE TraceId = ?", db), traceIDHex(sampleTraceID)).Scan(&first, &last); err != nil {
		t.Fatalf("trace id lookup: %v", err)
	}
	if !first.Equal(start.Truncate(time.Second)) {
		t.Errorf("lookup Start = %v, want %v", first, start.Truncate(time.Second))
	}
}

func TestWriteEmptyAndClosed(t *testing.T) {
	w := newTestWriter(t, "rt_empty")
	if err := w.WriteTraces(context.Background(), ptrace.NewTraces()); err != nil {
		t.Errorf("empty traces: %v", err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if err := w.WriteTraces(context.Background(), sampleTraces()); err != ErrClosed {
		t.Errorf("write after Close = %v, want ErrClosed", err)
	}
}

// TestTracesTableShape pins the traces table's columns and types as the
// server reports them: the shape of the contrib clickhouseexporter table
// that Grafana's trace view reads.
func TestTracesTableShape(t *testing.T) {
	const db = "rt_shape"
	newTestWriter(t, db)
	conn := openReader(t)
	var b strings.Builder
	for _, table := range []string{"otel_traces", "otel_traces_trace_id_ts", "audit_decisions"} {
		rows, err := conn.Query(context.Background(), "SELECT name, type, compression_codec FROM system.columns WHERE database = ? AND table = ? ORDER BY position", db, table)
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(&b, "-- %s\n", table)
		for rows.Next() {
			var name, typ, codec string
			if err := rows.Scan(&name, &typ, &codec); err != nil {
				t.Fatal(err)
			}
			fmt.Fprintf(&b, "%s %s %s\n", name, typ, codec)
		}
		rows.Close()
	}
	got := b.String()
	path := filepath.Join("testdata", "columns.golden")
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("columns differ from %s:\n%s", path, got)
	}
}

func TestWriteBatchDeduplicatesByToken(t *testing.T) {
	const db = "rt_token"
	w := newTestWriter(t, db)
	ctx := context.Background()
	td := sampleTraces()
	// A retry of the same batch with its token is stored once, in both tables.
	for range 3 {
		if err := w.WriteBatch(ctx, td, "spool-0-41"); err != nil {
			t.Fatalf("WriteBatch: %v", err)
		}
	}
	conn := openReader(t)
	spans, decisions := len(readTraces(t, conn, db, "otel_traces")), len(readAudit(t, conn, db, "audit_decisions"))
	if spans != td.SpanCount() || decisions != 1 {
		t.Fatalf("after three sends with one token: %d spans, %d decisions; want %d, 1", spans, decisions, td.SpanCount())
	}
	// Another token is another batch, even with the same content.
	if err := w.WriteBatch(ctx, td, "spool-42-83"); err != nil {
		t.Fatalf("WriteBatch: %v", err)
	}
	if n := len(readAudit(t, conn, db, "audit_decisions")); n != 2 {
		t.Errorf("a second token stored %d decisions in all, want 2", n)
	}
}
