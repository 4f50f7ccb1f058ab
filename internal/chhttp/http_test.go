package chhttp

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/ClickHouse/clickhouse-go/v2"
)

// newRequest builds a POST (or GET when body is nil) to base with params.
func newRequest(t *testing.T, base string, params url.Values, body io.Reader) *http.Request {
	t.Helper()
	method := http.MethodPost
	if body == nil {
		method = http.MethodGet
	}
	req, err := http.NewRequest(method, base+"/?"+params.Encode(), body)
	if err != nil {
		t.Fatal(err)
	}
	return req
}

// do sends req with a client that does not decompress, checks the status
// and returns the response and its body.
func do(t *testing.T, req *http.Request, status int) (*http.Response, []byte) {
	t.Helper()
	c := &http.Client{Transport: &http.Transport{DisableCompression: true}}
	defer c.CloseIdleConnections()
	res, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	data, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	if res.StatusCode != status {
		t.Fatalf("%s %s: status %d (%s), want %d", req.Method, req.URL, res.StatusCode, data, status)
	}
	return res, data
}

// post sends a POST with params and a text body and returns the body.
func post(t *testing.T, base string, params url.Values, body *string, contentType string, status int) string {
	t.Helper()
	var r io.Reader = strings.NewReader("")
	if body != nil {
		r = strings.NewReader(*body)
	}
	req := newRequest(t, base, params, r)
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	_, data := do(t, req, status)
	return string(data)
}

func TestHTTPInterface(t *testing.T) {
	s := server(t)
	post(t, s.URL(), url.Values{"query": {"CREATE TABLE raw_t (id UInt64, name String) ENGINE = MergeTree ORDER BY id"}}, nil, "", http.StatusOK)
	str := func(s string) *string { return &s }
	tests := []struct {
		name       string
		method     string
		path       string
		params     url.Values
		body       *string
		status     int
		want       string
		wantHeader map[string]string
	}{
		{name: "ping", method: http.MethodGet, path: "/ping", status: 200, want: "Ok.\n"},
		{name: "root", method: http.MethodGet, path: "/", status: 200, want: "Ok.\n"},
		{name: "unknown path", method: http.MethodGet, path: "/nope", status: 404},
		{name: "get select", method: http.MethodGet, path: "/", params: url.Values{"query": {"SELECT 1"}}, status: 200, want: "1\n",
			wantHeader: map[string]string{"X-ClickHouse-Format": "TabSeparated", "X-ClickHouse-Exception-Code": ""}},
		{name: "get modifying is readonly", method: http.MethodGet, path: "/", params: url.Values{"query": {"DROP TABLE raw_t"}}, status: 405,
			wantHeader: map[string]string{"X-ClickHouse-Exception-Code": "164"}},
		{name: "query param and body concatenated", method: http.MethodPost, path: "/", params: url.Values{"query": {"SELECT"}}, body: str("2 + 2"), status: 200, want: "4\n"},
		{name: "query in body", method: http.MethodPost, path: "/", body: str("SELECT 'a' AS x FORMAT JSONEachRow"), status: 200, want: "{\"x\":\"a\"}\n"},
		{name: "default_format", method: http.MethodPost, path: "/", params: url.Values{"default_format": {"CSV"}}, body: str("SELECT 1, 'b'"), status: 200, want: "1,\"b\"\n",
			wantHeader: map[string]string{"X-ClickHouse-Format": "CSV"}},
		{name: "insert JSONEachRow body", method: http.MethodPost, path: "/", params: url.Values{"query": {"INSERT INTO raw_t FORMAT JSONEachRow"}},
			body: str("{\"id\":1,\"name\":\"one\"}\n{\"id\":2,\"name\":\"two\"}\n"), status: 200},
		{name: "insert VALUES body", method: http.MethodPost, path: "/", params: url.Values{"query": {"INSERT INTO default.`raw_t` (id, \"name\") VALUES"}},
			body: str("(3, 'three'), (4, 'four')"), status: 200},
		{name: "insert inline CSV", method: http.MethodPost, path: "/", body: str("INSERT INTO raw_t FORMAT CSV\n5,five\n"), status: 200},
		{name: "insert SETTINGS", method: http.MethodPost, path: "/", params: url.Values{"query": {"INSERT INTO raw_t (id, name) SETTINGS max_insert_block_size = 1000 FORMAT TSV"}},
			body: str("6\tsix\n"), status: 200},
		{name: "read back", method: http.MethodPost, path: "/", body: str("SELECT id, name FROM raw_t ORDER BY id"), status: 200,
			want: "1\tone\n2\ttwo\n3\tthree\n4\tfour\n5\tfive\n6\tsix\n"},
		{name: "unparseable insert head", method: http.MethodPost, path: "/", params: url.Values{"query": {"INSERT INTO raw_t (id FORMAT Native"}},
			body: str("x"), status: 400, wantHeader: map[string]string{"X-ClickHouse-Exception-Code": "62"}},
		{name: "unknown table", method: http.MethodPost, path: "/", body: str("SELECT * FROM no_such_table"), status: 404,
			wantHeader: map[string]string{"X-ClickHouse-Exception-Code": "60"}},
		{name: "invalid setting name", method: http.MethodPost, path: "/", params: url.Values{"max threads": {"1"}}, body: str("SELECT 1"), status: 404,
			wantHeader: map[string]string{"X-ClickHouse-Exception-Code": "115"}},
		{name: "query parameter", method: http.MethodPost, path: "/", params: url.Values{"param_who": {"world"}}, body: str("SELECT concat('hello ', {who:String})"), status: 200, want: "hello world\n"},
		{name: "empty query", method: http.MethodPost, path: "/", body: str("  "), status: 400},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var body io.Reader
			if tt.body != nil {
				body = strings.NewReader(*tt.body)
			}
			req, err := http.NewRequest(tt.method, s.URL()+tt.path+"?"+tt.params.Encode(), body)
			if err != nil {
				t.Fatal(err)
			}
			res, data := do(t, req, tt.status)
			if tt.want != "" && string(data) != tt.want {
				t.Errorf("body %q, want %q", data, tt.want)
			}
			if tt.status >= 400 && tt.path == "/" && !strings.HasPrefix(string(data), "Code: ") {
				t.Errorf("error body %q, want ClickHouse exception text", data)
			}
			for k, v := range tt.wantHeader {
				if got := res.Header.Get(k); got != v {
					t.Errorf("header %s = %q, want %q", k, got, v)
				}
			}
			if res.Header.Get("X-ClickHouse-Server-Display-Name") == "" {
				t.Error("no X-ClickHouse-Server-Display-Name header")
			}
		})
	}
}

