package chhttp

import (
	"bytes"
	"compress/gzip"
	"compress/zlib"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/ClickHouse/ch-go/compress"
	"github.com/andybalholm/brotli"
	"github.com/klauspost/compress/zstd"
	"github.com/pierrec/lz4/v4"
)

// nativeBlockSize is the uncompressed size of the blocks in a response
// framed with ClickHouse's native compression (ClickHouse's default
// max_compress_block_size).
const nativeBlockSize = 1 << 20

// httpEncodings are the Content-Encoding values accepted on requests and
// offered on responses, in ClickHouse's spelling.
var httpEncodings = []string{"gzip", "deflate", "br", "zstd", "lz4"}

// decodeBody undoes the request body's Content-Encoding and, when native is
// set (decompress=1), ClickHouse's native compressed-block framing. The
// returned close function releases decoder resources.
func decodeBody(body io.Reader, contentEncoding string, native bool) (io.Reader, func(), error) {
	r := body
	done := func() {}
	switch enc := strings.ToLower(strings.TrimSpace(contentEncoding)); enc {
	case "", "identity", "none":
	case "gzip", "x-gzip":
		zr, err := gzip.NewReader(body)
		if err != nil {
			return nil, nil, fmt.Errorf("gzip request body: %w", err)
		}
		r = zr
	case "deflate":
		zr, err := zlib.NewReader(body)
		if err != nil {
			return nil, nil, fmt.Errorf("deflate (zlib) request body: %w", err)
		}
		r = zr
	case "br":
		r = brotli.NewReader(body)
	case "zstd":
		zr, err := zstd.NewReader(body)
		if err != nil {
			return nil, nil, fmt.Errorf("zstd request body: %w", err)
		}
		r, done = zr, zr.Close
	case "lz4":
		r = lz4.NewReader(body)
	default:
		return nil, nil, fmt.Errorf("unsupported Content-Encoding %q (supported: %s)", contentEncoding, strings.Join(httpEncodings, ", "))
	}
	if native {
		r = eofReader{compress.NewReader(r)}
	}
	return r, done, nil
}

// eofReader turns the wrapped io.EOF that ch-go's compress.Reader returns at
// the end of its input into a plain io.EOF, as io.Copy expects.
type eofReader struct {
	r io.Reader
}

// Read implements io.Reader.
func (e eofReader) Read(p []byte) (int, error) {
	n, err := e.r.Read(p)
	if err != nil && errors.Is(err, io.EOF) && !errors.Is(err, io.ErrUnexpectedEOF) {
		return n, io.EOF
	}
	return n, err
}

// nativeMethod maps network_compression_method to ch-go's method.
func nativeMethod(name string) (compress.Method, error) {
	switch strings.ToUpper(name) {
	case "", "LZ4":
		return compress.LZ4, nil
	case "LZ4HC":
		return compress.LZ4HC, nil
	case "ZSTD":
		return compress.ZSTD, nil
	case "NONE":
		return compress.None, nil
	}
	return 0, fmt.Errorf("unsupported network_compression_method %q", name)
}

// frameNative splits data into blocks framed with ClickHouse's native
// compression (checksum, method, sizes, compressed bytes).
func frameNative(data []byte, method compress.Method, level compress.Level) ([]byte, error) {
	w := compress.NewWriter(level, method)
	var out bytes.Buffer
	for len(data) > 0 {
		n := min(len(data), nativeBlockSize)
		if err := w.Compress(data[:n]); err != nil {
			return nil, fmt.Errorf("native %s compression: %w", method, err)
		}
		out.Write(w.Data)
		data = data[n:]
	}
	return out.Bytes(), nil
}

// chooseEncoding picks the first encoding of an Accept-Encoding header that
// this server can produce, or "".
func chooseEncoding(acceptEncoding string) string {
	for _, part := range strings.Split(acceptEncoding, ",") {
		fields := strings.Split(part, ";")
		name := strings.ToLower(strings.TrimSpace(fields[0]))
		rejected := false
		for _, f := range fields[1:] {
			if q := strings.ReplaceAll(strings.TrimSpace(f), " ", ""); q == "q=0" || q == "q=0.0" || q == "q=0.00" || q == "q=0.000" {
				rejected = true
			}
		}
		if rejected {
			continue
		}
		if name == "x-gzip" {
			name = "gzip"
		}
		for _, e := range httpEncodings {
			if name == e {
				return e
			}
		}
	}
	return ""
}

// encodeBody compresses data with an HTTP content encoding from
// httpEncodings; level 0 means the codec's default.
func encodeBody(data []byte, encoding string, level int) ([]byte, error) {
	var out bytes.Buffer
	var w io.WriteCloser
	var err error
	switch encoding {
	case "gzip":
		if level == 0 {
			level = gzip.DefaultCompression
		}
		w, err = gzip.NewWriterLevel(&out, level)
	case "deflate":
		if level == 0 {
			level = zlib.DefaultCompression
		}
		w, err = zlib.NewWriterLevel(&out, level)
	case "br":
		if level == 0 {
			level = brotli.DefaultCompression
		}
		w = brotli.NewWriterLevel(&out, level)
	case "zstd":
		w, err = zstd.NewWriter(&out)
	case "lz4":
		w = lz4.NewWriter(&out)
	default:
		return nil, fmt.Errorf("unsupported response encoding %q", encoding)
	}
	if err != nil {
		return nil, fmt.Errorf("%s writer: %w", encoding, err)
	}
	if _, err := w.Write(data); err != nil {
		return nil, fmt.Errorf("%s response: %w", encoding, err)
	}
	if err := w.Close(); err != nil {
		return nil, fmt.Errorf("%s response: %w", encoding, err)
	}
	return out.Bytes(), nil
}
