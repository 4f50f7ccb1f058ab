package exporter

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"unsafe"

	"go.opentelemetry.io/collector/pdata/pcommon"
	"go.opentelemetry.io/collector/pdata/ptrace"
	"google.golang.org/protobuf/encoding/protowire"
)

// This file appends rows straight from the bytes of an OTLP TracesData
// protobuf, as the durable spool stores spans, without building the pdata
// tree or copying the record: the strings of the rows are substrings of
// the record itself, and values render as pcommon.Value.AsString renders
// them (the tests compare both paths byte for byte).

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
	for len(data) > 0 {
		f, rest, err := nextField(data)
		if err != nil {
			return err
		}
		data = rest
		if f.num != 1 { // repeated ResourceSpans resource_spans = 1
			continue
		}
		if err := wantType(f, protowire.BytesType); err != nil {
			return err
		}
		if err := p.resourceSpans(f.b); err != nil {
			return err
		}
	}
	return nil
}

// otlpParser walks a TracesData message into rows.
type otlpParser struct {
	blocks *Blocks
	base   []byte // the record
	text   string // the same bytes as a string

	serviceName, scopeName, scopeVersion string
}

// str returns the bytes of v, a slice of p.base, as a substring of p.text.
func (p *otlpParser) str(v []byte) string {
	off := cap(p.base) - cap(v)
	return p.text[off : off+len(v)]
}

// field is one protobuf field.
type field struct {
	num protowire.Number
	typ protowire.Type
	u   uint64 // a varint, fixed32 or fixed64 value
	b   []byte // a length-delimited value
}

// nextField reads the field at the start of b and returns it and the rest.
// Tags and lengths below 128, nearly all of them, take a short path.
func nextField(b []byte) (field, []byte, error) {
	var f field
	var n int
	if len(b) > 0 && b[0] < 0x80 {
		f.num, f.typ, n = protowire.Number(b[0]>>3), protowire.Type(b[0]&7), 1
	} else {
		f.num, f.typ, n = protowire.ConsumeTag(b)
		if n < 0 {
			return field{}, nil, fmt.Errorf("%w: %w", errOTLPMalformed, protowire.ParseError(n))
		}
	}
	b = b[n:]
	switch f.typ {
	case protowire.VarintType:
		f.u, n = protowire.ConsumeVarint(b)
	case protowire.Fixed64Type:
		f.u, n = protowire.ConsumeFixed64(b)
	case protowire.Fixed32Type:
		var v uint32
		v, n = protowire.ConsumeFixed32(b)
		f.u = uint64(v)
	case protowire.BytesType:
		if len(b) > 0 && b[0] < 0x80 && int(b[0]) < len(b) {
			f.b, n = b[1:1+b[0]], 1+int(b[0])
		} else {
			f.b, n = protowire.ConsumeBytes(b)
		}
	default:
		n = protowire.ConsumeFieldValue(f.num, f.typ, b)
	}
	if n < 0 {
		return field{}, nil, fmt.Errorf("%w: field %d: %w", errOTLPMalformed, f.num, protowire.ParseError(n))
	}
	return f, b[n:], nil
}

// wantType fails unless f has wire type typ.
func wantType(f field, typ protowire.Type) error {
	if f.typ != typ {
		return fmt.Errorf("%w: field %d has wire type %d, want %d", errOTLPMalformed, f.num, f.typ, typ)
	}
	return nil
}

// message returns the bytes of a length-delimited field.
func message(f field) ([]byte, error) {
	return f.b, wantType(f, protowire.BytesType)
}

// stringField returns the value of a string field.
func (p *otlpParser) stringField(f field) (string, error) {
	if err := wantType(f, protowire.BytesType); err != nil {
		return "", err
	}
	return p.str(f.b), nil
}

// resourceSpans walks ResourceSpans: Resource resource = 1, repeated
// ScopeSpans scope_spans = 2. The resource is read first, wherever it is
// on the wire, as it applies to every span.
func (p *otlpParser) resourceSpans(b []byte) error {
	p.serviceName = ""
	p.blocks.traces.resetResource()
	return messagesInOrder(b, p.resource, p.scopeSpans)
}

