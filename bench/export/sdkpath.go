package exportbench

import (
	"context"
	"strconv"
	"sync"
	"testing"
	"time"

	chcompress "github.com/ClickHouse/ch-go/compress"
	noopmetric "go.opentelemetry.io/otel/metric/noop"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"

	"github.com/otelaudit/otelaudit/exporter"
	"github.com/otelaudit/otelaudit/exporter/durable"
	"github.com/otelaudit/otelaudit/internal/benchdata"
	"github.com/otelaudit/otelaudit/internal/native"
	"github.com/otelaudit/otelaudit/internal/spool"
	"github.com/otelaudit/otelaudit/otelaudit"
	"github.com/otelaudit/otelaudit/redact"
	"github.com/otelaudit/otelaudit/redact/redactproc"
	"github.com/otelaudit/otelaudit/semconv"
)

// SpoolStage says which spool the SDK path benchmark uses and what it
// measures.
func SpoolStage() string {
	return "exporter/durable's Processor (durable.NewLocal: real span encoding into internal/spool, " +
		"FsyncEvery(200ms), SyncDecisions off) with its shipper run in the recording goroutine, after a warm-up of " +
		"two segments (the spool then reuses acknowledged segment files, as a long-running process does): every " +
		strconv.Itoa(durable.DefaultBatchSize) + " spans (durable.DefaultBatchSize) an fsync, spool read, " +
		"rows built from the records' OTLP bytes, then otel_traces + audit blocks encoded with LZ4; no server"
}

// decisionInput is what one benchmark decision records through the API,
// taken from a benchdata span.
type decisionInput struct {
	input, reasoning, output, session, user string
	provider, model, responseModel          string
	outMessages                             string
	inTokens, outTokens                     int
}

var (
	inputsOnce sync.Once
	inputs     []decisionInput
)

// decisionInputs returns the workload's decisions as API inputs.
func decisionInputs() []decisionInput {
	inputsOnce.Do(func() {
		for _, s := range benchdata.Spans(BatchSpans, PIIFraction, Seed) {
			var d decisionInput
			for _, kv := range s.Attributes() {
				switch kv.Key {
				case semconv.AuditDecisionInputKey:
					d.input = kv.Value.AsString()
				case semconv.AuditReasoningKey:
					d.reasoning = kv.Value.AsString()
				case semconv.AuditDecisionOutputKey:
					d.output = kv.Value.AsString()
				case semconv.GenAIConversationIDKey:
					d.session = kv.Value.AsString()
				case semconv.UserIDKey:
					d.user = kv.Value.AsString()
				case semconv.GenAIProviderNameKey:
					d.provider = kv.Value.AsString()
				case semconv.GenAIRequestModelKey:
					d.model = kv.Value.AsString()
				case semconv.GenAIResponseModelKey:
					d.responseModel = kv.Value.AsString()
				case semconv.GenAIOutputMessagesKey:
					d.outMessages = kv.Value.AsString()
				case semconv.GenAIUsageInputTokensKey:
					d.inTokens = int(kv.Value.AsInt64())
				case semconv.GenAIUsageOutputTokensKey:
					d.outTokens = int(kv.Value.AsInt64())
				}
			}
			inputs = append(inputs, d)
		}
	})
	return inputs
}

// shipper does, on the benchmark's goroutine, what durable's shipper does
// with a batch before it sends it (durable.Local.ShipOnce: read the batch
// and build the otel_traces and audit rows of its records), then encodes
// both blocks with LZ4 as the native protocol sends them.
type shipper struct {
	local *durable.Local
	enc   *Encoder
	wire  int
	spans int
	send  func(b *exporter.Blocks, spans int) error
}

// shipEvery is the shipper's batch size: durable's default.
const shipEvery = durable.DefaultBatchSize

func newShipper(local *durable.Local) *shipper {
	s := &shipper{local: local, enc: NewEncoder(chcompress.LZ4)}
	s.send = s.encode
	return s
}

