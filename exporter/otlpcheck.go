package exporter

import "google.golang.org/protobuf/encoding/protowire"

// AppendOTLP rejects what pdata's decoder rejects (the durable shipper
// then dead-letters the record, as the pdata path would): a field pdata
// knows with another wire type, or a malformed message anywhere in the
// tree, even in fields no row reads (dropped counts, flags, scope
// attributes, entity refs...). The walk checks the fields it reads as it
// reads them, and the others against these descriptions of the OTLP
// messages, which list every field pdata decodes.

// otlpMessage gives the wire type of each field of an OTLP message that
// pdata decodes and, for a message field, its description.
type otlpMessage map[protowire.Number]otlpField

// otlpField is one field of an otlpMessage.
type otlpField struct {
	typ protowire.Type
	msg *otlpMessage // nil unless the field is a message
}

// The OTLP trace messages, as pdata v1 decodes them.
var (
	tracesDataMsg, resourceSpansMsg, resourceMsg, entityRefMsg     otlpMessage
	scopeSpansMsg, scopeMsg, spanMsg, eventMsg, linkMsg, statusMsg otlpMessage
	keyValueMsg, anyValueMsg, arrayValueMsg, keyValueListMsg       otlpMessage
)

// init fills the message descriptions, which refer to each other.
func init() {
	const (
		varint  = protowire.VarintType
		fixed32 = protowire.Fixed32Type
		fixed64 = protowire.Fixed64Type
		bytes   = protowire.BytesType
	)
	str := otlpField{typ: bytes}
	msg := func(m *otlpMessage) otlpField { return otlpField{typ: bytes, msg: m} }
	tracesDataMsg = otlpMessage{1: msg(&resourceSpansMsg)}
	resourceSpansMsg = otlpMessage{1: msg(&resourceMsg), 2: msg(&scopeSpansMsg), 3: str, 1000: msg(&scopeSpansMsg)}
	resourceMsg = otlpMessage{1: msg(&keyValueMsg), 2: {typ: varint}, 3: msg(&entityRefMsg)}
	entityRefMsg = otlpMessage{1: str, 2: str, 3: str, 4: str}
	scopeSpansMsg = otlpMessage{1: msg(&scopeMsg), 2: msg(&spanMsg), 3: str}
	scopeMsg = otlpMessage{1: str, 2: str, 3: msg(&keyValueMsg), 4: {typ: varint}}
	spanMsg = otlpMessage{
		1: str, 2: str, 3: str, 4: str, 5: str, 6: {typ: varint}, 7: {typ: fixed64}, 8: {typ: fixed64},
		9: msg(&keyValueMsg), 10: {typ: varint}, 11: msg(&eventMsg), 12: {typ: varint},
		13: msg(&linkMsg), 14: {typ: varint}, 15: msg(&statusMsg), 16: {typ: fixed32},
	}
	eventMsg = otlpMessage{1: {typ: fixed64}, 2: str, 3: msg(&keyValueMsg), 4: {typ: varint}}
	linkMsg = otlpMessage{1: str, 2: str, 3: str, 4: msg(&keyValueMsg), 5: {typ: varint}, 6: {typ: fixed32}}
	statusMsg = otlpMessage{2: str, 3: {typ: varint}}
	keyValueMsg = otlpMessage{1: str, 2: msg(&anyValueMsg), 3: {typ: varint}}
	anyValueMsg = otlpMessage{
		1: str, 2: {typ: varint}, 3: {typ: varint}, 4: {typ: fixed64},
		5: msg(&arrayValueMsg), 6: msg(&keyValueListMsg), 7: str, 8: {typ: varint},
	}
	arrayValueMsg = otlpMessage{1: msg(&anyValueMsg)}
	keyValueListMsg = otlpMessage{1: msg(&keyValueMsg)}
}

// skip checks the current field, which the walk does not read, as pdata
// decodes it in a message m: a known field must have its wire type, and a
// message field must be well formed all through. Unknown fields pass.
func (r *fieldReader) skip(m *otlpMessage) {
	f, ok := (*m)[r.num]
	if !ok || !r.want(f.typ) || f.msg == nil {
		return
	}
	if err := checkMessage(r.msg[r.start:r.end], f.msg); err != nil {
		r.fail(err)
	}
}

// checkMessage checks b as pdata decodes a message m.
func checkMessage(b []byte, m *otlpMessage) error {
	r := fieldReader{msg: b}
	for r.next() {
		r.skip(m)
	}
	return r.err
}
