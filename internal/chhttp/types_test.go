package chhttp

import (
	"context"
	"reflect"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"
)

// typesRow holds one row of every column type the project's schema uses.
type typesRow struct {
	S       string
	LC      string
	FS      string
	U8      uint8
	U16     uint16
	U32     uint32
	U64     uint64
	I32     int32
	I64     int64
	F64     float64
	B       bool
	DT      time.Time
	DT64    time.Time
	D       time.Time
	ID      uuid.UUID
	M       map[string]string
	Arr     []string
	ArrDT   []time.Time
	ArrM    []map[string]string
	EvTS    []time.Time
	EvName  []string
	EvAttrs []map[string]string
	NS      *string
	E       string
	Dec     decimal.Decimal
}

// values returns the row as Append arguments, in column order.
func (r *typesRow) values() []any {
	return []any{r.S, r.LC, r.FS, r.U8, r.U16, r.U32, r.U64, r.I32, r.I64, r.F64, r.B, r.DT, r.DT64, r.D, r.ID,
		r.M, r.Arr, r.ArrDT, r.ArrM, r.EvTS, r.EvName, r.EvAttrs, r.NS, r.E, r.Dec}
}

// pointers returns Scan destinations, in column order.
func (r *typesRow) pointers() []any {
	return []any{&r.S, &r.LC, &r.FS, &r.U8, &r.U16, &r.U32, &r.U64, &r.I32, &r.I64, &r.F64, &r.B, &r.DT, &r.DT64, &r.D, &r.ID,
		&r.M, &r.Arr, &r.ArrDT, &r.ArrM, &r.EvTS, &r.EvName, &r.EvAttrs, &r.NS, &r.E, &r.Dec}
}

// normalize puts every time in UTC so rows compare with reflect.DeepEqual.
func (r *typesRow) normalize() {
	utc := func(ts []time.Time) {
		for i := range ts {
			ts[i] = ts[i].UTC()
		}
	}
	r.DT, r.DT64, r.D = r.DT.UTC(), r.DT64.UTC(), r.D.UTC()
	utc(r.ArrDT)
	utc(r.EvTS)
}

const typesDDL = `CREATE TABLE types_t (
	s String,
	lc LowCardinality(String),
	fs FixedString(4),
	u8 UInt8, u16 UInt16, u32 UInt32, u64 UInt64,
	i32 Int32, i64 Int64,
	f64 Float64,
	b Bool,
	dt DateTime,
	dt64 DateTime64(9) CODEC(Delta, ZSTD(1)),
	d Date,
	id UUID,
	m Map(LowCardinality(String), String) CODEC(ZSTD(1)),
	arr Array(String),
	arrdt Array(DateTime64(9)),
	arrm Array(Map(LowCardinality(String), String)),
	Events Nested(Timestamp DateTime64(9), Name LowCardinality(String), Attributes Map(LowCardinality(String), String)),
	ns Nullable(String),
	e Enum8('ok' = 1, 'error' = 2),
	dec Decimal(18, 9)
) ENGINE = MergeTree ORDER BY u64`

