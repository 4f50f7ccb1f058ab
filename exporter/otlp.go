package exporter

import (
	"bytes"
	"encoding/base64"
	"errors"
	"fmt"
	"math"
	"strconv"
	"unsafe"

	"go.opentelemetry.io/collector/pdata/pcommon"
	"go.opentelemetry.io/collector/pdata/ptrace"
	"google.golang.org/protobuf/encoding/protowire"
)

// This file appends rows straight from the bytes of an OTLP TracesData
// protobuf, as the durable spool stores spans, without building the pdata
// tree or copying the record: the strings of the rows are substrings of
// the record itself, or of the Blocks' stringArena for what they render
// (ids in hex, integers, JSON), and values render as
// pcommon.Value.AsString renders them (the tests compare both paths byte
// for byte).

// errOTLPMalformed marks bytes that are not a well-formed TracesData.
var errOTLPMalformed = errors.New("exporter: malformed OTLP traces")

// AppendOTLP appends a traces row for every span of an OTLP TracesData
// protobuf and an audit row for every decision span, as AppendTraces does
// for its pdata form. The rows refer to data's bytes, as AppendTraces
// refers to the spans' strings: data must not change until the blocks are
// sent and reset. Rows are appended span by span: when data is not well
// formed the error wraps errOTLPMalformed and the blocks may hold the rows
// of the spans before the bad one, so Reset them.
func (b *Blocks) AppendOTLP(data []byte) error {
	p := otlpParser{blocks: b, base: data, text: unsafe.String(unsafe.SliceData(data), len(data))}
	r := fieldReader{msg: data}
	for r.next() {
		if r.num != 1 { // repeated ResourceSpans resource_spans = 1
			continue
		}
		if m, ok := r.message(); ok {
			if err := p.resourceSpans(m); err != nil {
				return err
			}
		}
	}
	return r.err
}

// otlpParser walks a TracesData message into rows.
type otlpParser struct {
	blocks *Blocks
	base   []byte // the record
	text   string // the same bytes as a string

	serviceName, scopeName, scopeVersion string
}

// str returns the bytes of v, a slice of p.base, as a substring of p.text;
// "" when v is empty (or nil, as fieldReader.bytes returns on error).
func (p *otlpParser) str(v []byte) string {
	if len(v) == 0 {
		return ""
	}
	off := cap(p.base) - cap(v)
	return p.text[off : off+len(v)]
}

// fieldReader reads the fields of one message in wire order. The first
// malformed field, or field of a wire type its reader does not expect,
// stops it: next reports false from then on and err says why.
//
// It keeps positions in msg, not slices of it: next stores only integers
// through its pointer, which the compiler cannot tell is on the stack, so
// no store needs a write barrier while the GC runs.
type fieldReader struct {
	msg []byte // the message
	pos int    // where the field after the current one starts

	// The current field: its number and wire type, its value when that is
	// a varint, fixed32 or fixed64, and where it is in msg when it is
	// length-delimited.
	num        protowire.Number
	typ        protowire.Type
	u          uint64
	start, end int

	err error // nil unless the message is malformed
}

// next reads the next field and reports whether there was one. A
// length-delimited field whose tag and length are below 128, as nearly
// all are, takes a short path; field number 0 is malformed, as
// protowire.ConsumeTag has it, so it takes the long one.
func (r *fieldReader) next() bool {
	b := r.msg[r.pos:]
	if len(b) >= 2 && b[0] >= 1<<3 && b[0] < 0x80 && b[0]&7 == byte(protowire.BytesType) && b[1] < 0x80 && int(b[1]) <= len(b)-2 {
		r.num, r.typ = protowire.Number(b[0]>>3), protowire.BytesType
		r.start = r.pos + 2
		r.end = r.start + int(b[1])
		r.pos = r.end
		return true
	}
	return r.nextSlow()
}

