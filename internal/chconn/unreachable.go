package chconn

import (
	"errors"
	"fmt"
	"net"
	"strings"
)

// UnreachableError says that a ClickHouse server did not answer a ping.
type UnreachableError struct {
	// Endpoint is the endpoint, its password masked.
	Endpoint string
	// Err is the cause reported by clickhouse-go.
	Err error
}

// Error says, on one line, which endpoint failed, why, and what to do.
func (e *UnreachableError) Error() string {
	cause := e.Err
	// clickhouse-go wraps a refused dial in several layers (and, over HTTP,
	// the request URL); the network error alone says what happened.
	var opErr *net.OpError
	if errors.As(cause, &opErr) {
		cause = opErr
	}
	return fmt.Sprintf("cannot reach ClickHouse at %s: %s; start one with \"otelaudit serve\" or set the endpoint of a running server",
		e.Endpoint, oneLine(cause.Error()))
}

// Unwrap returns the cause.
func (e *UnreachableError) Unwrap() error { return e.Err }

// oneLine folds a multi-line message onto one line.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }
