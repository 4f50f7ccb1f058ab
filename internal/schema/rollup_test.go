package schema

import (
	"context"
	"fmt"
	"math"
	"slices"
	"testing"
	"time"

	"github.com/ClickHouse/clickhouse-go/v2"
	"github.com/google/uuid"
)

// decision is the part of an audit row the rollups read.
type decision struct {
	at                      time.Time
	agent, model, status    string
	durationNs              uint64
	inputTokens, outputToks uint64
	costUSD                 float64
}

// insertDecisions sends rows to the audit table of database as one batch,
// with an insert deduplication token when token is not "".
func insertDecisions(ctx context.Context, t testing.TB, database, token string, rows []decision) {
	t.Helper()
	if token != "" {
		ctx = clickhouse.Context(ctx, clickhouse.WithSettings(clickhouse.Settings{"insert_deduplication_token": token}))
	}
	batch, err := db(t).PrepareBatch(ctx, "INSERT INTO "+quoteIdent(database)+".audit_decisions "+
		"(DecisionId, Timestamp, TraceId, AgentName, RequestModel, StatusCode, DurationNs, InputTokens, OutputTokens, CostUSD)")
	if err != nil {
		t.Fatal(err)
	}
	defer batch.Close()
	for i, r := range rows {
		id := uuid.NewSHA1(uuid.NameSpaceOID, fmt.Appendf(nil, "%s/%d/%s", token, i, r.at))
		if err := batch.Append(id, r.at, id.String(), r.agent, r.model, r.status, r.durationNs, r.inputTokens, r.outputToks, r.costUSD); err != nil {
			t.Fatal(err)
		}
	}
	if err := batch.Send(); err != nil {
		t.Fatal(err)
	}
}

// seedPrices are the prices migration 2 seeds, per million tokens.
var seedPrices = map[string][2]float64{
	"gpt-4o":            {2.50, 10.00},
	"gpt-4o-mini":       {0.15, 0.60},
	"claude-3-5-sonnet": {3.00, 15.00},
	"mock-a":            {0.15, 0.60},
	"mock-b":            {2.50, 10.00},
}

// sampleDecisions returns n deterministic decisions over five minutes
// across an hour boundary, three agents and four models (one without a
// price); every third carries its own cost, every seventh failed.
func sampleDecisions(n int) []decision {
	start := time.Date(2026, 3, 1, 9, 58, 0, 0, time.UTC)
	agents := []string{"support-agent", "billing-agent", "triage-agent"}
	models := []string{"mock-a", "mock-b", "gpt-4o", "unpriced-model"}
	out := make([]decision, n)
	for i := range out {
		d := decision{
			at:          start.Add(time.Duration(i) * 5 * time.Minute / time.Duration(n)),
			agent:       agents[i%len(agents)],
			model:       models[(i/3)%len(models)],
			status:      "Ok",
			durationNs:  uint64(1_000_000 + (i*7919)%5_000_000),
			inputTokens: uint64(100 + (i*31)%2000),
			outputToks:  uint64(10 + (i*17)%500),
		}
		if i%3 == 0 {
			d.costUSD = float64(i%100) / 1000
		}
		if i%7 == 0 {
			d.status = "Error"
		}
		out[i] = d
	}
	return out
}

// expectedCost is the cost the rollups must give a decision.
func expectedCost(d decision) float64 {
	if d.costUSD > 0 {
		return d.costUSD
	}
	p := seedPrices[d.model]
	return (float64(d.inputTokens)*p[0] + float64(d.outputToks)*p[1]) / 1e6
}

// rollupRow is one (time, agent, model) aggregate.
type rollupRow struct {
	Time                      time.Time
	Agent, Model              string
	Decisions, Errors         uint64
	Quantiles                 []float64
	InputTokens, OutputTokens uint64
	CostUSD                   float64
}

