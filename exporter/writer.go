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
	"github.com/otelaudit/otelaudit/internal/schema"
)

// ErrClosed is returned by WriteTraces after Close.
var ErrClosed = errors.New("exporter: writer is closed")

// Writer writes pdata traces into ClickHouse: every span into the traces
// table and every decision span into the audit table. It is safe for
// concurrent use.
type Writer struct {
	conn      driver.Conn
	ownsConn  bool
	endpoint  string
	tracesSQL string
	auditSQL  string

	mu     sync.RWMutex
	closed bool
}

// NewWriter connects to ClickHouse, checks that it answers and creates the
// database and tables if they do not exist.
func NewWriter(ctx context.Context, opts ...Option) (*Writer, error) {
	cfg := newConfig(opts...)
	w := &Writer{endpoint: cfg.endpoint}
	schemaCfg := cfg.schema

	if cfg.conn != nil {
		w.conn = cfg.conn
		schemaCfg.Database = cfg.database
	} else {
		ep, err := chconn.Parse(cfg.endpoint, cfg.dialTimeout)
		if err != nil {
			return nil, fmt.Errorf("exporter: %w", err)
		}
		w.endpoint = ep.Display
		schemaCfg.Database = ep.Database
		if cfg.database != "" {
			schemaCfg.Database = cfg.database
		}
		// Validate before opening anything, so a bad name fails fast.
		if err := schemaCfg.Validate(); err != nil {
			return nil, fmt.Errorf("exporter: %w", err)
		}
		conn, err := clickhouse.Open(ep.Options)
		if err != nil {
			return nil, fmt.Errorf("exporter: open ClickHouse endpoint %s: %w", ep.Display, err)
		}
		w.conn, w.ownsConn = conn, true
	}

	if err := w.start(ctx, schemaCfg); err != nil {
		if w.ownsConn {
			_ = w.conn.Close()
		}
		return nil, err
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
	decisions, err := w.writeSpans(withDedupToken(ctx, token, "traces"), td)
	if err != nil {
		return err
	}
	if len(decisions) == 0 {
		return nil
	}
	if err := w.writeDecisions(withDedupToken(ctx, token, "audit"), decisions); err != nil {
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
	rows := decisionRows(td)
	if len(rows) == 0 {
		return nil
	}
	return w.writeDecisions(withDedupToken(ctx, token, "audit"), rows)
}

// withDedupToken returns ctx carrying the insert deduplication token for
// one table's batch; ctx itself when token is "".
func withDedupToken(ctx context.Context, token, table string) context.Context {
	if token == "" {
		return ctx
	}
	return clickhouse.Context(ctx, clickhouse.WithSettings(clickhouse.Settings{
		"insert_deduplication_token": token + ":" + table,
	}))
}

// writeSpans sends the traces batch and returns the audit rows of the
// decision spans it met.
func (w *Writer) writeSpans(ctx context.Context, td ptrace.Traces) ([]auditRow, error) {
	batch, err := w.conn.PrepareBatch(ctx, w.tracesSQL)
	if err != nil {
		return nil, fmt.Errorf("exporter: prepare traces batch: %w", err)
	}
	defer batch.Close()

	block := newTracesBlock(td)
	if err := block.appendTo(batch); err != nil {
		return nil, err
	}
	var decisions []auditRow
	for i, span := range block.spans {
		if isDecision(span) {
			decisions = append(decisions, newAuditRow(block.serviceName[i], block.traceID[i], block.spanID[i], span))
		}
	}
	if err := batch.Send(); err != nil {
		return nil, fmt.Errorf("exporter: send traces batch: %w", err)
	}
	return decisions, nil
}

// writeDecisions sends the audit batch.
func (w *Writer) writeDecisions(ctx context.Context, rows []auditRow) error {
	batch, err := w.conn.PrepareBatch(ctx, w.auditSQL)
	if err != nil {
		return fmt.Errorf("exporter: prepare audit batch: %w", err)
	}
	defer batch.Close()
	if err := appendAuditRows(batch, rows); err != nil {
		return err
	}
	if err := batch.Send(); err != nil {
		return fmt.Errorf("exporter: send audit batch: %w", err)
	}
	return nil
}

// Close waits for writes in progress and closes the connection if the
// Writer opened it. Later calls return nil.
func (w *Writer) Close() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.closed {
		return nil
	}
	w.closed = true
	if w.ownsConn {
		if err := w.conn.Close(); err != nil {
			return fmt.Errorf("exporter: close ClickHouse connection: %w", err)
		}
	}
	return nil
}