func TestErrorsThroughClickHouseGo(t *testing.T) {
	s := server(t)
	conn := client(t, s.Addr(), nil)
	ctx := context.Background()
	tests := []struct {
		name   string
		run    func() error
		code   int32
		status int
	}{
		{"syntax error", func() error { return conn.Exec(ctx, "SELEC 1") }, 62, 400},
		{"unknown table", func() error {
			rows, err := conn.Query(ctx, "SELECT * FROM no_such_table")
			if err == nil {
				rows.Close()
			}
			return err
		}, 60, 404},
		{"batch into unknown table", func() error {
			_, err := conn.PrepareBatch(ctx, "INSERT INTO no_such_table")
			return err
		}, 60, 404},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.run()
			var ex *clickhouse.Exception
			if !errors.As(err, &ex) || ex.Code != tt.code {
				t.Fatalf("err = %v; want *clickhouse.Exception with code %d", err, tt.code)
			}
			var he *clickhouse.HTTPError
			if !errors.As(err, &he) || he.StatusCode != tt.status {
				t.Errorf("err = %v; want *clickhouse.HTTPError with status %d", err, tt.status)
			}
		})
	}
}

func TestAuthentication(t *testing.T) {
	s := server(t)
	hs := httptest.NewServer(NewHandler(s.Session(), WithCredentials("audit", "s3cret")))
	defer hs.Close()
	addr := strings.TrimPrefix(hs.URL, "http://")

	t.Run("clickhouse-go wrong password", func(t *testing.T) {
		conn := client(t, addr, func(o *clickhouse.Options) { o.Auth = clickhouse.Auth{Username: "audit", Password: "wrong"} })
		err := conn.Ping(context.Background())
		var ex *clickhouse.Exception
		if !errors.As(err, &ex) || ex.Code != 516 {
			t.Fatalf("err = %v; want code 516", err)
		}
		var he *clickhouse.HTTPError
		if !errors.As(err, &he) || he.StatusCode != http.StatusForbidden {
			t.Errorf("err = %v; want HTTP 403", err)
		}
	})
	t.Run("clickhouse-go right password", func(t *testing.T) {
		conn := client(t, addr, func(o *clickhouse.Options) { o.Auth = clickhouse.Auth{Username: "audit", Password: "s3cret"} })
		if err := conn.Ping(context.Background()); err != nil {
			t.Fatal(err)
		}
	})
	tests := []struct {
		name   string
		modify func(*http.Request)
		status int
	}{
		{"no credentials", func(*http.Request) {}, 403},
		{"headers", func(r *http.Request) {
			r.Header.Set("X-ClickHouse-User", "audit")
			r.Header.Set("X-ClickHouse-Key", "s3cret")
		}, 200},
		{"basic auth", func(r *http.Request) { r.SetBasicAuth("audit", "s3cret") }, 200},
		{"url params", func(r *http.Request) { r.URL.RawQuery += "&user=audit&password=s3cret" }, 200},
		{"wrong user", func(r *http.Request) { r.SetBasicAuth("default", "s3cret") }, 403},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := newRequest(t, hs.URL, url.Values{"query": {"SELECT 1"}}, nil)
			tt.modify(req)
			res, _ := do(t, req, tt.status)
			if tt.status == 403 && res.Header.Get("X-ClickHouse-Exception-Code") != "516" {
				t.Errorf("exception code %q, want 516", res.Header.Get("X-ClickHouse-Exception-Code"))
			}
		})
	}
	t.Run("ping needs no credentials", func(t *testing.T) {
		req, _ := http.NewRequest(http.MethodGet, hs.URL+"/ping", nil)
		do(t, req, 200)
	})
}

