package chhttp

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"maps"
	"mime"
	"net/http"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/ClickHouse/ch-go/compress"

	"github.com/otelaudit/otelaudit/internal/chdb"
)

// maxQueryBody bounds a request body read into memory as query text; larger
// bodies must be INSERT data, which is streamed to a file.
const maxQueryBody = 64 << 20

// Option configures a Handler.
type Option interface {
	apply(*config)
}

// config is the Handler configuration built from Options.
type config struct {
	user, password string
	tempDir        string
}

// optionFunc adapts a function to Option.
type optionFunc func(*config)

func (f optionFunc) apply(c *config) { f(c) }

// WithCredentials requires every query request to present this user and
// password (X-ClickHouse-User/X-ClickHouse-Key, basic auth, or user/password
// URL parameters). An empty user means "default".
func WithCredentials(user, password string) Option {
	return optionFunc(func(c *config) { c.user, c.password = user, password })
}

// WithTempDir sets the directory under which INSERT bodies are staged as
// files for FROM INFILE (default: os.TempDir()).
func WithTempDir(dir string) Option {
	return optionFunc(func(c *config) { c.tempDir = dir })
}

// Handler serves ClickHouse's HTTP interface over a chDB session.
type Handler struct {
	session     *chdb.Session
	cfg         config
	displayName string
	// known is the session's state of the settings requests have set
	// (read under the session's lock only): each request restores them,
	// so the next one need not read system.settings again.
	known map[string]settingValue
}

// NewHandler returns an http.Handler answering like a ClickHouse server's
// HTTP interface, running queries on s.
func NewHandler(s *chdb.Session, opts ...Option) *Handler {
	h := &Handler{session: s, displayName: "otelaudit-chdb"}
	for _, o := range opts {
		o.apply(&h.cfg)
	}
	if name, err := os.Hostname(); err == nil && name != "" {
		h.displayName = name
	}
	return h
}

// ServeHTTP implements http.Handler.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("X-ClickHouse-Server-Display-Name", h.displayName)
	switch {
	case r.URL.Path == "/ping" && (r.Method == http.MethodGet || r.Method == http.MethodHead):
		writeOk(w)
		return
	case r.URL.Path != "/":
		http.Error(w, "There is no handle "+r.URL.Path+"\n", http.StatusNotFound)
		return
	case r.Method == http.MethodGet && !r.URL.Query().Has("query"):
		writeOk(w)
		return
	case r.Method != http.MethodGet && r.Method != http.MethodPost:
		w.Header().Set("Allow", "GET, POST")
		http.Error(w, "method not allowed\n", http.StatusMethodNotAllowed)
		return
	}
	if err := h.authenticate(r); err != nil {
		writeError(w, err)
		return
	}
	if err := h.serveQuery(w, r); err != nil {
		writeError(w, err)
	}
}

// writeOk answers a health check.
func writeOk(w http.ResponseWriter) {
	w.Header().Set("Content-Type", "text/plain; charset=UTF-8")
	_, _ = io.WriteString(w, "Ok.\n")
}

// serveQuery runs the request's query and writes the result.
func (h *Handler) serveQuery(w http.ResponseWriter, r *http.Request) error {
	p, err := parseParams(r.URL.Query())
	if err != nil {
		return err
	}
	p.acceptEncoding = r.Header.Get("Accept-Encoding")
	if mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); mt == "multipart/form-data" {
		return newCHError(codeNotImplemented, "NOT_IMPLEMENTED", "external tables (multipart/form-data) are not supported by the embedded server")
	}
	body, closeBody, err := decodeBody(r.Body, r.Header.Get("Content-Encoding"), p.decompress)
	if err != nil {
		return newCHError(codeBadArguments, "BAD_ARGUMENTS", err.Error())
	}
	defer closeBody()

	// The query parameter holds an INSERT's head and the body its data:
	// stream the body to a file and let the engine read it FROM INFILE.
	if p.query != "" {
		st, err := parseInsert(p.query)
		switch {
		case err == nil:
			if r.Method == http.MethodGet {
				return readonlyError()
			}
			return h.insertFromBody(w, p, st, body)
		case !errors.Is(err, errNotDataInsert):
			return insertSyntaxError(err)
		}
	}

	text, err := io.ReadAll(io.LimitReader(body, maxQueryBody+1))
	if err != nil {
		return newCHError(codeBadArguments, "BAD_ARGUMENTS", fmt.Sprintf("read request body: %v", err))
	}
	if len(text) > maxQueryBody {
		return newCHError(codeBadArguments, "BAD_ARGUMENTS", "query text exceeds 64 MiB; send INSERT data in the body with the INSERT in the query parameter")
	}
	query := p.query
	if len(text) > 0 {
		if query != "" {
			query += "\n"
		}
		query += string(text)
	}
	if strings.TrimSpace(query) == "" {
		return newCHError(codeSyntaxError, "SYNTAX_ERROR", "Empty query")
	}
	if r.Method == http.MethodGet && !isReadonlyQuery(query) {
		return readonlyError()
	}
	if st, err := parseInsert(query); err == nil && (len(st.Data) > 1<<20 || strings.IndexByte(st.Data, 0) >= 0) {
		// Large or binary inline INSERT data goes through a file too.
		return h.insertFromBody(w, p, st, strings.NewReader(""))
	}
	if strings.IndexByte(query, 0) >= 0 {
		return newCHError(codeSyntaxError, "SYNTAX_ERROR", "query contains a NUL byte outside INSERT data")
	}
	return h.run(w, p, query)
}

