package otelaudit

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/ClickHouse/clickhouse-go/v2/lib/driver"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	"github.com/otelaudit/otelaudit/exporter"
	"github.com/otelaudit/otelaudit/internal/chconn"
	"github.com/otelaudit/otelaudit/internal/chdb"
	"github.com/otelaudit/otelaudit/internal/chhttp"
)

// startStore starts the embedded ClickHouse on dir for one test, or skips
// the test when the chDB library is missing outside CI.
func startStore(t *testing.T, dir string) *chhttp.Server {
	t.Helper()
	srv, err := chhttp.Start(context.Background(), chhttp.Config{DataDir: dir})
	if errors.Is(err, chdb.ErrLibraryNotFound) && os.Getenv("CI") != "true" {
		t.Skip(err)
	}
	if err != nil {
		t.Fatalf("start the embedded ClickHouse: %v", err)
	}
	return srv
}

func connect(t *testing.T, srv *chhttp.Server) driver.Conn {
	t.Helper()
	conn, err := chconn.Open(context.Background(), srv.DSN(), 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = conn.Close() })
	return conn
}

// TestEndToEndEveryFieldReadBack records decisions through the API and the
// OTel SDK, exports them through clickhouse-go over HTTP into the embedded
// ClickHouse, and checks that every stored field equals what was recorded.
func TestEndToEndEveryFieldReadBack(t *testing.T) {
	srv := startStore(t, t.TempDir())
	defer srv.Close()
	ctx := context.Background()

	exp, err := exporter.New(ctx, exporter.WithEndpoint(srv.DSN()))
	if err != nil {
		t.Fatal(err)
	}
	recorded := tracetest.NewSpanRecorder()
	tp := sdktrace.NewTracerProvider(
		sdktrace.WithSampler(DecisionSampler(sdktrace.AlwaysSample())),
		sdktrace.WithSpanProcessor(recorded),
		sdktrace.WithBatcher(exp, sdktrace.WithBlocking()))
	rec := NewRecorder(tp, WithAgent("support-agent", "3.2.1"), WithAgentID("agent-1"), WithProvider("openai"))

	// A successful decision with a model call and a tool call.
	dctx, ok := rec.StartDecision(ctx, "Where is order #12345?", WithSession("s-1"), WithUser("u-1"), WithVariant("mock-a"))
	ok.Reason("look the order up")
	ok.Reason("answer")
	mctx, call := ok.StartModelCall(dctx, "gpt-4o-mini", WithRequestParams(256, 0.25))
	_, tool := ok.StartToolCall(mctx, "lookup_order", `{"order_id":"12345"}`)
	tool.End(`{"status":"shipped"}`, nil)
	call.End(ModelResult{ResponseID: "chatcmpl-1", ResponseModel: "gpt-4o-mini-2024-07-18",
		FinishReasons: []string{"tool_calls"}, InputTokens: 321, OutputTokens: 45, CostUSD: 0.0000751}, nil)
	ok.SetOutput("It has shipped.")
	ok.End(nil)

	// A failed decision.
	dctx, bad := rec.StartDecision(ctx, "Refund order #999", WithSession("s-1"), WithUser("u-1"))
	_, call = bad.StartModelCall(dctx, "gpt-4o-mini")
	modelErr := errors.New("upstream 503")
	call.End(ModelResult{}, modelErr)
	bad.End(modelErr)

	if err := tp.Shutdown(ctx); err != nil {
		t.Fatal(err)
	}
	spans := recorded.Ended()
	if len(spans) != 5 {
		t.Fatalf("recorded %d spans, want 5", len(spans))
	}
	conn := connect(t, srv)
	for _, s := range spans {
		t.Run("otel_traces/"+s.Name()+"/"+s.SpanContext().SpanID().String(), func(t *testing.T) {
			checkTraceRow(t, conn, s)
		})
	}
	checkAuditRow(t, conn, spans[2], ok.ID(), auditWant{
		session: "s-1", user: "u-1", provider: "openai", requestModel: "gpt-4o-mini", responseModel: "gpt-4o-mini-2024-07-18",
		input: "Where is order #12345?", reasoning: "look the order up\nanswer", output: "It has shipped.",
		outcome: "success", status: "Ok", inputTokens: 321, outputTokens: 45, cost: 0.0000751, variant: "mock-a",
	})
	checkAuditRow(t, conn, spans[4], bad.ID(), auditWant{
		session: "s-1", user: "u-1", provider: "openai", requestModel: "gpt-4o-mini",
		input: "Refund order #999", outcome: "error", status: "Error", errorType: "_OTHER", errorMessage: "upstream 503",
	})
}

