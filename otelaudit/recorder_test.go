package otelaudit

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"go.opentelemetry.io/otel/trace"

	"github.com/otelaudit/otelaudit/semconv"
)

// newTestRecorder returns a Recorder on an SDK provider whose ended spans
// land in the returned SpanRecorder.
func newTestRecorder(t *testing.T, opts ...RecorderOption) (*Recorder, *tracetest.SpanRecorder) {
	t.Helper()
	spans := tracetest.NewSpanRecorder()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(spans))
	t.Cleanup(func() { _ = tp.Shutdown(context.Background()) })
	return NewRecorder(tp, opts...), spans
}

func attrMap(span sdktrace.ReadOnlySpan) map[attribute.Key]attribute.Value {
	m := map[attribute.Key]attribute.Value{}
	for _, kv := range span.Attributes() {
		m[kv.Key] = kv.Value
	}
	return m
}

func TestDecisionRecordsEverything(t *testing.T) {
	rec, spans := newTestRecorder(t, WithAgent("support-bot", "1.4.0"), WithAgentID("agent-7"), WithProvider(semconv.ProviderOpenAI))
	ctx, d := rec.StartDecision(context.Background(), "Where is order 1234?",
		WithSession("s-1"), WithUser("u-9"), WithVariant("mock-a"))
	d.Reason("look the order up")
	d.Reason("answer with its status")

	mctx, mc := d.StartModelCall(ctx, "gpt-4o", WithRequestParams(256, 0.2), WithInputMessages(`[{"role":"user"}]`))
	_, tc := d.StartToolCall(mctx, "lookup_order", `{"id":1234}`)
	tc.End(`{"status":"shipped"}`, nil)
	mc.End(ModelResult{ResponseID: "r-1", ResponseModel: "gpt-4o-2024-08-06", FinishReasons: []string{"stop"},
		InputTokens: 120, OutputTokens: 30, CostUSD: 0.0015}, nil)
	_, mc2 := d.StartModelCall(ctx, "gpt-4o")
	mc2.End(ModelResult{InputTokens: 10, OutputTokens: 5, CostUSD: 0.0005}, nil)
	d.SetOutput("Order 1234 has shipped.")
	d.End(nil)

	ended := spans.Ended()
	if len(ended) != 4 {
		t.Fatalf("got %d spans, want 4", len(ended))
	}
	tool, model, decision := ended[0], ended[1], ended[3]
	if decision.Name() != "invoke_agent support-bot" || model.Name() != "chat gpt-4o" || tool.Name() != "execute_tool lookup_order" {
		t.Fatalf("span names: %q %q %q", decision.Name(), model.Name(), tool.Name())
	}
	if model.Parent().SpanID() != decision.SpanContext().SpanID() || tool.Parent().SpanID() != model.SpanContext().SpanID() {
		t.Error("spans are not nested decision > model call > tool call")
	}
	if decision.SpanKind() != trace.SpanKindInternal || model.SpanKind() != trace.SpanKindClient {
		t.Errorf("kinds: decision %v, model %v", decision.SpanKind(), model.SpanKind())
	}
	if decision.Status().Code != codes.Ok {
		t.Errorf("decision status %v, want Ok", decision.Status())
	}

	want := map[attribute.Key]attribute.Value{
		semconv.GenAIOperationNameKey:     attribute.StringValue("invoke_agent"),
		semconv.GenAIAgentNameKey:         attribute.StringValue("support-bot"),
		semconv.GenAIAgentVersionKey:      attribute.StringValue("1.4.0"),
		semconv.GenAIAgentIDKey:           attribute.StringValue("agent-7"),
		semconv.GenAIConversationIDKey:    attribute.StringValue("s-1"),
		semconv.UserIDKey:                 attribute.StringValue("u-9"),
		semconv.AuditVariantKey:           attribute.StringValue("mock-a"),
		semconv.AuditDecisionIDKey:        attribute.StringValue(d.ID()),
		semconv.AuditDecisionInputKey:     attribute.StringValue("Where is order 1234?"),
		semconv.AuditReasoningKey:         attribute.StringValue("look the order up\nanswer with its status"),
		semconv.AuditDecisionOutputKey:    attribute.StringValue("Order 1234 has shipped."),
		semconv.AuditDecisionOutcomeKey:   attribute.StringValue("success"),
		semconv.GenAIProviderNameKey:      attribute.StringValue("openai"),
		semconv.GenAIRequestModelKey:      attribute.StringValue("gpt-4o"),
		semconv.GenAIResponseModelKey:     attribute.StringValue("gpt-4o-2024-08-06"),
		semconv.GenAIUsageInputTokensKey:  attribute.Int64Value(130),
		semconv.GenAIUsageOutputTokensKey: attribute.Int64Value(35),
		semconv.AuditCostUSDKey:           attribute.Float64Value(0.002),
	}
	checkAttrs(t, "decision", attrMap(decision), want)
	checkAttrs(t, "model call", attrMap(model), map[attribute.Key]attribute.Value{
		semconv.GenAIOperationNameKey:         attribute.StringValue("chat"),
		semconv.GenAIProviderNameKey:          attribute.StringValue("openai"),
		semconv.GenAIRequestModelKey:          attribute.StringValue("gpt-4o"),
		semconv.GenAIRequestMaxTokensKey:      attribute.Int64Value(256),
		semconv.GenAIRequestTemperatureKey:    attribute.Float64Value(0.2),
		semconv.GenAIInputMessagesKey:         attribute.StringValue(`[{"role":"user"}]`),
		semconv.GenAIResponseIDKey:            attribute.StringValue("r-1"),
		semconv.GenAIResponseModelKey:         attribute.StringValue("gpt-4o-2024-08-06"),
		semconv.GenAIResponseFinishReasonsKey: attribute.StringSliceValue([]string{"stop"}),
		semconv.GenAIUsageInputTokensKey:      attribute.Int64Value(120),
		semconv.GenAIUsageOutputTokensKey:     attribute.Int64Value(30),
	})
	checkAttrs(t, "tool call", attrMap(tool), map[attribute.Key]attribute.Value{
		semconv.GenAIOperationNameKey:     attribute.StringValue("execute_tool"),
		semconv.GenAIToolNameKey:          attribute.StringValue("lookup_order"),
		semconv.GenAIToolCallArgumentsKey: attribute.StringValue(`{"id":1234}`),
		semconv.GenAIToolCallResultKey:    attribute.StringValue(`{"status":"shipped"}`),
	})
}

