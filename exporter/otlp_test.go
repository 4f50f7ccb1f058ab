package exporter

import (
	"bytes"
	"errors"
	"math"
	"strings"
	"testing"

	chproto "github.com/ClickHouse/ch-go/proto"
	"go.opentelemetry.io/collector/pdata/pcommon"
	"go.opentelemetry.io/collector/pdata/ptrace"
	"google.golang.org/protobuf/encoding/protowire"

	"github.com/otelaudit/otelaudit/internal/benchdata"
)

// oddTraces returns spans with every kind of attribute value, unknown span
// kinds and status codes, empty ids, several resources (one without
// service.name) and scopes, events and links.
func oddTraces() ptrace.Traces {
	td := ptrace.NewTraces()
	for r := range 3 {
		rs := td.ResourceSpans().AppendEmpty()
		if r != 1 {
			rs.Resource().Attributes().PutStr("service.name", []string{"a", "", "c"}[r])
		}
		rs.Resource().Attributes().PutInt("process.pid", int64(100+r))
		for s := range 2 {
			ss := rs.ScopeSpans().AppendEmpty()
			ss.Scope().SetName("scope")
			if s == 1 {
				ss.Scope().SetVersion("1.0")
				ss.Scope().Attributes().PutStr("scope.attr", "x")
			}
			for i := range 4 {
				span := ss.Spans().AppendEmpty()
				if i != 3 {
					span.SetTraceID(pcommon.TraceID{1, byte(r), byte(s), byte(i)})
					span.SetSpanID(pcommon.SpanID{2, byte(r), byte(s), byte(i)})
				}
				if i%2 == 1 {
					span.SetParentSpanID(pcommon.SpanID{3, byte(i)})
				}
				span.SetName("op <&>")
				span.SetKind(ptrace.SpanKind(i + 3)) // 6 is not a kind
				span.SetStartTimestamp(pcommon.Timestamp(1e18 + uint64(i)))
				span.SetEndTimestamp(pcommon.Timestamp(1e18 + uint64(i*i) - 1))
				span.Status().SetCode(ptrace.StatusCode(i % 4))
				span.Status().SetMessage("msg")
				span.TraceState().FromRaw("k=v")
				a := span.Attributes()
				a.PutStr("gen_ai.operation.name", []string{"invoke_agent", "chat"}[i%2])
				a.PutStr("s", "a <b> & c")
				a.PutBool("b", i%2 == 0)
				a.PutInt("i", -int64(i)*1e12)
				for j, d := range []float64{0.1, 1e21, 1e-7, -0.0, math.NaN(), math.Inf(-1), 12345678.9} {
					a.PutDouble(string(rune('d'+j)), d)
				}
				a.PutEmptyBytes("bytes").FromRaw([]byte{0, 1, 2, 250})
				a.PutEmpty("empty")
				sl := a.PutEmptySlice("audit.redaction.kinds")
				sl.AppendEmpty().SetStr("email")
				sl.AppendEmpty().SetStr("<card>")
				mixed := a.PutEmptySlice("mixed")
				mixed.AppendEmpty().SetInt(7)
				mixed.AppendEmpty().SetDouble(2.5)
				mixed.AppendEmpty().SetBool(true)
				mixed.AppendEmpty().SetEmptyBytes().FromRaw([]byte("hi"))
				mixed.AppendEmpty()
				a.PutEmptySlice("none")
				a.PutStr("gen_ai.usage.input_tokens", "12")
				a.PutDouble("audit.cost.usd", 0.25)
				a.PutStr("s", "duplicate key") // replaces: pdata maps keep one entry per key
				for e := range i {
					ev := span.Events().AppendEmpty()
					ev.SetName("ev")
					ev.SetTimestamp(pcommon.Timestamp(5 + e))
					ev.Attributes().PutInt("n", int64(e))
				}
				if i == 2 {
					l := span.Links().AppendEmpty()
					l.SetTraceID(pcommon.TraceID{9})
					l.SetSpanID(pcommon.SpanID{8})
					l.TraceState().FromRaw("a=b")
					l.Attributes().PutStr("why", "follows")
					span.Links().AppendEmpty() // empty ids, no attributes
				}
			}
		}
	}
	return td
}

// encodeBlocks returns both blocks of b encoded.
func encodeBlocks(t *testing.T, b *Blocks) []byte {
	t.Helper()
	var buf chproto.Buffer
	for _, blk := range []interface{ EncodeHTTP(*chproto.Buffer) error }{b.Traces(), b.Audit()} {
		if err := blk.EncodeHTTP(&buf); err != nil {
			t.Fatal(err)
		}
	}
	return buf.Buf
}

