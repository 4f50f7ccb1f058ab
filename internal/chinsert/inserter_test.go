package chinsert

import (
	"context"
	"errors"
	"fmt"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/ClickHouse/ch-go/proto"
	"github.com/ClickHouse/clickhouse-go/v2"

	"github.com/otelaudit/otelaudit/internal/chconn"
	"github.com/otelaudit/otelaudit/internal/native"
)

// testBlock returns a block of n rows for the table testTable creates:
// a string, a LowCardinality string, an attribute map and a UInt64.
func testBlock(n int) *native.Block {
	var b native.Block
	s, lc, m, u := new(native.Strings), new(native.LowCardinality), new(native.Map), new(proto.ColUInt64)
	for i := range n {
		s.Append(fmt.Sprintf("row %d", i))
		lc.Append([]string{"a", "b", "c"}[i%3])
		m.Add("k", fmt.Sprint(i))
		if i%2 == 0 {
			m.Add("even", "yes")
		}
		m.EndRow()
		u.Append(uint64(i))
	}
	b.Add("S", s)
	b.Add("L", lc)
	b.Add("M", m)
	b.Add("U", u)
	return &b
}

// testTable creates a fresh table for testBlock's rows and returns its
// qualified name.
func testTable(t *testing.T, name string) string {
	t.Helper()
	conn := engine.Conn(t)
	ctx := context.Background()
	for _, q := range []string{
		"CREATE DATABASE IF NOT EXISTS chinsert",
		"DROP TABLE IF EXISTS chinsert." + name,
		"CREATE TABLE chinsert." + name + " (S String, L LowCardinality(String), M Map(LowCardinality(String), String), U UInt64) ENGINE = MergeTree ORDER BY U",
	} {
		if err := conn.Exec(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	return "chinsert." + name
}

// openInserter opens the inserter of an endpoint URL, closed with the test.
func openInserter(t *testing.T, endpoint string) Inserter {
	t.Helper()
	ep, err := chconn.Parse(endpoint, time.Second)
	if err != nil {
		t.Fatal(err)
	}
	ins, err := Open(ep)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = ins.Close() })
	return ins
}

// TestHTTPInsertEveryCompression inserts through the embedded endpoint with
// every compression the HTTP interface takes, and reads the rows back.
func TestHTTPInsertEveryCompression(t *testing.T) {
	srv := engine.Server(t)
	for _, c := range []string{"none", "lz4", "zstd", "gzip", "deflate", "br"} {
		t.Run(c, func(t *testing.T) {
			table := testTable(t, "compress_"+c)
			ins := openInserter(t, srv.URL()+"?compress="+c)
			const rows = 3000
			stmt := "INSERT INTO " + table + " (S, L, M, U)"
			if err := ins.Insert(context.Background(), stmt, testBlock(rows)); err != nil {
				t.Fatalf("insert: %v", err)
			}
			var n, evens, sum uint64
			var ls string
			q := "SELECT count(), countIf(M['even'] = 'yes'), sum(toUInt64(M['k'])), arrayStringConcat(groupUniqArray(L), '') FROM " + table
			if err := engine.Conn(t).QueryRow(context.Background(), q).Scan(&n, &evens, &sum, &ls); err != nil {
				t.Fatal(err)
			}
			if n != rows || evens != rows/2 || sum != rows*(rows-1)/2 || len(ls) != 3 {
				t.Errorf("read back %d rows, %d even, sum %d, L values %q", n, evens, sum, ls)
			}
		})
	}
}

// TestHTTPInsertSettingsAndErrors checks that settings reach the server
// (a deduplication token stores a resent block once) and that a server
// error comes back as a *clickhouse.Exception with its code.
func TestHTTPInsertSettingsAndErrors(t *testing.T) {
	srv := engine.Server(t)
	table := testTable(t, "settings")
	ins := openInserter(t, srv.URL())
	ctx := context.Background()
	stmt := "INSERT INTO " + table + " (S, L, M, U)"
	if err := engine.Conn(t).Exec(ctx, "ALTER TABLE "+table+" MODIFY SETTING non_replicated_deduplication_window = 100"); err != nil {
		t.Fatal(err)
	}
	for range 2 {
		if err := ins.Insert(ctx, stmt, testBlock(10), Setting{Name: "insert_deduplication_token", Value: "batch-1"}); err != nil {
			t.Fatalf("insert: %v", err)
		}
	}
	var n uint64
	if err := engine.Conn(t).QueryRow(ctx, "SELECT count() FROM "+table).Scan(&n); err != nil {
		t.Fatal(err)
	}
	if n != 10 {
		t.Errorf("%d rows after sending one block twice with one token, want 10", n)
	}

	err := ins.Insert(ctx, "INSERT INTO chinsert.missing (S, L, M, U)", testBlock(1))
	var ex *clickhouse.Exception
	if !errors.As(err, &ex) || ex.Code != 60 { // UNKNOWN_TABLE
		t.Fatalf("insert into a missing table: %v, want a ClickHouse exception with code 60", err)
	}
	if !strings.Contains(ex.Message, "missing") {
		t.Errorf("exception message %q does not name the table", ex.Message)
	}
}

// TestNativeUnreachable checks that the native protocol's inserter reports
// a server that does not answer, naming the endpoint.
func TestNativeUnreachable(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	ep, err := chconn.Parse("clickhouse://"+addr+"?compress=lz4", time.Second)
	if err != nil {
		t.Fatal(err)
	}
	ins, err := Open(ep)
	if err != nil {
		t.Fatal(err)
	}
	err = ins.Insert(context.Background(), "INSERT INTO t (S, L, M, U)", testBlock(1))
	if err == nil || !strings.Contains(err.Error(), addr) {
		t.Fatalf("insert to a closed port: %v, want an error naming %s", err, addr)
	}
	if err := ins.Close(); err != nil {
		t.Fatal(err)
	}
	if err := ins.Insert(context.Background(), "INSERT INTO t (S, L, M, U)", testBlock(1)); !errors.Is(err, errClosed) {
		t.Errorf("insert after Close: %v, want errClosed", err)
	}
}