// queryRollup runs query, whose columns are those of rollupRow.
func queryRollup(t *testing.T, query string) []rollupRow {
	t.Helper()
	rows, err := db(t).Query(t.Context(), query)
	if err != nil {
		t.Fatalf("%v\n%s", err, query)
	}
	defer rows.Close()
	var out []rollupRow
	for rows.Next() {
		var r rollupRow
		if err := rows.Scan(&r.Time, &r.Agent, &r.Model, &r.Decisions, &r.Errors, &r.Quantiles, &r.InputTokens, &r.OutputTokens, &r.CostUSD); err != nil {
			t.Fatal(err)
		}
		r.Time = r.Time.UTC()
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

func TestRollupsMatchAuditTable(t *testing.T) {
	ctx := t.Context()
	const database = "rollups"
	if _, err := Migrate(ctx, db(t), Config{Database: database}); err != nil {
		t.Fatal(err)
	}
	decisions := sampleDecisions(3000)
	for i := 0; i < len(decisions); i += 1000 { // three batches: three parts per rollup
		insertDecisions(ctx, t, database, "", decisions[i:i+1000])
	}

	for _, tt := range []struct {
		rollup, bucket string
		truncate       time.Duration
	}{
		{"audit_decisions_1m", "toStartOfMinute", time.Minute},
		{"audit_decisions_1h", "toStartOfHour", time.Hour},
	} {
		t.Run(tt.rollup, func(t *testing.T) {
			got := queryRollup(t, `SELECT Time, AgentName, RequestModel, sum(Decisions), sum(Errors),
				quantilesMerge(0.5, 0.95, 0.99)(DurationNsQuantiles), sum(InputTokens), sum(OutputTokens), sum(CostUSD)
				FROM rollups.`+tt.rollup+` GROUP BY Time, AgentName, RequestModel ORDER BY Time, AgentName, RequestModel`)
			want := queryRollup(t, `SELECT `+tt.bucket+`(Timestamp) AS Time, AgentName, RequestModel, count(), countIf(StatusCode = 'Error'),
				quantiles(0.5, 0.95, 0.99)(DurationNs), sum(InputTokens), sum(OutputTokens), toFloat64(0)
				FROM rollups.audit_decisions GROUP BY Time, AgentName, RequestModel ORDER BY Time, AgentName, RequestModel`)
			// The cost, computed here from the seed prices.
			cost := map[string]float64{}
			for _, d := range decisions {
				cost[fmt.Sprint(d.at.Truncate(tt.truncate), d.agent, d.model)] += expectedCost(d)
			}
			for i := range want {
				want[i].CostUSD = cost[fmt.Sprint(want[i].Time, want[i].Agent, want[i].Model)]
			}
			if len(got) != len(want) {
				t.Fatalf("rollup has %d groups, the audit table %d", len(got), len(want))
			}
			for i := range got {
				g, w := got[i], want[i]
				gc, wc := g.CostUSD, w.CostUSD
				g.CostUSD, w.CostUSD = 0, 0
				if !equalRollup(g, w) || math.Abs(gc-wc) > 1e-9*math.Max(1, wc) {
					t.Errorf("group %d:\n got %+v cost %v\nwant %+v cost %v", i, g, gc, w, wc)
				}
			}
		})
	}

	var viewCost float64
	if err := db(t).QueryRow(ctx, "SELECT sum(EffectiveCostUSD) FROM rollups.audit_decisions_priced").Scan(&viewCost); err != nil {
		t.Fatal(err)
	}
	var wantCost float64
	for _, d := range decisions {
		wantCost += expectedCost(d)
	}
	if math.Abs(viewCost-wantCost) > 1e-9*wantCost {
		t.Errorf("audit_decisions_priced costs %v in all, want %v", viewCost, wantCost)
	}
}

// equalRollup compares two rows, cost excluded.
func equalRollup(a, b rollupRow) bool {
	return a.Time.Equal(b.Time) && a.Agent == b.Agent && a.Model == b.Model && a.Decisions == b.Decisions &&
		a.Errors == b.Errors && slices.Equal(a.Quantiles, b.Quantiles) && a.InputTokens == b.InputTokens &&
		a.OutputTokens == b.OutputTokens
}

func TestRollupsCountRetriedBatchOnce(t *testing.T) {
	ctx := t.Context()
	const database = "rollups_retry"
	if _, err := Migrate(ctx, db(t), Config{Database: database}); err != nil {
		t.Fatal(err)
	}
	batch := sampleDecisions(300)
	insertDecisions(ctx, t, database, "spool-0-300:audit", batch)
	insertDecisions(ctx, t, database, "spool-0-300:audit", batch) // the replay after a crash
	for _, q := range []string{
		"SELECT count() FROM rollups_retry.audit_decisions",
		"SELECT sum(Decisions) FROM rollups_retry.audit_decisions_1m",
		"SELECT sum(Decisions) FROM rollups_retry.audit_decisions_1h",
	} {
		if n := count(t, q); n != 300 {
			t.Errorf("%s = %d, want 300", q, n)
		}
	}
}

func TestUserPrices(t *testing.T) {
	ctx := t.Context()
	const database = "prices"
	c := db(t)
	if _, err := Migrate(ctx, c, Config{Database: database}); err != nil {
		t.Fatal(err)
	}
	// A new model, priced twice for the same valid_from: the later
	// updated_at wins. mock-a gets a new price from 00:30.
	for _, q := range []string{
		`INSERT INTO prices.model_prices (model, input_usd_per_million, output_usd_per_million, valid_from, updated_at)
		 VALUES ('my-model', 9, 9, '1970-01-01 00:00:00', '2026-01-01 00:00:00')`,
		`INSERT INTO prices.model_prices (model, input_usd_per_million, output_usd_per_million, valid_from, updated_at)
		 VALUES ('my-model', 1, 4, '1970-01-01 00:00:00', '2026-01-02 00:00:00')`,
		`INSERT INTO prices.model_prices (model, input_usd_per_million, output_usd_per_million, valid_from)
		 VALUES ('mock-a', 1, 2, '2026-01-01 00:30:00')`,
	} {
		if err := c.Exec(ctx, q); err != nil {
			t.Fatalf("%v\n%s", err, q)
		}
	}
	at := func(hhmm string) time.Time {
		tm, err := time.Parse("2006-01-02 15:04", "2026-01-01 "+hhmm)
		if err != nil {
			t.Fatal(err)
		}
		return tm
	}
	million := uint64(1_000_000)
	insertDecisions(ctx, t, database, "", []decision{
		{at: at("00:10"), agent: "a", model: "mock-a", status: "Ok", inputTokens: million, outputToks: million},
		{at: at("00:40"), agent: "a", model: "mock-a", status: "Ok", inputTokens: million, outputToks: million},
		{at: at("00:40"), agent: "a", model: "my-model", status: "Ok", inputTokens: million, outputToks: million},
		{at: at("00:50"), agent: "a", model: "my-model", status: "Ok", inputTokens: million, outputToks: million, costUSD: 0.5},
	})
	tests := []struct {
		query string
		want  []float64
	}{
		{"SELECT groupArray(c) FROM (SELECT sum(CostUSD) AS c FROM prices.audit_decisions_1m GROUP BY Time, RequestModel ORDER BY Time, RequestModel)",
			[]float64{0.75, 3, 5, 0.5}},
		{"SELECT groupArray(c) FROM (SELECT EffectiveCostUSD AS c FROM prices.audit_decisions_priced ORDER BY Timestamp, RequestModel)",
			[]float64{0.75, 3, 5, 0.5}},
	}
	for _, tt := range tests {
		var got []float64
		if err := c.QueryRow(ctx, tt.query).Scan(&got); err != nil {
			t.Fatalf("%v\n%s", err, tt.query)
		}
		if !slices.EqualFunc(got, tt.want, func(a, b float64) bool { return math.Abs(a-b) < 1e-9 }) {
			t.Errorf("%s\n got %v\nwant %v", tt.query, got, tt.want)
		}
	}
}

// TestRollupsKeepIdenticalAggregates checks that two different audit
// batches whose rollup blocks are identical both count: the rollup's
// deduplication must follow the audit block, not the aggregate.
func TestRollupsKeepIdenticalAggregates(t *testing.T) {
	ctx := t.Context()
	const database = "rollups_identical"
	if _, err := Migrate(ctx, db(t), Config{Database: database}); err != nil {
		t.Fatal(err)
	}
	d := decision{at: time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC), agent: "a", model: "mock-a", status: "Ok", durationNs: 5, inputTokens: 1, outputToks: 1}
	for i, token := range []string{"", "", "t1", "t2"} {
		// Each batch has another DecisionId, hence another audit block.
		d.at = d.at.Add(time.Millisecond)
		insertDecisions(ctx, t, database, token, []decision{d})
		if n := count(t, "SELECT sum(Decisions) FROM rollups_identical.audit_decisions_1m"); n != uint64(i+1) {
			t.Fatalf("after batch %d (token %q): rollup counts %d decisions, want %d", i+1, token, n, i+1)
		}
	}
}
