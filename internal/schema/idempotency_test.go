package schema

import (
	"context"
	"flag"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ClickHouse/clickhouse-go/v2"
	"github.com/google/uuid"
)

var measure = flag.Bool("measure", false, "run TestIdempotencyCost: insert 200k audit rows with 1% retried and time the queries")

// TestIdempotencyCost compares the two ways of keeping a retried batch out
// of query results, in the engine:
//
//	(a) MergeTree with insert deduplication tokens (the schema's choice):
//	    the retried batch is dropped at insert;
//	(b) ReplacingMergeTree ordered by DecisionId, no tokens: the duplicate
//	    rows are stored and every query removes them with FINAL (or with a
//	    GROUP BY DecisionId).
//
// Variant a' is the audit table without tokens: its deduplication window
// still drops a retried block when it is byte-identical (block hash), which
// a replay that re-encodes a batch does not guarantee.
//
// It prints the insert time of each and the median time of a dashboard
// aggregate and of a session replay. Run it with
//
//	go test ./internal/schema/ -run TestIdempotencyCost -measure -v
//
// Measured on a shared 2-core machine (load 8-17), chDB 26.5, medians of 11:
// count() 2.6 ms (a) vs 23 ms (b FINAL); session replay 8.6 ms vs 34 ms
// (b FINAL) or 8.8 ms (b LIMIT 1 BY DecisionId); dashboard aggregate 25 ms
// vs 28 ms (b FINAL) or 40 ms (b GROUP BY DecisionId); the same from the
// 1m rollup 14 ms. Inserts with tokens cost the same as with block-hash
// deduplication and 0-25% more than (b) within run-to-run noise; the
// rollups' views make an insert about 1.8× as long.
func TestIdempotencyCost(t *testing.T) {
	if !*measure {
		t.Skip("measurement; run with -measure")
	}
	const (
		rows      = 200_000
		batchSize = 1_000
		retried   = 2 // batches sent twice: 1% of the rows
		database  = "idempotency"
	)
	ctx := t.Context()
	c := db(t)

	tables := createIdempotencyTables(t, database)
	decisions := measureDecisions(rows)

	type variant struct {
		name, table string
		tokens      bool
	}
	variants := []variant{
		{"a MergeTree + tokens", tables.mergeTree, true},
		{"a' MergeTree, no tokens (block hash)", tables.mergeTreeNoToken, false},
		{"a+views MergeTree + tokens + rollups", tables.withRollups, true},
		{"b ReplacingMergeTree, no tokens", tables.replacing, false},
	}
	// Round-robin over the variants, batch by batch and starting with
	// another one each time, so that a busy machine slows them alike.
	spent := make([]time.Duration, len(variants))
	for i := 0; i*batchSize < rows; i++ {
		batch := decisions[i*batchSize : (i+1)*batchSize]
		for k := range variants {
			j := (i + k) % len(variants)
			v := variants[j]
			token := ""
			if v.tokens {
				token = fmt.Sprintf("spool-%d:audit", i)
			}
			start := time.Now()
			insertMeasureBatch(ctx, t, v.table, token, batch)
			if i%(rows/batchSize/retried) == 0 { // the replay after a crash
				insertMeasureBatch(ctx, t, v.table, token, batch)
			}
			spent[j] += time.Since(start)
		}
	}
	for j, v := range variants {
		t.Logf("insert %-40s %d rows in %d batches + %d retried: %v (%.0f rows/s)",
			v.name, rows, rows/batchSize, retried, spent[j].Round(time.Millisecond), float64(rows)/spent[j].Seconds())
	}

	dashboard := `SELECT RequestModel, count(), countIf(StatusCode = 'Error'), quantile(0.95)(DurationNs), sum(InputTokens), sum(CostUSD)
		FROM %s WHERE AgentName = 'support-agent' AND Timestamp >= '2026-03-01 00:00:00' AND Timestamp < '2026-03-02 00:00:00' GROUP BY RequestModel ORDER BY RequestModel`
	dashboardGroupBy := `SELECT RequestModel, count(), countIf(StatusCode = 'Error'), quantile(0.95)(DurationNs), sum(InputTokens), sum(CostUSD)
		FROM (SELECT DecisionId, any(RequestModel) AS RequestModel, any(StatusCode) AS StatusCode, any(DurationNs) AS DurationNs,
		      any(InputTokens) AS InputTokens, any(CostUSD) AS CostUSD
		      FROM %s WHERE AgentName = 'support-agent' AND Timestamp >= '2026-03-01 00:00:00' AND Timestamp < '2026-03-02 00:00:00' GROUP BY DecisionId)
		GROUP BY RequestModel ORDER BY RequestModel`
	replay := `SELECT Timestamp, DecisionId, Input, Output, StatusCode FROM %s WHERE SessionId = 'session-4242' ORDER BY Timestamp`
	replayLimitBy := `SELECT Timestamp, DecisionId, Input, Output, StatusCode FROM %s WHERE SessionId = 'session-4242' ORDER BY Timestamp LIMIT 1 BY DecisionId`
	countAll := `SELECT count() FROM %s`
	queries := []struct{ name, sql, table string }{
		{"count (a)", countAll, tables.mergeTree},
		{"count (a')", countAll, tables.mergeTreeNoToken},
		{"count (b) no FINAL", countAll, tables.replacing},
		{"count (b) FINAL", countAll, tables.replacing + " FINAL"},
		{"dashboard (a)", dashboard, tables.mergeTree},
		{"dashboard (b) FINAL", dashboard, tables.replacing + " FINAL"},
		{"dashboard (b) GROUP BY DecisionId", dashboardGroupBy, tables.replacing},
		{"dashboard from the 1m rollup", `SELECT RequestModel, sum(Decisions), sum(Errors), quantilesMerge(0.5, 0.95, 0.99)(DurationNsQuantiles), sum(InputTokens), sum(CostUSD)
			FROM %s WHERE AgentName = 'support-agent' AND Time >= '2026-03-01 00:00:00' AND Time < '2026-03-02 00:00:00' GROUP BY RequestModel ORDER BY RequestModel`,
			quoteIdent(database) + "." + quoteIdent("audit_rollups_1m")},
		{"replay (a)", replay, tables.mergeTree},
		{"replay (b) FINAL", replay, tables.replacing + " FINAL"},
		{"replay (b) LIMIT 1 BY DecisionId", replayLimitBy, tables.replacing},
	}
	// Round-robin again: every repetition runs every query once.
	const reps = 11
	times := make([][]time.Duration, len(queries))
	answers := make([]string, len(queries))
	for r := range reps {
		for k := range queries {
			i := (r + k) % len(queries)
			q := queries[i]
			sql := fmt.Sprintf(q.sql, q.table)
			start := time.Now()
			if err := c.QueryRow(ctx, "SELECT toString(groupArray(tuple(*))) FROM ("+sql+")").Scan(&answers[i]); err != nil {
				t.Fatalf("%v\n%s", err, sql)
			}
			times[i] = append(times[i], time.Since(start))
		}
	}
	for i, q := range queries {
		slices.Sort(times[i])
		answer := answers[i]
		if len(answer) > 40 {
			answer = answer[:40] + "…"
		}
		t.Logf("query %-36s median %8v  min %8v  %s", q.name, times[i][reps/2].Round(10*time.Microsecond), times[i][0].Round(10*time.Microsecond), answer)
	}
	var parts string
	if err := c.QueryRow(ctx, "SELECT toString(groupArray((table, n))) FROM (SELECT table, count() AS n FROM system.parts "+
		"WHERE database = ? AND active GROUP BY table ORDER BY table)", database).Scan(&parts); err != nil {
		t.Fatal(err)
	}
	t.Logf("active parts after the queries: %s", parts)
}

