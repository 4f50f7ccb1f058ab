package otelaudit

import (
	"context"
	"testing"

	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
)

func TestDecisionSamplerNeverDropsADecision(t *testing.T) {
	spans := tracetest.NewSpanRecorder()
	tp := sdktrace.NewTracerProvider(
		sdktrace.WithSampler(DecisionSampler(sdktrace.NeverSample())),
		sdktrace.WithSpanProcessor(spans))
	defer func() { _ = tp.Shutdown(context.Background()) }()

	// An unsampled request span around the decision, as an HTTP server
	// sampling at 0% would make.
	ctx, request := tp.Tracer("app").Start(context.Background(), "GET /chat")
	rec := NewRecorder(tp, WithAgent("a", "1"))
	for range 100 {
		dctx, d := rec.StartDecision(ctx, "x")
		_, mc := d.StartModelCall(dctx, "m")
		mc.End(ModelResult{}, nil)
		d.End(nil)
	}
	request.End()

	var decisions, calls, other int
	for _, s := range spans.Ended() {
		switch s.Name() {
		case "invoke_agent a":
			decisions++
		case "chat m":
			calls++
		default:
			other++
		}
	}
	if decisions != 100 || calls != 100 || other != 0 {
		t.Errorf("recorded %d decisions, %d model calls, %d other spans; want 100, 100, 0", decisions, calls, other)
	}
}
