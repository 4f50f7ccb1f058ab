package chdb

import "testing"

func TestNewError(t *testing.T) {
	tests := []struct {
		name string
		msg  string
		code int
	}{
		{"syntax", "Code: 62. DB::Exception: Syntax error: failed at position 1. (SYNTAX_ERROR)\n", 62},
		{"unknown table", "Code: 60. DB::Exception: Unknown table expression identifier 'nope'. (UNKNOWN_TABLE)", 60},
		{"prefixed", "Received exception: Code: 76. DB::Exception: Cannot lock file", 76},
		{"no code", "something went wrong", 0},
		{"empty", "", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newError(tt.msg)
			if e.Code != tt.code {
				t.Errorf("Code = %d, want %d", e.Code, tt.code)
			}
			if e.Error() != e.Message {
				t.Errorf("Error() = %q, want the message %q", e.Error(), e.Message)
			}
		})
	}
}
