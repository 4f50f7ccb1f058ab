package chhttp

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"

	"github.com/otelaudit/otelaudit/internal/chdb"
)

// ClickHouse error codes this package produces itself.
const (
	codeSyntaxError          = 62
	codeUnknownSetting       = 115
	codeReadonly             = 164
	codeBadArguments         = 36
	codeUnknownException     = 1002
	codeAuthenticationFailed = 516
	codeNotImplemented       = 48
)

// newCHError builds an error in ClickHouse's text form,
// "Code: N. DB::Exception: message. (NAME)".
func newCHError(code int, name, message string) *chdb.Error {
	return &chdb.Error{Code: code, Message: fmt.Sprintf("Code: %d. DB::Exception: %s. (%s)", code, message, name)}
}

// statusForCode maps a ClickHouse error code to the HTTP status ClickHouse's
// HTTP handler uses for it.
func statusForCode(code int) int {
	switch code {
	case 194: // REQUIRED_PASSWORD
		return http.StatusUnauthorized
	case 192, 193, 195, 516: // UNKNOWN_USER, WRONG_PASSWORD, IP_ADDRESS_NOT_ALLOWED, AUTHENTICATION_FAILED
		return http.StatusForbidden
	case 6, 25, 26, 27, 32, 38, 41, 62, 70, 72, // CANNOT_PARSE_*, ATTEMPT_TO_READ_AFTER_EOF, SYNTAX_ERROR, CANNOT_CONVERT_TYPE
		35, 36, 42, 43, 44, 49, 53, 117, 167, 168, 349: // bad query structure, BAD_ARGUMENTS, NUMBER_OF_ARGUMENTS, ILLEGAL_TYPE, ILLEGAL_COLUMN, TYPE_MISMATCH, INCORRECT_DATA, TOO_DEEP/BIG_AST, CANNOT_INSERT_NULL
		return http.StatusBadRequest
	case 16, 46, 47, 50, 56, 60, 63, 73, 81, 115: // NO_SUCH_COLUMN, UNKNOWN_FUNCTION/IDENTIFIER/TYPE/STORAGE/TABLE/AGGREGATE/FORMAT/DATABASE/SETTING
		return http.StatusNotFound
	case codeReadonly:
		return http.StatusMethodNotAllowed
	case 159, 160: // TIMEOUT_EXCEEDED, TOO_SLOW
		return http.StatusRequestTimeout
	case codeNotImplemented:
		return http.StatusNotImplemented
	}
	return http.StatusInternalServerError
}

// writeError answers with ClickHouse's error conventions: an HTTP status,
// the X-ClickHouse-Exception-Code header and the exception text as body.
func writeError(w http.ResponseWriter, err error) {
	var ce *chdb.Error
	if !errors.As(err, &ce) || ce.Code == 0 {
		ce = newCHError(codeUnknownException, "UNKNOWN_EXCEPTION", err.Error())
	}
	h := w.Header()
	h.Set("Content-Type", "text/plain; charset=UTF-8")
	h.Set("X-ClickHouse-Exception-Code", strconv.Itoa(ce.Code))
	h.Del("Content-Encoding")
	w.WriteHeader(statusForCode(ce.Code))
	_, _ = w.Write([]byte(ce.Message + "\n"))
}
