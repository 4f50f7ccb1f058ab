package chdb

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"unsafe"

	"golang.org/x/sys/unix"
)

// CodeCannotLockFile is ClickHouse's error code for a data directory that
// another process holds.
const CodeCannotLockFile = 76

// ErrSessionOpen is returned (wrapped) by Open when this process already
// has an open session: chDB allows one per process.
var ErrSessionOpen = errors.New("a chDB session is already open in this process")

// ErrDirectoryInUse is matched (errors.Is) by the error Open returns when
// another process holds the data directory.
var ErrDirectoryInUse = errors.New("data directory is in use by another process")

// inUseError reports a data directory locked by another process; it matches
// ErrDirectoryInUse and unwraps to ClickHouse's *Error (code 76).
type inUseError struct {
	dir   string
	cause *Error
}

// Error names the directory and quotes ClickHouse's message.
func (e *inUseError) Error() string {
	return fmt.Sprintf("data directory %s is in use by another otelaudit process (ClickHouse: %s)", e.dir, e.cause.Message)
}

// Unwrap returns ErrDirectoryInUse and ClickHouse's error.
func (e *inUseError) Unwrap() []error { return []error{ErrDirectoryInUse, e.cause} }

// ErrClosed is returned by Query after Close.
var ErrClosed = errors.New("chDB session is closed")

// openDir records the directory of this process's open session; chDB allows
// only one session per process, so this state is necessarily global.
var openDir struct {
	mu  sync.Mutex
	dir string
}

// Session is an open chDB engine working on one data directory. Its methods
// are safe for concurrent use; queries run one at a time.
type Session struct {
	lib  *library
	dir  string
	mu   sync.Mutex
	conn unsafe.Pointer // chdb_connection* as returned by chdb_connect; nil once closed
}

// Result is the output of a query with the engine's statistics.
type Result struct {
	// Data is the query output in the requested format, in Go memory.
	Data []byte
	// RowsRead is the number of rows the query produced.
	RowsRead uint64
	// BytesRead is the size of those rows in ClickHouse's internal representation.
	BytesRead uint64
	// Elapsed is the execution time in seconds.
	Elapsed float64
}

// Open loads libchdb.so (on first use) and opens a session on dir, creating
// the directory if needed. Only one session may be open per process, and only
// one process may use a directory at a time.
func Open(dir string) (*Session, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, fmt.Errorf("chdb: resolve data directory %s: %w", dir, err)
	}
	lib, err := loadLibrary()
	if err != nil {
		return nil, err
	}

	openDir.mu.Lock()
	defer openDir.mu.Unlock()
	if openDir.dir != "" {
		return nil, fmt.Errorf("open chDB on %s: %w (on %s); close it first", dir, ErrSessionOpen, openDir.dir)
	}
	if err := os.MkdirAll(abs, 0o755); err != nil {
		return nil, fmt.Errorf("chdb: create data directory: %w", err)
	}

	conn, err := connect(lib, abs)
	if err != nil {
		var ce *Error
		if errors.As(err, &ce) && ce.Code == CodeCannotLockFile {
			return nil, &inUseError{dir: dir, cause: ce}
		}
		return nil, fmt.Errorf("open chDB on %s: %w", dir, err)
	}
	s := &Session{lib: lib, dir: abs, conn: conn}
	openDir.dir = abs
	return s, nil
}

// connect calls chdb_connect with --path=dir. When it fails, the error
// carries what chDB wrote to stderr; when it succeeds, anything chDB wrote
// there is passed on to the real stderr.
func connect(lib *library, dir string) (unsafe.Pointer, error) {
	args := []string{"clickhouse", "--path=" + dir}
	bufs := make([][]byte, len(args))
	argv := make([]*byte, len(args)+1)
	for i, a := range args {
		bufs[i] = append([]byte(a), 0)
		argv[i] = &bufs[i][0]
	}
	var conn unsafe.Pointer
	stderr, err := withStderrCaptured(func() {
		conn = lib.connect(int32(len(args)), &argv[0])
	})
	runtime.KeepAlive(bufs)
	runtime.KeepAlive(argv)
	if err != nil {
		if conn != nil {
			lib.closeConn(conn)
		}
		return nil, err
	}
	if conn == nil || *(*unsafe.Pointer)(conn) == nil {
		msg := strings.TrimSpace(stderr)
		if msg == "" {
			return nil, errors.New("chdb_connect failed without a message")
		}
		return nil, newError(msg)
	}
	if stderr != "" {
		_, _ = os.Stderr.WriteString(stderr)
	}
	return conn, nil
}

// Dir returns the absolute path of the session's data directory.
func (s *Session) Dir() string { return s.dir }

// Query runs one query and returns its output in the given ClickHouse output
// format (e.g. "TabSeparated", "Native", "JSONEachRow"). Errors reported by
// the engine are *Error. The query is passed as a C string: it must not
// contain NUL bytes (send binary data through a file and FROM INFILE).
func (s *Session) Query(query, format string) ([]byte, error) {
	r, err := s.QueryResult(query, format)
	if err != nil {
		return nil, err
	}
	return r.Data, nil
}

// QueryResult is Query returning the engine's statistics along with the data.
func (s *Session) QueryResult(query, format string) (Result, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.queryLocked(query, format)
}

// Locked gives one goroutine the session to itself, inside Exclusive.
type Locked struct {
	s *Session
}

// Query runs a query like Session.QueryResult, without taking the lock
// that the enclosing Exclusive already holds.
func (l *Locked) Query(query, format string) (Result, error) {
	return l.s.queryLocked(query, format)
}

// Exclusive runs fn while holding the session's query lock, so that a
// sequence of queries (e.g. SET, the query, restoring the setting) runs
// without other goroutines' queries in between. fn must only use l, and
// must not keep it after returning.
func (s *Session) Exclusive(fn func(l *Locked) error) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return fn(&Locked{s: s})
}

// queryLocked runs one query; the caller holds s.mu.
func (s *Session) queryLocked(query, format string) (Result, error) {
	if strings.IndexByte(query, 0) >= 0 || strings.IndexByte(format, 0) >= 0 {
		return Result{}, errors.New("chdb: query or format contains a NUL byte; pass binary data through a file")
	}
	if s.conn == nil {
		return Result{}, ErrClosed
	}
	res := s.lib.query(*(*unsafe.Pointer)(s.conn), query, format)
	if res == nil {
		return Result{}, nil
	}
	defer s.lib.destroyResult(res)
	if msg := unix.BytePtrToString((*byte)(s.lib.resultError(res))); msg != "" {
		return Result{}, newError(msg)
	}
	r := Result{
		RowsRead:  s.lib.rowsRead(res),
		BytesRead: s.lib.bytesRead(res),
		Elapsed:   s.lib.elapsed(res),
	}
	if n := s.lib.resultLength(res); n > 0 {
		if buf := s.lib.resultBuffer(res); buf != nil {
			r.Data = make([]byte, n)
			copy(r.Data, unsafe.Slice((*byte)(buf), n))
		}
	}
	return r, nil
}

// Close closes the session; later calls do nothing. Another session may be
// opened afterwards.
func (s *Session) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.conn == nil {
		return nil
	}
	s.lib.closeConn(s.conn)
	s.conn = nil
	openDir.mu.Lock()
	openDir.dir = ""
	openDir.mu.Unlock()
	return nil
}