// messagesInOrder walks the message fields of b numbered 1, 2, ... in
// that order, whatever their order on the wire: handle[i] gets every field
// numbered i+1, all of them before any field numbered i+2.
func messagesInOrder(b []byte, handle ...func([]byte) error) error {
	for i, h := range handle {
		for rest := b; len(rest) > 0; {
			f, next, err := nextField(rest)
			if err != nil {
				return err
			}
			rest = next
			if int(f.num) != i+1 {
				continue
			}
			m, err := message(f)
			if err == nil {
				err = h(m)
			}
			if err != nil {
				return err
			}
		}
	}
	return nil
}

// resource walks Resource: repeated KeyValue attributes = 1.
func (p *otlpParser) resource(b []byte) error {
	for len(b) > 0 {
		f, rest, err := nextField(b)
		if err != nil {
			return err
		}
		b = rest
		if f.num != 1 {
			continue
		}
		a := rowAttr{typ: pcommon.ValueTypeEmpty}
		if err := p.attribute(f, &a); err != nil {
			return err
		}
		if a.key == serviceNameKey && p.serviceName == "" {
			p.serviceName = a.value
		}
		p.blocks.traces.resource = append(p.blocks.traces.resource, keyValue{a.key, a.value})
	}
	return nil
}

// scopeSpans walks ScopeSpans: InstrumentationScope scope = 1, repeated
// Span spans = 2, the scope read first.
func (p *otlpParser) scopeSpans(b []byte) error {
	p.scopeName, p.scopeVersion = "", ""
	return messagesInOrder(b, p.scope, func(m []byte) error {
		if err := p.span(m); err != nil {
			return err
		}
		p.blocks.appendRow(p.serviceName, p.scopeName, p.scopeVersion, true, true)
		return nil
	})
}

