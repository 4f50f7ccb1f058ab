package durable

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"testing"
	"time"

	"github.com/ClickHouse/clickhouse-go/v2/lib/driver"
	"github.com/google/uuid"
	"go.opentelemetry.io/otel/codes"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/trace"

	"github.com/otelaudit/otelaudit/exporter"
	"github.com/otelaudit/otelaudit/internal/chconn"
	"github.com/otelaudit/otelaudit/semconv"
)

// newDatabase returns a fresh database name for one test.
func newDatabase(prefix string) string {
	b := make([]byte, 4)
	_, _ = rand.Read(b)
	return prefix + "_" + hex.EncodeToString(b)
}

// testConfig is a Processor config for tests: small batches, fast retries.
func testConfig(dir, dsn, db string) Config {
	return Config{
		Dir:          dir,
		BatchSize:    256,
		Linger:       20 * time.Millisecond,
		RetryInitial: 10 * time.Millisecond,
		RetryMax:     200 * time.Millisecond,
		Exporter:     []exporter.Option{exporter.WithEndpoint(dsn), exporter.WithDatabase(db)},
	}
}

// newPipeline returns a TracerProvider with p as its only processor and a
// recorder on it.
func newPipeline(p *Processor) (*sdktrace.TracerProvider, *testRecorder) {
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(p), sdktrace.WithRawSpanLimits(sdktrace.SpanLimits{
		AttributeValueLengthLimit: -1, AttributeCountLimit: -1, EventCountLimit: -1, LinkCountLimit: -1,
		AttributePerEventCountLimit: -1, AttributePerLinkCountLimit: -1,
	}))
	return tp, &testRecorder{tracer: tp.Tracer("durable-test")}
}

// testRecorder records decisions as the otelaudit API does (invoke_agent
// spans with the audit attributes), without importing it: the otelaudit
// package wires this one into its Setup.
type testRecorder struct{ tracer trace.Tracer }

// testDecision is one decision span being recorded.
type testDecision struct {
	span trace.Span
	id   string
}

// StartDecision starts a decision span answering input.
func (r *testRecorder) StartDecision(ctx context.Context, input string) (context.Context, *testDecision) {
	id := uuid.NewString()
	ctx, span := r.tracer.Start(ctx, "invoke_agent durable-test", trace.WithAttributes(
		semconv.GenAIOperationName(semconv.OperationInvokeAgent),
		semconv.GenAIAgentName("durable-test"), semconv.GenAIAgentVersion("1.0"), semconv.GenAIProviderName("test"),
		semconv.AuditDecisionID(id), semconv.AuditDecisionInput(input)))
	return ctx, &testDecision{span: span, id: id}
}

func (d *testDecision) ID() string { return d.id }

func (d *testDecision) Reason(text string) { d.span.SetAttributes(semconv.AuditReasoning(text)) }

func (d *testDecision) SetOutput(text string) {
	d.span.SetAttributes(semconv.AuditDecisionOutput(text))
}

// StartToolCall starts an execute_tool span under ctx.
func (d *testDecision) StartToolCall(ctx context.Context, tool, args string) (context.Context, *testTool) {
	ctx, span := trace.SpanFromContext(ctx).TracerProvider().Tracer("durable-test").Start(ctx, "execute_tool "+tool,
		trace.WithAttributes(semconv.GenAIOperationName(semconv.OperationExecuteTool), semconv.GenAIToolName(tool),
			semconv.GenAIToolCallArguments(args)))
	return ctx, &testTool{span: span}
}

// End ends the decision with an Ok status, or err as an Error status.
func (d *testDecision) End(err error) { endTestSpan(d.span, err) }

// testTool is one tool call span being recorded.
type testTool struct{ span trace.Span }

func (t *testTool) End(result string, err error) {
	t.span.SetAttributes(semconv.GenAIToolCallResult(result))
	endTestSpan(t.span, err)
}

func endTestSpan(span trace.Span, err error) {
	if err != nil {
		span.SetStatus(codes.Error, err.Error())
	} else {
		span.SetStatus(codes.Ok, "")
	}
	span.End()
}

// recordDecision records one decision with a tool call and returns its id
// once End returned, that is once it is reported recorded.
func recordDecision(ctx context.Context, rec *testRecorder, n int) string {
	ctx, d := rec.StartDecision(ctx, fmt.Sprintf("question %d", n))
	d.span.SetAttributes(semconv.GenAIConversationID(fmt.Sprintf("s-%d", n%7)))
	d.Reason("looked it up")
	_, tool := d.StartToolCall(ctx, "lookup", fmt.Sprintf(`{"n":%d}`, n))
	tool.End(`{"ok":true}`, nil)
	d.SetOutput(fmt.Sprintf("answer %d", n))
	d.End(nil)
	return d.ID()
}

// connect opens a client connection to the server.
func connect(t testing.TB, dsn string) driver.Conn {
	t.Helper()
	conn, err := chconn.Open(context.Background(), dsn, 10*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	return conn
}

// storedDecisions returns how many audit rows each decision id has.
func storedDecisions(t testing.TB, conn driver.Conn, db string) map[string]int {
	t.Helper()
	rows, err := conn.Query(context.Background(),
		fmt.Sprintf("SELECT toString(DecisionId), toUInt64(count()) FROM `%s`.audit_decisions GROUP BY DecisionId", db))
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var id string
		var n uint64
		if err := rows.Scan(&id, &n); err != nil {
			t.Fatal(err)
		}
		out[id] = int(n)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// duplicateSpans returns how many span ids appear more than once in
// otel_traces, and the total number of rows.
func duplicateSpans(t testing.TB, conn driver.Conn, db string) (dups, total uint64) {
	t.Helper()
	q := fmt.Sprintf("SELECT toUInt64(countIf(c > 1)), toUInt64(sum(c)) FROM (SELECT SpanId, count() AS c FROM `%s`.otel_traces GROUP BY SpanId)", db)
	if err := conn.QueryRow(context.Background(), q).Scan(&dups, &total); err != nil {
		t.Fatal(err)
	}
	return dups, total
}

// checkExactlyOnce fails the test unless every reported id is stored
// exactly once, no id twice, and otel_traces has no duplicate span.
func checkExactlyOnce(t testing.TB, conn driver.Conn, db string, reported []string) {
	t.Helper()
	stored := storedDecisions(t, conn, db)
	missing, twice := 0, 0
	for _, id := range reported {
		if stored[id] != 1 {
			if missing+twice < 5 {
				t.Errorf("decision %s stored %d times", id, stored[id])
			}
			if stored[id] == 0 {
				missing++
			} else {
				twice++
			}
		}
	}
	for id, n := range stored {
		if n > 1 {
			t.Errorf("decision %s stored %d times", id, n)
		}
	}
	dups, total := duplicateSpans(t, conn, db)
	if dups > 0 {
		t.Errorf("%d span ids appear more than once in otel_traces (%d rows)", dups, total)
	}
	if missing+twice > 0 {
		t.Fatalf("%d of %d reported decisions missing, %d duplicated", missing, len(reported), twice)
	}
	t.Logf("%d reported decisions stored exactly once (%d stored in all, %d otel_traces rows, no duplicates)", len(reported), len(stored), total)
}
