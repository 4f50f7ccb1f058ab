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

	"go.opentelemetry.io/collector/pdata/pcommon"
	"go.opentelemetry.io/collector/pdata/ptrace"
	"google.golang.org/protobuf/encoding/protowire"
)

// This file appends rows straight from the bytes of an OTLP TracesData
// protobuf, as the durable spool stores spans, without building the pdata
// tree: the strings of the rows are substrings of one copy of the record.
// A first pass checks the whole record; a record that is not well formed,
// or that holds values only pdata renders (maps, nested arrays), goes
// through ptrace.ProtoUnmarshaler and the pdata path instead, so both
// paths give the same rows (the tests compare them byte for byte).

// errOTLPMalformed marks a record the first pass rejects.
var errOTLPMalformed = errors.New("exporter: malformed OTLP traces")

// AppendOTLP appends a traces row for every span of an OTLP TracesData
// protobuf and an audit row for every decision span, as AppendTraces does
// for its pdata form. Nothing is appended when data does not decode; the
// error then wraps ptrace.ProtoUnmarshaler's.
func (b *Blocks) AppendOTLP(data []byte) error {
	p := otlpParser{blocks: b, base: data}
	if err := p.tracesData(data); err != nil || p.needsPdata {
		var u ptrace.ProtoUnmarshaler
		td, err := u.UnmarshalTraces(data)
		if err != nil {
			return fmt.Errorf("exporter: decode OTLP traces: %w", err)
		}
		b.AppendTraces(td)
		return nil
	}
	p.apply, p.text = true, string(data)
	if err := p.tracesData(data); err != nil {
		// The first pass accepted these bytes: a second one cannot fail.
		return fmt.Errorf("exporter: decode OTLP traces: %w", err)
	}
	return nil
}

