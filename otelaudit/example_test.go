package otelaudit_test

import (
	"context"
	"fmt"

	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	"github.com/otelaudit/otelaudit/otelaudit"
	"github.com/otelaudit/otelaudit/semconv"
)

// Example records one decision with a model call and a tool call on any
// TracerProvider, here one that keeps ended spans in memory.
func Example() {
	spans := tracetest.NewSpanRecorder()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(spans))
	rec := otelaudit.NewRecorder(tp,
		otelaudit.WithAgent("refund-agent", "2.1.0"),
		otelaudit.WithProvider(semconv.ProviderOpenAI))

	ctx, d := rec.StartDecision(context.Background(), "Refund order 1234, it arrived broken.",
		otelaudit.WithSession("session-42"), otelaudit.WithUser("user-7"))
	d.Reason("order 1234 is eligible: delivered 3 days ago, damaged on arrival")

	mctx, call := d.StartModelCall(ctx, "gpt-4o-mini")
	_, tool := d.StartToolCall(mctx, "issue_refund", `{"order":1234}`)
	tool.End(`{"refund_id":"rf_1"}`, nil)
	call.End(otelaudit.ModelResult{ResponseModel: "gpt-4o-mini-2024-07-18",
		FinishReasons: []string{"tool_calls"}, InputTokens: 412, OutputTokens: 38}, nil)

	d.SetOutput("Refund rf_1 issued for order 1234.")
	d.End(nil)
	_ = tp.Shutdown(ctx)

	for _, s := range spans.Ended() {
		fmt.Println(s.Name())
	}
	decision := spans.Ended()[2]
	for _, kv := range decision.Attributes() {
		switch kv.Key {
		case semconv.GenAIConversationIDKey, semconv.UserIDKey, semconv.AuditDecisionOutcomeKey,
			semconv.GenAIUsageInputTokensKey, semconv.GenAIResponseModelKey:
			fmt.Printf("  %s = %s\n", kv.Key, kv.Value.Emit())
		}
	}
	// Output:
	// execute_tool issue_refund
	// chat gpt-4o-mini
	// invoke_agent refund-agent
	//   gen_ai.conversation.id = session-42
	//   user.id = user-7
	//   audit.decision.outcome = success
	//   gen_ai.usage.input_tokens = 412
	//   gen_ai.response.model = gpt-4o-mini-2024-07-18
}

// ExampleDecision_End shows a decision that fails: the span gets an Error
// status, error.type and the outcome "error".
func ExampleDecision_End() {
	spans := tracetest.NewSpanRecorder()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(spans))
	rec := otelaudit.NewRecorder(tp, otelaudit.WithAgent("refund-agent", "2.1.0"))

	_, d := rec.StartDecision(context.Background(), "Refund order 99")
	d.End(fmt.Errorf("look up order 99: %w", context.DeadlineExceeded))

	s := spans.Ended()[0]
	fmt.Println(s.Status().Code, s.Status().Description)
	for _, kv := range s.Attributes() {
		if kv.Key == semconv.ErrorTypeKey || kv.Key == semconv.AuditDecisionOutcomeKey {
			fmt.Printf("%s = %s\n", kv.Key, kv.Value.Emit())
		}
	}
	// Output:
	// Error look up order 99: context deadline exceeded
	// audit.decision.outcome = error
	// error.type = timeout
}
