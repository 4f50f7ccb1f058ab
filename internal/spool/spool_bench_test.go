package spool

import (
	"bytes"
	"context"
	"syscall"
	"testing"
	"time"
)

// benchPayload is the size of a typical record: an encoded model-call or
// decision span.
const benchPayload = 4500

// BenchmarkAppend measures Append of benchPayload-byte records under
// FsyncNever: the frame copy, the CRC and the write syscall.
func BenchmarkAppend(b *testing.B) {
	payload := bytes.Repeat([]byte("x"), benchPayload)
	benchAppend(b, func(s *Spool) error { return s.Append(context.Background(), payload) })
}

// BenchmarkAppendFrame is BenchmarkAppend with the payload already in a
// reused frame, as the durable exporter appends.
func BenchmarkAppendFrame(b *testing.B) {
	frame := bytes.Repeat([]byte("x"), FrameHeaderLen+benchPayload)
	benchAppend(b, func(s *Spool) error { return s.AppendFrame(context.Background(), frame) })
}

// benchAppend runs appendOne on a spool under FsyncNever, so that the
// disk does not set the pace, which it drains every 4096 appends; it
// reports the CPU time of the appends alone as cpu-ns/op.
func benchAppend(b *testing.B, appendOne func(*Spool) error) {
	const drainEvery = 4096
	s := openB(b, FsyncNever())
	b.SetBytes(benchPayload)
	b.ReportAllocs()
	var cpu time.Duration
	start := cpuTime()
	n := 0
	for b.Loop() {
		if err := appendOne(s); err != nil {
			b.Fatal(err)
		}
		if n++; n%drainEvery == 0 {
			cpu += cpuTime() - start
			b.StopTimer()
			drainB(b, s)
			b.StartTimer()
			start = cpuTime()
		}
	}
	cpu += cpuTime() - start
	b.ReportMetric(float64(cpu)/float64(b.N), "cpu-ns/op")
}

// drainB reads and acknowledges everything in s.
func drainB(b *testing.B, s *Spool) {
	for s.Stats().PendingBytes > 0 {
		batch, err := s.ReadBatch(context.Background(), BatchLimits{MaxRecords: 1 << 20, MaxBytes: 64 << 20})
		if err != nil {
			b.Fatal(err)
		}
		if err := s.Ack(batch.Range); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkReadBatch measures ReadBatch and Ack of batches of 512
// benchPayload-byte records, as the shipper reads them, under FsyncNever
// and under FsyncEvery (which fsyncs STATE twice a batch). An iteration is
// one batch, and cpu-ns/record is the CPU time of ReadBatch and Ack alone
// (appending the records and making them readable are left out).
func BenchmarkReadBatch(b *testing.B) {
	for _, p := range []FsyncPolicy{FsyncNever(), FsyncEvery(time.Hour)} {
		b.Run(p.String(), func(b *testing.B) {
			const perBatch = 512
			s := openB(b, p)
			payload := bytes.Repeat([]byte("x"), benchPayload)
			lim := BatchLimits{MaxRecords: perBatch, MaxBytes: 8 << 20}
			b.SetBytes(perBatch * benchPayload)
			b.ReportAllocs()
			var cpu time.Duration
			for b.Loop() {
				b.StopTimer()
				for range perBatch {
					if err := s.Append(context.Background(), payload); err != nil {
						b.Fatal(err)
					}
				}
				if err := s.Sync(); err != nil {
					b.Fatal(err)
				}
				b.StartTimer()
				start := cpuTime()
				batch, err := s.ReadBatch(context.Background(), lim)
				if err != nil {
					b.Fatal(err)
				}
				if len(batch.Records) != perBatch {
					b.Fatalf("read %d records, want %d", len(batch.Records), perBatch)
				}
				if err := s.Ack(batch.Range); err != nil {
					b.Fatal(err)
				}
				cpu += cpuTime() - start
			}
			b.ReportMetric(float64(cpu)/float64(b.N*perBatch), "cpu-ns/record")
		})
	}
}

// openB opens a spool for a benchmark with fsync policy p.
func openB(b *testing.B, p FsyncPolicy) *Spool {
	b.Helper()
	s, err := Open(Config{Dir: b.TempDir(), MaxBytes: 1 << 30, Fsync: p})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _ = s.Close() })
	return s
}

// cpuTime is the CPU time (user and system) the process has used.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