// checkTraceRow reads the otel_traces row of s and compares every column.
func checkTraceRow(t *testing.T, conn driver.Conn, s sdktrace.ReadOnlySpan) {
	t.Helper()
	var (
		ts                                       time.Time
		traceID, parentID, name, kind, service   string
		scopeName, scopeVersion, status, message string
		resAttrs, spanAttrs                      map[string]string
		duration                                 uint64
		eventTimes                               []time.Time
		eventNames                               []string
		eventAttrs                               []map[string]string
		linkTraceIDs                             []string
	)
	err := conn.QueryRow(context.Background(), `
		SELECT Timestamp, TraceId, ParentSpanId, SpanName, SpanKind, ServiceName, ResourceAttributes,
		       ScopeName, ScopeVersion, SpanAttributes, Duration, StatusCode, StatusMessage,
		       Events.Timestamp, Events.Name, Events.Attributes, Links.TraceId
		FROM otelaudit.otel_traces WHERE SpanId = ?`, s.SpanContext().SpanID().String()).Scan(
		&ts, &traceID, &parentID, &name, &kind, &service, &resAttrs, &scopeName, &scopeVersion, &spanAttrs,
		&duration, &status, &message, &eventTimes, &eventNames, &eventAttrs, &linkTraceIDs)
	if err != nil {
		t.Fatalf("read span row: %v", err)
	}
	wantParent := ""
	if s.Parent().IsValid() {
		wantParent = s.Parent().SpanID().String()
	}
	wantStatus := map[codes.Code]string{codes.Unset: "Unset", codes.Ok: "Ok", codes.Error: "Error"}[s.Status().Code]
	checks := []struct {
		field     string
		got, want any
	}{
		{"Timestamp", ts.UnixNano(), s.StartTime().UnixNano()},
		{"TraceId", traceID, s.SpanContext().TraceID().String()},
		{"ParentSpanId", parentID, wantParent},
		{"SpanName", name, s.Name()},
		{"SpanKind", kind, map[string]string{"internal": "Internal", "client": "Client"}[s.SpanKind().String()]},
		{"ServiceName", service, resourceValue(s, "service.name")},
		{"ScopeName", scopeName, ScopeName},
		{"ScopeVersion", scopeVersion, ""},
		{"Duration", int64(duration), s.EndTime().Sub(s.StartTime()).Nanoseconds()},
		{"StatusCode", status, wantStatus},
		{"StatusMessage", message, s.Status().Description},
		{"Events", len(eventNames), len(s.Events())},
		{"Links", len(linkTraceIDs), 0},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s = %#v, want %#v", c.field, c.got, c.want)
		}
	}
	checkStringMap(t, "SpanAttributes", spanAttrs, s.Attributes())
	checkStringMap(t, "ResourceAttributes", resAttrs, s.Resource().Attributes())
	for i, ev := range s.Events() {
		if i >= len(eventNames) {
			break
		}
		if eventNames[i] != ev.Name || eventTimes[i].UnixNano() != ev.Time.UnixNano() {
			t.Errorf("event %d = %s at %d, want %s at %d", i, eventNames[i], eventTimes[i].UnixNano(), ev.Name, ev.Time.UnixNano())
		}
		checkStringMap(t, "Events.Attributes", eventAttrs[i], ev.Attributes)
	}
}

func resourceValue(s sdktrace.ReadOnlySpan, key attribute.Key) string {
	v, _ := s.Resource().Set().Value(key)
	return v.AsString()
}

// checkStringMap compares a stored attribute map with the recorded
// attributes, each value in the text form the OTel Collector uses.
func checkStringMap(t *testing.T, what string, got map[string]string, want []attribute.KeyValue) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("%s has %d entries, want %d: %v", what, len(got), len(want), got)
	}
	for _, kv := range want {
		if g := got[string(kv.Key)]; g != attributeText(t, kv.Value) {
			t.Errorf("%s[%s] = %q, want %q", what, kv.Key, g, attributeText(t, kv.Value))
		}
	}
}

