package demo

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/otelaudit/otelaudit/otelaudit"
	"github.com/otelaudit/otelaudit/semconv"
)

const systemPrompt = "You are a customer support agent for an online shop. Use the tools to look up orders, " +
	"issue refunds and search the help center. Refunds of 100 USD or more need a human."

// Agent is the sample support agent.
type Agent struct {
	rec    *otelaudit.Recorder
	prices PriceTable
}

// NewAgent returns an agent that records its decisions with rec and prices
// model calls with prices.
func NewAgent(rec *otelaudit.Recorder, prices PriceTable) *Agent {
	return &Agent{rec: rec, prices: prices}
}

// Decide handles one customer request with model as one recorded decision.
// It returns the decision's error, which is also recorded on its span.
func (a *Agent) Decide(ctx context.Context, model Model, session, user, input string) error {
	ctx, d := a.rec.StartDecision(ctx, input,
		otelaudit.WithSession(session), otelaudit.WithUser(user), otelaudit.WithVariant(model.Name()))
	err := a.decide(ctx, d, model, input)
	d.End(err)
	return err
}

func (a *Agent) decide(ctx context.Context, d *otelaudit.Decision, model Model, input string) error {
	d.Reason("classify the request and pick a tool")
	req := Request{System: systemPrompt, User: input}
	resp, err := a.callModel(ctx, d, model, req)
	if err != nil {
		return fmt.Errorf("first model turn: %w", err)
	}
	if resp.ToolName == "" {
		d.Reason("the model answered without a tool")
		d.SetOutput(resp.Text)
		return nil
	}
	d.Reason(fmt.Sprintf("call %s with %s", resp.ToolName, resp.ToolArguments))
	result, err := a.callTool(ctx, d, resp.ToolName, resp.ToolArguments)
	if err != nil {
		d.Reason("the tool failed: hand over to a human")
		d.SetOutcome(semconv.OutcomeEscalated)
		d.SetOutput("I could not find that order; a colleague will get back to you.")
		return nil
	}
	if strings.Contains(result, `"amount_usd":1`) && strings.Contains(result, `"refund_id"`) {
		d.Reason("refund of 100 USD or more: a human must approve it")
		d.SetOutcome(semconv.OutcomeEscalated)
		d.SetOutput("Your refund is prepared and waits for a colleague's approval; you will hear from us within a day.")
		return nil
	}
	req.ToolResult = result
	resp, err = a.callModel(ctx, d, model, req)
	if err != nil {
		return fmt.Errorf("second model turn: %w", err)
	}
	d.SetOutput(resp.Text)
	return nil
}

// callModel records one model call as a child span of the decision.
func (a *Agent) callModel(ctx context.Context, d *otelaudit.Decision, model Model, req Request) (Response, error) {
	_, call := d.StartModelCall(ctx, model.Name(),
		otelaudit.WithModelProvider(model.Provider()),
		otelaudit.WithRequestParams(512, 0.2),
		otelaudit.WithSystemInstructions(textParts(req.System)),
		otelaudit.WithInputMessages(inputMessages(req)))
	resp, err := model.Complete(ctx, req)
	res := otelaudit.ModelResult{
		ResponseID:    resp.ID,
		ResponseModel: resp.Model,
		InputTokens:   resp.InputTokens,
		OutputTokens:  resp.OutputTokens,
		CostUSD:       a.prices.Cost(model.Name(), resp.InputTokens, resp.OutputTokens),
	}
	if err == nil {
		res.FinishReasons = []string{resp.FinishReason}
		res.OutputMessages = outputMessages(resp)
	}
	call.End(res, err)
	return resp, err
}

// callTool records one tool execution as a child span of the decision.
func (a *Agent) callTool(ctx context.Context, d *otelaudit.Decision, name, args string) (string, error) {
	ctx, call := d.StartToolCall(ctx, name, args)
	result, err := runTool(ctx, name, args)
	call.End(result, err)
	return result, err
}

// message is a GenAI semantic-conventions chat message.
type message struct {
	Role         string `json:"role"`
	Parts        []part `json:"parts"`
	FinishReason string `json:"finish_reason,omitempty"`
}

type part struct {
	Type      string `json:"type"`
	Content   string `json:"content,omitempty"`
	Name      string `json:"name,omitempty"`
	Arguments string `json:"arguments,omitempty"`
	Response  string `json:"response,omitempty"`
}

func textParts(text string) string {
	return mustJSON([]part{{Type: "text", Content: text}})
}

func inputMessages(req Request) string {
	msgs := []message{{Role: "user", Parts: []part{{Type: "text", Content: req.User}}}}
	if req.ToolResult != "" {
		msgs = append(msgs, message{Role: "tool", Parts: []part{{Type: "tool_call_response", Response: req.ToolResult}}})
	}
	return mustJSON(msgs)
}

func outputMessages(resp Response) string {
	p := part{Type: "text", Content: resp.Text}
	if resp.ToolName != "" {
		p = part{Type: "tool_call", Name: resp.ToolName, Arguments: resp.ToolArguments}
	}
	return mustJSON([]message{{Role: "assistant", Parts: []part{p}, FinishReason: resp.FinishReason}})
}

// mustJSON encodes v, which is always one of this file's plain structs.
func mustJSON(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(fmt.Sprintf("encode GenAI messages: %v", err))
	}
	return string(b)
}
