package chhttp

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/ClickHouse/ch-go/compress"
	"github.com/ClickHouse/clickhouse-go/v2"
)

// TestClickHouseGoCompression inserts and selects through clickhouse-go with
// every compression method it offers over HTTP.
func TestClickHouseGoCompression(t *testing.T) {
	s := server(t)
	methods := []struct {
		name   string
		method clickhouse.CompressionMethod
	}{
		{"none", clickhouse.CompressionNone},
		{"lz4", clickhouse.CompressionLZ4},
		{"lz4hc", clickhouse.CompressionLZ4HC},
		{"zstd", clickhouse.CompressionZSTD},
		{"gzip", clickhouse.CompressionGZIP},
		{"deflate", clickhouse.CompressionDeflate},
		{"brotli", clickhouse.CompressionBrotli},
	}
	for _, m := range methods {
		for _, httpCompression := range []bool{false, true} {
			t.Run(fmt.Sprintf("%s/enable_http_compression=%v", m.name, httpCompression), func(t *testing.T) {
				conn := client(t, s.Addr(), func(o *clickhouse.Options) {
					o.Compression = &clickhouse.Compression{Method: m.method}
					if httpCompression {
						o.Settings = clickhouse.Settings{"enable_http_compression": 1}
					}
				})
				ctx := context.Background()
				table := fmt.Sprintf("comp_%s_%v", m.name, httpCompression)
				execAll(t, conn, "CREATE TABLE "+table+" (id UInt64, body String) ENGINE = MergeTree ORDER BY id")
				batch, err := conn.PrepareBatch(ctx, "INSERT INTO "+table)
				if err != nil {
					t.Fatal(err)
				}
				defer batch.Close()
				const n = 20_000 // > 1 MiB of output: several native blocks
				for i := 0; i < n; i++ {
					if err := batch.Append(uint64(i), strings.Repeat("x", i%100)); err != nil {
						t.Fatal(err)
					}
				}
				if err := batch.Send(); err != nil {
					t.Fatalf("send: %v", err)
				}
				rows, err := conn.Query(ctx, "SELECT id, body FROM "+table+" ORDER BY id")
				if err != nil {
					t.Fatal(err)
				}
				defer rows.Close()
				i := 0
				for rows.Next() {
					var id uint64
					var body string
					if err := rows.Scan(&id, &body); err != nil {
						t.Fatal(err)
					}
					if id != uint64(i) || body != strings.Repeat("x", i%100) {
						t.Fatalf("row %d = %d, %q", i, id, body)
					}
					i++
				}
				if err := rows.Err(); err != nil {
					t.Fatal(err)
				}
				if i != n {
					t.Errorf("read %d rows, want %d", i, n)
				}
			})
		}
	}
}

// TestHTTPCompressionRaw checks on the wire that request bodies are decoded
// and responses encoded as asked.
func TestHTTPCompressionRaw(t *testing.T) {
	s := server(t)
	post(t, s.URL(), url.Values{"query": {"CREATE TABLE raw_comp (n UInt64) ENGINE = Memory"}}, nil, "", http.StatusOK)
	for _, enc := range httpEncodings {
		t.Run(enc, func(t *testing.T) {
			body, err := encodeBody([]byte("1\n2\n3\n"), enc, 0)
			if err != nil {
				t.Fatal(err)
			}
			req := newRequest(t, s.URL(), url.Values{"query": {"INSERT INTO raw_comp FORMAT TSV"}}, bytes.NewReader(body))
			req.Header.Set("Content-Encoding", enc)
			do(t, req, http.StatusOK)

			req = newRequest(t, s.URL(), url.Values{"query": {"SELECT sum(n) FROM raw_comp"}, "enable_http_compression": {"1"}}, nil)
			req.Header.Set("Accept-Encoding", enc)
			res, data := do(t, req, http.StatusOK)
			if got := res.Header.Get("Content-Encoding"); got != enc {
				t.Fatalf("Content-Encoding = %q, want %q", got, enc)
			}
			r, done, err := decodeBody(bytes.NewReader(data), enc, false)
			if err != nil {
				t.Fatal(err)
			}
			defer done()
			plain, err := io.ReadAll(r)
			if err != nil {
				t.Fatal(err)
			}
			if len(plain) == 0 || plain[len(plain)-1] != '\n' {
				t.Errorf("decoded response %q", plain)
			}
		})
	}
	t.Run("native framing", func(t *testing.T) {
		w := compress.NewWriter(compress.LevelZero, compress.ZSTD)
		if err := w.Compress([]byte("10\n")); err != nil {
			t.Fatal(err)
		}
		req := newRequest(t, s.URL(), url.Values{"query": {"INSERT INTO raw_comp FORMAT TSV"}, "decompress": {"1"}}, bytes.NewReader(w.Data))
		do(t, req, http.StatusOK)
		req = newRequest(t, s.URL(), url.Values{"query": {"SELECT count() FROM raw_comp WHERE n = 10"}, "compress": {"1"}, "network_compression_method": {"ZSTD"}}, nil)
		_, data := do(t, req, http.StatusOK)
		plain, err := io.ReadAll(eofReader{compress.NewReader(bytes.NewReader(data))})
		if err != nil {
			t.Fatal(err)
		}
		if string(plain) != "1\n" {
			t.Errorf("decoded response %q, want 1", plain)
		}
	})
}

func TestChooseEncoding(t *testing.T) {
	tests := []struct{ accept, want string }{
		{"gzip", "gzip"},
		{"br", "br"},
		{"identity", ""},
		{"", ""},
		{"gzip;q=0, deflate", "deflate"},
		{"x-gzip", "gzip"},
		{"compress, zstd", "zstd"},
	}
	for _, tt := range tests {
		t.Run(tt.accept, func(t *testing.T) {
			if got := chooseEncoding(tt.accept); got != tt.want {
				t.Errorf("chooseEncoding(%q) = %q, want %q", tt.accept, got, tt.want)
			}
		})
	}
}
