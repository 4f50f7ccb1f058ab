package chconn

import (
	"crypto/tls"
	"fmt"
	"net"
	"net/url"
	"strings"
	"time"

	"github.com/ClickHouse/clickhouse-go/v2"
)

// acceptedSchemes names the endpoint forms, for error messages.
const acceptedSchemes = "clickhouse://host:9000 or tcp://host:9000 (native protocol), http://host:8123 or https://host:8443 (HTTP protocol)"

// Endpoint is a parsed ClickHouse endpoint URL.
type Endpoint struct {
	// Options are the clickhouse-go options to open it with.
	Options *clickhouse.Options
	// Database is the URL's path without its slash ("" when absent).
	Database string
	// Display is the URL with its password masked, for messages.
	Display string
}

// Parse turns an endpoint URL into clickhouse-go options. Its errors are
// one line naming the endpoint and the accepted forms.
func Parse(raw string, dialTimeout time.Duration) (Endpoint, error) {
	u, err := url.Parse(raw)
	if err != nil || u.Scheme == "" || u.Host == "" || u.Opaque != "" {
		return Endpoint{}, fmt.Errorf("invalid ClickHouse endpoint %q: want %s", raw, acceptedSchemes)
	}
	display := u.Redacted()

	var (
		protocol    clickhouse.Protocol
		defaultPort string
		useTLS      bool
	)
	switch strings.ToLower(u.Scheme) {
	case "clickhouse", "tcp":
		protocol, defaultPort = clickhouse.Native, "9000"
	case "http":
		protocol, defaultPort = clickhouse.HTTP, "8123"
	case "https":
		protocol, defaultPort, useTLS = clickhouse.HTTP, "8443", true
	default:
		return Endpoint{}, fmt.Errorf("invalid ClickHouse endpoint %q: scheme %q is not supported; want %s", display, u.Scheme, acceptedSchemes)
	}

	host := u.Host
	if u.Port() == "" {
		host = net.JoinHostPort(u.Hostname(), defaultPort)
	}

	database := strings.Trim(u.Path, "/")
	if strings.Contains(database, "/") {
		return Endpoint{}, fmt.Errorf("invalid ClickHouse endpoint %q: path %q must be empty or one database name", display, u.Path)
	}

	compression, err := parseCompression(u.Query(), protocol)
	if err != nil {
		return Endpoint{}, fmt.Errorf("invalid ClickHouse endpoint %q: %w", display, err)
	}

	opts := &clickhouse.Options{
		Protocol:    protocol,
		Addr:        []string{host},
		DialTimeout: dialTimeout,
		Compression: compression,
	}
	if u.User != nil {
		opts.Auth.Username = u.User.Username()
		opts.Auth.Password, _ = u.User.Password()
	}
	if useTLS {
		opts.TLS = &tls.Config{ServerName: u.Hostname(), MinVersion: tls.VersionTLS12}
	}
	return Endpoint{Options: opts, Database: database, Display: display}, nil
}

// parseCompression reads the compress query parameter, the only one an
// endpoint accepts.
func parseCompression(q url.Values, protocol clickhouse.Protocol) (*clickhouse.Compression, error) {
	for k := range q {
		if k != "compress" {
			return nil, fmt.Errorf("unknown query parameter %q (only compress is accepted)", k)
		}
	}
	name := q.Get("compress")
	methods := map[string]clickhouse.CompressionMethod{
		"":     clickhouse.CompressionNone,
		"none": clickhouse.CompressionNone,
		"lz4":  clickhouse.CompressionLZ4,
		"zstd": clickhouse.CompressionZSTD,
	}
	if protocol == clickhouse.HTTP {
		methods["gzip"] = clickhouse.CompressionGZIP
		methods["deflate"] = clickhouse.CompressionDeflate
		methods["br"] = clickhouse.CompressionBrotli
	}
	m, ok := methods[strings.ToLower(name)]
	if !ok {
		want := "none, lz4 or zstd"
		if protocol == clickhouse.HTTP {
			want = "none, lz4, zstd, gzip, deflate or br"
		}
		return nil, fmt.Errorf("compress=%s is not supported over this protocol; want %s", name, want)
	}
	if m == clickhouse.CompressionNone {
		return nil, nil
	}
	c := &clickhouse.Compression{Method: m}
	switch m {
	case clickhouse.CompressionGZIP, clickhouse.CompressionDeflate, clickhouse.CompressionBrotli:
		c.Level = 3 // level 0 would mean "store uncompressed" for these
	}
	return c, nil
}
