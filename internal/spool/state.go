package spool

import (
	"crypto/rand"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"hash/crc32"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// File names in a spool directory besides the segments.
const (
	stateFile = "STATE"
	idFile    = "ID"
	lockFile  = "LOCK"
)

const (
	stateMagic = "OTASTA01"
	stateLen   = 40
)

// Range is a half-open range [Start, End) of logical spool offsets.
type Range struct {
	Start, End int64
}

// Empty reports whether r holds no bytes.
func (r Range) Empty() bool { return r.End <= r.Start }

// String formats r as "start-end".
func (r Range) String() string { return fmt.Sprintf("%d-%d", r.Start, r.End) }

// state is the persisted reader position.
type state struct {
	acked    int64
	inflight Range
}

// encodeState returns the STATE file's bytes.
func encodeState(s state) []byte {
	b := make([]byte, stateLen)
	copy(b, stateMagic)
	binary.LittleEndian.PutUint64(b[8:], uint64(s.acked))
	binary.LittleEndian.PutUint64(b[16:], uint64(s.inflight.Start))
	binary.LittleEndian.PutUint64(b[24:], uint64(s.inflight.End))
	binary.LittleEndian.PutUint32(b[32:], crc32.Checksum(b[:32], castagnoli))
	return b
}

// decodeState parses the STATE file's bytes.
func decodeState(b []byte) (state, error) {
	if len(b) != stateLen || string(b[:8]) != stateMagic {
		return state{}, fmt.Errorf("%w: %s has a bad size or magic", ErrCorrupt, stateFile)
	}
	if crc32.Checksum(b[:32], castagnoli) != binary.LittleEndian.Uint32(b[32:]) {
		return state{}, fmt.Errorf("%w: %s fails its CRC", ErrCorrupt, stateFile)
	}
	s := state{
		acked:    int64(binary.LittleEndian.Uint64(b[8:])),
		inflight: Range{Start: int64(binary.LittleEndian.Uint64(b[16:])), End: int64(binary.LittleEndian.Uint64(b[24:]))},
	}
	if s.acked < 0 || s.inflight.Start < 0 || s.inflight.End < s.inflight.Start {
		return state{}, fmt.Errorf("%w: %s holds impossible offsets", ErrCorrupt, stateFile)
	}
	return s, nil
}

// loadState reads dir's STATE; a missing file is the zero state.
func loadState(dir string) (state, error) {
	b, err := os.ReadFile(filepath.Join(dir, stateFile))
	if errors.Is(err, fs.ErrNotExist) {
		return state{}, nil
	}
	if err != nil {
		return state{}, fmt.Errorf("spool: read %s: %w", stateFile, err)
	}
	s, err := decodeState(b)
	if err != nil {
		return state{}, fmt.Errorf("spool: %w", err)
	}
	return s, nil
}

// writeFileAtomic replaces dir/name with data: write a temporary file,
// fsync it (when sync), rename it over name and fsync the directory.
func writeFileAtomic(dir, name string, data []byte, sync bool) error {
	tmp := filepath.Join(dir, name+".tmp")
	f, err := os.OpenFile(tmp, os.O_CREATE|os.O_TRUNC|os.O_WRONLY, 0o600)
	if err != nil {
		return fmt.Errorf("spool: write %s: %w", name, err)
	}
	_, err = f.Write(data)
	if err == nil && sync {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, filepath.Join(dir, name))
	}
	if err != nil {
		_ = os.Remove(tmp)
		return fmt.Errorf("spool: write %s: %w", name, err)
	}
	if sync {
		return syncDir(dir)
	}
	return nil
}

// loadOrCreateID returns the spool's id, creating it on first use.
func loadOrCreateID(dir string) (string, error) {
	b, err := os.ReadFile(filepath.Join(dir, idFile))
	if err == nil {
		id := strings.TrimSpace(string(b))
		if len(id) != 32 {
			return "", fmt.Errorf("spool: %s in %s is not a spool id: %q", idFile, dir, id)
		}
		return id, nil
	}
	if !errors.Is(err, fs.ErrNotExist) {
		return "", fmt.Errorf("spool: read %s: %w", idFile, err)
	}
	raw := make([]byte, 16)
	if _, err := rand.Read(raw); err != nil {
		return "", fmt.Errorf("spool: new id: %w", err)
	}
	id := hex.EncodeToString(raw)
	if err := writeFileAtomic(dir, idFile, []byte(id+"\n"), true); err != nil {
		return "", err
	}
	return id, nil
}