// nextSlow is next for any field.
func (r *fieldReader) nextSlow() bool {
	b := r.msg[r.pos:]
	if len(b) == 0 {
		return false
	}
	num, typ, tagLen := protowire.ConsumeTag(b)
	if tagLen < 0 {
		r.fail(fmt.Errorf("%w: %w", errOTLPMalformed, protowire.ParseError(tagLen)))
		return false
	}
	r.num, r.typ, r.u = num, typ, 0
	r.start, r.end = r.pos+tagLen, r.pos+tagLen
	b = b[tagLen:]
	var n int // the length of the value
	switch typ {
	case protowire.VarintType:
		r.u, n = protowire.ConsumeVarint(b)
	case protowire.Fixed64Type:
		r.u, n = protowire.ConsumeFixed64(b)
	case protowire.Fixed32Type:
		var v uint32
		v, n = protowire.ConsumeFixed32(b)
		r.u = uint64(v)
	case protowire.BytesType:
		var v []byte
		v, n = protowire.ConsumeBytes(b)
		r.start += n - len(v)
		r.end = r.start + len(v)
	default: // groups, which OTLP does not use and pdata rejects
		r.fail(fmt.Errorf("%w: field %d has wire type %d", errOTLPMalformed, num, typ))
		return false
	}
	if n < 0 {
		r.fail(fmt.Errorf("%w: field %d: %w", errOTLPMalformed, num, protowire.ParseError(n)))
		return false
	}
	r.pos += tagLen + n
	return true
}

// fail stops the reader with err.
func (r *fieldReader) fail(err error) {
	r.err, r.pos = err, len(r.msg)
}

// want reports whether the current field has wire type typ, and stops the
// reader when it has not.
func (r *fieldReader) want(typ protowire.Type) bool {
	if r.typ == typ {
		return true
	}
	r.failType(typ)
	return false
}

// failType stops the reader on a field that does not have wire type typ.
func (r *fieldReader) failType(typ protowire.Type) {
	r.fail(fmt.Errorf("%w: field %d has wire type %d, want %d", errOTLPMalformed, r.num, r.typ, typ))
}

// bytes returns the value of the current field, a string, bytes or
// message field; nil when it has another wire type.
func (r *fieldReader) bytes() []byte {
	if !r.want(protowire.BytesType) {
		return nil
	}
	return r.msg[r.start:r.end]
}

// message returns the bytes of the current field, a message field, and
// whether it has the wire type of one.
func (r *fieldReader) message() ([]byte, bool) {
	return r.msg[r.start:r.end], r.want(protowire.BytesType)
}

// varint returns the value of the current field, a varint field; 0 when
// it has another wire type.
func (r *fieldReader) varint() uint64 {
	if !r.want(protowire.VarintType) {
		return 0
	}
	return r.u
}

// fixed64 returns the value of the current field, a fixed64 or double
// field; 0 when it has another wire type.
func (r *fieldReader) fixed64() uint64 {
	if !r.want(protowire.Fixed64Type) {
		return 0
	}
	return r.u
}

// resourceSpans walks ResourceSpans: Resource resource = 1, repeated
// ScopeSpans scope_spans = 2.
func (p *otlpParser) resourceSpans(b []byte) error {
	p.serviceName = ""
	p.blocks.traces.resetResource()
	return walkHeadFirst(b, p.resource, p.scopeSpans, &resourceSpansMsg)
}

// walkHeadFirst walks a message whose field 1 (the resource or the scope)
// applies to every element of its field 2 (the scope spans or the spans):
// it calls head with every field 1, wherever they are on the wire, then
// each with every field 2 in wire order, and checks the other fields
// against m.
func walkHeadFirst(b []byte, head, each func([]byte) error, m *otlpMessage) error {
	if err := walkField(b, 1, head, nil); err != nil {
		return err
	}
	return walkField(b, 2, each, m)
}

// walkField calls handle with every message field of b numbered num, in
// wire order. With m, it checks the fields other than 1 and 2 against it.
func walkField(b []byte, num protowire.Number, handle func([]byte) error, m *otlpMessage) error {
	r := fieldReader{msg: b}
	for r.next() {
		switch {
		case r.num == num:
			if msg, ok := r.message(); ok {
				if err := handle(msg); err != nil {
					return err
				}
			}
		case m != nil && r.num != 1 && r.num != 2:
			r.skip(m)
		}
	}
	return r.err
}

// resource walks Resource: repeated KeyValue attributes = 1.
func (p *otlpParser) resource(b []byte) error {
	r := fieldReader{msg: b}
	for r.next() {
		if r.num != 1 {
			r.skip(&resourceMsg)
			continue
		}
		m, ok := r.message()
		if !ok {
			break
		}
		var a rowAttr
		if err := p.attribute(m, &a); err != nil {
			return err
		}
		if a.key == serviceNameKey && p.serviceName == "" {
			p.serviceName = a.value
		}
		p.blocks.traces.resource = append(p.blocks.traces.resource, keyValue{a.key, a.value})
	}
	return r.err
}

// scopeSpans walks ScopeSpans: InstrumentationScope scope = 1, repeated
// Span spans = 2.
func (p *otlpParser) scopeSpans(b []byte) error {
	p.scopeName, p.scopeVersion = "", ""
	return walkHeadFirst(b, p.scope, p.span, &scopeSpansMsg)
}

