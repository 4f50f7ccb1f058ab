package spool

import (
	"errors"
	"os"
	"syscall"
)

// errReserveUnsupported means the file system cannot reserve space ahead
// (fallocate(2) is not supported).
var errReserveUnsupported = errors.New("spool: reserving file space is not supported")

// mapFile maps the first n bytes of f, shared and writable.
func mapFile(f *os.File, n int64) ([]byte, error) {
	if n <= 0 || int64(int(n)) != n {
		return nil, errors.New("spool: cannot map a segment of this size")
	}
	return syscall.Mmap(int(f.Fd()), 0, int(n), syscall.PROT_READ|syscall.PROT_WRITE, syscall.MAP_SHARED)
}

// unmapFile removes a mapping made by mapFile.
func unmapFile(mem []byte) error { return syscall.Munmap(mem) }

// reserve allocates disk blocks for n bytes of f from off on, extending
// the file.
func reserve(f *os.File, off, n int64) error {
	err := syscall.Fallocate(int(f.Fd()), 0, off, n)
	if errors.Is(err, syscall.EOPNOTSUPP) || errors.Is(err, syscall.ENOSYS) {
		return errReserveUnsupported
	}
	return err
}
