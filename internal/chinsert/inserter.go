package chinsert

import (
	"context"
	"errors"
	"fmt"

	"github.com/ClickHouse/clickhouse-go/v2"

	"github.com/otelaudit/otelaudit/internal/chconn"
	"github.com/otelaudit/otelaudit/internal/native"
)

// errClosed is returned by inserts after Close.
var errClosed = errors.New("chinsert: inserter is closed")

// Setting is one query-level setting of an insert, such as
// insert_deduplication_token.
type Setting struct {
	Name, Value string
}

// Inserter sends inserts to one endpoint. It is safe for concurrent use.
type Inserter interface {
	// Insert runs statement, an `INSERT INTO table (columns...)` with
	// neither FORMAT nor VALUES, with block as its rows.
	Insert(ctx context.Context, statement string, block *native.Block, settings ...Setting) error
	// Close releases the connections.
	Close() error
}

// Open returns the inserter for ep's protocol. It connects lazily: the
// first insert dials.
func Open(ep chconn.Endpoint) (Inserter, error) {
	switch ep.Options.Protocol {
	case clickhouse.HTTP:
		return newHTTP(ep)
	case clickhouse.Native:
		return newNative(ep)
	}
	return nil, fmt.Errorf("chinsert: endpoint %s: unsupported protocol %v", ep.Display, ep.Options.Protocol)
}