// scope walks InstrumentationScope: string name = 1, string version = 2;
// its attributes are not stored.
func (p *otlpParser) scope(b []byte) error {
	r := fieldReader{msg: b}
	for r.next() {
		switch r.num {
		case 1:
			p.scopeName = p.str(r.bytes())
		case 2:
			p.scopeVersion = p.str(r.bytes())
		default:
			r.skip(&scopeMsg)
		}
	}
	return r.err
}

// span walks Span into p.blocks.row and appends the row.
func (p *otlpParser) span(b []byte) error {
	row := &p.blocks.row
	row.reset()
	row.kind = ptrace.SpanKindUnspecified.String()
	row.statusCode = ptrace.StatusCodeUnset.String()
	var traceID [16]byte
	var spanID, parentID [8]byte
	r := fieldReader{msg: b}
	for r.next() {
		var err error
		switch r.num {
		case 1: // bytes trace_id
			err = id(&r, traceID[:])
		case 2: // bytes span_id
			err = id(&r, spanID[:])
		case 3: // string trace_state
			row.traceState = p.str(r.bytes())
		case 4: // bytes parent_span_id
			err = id(&r, parentID[:])
		case 5: // string name
			row.name = p.str(r.bytes())
		case 6: // SpanKind kind
			row.kind = ptrace.SpanKind(int32(r.varint())).String()
		case 7: // fixed64 start_time_unix_nano
			row.start = r.fixed64()
		case 8: // fixed64 end_time_unix_nano
			row.end = r.fixed64()
		case 9: // repeated KeyValue attributes
			row.attrs, err = p.appendAttribute(row.attrs, &r)
		case 11: // repeated Event events
			err = p.event(&r)
		case 13: // repeated Link links
			err = p.link(&r)
		case 15: // Status status
			err = p.status(&r)
		default:
			r.skip(&spanMsg)
		}
		if err != nil {
			return err
		}
	}
	if r.err != nil {
		return r.err
	}
	row.setIDs(&p.blocks.text, traceID, spanID, parentID)
	p.blocks.appendRow(p.serviceName, p.scopeName, p.scopeVersion, true, true)
	return nil
}

// id copies the current field, an id, into dst; empty means the zero id,
// any other length is malformed, as pdata has it.
func id(r *fieldReader, dst []byte) error {
	v, ok := r.message()
	if !ok {
		return r.err
	}
	switch len(v) {
	case 0:
		clear(dst)
	case len(dst):
		copy(dst, v)
	default:
		return fmt.Errorf("%w: id of %d bytes, want %d", errOTLPMalformed, len(v), len(dst))
	}
	return nil
}

// status walks the current field, a Status: string message = 2,
// StatusCode code = 3.
func (p *otlpParser) status(f *fieldReader) error {
	b, ok := f.message()
	if !ok {
		return f.err
	}
	row := &p.blocks.row
	r := fieldReader{msg: b}
	for r.next() {
		switch r.num {
		case 2:
			row.statusMessage = p.str(r.bytes())
		case 3:
			row.statusCode = ptrace.StatusCode(int32(r.varint())).String()
		default:
			r.skip(&statusMsg)
		}
	}
	return r.err
}

// event walks the current field, an Event: fixed64 time_unix_nano = 1,
// string name = 2, repeated KeyValue attributes = 3.
func (p *otlpParser) event(f *fieldReader) error {
	b, ok := f.message()
	if !ok {
		return f.err
	}
	row := &p.blocks.row
	var e eventRow
	start := len(row.nested)
	r := fieldReader{msg: b}
	for r.next() {
		switch r.num {
		case 1:
			e.time = r.fixed64()
		case 2:
			e.name = p.str(r.bytes())
		case 3:
			var err error
			if row.nested, err = p.appendAttribute(row.nested, &r); err != nil {
				return err
			}
		default:
			r.skip(&eventMsg)
		}
	}
	e.attrs = row.nested[start:len(row.nested):len(row.nested)]
	row.events = append(row.events, e)
	return r.err
}