// scope walks InstrumentationScope: string name = 1, string version = 2;
// its attributes are not stored.
func (p *otlpParser) scope(b []byte) error {
	for len(b) > 0 {
		f, rest, err := nextField(b)
		if err != nil {
			return err
		}
		b = rest
		switch f.num {
		case 1:
			p.scopeName, err = p.stringField(f)
		case 2:
			p.scopeVersion, err = p.stringField(f)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// span walks Span into p.blocks.row.
func (p *otlpParser) span(b []byte) error {
	r := &p.blocks.row
	r.reset()
	r.kind = ptrace.SpanKindUnspecified.String()
	r.statusCode = ptrace.StatusCodeUnset.String()
	var traceID [16]byte
	var spanID, parentID [8]byte
	for len(b) > 0 {
		f, rest, err := nextField(b)
		if err != nil {
			return err
		}
		b = rest
		switch f.num {
		case 1: // bytes trace_id
			err = id(f, traceID[:])
		case 2: // bytes span_id
			err = id(f, spanID[:])
		case 3: // string trace_state
			r.traceState, err = p.stringField(f)
		case 4: // bytes parent_span_id
			err = id(f, parentID[:])
		case 5: // string name
			r.name, err = p.stringField(f)
		case 6: // SpanKind kind
			err = wantType(f, protowire.VarintType)
			r.kind = ptrace.SpanKind(int32(f.u)).String()
		case 7: // fixed64 start_time_unix_nano
			err = wantType(f, protowire.Fixed64Type)
			r.start = f.u
		case 8: // fixed64 end_time_unix_nano
			err = wantType(f, protowire.Fixed64Type)
			r.end = f.u
		case 9: // repeated KeyValue attributes
			r.attrs, err = p.appendAttribute(r.attrs, f)
		case 11: // repeated Event events
			err = p.event(f)
		case 13: // repeated Link links
			err = p.link(f)
		case 15: // Status status
			err = p.status(f)
		}
		if err != nil {
			return err
		}
	}
	r.setIDs(traceID, spanID, parentID)
	return nil
}

// id copies an id field into dst; empty means the zero id, any other
// length is malformed, as pdata has it.
func id(f field, dst []byte) error {
	if err := wantType(f, protowire.BytesType); err != nil {
		return err
	}
	switch len(f.b) {
	case 0:
		clear(dst)
	case len(dst):
		copy(dst, f.b)
	default:
		return fmt.Errorf("%w: id of %d bytes, want %d", errOTLPMalformed, len(f.b), len(dst))
	}
	return nil
}

// status walks Status: string message = 2, StatusCode code = 3.
func (p *otlpParser) status(f field) error {
	b, err := message(f)
	r := &p.blocks.row
	for err == nil && len(b) > 0 {
		f, b, err = nextField(b)
		switch {
		case err != nil:
		case f.num == 2:
			r.statusMessage, err = p.stringField(f)
		case f.num == 3:
			err = wantType(f, protowire.VarintType)
			r.statusCode = ptrace.StatusCode(int32(f.u)).String()
		}
	}
	return err
}

// event walks Event: fixed64 time_unix_nano = 1, string name = 2,
// repeated KeyValue attributes = 3.
func (p *otlpParser) event(f field) error {
	b, err := message(f)
	r := &p.blocks.row
	var e eventRow
	start := len(r.nested)
	for err == nil && len(b) > 0 {
		f, b, err = nextField(b)
		switch {
		case err != nil:
		case f.num == 1:
			err = wantType(f, protowire.Fixed64Type)
			e.time = f.u
		case f.num == 2:
			e.name, err = p.stringField(f)
		case f.num == 3:
			r.nested, err = p.appendAttribute(r.nested, f)
		}
	}
	e.attrs = r.nested[start:len(r.nested):len(r.nested)]
	r.events = append(r.events, e)
	return err
}

// link walks Link: bytes trace_id = 1, bytes span_id = 2, string
// trace_state = 3, repeated KeyValue attributes = 4.
func (p *otlpParser) link(f field) error {
	b, err := message(f)
	r := &p.blocks.row
	var l linkRow
	var traceID [16]byte
	var spanID [8]byte
	start := len(r.nested)
	for err == nil && len(b) > 0 {
		f, b, err = nextField(b)
		switch {
		case err != nil:
		case f.num == 1:
			err = id(f, traceID[:])
		case f.num == 2:
			err = id(f, spanID[:])
		case f.num == 3:
			l.traceState, err = p.stringField(f)
		case f.num == 4:
			r.nested, err = p.appendAttribute(r.nested, f)
		}
	}
	l.traceID = traceIDHex(traceID)
	l.spanID = spanIDHex(spanID)
	l.attrs = r.nested[start:len(r.nested):len(r.nested)]
	r.links = append(r.links, l)
	return err
}

// appendAttribute walks a KeyValue field into a new last element of dst.
func (p *otlpParser) appendAttribute(dst []rowAttr, f field) ([]rowAttr, error) {
	dst = append(dst, rowAttr{typ: pcommon.ValueTypeEmpty})
	return dst, p.attribute(f, &dst[len(dst)-1])
}

// attribute walks a KeyValue field (string key = 1, AnyValue value = 2)
// into a, which starts empty.
func (p *otlpParser) attribute(f field, a *rowAttr) error {
	b, err := message(f)
	for err == nil && len(b) > 0 {
		f, b, err = nextField(b)
		switch {
		case err != nil:
		case f.num == 1:
			a.key, err = p.stringField(f)
		case f.num == 2:
			err = p.value(f, a)
		}
	}
	return err
}

// value walks AnyValue, a oneof whose last field wins (string 1, bool 2,
// int64 3, double 4, ArrayValue 5, KeyValueList 6, bytes 7), into a: its
// type, its rendering by AsString, its scalar and, for an array, its
// elements rendered.
func (p *otlpParser) value(f field, a *rowAttr) error {
	b, err := message(f)
	key := a.key
	*a = rowAttr{key: key, typ: pcommon.ValueTypeEmpty}
	for err == nil && len(b) > 0 {
		f, b, err = nextField(b)
		switch {
		case err != nil:
		case f.num == 1:
			a.typ = pcommon.ValueTypeStr
			a.value, err = p.stringField(f)
		case f.num == 2:
			a.typ, err = pcommon.ValueTypeBool, wantType(f, protowire.VarintType)
			a.value = strconv.FormatBool(f.u != 0)
		case f.num == 3:
			a.typ, err = pcommon.ValueTypeInt, wantType(f, protowire.VarintType)
			a.i = int64(f.u)
			a.value = strconv.FormatInt(a.i, 10)
		case f.num == 4:
			a.typ, err = pcommon.ValueTypeDouble, wantType(f, protowire.Fixed64Type)
			a.d = math.Float64frombits(f.u)
			a.value = pcommon.NewValueDouble(a.d).AsString()
		case f.num == 5:
			var elems []any
			if err = wantType(f, protowire.BytesType); err == nil {
				elems, err = p.rawArray(f.b)
			}
			a.typ, a.value = pcommon.ValueTypeSlice, jsonNoHTMLEscape(elems)
			a.list = make([]string, len(elems))
			for i, e := range elems {
				a.list[i] = rawAsString(e)
			}
		case f.num == 6:
			var m map[string]any
			if err = wantType(f, protowire.BytesType); err == nil {
				m, err = p.rawMap(f.b)
			}
			a.typ, a.value, a.list = pcommon.ValueTypeMap, jsonNoHTMLEscape(m), nil
		case f.num == 7:
			a.typ, err = pcommon.ValueTypeBytes, wantType(f, protowire.BytesType)
			a.value = base64.StdEncoding.EncodeToString(f.b)
		}
	}
	return err
}

// rawValue returns the value of an AnyValue message as
// pcommon.Value.AsRaw does (string, bool, int64, float64, []byte, []any,
// map[string]any, or nil when empty), for the JSON rendering of arrays and
// maps.
func (p *otlpParser) rawValue(b []byte) (any, error) {
	var v any
	for len(b) > 0 {
		f, rest, err := nextField(b)
		if err != nil {
			return nil, err
		}
		b = rest
		switch f.num {
		case 1:
			v, err = p.stringField(f)
		case 2:
			v, err = f.u != 0, wantType(f, protowire.VarintType)
		case 3:
			v, err = int64(f.u), wantType(f, protowire.VarintType)
		case 4:
			v, err = math.Float64frombits(f.u), wantType(f, protowire.Fixed64Type)
		case 5:
			if err = wantType(f, protowire.BytesType); err == nil {
				v, err = p.rawArray(f.b)
			}
		case 6:
			if err = wantType(f, protowire.BytesType); err == nil {
				v, err = p.rawMap(f.b)
			}
		case 7:
			v, err = f.b, wantType(f, protowire.BytesType)
		}
		if err != nil {
			return nil, err
		}
	}
	return v, nil
}

// rawArray returns the elements of an ArrayValue message (repeated
// AnyValue values = 1) as AsRaw does.
func (p *otlpParser) rawArray(b []byte) ([]any, error) {
	out := []any{}
	for len(b) > 0 {
		f, rest, err := nextField(b)
		if err != nil {
			return nil, err
		}
		b = rest
		if f.num != 1 {
			continue
		}
		m, err := message(f)
		if err != nil {
			return nil, err
		}
		v, err := p.rawValue(m)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, nil
}

// rawMap returns the entries of a KeyValueList message (repeated KeyValue
// values = 1) as AsRaw does: the last of equal keys wins.
func (p *otlpParser) rawMap(b []byte) (map[string]any, error) {
	out := map[string]any{}
	for len(b) > 0 {
		f, rest, err := nextField(b)
		if err != nil {
			return nil, err
		}
		b = rest
		if f.num != 1 {
			continue
		}
		kv, err := message(f)
		if err != nil {
			return nil, err
		}
		var key string
		var val any
		for len(kv) > 0 {
			var e field
			if e, kv, err = nextField(kv); err != nil {
				return nil, err
			}
			switch e.num {
			case 1:
				key, err = p.stringField(e)
			case 2:
				var m []byte
				if m, err = message(e); err == nil {
					val, err = p.rawValue(m)
				}
			}
			if err != nil {
				return nil, err
			}
		}
		out[key] = val
	}
	return out, nil
}

// rawAsString renders a raw array element as AsString renders it.
func rawAsString(v any) string {
	switch v := v.(type) {
	case nil:
		return ""
	case string:
		return v
	case bool:
		return strconv.FormatBool(v)
	case int64:
		return strconv.FormatInt(v, 10)
	case float64:
		return pcommon.NewValueDouble(v).AsString()
	case []byte:
		return base64.StdEncoding.EncodeToString(v)
	}
	return jsonNoHTMLEscape(v)
}

// jsonNoHTMLEscape renders v as JSON without escaping <, > and &, as
// pcommon.Value.AsString renders maps and slices ("" when v does not
// render, e.g. NaN).
func jsonNoHTMLEscape(v any) string {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return ""
	}
	return strings.TrimRight(buf.String(), "\n")
}
