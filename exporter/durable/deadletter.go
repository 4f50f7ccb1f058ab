package durable

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"go.opentelemetry.io/collector/pdata/ptrace"

	"github.com/otelaudit/otelaudit/internal/spool"
)

// Dead-letter file names in the spool directory.
const (
	DeadLetterFile = "deadletter.jsonl"
	deadLetterLock = "deadletter.lock"
)

// DeadLetter is one line of the dead-letter file: spans ClickHouse
// rejected for good.
type DeadLetter struct {
	// ID names the spans' spool range, "<spool id>:<start>-<end>"; it is
	// also their deduplication token.
	ID string `json:"id"`
	// Time is when the spans were (last) rejected.
	Time time.Time `json:"time"`
	// Reason is the last error.
	Reason string `json:"reason"`
	// Attempts counts the sends that failed.
	Attempts int `json:"attempts"`
	// Spans is the number of spans; DecisionIDs the audit.decision.id of
	// the decisions among them.
	Spans       int      `json:"spans"`
	DecisionIDs []string `json:"decision_ids,omitempty"`
	// Traces are the spans as OTLP JSON (absent when they do not decode
	// or do not render as valid JSON).
	Traces json.RawMessage `json:"traces,omitempty"`
	// OTLP is the exact spool record (format byte 1 + OTLP protobuf),
	// which resend decodes.
	OTLP []byte `json:"otlp"`
}

// newDeadLetter describes a rejected record; an item whose record did not
// decode has no spans.
func newDeadLetter(id string, it item, reason error, attempts int) DeadLetter {
	dl := DeadLetter{ID: id, Time: time.Now().UTC(), Reason: reason.Error(), Attempts: attempts, OTLP: it.rec.Data}
	if it.sum.spans > 0 {
		dl.Spans, dl.DecisionIDs = it.sum.spans, it.sum.ids
		var m ptrace.JSONMarshaler
		if b, err := m.MarshalTraces(it.td); err == nil && json.Valid(b) {
			dl.Traces = b
		}
	}
	return dl
}

// appendDeadLetters appends entries to dir's dead-letter file and fsyncs
// it.
func appendDeadLetters(dir string, entries ...DeadLetter) error {
	unlock, err := spool.LockFile(filepath.Join(dir, deadLetterLock))
	if err != nil {
		return fmt.Errorf("durable: dead-letter file: %w", err)
	}
	defer unlock()
	var buf bytes.Buffer
	for _, e := range entries {
		b, err := json.Marshal(e)
		if err != nil {
			return fmt.Errorf("durable: encode dead letter %s: %w", e.ID, err)
		}
		buf.Write(b)
		buf.WriteByte('\n')
	}
	f, err := os.OpenFile(filepath.Join(dir, DeadLetterFile), os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		return fmt.Errorf("durable: open dead-letter file: %w", err)
	}
	_, err = f.Write(buf.Bytes())
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("durable: write dead-letter file: %w", err)
	}
	return nil
}

// ReadDeadLetters returns the entries of the dead-letter file in the spool
// directory dir; none when there is no file. A line that does not parse
// (e.g. torn by a crash) is skipped and reported in the error, with the
// entries that did parse.
func ReadDeadLetters(dir string) ([]DeadLetter, error) {
	if _, err := os.Stat(dir); err != nil {
		return nil, fmt.Errorf("durable: spool directory: %w", err)
	}
	unlock, err := spool.LockFile(filepath.Join(dir, deadLetterLock))
	if err != nil {
		return nil, fmt.Errorf("durable: dead-letter file: %w", err)
	}
	defer unlock()
	return readDeadLetters(dir)
}

// readDeadLetters reads the file; the lock is held.
func readDeadLetters(dir string) ([]DeadLetter, error) {
	f, err := os.Open(filepath.Join(dir, DeadLetterFile))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("durable: open dead-letter file: %w", err)
	}
	defer f.Close()
	var (
		out  []DeadLetter
		errs []error
	)
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<30)
	for line := 1; sc.Scan(); line++ {
		if len(bytes.TrimSpace(sc.Bytes())) == 0 {
			continue
		}
		var dl DeadLetter
		if err := json.Unmarshal(sc.Bytes(), &dl); err != nil {
			errs = append(errs, fmt.Errorf("durable: dead-letter file line %d: %w", line, err))
			continue
		}
		out = append(out, dl)
	}
	if err := sc.Err(); err != nil {
		errs = append(errs, fmt.Errorf("durable: read dead-letter file: %w", err))
	}
	return out, errors.Join(errs...)
}

// BatchWriter sends traces to ClickHouse under a deduplication token;
// *exporter.Writer is one.
type BatchWriter interface {
	WriteBatch(ctx context.Context, td ptrace.Traces, token string) error
}

// ResendResult counts what ResendDeadLetters did.
type ResendResult struct {
	// Sent entries were stored and removed from the file.
	Sent int
	// Failed entries stay in the file with the new reason.
	Failed int
}

// ResendDeadLetters sends every entry of the dead-letter file in dir again
// with w, under the token "<id>:resend" (a resend interrupted after the
// send is not stored twice). Entries that succeed are removed from the
// file; those that fail stay with the new reason, time and attempt count.
// Entries appended by a running exporter meanwhile are kept.
func ResendDeadLetters(ctx context.Context, dir string, w BatchWriter) (ResendResult, error) {
	entries, readErr := ReadDeadLetters(dir)
	var res ResendResult
	sent := make(map[string]bool)
	failed := make(map[string]DeadLetter)
	for _, e := range entries {
		if err := ctx.Err(); err != nil {
			break
		}
		err := resendOne(ctx, w, e)
		if err == nil {
			sent[e.ID] = true
			res.Sent++
			continue
		}
		e.Reason, e.Time, e.Attempts = err.Error(), time.Now().UTC(), e.Attempts+1
		failed[e.ID] = e
		res.Failed++
	}
	if len(sent) == 0 && len(failed) == 0 {
		return res, readErr
	}
	return res, errors.Join(readErr, rewriteDeadLetters(dir, sent, failed))
}

// resendOne decodes and sends one entry.
func resendOne(ctx context.Context, w BatchWriter, e DeadLetter) error {
	td, err := decodeRecord(e.OTLP)
	if err != nil {
		return err
	}
	return w.WriteBatch(ctx, td, e.ID+":resend")
}

// rewriteDeadLetters replaces the dead-letter file: entries in sent are
// removed, those in failed replaced, every other line kept.
func rewriteDeadLetters(dir string, sent map[string]bool, failed map[string]DeadLetter) error {
	unlock, err := spool.LockFile(filepath.Join(dir, deadLetterLock))
	if err != nil {
		return fmt.Errorf("durable: dead-letter file: %w", err)
	}
	defer unlock()
	current, readErr := readDeadLetters(dir)
	var buf bytes.Buffer
	for _, e := range current {
		if sent[e.ID] {
			continue
		}
		if f, ok := failed[e.ID]; ok {
			e = f
		}
		b, err := json.Marshal(e)
		if err != nil {
			return fmt.Errorf("durable: encode dead letter %s: %w", e.ID, err)
		}
		buf.Write(b)
		buf.WriteByte('\n')
	}
	path := filepath.Join(dir, DeadLetterFile)
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, buf.Bytes(), 0o600); err != nil {
		return fmt.Errorf("durable: rewrite dead-letter file: %w", err)
	}
	if err := os.Rename(tmp, path); err != nil {
		return fmt.Errorf("durable: rewrite dead-letter file: %w", err)
	}
	return readErr
}
