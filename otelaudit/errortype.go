package otelaudit

import (
	"context"
	"errors"
	"fmt"
)

// ErrorTyper is implemented by errors that know their low-cardinality
// error.type, e.g. "rate_limited" or "timeout".
type ErrorTyper interface {
	ErrorType() string
}

// errorType returns the error.type of err: what the error says it is, a
// well-known class, or the Go type of the innermost error; "_OTHER" when
// none of these says more than "an error".
func errorType(err error) string {
	var typed ErrorTyper
	switch {
	case errors.As(err, &typed):
		return typed.ErrorType()
	case errors.Is(err, context.DeadlineExceeded):
		return "timeout"
	case errors.Is(err, context.Canceled):
		return "canceled"
	}
	inner := err
	for {
		next := errors.Unwrap(inner)
		if next == nil {
			break
		}
		inner = next
	}
	name := fmt.Sprintf("%T", inner)
	if name == "*errors.errorString" || name == "*fmt.wrapError" || name == "*errors.joinError" {
		return "_OTHER"
	}
	return name
}