// insertFromBody writes the INSERT's inline data followed by body to a
// private temporary file and runs the INSERT reading FROM INFILE.
func (h *Handler) insertFromBody(w http.ResponseWriter, p requestParams, st *insertStatement, body io.Reader) error {
	// CreateTemp makes the file private (0600, created exclusively) in the
	// server's private directory.
	f, err := os.CreateTemp(h.cfg.tempDir, "chhttp-insert-*")
	if err != nil {
		return fmt.Errorf("stage INSERT data: %w", err)
	}
	file := f.Name()
	defer os.Remove(file)
	if _, err := io.Copy(f, io.MultiReader(strings.NewReader(st.Data), body)); err != nil {
		f.Close()
		return newCHError(codeBadArguments, "BAD_ARGUMENTS", fmt.Sprintf("read INSERT data from the request body: %v", err))
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("stage INSERT data: %w", err)
	}
	return h.run(w, p, st.infile(file))
}

// run executes query with the request's database, settings and parameters
// applied for this query only, and writes the result.
func (h *Handler) run(w http.ResponseWriter, p requestParams, query string) error {
	format := p.defaultFormat
	if format == "" {
		format = "TabSeparated"
	}
	var res chdb.Result
	err := h.session.Exclusive(func(l *chdb.Locked) error {
		restore, err := h.applyContext(l, p)
		if err != nil {
			return err
		}
		if isHandshake(query) {
			res, err = handshakeResult(l, format, p.clientRevision)
		} else {
			res, err = l.Query(query, format)
		}
		restoreErr := restore()
		if restoreErr != nil || isSetQuery(query) {
			// The session's settings are no longer what known says.
			clear(h.known)
		}
		return errors.Join(err, restoreErr)
	})
	if err != nil {
		return err
	}
	return writeResult(w, p, format, query, res)
}

// writeResult writes a query result with ClickHouse's headers, compressed
// as the request asked.
func writeResult(w http.ResponseWriter, p requestParams, format, query string, res chdb.Result) error {
	data := res.Data
	hdr := w.Header()
	if p.compress && len(data) > 0 {
		method, err := nativeMethod(p.networkMethod)
		if err != nil {
			return newCHError(codeBadArguments, "BAD_ARGUMENTS", err.Error())
		}
		if data, err = frameNative(data, method, compress.Level(p.networkLevel)); err != nil {
			return err
		}
	}
	if p.enableHTTPCompression && len(data) > 0 {
		if enc := chooseEncoding(p.acceptEncoding); enc != "" {
			var err error
			if data, err = encodeBody(data, enc, p.httpZlibLevel); err != nil {
				return err
			}
			hdr.Set("Content-Encoding", enc)
		}
	}
	if !hasFormatClause(query) {
		hdr.Set("X-ClickHouse-Format", format)
		hdr.Set("Content-Type", contentType(format))
	}
	if p.queryID != "" {
		hdr.Set("X-ClickHouse-Query-Id", p.queryID)
	}
	hdr.Set("X-ClickHouse-Summary", fmt.Sprintf(`{"result_rows":"%d","result_bytes":"%d","elapsed_ns":"%d"}`,
		res.RowsRead, res.BytesRead, int64(res.Elapsed*float64(time.Second))))
	hdr.Set("Content-Length", strconv.Itoa(len(data)))
	w.WriteHeader(http.StatusOK)
	_, _ = io.Copy(w, bytes.NewReader(data))
	return nil
}

