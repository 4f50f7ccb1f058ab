package exportbench

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"

	chcompress "github.com/ClickHouse/ch-go/compress"
	"go.opentelemetry.io/collector/pdata/ptrace"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"

	"github.com/otelaudit/otelaudit/exporter"
	"github.com/otelaudit/otelaudit/internal/benchdata"
	"github.com/otelaudit/otelaudit/otelaudit"
	"github.com/otelaudit/otelaudit/redact"
	"github.com/otelaudit/otelaudit/redact/redactproc"
	"github.com/otelaudit/otelaudit/semconv"
)

// SpoolStage says which spool the SDK path benchmark uses. The durable
// pipeline (exporter/durable) has no processor constructor yet, so the
// benchmark uses a stand-in with the record format its documentation
// describes; replace it with durable's processor once it exists.
const SpoolStage = "stand-in (exporter/durable has no processor yet): one OTLP record per span appended to a file, no fsync"

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

// standInSpool is the stand-in for durable's processor and shipper: OnEnd
// appends the span to the spool file as one record (a format byte and an
// OTLP TracesData protobuf, as durable's records are); every ShipEvery
// spans the "shipper" reads the records back, decodes them into one
// batch, converts it into otel_traces and audit blocks and encodes both
// with LZ4, as the Writer would before sending.
type standInSpool struct {
	file    *os.File
	pending [][]byte // records written and not yet shipped (kept in memory instead of re-reading the file)
	traces  *BlockBatch
	audit   *BlockBatch
	enc     *Encoder
	wire    int
	err     error
}

// shipEvery is the shipper's batch size.
const shipEvery = BatchSpans

func newStandInSpool(dir string) (*standInSpool, error) {
	f, err := os.Create(filepath.Join(dir, "spool.seg"))
	if err != nil {
		return nil, fmt.Errorf("exportbench: create spool: %w", err)
	}
	t, err := NewBlockBatch(TracesColumns)
	if err != nil {
		return nil, err
	}
	a, err := NewBlockBatch(AuditColumns)
	if err != nil {
		return nil, err
	}
	return &standInSpool{file: f, traces: t, audit: a, enc: NewEncoder(chcompress.LZ4)}, nil
}

func (s *standInSpool) OnStart(context.Context, sdktrace.ReadWriteSpan) {}

// OnEnd spools the span.
func (s *standInSpool) OnEnd(span sdktrace.ReadOnlySpan) {
	var m ptrace.ProtoMarshaler
	td := exporter.SpansToTraces([]sdktrace.ReadOnlySpan{span})
	rec := make([]byte, 1, 1+m.TracesSize(td))
	rec[0] = 1
	b, err := m.MarshalTraces(td)
	if err != nil {
		s.err = err
		return
	}
	rec = append(rec, b...)
	if _, err := s.file.Write(rec); err != nil {
		s.err = err
		return
	}
	s.pending = append(s.pending, rec)
	if len(s.pending) >= shipEvery {
		s.ship()
	}
}

// ship decodes the pending records into one batch and encodes it.
func (s *standInSpool) ship() {
	if len(s.pending) == 0 {
		return
	}
	var u ptrace.ProtoUnmarshaler
	batch := ptrace.NewTraces()
	for _, rec := range s.pending {
		td, err := u.UnmarshalTraces(rec[1:])
		if err != nil {
			s.err = err
			return
		}
		td.ResourceSpans().MoveAndAppendTo(batch.ResourceSpans())
	}
	s.pending = s.pending[:0]
	s.traces.Reset()
	s.audit.Reset()
	if err := exporter.AppendTraces(s.traces, batch); err != nil {
		s.err = err
		return
	}
	if err := exporter.AppendDecisions(s.audit, batch); err != nil {
		s.err = err
		return
	}
	for _, bb := range []*BlockBatch{s.traces, s.audit} {
		out, err := s.enc.Encode(bb.Block)
		if err != nil {
			s.err = err
			return
		}
		s.wire += len(out)
	}
}

func (s *standInSpool) Shutdown(context.Context) error   { s.ship(); return s.file.Close() }
func (s *standInSpool) ForceFlush(context.Context) error { s.ship(); return nil }

// BenchSDKPath measures decisions per second through record → redact →
// spool → encode with LZ4. Each iteration records one decision (a decision
// span and a model-call span) through the otelaudit API on an SDK
// TracerProvider whose processor chain is redactproc (redact.Default())
// in front of the spool; the shipper's conversion and LZ4 encoding run in
// the same goroutine every BatchSpans spans, so their cost is in the
// figure.
func BenchSDKPath(b *testing.B) {
	spool, err := newStandInSpool(b.TempDir())
	if err != nil {
		b.Fatal(err)
	}
	tp := sdktrace.NewTracerProvider(
		sdktrace.WithSampler(sdktrace.AlwaysSample()),
		sdktrace.WithSpanProcessor(redactproc.New(spool, redact.Default())),
	)
	defer func() { _ = tp.Shutdown(context.Background()) }()
	rec := otelaudit.NewRecorder(tp, otelaudit.WithAgent(benchdata.AgentName, "1.0.0"))
	in := decisionInputs()
	var bytes int64
	for _, d := range in {
		bytes += int64(len(d.input) + len(d.reasoning) + len(d.output) + len(d.outMessages))
	}
	b.SetBytes(bytes / int64(len(in)))
	b.ReportAllocs()
	ctx := context.Background()
	start := cpuTime()
	i := 0
	for b.Loop() {
		d := &in[i%len(in)]
		i++
		dctx, dec := rec.StartDecision(ctx, d.input, otelaudit.WithSession(d.session), otelaudit.WithUser(d.user))
		dec.Reason(d.reasoning)
		_, call := dec.StartModelCall(dctx, d.model, otelaudit.WithModelProvider(d.provider))
		call.End(otelaudit.ModelResult{ResponseModel: d.responseModel, InputTokens: d.inTokens, OutputTokens: d.outTokens, OutputMessages: d.outMessages}, nil)
		dec.SetOutput(d.output)
		dec.End(nil)
	}
	spool.ship()
	cpu := cpuTime() - start
	if spool.err != nil {
		b.Fatal(spool.err)
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "decisions/s")
	if cpu > 0 {
		b.ReportMetric(float64(b.N)/cpu.Seconds(), "decisions/cpu-s")
	}
}