func TestRoundTripTypes(t *testing.T) {
	s := server(t)
	conn := client(t, s.Addr(), nil)
	ctx := context.Background()
	execAll(t, conn, typesDDL)

	ns := "present"
	ts := time.Date(2026, 3, 14, 15, 9, 26, 535897932, time.UTC)
	want := []typesRow{
		{
			S: "hello\x00world\n\t'\"", LC: "agent-a", FS: "abcd", U8: 255, U16: 65535, U32: 1<<32 - 1, U64: 1<<64 - 1,
			I32: -1 << 31, I64: -1 << 63, F64: 3.141592653589793, B: true,
			DT: time.Date(2026, 3, 14, 15, 9, 26, 0, time.UTC), DT64: ts, D: time.Date(2026, 3, 14, 0, 0, 0, 0, time.UTC),
			ID:  uuid.MustParse("0190c3e4-7b1a-7cde-8f00-0123456789ab"),
			M:   map[string]string{"gen_ai.operation.name": "chat", "unicode": "žluťoučký 🐎"},
			Arr: []string{"a", "", "c"}, ArrDT: []time.Time{ts, ts.Add(time.Nanosecond)},
			ArrM:    []map[string]string{{"k": "v"}, {}},
			EvTS:    []time.Time{ts, ts.Add(1500 * time.Millisecond)},
			EvName:  []string{"exception", "retry"},
			EvAttrs: []map[string]string{{"exception.type": "Timeout"}, {"attempt": "2"}},
			NS:      &ns, E: "error", Dec: decimal.RequireFromString("123456789.123456789"),
		},
		{
			LC: "", FS: "\x00\x00\x00\x00", U64: 0, DT: time.Unix(0, 0).UTC(), DT64: time.Unix(0, 1).UTC(),
			D: time.Date(1970, 1, 1, 0, 0, 0, 0, time.UTC), M: map[string]string{}, Arr: []string{}, ArrDT: []time.Time{},
			ArrM: []map[string]string{}, EvTS: []time.Time{}, EvName: []string{}, EvAttrs: []map[string]string{},
			E: "ok", Dec: decimal.RequireFromString("-0.000000001"),
		},
	}

	batch, err := conn.PrepareBatch(ctx, "INSERT INTO types_t")
	if err != nil {
		t.Fatal(err)
	}
	defer batch.Close()
	for i := range want {
		if err := batch.Append(want[i].values()...); err != nil {
			t.Fatalf("append row %d: %v", i, err)
		}
	}
	if err := batch.Send(); err != nil {
		t.Fatalf("send: %v", err)
	}

	rows, err := conn.Query(ctx, "SELECT * FROM types_t ORDER BY u64 DESC")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var got []typesRow
	for rows.Next() {
		var r typesRow
		if err := rows.Scan(r.pointers()...); err != nil {
			t.Fatalf("scan: %v", err)
		}
		got = append(got, r)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if len(got) != len(want) {
		t.Fatalf("got %d rows, want %d", len(got), len(want))
	}
	for i := range want {
		t.Run(want[i].E, func(t *testing.T) {
			w, g := want[i], got[i]
			w.normalize()
			g.normalize()
			wv, gv := reflect.ValueOf(w), reflect.ValueOf(g)
			for f := 0; f < wv.NumField(); f++ {
				name := wv.Type().Field(f).Name
				if name == "Dec" {
					if !w.Dec.Equal(g.Dec) {
						t.Errorf("Dec = %s, want %s", g.Dec, w.Dec)
					}
					continue
				}
				if !reflect.DeepEqual(wv.Field(f).Interface(), gv.Field(f).Interface()) {
					t.Errorf("%s = %#v, want %#v", name, gv.Field(f).Interface(), wv.Field(f).Interface())
				}
			}
		})
	}
}

func TestRoundTripJSON(t *testing.T) {
	s := server(t)
	conn := client(t, s.Addr(), nil)
	ctx := context.Background()
	execAll(t, conn, "CREATE TABLE json_t (id UInt64, j JSON) ENGINE = MergeTree ORDER BY id")
	batch, err := conn.PrepareBatch(ctx, "INSERT INTO json_t")
	if err != nil {
		t.Fatal(err)
	}
	defer batch.Close()
	if err := batch.Append(uint64(1), `{"a":{"b":42},"c":"x"}`); err != nil {
		t.Fatal(err)
	}
	if err := batch.Send(); err != nil {
		t.Fatalf("send: %v", err)
	}
	var got string
	if err := conn.QueryRow(ctx, "SELECT toJSONString(j) FROM json_t WHERE id = 1").Scan(&got); err != nil {
		t.Fatal(err)
	}
	if got != `{"a":{"b":"42"},"c":"x"}` && got != `{"a":{"b":42},"c":"x"}` {
		t.Errorf("JSON = %s", got)
	}
	var path int64
	if err := conn.QueryRow(ctx, "SELECT j.a.b::Int64 FROM json_t WHERE id = 1").Scan(&path); err != nil || path != 42 {
		t.Errorf("j.a.b = %d, %v; want 42", path, err)
	}
}

func TestBulkInsert(t *testing.T) {
	s := server(t)
	conn := client(t, s.Addr(), nil)
	ctx := context.Background()
	execAll(t, conn, `CREATE TABLE bulk_t (id UInt64, ts DateTime64(9) CODEC(Delta, ZSTD(1)), agent LowCardinality(String),
		attrs Map(LowCardinality(String), String)) ENGINE = MergeTree ORDER BY id`)
	const n = 100_000
	base := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	start := time.Now()
	batch, err := conn.PrepareBatch(ctx, "INSERT INTO bulk_t")
	if err != nil {
		t.Fatal(err)
	}
	defer batch.Close()
	attrs := map[string]string{"gen_ai.operation.name": "chat", "gen_ai.provider.name": "openai"}
	for i := 0; i < n; i++ {
		if err := batch.Append(uint64(i), base.Add(time.Duration(i)), "agent", attrs); err != nil {
			t.Fatal(err)
		}
	}
	if err := batch.Send(); err != nil {
		t.Fatal(err)
	}
	t.Logf("%d rows in %v (%.0f rows/s, append + send)", n, time.Since(start), n/time.Since(start).Seconds())
	var count, sum uint64
	if err := conn.QueryRow(ctx, "SELECT count(), sum(id) FROM bulk_t").Scan(&count, &sum); err != nil {
		t.Fatal(err)
	}
	if count != n || sum != n*(n-1)/2 {
		t.Errorf("count, sum = %d, %d; want %d, %d", count, sum, n, n*(n-1)/2)
	}
	var last time.Time
	if err := conn.QueryRow(ctx, "SELECT max(ts) FROM bulk_t").Scan(&last); err != nil || !last.Equal(base.Add(n-1)) {
		t.Errorf("max(ts) = %v, %v; want %v", last, err, base.Add(n-1))
	}
}
