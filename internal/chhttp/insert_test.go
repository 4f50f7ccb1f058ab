package chhttp

import (
	"errors"
	"reflect"
	"testing"
)

func TestParseInsert(t *testing.T) {
	tests := []struct {
		name    string
		query   string
		want    *insertStatement
		notData bool
		wantErr bool
	}{
		{name: "clickhouse-go batch", query: "INSERT INTO otel_traces (Timestamp, TraceId, `Events.Timestamp`, Events.Name) FORMAT Native",
			want: &insertStatement{Table: "otel_traces", Columns: []string{"Timestamp", "TraceId", "Events.Timestamp", "Events.Name"}, Format: "Native"}},
		{name: "db and quoting", query: "insert into `my db`.\"t``x\" (\"a b\") values (1)",
			want: &insertStatement{Database: "my db", Table: "t``x", Columns: []string{"a b"}, Format: "Values", Data: " (1)"}},
		{name: "table keyword and settings", query: "INSERT INTO TABLE t SETTINGS async_insert = 1, insert_deduplication_token = 'a''b' FORMAT JSONEachRow\n{\"a\":1}\n",
			want: &insertStatement{Table: "t", Settings: []insertSetting{{"async_insert", "1"}, {"insert_deduplication_token", `'a\'b'`}}, Format: "JSONEachRow", Data: "{\"a\":1}\n"}},
		{name: "comments", query: "/* c */ INSERT -- x\n INTO t FORMAT CSV",
			want: &insertStatement{Table: "t", Format: "CSV"}},
		{name: "insert select", query: "INSERT INTO t SELECT 1", notData: true},
		{name: "insert from infile", query: "INSERT INTO t FROM INFILE 'x' FORMAT CSV", notData: true},
		{name: "select", query: "SELECT 1", notData: true},
		{name: "table function", query: "INSERT INTO FUNCTION file('x') FORMAT CSV", wantErr: true},
		{name: "unclosed columns", query: "INSERT INTO t (a FORMAT Native", wantErr: true},
		{name: "no format", query: "INSERT INTO t (a)", wantErr: true},
		{name: "bad setting", query: "INSERT INTO t SETTINGS x FORMAT CSV", wantErr: true},
		{name: "unterminated quote", query: "INSERT INTO `t FORMAT CSV", wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := parseInsert(tt.query)
			switch {
			case tt.notData:
				if !errors.Is(err, errNotDataInsert) {
					t.Fatalf("err = %v, want errNotDataInsert", err)
				}
			case tt.wantErr:
				if err == nil || errors.Is(err, errNotDataInsert) {
					t.Fatalf("err = %v, want a parse error", err)
				}
			default:
				if err != nil {
					t.Fatal(err)
				}
				if !reflect.DeepEqual(got, tt.want) {
					t.Errorf("got %+v\nwant %+v", got, tt.want)
				}
			}
		})
	}
}

func TestInsertInfile(t *testing.T) {
	st := &insertStatement{Database: "d", Table: "t", Columns: []string{"Events.Name"}, Settings: []insertSetting{{"async_insert", "1"}}, Format: "Native"}
	want := "INSERT INTO `d`.`t` (`Events.Name`) FROM INFILE '/tmp/it\\'s/data' COMPRESSION 'none' SETTINGS async_insert = 1 FORMAT Native"
	if got := st.infile("/tmp/it's/data"); got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}

func FuzzParseInsert(f *testing.F) {
	for _, seed := range []string{
		"INSERT INTO t (a, b) FORMAT Native",
		"INSERT INTO `d`.`t` VALUES (1)",
		"insert into \"x\"\"y\" (`a.b`) settings k = 'v\\'', n = -1.5 format TSV\n1\n",
		"INSERT INTO t SELECT 1",
		"INSERT INTO t (`\\0`) FORMAT CSV",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, q string) {
		st, err := parseInsert(q)
		if err != nil {
			return
		}
		again, err := parseInsert(st.head())
		if err != nil {
			t.Fatalf("re-parse %q (from %q): %v", st.head(), q, err)
		}
		st.Data = ""
		if !reflect.DeepEqual(st, again) {
			t.Fatalf("re-parse of %q differs:\n%+v\n%+v", st.head(), st, again)
		}
	})
}