// idempotencyTables are the tables TestIdempotencyCost compares, as quoted
// database-qualified names.
type idempotencyTables struct {
	mergeTree, mergeTreeNoToken, withRollups, replacing string
}

// createIdempotencyTables creates, in database, the audit table as the
// schema renders it (twice: one gets tokens, one does not), the full schema
// with its rollups under the audit name audit_rollups, and a
// ReplacingMergeTree copy of the audit table ordered by DecisionId too.
func createIdempotencyTables(t *testing.T, database string) idempotencyTables {
	t.Helper()
	ctx := t.Context()
	c := db(t)
	if _, err := Migrate(ctx, c, Config{Database: database, AuditTable: "audit_rollups"}); err != nil {
		t.Fatal(err)
	}
	auditDDL := func(table string) string {
		ms, err := Migrations(Config{Database: database, AuditTable: table})
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range ms[0].Statements {
			if strings.Contains(s, quoteIdent(table)+" (") {
				return s
			}
		}
		t.Fatalf("no CREATE TABLE for %s", table)
		return ""
	}
	replacing := auditDDL("audit_rmt")
	for _, r := range []struct{ old, new string }{
		{"ENGINE = MergeTree()", "ENGINE = ReplacingMergeTree()"},
		{"ORDER BY (AgentName, toDateTime(Timestamp))", "ORDER BY (AgentName, toDateTime(Timestamp), DecisionId)"},
		{", non_replicated_deduplication_window = 1000", ""},
	} {
		if !strings.Contains(replacing, r.old) {
			t.Fatalf("audit DDL has no %q", r.old)
		}
		replacing = strings.Replace(replacing, r.old, r.new, 1)
	}
	for _, s := range []string{auditDDL("audit_mt"), auditDDL("audit_mt_notoken"), replacing} {
		if err := c.Exec(ctx, s); err != nil {
			t.Fatalf("%v\n%s", err, s)
		}
	}
	name := func(table string) string { return quoteIdent(database) + "." + quoteIdent(table) }
	return idempotencyTables{
		mergeTree:        name("audit_mt"),
		mergeTreeNoToken: name("audit_mt_notoken"),
		withRollups:      name("audit_rollups"),
		replacing:        name("audit_rmt"),
	}
}