// link walks the current field, a Link: bytes trace_id = 1, bytes
// span_id = 2, string trace_state = 3, repeated KeyValue attributes = 4.
func (p *otlpParser) link(f *fieldReader) error {
	b, ok := f.message()
	if !ok {
		return f.err
	}
	row := &p.blocks.row
	var l linkRow
	var traceID [16]byte
	var spanID [8]byte
	start := len(row.nested)
	r := fieldReader{msg: b}
	for r.next() {
		var err error
		switch r.num {
		case 1:
			err = id(&r, traceID[:])
		case 2:
			err = id(&r, spanID[:])
		case 3:
			l.traceState = p.str(r.bytes())
		case 4:
			row.nested, err = p.appendAttribute(row.nested, &r)
		default:
			r.skip(&linkMsg)
		}
		if err != nil {
			return err
		}
	}
	l.traceID = traceIDHex(traceID)
	l.spanID = spanIDHex(spanID)
	l.attrs = row.nested[start:len(row.nested):len(row.nested)]
	row.links = append(row.links, l)
	return r.err
}

// appendAttribute walks the current field, a KeyValue, into a new last
// element of dst.
func (p *otlpParser) appendAttribute(dst []rowAttr, f *fieldReader) ([]rowAttr, error) {
	b, ok := f.message()
	if !ok {
		return dst, f.err
	}
	dst = append(dst, rowAttr{})
	return dst, p.attribute(b, &dst[len(dst)-1])
}

// attribute walks a KeyValue message (string key = 1, AnyValue value = 2)
// into a, which starts empty.
func (p *otlpParser) attribute(b []byte, a *rowAttr) error {
	r := fieldReader{msg: b}
	for r.next() {
		switch r.num {
		case 1:
			a.key = p.str(r.bytes())
		case 2:
			if m, ok := r.message(); ok {
				if err := p.value(m, a); err != nil {
					return err
				}
			}
		default:
			r.skip(&keyValueMsg)
		}
	}
	return r.err
}

// value walks AnyValue, a oneof whose last field wins (string 1, bool 2,
// int64 3, double 4, ArrayValue 5, KeyValueList 6, bytes 7, and
// string_value_strindex 8, which pdata has as an empty value), into a: its
// type, its rendering by AsString, its scalar and, for an array, its
// elements rendered. Like pdata, it reads a KeyValue's second value field
// into the value of the first: a field of the oneof replaces it, and
// without one it stays.
func (p *otlpParser) value(b []byte, a *rowAttr) error {
	key := a.key
	r := fieldReader{msg: b}
	for r.next() {
		switch r.num {
		case 1:
			*a = rowAttr{key: key, typ: pcommon.ValueTypeStr, value: p.str(r.bytes())}
		case 2:
			*a = rowAttr{key: key, typ: pcommon.ValueTypeBool, value: strconv.FormatBool(r.varint() != 0)}
		case 3:
			i := int64(r.varint())
			*a = rowAttr{key: key, typ: pcommon.ValueTypeInt, i: i, value: p.blocks.text.formatInt(i)}
		case 4:
			d := math.Float64frombits(r.fixed64())
			*a = rowAttr{key: key, typ: pcommon.ValueTypeDouble, d: d, value: p.formatDouble(d)}
		case 5:
			m, ok := r.message()
			if !ok {
				break // r.err ends the walk
			}
			value, list, err := p.array(m)
			if err != nil {
				return err
			}
			*a = rowAttr{key: key, typ: pcommon.ValueTypeSlice, value: value, list: list}
		case 6:
			var m map[string]any
			if kvs, ok := r.message(); ok {
				var err error
				if m, err = p.rawMap(kvs); err != nil {
					return err
				}
			}
			*a = rowAttr{key: key, typ: pcommon.ValueTypeMap, value: p.json(m)}
		case 7:
			*a = rowAttr{key: key, typ: pcommon.ValueTypeBytes, value: base64.StdEncoding.EncodeToString(r.bytes())}
		case 8: // int32 string_value_strindex: pdata's value is then empty
			r.varint()
			*a = rowAttr{key: key}
		}
	}
	return r.err
}

// formatDouble renders d as pcommon.Value.AsString does, through the
// Value that Blocks keeps for it: a new Value for every double would
// allocate one.
func (p *otlpParser) formatDouble(d float64) string {
	p.blocks.double.SetDouble(d)
	return p.blocks.double.AsString()
}

// array renders an ArrayValue message as AsString renders it (JSON) and
// returns its elements, each rendered as AsString renders it.
func (p *otlpParser) array(b []byte) (string, []string, error) {
	if list, ok := p.stringArray(b); ok {
		return p.json(list), list, nil
	}
	elems, err := p.rawArray(b)
	if err != nil {
		return "", nil, err
	}
	list := make([]string, len(elems))
	for i, e := range elems {
		list[i] = p.rawAsString(e)
	}
	return p.json(elems), list, nil
}

