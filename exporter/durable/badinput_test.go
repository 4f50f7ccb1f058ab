package durable

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"go.opentelemetry.io/otel/attribute"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/trace"

	"github.com/otelaudit/otelaudit/exporter"
)

// TestBadInput records decisions with hostile content: each is stored, or
// dead-lettered with a reason, and the pipeline keeps going.
func TestBadInput(t *testing.T) {
	srv := needServer(t)
	db := newDatabase("bad")
	dir := t.TempDir()
	cfg := testConfig(dir, srv.dsn, db)
	p, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	tp, rec := newPipeline(p)

	many := make([]attribute.KeyValue, 5000)
	for i := range many {
		many[i] = attribute.String(fmt.Sprintf("custom.attr.%d", i), strings.Repeat("v", i%50))
	}
	cases := map[string]struct {
		input string
		attrs []attribute.KeyValue
	}{
		"5 MB input":        {input: strings.Repeat("a long prompt ", 5<<20/14)},
		"5 MB attribute":    {input: "q", attrs: []attribute.KeyValue{attribute.String("gen_ai.output.messages", strings.Repeat("x", 5<<20))}},
		"invalid UTF-8":     {input: "bad \xff\xfe\xfd bytes", attrs: []attribute.KeyValue{attribute.String("k\xc3\x28", "v\xa0\xa1"), attribute.String("gen_ai.conversation.id", "\xed\xa0\x80")}},
		"5000 attributes":   {input: "q", attrs: many},
		"non-JSON messages": {input: "q", attrs: []attribute.KeyValue{attribute.String("gen_ai.input.messages", `{"role": "user", "content": [unterminated`), attribute.String("gen_ai.tool.call.arguments", "\x00\x01 not json")}},
		"NUL and controls":  {input: "a\x00b\x1b[31mc", attrs: []attribute.KeyValue{attribute.String("audit.decision.outcome", "\x00")}},
		"huge ints, slices": {input: "q", attrs: []attribute.KeyValue{attribute.Int64("gen_ai.usage.input_tokens", -1<<63), attribute.String("gen_ai.usage.output_tokens", "NaN"), attribute.Float64Slice("f", []float64{1e308, -0})}},
	}
	ids := map[string]string{}
	for name, c := range cases {
		ctx, d := rec.StartDecision(context.Background(), c.input)
		trace.SpanFromContext(ctx).SetAttributes(c.attrs...)
		d.End(nil)
		ids[d.ID()] = name
	}
	// A good decision after the bad ones still goes through.
	good := recordDecision(context.Background(), rec, 1)
	ids[good] = "good"

	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	if err := tp.Shutdown(ctx); err != nil {
		t.Fatal(err)
	}
	stored := storedDecisions(t, connect(t, srv.dsn), db)
	dead, err := ReadDeadLetters(dir)
	if err != nil {
		t.Fatal(err)
	}
	deadIDs := map[string]string{}
	for _, dl := range dead {
		for _, id := range dl.DecisionIDs {
			deadIDs[id] = dl.Reason
		}
	}
	for id, name := range ids {
		switch {
		case stored[id] == 1:
			t.Logf("%-18s stored", name)
		case deadIDs[id] != "" && stored[id] == 0:
			t.Logf("%-18s dead-lettered: %s", name, deadIDs[id])
		default:
			t.Errorf("%s (%s): stored %d times, dead letter %q", name, id, stored[id], deadIDs[id])
		}
	}
}

