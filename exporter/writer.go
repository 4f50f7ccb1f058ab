package exporter

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"github.com/ClickHouse/clickhouse-go/v2"
	"github.com/ClickHouse/clickhouse-go/v2/lib/driver"
	"go.opentelemetry.io/collector/pdata/ptrace"

	"github.com/otelaudit/otelaudit/internal/chconn"
	"github.com/otelaudit/otelaudit/internal/chinsert"
	"github.com/otelaudit/otelaudit/internal/native"
	"github.com/otelaudit/otelaudit/internal/schema"
)

// ErrClosed is returned by WriteTraces after Close.
var ErrClosed = errors.New("exporter: writer is closed")

// Writer writes pdata traces into ClickHouse: every span into the traces
// table and every decision span into the audit table. It is safe for
// concurrent use.
//
// Rows go out as Native blocks built straight from the spans (see
// internal/native) over the endpoint's protocol; the schema and the ping
// go through clickhouse-go.
type Writer struct {
	conn      driver.Conn
	inserter  chinsert.Inserter
	endpoint  string
	tracesSQL string
	auditSQL  string
	blocks    sync.Pool // *Blocks, reused across batches

	mu     sync.RWMutex
	closed bool
}

// NewWriter connects to ClickHouse, checks that it answers and creates the
// database and tables if they do not exist.
func NewWriter(ctx context.Context, opts ...Option) (*Writer, error) {
	cfg := newConfig(opts...)
	ep, err := chconn.Parse(cfg.endpoint, cfg.dialTimeout)
	if err != nil {
		return nil, fmt.Errorf("exporter: %w", err)
	}
	schemaCfg := cfg.schema
	schemaCfg.Database = ep.Database
	if cfg.database != "" {
		schemaCfg.Database = cfg.database
	}
	// Validate before opening anything, so a bad name fails fast.
	if err := schemaCfg.Validate(); err != nil {
		return nil, fmt.Errorf("exporter: %w", err)
	}
	w := &Writer{endpoint: ep.Display}
	if w.conn, err = clickhouse.Open(ep.Options); err != nil {
		return nil, fmt.Errorf("exporter: open ClickHouse endpoint %s: %w", ep.Display, err)
	}
	if w.inserter, err = chinsert.Open(ep); err != nil {
		return nil, errors.Join(fmt.Errorf("exporter: %w", err), w.conn.Close())
	}
	if err := w.start(ctx, schemaCfg); err != nil {
		return nil, errors.Join(err, w.closeConns())
	}
	return w, nil
}

// start renders the statements, pings the server and runs the DDL.
func (w *Writer) start(ctx context.Context, c schema.Config) error {
	var err error
	if w.tracesSQL, err = schema.TracesInsert(c); err != nil {
		return fmt.Errorf("exporter: %w", err)
	}
	if w.auditSQL, err = schema.AuditInsert(c); err != nil {
		return fmt.Errorf("exporter: %w", err)
	}
	if err := w.conn.Ping(ctx); err != nil {
		return fmt.Errorf("exporter: %w", &chconn.UnreachableError{Endpoint: w.endpoint, Err: err})
	}
	if _, err := schema.Migrate(ctx, w.conn, c); err != nil {
		return fmt.Errorf("exporter: migrate the schema at %s: %w", w.endpoint, err)
	}
	return nil
}

// WriteTraces writes every span of td into the traces table and every
// decision span into the audit table, each as one batch. The traces batch
// is sent first; an error from either is returned.
func (w *Writer) WriteTraces(ctx context.Context, td ptrace.Traces) error {
	return w.WriteBatch(ctx, td, "")
}

// WriteBatch is WriteTraces with a deduplication token: ClickHouse stores a
// batch sent again with the same token once (insert_deduplication_token,
// within the tables' deduplication window). The token must name the batch's
// content, e.g. the spool range it came from; "" sends no token.
func (w *Writer) WriteBatch(ctx context.Context, td ptrace.Traces, token string) error {
	w.mu.RLock()
	defer w.mu.RUnlock()
	if w.closed {
		return ErrClosed
	}
	if td.SpanCount() == 0 {
		return nil
	}
	b := w.getBlocks()
	defer w.putBlocks(b)
	b.AppendTraces(td)
	return w.writeBlocks(ctx, b, token)
}

