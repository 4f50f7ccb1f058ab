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

// The STATE file: two slots of stateSlotLen bytes, the second at
// stateSlotStride, so that each is in its own file-system block.
const (
	stateMagic      = "OTASTA02"
	stateSlotLen    = 48
	stateSlotStride = 4096
	stateFileLen    = stateSlotStride + stateSlotLen
)

// The STATE file of earlier versions: one 40-byte record, replaced by
// rename. Open reads it and rewrites STATE in the current format.
const (
	stateMagicV1 = "OTASTA01"
	stateLenV1   = 40
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

// encodeSlot returns a STATE slot holding s, written with sequence number
// seq.
func encodeSlot(s state, seq uint64) [stateSlotLen]byte {
	var b [stateSlotLen]byte
	copy(b[:], stateMagic)
	binary.LittleEndian.PutUint64(b[8:], seq)
	binary.LittleEndian.PutUint64(b[16:], uint64(s.acked))
	binary.LittleEndian.PutUint64(b[24:], uint64(s.inflight.Start))
	binary.LittleEndian.PutUint64(b[32:], uint64(s.inflight.End))
	binary.LittleEndian.PutUint32(b[40:], crc32.Checksum(b[:40], castagnoli))
	return b
}

// decodeSlot parses a STATE slot and returns its state and sequence
// number.
func decodeSlot(b []byte) (state, uint64, error) {
	if string(b[:8]) != stateMagic {
		return state{}, 0, fmt.Errorf("%w: %s slot has a bad magic", ErrCorrupt, stateFile)
	}
	if crc32.Checksum(b[:40], castagnoli) != binary.LittleEndian.Uint32(b[40:]) {
		return state{}, 0, fmt.Errorf("%w: %s slot fails its CRC", ErrCorrupt, stateFile)
	}
	s := state{
		acked:    int64(binary.LittleEndian.Uint64(b[16:])),
		inflight: Range{Start: int64(binary.LittleEndian.Uint64(b[24:])), End: int64(binary.LittleEndian.Uint64(b[32:]))},
	}
	return s, binary.LittleEndian.Uint64(b[8:]), checkState(s)
}

// decodeStateV1 parses a STATE file of earlier versions.
func decodeStateV1(b []byte) (state, error) {
	if crc32.Checksum(b[:32], castagnoli) != binary.LittleEndian.Uint32(b[32:]) {
		return state{}, fmt.Errorf("%w: %s fails its CRC", ErrCorrupt, stateFile)
	}
	s := state{
		acked:    int64(binary.LittleEndian.Uint64(b[8:])),
		inflight: Range{Start: int64(binary.LittleEndian.Uint64(b[16:])), End: int64(binary.LittleEndian.Uint64(b[24:]))},
	}
	return s, checkState(s)
}

// checkState rejects offsets no spool writes.
func checkState(s state) error {
	if s.acked < 0 || s.inflight.Start < 0 || s.inflight.End < s.inflight.Start {
		return fmt.Errorf("%w: %s holds impossible offsets", ErrCorrupt, stateFile)
	}
	return nil
}

// encodeStateFile returns the bytes of a STATE file holding s in the slot
// of sequence number seq, the other slot empty.
func encodeStateFile(s state, seq uint64) []byte {
	b := make([]byte, stateFileLen)
	slot := encodeSlot(s, seq)
	copy(b[(seq%2)*stateSlotStride:], slot[:])
	return b
}

// decodeStateFile parses the STATE file's bytes, in either format, and
// returns the newest state in it and its sequence number (0 in the
// format of earlier versions). A damaged slot is passed over: it is one a
// crash interrupted, and the other slot holds the state from before.
func decodeStateFile(b []byte) (state, uint64, error) {
	if len(b) == stateLenV1 && string(b[:8]) == stateMagicV1 {
		s, err := decodeStateV1(b)
		return s, 0, err
	}
	if len(b) != stateFileLen {
		return state{}, 0, fmt.Errorf("%w: %s has a bad size (%d bytes)", ErrCorrupt, stateFile, len(b))
	}
	s0, seq0, err0 := decodeSlot(b[:stateSlotLen])
	s1, seq1, err1 := decodeSlot(b[stateSlotStride:])
	switch {
	case err0 != nil && err1 != nil:
		return state{}, 0, fmt.Errorf("both slots are damaged: %w", err0)
	case err1 != nil || (err0 == nil && seq0 > seq1):
		return s0, seq0, nil
	}
	return s1, seq1, nil
}

// stateStore is the open STATE file, updated in place: each write goes to
// the slot that does not hold the newest state, with the next sequence
// number, so that a write torn by a crash damages only the older state.
// This costs a pwrite (and an fsync), where replacing the file by rename
// costs a file creation, a rename and two fsyncs.
type stateStore struct {
	f    *os.File
	seq  uint64 // sequence number of the newest state written
	sync bool   // fsync every write
}

// openState returns dir's STATE and the state it holds (the zero state
// when there is no file), first writing the file anew (by rename) when it
// is missing or in the format of earlier versions.
func openState(dir string, sync bool) (*stateStore, state, error) {
	path := filepath.Join(dir, stateFile)
	b, err := os.ReadFile(path)
	var (
		st  state
		seq uint64
	)
	switch {
	case errors.Is(err, fs.ErrNotExist):
	case err != nil:
		return nil, state{}, fmt.Errorf("spool: read %s: %w", stateFile, err)
	default:
		if st, seq, err = decodeStateFile(b); err != nil {
			return nil, state{}, fmt.Errorf("spool: %w", err)
		}
	}
	if len(b) != stateFileLen {
		seq++
		if err := writeFileAtomic(dir, stateFile, encodeStateFile(st, seq), sync); err != nil {
			return nil, state{}, err
		}
	}
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return nil, state{}, fmt.Errorf("spool: open %s: %w", stateFile, err)
	}
	return &stateStore{f: f, seq: seq, sync: sync}, st, nil
}

// write stores s as the newest state, fsynced when ss.sync. After an
// error the newest state on disk is the one before, and the next write
// goes to the same slot again.
func (ss *stateStore) write(s state) error {
	seq := ss.seq + 1
	slot := encodeSlot(s, seq)
	if _, err := ss.f.WriteAt(slot[:], int64(seq%2)*stateSlotStride); err != nil {
		return fmt.Errorf("spool: write %s: %w", stateFile, err)
	}
	if ss.sync {
		if err := ss.f.Sync(); err != nil {
			return fmt.Errorf("spool: fsync %s: %w", stateFile, err)
		}
	}
	ss.seq = seq
	return nil
}

// close closes the file.
func (ss *stateStore) close() error {
	if err := ss.f.Close(); err != nil {
		return fmt.Errorf("spool: close %s: %w", stateFile, err)
	}
	return nil
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
