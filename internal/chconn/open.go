package chconn

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"time"

	"github.com/ClickHouse/clickhouse-go/v2"
	"github.com/ClickHouse/clickhouse-go/v2/lib/driver"
)

// Open connects to the endpoint and checks that the server answers; an
// unreachable server is an *UnreachableError.
func Open(ctx context.Context, raw string, dialTimeout time.Duration) (driver.Conn, error) {
	ep, err := Parse(raw, dialTimeout)
	if err != nil {
		return nil, err
	}
	conn, err := clickhouse.Open(ep.Options)
	if err != nil {
		return nil, fmt.Errorf("open ClickHouse endpoint %s: %w", ep.Display, err)
	}
	if err := conn.Ping(ctx); err != nil {
		return nil, errors.Join(&UnreachableError{Endpoint: ep.Display, Err: err}, conn.Close())
	}
	return conn, nil
}

// Redacted returns the endpoint with its password masked, for messages;
// the raw text when it is not a URL.
func Redacted(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return raw
	}
	return u.Redacted()
}
