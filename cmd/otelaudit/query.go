package main

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/ClickHouse/clickhouse-go/v2/lib/driver"

	"github.com/otelaudit/otelaudit/internal/report"
)

// runQuery runs one SQL statement and prints its result as a table.
func runQuery(ctx context.Context, args []string, stdout io.Writer) error {
	fs := newFlagSet("query", "[flags] SQL")
	var sf storeFlags
	sf.register(fs)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	sql := strings.TrimSpace(strings.Join(fs.Args(), " "))
	if sql == "" {
		return fmt.Errorf("%w: give the SQL to run, e.g. otelaudit query \"SELECT count() FROM otelaudit.audit_decisions\"", errUsage)
	}
	return sf.withStore(ctx, func(_ *store, conn driver.Conn) error {
		t, err := report.QueryTable(ctx, conn, sql)
		if err != nil {
			return err
		}
		return t.Print(stdout)
	})
}