// stringArray returns the elements of an ArrayValue message (repeated
// AnyValue values = 1) whose every element holds a string and nothing
// else, as the arrays of attributes mostly do (finish reasons, redaction
// kinds), without boxing them as rawArray does. ok is false for any other
// array, malformed ones included: rawArray reads those.
func (p *otlpParser) stringArray(b []byte) (list []string, ok bool) {
	list = []string{} // [] in JSON, not null
	r := fieldReader{msg: b}
	for r.next() {
		if r.num != 1 || r.typ != protowire.BytesType {
			return nil, false
		}
		v := fieldReader{msg: r.bytes()}
		var s string
		isString := false
		for v.next() {
			if v.num != 1 || v.typ != protowire.BytesType {
				return nil, false
			}
			s, isString = p.str(v.bytes()), true // the last one wins
		}
		if v.err != nil || !isString {
			return nil, false
		}
		list = append(list, s)
	}
	return list, r.err == nil
}

// rawValue returns the value of an AnyValue message as
// pcommon.Value.AsRaw does (string, bool, int64, float64, []byte, []any,
// map[string]any, or nil when empty), for the JSON rendering of arrays and
// maps. v is the value so far: nil, or for a KeyValue's second value field
// the first one's, which stays unless a field of the oneof replaces it.
func (p *otlpParser) rawValue(b []byte, v any) (any, error) {
	r := fieldReader{msg: b}
	for r.next() {
		var err error
		switch r.num {
		case 1:
			v = p.str(r.bytes())
		case 2:
			v = r.varint() != 0
		case 3:
			v = int64(r.varint())
		case 4:
			v = math.Float64frombits(r.fixed64())
		case 5:
			if m, ok := r.message(); ok {
				v, err = p.rawArray(m)
			}
		case 6:
			if m, ok := r.message(); ok {
				v, err = p.rawMap(m)
			}
		case 7:
			raw := r.bytes()
			if len(raw) == 0 {
				raw = nil // as pdata decodes it: JSON null, not ""
			}
			v = raw
		case 8: // string_value_strindex, empty for pdata
			r.varint()
			v = nil
		}
		if err != nil {
			return nil, err
		}
	}
	if r.err != nil {
		return nil, r.err
	}
	return v, nil
}

// rawArray returns the elements of an ArrayValue message (repeated
// AnyValue values = 1) as AsRaw does.
func (p *otlpParser) rawArray(b []byte) ([]any, error) {
	out := []any{}
	r := fieldReader{msg: b}
	for r.next() {
		if r.num != 1 {
			continue
		}
		m, ok := r.message()
		if !ok {
			break
		}
		v, err := p.rawValue(m, nil)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	if r.err != nil {
		return nil, r.err
	}
	return out, nil
}

// rawMap returns the entries of a KeyValueList message (repeated KeyValue
// values = 1) as AsRaw does: the last of equal keys wins.
func (p *otlpParser) rawMap(b []byte) (map[string]any, error) {
	out := map[string]any{}
	r := fieldReader{msg: b}
	for r.next() {
		if r.num != 1 {
			continue
		}
		kv, ok := r.message()
		if !ok {
			break
		}
		var key string
		var val any
		e := fieldReader{msg: kv}
		for e.next() {
			switch e.num {
			case 1:
				key = p.str(e.bytes())
			case 2:
				if m, ok := e.message(); ok {
					var err error
					if val, err = p.rawValue(m, val); err != nil {
						return nil, err
					}
				}
			default:
				e.skip(&keyValueMsg)
			}
		}
		if e.err != nil {
			return nil, e.err
		}
		out[key] = val
	}
	if r.err != nil {
		return nil, r.err
	}
	return out, nil
}

// rawAsString renders a raw array element as AsString renders it.
func (p *otlpParser) rawAsString(v any) string {
	switch v := v.(type) {
	case nil:
		return ""
	case string:
		return v
	case bool:
		return strconv.FormatBool(v)
	case int64:
		return p.blocks.text.formatInt(v)
	case float64:
		return p.formatDouble(v)
	case []byte:
		return base64.StdEncoding.EncodeToString(v)
	}
	return p.json(v)
}

// json renders v as JSON without escaping <, > and &, as
// pcommon.Value.AsString renders maps and slices ("" when v does not
// render, e.g. NaN), with the encoder Blocks keeps for it, into its text.
func (p *otlpParser) json(v any) string {
	buf := &p.blocks.jsonBuf
	buf.Reset()
	if err := p.blocks.jsonEnc.Encode(v); err != nil {
		return ""
	}
	return p.blocks.text.add(bytes.TrimRight(buf.Bytes(), "\n"))
}
