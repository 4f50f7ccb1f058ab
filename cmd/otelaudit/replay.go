package main

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/ClickHouse/clickhouse-go/v2/lib/driver"

	"github.com/otelaudit/otelaudit/internal/report"
)

// runReplay prints every decision of a session or a user in time order.
func runReplay(ctx context.Context, args []string, stdout io.Writer) error {
	fs := newFlagSet("replay", "(--session ID | --user ID) [flags]")
	var sf storeFlags
	sf.register(fs)
	session := fs.String("session", "", "replay this session (gen_ai.conversation.id)")
	user := fs.String("user", "", "replay this user's decisions (user.id)")
	since := fs.String("since", "", "only decisions from this time on: RFC 3339, a date (2006-01-02) or a duration ago (24h)")
	until := fs.String("until", "", "only decisions before this time, same forms as --since")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("%w: unexpected arguments %q", errUsage, fs.Args())
	}
	if (*session == "") == (*user == "") {
		return fmt.Errorf("%w: give exactly one of --session or --user", errUsage)
	}
	now := time.Now()
	filter := report.ReplayFilter{Session: *session, User: *user}
	var err error
	if filter.Since, err = parseTime(*since, now); err != nil {
		return fmt.Errorf("%w: --since: %v", errUsage, err)
	}
	if filter.Until, err = parseTime(*until, now); err != nil {
		return fmt.Errorf("%w: --until: %v", errUsage, err)
	}
	return sf.withStore(ctx, func(_ *store, conn driver.Conn) error {
		decisions, err := report.Replay(ctx, conn, sf.schemaConfig(), filter)
		if err != nil {
			return err
		}
		what := "session " + *session
		if *user != "" {
			what = "user " + *user
		}
		if len(decisions) == 0 {
			_, err := fmt.Fprintf(stdout, "no decisions for %s in that time range\n", what)
			return err
		}
		fmt.Fprintf(stdout, "%d decisions for %s\n\n", len(decisions), what)
		return report.PrintReplay(stdout, decisions)
	})
}

// parseTime reads a --since/--until value: RFC 3339, a date, or a
// duration before now. Empty means no bound.
func parseTime(s string, now time.Time) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
		return t, nil
	}
	if t, err := time.Parse(time.DateOnly, s); err == nil {
		return t, nil
	}
	if d, err := time.ParseDuration(s); err == nil && d > 0 {
		return now.Add(-d), nil
	}
	return time.Time{}, fmt.Errorf("%q is not RFC 3339 (2026-12-01T15:04:05Z), a date (2026-12-01) or a positive duration ago (24h)", s)
}