// encode encodes a batch's blocks.
func (s *shipper) encode(b *exporter.Blocks, _ int) error {
	for _, blk := range []*native.Block{b.Traces(), b.Audit()} {
		out, err := s.enc.EncodeInput(blk.Input(), blk.Rows())
		if err != nil {
			return err
		}
		s.wire += len(out)
	}
	return nil
}

// shipAll ships until the spool is empty.
func (s *shipper) shipAll(ctx context.Context) error {
	for {
		n, err := s.local.ShipOnce(ctx, s.send)
		if err != nil {
			return err
		}
		if n == 0 {
			return nil
		}
		s.spans += n
	}
}

// BenchSDKPath measures decisions per second through record → redact →
// spool → encode with LZ4. Each iteration records one decision (a decision
// span and a model-call span) through the otelaudit API on an SDK
// TracerProvider whose processor chain is redactproc (redact.Default())
// in front of the spool; the shipper's conversion and LZ4 encoding run in
// the same goroutine every shipEvery spans, so their cost is in the
// figure. The timed loop starts after a warm-up of two default segments,
// in the steady state of a long-running process.
func BenchSDKPath(b *testing.B) {
	local, err := durable.NewLocal(durable.Config{
		Dir:           b.TempDir(),
		FsyncPolicy:   spool.FsyncEvery(200 * time.Millisecond),
		SyncDecisions: false,
		BatchSize:     shipEvery,
		MeterProvider: noopmetric.NewMeterProvider(),
	})
	if err != nil {
		b.Fatal(err)
	}
	ship := newShipper(local)
	tp := sdktrace.NewTracerProvider(
		sdktrace.WithSampler(sdktrace.AlwaysSample()),
		sdktrace.WithSpanProcessor(redactproc.New(local, redact.Default())),
	)
	defer func() {
		if err := tp.Shutdown(context.Background()); err != nil {
			b.Error(err)
		}
	}()
	rec := otelaudit.NewRecorder(tp, otelaudit.WithAgent(benchdata.AgentName, "1.0.0"))
	in := decisionInputs()
	var bytes int64
	for _, d := range in {
		bytes += int64(len(d.input) + len(d.reasoning) + len(d.output) + len(d.outMessages))
	}
	b.SetBytes(bytes / int64(len(in)))
	b.ReportAllocs()
	ctx := context.Background()
	i := 0
	record := func() {
		d := &in[i%len(in)]
		i++
		dctx, dec := rec.StartDecision(ctx, d.input, otelaudit.WithSession(d.session), otelaudit.WithUser(d.user))
		dec.Reason(d.reasoning)
		_, call := dec.StartModelCall(dctx, d.model, otelaudit.WithModelProvider(d.provider))
		call.End(otelaudit.ModelResult{ResponseModel: d.responseModel, InputTokens: d.inTokens, OutputTokens: d.outTokens, OutputMessages: d.outMessages}, nil)
		dec.SetOutput(d.output)
		dec.End(nil)
		if i%(shipEvery/2) == 0 { // two spans per decision
			if err := ship.shipAll(ctx); err != nil {
				b.Fatal(err)
			}
		}
	}
	// Warm up to the steady state of a long-running process, where the
	// spool writes into acknowledged segment files it reuses: past two
	// default segments (text is less than the spans' bytes, so more).
	for range 2 * spool.MaxDefaultSegmentBytes * int64(len(in)) / bytes {
		record()
	}
	if err := ship.shipAll(ctx); err != nil {
		b.Fatal(err)
	}
	warm := i
	ship.spans = 0
	start := cpuTime()
	for b.Loop() {
		record()
	}
	if err := ship.shipAll(ctx); err != nil {
		b.Fatal(err)
	}
	cpu := cpuTime() - start
	if ship.spans != 2*b.N {
		b.Fatalf("shipped %d spans after %d decisions of warm-up, want %d", ship.spans, warm, 2*b.N)
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "decisions/s")
	if cpu > 0 {
		b.ReportMetric(float64(b.N)/cpu.Seconds(), "decisions/cpu-s")
	}
}
