package chconn

import (
	"strings"
	"testing"
	"time"

	"github.com/ClickHouse/clickhouse-go/v2"
)

func TestParseEndpoint(t *testing.T) {
	tests := []struct {
		name        string
		raw         string
		protocol    clickhouse.Protocol
		addr        string
		user, pass  string
		database    string
		tls         bool
		compression clickhouse.CompressionMethod // CompressionNone: nil Compression
	}{
		{name: "clickhouse scheme", raw: "clickhouse://db.example:9000/audit", protocol: clickhouse.Native, addr: "db.example:9000", database: "audit"},
		{name: "clickhouse default port", raw: "clickhouse://db.example", protocol: clickhouse.Native, addr: "db.example:9000"},
		{name: "tcp with user", raw: "tcp://alice:s3cret@10.0.0.1:9440/otel", protocol: clickhouse.Native, addr: "10.0.0.1:9440", user: "alice", pass: "s3cret", database: "otel"},
		{name: "tcp lz4", raw: "tcp://h:9000?compress=lz4", protocol: clickhouse.Native, addr: "h:9000", compression: clickhouse.CompressionLZ4},
		{name: "http default", raw: "http://127.0.0.1:8123", protocol: clickhouse.HTTP, addr: "127.0.0.1:8123"},
		{name: "http trailing slash", raw: "http://127.0.0.1:8123/", protocol: clickhouse.HTTP, addr: "127.0.0.1:8123"},
		{name: "http default port", raw: "http://localhost", protocol: clickhouse.HTTP, addr: "localhost:8123"},
		{name: "http gzip", raw: "http://h:8123/?compress=gzip", protocol: clickhouse.HTTP, addr: "h:8123", compression: clickhouse.CompressionGZIP},
		{name: "https", raw: "https://u:pa55word@ch.example/audit", protocol: clickhouse.HTTP, addr: "ch.example:8443", user: "u", pass: "pa55word", database: "audit", tls: true},
		{name: "ipv6", raw: "http://[::1]:8123", protocol: clickhouse.HTTP, addr: "[::1]:8123"},
		{name: "uppercase scheme", raw: "HTTP://h:1", protocol: clickhouse.HTTP, addr: "h:1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ep, err := Parse(tt.raw, 3*time.Second)
			if err != nil {
				t.Fatalf("Parse(%q): %v", tt.raw, err)
			}
			o := ep.Options
			if o.Protocol != tt.protocol {
				t.Errorf("protocol = %v, want %v", o.Protocol, tt.protocol)
			}
			if len(o.Addr) != 1 || o.Addr[0] != tt.addr {
				t.Errorf("addr = %v, want [%s]", o.Addr, tt.addr)
			}
			if o.Auth.Username != tt.user || o.Auth.Password != tt.pass {
				t.Errorf("auth = %q/%q, want %q/%q", o.Auth.Username, o.Auth.Password, tt.user, tt.pass)
			}
			if o.Auth.Database != "" {
				t.Errorf("connection database = %q, want empty (statements qualify every table)", o.Auth.Database)
			}
			if ep.Database != tt.database {
				t.Errorf("database = %q, want %q", ep.Database, tt.database)
			}
			if (o.TLS != nil) != tt.tls {
				t.Errorf("TLS = %v, want %v", o.TLS != nil, tt.tls)
			}
			if o.DialTimeout != 3*time.Second {
				t.Errorf("dial timeout = %v", o.DialTimeout)
			}
			switch {
			case tt.compression == clickhouse.CompressionNone && o.Compression != nil:
				t.Errorf("compression = %v, want none", o.Compression.Method)
			case tt.compression != clickhouse.CompressionNone && (o.Compression == nil || o.Compression.Method != tt.compression):
				t.Errorf("compression = %v, want %v", o.Compression, tt.compression)
			}
			if tt.pass != "" && strings.Contains(ep.Display, tt.pass) {
				t.Errorf("display %q shows the password", ep.Display)
			}
		})
	}
}

func TestParseEndpointErrors(t *testing.T) {
	tests := []struct {
		name string
		raw  string
		want string // also in the message
	}{
		{name: "unknown scheme", raw: "ftp://h:21", want: `scheme "ftp" is not supported`},
		{name: "postgres", raw: "postgres://u:pw@h/db", want: `"postgres://u:xxxxx@h/db"`},
		{name: "no scheme", raw: "127.0.0.1:8123", want: `"127.0.0.1:8123"`},
		{name: "bare host", raw: "localhost", want: `"localhost"`},
		{name: "empty", raw: "", want: `""`},
		{name: "nested path", raw: "http://h:8123/a/b", want: `path "/a/b"`},
		{name: "unknown parameter", raw: "http://h:8123?secure=true", want: `unknown query parameter "secure"`},
		{name: "gzip over native", raw: "tcp://h:9000?compress=gzip", want: "compress=gzip is not supported"},
		{name: "unknown compression", raw: "http://h?compress=snappy", want: "compress=snappy"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse(tt.raw, time.Second)
			if err == nil {
				t.Fatalf("Parse(%q) succeeded", tt.raw)
			}
			msg := err.Error()
			if strings.ContainsAny(msg, "\n\r") {
				t.Errorf("message spans lines: %q", msg)
			}
			if !strings.Contains(msg, tt.want) {
				t.Errorf("message %q does not contain %q", msg, tt.want)
			}
			if strings.Contains(msg, "pw@") {
				t.Errorf("message %q shows the password", msg)
			}
			if !strings.Contains(msg, "invalid ClickHouse endpoint") {
				t.Errorf("message %q does not say the endpoint is invalid", msg)
			}
			if strings.Contains(tt.want, "scheme") && !strings.Contains(msg, "clickhouse://") {
				t.Errorf("message %q does not list the accepted schemes", msg)
			}
		})
	}
}

func FuzzParseEndpoint(f *testing.F) {
	for _, s := range []string{"http://127.0.0.1:8123", "clickhouse://u:p@h:9000/db?compress=lz4", "https://h/", "x", "tcp://[::1]"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		ep, err := Parse(raw, time.Second)
		if err != nil {
			if strings.ContainsAny(err.Error(), "\n") && !strings.ContainsAny(raw, "\n") {
				t.Errorf("multi-line error for %q: %v", raw, err)
			}
			return
		}
		if len(ep.Options.Addr) != 1 || ep.Options.Addr[0] == "" {
			t.Errorf("no address for %q", raw)
		}
	})
}
