package demo

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/otelaudit/otelaudit/semconv"
)

// OpenAIModel is a model behind an OpenAI-compatible chat completions API.
type OpenAIModel struct {
	baseURL string
	apiKey  string
	model   string
	client  *http.Client
}

// NewOpenAIModel returns a model served at baseURL (e.g. "https://host/v1")
// authenticated with apiKey.
func NewOpenAIModel(baseURL, apiKey, model string) *OpenAIModel {
	return &OpenAIModel{
		baseURL: strings.TrimRight(baseURL, "/"),
		apiKey:  apiKey,
		model:   model,
		client:  &http.Client{Timeout: 60 * time.Second},
	}
}

// Name implements Model.
func (m *OpenAIModel) Name() string { return m.model }

// Provider implements Model.
func (m *OpenAIModel) Provider() string { return semconv.ProviderOpenAI }

type chatRequest struct {
	Model       string        `json:"model"`
	Messages    []chatMessage `json:"messages"`
	MaxTokens   int           `json:"max_tokens"`
	Temperature float64       `json:"temperature"`
	Tools       []chatTool    `json:"tools,omitempty"`
}

type chatMessage struct {
	Role    string `json:"role"`
	Content string `json:"content"`
}

type chatTool struct {
	Type     string       `json:"type"`
	Function chatFunction `json:"function"`
}

type chatFunction struct {
	Name        string          `json:"name"`
	Description string          `json:"description"`
	Parameters  json.RawMessage `json:"parameters"`
}

type chatResponse struct {
	ID      string `json:"id"`
	Model   string `json:"model"`
	Choices []struct {
		FinishReason string `json:"finish_reason"`
		Message      struct {
			Content   string `json:"content"`
			ToolCalls []struct {
				Function struct {
					Name      string `json:"name"`
					Arguments string `json:"arguments"`
				} `json:"function"`
			} `json:"tool_calls"`
		} `json:"message"`
	} `json:"choices"`
	Usage struct {
		PromptTokens     int `json:"prompt_tokens"`
		CompletionTokens int `json:"completion_tokens"`
	} `json:"usage"`
}

var agentTools = []chatTool{
	{Type: "function", Function: chatFunction{Name: "lookup_order", Description: "Look up an order's status",
		Parameters: json.RawMessage(`{"type":"object","properties":{"order_id":{"type":"string"}},"required":["order_id"]}`)}},
	{Type: "function", Function: chatFunction{Name: "issue_refund", Description: "Refund an order",
		Parameters: json.RawMessage(`{"type":"object","properties":{"order_id":{"type":"string"}},"required":["order_id"]}`)}},
	{Type: "function", Function: chatFunction{Name: "search_kb", Description: "Search the help center",
		Parameters: json.RawMessage(`{"type":"object","properties":{"query":{"type":"string"}},"required":["query"]}`)}},
}

// Complete implements Model.
func (m *OpenAIModel) Complete(ctx context.Context, req Request) (Response, error) {
	body := chatRequest{Model: m.model, MaxTokens: 512, Temperature: 0.2, Messages: []chatMessage{
		{Role: "system", Content: req.System}, {Role: "user", Content: req.User}}}
	if req.ToolResult == "" {
		body.Tools = agentTools
	} else {
		body.Messages = append(body.Messages, chatMessage{Role: "user", Content: "Tool result: " + req.ToolResult})
	}
	payload, err := json.Marshal(body)
	if err != nil {
		return Response{}, fmt.Errorf("encode chat request: %w", err)
	}
	httpReq, err := http.NewRequestWithContext(ctx, http.MethodPost, m.baseURL+"/chat/completions", bytes.NewReader(payload))
	if err != nil {
		return Response{}, fmt.Errorf("chat request: %w", err)
	}
	httpReq.Header.Set("Content-Type", "application/json")
	httpReq.Header.Set("Authorization", "Bearer "+m.apiKey)
	httpResp, err := m.client.Do(httpReq)
	if err != nil {
		return Response{}, fmt.Errorf("chat request to %s: %w", m.baseURL, err)
	}
	defer httpResp.Body.Close()
	raw, err := io.ReadAll(io.LimitReader(httpResp.Body, 4<<20))
	if err != nil {
		return Response{}, fmt.Errorf("read chat response: %w", err)
	}
	if httpResp.StatusCode != http.StatusOK {
		kind := "http_" + fmt.Sprint(httpResp.StatusCode)
		if httpResp.StatusCode == http.StatusTooManyRequests {
			kind = "rate_limited"
		}
		return Response{}, &ErrorTyped{Type: kind, Msg: fmt.Sprintf("chat completions: HTTP %d", httpResp.StatusCode)}
	}
	var cr chatResponse
	if err := json.Unmarshal(raw, &cr); err != nil {
		return Response{}, fmt.Errorf("decode chat response: %w", err)
	}
	if len(cr.Choices) == 0 {
		return Response{}, fmt.Errorf("chat completions: no choices in the response")
	}
	c := cr.Choices[0]
	resp := Response{ID: cr.ID, Model: cr.Model, Text: c.Message.Content, FinishReason: c.FinishReason,
		InputTokens: cr.Usage.PromptTokens, OutputTokens: cr.Usage.CompletionTokens}
	if len(c.Message.ToolCalls) > 0 {
		resp.ToolName = c.Message.ToolCalls[0].Function.Name
		resp.ToolArguments = c.Message.ToolCalls[0].Function.Arguments
	}
	return resp, nil
}
