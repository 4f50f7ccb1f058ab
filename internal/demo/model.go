// Package demo is the sample agent behind "otelaudit demo": a customer
// support agent that answers requests with a model, calls tools, and records
// every decision through the otelaudit API.
package demo

import "context"

// Model answers one turn of a conversation.
type Model interface {
	// Name is the model name recorded as gen_ai.request.model.
	Name() string
	// Provider is the gen_ai.provider.name of the service behind the model.
	Provider() string
	// Complete answers req.
	Complete(ctx context.Context, req Request) (Response, error)
}

// Request is one turn sent to a model.
type Request struct {
	// System is the system prompt.
	System string
	// User is the customer's request.
	User string
	// ToolResult is the result of the tool the model asked for in the
	// previous turn, empty on the first turn.
	ToolResult string
}

// Response is a model's answer.
type Response struct {
	ID            string
	Model         string
	Text          string
	FinishReason  string
	InputTokens   int
	OutputTokens  int
	ToolName      string // set when the model asks for a tool
	ToolArguments string // the tool's JSON arguments
}

// ErrorTyped is a model error that knows its error.type.
type ErrorTyped struct {
	Type string
	Msg  string
}

func (e *ErrorTyped) Error() string { return e.Msg }

// ErrorType returns the low-cardinality error class, e.g. "rate_limited".
func (e *ErrorTyped) ErrorType() string { return e.Type }