func TestSettingsPerQuery(t *testing.T) {
	s := server(t)
	conn := client(t, s.Addr(), nil)
	ctx := clickhouse.Context(context.Background(), clickhouse.WithSettings(clickhouse.Settings{
		"max_result_rows": 10, "result_overflow_mode": "throw",
	}))
	rows, err := conn.Query(ctx, "SELECT number FROM numbers(100)")
	if err == nil {
		rows.Close()
	}
	var ex *clickhouse.Exception
	if !errors.As(err, &ex) || ex.Code != 396 {
		t.Fatalf("with max_result_rows=10: err = %v; want code 396 (TOO_MANY_ROWS_OR_BYTES)", err)
	}
	var n uint64
	if err := conn.QueryRow(context.Background(), "SELECT count() FROM (SELECT number FROM numbers(100))").Scan(&n); err != nil || n != 100 {
		t.Fatalf("setting leaked to the next query: %d, %v", n, err)
	}
	var value string
	if err := conn.QueryRow(context.Background(), "SELECT value FROM system.settings WHERE name = 'max_result_rows'").Scan(&value); err != nil || value != "0" {
		t.Errorf("max_result_rows after the query = %q, %v; want 0", value, err)
	}
	tctx := clickhouse.Context(context.Background(), clickhouse.WithSettings(clickhouse.Settings{"max_execution_time": 1, "timeout_overflow_mode": "throw"}))
	if err := conn.QueryRow(tctx, "SELECT value FROM system.settings WHERE name = 'max_execution_time'").Scan(&value); err != nil || value != "1" {
		t.Errorf("max_execution_time inside the query = %q, %v; want 1", value, err)
	}
}

func TestDatabaseParam(t *testing.T) {
	s := server(t)
	execAll(t, client(t, s.Addr(), nil), "CREATE DATABASE IF NOT EXISTS other_db", "CREATE TABLE other_db.only_here (x UInt8) ENGINE = Memory", "INSERT INTO other_db.only_here VALUES (7)")
	conn := client(t, s.Addr(), func(o *clickhouse.Options) { o.Auth.Database = "other_db" })
	var x uint8
	if err := conn.QueryRow(context.Background(), "SELECT x FROM only_here").Scan(&x); err != nil || x != 7 {
		t.Fatalf("SELECT in other_db: %d, %v", x, err)
	}
	var db string
	if err := client(t, s.Addr(), nil).QueryRow(context.Background(), "SELECT currentDatabase()").Scan(&db); err != nil || db != "default" {
		t.Errorf("database leaked to the next request: %q, %v", db, err)
	}
}

func TestDSN(t *testing.T) {
	s := server(t)
	opts, err := clickhouse.ParseDSN(s.DSN())
	if err != nil {
		t.Fatal(err)
	}
	if opts.Protocol != clickhouse.HTTP || len(opts.Addr) != 1 || opts.Addr[0] != s.Addr() {
		t.Fatalf("DSN %s parsed to protocol %v, addr %v", s.DSN(), opts.Protocol, opts.Addr)
	}
	conn, err := clickhouse.Open(opts)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if err := conn.Ping(context.Background()); err != nil {
		t.Fatal(err)
	}
}

// TestSettingsRestoredAfterClientSet checks that a setting a request
// carries is restored to the session's value even when a client's own SET
// changed that value after an earlier request set it.
func TestSettingsRestoredAfterClientSet(t *testing.T) {
	s := server(t)
	conn := client(t, s.Addr(), nil)
	ctx := context.Background()
	withThreads := func(n int) context.Context {
		return clickhouse.Context(ctx, clickhouse.WithSettings(clickhouse.Settings{"max_threads": n}))
	}
	current := func() string {
		t.Helper()
		var v string
		if err := conn.QueryRow(ctx, "SELECT value FROM system.settings WHERE name = 'max_threads'").Scan(&v); err != nil {
			t.Fatal(err)
		}
		return v
	}
	before := current()
	for _, n := range []int{3, 4} { // the second request uses what the first learned
		var v string
		if err := conn.QueryRow(withThreads(n), "SELECT value FROM system.settings WHERE name = 'max_threads'").Scan(&v); err != nil || v != strconv.Itoa(n) {
			t.Fatalf("max_threads inside the request = %q, %v; want %d", v, err, n)
		}
		if got := current(); got != before {
			t.Fatalf("max_threads after the request = %s, want %s", got, before)
		}
	}
	if err := conn.Exec(ctx, "SET max_threads = 5"); err != nil {
		t.Fatal(err)
	}
	defer func() { _ = conn.Exec(ctx, "SET max_threads = DEFAULT") }()
	if err := conn.Exec(withThreads(2), "SELECT 1"); err != nil {
		t.Fatal(err)
	}
	if got := current(); got != "5" {
		t.Errorf("max_threads after a request following SET max_threads = 5: %s, want 5", got)
	}
}
