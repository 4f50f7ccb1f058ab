package exporter

import (
	"context"
	"errors"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/otelaudit/otelaudit/internal/chconn"
)

// closedPort returns a loopback address nothing listens on.
func closedPort(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	if err := ln.Close(); err != nil {
		t.Fatal(err)
	}
	return addr
}

func TestNewWriterUnreachable(t *testing.T) {
	addr := closedPort(t)
	for _, scheme := range []string{"http", "clickhouse"} {
		t.Run(scheme, func(t *testing.T) {
			endpoint := scheme + "://alice:hunter2@" + addr
			_, err := NewWriter(context.Background(), WithEndpoint(endpoint), WithDialTimeout(2*time.Second))
			if err == nil {
				t.Fatal("NewWriter succeeded against a closed port")
			}
			msg := err.Error()
			t.Log(msg)
			if strings.ContainsAny(msg, "\n\r") {
				t.Errorf("message spans lines: %q", msg)
			}
			for _, want := range []string{"cannot reach ClickHouse at " + scheme + "://alice:xxxxx@" + addr, "connection refused", `start one with "otelaudit serve"`} {
				if !strings.Contains(msg, want) {
					t.Errorf("message %q does not contain %q", msg, want)
				}
			}
			if strings.Contains(msg, "hunter2") {
				t.Errorf("message shows the password: %q", msg)
			}
			var ue *chconn.UnreachableError
			if !errors.As(err, &ue) {
				t.Errorf("error is not an *UnreachableError")
			}
			if strings.Contains(msg, "client_protocol_version") {
				t.Errorf("message carries the request URL: %q", msg)
			}
		})
	}
}

func TestNewWriterInvalidConfig(t *testing.T) {
	tests := []struct {
		name string
		opts []Option
		want []string
	}{
		{name: "scheme", opts: []Option{WithEndpoint("mysql://h:3306")}, want: []string{`"mysql://h:3306"`, "clickhouse://host:9000", "http://host:8123"}},
		{name: "database", opts: []Option{WithEndpoint("http://" + closedPort(t)), WithDatabase("bad-name")}, want: []string{"Database", `"bad-name"`}},
		{name: "database from path", opts: []Option{WithEndpoint("http://" + closedPort(t) + "/x;y")}, want: []string{"Database", `"x;y"`}},
		{name: "audit table", opts: []Option{WithEndpoint("http://" + closedPort(t)), WithAuditTable("a.b")}, want: []string{"AuditTable"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := NewWriter(context.Background(), tt.opts...)
			if err == nil {
				t.Fatal("NewWriter succeeded")
			}
			msg := err.Error()
			if strings.ContainsAny(msg, "\n") {
				t.Errorf("message spans lines: %q", msg)
			}
			for _, w := range tt.want {
				if !strings.Contains(msg, w) {
					t.Errorf("message %q does not contain %q", msg, w)
				}
			}
			var ue *chconn.UnreachableError
			if errors.As(err, &ue) {
				t.Errorf("configuration error reported as unreachable: %v", err)
			}
		})
	}
}

func TestOptions(t *testing.T) {
	c := newConfig()
	if c.endpoint != DefaultEndpoint || c.dialTimeout != DefaultDialTimeout {
		t.Errorf("defaults = %+v", c)
	}
	ttl := []struct {
		in   time.Duration
		days int
	}{{0, 0}, {-time.Hour, 0}, {time.Hour, 1}, {24 * time.Hour, 1}, {25 * time.Hour, 2}, {720 * time.Hour, 30}}
	for _, tt := range ttl {
		if got := newConfig(WithTracesTTL(tt.in)).schema.TracesTTLDays; got != tt.days {
			t.Errorf("WithTracesTTL(%v) = %d days, want %d", tt.in, got, tt.days)
		}
	}
	c = newConfig(WithEndpoint("tcp://x"), WithDatabase("d"), WithTracesTable("t"), WithAuditTable("a"), WithDialTimeout(time.Second))
	if c.endpoint != "tcp://x" || c.database != "d" || c.schema.TracesTable != "t" || c.schema.AuditTable != "a" || c.dialTimeout != time.Second {
		t.Errorf("options not applied: %+v", c)
	}
}