// TestPermanentRejectionIsBisected makes ClickHouse reject one span of a
// batch for good (a table constraint): that span alone is dead-lettered,
// the others are stored once; resend fails while the constraint holds and
// succeeds once it is dropped.
func TestPermanentRejectionIsBisected(t *testing.T) {
	srv := needServer(t)
	db := newDatabase("poison")
	conn := connect(t, srv.dsn)
	w, err := exporter.NewWriter(context.Background(), exporter.WithEndpoint(srv.dsn), exporter.WithDatabase(db))
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	constraint := fmt.Sprintf("ALTER TABLE `%s`.otel_traces ADD CONSTRAINT no_poison CHECK NOT has(mapValues(SpanAttributes), 'poison')", db)
	if err := conn.Exec(context.Background(), constraint); err != nil {
		t.Fatal(err)
	}

	dir := t.TempDir()
	reader := sdkmetric.NewManualReader()
	mp := sdkmetric.NewMeterProvider(sdkmetric.WithReader(reader))
	cfg := testConfig(dir, srv.dsn, db)
	cfg.Linger = time.Second // one batch
	cfg.MeterProvider = mp
	p, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	tp, rec := newPipeline(p)
	var good []string
	var poison string
	for n := range 40 {
		if n == 17 {
			_, d := rec.StartDecision(context.Background(), "q")
			d.SetOutput("poison")
			d.End(nil)
			poison = d.ID()
			continue
		}
		_, d := rec.StartDecision(context.Background(), fmt.Sprint("q", n))
		d.End(nil)
		good = append(good, d.ID())
	}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	if err := tp.Shutdown(ctx); err != nil {
		t.Fatal(err)
	}
	checkExactlyOnce(t, conn, db, good)
	dead, err := ReadDeadLetters(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(dead) != 1 || len(dead[0].DecisionIDs) != 1 || dead[0].DecisionIDs[0] != poison || dead[0].Spans != 1 {
		t.Fatalf("dead letters = %+v, want the poison decision alone", dead)
	}
	if !strings.Contains(dead[0].Reason, "469") || len(dead[0].Traces) == 0 {
		t.Errorf("dead letter: reason %q, %d bytes of OTLP JSON", dead[0].Reason, len(dead[0].Traces))
	}
	t.Logf("dead letter %s: %s", dead[0].ID, dead[0].Reason)
	m := collect(t, reader)
	if got := m.sum("otelaudit.spans.dead_lettered", "decision=true"); got != 1 {
		t.Errorf("dead_lettered{decision=true} = %g, want 1", got)
	}
	if got := m.sum("otelaudit.spans.exported", "decision=true"); got != 39 {
		t.Errorf("exported{decision=true} = %g, want 39", got)
	}
	if got := m.sum("otelaudit.export.duration", "outcome=permanent"); got < 2 {
		t.Errorf("permanent rejections timed = %g, want the bisection's", got)
	}
	_ = mp.Shutdown(context.Background())

	// Resend while the constraint holds: kept, with the new reason.
	res, err := ResendDeadLetters(context.Background(), dir, w)
	if err != nil || res.Sent != 0 || res.Failed != 1 {
		t.Fatalf("resend under the constraint = %+v, %v", res, err)
	}
	again, _ := ReadDeadLetters(dir)
	if len(again) != 1 || again[0].Attempts != dead[0].Attempts+1 {
		t.Fatalf("after a failed resend: %+v", again)
	}
	if err := conn.Exec(context.Background(), fmt.Sprintf("ALTER TABLE `%s`.otel_traces DROP CONSTRAINT no_poison", db)); err != nil {
		t.Fatal(err)
	}
	res, err = ResendDeadLetters(context.Background(), dir, w)
	if err != nil || res.Sent != 1 || res.Failed != 0 {
		t.Fatalf("resend = %+v, %v", res, err)
	}
	if left, _ := ReadDeadLetters(dir); len(left) != 0 {
		t.Fatalf("dead letters left after resend: %+v", left)
	}
	checkExactlyOnce(t, conn, db, append(good, poison))
}

// TestAuditRejectionStoresNoSpanTwice makes ClickHouse reject one decision
// in the audit table only, after its batch's spans were stored: the
// bisection then sends decisions alone, so every span is stored once, the
// good decisions once, and the rejected one is dead-lettered.
func TestAuditRejectionStoresNoSpanTwice(t *testing.T) {
	srv := needServer(t)
	db := newDatabase("auditpoison")
	conn := connect(t, srv.dsn)
	w, err := exporter.NewWriter(context.Background(), exporter.WithEndpoint(srv.dsn), exporter.WithDatabase(db))
	if err != nil {
		t.Fatal(err)
	}
	_ = w.Close()
	constraint := fmt.Sprintf("ALTER TABLE `%s`.audit_decisions ADD CONSTRAINT no_poison CHECK Output != 'poison'", db)
	if err := conn.Exec(context.Background(), constraint); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	cfg := testConfig(dir, srv.dsn, db)
	cfg.Linger = time.Second // one batch
	p, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	tp, rec := newPipeline(p)
	var good []string
	var poison string
	for n := range 20 {
		_, d := rec.StartDecision(context.Background(), fmt.Sprint("q", n))
		if n == 11 {
			d.SetOutput("poison")
			poison = d.ID()
		} else {
			good = append(good, d.ID())
		}
		d.End(nil)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	if err := tp.Shutdown(ctx); err != nil {
		t.Fatal(err)
	}
	checkExactlyOnce(t, conn, db, good)
	if dups, total := duplicateSpans(t, conn, db); dups != 0 || total != 20 {
		t.Errorf("otel_traces holds %d spans with %d duplicates; want 20 spans, none twice", total, dups)
	}
	dead, err := ReadDeadLetters(dir)
	if err != nil || len(dead) != 1 || len(dead[0].DecisionIDs) != 1 || dead[0].DecisionIDs[0] != poison {
		t.Fatalf("dead letters = %+v, %v; want the poison decision alone", dead, err)
	}
}
