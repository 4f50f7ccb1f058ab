package spool

import (
	"errors"
	"fmt"
	"time"
)

// Defaults applied by Config.withDefaults to zero fields.
const (
	// DefaultMaxBytes bounds the segment files of a spool: 1 GiB.
	DefaultMaxBytes = 1 << 30
	// DefaultBlockTimeout is how long a blocked Append waits for space.
	DefaultBlockTimeout = 5 * time.Second
	// MaxDefaultSegmentBytes caps the default segment size (MaxBytes/8).
	MaxDefaultSegmentBytes = 64 << 20
	// minMaxBytes is the smallest accepted MaxBytes.
	minMaxBytes = 4 << 10
)

// MaxRecordBytes is the largest payload a record can have; the decoder
// treats a larger length as damage.
const MaxRecordBytes = 256 << 20

// FullPolicy says what Append does when the spool is full.
type FullPolicy int

const (
	// Block waits up to Config.BlockTimeout for space, then fails with
	// ErrFull. The default.
	Block FullPolicy = iota
	// Drop fails with ErrFull at once.
	Drop
)

// String returns "block" or "drop".
func (p FullPolicy) String() string {
	switch p {
	case Block:
		return "block"
	case Drop:
		return "drop"
	}
	return fmt.Sprintf("FullPolicy(%d)", int(p))
}

// FsyncMode is the kind of an FsyncPolicy.
type FsyncMode int

const (
	// FsyncModeAlways fsyncs before Append returns (group commit).
	FsyncModeAlways FsyncMode = iota
	// FsyncModeInterval fsyncs every Interval in the background.
	FsyncModeInterval
	// FsyncModeNever leaves write-back to the OS.
	FsyncModeNever
)

// FsyncPolicy says when appended records are fsynced; the zero value is
// FsyncAlways. See the package documentation for the trade-offs.
type FsyncPolicy struct {
	Mode FsyncMode
	// Interval is the fsync period of FsyncModeInterval.
	Interval time.Duration
}

// FsyncAlways fsyncs every record before Append returns.
func FsyncAlways() FsyncPolicy { return FsyncPolicy{Mode: FsyncModeAlways} }

// FsyncEvery fsyncs in the background every d.
func FsyncEvery(d time.Duration) FsyncPolicy {
	return FsyncPolicy{Mode: FsyncModeInterval, Interval: d}
}

// FsyncNever never fsyncs records.
func FsyncNever() FsyncPolicy { return FsyncPolicy{Mode: FsyncModeNever} }

// String describes the policy: "always", "every 1s" or "never".
func (p FsyncPolicy) String() string {
	switch p.Mode {
	case FsyncModeAlways:
		return "always"
	case FsyncModeInterval:
		return "every " + p.Interval.String()
	case FsyncModeNever:
		return "never"
	}
	return fmt.Sprintf("FsyncMode(%d)", int(p.Mode))
}

// Config configures Open. Zero fields take the defaults.
type Config struct {
	// Dir is the spool directory, created if missing. Required.
	Dir string
	// MaxBytes bounds the total size of the segment files
	// (DefaultMaxBytes when 0).
	MaxBytes int64
	// SegmentBytes is the size at which a segment is sealed and a new one
	// started (MaxBytes/8, at most 64 MiB, when 0). Smaller segments free
	// space sooner after an acknowledgement.
	SegmentBytes int64
	// Full is the policy when an Append does not fit (Block when zero).
	Full FullPolicy
	// BlockTimeout bounds how long a blocked Append waits for space
	// (DefaultBlockTimeout when 0).
	BlockTimeout time.Duration
	// Fsync is the durability policy (FsyncAlways when zero).
	Fsync FsyncPolicy
	// ErrorHandler receives errors that have no caller to return to:
	// damaged records skipped by the reader, background fsync failures.
	// Nil discards them.
	ErrorHandler func(error)
}

// withDefaults returns c with zero fields set to their defaults.
func (c Config) withDefaults() Config {
	if c.MaxBytes == 0 {
		c.MaxBytes = DefaultMaxBytes
	}
	if c.SegmentBytes == 0 {
		c.SegmentBytes = min(c.MaxBytes/8, MaxDefaultSegmentBytes)
	}
	if c.BlockTimeout == 0 {
		c.BlockTimeout = DefaultBlockTimeout
	}
	if c.ErrorHandler == nil {
		c.ErrorHandler = func(error) {}
	}
	return c
}

// Validate reports every invalid field of c (after defaults), naming it.
func (c Config) Validate() error {
	c = c.withDefaults()
	var errs []error
	if c.Dir == "" {
		errs = append(errs, errors.New("spool: Dir is empty"))
	}
	if c.MaxBytes < minMaxBytes {
		errs = append(errs, fmt.Errorf("spool: MaxBytes %d is below the minimum %d", c.MaxBytes, minMaxBytes))
	}
	if c.SegmentBytes < 2*segmentHeaderLen || c.SegmentBytes > c.MaxBytes/2 {
		errs = append(errs, fmt.Errorf("spool: SegmentBytes %d must be between %d and MaxBytes/2", c.SegmentBytes, 2*segmentHeaderLen))
	}
	if c.Full != Block && c.Full != Drop {
		errs = append(errs, fmt.Errorf("spool: Full %v is not Block or Drop", c.Full))
	}
	if c.BlockTimeout < 0 {
		errs = append(errs, fmt.Errorf("spool: BlockTimeout %v is negative", c.BlockTimeout))
	}
	switch c.Fsync.Mode {
	case FsyncModeAlways, FsyncModeNever:
	case FsyncModeInterval:
		if c.Fsync.Interval <= 0 {
			errs = append(errs, fmt.Errorf("spool: Fsync.Interval %v must be positive", c.Fsync.Interval))
		}
	default:
		errs = append(errs, fmt.Errorf("spool: Fsync.Mode %v is unknown", c.Fsync))
	}
	return errors.Join(errs...)
}
