package report

import (
	"context"
	"fmt"
	"io"
	"reflect"
	"slices"
	"strings"
	"text/tabwriter"
	"time"
	"unicode/utf8"

	"github.com/ClickHouse/clickhouse-go/v2/lib/driver"
)

// maxCellRunes is where a table cell is cut, so one long value does not
// hide the rest of the table.
const maxCellRunes = 80

// Table is a query's result as text cells.
type Table struct {
	Columns []string
	Rows    [][]string
}

// QueryTable runs query and returns its result as text.
func QueryTable(ctx context.Context, conn driver.Conn, query string) (Table, error) {
	rows, err := conn.Query(ctx, query)
	if err != nil {
		return Table{}, fmt.Errorf("query: %w", err)
	}
	defer rows.Close()
	types := rows.ColumnTypes()
	t := Table{Columns: rows.Columns()}
	for rows.Next() {
		dest := make([]any, len(types))
		for i, ct := range types {
			dest[i] = reflect.New(ct.ScanType()).Interface()
		}
		if err := rows.Scan(dest...); err != nil {
			return Table{}, fmt.Errorf("query: read row %d: %w", len(t.Rows)+1, err)
		}
		row := make([]string, len(dest))
		for i, d := range dest {
			row[i] = formatValue(reflect.ValueOf(d).Elem())
		}
		t.Rows = append(t.Rows, row)
	}
	if err := rows.Err(); err != nil {
		return Table{}, fmt.Errorf("query: read rows: %w", err)
	}
	return t, nil
}

// Print writes the table aligned, cells cut at maxCellRunes, then the row
// count.
func (t Table) Print(w io.Writer) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, strings.Join(t.Columns, "\t"))
	for _, row := range t.Rows {
		cells := make([]string, len(row))
		for i, c := range row {
			cells[i] = cell(c)
		}
		fmt.Fprintln(tw, strings.Join(cells, "\t"))
	}
	if err := tw.Flush(); err != nil {
		return fmt.Errorf("print table: %w", err)
	}
	noun := "rows"
	if len(t.Rows) == 1 {
		noun = "row"
	}
	_, err := fmt.Fprintf(w, "(%d %s)\n", len(t.Rows), noun)
	return err
}

// cellEscaper shows line breaks and tabs as escapes; read-only.
var cellEscaper = strings.NewReplacer("\n", `\n`, "\t", `\t`, "\r", `\r`)

// cell makes a value fit on one line of a table.
func cell(s string) string {
	s = cellEscaper.Replace(s)
	if utf8.RuneCountInString(s) <= maxCellRunes {
		return s
	}
	r := []rune(s)
	return string(r[:maxCellRunes-1]) + "…"
}

// formatValue renders one scanned value: times in UTC with nanoseconds,
// maps with sorted keys, NULL for nil pointers.
func formatValue(v reflect.Value) string {
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if v.IsNil() {
			return "NULL"
		}
		return formatValue(v.Elem())
	}
	switch x := v.Interface().(type) {
	case time.Time:
		return x.UTC().Format("2006-01-02 15:04:05.999999999")
	case fmt.Stringer:
		return x.String()
	}
	switch v.Kind() {
	case reflect.Map:
		keys := v.MapKeys()
		slices.SortFunc(keys, func(a, b reflect.Value) int { return strings.Compare(formatValue(a), formatValue(b)) })
		parts := make([]string, len(keys))
		for i, k := range keys {
			parts[i] = formatValue(k) + ":" + formatValue(v.MapIndex(k))
		}
		return "{" + strings.Join(parts, ", ") + "}"
	case reflect.Slice, reflect.Array:
		if v.Type().Elem().Kind() == reflect.Uint8 && v.Kind() == reflect.Slice {
			return string(v.Bytes())
		}
		parts := make([]string, v.Len())
		for i := range parts {
			parts[i] = formatValue(v.Index(i))
		}
		return "[" + strings.Join(parts, ", ") + "]"
	}
	return fmt.Sprint(v.Interface())
}