// applyContext runs USE, SET and SET param_ for the request and returns the
// function that restores the previous database and settings. The previous
// value of a setting comes from h.known, or from system.settings the first
// time.
func (h *Handler) applyContext(l *chdb.Locked, p requestParams) (func() error, error) {
	var undo []string
	restore := func() error {
		var errs []error
		for i := len(undo) - 1; i >= 0; i-- {
			if _, err := l.Query(undo[i], "TabSeparated"); err != nil {
				errs = append(errs, fmt.Errorf("restore session state (%s): %w", undo[i], err))
			}
		}
		return errors.Join(errs...)
	}
	if p.database != "" {
		res, err := l.Query("SELECT currentDatabase()", "TabSeparated")
		if err != nil {
			return nil, err
		}
		if _, err := l.Query("USE "+quoteIdentifier(p.database), "TabSeparated"); err != nil {
			return nil, err
		}
		undo = append(undo, "USE "+quoteIdentifier(strings.TrimSuffix(string(res.Data), "\n")))
	}
	if len(p.settings) > 0 {
		if err := h.learnSettings(l, p.settings); err != nil {
			return nil, errors.Join(err, restore())
		}
		for _, s := range p.settings {
			if _, err := l.Query("SET "+s.name+" = "+quoteString(s.value), "TabSeparated"); err != nil {
				return nil, errors.Join(err, restore())
			}
			if old, ok := h.known[s.name]; ok && old.changed {
				undo = append(undo, "SET "+s.name+" = "+quoteString(old.value))
			} else {
				undo = append(undo, "SET "+s.name+" = DEFAULT")
			}
		}
	}
	for _, prm := range p.parameters {
		if _, err := l.Query("SET param_"+prm.name+" = "+quoteString(prm.value), "TabSeparated"); err != nil {
			return nil, errors.Join(err, restore())
		}
	}
	return restore, nil
}

// learnSettings reads from system.settings the session's state of the
// settings h.known does not hold yet.
func (h *Handler) learnSettings(l *chdb.Locked, settings []setting) error {
	var names []string
	for _, s := range settings {
		if _, ok := h.known[s.name]; !ok {
			names = append(names, quoteString(s.name))
		}
	}
	if len(names) == 0 {
		return nil
	}
	res, err := l.Query("SELECT name, value, changed FROM system.settings WHERE name IN ("+strings.Join(names, ", ")+")", "JSONCompactEachRow")
	if err != nil {
		return err
	}
	current, err := parseSettingRows(res.Data)
	if err != nil {
		return err
	}
	if h.known == nil {
		h.known = make(map[string]settingValue)
	}
	maps.Copy(h.known, current)
	return nil
}

// isSetQuery reports whether a query is a SET statement, which changes
// the session's settings.
func isSetQuery(q string) bool {
	l := &lexer{s: q}
	return strings.EqualFold(l.word(), "SET")
}

// readonlyError is ClickHouse's answer to a modifying query sent with GET.
func readonlyError() error {
	return newCHError(codeReadonly, "READONLY", "Cannot execute query in readonly mode. For queries over HTTP, method GET implies readonly. You should use method POST for modifying queries")
}

// insertSyntaxError reports an INSERT head this server cannot parse.
func insertSyntaxError(err error) error {
	return newCHError(codeSyntaxError, "SYNTAX_ERROR", "cannot parse the INSERT statement in the query parameter: "+err.Error())
}

// isReadonlyQuery reports whether a query starts with a read-only keyword.
func isReadonlyQuery(q string) bool {
	l := &lexer{s: q}
	switch strings.ToUpper(l.word()) {
	case "SELECT", "WITH", "SHOW", "DESCRIBE", "DESC", "EXISTS", "EXPLAIN":
		return true
	}
	return false
}

// hasFormatClause reports whether the query text contains a FORMAT keyword
// (a cheap check used only for the X-ClickHouse-Format header).
func hasFormatClause(q string) bool {
	for f := range strings.FieldsSeq(q) {
		if strings.EqualFold(f, "FORMAT") {
			return true
		}
	}
	return false
}

// contentType is the Content-Type ClickHouse sends for an output format.
func contentType(format string) string {
	switch f := strings.ToLower(format); {
	case f == "tabseparated" || f == "tsv" || strings.HasPrefix(f, "tabseparated") || strings.HasPrefix(f, "tsv"):
		return "text/tab-separated-values; charset=UTF-8"
	case strings.HasPrefix(f, "csv"):
		return "text/csv; charset=UTF-8; header=absent"
	case strings.HasPrefix(f, "json"):
		return "application/json; charset=UTF-8"
	case strings.HasPrefix(f, "pretty") || f == "vertical" || f == "markdown":
		return "text/plain; charset=UTF-8"
	}
	return "application/octet-stream"
}
