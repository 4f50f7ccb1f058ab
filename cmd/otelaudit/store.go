package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"path/filepath"
	"time"

	"github.com/ClickHouse/clickhouse-go/v2/lib/driver"

	"github.com/otelaudit/otelaudit/internal/chconn"
	"github.com/otelaudit/otelaudit/internal/chhttp"
	"github.com/otelaudit/otelaudit/internal/schema"
)

// storeFlags select where the audit trail is: the embedded store in a data
// directory, or a ClickHouse server.
type storeFlags struct {
	dataDir  string
	endpoint string
	database string
}

func (s *storeFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&s.dataDir, "data", "./data", "data directory of the embedded ClickHouse (used when --endpoint is empty)")
	fs.StringVar(&s.endpoint, "endpoint", "", "ClickHouse server, e.g. clickhouse://user:pass@host:9000 or http://host:8123")
	fs.StringVar(&s.database, "database", schema.DefaultDatabase, "database holding the audit tables")
}

// store is an open way to the audit trail.
type store struct {
	// endpoint is what the exporter and clients connect to.
	endpoint string
	// where says where the data is, for people.
	where  string
	server *chhttp.Server
}

// openStore starts the embedded store on the data directory, or just
// names the server when --endpoint is set.
func (s *storeFlags) openStore(ctx context.Context) (*store, error) {
	if s.endpoint != "" {
		return &store{endpoint: s.endpoint, where: "ClickHouse at " + chconn.Redacted(s.endpoint)}, nil
	}
	dir, err := filepath.Abs(s.dataDir)
	if err != nil {
		return nil, fmt.Errorf("data directory %q: %w", s.dataDir, err)
	}
	srv, err := chhttp.Start(ctx, chhttp.Config{DataDir: dir})
	if err != nil {
		return nil, fmt.Errorf("open the embedded ClickHouse: %w", err)
	}
	return &store{endpoint: srv.DSN(), where: "embedded ClickHouse (chDB) in " + dir, server: srv}, nil
}

// connect opens a clickhouse-go connection to the store.
func (st *store) connect(ctx context.Context) (driver.Conn, error) {
	return chconn.Open(ctx, st.endpoint, 10*time.Second)
}

// close stops the embedded store, if this process runs it.
func (st *store) close() error {
	if st.server == nil {
		return nil
	}
	return st.server.Close()
}

// schemaConfig returns the table names the reports read.
func (s *storeFlags) schemaConfig() schema.Config {
	return schema.Config{Database: s.database}
}

// withStore runs fn with the store and a connection to it, then closes
// both.
func (s *storeFlags) withStore(ctx context.Context, fn func(st *store, conn driver.Conn) error) (err error) {
	st, err := s.openStore(ctx)
	if err != nil {
		return err
	}
	defer func() { err = errors.Join(err, st.close()) }()
	conn, err := st.connect(ctx)
	if err != nil {
		return err
	}
	defer func() { err = errors.Join(err, conn.Close()) }()
	return fn(st, conn)
}
