package report

import (
	"context"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/ClickHouse/clickhouse-go/v2/lib/driver"

	"github.com/otelaudit/otelaudit/internal/schema"
	"github.com/otelaudit/otelaudit/semconv"
)

// ModelStats is what the audit table says about one model.
type ModelStats struct {
	Model        string
	Decisions    uint64
	Errors       uint64
	P50, P95     time.Duration
	InputTokens  uint64
	OutputTokens uint64
	CostUSD      float64
	// Outcomes counts decisions per outcome.
	Outcomes map[string]uint64
}

// Summary is the whole audit table at a glance, per model.
type Summary struct {
	Models []ModelStats
}

// Total returns the number of decisions and of failed decisions.
func (s Summary) Total() (decisions, errors uint64) {
	for _, m := range s.Models {
		decisions += m.Decisions
		errors += m.Errors
	}
	return decisions, errors
}

// Summarize reads the per-model figures from the audit table.
func Summarize(ctx context.Context, conn driver.Conn, cfg schema.Config) (Summary, error) {
	query, err := renderQuery("summary_by_model.sql", cfg, false)
	if err != nil {
		return Summary{}, err
	}
	rows, err := conn.Query(ctx, query)
	if err != nil {
		return Summary{}, fmt.Errorf("summary: query per model: %w", err)
	}
	defer rows.Close()
	var s Summary
	index := map[string]int{}
	for rows.Next() {
		var m ModelStats
		var p50, p95 float64
		if err := rows.Scan(&m.Model, &m.Decisions, &m.Errors, &p50, &p95, &m.InputTokens, &m.OutputTokens, &m.CostUSD); err != nil {
			return Summary{}, fmt.Errorf("summary: read per model: %w", err)
		}
		m.P50, m.P95 = time.Duration(p50), time.Duration(p95)
		m.Outcomes = map[string]uint64{}
		index[m.Model] = len(s.Models)
		s.Models = append(s.Models, m)
	}
	if err := rows.Err(); err != nil {
		return Summary{}, fmt.Errorf("summary: read per model: %w", err)
	}

	query, err = renderQuery("summary_by_outcome.sql", cfg, false)
	if err != nil {
		return Summary{}, err
	}
	orows, err := conn.Query(ctx, query)
	if err != nil {
		return Summary{}, fmt.Errorf("summary: query per outcome: %w", err)
	}
	defer orows.Close()
	for orows.Next() {
		var model, outcome string
		var n uint64
		if err := orows.Scan(&model, &outcome, &n); err != nil {
			return Summary{}, fmt.Errorf("summary: read per outcome: %w", err)
		}
		if i, ok := index[model]; ok {
			s.Models[i].Outcomes[outcome] = n
		}
	}
	if err := orows.Err(); err != nil {
		return Summary{}, fmt.Errorf("summary: read per outcome: %w", err)
	}
	return s, nil
}

// Print writes the summary as a table followed by the totals.
func (s Summary) Print(w io.Writer) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "model\tdecisions\toutcomes\terrors\terror rate\tp50 latency\tp95 latency\tinput tokens\toutput tokens\tcost USD")
	var in, out uint64
	var cost float64
	for _, m := range s.Models {
		fmt.Fprintf(tw, "%s\t%d\t%s\t%d\t%s\t%s\t%s\t%d\t%d\t%.4f\n", m.Model, m.Decisions, outcomes(m.Outcomes),
			m.Errors, percent(m.Errors, m.Decisions), m.P50.Round(10*time.Microsecond), m.P95.Round(10*time.Microsecond),
			m.InputTokens, m.OutputTokens, m.CostUSD)
		in += m.InputTokens
		out += m.OutputTokens
		cost += m.CostUSD
	}
	if err := tw.Flush(); err != nil {
		return fmt.Errorf("print summary: %w", err)
	}
	decisions, errors := s.Total()
	_, err := fmt.Fprintf(w, "total: %d decisions, error rate %s, %d input + %d output tokens, cost $%.4f\n",
		decisions, percent(errors, decisions), in, out, cost)
	return err
}

// knownOutcomes are the outcomes the API records, listed first in this
// order; others follow sorted.
var knownOutcomes = []string{semconv.OutcomeSuccess, semconv.OutcomeEscalated, semconv.OutcomeRefused, semconv.OutcomeError}

func outcomes(m map[string]uint64) string {
	var parts []string
	for _, name := range knownOutcomes {
		if n, ok := m[name]; ok {
			parts = append(parts, fmt.Sprintf("%s=%d", name, n))
		}
	}
	for _, name := range slices.Sorted(maps.Keys(m)) {
		if !slices.Contains(knownOutcomes, name) {
			parts = append(parts, fmt.Sprintf("%s=%d", name, m[name]))
		}
	}
	return strings.Join(parts, " ")
}

func percent(part, whole uint64) string {
	if whole == 0 {
		return "-"
	}
	return fmt.Sprintf("%.1f%%", 100*float64(part)/float64(whole))
}
