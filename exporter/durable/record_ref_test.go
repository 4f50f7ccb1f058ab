package durable

import (
	"fmt"

	sdktrace "go.opentelemetry.io/otel/sdk/trace"
)

// The reference encoding the tests check encodeSpanFrame against: a new,
// exactly sized buffer per span, without the envelope cache.

// encodeSpan returns the spool record of an ended span: the format byte
// and the span as an OTLP TracesData protobuf, encoded straight from the
// SDK span (see otlpwire.go) into one exactly sized buffer.
func encodeSpan(s sdktrace.ReadOnlySpan) ([]byte, error) {
	n := tracesDataLen(s)
	buf := make([]byte, 1, 1+n)
	buf[0] = recordFormatOTLP
	buf = appendTracesData(buf, s)
	if len(buf) != 1+n {
		return nil, fmt.Errorf("durable: encode span %s: %d bytes written, %d computed", s.SpanContext().SpanID(), len(buf)-1, n)
	}
	return buf, nil
}

// appendTracesData appends the TracesData protobuf of one span.
func appendTracesData(b []byte, s sdktrace.ReadOnlySpan) []byte {
	return newEnvelope(s.Resource(), s.InstrumentationScope()).appendTracesData(b, s, spanLen(s))
}

// tracesDataLen is the size of appendTracesData's output.
func tracesDataLen(s sdktrace.ReadOnlySpan) int {
	return newEnvelope(s.Resource(), s.InstrumentationScope()).tracesDataLen(spanLen(s))
}