// perSpan returns td as one TracesData per span, as the durable spool
// stores spans.
func perSpan(t testing.TB, td ptrace.Traces) [][]byte {
	t.Helper()
	var out [][]byte
	var m ptrace.ProtoMarshaler
	for _, rs := range td.ResourceSpans().All() {
		for _, ss := range rs.ScopeSpans().All() {
			for _, span := range ss.Spans().All() {
				one := ptrace.NewTraces()
				ors := one.ResourceSpans().AppendEmpty()
				rs.Resource().CopyTo(ors.Resource())
				oss := ors.ScopeSpans().AppendEmpty()
				ss.Scope().CopyTo(oss.Scope())
				span.CopyTo(oss.Spans().AppendEmpty())
				data, err := m.MarshalTraces(one)
				if err != nil {
					t.Fatal(err)
				}
				out = append(out, data)
			}
		}
	}
	return out
}

// TestAppendOTLPMatchesPdata checks that rows appended straight from OTLP
// bytes encode to exactly the bytes of the pdata path, for whole batches
// and for one record per span.
func TestAppendOTLPMatchesPdata(t *testing.T) {
	var m ptrace.ProtoMarshaler
	for name, td := range map[string]ptrace.Traces{
		"sample":    sampleTraces(),
		"odd":       oddTraces(),
		"benchdata": benchdata.Traces(200, 0.3, 7),
	} {
		t.Run(name, func(t *testing.T) {
			data, err := m.MarshalTraces(td)
			if err != nil {
				t.Fatal(err)
			}
			want := NewBlocks()
			want.AppendTraces(td)
			got := NewBlocks()
			if err := got.AppendOTLP(data); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(encodeBlocks(t, got), encodeBlocks(t, want)) {
				t.Fatal("whole batch: OTLP and pdata rows differ")
			}
			if got.Traces().Rows() != td.SpanCount() {
				t.Fatalf("%d rows for %d spans", got.Traces().Rows(), td.SpanCount())
			}

			got.Reset()
			for _, rec := range perSpan(t, td) {
				if err := got.AppendOTLP(rec); err != nil {
					t.Fatal(err)
				}
			}
			if !bytes.Equal(encodeBlocks(t, got), encodeBlocks(t, want)) {
				t.Fatal("one record per span: OTLP and pdata rows differ")
			}
		})
	}
}

// TestAppendOTLPMapsAndNestedArrays checks that map values and arrays
// holding maps or arrays render as pdata renders them.
func TestAppendOTLPMapsAndNestedArrays(t *testing.T) {
	for name, set := range map[string]func(pcommon.Map){
		"map": func(a pcommon.Map) {
			m := a.PutEmptyMap("m")
			m.PutStr("z", "<last>")
			m.PutInt("a", 1)
			m.PutEmptySlice("list").AppendEmpty().SetDouble(1e-9)
			m.PutEmptyMap("inner").PutEmptyBytes("b").FromRaw([]byte{1})
			m.PutEmpty("nothing")
		},
		"empty map":    func(a pcommon.Map) { a.PutEmptyMap("m") },
		"nested array": func(a pcommon.Map) { a.PutEmptySlice("n").AppendEmpty().SetEmptySlice().AppendEmpty().SetStr("x") },
		"map in array": func(a pcommon.Map) {
			s := a.PutEmptySlice("audit.redaction.kinds")
			s.AppendEmpty().SetEmptyMap().PutInt("k", 1)
			s.AppendEmpty().SetStr("email")
		},
		"NaN in array": func(a pcommon.Map) { a.PutEmptySlice("n").AppendEmpty().SetDouble(math.NaN()) },
		"empty bytes in array": func(a pcommon.Map) {
			a.PutEmptySlice("n").AppendEmpty().SetEmptyBytes()
			a.PutEmptyBytes("b")
		},
	} {
		t.Run(name, func(t *testing.T) {
			td := sampleTraces()
			set(td.ResourceSpans().At(0).ScopeSpans().At(0).Spans().At(0).Attributes())
			data, err := (&ptrace.ProtoMarshaler{}).MarshalTraces(td)
			if err != nil {
				t.Fatal(err)
			}
			sameRows(t, data, td)
		})
	}
}

// TestAppendOTLPMalformed checks that records of one span that do not
// decode append nothing and say they are malformed.
func TestAppendOTLPMalformed(t *testing.T) {
	data, err := (&ptrace.ProtoMarshaler{}).MarshalTraces(sampleTraces())
	if err != nil {
		t.Fatal(err)
	}
	for name, bad := range map[string][]byte{
		"truncated":   data[:len(data)-3],
		"garbage":     []byte{0xff, 0xff, 0xff, 0xff},
		"wrong type":  {0x0d, 1, 2, 3, 4}, // resource_spans as fixed32
		"bad id size": badIDRecord(t),
	} {
		t.Run(name, func(t *testing.T) {
			b := NewBlocks()
			if err := b.AppendOTLP(bad); !errors.Is(err, errOTLPMalformed) {
				t.Fatalf("AppendOTLP: %v, want errOTLPMalformed", err)
			}
			if b.Traces().Rows() != 0 || b.Audit().Rows() != 0 {
				t.Errorf("%d traces and %d audit rows appended from bad bytes", b.Traces().Rows(), b.Audit().Rows())
			}
		})
	}
}

