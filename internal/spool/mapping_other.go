//go:build !linux

package spool

import (
	"errors"
	"os"
)

// errReserveUnsupported means the file system cannot reserve space ahead.
var errReserveUnsupported = errors.New("spool: reserving file space is not supported")

// errNoMapping means segments are not mapped on this system: appends use
// pwrite.
var errNoMapping = errors.New("spool: segments are mapped on Linux only")

// mapFile reports errNoMapping: appends use pwrite.
func mapFile(*os.File, int64) ([]byte, error) { return nil, errNoMapping }

// unmapFile is never called without a mapping.
func unmapFile([]byte) error { return errNoMapping }

// reserve is never called without a mapping.
func reserve(*os.File, int64, int64) error { return errReserveUnsupported }
