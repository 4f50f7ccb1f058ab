package chdb

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"unsafe"

	"github.com/ebitengine/purego"
)

// LibraryVersion is the chDB release whose libchdb.so the project fetches
// into its cache directory ("make chdb").
const LibraryVersion = "26.5.3"

// ErrLibraryNotFound is returned (wrapped) by Open when libchdb.so cannot be
// found in any of the places it is looked for.
var ErrLibraryNotFound = errors.New("chDB library libchdb.so not found")

// library holds the C functions of libchdb.so that this package calls.
type library struct {
	connect       func(argc int32, argv **byte) unsafe.Pointer
	closeConn     func(conn unsafe.Pointer)
	query         func(conn unsafe.Pointer, query string, format string) unsafe.Pointer
	destroyResult func(result unsafe.Pointer)
	resultBuffer  func(result unsafe.Pointer) unsafe.Pointer
	resultLength  func(result unsafe.Pointer) uint64
	resultError   func(result unsafe.Pointer) unsafe.Pointer
	rowsRead      func(result unsafe.Pointer) uint64
	bytesRead     func(result unsafe.Pointer) uint64
	elapsed       func(result unsafe.Pointer) float64
}

// The process can dlopen the library only once; the handle and the bound
// functions are therefore package-level, initialised on first use.
var (
	libOnce sync.Once
	libVal  *library
	libErr  error
)

// loadLibrary finds and dlopens libchdb.so once per process.
func loadLibrary() (*library, error) {
	libOnce.Do(func() {
		libVal, libErr = openLibrary()
	})
	return libVal, libErr
}

// LibraryPath returns the path of libchdb.so that Open would load, or an
// error wrapping ErrLibraryNotFound.
func LibraryPath() (string, error) {
	if p := os.Getenv("CHDB_LIB_PATH"); p != "" {
		if _, err := os.Stat(p); err != nil {
			return "", fmt.Errorf("%w at CHDB_LIB_PATH=%s: run \"make chdb\" to fetch it, or set CHDB_LIB_PATH to its path", ErrLibraryNotFound, p)
		}
		return p, nil
	}
	cache := cachePath()
	for _, p := range []string{cache, "/usr/local/lib/libchdb.so"} {
		if p == "" {
			continue
		}
		if _, err := os.Stat(p); err == nil {
			return p, nil
		}
	}
	return "", fmt.Errorf("%w (looked in $CHDB_LIB_PATH, %s, /usr/local/lib): run \"make chdb\" to fetch it, or set CHDB_LIB_PATH to its path",
		ErrLibraryNotFound, displayDir(filepath.Dir(cache)))
}

// cachePath is ${XDG_CACHE_HOME:-$HOME/.cache}/otelaudit/chdb/<version>/libchdb.so.
func cachePath() string {
	base := os.Getenv("XDG_CACHE_HOME")
	if base == "" {
		home, err := os.UserHomeDir()
		if err != nil {
			return ""
		}
		base = filepath.Join(home, ".cache")
	}
	return filepath.Join(base, "otelaudit", "chdb", LibraryVersion, "libchdb.so")
}

// displayDir shortens a path under $HOME to ~/... for messages.
func displayDir(dir string) string {
	if dir == "." || dir == "" {
		return "${XDG_CACHE_HOME:-~/.cache}/otelaudit/chdb/" + LibraryVersion
	}
	if home, err := os.UserHomeDir(); err == nil && home != "" {
		if rel, err := filepath.Rel(home, dir); err == nil && rel != "." && rel != ".." && !strings.HasPrefix(rel, "../") {
			return "~/" + rel
		}
	}
	return dir
}

// openLibrary dlopens the library found by LibraryPath and binds its functions.
func openLibrary() (*library, error) {
	path, err := LibraryPath()
	if err != nil {
		return nil, err
	}
	handle, err := purego.Dlopen(path, purego.RTLD_NOW|purego.RTLD_GLOBAL)
	if err != nil {
		return nil, fmt.Errorf("load chDB library %s: %w", path, err)
	}
	l := &library{}
	bindings := []struct {
		fn   any
		name string
	}{
		{&l.connect, "chdb_connect"},
		{&l.closeConn, "chdb_close_conn"},
		{&l.query, "chdb_query"},
		{&l.destroyResult, "chdb_destroy_query_result"},
		{&l.resultBuffer, "chdb_result_buffer"},
		{&l.resultLength, "chdb_result_length"},
		{&l.resultError, "chdb_result_error"},
		{&l.rowsRead, "chdb_result_rows_read"},
		{&l.bytesRead, "chdb_result_bytes_read"},
		{&l.elapsed, "chdb_result_elapsed"},
	}
	for _, b := range bindings {
		if _, err := purego.Dlsym(handle, b.name); err != nil {
			return nil, fmt.Errorf("chDB library %s lacks %s (need chDB %s or later): %w", path, b.name, LibraryVersion, err)
		}
		purego.RegisterLibFunc(b.fn, handle, b.name)
	}
	return l, nil
}
