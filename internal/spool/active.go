package spool

import (
	"errors"
	"fmt"
	"os"
	"runtime/debug"
)

// reserveStep is how far ahead of the records the active segment's disk
// space is reserved when its file is mapped: one fallocate(2) per
// reserveStep bytes of records.
const reserveStep = 1 << 20

// activeSegment is the segment appends go to.
//
// Where the system allows it (Linux), the file is mapped into memory
// (MAP_SHARED) and a record is copied into the mapping: no system call per
// record. The mapped pages are the file's page cache, so a copied record
// survives a process crash exactly as one written with write(2) does, the
// reader's pread(2) sees it, and fsync(2) on the file writes it to disk.
// Disk space is reserved ahead of the records with fallocate(2), so a full
// disk fails an append with ENOSPC before anything is copied, instead of
// faulting in the copy. Until the segment is sealed its file is longer
// than its records: it ends in zeros, or in the old records of a reused
// spare file (see Spool.truncateTornTail). Where mapping or reserving is
// not possible, or a record does not fit in the mapping, appends use
// pwrite(2).
type activeSegment struct {
	seg *segment
	f   *os.File // open read-write
	mem []byte   // the mapping of the file's first len(mem) bytes; nil: appends use pwrite
	// disk is the file's length: seg.size plus the reserved space.
	disk int64
}

// openActive makes seg, open read-write as f and disk bytes long, the
// active segment, mapping its first mapBytes bytes (at least the file's
// length) when the system allows it.
func openActive(seg *segment, f *os.File, disk, mapBytes int64) *activeSegment {
	a := &activeSegment{seg: seg, f: f, disk: disk}
	if mem, err := mapFile(f, max(mapBytes, disk)); err == nil {
		a.mem = mem
	}
	return a
}

// append writes frame after the segment's last record and returns by how
// many bytes the file grew. room is how many more bytes of disk the spool
// may use; it is at least len(frame), and space reserved ahead stays
// within it. It does not change seg.size: the caller does once it
// succeeded. After an error nothing counts as written.
func (a *activeSegment) append(frame []byte, room int64) (grown int64, err error) {
	end := a.seg.size + int64(len(frame))
	if a.mem != nil && end > int64(len(a.mem)) {
		freed, err := a.unmap()
		if err != nil {
			return -freed, err
		}
		grown = -freed
	}
	if a.mem == nil {
		if _, err := a.f.WriteAt(frame, a.seg.size); err != nil {
			// Cut a partial write so the next record starts at a boundary.
			terr := a.f.Truncate(a.seg.size)
			return grown, errors.Join(fmt.Errorf("spool: write record: %w", err), terr)
		}
		if end > a.disk {
			grown += end - a.disk
			a.disk = end
		}
		return grown, nil
	}
	if end > a.disk {
		want := min((end+reserveStep-1)/reserveStep*reserveStep, int64(len(a.mem)), a.disk+room)
		want = max(want, end)
		if err := reserve(a.f, a.disk, want-a.disk); err != nil {
			if errors.Is(err, errReserveUnsupported) {
				freed, uerr := a.unmap()
				if uerr != nil {
					return grown - freed, uerr
				}
				more, err := a.append(frame, room+freed)
				return grown - freed + more, err
			}
			return grown, fmt.Errorf("spool: reserve %d bytes of segment space: %w", want-a.disk, err)
		}
		grown += want - a.disk
		a.disk = want
	}
	if err := copyMapped(a.mem[a.seg.size:end], frame); err != nil {
		// The page could not be backed (an I/O error): write(2) reports
		// such errors properly from now on.
		freed, uerr := a.unmap()
		return grown - freed, errors.Join(err, uerr)
	}
	return grown, nil
}

// copyMapped copies src into dst, a part of a file mapping. A fault while
// copying (the kernel failing to back the page) becomes an error instead
// of crashing the process.
func copyMapped(dst, src []byte) (err error) {
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("spool: fault writing a record into the mapped segment: %v", r)
		}
	}()
	copy(dst, src)
	return nil
}

// unmap gives up the mapping: the reserved space is cut from the file
// and appends use pwrite from now on. It returns how many bytes the file
// shrank.
func (a *activeSegment) unmap() (freed int64, err error) {
	if freed, err = a.trim(); err != nil {
		return 0, err
	}
	if a.mem != nil {
		mem := a.mem
		a.mem = nil
		if err := unmapFile(mem); err != nil {
			return freed, fmt.Errorf("spool: unmap segment: %w", err)
		}
	}
	return freed, nil
}

// trim cuts the reserved space past the records from the file and returns
// how many bytes it was.
func (a *activeSegment) trim() (freed int64, err error) {
	if a.disk == a.seg.size {
		return 0, nil
	}
	if err := a.f.Truncate(a.seg.size); err != nil {
		return 0, fmt.Errorf("spool: cut reserved segment space: %w", err)
	}
	freed, a.disk = a.disk-a.seg.size, a.seg.size
	return freed, nil
}

// seal ends appending: it cuts the reserved space, fsyncs the file when
// sync is set and closes it. It returns how many bytes the file shrank.
// When it fails before closing, the segment stays usable.
func (a *activeSegment) seal(sync bool) (freed int64, err error) {
	if freed, err = a.trim(); err != nil {
		return 0, err
	}
	if sync {
		if err := a.f.Sync(); err != nil {
			return freed, fmt.Errorf("spool: fsync sealed segment: %w", err)
		}
	}
	return freed, a.close()
}

// close unmaps and closes the file, leaving it as it is.
func (a *activeSegment) close() error {
	var err error
	if a.mem != nil {
		if uerr := unmapFile(a.mem); uerr != nil {
			err = fmt.Errorf("spool: unmap segment: %w", uerr)
		}
		a.mem = nil
	}
	if cerr := a.f.Close(); cerr != nil {
		err = errors.Join(err, fmt.Errorf("spool: close segment: %w", cerr))
	}
	return err
}