func attributeText(t *testing.T, v attribute.Value) string {
	switch v.Type() {
	case attribute.STRING:
		return v.AsString()
	case attribute.INT64:
		return strconv.FormatInt(v.AsInt64(), 10)
	case attribute.FLOAT64:
		return strconv.FormatFloat(v.AsFloat64(), 'f', -1, 64)
	case attribute.BOOL:
		return strconv.FormatBool(v.AsBool())
	case attribute.STRINGSLICE:
		b, err := json.Marshal(v.AsStringSlice())
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	t.Fatalf("attribute type %s not used by the API", v.Type())
	return ""
}

// auditWant is the expected content of an audit row beyond what the span
// itself says.
type auditWant struct {
	session, user, provider, requestModel, responseModel string
	input, reasoning, output, outcome, status            string
	errorType, errorMessage, variant                     string
	inputTokens, outputTokens                            uint64
	cost                                                 float64
}

// checkAuditRow reads the audit row of a decision and compares every typed
// column.
func checkAuditRow(t *testing.T, conn driver.Conn, s sdktrace.ReadOnlySpan, id string, want auditWant) {
	t.Helper()
	var (
		ts                                                             time.Time
		gotID, traceID, spanID, session, user, agent, version, agentID string
		service, operation, provider, reqModel, respModel              string
		input, reasoning, output, outcome, status, errType, errMsg     string
		variant                                                        string
		duration, inTok, outTok                                        uint64
		cost                                                           float64
		rows                                                           uint64
	)
	err := conn.QueryRow(context.Background(), `
		SELECT Timestamp, toString(DecisionId), TraceId, SpanId, SessionId, UserId, AgentName, AgentVersion, AgentId,
		       ServiceName, Operation, Provider, RequestModel, ResponseModel, Input, Reasoning, Output, Outcome,
		       StatusCode, ErrorType, ErrorMessage, Variant, DurationNs, InputTokens, OutputTokens, CostUSD,
		       count() OVER ()
		FROM otelaudit.audit_decisions WHERE DecisionId = toUUID(?)`, id).Scan(
		&ts, &gotID, &traceID, &spanID, &session, &user, &agent, &version, &agentID, &service, &operation, &provider,
		&reqModel, &respModel, &input, &reasoning, &output, &outcome, &status, &errType, &errMsg, &variant,
		&duration, &inTok, &outTok, &cost, &rows)
	if err != nil {
		t.Fatalf("read audit row %s: %v", id, err)
	}
	checks := []struct {
		field     string
		got, want any
	}{
		{"rows", rows, uint64(1)},
		{"DecisionId", gotID, id},
		{"Timestamp", ts.UnixNano(), s.StartTime().UnixNano()},
		{"TraceId", traceID, s.SpanContext().TraceID().String()},
		{"SpanId", spanID, s.SpanContext().SpanID().String()},
		{"SessionId", session, want.session},
		{"UserId", user, want.user},
		{"AgentName", agent, "support-agent"},
		{"AgentVersion", version, "3.2.1"},
		{"AgentId", agentID, "agent-1"},
		{"ServiceName", service, resourceValue(s, "service.name")},
		{"Operation", operation, "invoke_agent"},
		{"Provider", provider, want.provider},
		{"RequestModel", reqModel, want.requestModel},
		{"ResponseModel", respModel, want.responseModel},
		{"Input", input, want.input},
		{"Reasoning", reasoning, want.reasoning},
		{"Output", output, want.output},
		{"Outcome", outcome, want.outcome},
		{"StatusCode", status, want.status},
		{"ErrorType", errType, want.errorType},
		{"ErrorMessage", errMsg, want.errorMessage},
		{"Variant", variant, want.variant},
		{"DurationNs", int64(duration), s.EndTime().Sub(s.StartTime()).Nanoseconds()},
		{"InputTokens", inTok, want.inputTokens},
		{"OutputTokens", outTok, want.outputTokens},
		{"CostUSD", cost, want.cost},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("audit row %s: %s = %#v, want %#v", id, c.field, c.got, c.want)
		}
	}
}