// otlpParser walks a TracesData message. Its first pass (apply false)
// only checks; its second appends rows.
type otlpParser struct {
	blocks *Blocks
	base   []byte // the record
	text   string // the record as a string (second pass)
	apply  bool
	// needsPdata is set by the first pass on a value only pdata renders.
	needsPdata bool

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
func nextField(b []byte) (field, []byte, error) {
	num, typ, n := protowire.ConsumeTag(b)
	if n < 0 {
		return field{}, nil, fmt.Errorf("%w: %w", errOTLPMalformed, protowire.ParseError(n))
	}
	b = b[n:]
	f := field{num: num, typ: typ}
	switch typ {
	case protowire.VarintType:
		f.u, n = protowire.ConsumeVarint(b)
	case protowire.Fixed64Type:
		f.u, n = protowire.ConsumeFixed64(b)
	case protowire.Fixed32Type:
		var v uint32
		v, n = protowire.ConsumeFixed32(b)
		f.u = uint64(v)
	case protowire.BytesType:
		f.b, n = protowire.ConsumeBytes(b)
	default:
		n = protowire.ConsumeFieldValue(num, typ, b)
	}
	if n < 0 {
		return field{}, nil, fmt.Errorf("%w: field %d: %w", errOTLPMalformed, num, protowire.ParseError(n))
	}
	return f, b[n:], nil
}

// is reports whether f is field num of wire type typ; a known field of
// another wire type makes the record malformed.
func (f field) is(num protowire.Number, typ protowire.Type) (bool, error) {
	if f.num != num {
		return false, nil
	}
	if f.typ != typ {
		return false, fmt.Errorf("%w: field %d has wire type %d, want %d", errOTLPMalformed, num, f.typ, typ)
	}
	return true, nil
}

// fields calls fn for every field of message b, stopping at an error.
func fields(b []byte, fn func(f field) error) error {
	for len(b) > 0 {
		f, rest, err := nextField(b)
		if err != nil {
			return err
		}
		if err := fn(f); err != nil {
			return err
		}
		b = rest
	}
	return nil
}

// tracesData walks TracesData: repeated ResourceSpans resource_spans = 1.
func (p *otlpParser) tracesData(b []byte) error {
	return fields(b, func(f field) error {
		if ok, err := f.is(1, protowire.BytesType); !ok {
			return err
		}
		return p.resourceSpans(f.b)
	})
}

// resourceSpans walks ResourceSpans: Resource resource = 1, repeated
// ScopeSpans scope_spans = 2. The resource comes first on the wire from
// every OTLP encoder; one that comes later is still applied to all spans,
// as pdata does, because the resource is read before the spans.
func (p *otlpParser) resourceSpans(b []byte) error {
	p.serviceName = ""
	if p.apply {
		clear(p.blocks.traces.resource)
		p.blocks.traces.resource = p.blocks.traces.resource[:0]
	}
	err := fields(b, func(f field) error {
		if ok, err := f.is(1, protowire.BytesType); !ok {
			return err
		}
		return p.resource(f.b)
	})
	if err != nil {
		return err
	}
	return fields(b, func(f field) error {
		if ok, err := f.is(2, protowire.BytesType); !ok {
			return err
		}
		return p.scopeSpans(f.b)
	})
}

// resource walks Resource: repeated KeyValue attributes = 1.
func (p *otlpParser) resource(b []byte) error {
	return fields(b, func(f field) error {
		if ok, err := f.is(1, protowire.BytesType); !ok {
			return err
		}
		var a rowAttr
		if err := p.keyValue(f.b, &a); err != nil || !p.apply {
			return err
		}
		if a.key == serviceNameKey && p.serviceName == "" {
			p.serviceName = a.value
		}
		p.blocks.traces.resource = append(p.blocks.traces.resource, keyValue{a.key, a.value})
		return nil
	})
}

// scopeSpans walks ScopeSpans: InstrumentationScope scope = 1, repeated
// Span spans = 2, the scope read first.
func (p *otlpParser) scopeSpans(b []byte) error {
	p.scopeName, p.scopeVersion = "", ""
	err := fields(b, func(f field) error {
		if ok, err := f.is(1, protowire.BytesType); !ok {
			return err
		}
		return p.scope(f.b)
	})
	if err != nil {
		return err
	}
	return fields(b, func(f field) error {
		if ok, err := f.is(2, protowire.BytesType); !ok {
			return err
		}
		if err := p.span(f.b); err != nil || !p.apply {
			return err
		}
		p.blocks.appendRow(p.serviceName, p.scopeName, p.scopeVersion, true, true)
		return nil
	})
}

// scope walks InstrumentationScope: string name = 1, string version = 2,
// repeated KeyValue attributes = 3 (not stored).
func (p *otlpParser) scope(b []byte) error {
	return fields(b, func(f field) error {
		switch f.num {
		case 1:
			v, err := p.stringField(f)
			p.scopeName = v
			return err
		case 2:
			v, err := p.stringField(f)
			p.scopeVersion = v
			return err
		case 3: // checked, not stored
			if err := wantType(f, protowire.BytesType); err != nil {
				return err
			}
			return p.keyValue(f.b, new(rowAttr))
		}
		return nil
	})
}

// span walks Span into p.blocks.row.
func (p *otlpParser) span(b []byte) error {
	r := &p.blocks.row
	if p.apply {
		r.reset()
		r.kind = ptrace.SpanKindUnspecified.String()
		r.statusCode = ptrace.StatusCodeUnset.String()
	}
	var traceID [16]byte
	var spanID, parentID [8]byte
	err := fields(b, func(f field) error {
		switch f.num {
		case 1: // bytes trace_id
			return p.id(f, traceID[:])
		case 2: // bytes span_id
			return p.id(f, spanID[:])
		case 4: // bytes parent_span_id
			return p.id(f, parentID[:])
		case 3: // string trace_state
			v, err := p.stringField(f)
			r.traceState = v
			return err
		case 5: // string name
			v, err := p.stringField(f)
			r.name = v
			return err
		case 6: // SpanKind kind
			if err := wantType(f, protowire.VarintType); err != nil || !p.apply {
				return err
			}
			r.kind = ptrace.SpanKind(int32(f.u)).String()
		case 7, 8: // fixed64 start_time_unix_nano, end_time_unix_nano
			if err := wantType(f, protowire.Fixed64Type); err != nil || !p.apply {
				return err
			}
			if f.num == 7 {
				r.start = f.u
			} else {
				r.end = f.u
			}
		case 9: // repeated KeyValue attributes
			return p.attribute(f, &r.attrs)
		case 11: // repeated Event events
			if err := wantType(f, protowire.BytesType); err != nil {
				return err
			}
			return p.event(f.b)
		case 13: // repeated Link links
			if err := wantType(f, protowire.BytesType); err != nil {
				return err
			}
			return p.link(f.b)
		case 15: // Status status
			if err := wantType(f, protowire.BytesType); err != nil {
				return err
			}
			return p.status(f.b)
		}
		return nil
	})
	if err != nil || !p.apply {
		return err
	}
	r.setIDs(traceID, spanID, parentID)
	return nil
}

// stringField returns the value of a string field ("" in the first pass).
func (p *otlpParser) stringField(f field) (string, error) {
	if err := wantType(f, protowire.BytesType); err != nil || !p.apply {
		return "", err
	}
	return p.str(f.b), nil
}

// attribute walks a KeyValue field and, in the second pass, appends it to
// dst.
func (p *otlpParser) attribute(f field, dst *[]rowAttr) error {
	if err := wantType(f, protowire.BytesType); err != nil {
		return err
	}
	var a rowAttr
	if err := p.keyValue(f.b, &a); err != nil || !p.apply {
		return err
	}
	*dst = append(*dst, a)
	return nil
}

// wantType fails unless f has wire type typ.
func wantType(f field, typ protowire.Type) error {
	if f.typ != typ {
		return fmt.Errorf("%w: field %d has wire type %d, want %d", errOTLPMalformed, f.num, f.typ, typ)
	}
	return nil
}

// id copies an id field into dst; empty means the zero id, any other
// length is malformed, as pdata has it.
func (p *otlpParser) id(f field, dst []byte) error {
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
func (p *otlpParser) status(b []byte) error {
	r := &p.blocks.row
	return fields(b, func(f field) error {
		switch f.num {
		case 2:
			v, err := p.stringField(f)
			r.statusMessage = v
			return err
		case 3:
			if err := wantType(f, protowire.VarintType); err != nil || !p.apply {
				return err
			}
			r.statusCode = ptrace.StatusCode(int32(f.u)).String()
		}
		return nil
	})
}

// event walks Event: fixed64 time_unix_nano = 1, string name = 2,
// repeated KeyValue attributes = 3.
func (p *otlpParser) event(b []byte) error {
	r := &p.blocks.row
	var e eventRow
	start := len(r.nested)
	err := fields(b, func(f field) error {
		switch f.num {
		case 1:
			if err := wantType(f, protowire.Fixed64Type); err != nil {
				return err
			}
			e.time = f.u
		case 2:
			v, err := p.stringField(f)
			e.name = v
			return err
		case 3:
			return p.attribute(f, &r.nested)
		}
		return nil
	})
	if err != nil || !p.apply {
		return err
	}
	e.attrs = r.nested[start:len(r.nested):len(r.nested)]
	r.events = append(r.events, e)
	return nil
}

// link walks Link: bytes trace_id = 1, bytes span_id = 2, string
// trace_state = 3, repeated KeyValue attributes = 4.
func (p *otlpParser) link(b []byte) error {
	r := &p.blocks.row
	var l linkRow
	var traceID [16]byte
	var spanID [8]byte
	start := len(r.nested)
	err := fields(b, func(f field) error {
		switch f.num {
		case 1:
			return p.id(f, traceID[:])
		case 2:
			return p.id(f, spanID[:])
		case 3:
			v, err := p.stringField(f)
			l.traceState = v
			return err
		case 4:
			return p.attribute(f, &r.nested)
		}
		return nil
	})
	if err != nil || !p.apply {
		return err
	}
	l.traceID = traceIDHex(traceID)
	l.spanID = spanIDHex(spanID)
	l.attrs = r.nested[start:len(r.nested):len(r.nested)]
	r.links = append(r.links, l)
	return nil
}

// keyValue walks KeyValue: string key = 1, AnyValue value = 2.
func (p *otlpParser) keyValue(b []byte, a *rowAttr) error {
	return fields(b, func(f field) error {
		switch f.num {
		case 1:
			v, err := p.stringField(f)
			a.key = v
			return err
		case 2:
			if err := wantType(f, protowire.BytesType); err != nil {
				return err
			}
			return p.anyValue(f.b, a, false)
		}
		return nil
	})
}

// anyValue walks AnyValue, a oneof whose last field wins: string 1, bool
// 2, int64 3, double 4, ArrayValue 5, KeyValueList 6, bytes 7. Maps, and
// arrays within arrays (inArray), are left to pdata (needsPdata).
func (p *otlpParser) anyValue(b []byte, a *rowAttr, inArray bool) error {
	*a = rowAttr{key: a.key, typ: pcommon.ValueTypeEmpty}
	return fields(b, func(f field) error {
		switch f.num {
		case 1, 7:
			if err := wantType(f, protowire.BytesType); err != nil || !p.apply {
				return err
			}
			if f.num == 1 {
				a.typ, a.value = pcommon.ValueTypeStr, p.str(f.b)
			} else {
				a.typ, a.value = pcommon.ValueTypeBytes, base64.StdEncoding.EncodeToString(f.b)
			}
		case 2, 3:
			if err := wantType(f, protowire.VarintType); err != nil || !p.apply {
				return err
			}
			if f.num == 2 {
				a.typ, a.value = pcommon.ValueTypeBool, strconv.FormatBool(f.u != 0)
			} else {
				a.typ, a.i = pcommon.ValueTypeInt, int64(f.u)
				a.value = strconv.FormatInt(a.i, 10)
			}
		case 4:
			if err := wantType(f, protowire.Fixed64Type); err != nil || !p.apply {
				return err
			}
			a.typ, a.d = pcommon.ValueTypeDouble, math.Float64frombits(f.u)
			a.value = pcommon.NewValueDouble(a.d).AsString()
		case 5:
			if err := wantType(f, protowire.BytesType); err != nil {
				return err
			}
			if inArray {
				p.needsPdata = true
				return nil
			}
			return p.arrayValue(f.b, a)
		case 6:
			if err := wantType(f, protowire.BytesType); err != nil {
				return err
			}
			p.needsPdata = true
		}
		return nil
	})
}

// arrayValue walks ArrayValue (repeated AnyValue values = 1) of scalars:
// the attribute's list holds each element rendered, its value the JSON
// pdata renders for the array.
func (p *otlpParser) arrayValue(b []byte, a *rowAttr) error {
	var raw []any
	var list []string
	err := fields(b, func(f field) error {
		if ok, err := f.is(1, protowire.BytesType); !ok {
			return err
		}
		var e rowAttr
		if err := p.anyValue(f.b, &e, true); err != nil || !p.apply {
			return err
		}
		list = append(list, e.value)
		raw = append(raw, rawScalar(&e))
		return nil
	})
	if err != nil || !p.apply {
		return err
	}
	a.typ, a.list = pcommon.ValueTypeSlice, list
	if list == nil {
		raw = []any{}
	}
	a.value = jsonNoHTMLEscape(raw)
	return nil
}

// rawScalar returns a scalar element as pcommon.Value.AsRaw does, for
// JSON: string, bool, int64, float64, []byte or nil.
func rawScalar(e *rowAttr) any {
	switch e.typ {
	case pcommon.ValueTypeStr:
		return e.value
	case pcommon.ValueTypeBool:
		return e.value == "true"
	case pcommon.ValueTypeInt:
		return e.i
	case pcommon.ValueTypeDouble:
		return e.d
	case pcommon.ValueTypeBytes:
		b, _ := base64.StdEncoding.DecodeString(e.value)
		return b
	}
	return nil
}

// jsonNoHTMLEscape renders v as JSON without escaping <, > and &, as
// pcommon.Value.AsString renders slices.
func jsonNoHTMLEscape(v any) string {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return ""
	}
	return strings.TrimRight(buf.String(), "\n")
}
