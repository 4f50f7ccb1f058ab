package durable

import (
	"errors"

	"github.com/ClickHouse/clickhouse-go/v2"
)

// permanentCodes are the ClickHouse error codes that reject the data of an
// insert itself: sending the same rows again fails the same way. Errors
// about the query, the table, the user or the server are not here: an
// operator can fix those, so they are retried.
var permanentCodes = map[int32]string{
	6:   "CANNOT_PARSE_TEXT",
	26:  "CANNOT_PARSE_QUOTED_STRING",
	27:  "CANNOT_PARSE_INPUT_ASSERTION_FAILED",
	38:  "CANNOT_PARSE_DATE",
	41:  "CANNOT_PARSE_DATETIME",
	53:  "TYPE_MISMATCH",
	69:  "ARGUMENT_OUT_OF_BOUND",
	70:  "CANNOT_CONVERT_TYPE",
	72:  "CANNOT_PARSE_NUMBER",
	117: "INCORRECT_DATA",
	128: "TOO_LARGE_ARRAY_SIZE",
	131: "TOO_LARGE_STRING_SIZE",
	190: "SIZES_OF_ARRAYS_DONT_MATCH",
	246: "CORRUPTED_DATA",
	349: "CANNOT_INSERT_NULL_IN_ORDINARY_COLUMN",
	407: "DECIMAL_OVERFLOW",
	469: "VIOLATED_CONSTRAINT",
}

// IsPermanent reports whether err means the data will never be accepted:
// an undecodable spool record, or a ClickHouse exception (native, or
// inside a *clickhouse.HTTPError) with one of the data error codes.
// Everything else is transient and retried. Truncated-input codes
// (ATTEMPT_TO_READ_AFTER_EOF, CANNOT_READ_ALL_DATA) count as transient: a
// connection cut mid-body causes them too.
func IsPermanent(err error) bool {
	if errors.Is(err, errBadRecord) {
		return true
	}
	var ex *clickhouse.Exception
	if errors.As(err, &ex) {
		_, ok := permanentCodes[ex.Code]
		return ok
	}
	return false
}
