package report

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"strings"
	"time"

	"github.com/ClickHouse/clickhouse-go/v2/lib/driver"

	"github.com/otelaudit/otelaudit/internal/schema"
)

// ReplayFilter selects the decisions to replay: one session or one user,
// within [Since, Until).
type ReplayFilter struct {
	Session string
	User    string
	// Since and Until bound the decisions' start times; zero means open.
	Since, Until time.Time
}

// Decision is one decision as stored in the audit table.
type Decision struct {
	Time          time.Time
	ID            string
	Session       string
	User          string
	Agent         string
	AgentVersion  string
	Provider      string
	RequestModel  string
	ResponseModel string
	Latency       time.Duration
	InputTokens   uint64
	OutputTokens  uint64
	CostUSD       float64
	Input         string
	Reasoning     string
	Output        string
	Outcome       string
	StatusCode    string
	ErrorType     string
	ErrorMessage  string
	Variant       string
}

// Replay returns the decisions of f's session or user in time order.
func Replay(ctx context.Context, conn driver.Conn, cfg schema.Config, f ReplayFilter) ([]Decision, error) {
	if (f.Session == "") == (f.User == "") {
		return nil, errors.New("replay: give exactly one of a session or a user")
	}
	if !f.Until.IsZero() && !f.Since.IsZero() && !f.Until.After(f.Since) {
		return nil, fmt.Errorf("replay: until (%s) must be after since (%s)", f.Until.Format(time.RFC3339), f.Since.Format(time.RFC3339))
	}
	query, err := renderQuery("replay.sql", cfg, f.Session != "")
	if err != nil {
		return nil, err
	}
	key := f.Session
	if key == "" {
		key = f.User
	}
	since, until := int64(0), int64(math.MaxInt64)
	if !f.Since.IsZero() {
		since = f.Since.UnixNano()
	}
	if !f.Until.IsZero() {
		until = f.Until.UnixNano()
	}
	rows, err := conn.Query(ctx, query, key, since, until)
	if err != nil {
		return nil, fmt.Errorf("replay: query decisions: %w", err)
	}
	defer rows.Close()
	var out []Decision
	for rows.Next() {
		var d Decision
		var latency uint64
		if err := rows.Scan(&d.Time, &d.ID, &d.Session, &d.User, &d.Agent, &d.AgentVersion, &d.Provider,
			&d.RequestModel, &d.ResponseModel, &latency, &d.InputTokens, &d.OutputTokens, &d.CostUSD,
			&d.Input, &d.Reasoning, &d.Output, &d.Outcome, &d.StatusCode, &d.ErrorType, &d.ErrorMessage, &d.Variant); err != nil {
			return nil, fmt.Errorf("replay: read decision: %w", err)
		}
		d.Latency = time.Duration(latency)
		out = append(out, d)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("replay: read decisions: %w", err)
	}
	return out, nil
}

// PrintReplay writes decisions for a person to read, one block each.
func PrintReplay(w io.Writer, decisions []Decision) error {
	var b strings.Builder
	for i, d := range decisions {
		fmt.Fprintf(&b, "#%d  %s  decision %s\n", i+1, d.Time.UTC().Format("2006-01-02 15:04:05.000000000Z"), d.ID)
		fmt.Fprintf(&b, "    session   %s   user %s\n", d.Session, d.User)
		fmt.Fprintf(&b, "    agent     %s\n", joinNonEmpty(" ", d.Agent, d.AgentVersion))
		model := d.RequestModel
		if d.ResponseModel != "" && d.ResponseModel != d.RequestModel {
			model += " -> " + d.ResponseModel
		}
		if d.Provider != "" {
			model += " (" + d.Provider + ")"
		}
		fmt.Fprintf(&b, "    model     %s\n", model)
		fmt.Fprintf(&b, "    latency   %s   tokens %d in / %d out   cost $%.6f\n",
			d.Latency.Round(time.Microsecond), d.InputTokens, d.OutputTokens, d.CostUSD)
		writeField(&b, "input", d.Input)
		writeField(&b, "reasoning", d.Reasoning)
		writeField(&b, "output", d.Output)
		fmt.Fprintf(&b, "    outcome   %s\n", d.Outcome)
		if d.StatusCode == "Error" || d.ErrorType != "" {
			writeField(&b, "error", joinNonEmpty(": ", d.ErrorType, d.ErrorMessage))
		}
		b.WriteByte('\n')
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// writeField writes a labelled, possibly multi-line value, indented.
func writeField(b *strings.Builder, label, value string) {
	if value == "" {
		value = "-"
	}
	for i, line := range strings.Split(value, "\n") {
		if i == 0 {
			fmt.Fprintf(b, "    %-9s %s\n", label, line)
			continue
		}
		fmt.Fprintf(b, "    %-9s %s\n", "", line)
	}
}

func joinNonEmpty(sep string, parts ...string) string {
	var kept []string
	for _, p := range parts {
		if p != "" {
			kept = append(kept, p)
		}
	}
	return strings.Join(kept, sep)
}
