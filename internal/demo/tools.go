package demo

import (
	"context"
	"encoding/json"
	"fmt"
	"time"
)

// errOrderNotFound is what the order tools return for an unknown order.
var errOrderNotFound = &ErrorTyped{Type: "order_not_found", Msg: "order not found"}

// runTool executes one of the agent's tools with its JSON arguments.
func runTool(ctx context.Context, name, arguments string) (string, error) {
	var args struct {
		OrderID string `json:"order_id"`
		Query   string `json:"query"`
	}
	if err := json.Unmarshal([]byte(arguments), &args); err != nil {
		return "", fmt.Errorf("tool %s: bad arguments: %w", name, err)
	}
	select {
	case <-time.After(time.Duration(1+hash32(name, arguments)%4) * time.Millisecond):
	case <-ctx.Done():
		return "", ctx.Err()
	}
	switch name {
	case "lookup_order", "issue_refund":
		if args.OrderID == "" || hash32(args.OrderID)%50 == 0 {
			return "", fmt.Errorf("tool %s order %q: %w", name, args.OrderID, errOrderNotFound)
		}
		if name == "issue_refund" {
			return fmt.Sprintf(`{"refund_id":"rf_%s","amount_usd":%d.%02d}`, args.OrderID,
				20+hash32(args.OrderID)%180, hash32("c", args.OrderID)%100), nil
		}
		return fmt.Sprintf(`{"order_id":"%s","status":"shipped","eta":"2026-12-%02d"}`, args.OrderID, 8+hash32(args.OrderID)%14), nil
	case "search_kb":
		return `{"article":"kb-112","title":"Reset your password from the sign-in page"}`, nil
	}
	return "", fmt.Errorf("unknown tool %q", name)
}
