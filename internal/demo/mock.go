package demo

import (
	"context"
	"fmt"
	"hash/fnv"
	"strings"
	"time"
)

// MockProvider is the gen_ai.provider.name of the mock models.
const MockProvider = "otelaudit.mock"

// MockModel is a deterministic model: the same request always gets the same
// answer, latency, token counts and failures. Latency is real (it sleeps).
type MockModel struct {
	name        string
	baseLatency time.Duration
	jitter      time.Duration
	errorPct    uint32
}

// NewMockModelA returns "mock-a": fast, terse, fails about 2% of calls.
func NewMockModelA() *MockModel {
	return &MockModel{name: "mock-a", baseLatency: 4 * time.Millisecond, jitter: 12 * time.Millisecond, errorPct: 2}
}

// NewMockModelB returns "mock-b": slower, more verbose, fails about 4% of calls.
func NewMockModelB() *MockModel {
	return &MockModel{name: "mock-b", baseLatency: 10 * time.Millisecond, jitter: 30 * time.Millisecond, errorPct: 4}
}

// Name implements Model.
func (m *MockModel) Name() string { return m.name }

// Provider implements Model.
func (m *MockModel) Provider() string { return MockProvider }

// Complete implements Model.
func (m *MockModel) Complete(ctx context.Context, req Request) (Response, error) {
	h := hash32(m.name, req.System, req.User, req.ToolResult)
	delay := m.baseLatency + time.Duration(h%1000)*m.jitter/1000
	select {
	case <-time.After(delay):
	case <-ctx.Done():
		return Response{}, fmt.Errorf("%s: %w", m.name, ctx.Err())
	}
	if mix(hash32("error", m.name, req.User, req.ToolResult))%100 < m.errorPct {
		return Response{}, &ErrorTyped{Type: "rate_limited", Msg: m.name + ": 429 rate limit exceeded, retry later"}
	}
	resp := Response{
		ID:           fmt.Sprintf("%s-%08x", m.name, h),
		Model:        m.name + "-2026-11",
		FinishReason: "stop",
		InputTokens:  tokens(req.System) + tokens(req.User) + tokens(req.ToolResult),
	}
	if req.ToolResult == "" {
		resp.ToolName, resp.ToolArguments = chooseTool(req.User)
		resp.FinishReason = "tool_calls"
		resp.Text = ""
		resp.OutputTokens = tokens(resp.ToolArguments) + 5
		return resp, nil
	}
	resp.Text = m.answer(req)
	resp.OutputTokens = tokens(resp.Text)
	return resp, nil
}

// answer words the final reply from the tool's result.
func (m *MockModel) answer(req Request) string {
	var text string
	switch {
	case strings.Contains(req.ToolResult, `"refund_id"`):
		text = "Your refund has been issued; it shows on your statement within 5 business days."
	case strings.Contains(req.ToolResult, `"status"`):
		text = "Your order is on its way: " + req.ToolResult + "."
	default:
		text = "Here is what I found in our help center: " + req.ToolResult + "."
	}
	if m.name == "mock-b" {
		text += " Is there anything else I can help you with today? I am happy to look into other orders as well."
	}
	return text
}

// chooseTool picks the tool a support agent would call for the request.
func chooseTool(user string) (name, args string) {
	order := orderNumber(user)
	switch {
	case strings.Contains(strings.ToLower(user), "refund"):
		return "issue_refund", fmt.Sprintf(`{"order_id":"%s","reason":"customer request"}`, order)
	case order != "":
		return "lookup_order", fmt.Sprintf(`{"order_id":"%s"}`, order)
	default:
		return "search_kb", `{"query":"account help"}`
	}
}

// orderNumber returns the first "#NNNNN"-style order number in text.
func orderNumber(text string) string {
	i := strings.IndexByte(text, '#')
	if i < 0 {
		return ""
	}
	j := i + 1
	for j < len(text) && text[j] >= '0' && text[j] <= '9' {
		j++
	}
	return text[i+1 : j]
}

// tokens estimates a token count the way providers roughly do: 4 bytes each.
func tokens(s string) int { return (len(s) + 3) / 4 }

// mix spreads a hash's bits so that its low digits are evenly distributed.
func mix(h uint32) uint32 {
	h ^= h >> 16
	h *= 0x7feb352d
	h ^= h >> 15
	h *= 0x846ca68b
	h ^= h >> 16
	return h
}

func hash32(parts ...string) uint32 {
	h := fnv.New32a()
	for _, p := range parts {
		_, _ = h.Write([]byte(p))
		_, _ = h.Write([]byte{0})
	}
	return h.Sum32()
}