// measureDecision is one generated audit row.
type measureDecision struct {
	id                      uuid.UUID
	at                      time.Time
	session, agent, model   string
	input, output, status   string
	durationNs, inTok, outT uint64
	costUSD                 float64
}

// measureDecisions returns n decisions over one day: 10,000 sessions of 20,
// three agents, three models, ~600 bytes of text each, 5% errors.
func measureDecisions(n int) []measureDecision {
	start := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	agents := []string{"support-agent", "billing-agent", "triage-agent"}
	models := []string{"mock-a", "mock-b", "gpt-4o"}
	text := strings.Repeat("the customer asks about order 1234 and its refund; ", 6)
	out := make([]measureDecision, n)
	for i := range out {
		d := measureDecision{
			id:         uuid.NewSHA1(uuid.NameSpaceOID, fmt.Appendf(nil, "decision-%d", i)),
			at:         start.Add(time.Duration(i) * 24 * time.Hour / time.Duration(n)),
			session:    fmt.Sprintf("session-%d", i/20),
			agent:      agents[i%3],
			model:      models[(i/3)%3],
			input:      text,
			output:     text,
			status:     "Ok",
			durationNs: uint64(200_000_000 + (i*7919)%2_000_000_000),
			inTok:      uint64(200 + i%3000),
			outT:       uint64(20 + i%400),
		}
		if i%20 == 0 {
			d.status = "Error"
		}
		if i%2 == 0 {
			d.costUSD = float64(d.inTok) * 0.15 / 1e6
		}
		out[i] = d
	}
	return out
}

// insertMeasureBatch sends rows to table as one batch, with token when
// not "".
func insertMeasureBatch(ctx context.Context, t *testing.T, table, token string, rows []measureDecision) {
	t.Helper()
	if token != "" {
		ctx = clickhouse.Context(ctx, clickhouse.WithSettings(clickhouse.Settings{"insert_deduplication_token": token}))
	}
	batch, err := db(t).PrepareBatch(ctx, "INSERT INTO "+table+
		" (DecisionId, Timestamp, TraceId, SessionId, AgentName, RequestModel, Input, Output, StatusCode, DurationNs, InputTokens, OutputTokens, CostUSD)")
	if err != nil {
		t.Fatal(err)
	}
	defer batch.Close()
	for _, r := range rows {
		if err := batch.Append(r.id, r.at, r.id.String(), r.session, r.agent, r.model, r.input, r.output, r.status, r.durationNs, r.inTok, r.outT, r.costUSD); err != nil {
			t.Fatal(err)
		}
	}
	if err := batch.Send(); err != nil {
		t.Fatal(err)
	}
}
