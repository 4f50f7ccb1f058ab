package chdb

import (
	"regexp"
	"strconv"
	"strings"
)

// Error is an error reported by the ClickHouse engine inside chDB.
type Error struct {
	// Code is ClickHouse's error code (e.g. 62 for a syntax error), or 0
	// when the message carries none.
	Code int
	// Message is the full text chDB returned, e.g.
	// "Code: 62. DB::Exception: Syntax error: ...".
	Message string
}

// Error returns the full text reported by ClickHouse.
func (e *Error) Error() string { return e.Message }

// codePattern matches ClickHouse's "Code: N." error prefix.
var codePattern = regexp.MustCompile(`Code: (\d+)\.`)

// newError builds an *Error from a chDB error message.
func newError(msg string) *Error {
	msg = strings.TrimSpace(msg)
	e := &Error{Message: msg}
	if m := codePattern.FindStringSubmatch(msg); m != nil {
		if n, err := strconv.Atoi(m[1]); err == nil {
			e.Code = n
		}
	}
	return e
}
