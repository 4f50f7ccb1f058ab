package chinsert

import (
	"context"
	"fmt"
	"sync"
	"time"

	ch "github.com/ClickHouse/ch-go"
	"github.com/ClickHouse/clickhouse-go/v2"

	"github.com/otelaudit/otelaudit/internal/chconn"
	"github.com/otelaudit/otelaudit/internal/native"
)

// maxIdleNative is the most idle native connections kept for reuse.
const maxIdleNative = 4

// nativeReadTimeout bounds the wait for one packet from the server; the
// insert as a whole is bounded by its context.
const nativeReadTimeout = 60 * time.Second

// nativeInserter sends inserts over the native protocol with ch-go's
// client, one insert per connection at a time; idle connections are kept
// for the next insert.
type nativeInserter struct {
	opts    ch.Options
	display string

	mu     sync.Mutex
	idle   []*ch.Client
	closed bool
}

func newNative(ep chconn.Endpoint) (*nativeInserter, error) {
	o := ep.Options
	opts := ch.Options{
		Address:     o.Addr[0],
		Database:    o.Auth.Database,
		User:        o.Auth.Username,
		Password:    o.Auth.Password,
		DialTimeout: o.DialTimeout,
		ReadTimeout: nativeReadTimeout,
		TLS:         o.TLS,
		ClientName:  "otelaudit",
	}
	if o.Compression != nil {
		switch o.Compression.Method {
		case clickhouse.CompressionNone:
		case clickhouse.CompressionLZ4:
			opts.Compression = ch.CompressionLZ4
		case clickhouse.CompressionZSTD:
			opts.Compression = ch.CompressionZSTD
		default:
			return nil, fmt.Errorf("chinsert: endpoint %s: compression %v is not supported over the native protocol", ep.Display, o.Compression.Method)
		}
	}
	return &nativeInserter{opts: opts, display: ep.Display}, nil
}

// Insert sends block on an idle connection, or a new one. A connection
// that failed is closed rather than reused.
func (n *nativeInserter) Insert(ctx context.Context, statement string, block *native.Block, settings ...Setting) error {
	c, err := n.get(ctx)
	if err != nil {
		return err
	}
	q := ch.Query{Body: statement + " VALUES", Input: block.Input()}
	for _, s := range settings {
		q.Settings = append(q.Settings, ch.Setting{Key: s.Name, Value: s.Value, Important: true})
	}
	if err := c.Do(ctx, q); err != nil {
		_ = c.Close()
		if ex, ok := ch.AsException(err); ok {
			return &clickhouse.Exception{Code: int32(ex.Code), Name: ex.Name, Message: ex.Message, StackTrace: ex.Stack}
		}
		return fmt.Errorf("chinsert: insert into %s: %w", n.display, err)
	}
	n.put(c)
	return nil
}

// get returns an idle connection or dials one.
func (n *nativeInserter) get(ctx context.Context) (*ch.Client, error) {
	n.mu.Lock()
	if n.closed {
		n.mu.Unlock()
		return nil, errClosed
	}
	if k := len(n.idle); k > 0 {
		c := n.idle[k-1]
		n.idle = n.idle[:k-1]
		n.mu.Unlock()
		return c, nil
	}
	n.mu.Unlock()
	c, err := ch.Dial(ctx, n.opts)
	if err != nil {
		return nil, fmt.Errorf("chinsert: connect to %s: %w", n.display, err)
	}
	return c, nil
}

// put keeps c for the next insert, or closes it.
func (n *nativeInserter) put(c *ch.Client) {
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.closed || len(n.idle) >= maxIdleNative || c.IsClosed() {
		_ = c.Close()
		return
	}
	n.idle = append(n.idle, c)
}

// Close closes the idle connections; later inserts fail.
func (n *nativeInserter) Close() error {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.closed = true
	var firstErr error
	for _, c := range n.idle {
		if err := c.Close(); err != nil && firstErr == nil {
			firstErr = fmt.Errorf("chinsert: close connection to %s: %w", n.display, err)
		}
	}
	n.idle = nil
	return firstErr
}