// TestSetupDeliversEveryDecision uses the one-call setup with a sampler
// that keeps no other span, writes to the embedded store, and checks that
// every decision and its children reach ClickHouse after Shutdown.
func TestSetupDeliversEveryDecision(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data")
	ctx := context.Background()
	if _, err := chdb.LibraryPath(); err != nil && os.Getenv("CI") != "true" {
		t.Skip(err)
	}
	p, err := Setup(ctx, WithEmbeddedStore(dir), WithSpool(t.TempDir()), WithSampler(sdktrace.NeverSample()), WithServiceName("setup-test"))
	if err != nil {
		t.Fatal(err)
	}
	rec := p.Recorder(WithAgent("a", "1"))
	const n = 300
	for i := range n {
		dctx, d := rec.StartDecision(ctx, "question "+strconv.Itoa(i), WithSession("s-"+strconv.Itoa(i%7)))
		_, call := d.StartModelCall(dctx, "m")
		call.End(ModelResult{InputTokens: 1, OutputTokens: 1}, nil)
		d.End(nil)
	}
	_, other := p.TracerProvider().Tracer("app").Start(ctx, "not a decision")
	other.End()
	if err := p.Shutdown(ctx); err != nil {
		t.Fatal(err)
	}
	if err := p.Shutdown(ctx); err != nil {
		t.Errorf("second Shutdown: %v", err)
	}

	// Reopen the data directory and count what is stored.
	srv := startStore(t, dir)
	defer srv.Close()
	conn := connect(t, srv)
	var decisions, tokens, spans, others uint64
	if err := conn.QueryRow(ctx, "SELECT count(), sum(InputTokens) FROM otelaudit.audit_decisions WHERE ServiceName = 'setup-test'").Scan(&decisions, &tokens); err != nil {
		t.Fatal(err)
	}
	if err := conn.QueryRow(ctx, "SELECT count(), countIf(SpanName = 'not a decision') FROM otelaudit.otel_traces").Scan(&spans, &others); err != nil {
		t.Fatal(err)
	}
	if decisions != n || tokens != n || spans != 2*n || others != 0 {
		t.Errorf("stored %d decisions with %d tokens, %d spans (%d non-decision); want %d, %d, %d, 0", decisions, tokens, spans, others, n, n, 2*n)
	}
}

func TestSetupRejectsAnInvalidEndpoint(t *testing.T) {
	_, err := Setup(context.Background(), WithEndpoint("ftp://x"), WithSpool(t.TempDir()))
	if err == nil || !containsLine(err.Error(), "invalid ClickHouse endpoint") {
		t.Errorf("Setup error = %v, want one line naming the invalid endpoint", err)
	}
}

// TestSetupKeepsDecisionsWhileClickHouseIsDown records decisions while no
// server answers, then starts one: the next Setup on the same spool
// delivers them.
func TestSetupKeepsDecisionsWhileClickHouseIsDown(t *testing.T) {
	ctx := context.Background()
	spoolDir := t.TempDir()
	p, err := Setup(ctx, WithEndpoint("http://127.0.0.1:1"), WithSpool(spoolDir), WithServiceName("outage-test"))
	if err != nil {
		t.Fatalf("Setup must not fail while ClickHouse is down: %v", err)
	}
	rec := p.Recorder(WithAgent("a", "1"))
	for i := range 20 {
		_, d := rec.StartDecision(ctx, "question "+strconv.Itoa(i))
		d.End(nil)
	}
	short, cancel := context.WithTimeout(ctx, 300*time.Millisecond)
	defer cancel()
	_ = p.Shutdown(short) // cannot ship: the decisions stay in the spool

	srv := startStore(t, t.TempDir())
	defer srv.Close()
	p, err = Setup(ctx, WithEndpoint(srv.DSN()), WithSpool(spoolDir))
	if err != nil {
		t.Fatal(err)
	}
	if err := p.Shutdown(ctx); err != nil {
		t.Fatal(err)
	}
	var n uint64
	if err := connect(t, srv).QueryRow(ctx, "SELECT count() FROM otelaudit.audit_decisions WHERE ServiceName = 'outage-test'").Scan(&n); err != nil {
		t.Fatal(err)
	}
	if n != 20 {
		t.Errorf("after ClickHouse came back, %d of 20 decisions are stored", n)
	}
}

func containsLine(msg, want string) bool {
	return !strings.Contains(msg, "\n") && strings.Contains(msg, want)
}
