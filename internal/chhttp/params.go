package chhttp

import (
	"net/url"
	"sort"
	"strconv"
	"strings"
)

// requestParams are a request's URL parameters sorted into what the HTTP
// interface consumes and what is passed on to the engine.
type requestParams struct {
	query                 string
	database              string
	defaultFormat         string
	compress              bool // compress the response with native framing
	decompress            bool // the body uses native framing
	networkMethod         string
	networkLevel          int
	enableHTTPCompression bool
	httpZlibLevel         int
	queryID               string
	acceptEncoding        string
	clientRevision        uint64
	// settings are ClickHouse settings for this query only, sorted by name.
	settings []setting
	// parameters are query parameters ({name:Type}), without "param_".
	parameters []setting
}

// setting is one name/value pair.
type setting struct {
	name, value string
}

// consumedParams are URL parameters of the HTTP interface itself, not
// settings: the handler uses or deliberately ignores them.
var consumedParams = map[string]bool{
	"query": true, "database": true, "default_format": true, "client_protocol_version": true,
	"compress": true, "decompress": true, "enable_http_compression": true, "http_zlib_compression_level": true,
	"network_compression_method": true, "network_zstd_compression_level": true,
	"session_id": true, "session_timeout": true, "session_check": true, "query_id": true,
	"user": true, "password": true, "quota_key": true, "wait_end_of_query": true, "buffer_size": true,
	"send_progress_in_http_headers": true, "http_headers_progress_interval_ms": true,
	"add_http_cors_header": true, "http_native_compression_disable_checksumming_on_decompress": true,
}

// parseParams sorts URL parameters; a malformed or unsupported one is a
// ClickHouse-style error.
func parseParams(values url.Values) (requestParams, error) {
	p := requestParams{
		query:         values.Get("query"),
		database:      values.Get("database"),
		defaultFormat: values.Get("default_format"),
		networkMethod: values.Get("network_compression_method"),
		queryID:       values.Get("query_id"),
	}
	if v := values.Get("client_protocol_version"); v != "" {
		n, err := strconv.ParseUint(v, 10, 64)
		if err != nil {
			return p, newCHError(codeBadArguments, "BAD_ARGUMENTS", "invalid client_protocol_version "+quoteString(v))
		}
		p.clientRevision = n
	}
	p.compress = isTrue(values.Get("compress"))
	p.decompress = isTrue(values.Get("decompress"))
	p.enableHTTPCompression = isTrue(values.Get("enable_http_compression"))
	p.networkLevel = atoiOrZero(values.Get("network_zstd_compression_level"))
	p.httpZlibLevel = atoiOrZero(values.Get("http_zlib_compression_level"))

	names := make([]string, 0, len(values))
	for name := range values {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		value := values.Get(name)
		switch {
		case consumedParams[name]:
		case strings.HasPrefix(name, "param_"):
			pname := strings.TrimPrefix(name, "param_")
			if !isIdentifier(pname) {
				return p, newCHError(codeBadArguments, "BAD_ARGUMENTS", "invalid query parameter name "+quoteString(name))
			}
			p.parameters = append(p.parameters, setting{name: pname, value: value})
		case name == "readonly":
			if value != "0" && value != "" {
				return p, newCHError(codeNotImplemented, "NOT_IMPLEMENTED", "setting readonly is not supported per request by the embedded server")
			}
		case !isSettingName(name):
			return p, newCHError(codeUnknownSetting, "UNKNOWN_SETTING", "invalid setting name "+quoteString(name))
		default:
			p.settings = append(p.settings, setting{name: name, value: value})
		}
	}
	return p, nil
}

// isTrue reports whether a flag parameter is set ("1", "true").
func isTrue(v string) bool {
	return v == "1" || strings.EqualFold(v, "true")
}

// atoiOrZero parses a small non-negative integer, or returns 0.
func atoiOrZero(v string) int {
	n := 0
	for i := 0; i < len(v) && i < 6; i++ {
		if v[i] < '0' || v[i] > '9' {
			return 0
		}
		n = n*10 + int(v[i]-'0')
	}
	return n
}
