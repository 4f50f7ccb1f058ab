package chinsert

import (
	"bytes"
	"compress/gzip"
	"compress/zlib"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"

	chcompress "github.com/ClickHouse/ch-go/compress"
	"github.com/ClickHouse/ch-go/proto"
	"github.com/ClickHouse/clickhouse-go/v2"
	"github.com/andybalholm/brotli"

	"github.com/otelaudit/otelaudit/internal/chconn"
	"github.com/otelaudit/otelaudit/internal/native"
)

// compressChunk is the most uncompressed bytes in one ClickHouse
// compressed block of a request body (ClickHouse's default
// max_compress_block_size).
const compressChunk = 1 << 20

// maxErrorBody is the most of an error response read into the error.
const maxErrorBody = 64 << 10

// httpInserter posts inserts to ClickHouse's HTTP interface.
type httpInserter struct {
	url      string // scheme://host:port/
	user     string
	password string
	method   clickhouse.CompressionMethod
	level    int
	client   *http.Client
	display  string

	bufs sync.Pool // *httpBuffers
}

// httpBuffers are the reusable buffers of one request.
type httpBuffers struct {
	block proto.Buffer // the encoded block
	body  bytes.Buffer // the block compressed, when it is
	lz    *chcompress.Writer
}

func newHTTP(ep chconn.Endpoint) (*httpInserter, error) {
	o := ep.Options
	scheme := "http"
	if o.TLS != nil {
		scheme = "https"
	}
	var method clickhouse.CompressionMethod
	var level int
	if o.Compression != nil {
		method, level = o.Compression.Method, o.Compression.Level
	}
	dialer := &net.Dialer{Timeout: o.DialTimeout}
	transport := &http.Transport{
		Proxy:               http.ProxyFromEnvironment,
		DialContext:         dialer.DialContext,
		TLSClientConfig:     o.TLS,
		MaxIdleConnsPerHost: 4,
	}
	return &httpInserter{
		url:      scheme + "://" + o.Addr[0] + "/",
		user:     o.Auth.Username,
		password: o.Auth.Password,
		method:   method,
		level:    level,
		client:   &http.Client{Transport: transport},
		display:  ep.Display,
	}, nil
}

// Insert encodes block, compresses it as the endpoint asks and posts it.
func (h *httpInserter) Insert(ctx context.Context, statement string, block *native.Block, settings ...Setting) error {
	bufs, _ := h.bufs.Get().(*httpBuffers)
	if bufs == nil {
		bufs = new(httpBuffers)
	}
	defer h.bufs.Put(bufs)

	bufs.block.Reset()
	if err := block.EncodeHTTP(&bufs.block); err != nil {
		return fmt.Errorf("chinsert: %w", err)
	}
	params := url.Values{"query": {statement + " FORMAT Native"}}
	for _, s := range settings {
		params.Set(s.Name, s.Value)
	}
	body, contentEncoding, err := h.compress(bufs, params)
	if err != nil {
		return err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, h.url+"?"+params.Encode(), bytes.NewReader(body))
	if err != nil {
		return fmt.Errorf("chinsert: request to %s: %w", h.display, err)
	}
	req.Header.Set("Content-Type", "application/octet-stream")
	if contentEncoding != "" {
		req.Header.Set("Content-Encoding", contentEncoding)
	}
	if h.user != "" {
		req.Header.Set("X-ClickHouse-User", h.user)
		req.Header.Set("X-ClickHouse-Key", h.password)
	}
	resp, err := h.client.Do(req)
	if err != nil {
		return fmt.Errorf("chinsert: insert into %s: %w", h.display, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode == http.StatusOK {
		_, err := io.Copy(io.Discard, resp.Body)
		if err != nil {
			return fmt.Errorf("chinsert: read insert response from %s: %w", h.display, err)
		}
		return nil
	}
	return httpException(resp)
}

// compress returns the request body for bufs.block: ClickHouse's own
// compressed blocks for LZ4 and ZSTD (announced with decompress=1), an HTTP
// Content-Encoding for gzip, deflate and br, the block itself otherwise.
func (h *httpInserter) compress(bufs *httpBuffers, params url.Values) (body []byte, contentEncoding string, err error) {
	raw := bufs.block.Buf
	switch h.method {
	case clickhouse.CompressionNone:
		return raw, "", nil
	case clickhouse.CompressionLZ4, clickhouse.CompressionZSTD:
		method := chcompress.LZ4
		if h.method == clickhouse.CompressionZSTD {
			method = chcompress.ZSTD
		}
		if bufs.lz == nil {
			bufs.lz = chcompress.NewWriter(chcompress.LevelZero, method)
		}
		bufs.body.Reset()
		for len(raw) > 0 {
			n := min(len(raw), compressChunk)
			if err := bufs.lz.Compress(raw[:n]); err != nil {
				return nil, "", fmt.Errorf("chinsert: compress block: %w", err)
			}
			bufs.body.Write(bufs.lz.Data)
			raw = raw[n:]
		}
		params.Set("decompress", "1")
		return bufs.body.Bytes(), "", nil
	}
	bufs.body.Reset()
	var w io.WriteCloser
	switch h.method {
	case clickhouse.CompressionGZIP:
		w, err = gzip.NewWriterLevel(&bufs.body, h.level)
		contentEncoding = "gzip"
	case clickhouse.CompressionDeflate:
		w, err = zlib.NewWriterLevel(&bufs.body, h.level)
		contentEncoding = "deflate"
	case clickhouse.CompressionBrotli:
		w, contentEncoding = brotli.NewWriterLevel(&bufs.body, h.level), "br"
	default:
		return nil, "", fmt.Errorf("chinsert: compression %v is not supported over HTTP", h.method)
	}
	if err != nil {
		return nil, "", fmt.Errorf("chinsert: %s writer: %w", contentEncoding, err)
	}
	if _, err := w.Write(raw); err != nil {
		return nil, "", fmt.Errorf("chinsert: %s block: %w", contentEncoding, err)
	}
	if err := w.Close(); err != nil {
		return nil, "", fmt.Errorf("chinsert: %s block: %w", contentEncoding, err)
	}
	return bufs.body.Bytes(), contentEncoding, nil
}

// httpException turns an error response into a *clickhouse.Exception: the
// code from the X-ClickHouse-Exception-Code header, or from the body's
// "Code: N." prefix; the body (trimmed) as the message.
func httpException(resp *http.Response) error {
	body, _ := io.ReadAll(io.LimitReader(resp.Body, maxErrorBody))
	msg := strings.TrimSpace(string(body))
	code, err := strconv.Atoi(resp.Header.Get("X-ClickHouse-Exception-Code"))
	if err != nil {
		code = codeInText(msg)
	}
	if code == 0 {
		return fmt.Errorf("chinsert: insert: HTTP %s: %s", resp.Status, msg)
	}
	return &clickhouse.Exception{Code: int32(code), Message: msg}
}

// codeInText reads the code of a "Code: N. DB::Exception: ..." message, 0
// when there is none.
func codeInText(msg string) int {
	rest, ok := strings.CutPrefix(msg, "Code: ")
	if !ok {
		return 0
	}
	end := strings.IndexByte(rest, '.')
	if end < 0 {
		return 0
	}
	code, err := strconv.Atoi(rest[:end])
	if err != nil {
		return 0
	}
	return code
}

// Close closes idle connections.
func (h *httpInserter) Close() error {
	h.client.CloseIdleConnections()
	return nil
}