// badIDRecord returns a TracesData whose one span has a 3-byte span id.
func badIDRecord(t *testing.T) []byte {
	t.Helper()
	span := []byte{0x12, 3, 1, 2, 3}                     // span_id = 2, 3 bytes
	ss := append([]byte{0x12, byte(len(span))}, span...) // ScopeSpans.spans = 2
	rs := append([]byte{0x12, byte(len(ss))}, ss...)     // ResourceSpans.scope_spans = 2
	return append([]byte{0x0a, byte(len(rs))}, rs...)    // TracesData.resource_spans = 1
}

// FuzzAppendOTLP checks AppendOTLP against the pdata path on any bytes:
// what ptrace.ProtoUnmarshaler rejects, AppendOTLP rejects too; what
// AppendOTLP accepts, pdata decodes into the same rows. (AppendOTLP may
// reject odd encodings pdata skips, such as groups in unknown fields: the
// durable shipper then takes the pdata path.)
func FuzzAppendOTLP(f *testing.F) {
	var m ptrace.ProtoMarshaler
	for _, td := range []ptrace.Traces{sampleTraces(), oddTraces()} {
		data, err := m.MarshalTraces(td)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		td, pdataErr := (&ptrace.ProtoUnmarshaler{}).UnmarshalTraces(data)
		got := NewBlocks()
		err := got.AppendOTLP(data)
		if pdataErr != nil {
			if err == nil {
				t.Fatalf("pdata rejects the bytes (%v), AppendOTLP accepts them", pdataErr)
			}
			return
		}
		if err != nil {
			return
		}
		want := NewBlocks()
		want.AppendTraces(td)
		if !bytes.Equal(encodeBlocks(t, got), encodeBlocks(t, want)) {
			t.Fatal("OTLP and pdata rows differ")
		}
	})
}

// TestAppendOTLPRepeatedValueField checks a KeyValue whose value field
// comes twice, as pdata reads it: the second is read into the first, so a
// value without a oneof field keeps the first one's (at the top and inside
// a map), and one with a field replaces it.
func TestAppendOTLPRepeatedValueField(t *testing.T) {
	msg := func(num protowire.Number, parts ...[]byte) []byte {
		return protowire.AppendBytes(protowire.AppendTag(nil, num, protowire.BytesType), bytes.Join(parts, nil))
	}
	str := func(num protowire.Number, s string) []byte { return msg(num, []byte(s)) }
	unknown := protowire.AppendFixed32(protowire.AppendTag(nil, 13, protowire.Fixed32Type), 0)
	intValue := protowire.AppendVarint(protowire.AppendTag(nil, 3, protowire.VarintType), 3)
	attrs := [][]byte{
		msg(9, str(1, "array"), msg(2, msg(5, msg(1, intValue))), msg(2, unknown)),
		msg(9, str(1, "map"), msg(2, msg(6, msg(1, str(1, "k"), msg(2, str(1, "x")), msg(2, unknown))))),
		msg(9, str(1, "replaced"), msg(2, str(1, "x")), msg(2, intValue)),
	}
	span := append(append(str(1, strings.Repeat("t", 16)), str(2, strings.Repeat("s", 8))...), str(5, "span")...)
	span = append(span, bytes.Join(attrs, nil)...)
	data := msg(1, msg(2, msg(2, span)))

	td, err := (&ptrace.ProtoUnmarshaler{}).UnmarshalTraces(data)
	if err != nil {
		t.Fatal(err)
	}
	if v, _ := td.ResourceSpans().At(0).ScopeSpans().At(0).Spans().At(0).Attributes().Get("array"); v.Type() != pcommon.ValueTypeSlice {
		t.Fatalf("pdata reads the array attribute as %v", v.Type())
	}
	sameRows(t, data, td)
}

// sameRows checks that AppendOTLP builds from data the rows AppendTraces
// builds from td, pdata's decoding of data.
func sameRows(t *testing.T, data []byte, td ptrace.Traces) {
	t.Helper()
	got, want := NewBlocks(), NewBlocks()
	if err := got.AppendOTLP(data); err != nil {
		t.Fatal(err)
	}
	want.AppendTraces(td)
	if !bytes.Equal(encodeBlocks(t, got), encodeBlocks(t, want)) {
		t.Fatal("OTLP and pdata rows differ")
	}
}
