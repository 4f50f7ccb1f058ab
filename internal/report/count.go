package report

import (
	"context"
	"fmt"

	"github.com/ClickHouse/clickhouse-go/v2/lib/driver"

	"github.com/otelaudit/otelaudit/internal/schema"
)

// CountSessions returns how many decisions the audit table holds for the
// given sessions.
func CountSessions(ctx context.Context, conn driver.Conn, cfg schema.Config, sessions []string) (uint64, error) {
	if len(sessions) == 0 {
		return 0, nil
	}
	query, err := renderQuery("count_sessions.sql", cfg, false)
	if err != nil {
		return 0, err
	}
	var n uint64
	if err := conn.QueryRow(ctx, query, sessions).Scan(&n); err != nil {
		return 0, fmt.Errorf("count decisions of %d sessions: %w", len(sessions), err)
	}
	return n, nil
}
