package demo

import (
	"context"
	"strings"
	"testing"

	"go.opentelemetry.io/otel/codes"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	"github.com/otelaudit/otelaudit/otelaudit"
	"github.com/otelaudit/otelaudit/semconv"
)

func TestRunMakesTheDemoWorkload(t *testing.T) {
	spans := tracetest.NewSpanRecorder()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(spans))
	defer func() { _ = tp.Shutdown(context.Background()) }()
	agent := NewAgent(otelaudit.NewRecorder(tp, otelaudit.WithAgent("support-agent", "1.0.0")), DefaultPrices())

	res, err := Run(context.Background(), agent, []Model{NewMockModelA(), NewMockModelB()},
		Config{Decisions: 240, Sessions: 20, Users: 10, RunID: "t1", Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Sessions) != 20 || len(res.Users) != 10 || res.Decisions != 240 {
		t.Fatalf("result %+v", res)
	}
	var decisions, failed, tools, withPII int
	sessions, users, variants := map[string]bool{}, map[string]bool{}, map[string]bool{}
	for _, s := range spans.Ended() {
		attrs := map[string]string{}
		for _, kv := range s.Attributes() {
			attrs[string(kv.Key)] = kv.Value.Emit()
		}
		switch attrs[string(semconv.GenAIOperationNameKey)] {
		case semconv.OperationInvokeAgent:
			decisions++
			if s.Status().Code == codes.Error {
				failed++
			}
			sessions[attrs[string(semconv.GenAIConversationIDKey)]] = true
			users[attrs[string(semconv.UserIDKey)]] = true
			variants[attrs[string(semconv.AuditVariantKey)]] = true
			in := attrs[string(semconv.AuditDecisionInputKey)]
			if strings.Contains(in, "{") || strings.Contains(in, "%!") {
				t.Fatalf("input not filled in: %q", in)
			}
			if strings.Contains(in, "@example.com") || strings.Contains(in, "+44 20") || strings.Contains(in, "4111 1111") {
				withPII++
			}
		case semconv.OperationExecuteTool:
			tools++
		}
	}
	if decisions != 240 || len(sessions) != 20 || len(users) != 10 || len(variants) != 2 {
		t.Errorf("%d decisions, %d sessions, %d users, %d variants", decisions, len(sessions), len(users), len(variants))
	}
	if failed != res.Failed || failed == 0 || failed > 24 {
		t.Errorf("%d failed decisions (run says %d); want a few percent", failed, res.Failed)
	}
	if tools < 150 {
		t.Errorf("only %d tool calls", tools)
	}
	if withPII < 20 {
		t.Errorf("only %d inputs carry personal data", withPII)
	}
}

func TestRunRejectsBadConfig(t *testing.T) {
	_, err := Run(context.Background(), nil, []Model{NewMockModelA()}, Config{Decisions: 5, Sessions: 10, Users: 1})
	if err == nil || !strings.Contains(err.Error(), "decisions >= sessions") {
		t.Errorf("err = %v", err)
	}
}