func checkAttrs(t *testing.T, what string, got, want map[attribute.Key]attribute.Value) {
	t.Helper()
	for k, v := range want {
		g, ok := got[k]
		if !ok {
			t.Errorf("%s: missing %s", what, k)
			continue
		}
		if g.Type() == attribute.FLOAT64 && v.Type() == attribute.FLOAT64 {
			if diff := g.AsFloat64() - v.AsFloat64(); diff > 1e-12 || diff < -1e-12 {
				t.Errorf("%s: %s = %v, want %v", what, k, g.Emit(), v.Emit())
			}
			continue
		}
		if g != v {
			t.Errorf("%s: %s = %v, want %v", what, k, g.Emit(), v.Emit())
		}
	}
}

type rateLimited struct{}

func (rateLimited) Error() string     { return "429 too many requests" }
func (rateLimited) ErrorType() string { return "rate_limited" }

func TestDecisionEndWithError(t *testing.T) {
	tests := []struct {
		name        string
		err         error
		outcome     string
		wantType    string
		wantOutcome string
	}{
		{"typed error", fmt.Errorf("call model: %w", rateLimited{}), "", "rate_limited", "error"},
		{"deadline", fmt.Errorf("call model: %w", context.DeadlineExceeded), "", "timeout", "error"},
		{"plain error", errors.New("boom"), "", "_OTHER", "error"},
		{"escalated", errors.New("policy"), semconv.OutcomeEscalated, "_OTHER", "escalated"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec, spans := newTestRecorder(t, WithAgent("a", "1"))
			_, d := rec.StartDecision(context.Background(), "in")
			if tt.outcome != "" {
				d.SetOutcome(tt.outcome)
			}
			d.End(tt.err)
			d.End(nil) // a second End does nothing
			ended := spans.Ended()
			if len(ended) != 1 {
				t.Fatalf("got %d spans, want 1", len(ended))
			}
			s := ended[0]
			if s.Status().Code != codes.Error || s.Status().Description != tt.err.Error() {
				t.Errorf("status = %+v", s.Status())
			}
			got := attrMap(s)
			if got[semconv.ErrorTypeKey].AsString() != tt.wantType {
				t.Errorf("error.type = %q, want %q", got[semconv.ErrorTypeKey].AsString(), tt.wantType)
			}
			if got[semconv.AuditDecisionOutcomeKey].AsString() != tt.wantOutcome {
				t.Errorf("outcome = %q, want %q", got[semconv.AuditDecisionOutcomeKey].AsString(), tt.wantOutcome)
			}
			if len(s.Events()) != 1 || s.Events()[0].Name != "exception" {
				t.Errorf("events = %v, want one exception event", s.Events())
			}
		})
	}
}

func TestDecisionIDsAreUniqueAndOverridable(t *testing.T) {
	rec, _ := newTestRecorder(t)
	_, a := rec.StartDecision(context.Background(), "x")
	_, b := rec.StartDecision(context.Background(), "y")
	_, c := rec.StartDecision(context.Background(), "z", WithDecisionID("fixed"))
	if a.ID() == b.ID() || len(a.ID()) != 36 {
		t.Errorf("ids %q and %q", a.ID(), b.ID())
	}
	if c.ID() != "fixed" {
		t.Errorf("WithDecisionID: got %q", c.ID())
	}
}

func TestStartTime(t *testing.T) {
	rec, spans := newTestRecorder(t)
	start := time.Date(2026, 1, 2, 3, 4, 5, 6, time.UTC)
	_, d := rec.StartDecision(context.Background(), "x", WithStartTime(start))
	d.End(nil)
	if got := spans.Ended()[0].StartTime(); !got.Equal(start) {
		t.Errorf("start = %v, want %v", got, start)
	}
}

func TestConcurrentModelCallsAddUp(t *testing.T) {
	rec, spans := newTestRecorder(t)
	ctx, d := rec.StartDecision(context.Background(), "x")
	var wg sync.WaitGroup
	for range 50 {
		wg.Go(func() {
			_, mc := d.StartModelCall(ctx, "m")
			mc.End(ModelResult{InputTokens: 2, OutputTokens: 1}, nil)
		})
	}
	wg.Wait()
	d.End(nil)
	ended := spans.Ended()
	got := attrMap(ended[len(ended)-1])
	if got[semconv.GenAIUsageInputTokensKey].AsInt64() != 100 || got[semconv.GenAIUsageOutputTokensKey].AsInt64() != 50 {
		t.Errorf("tokens = %d/%d, want 100/50", got[semconv.GenAIUsageInputTokensKey].AsInt64(), got[semconv.GenAIUsageOutputTokensKey].AsInt64())
	}
}