// WriteBlocks sends blocks built with the Append methods of Blocks as
// WriteBatch sends a batch: the traces block, then the audit block, each
// with its half of the deduplication token, a *PartialError when only the
// traces block was stored. The blocks are not reset.
func (w *Writer) WriteBlocks(ctx context.Context, b *Blocks, token string) error {
	w.mu.RLock()
	defer w.mu.RUnlock()
	if w.closed {
		return ErrClosed
	}
	return w.writeBlocks(ctx, b, token)
}

// writeBlocks sends the blocks that have rows.
func (w *Writer) writeBlocks(ctx context.Context, b *Blocks, token string) error {
	if b.Traces().Rows() > 0 {
		if err := w.insert(ctx, w.tracesSQL, b.Traces(), token, "traces"); err != nil {
			return err
		}
	}
	if b.Audit().Rows() == 0 {
		return nil
	}
	if err := w.insert(ctx, w.auditSQL, b.Audit(), token, "audit"); err != nil {
		if b.Traces().Rows() == 0 {
			return err
		}
		return &PartialError{Err: err}
	}
	return nil
}

// PartialError is returned by WriteBatch when the traces batch was stored
// but the audit batch was not. Completing the batch takes WriteDecisions:
// sending the whole batch again under another token would store its spans
// twice.
type PartialError struct {
	// Err is why the audit batch failed.
	Err error
}

func (e *PartialError) Error() string {
	return e.Err.Error() + " (the batch's spans were stored, its decisions were not)"
}

// Unwrap returns the audit batch's error.
func (e *PartialError) Unwrap() error { return e.Err }

// WriteDecisions writes only the audit rows of td's decision spans, with
// the audit half of the batch's deduplication token: the way to complete a
// batch whose WriteBatch returned a *PartialError.
func (w *Writer) WriteDecisions(ctx context.Context, td ptrace.Traces, token string) error {
	w.mu.RLock()
	defer w.mu.RUnlock()
	if w.closed {
		return ErrClosed
	}
	b := w.getBlocks()
	defer w.putBlocks(b)
	b.AppendDecisions(td)
	return w.writeBlocks(ctx, b, token)
}

// insert sends one table's block, with the insert deduplication token
// token:table unless token is "".
func (w *Writer) insert(ctx context.Context, statement string, block *native.Block, token, table string) error {
	var settings []chinsert.Setting
	if token != "" {
		settings = append(settings, chinsert.Setting{Name: "insert_deduplication_token", Value: token + ":" + table})
	}
	if err := w.inserter.Insert(ctx, statement, block, settings...); err != nil {
		return fmt.Errorf("exporter: send %s batch: %w", table, err)
	}
	return nil
}

// getBlocks returns empty blocks from the pool.
func (w *Writer) getBlocks() *Blocks {
	if b, ok := w.blocks.Get().(*Blocks); ok {
		return b
	}
	return NewBlocks()
}

// putBlocks empties b and returns it to the pool.
func (w *Writer) putBlocks(b *Blocks) {
	b.Reset()
	w.blocks.Put(b)
}

// Close waits for writes in progress and closes the connections. Later
// calls return nil.
func (w *Writer) Close() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.closed {
		return nil
	}
	w.closed = true
	return w.closeConns()
}

// closeConns closes the inserter and the clickhouse-go connection.
func (w *Writer) closeConns() error {
	var errs []error
	if w.inserter != nil {
		errs = append(errs, w.inserter.Close())
	}
	if err := w.conn.Close(); err != nil {
		errs = append(errs, fmt.Errorf("exporter: close ClickHouse connection: %w", err))
	}
	return errors.Join(errs...)
}
