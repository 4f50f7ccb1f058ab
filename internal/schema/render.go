package schema

import (
	"embed"
	"fmt"
	"strings"
	"text/template"
)

//go:embed sql/*.sql
var sqlFiles embed.FS

// templates holds every embedded statement, parsed once; it is never
// modified after package initialisation.
var templates = template.Must(
	template.New("").Funcs(template.FuncMap{"ident": quoteIdent}).ParseFS(sqlFiles, "sql/*.sql"),
)

// ddlFiles lists the DDL templates in the order they must run.
var ddlFiles = []string{
	"create_database.sql",
	"traces_table.sql",
	"traces_trace_id_ts_table.sql",
	"traces_trace_id_ts_mv.sql",
	"audit_table.sql",
}

// quoteIdent backquotes an identifier that Config.Validate accepted, so it
// contains no quote or backslash to escape.
func quoteIdent(s string) string { return "`" + s + "`" }

// data is what the templates see.
type data struct {
	Config
	TraceIDTSTable string
	TraceIDTSView  string
}

// Statements returns the DDL that creates the database and every table and
// view, in the order to run them. Every statement is idempotent
// (IF NOT EXISTS).
func Statements(c Config) ([]string, error) {
	d, err := newData(c)
	if err != nil {
		return nil, err
	}
	stmts := make([]string, 0, len(ddlFiles))
	for _, name := range ddlFiles {
		s, err := render(name, d)
		if err != nil {
			return nil, err
		}
		stmts = append(stmts, s)
	}
	return stmts, nil
}

// TracesInsert returns the INSERT statement (column list, no VALUES) for a
// batch of rows into the traces table, in the column order of the
// contrib clickhouseexporter.
func TracesInsert(c Config) (string, error) { return renderOne("traces_insert.sql", c) }

// AuditInsert returns the INSERT statement (column list, no VALUES) for a
// batch of rows into the audit table.
func AuditInsert(c Config) (string, error) { return renderOne("audit_insert.sql", c) }

// renderOne validates c and renders one template.
func renderOne(name string, c Config) (string, error) {
	d, err := newData(c)
	if err != nil {
		return "", err
	}
	return render(name, d)
}

// newData applies defaults, validates c and derives the lookup names.
func newData(c Config) (data, error) {
	c = c.WithDefaults()
	if err := c.Validate(); err != nil {
		return data{}, err
	}
	return data{
		Config:         c,
		TraceIDTSTable: c.TracesTable + "_trace_id_ts",
		TraceIDTSView:  c.TracesTable + "_trace_id_ts_mv",
	}, nil
}

// render executes one template and trims surrounding white space.
func render(name string, d data) (string, error) {
	var b strings.Builder
	if err := templates.ExecuteTemplate(&b, name, d); err != nil {
		return "", fmt.Errorf("schema: render %s: %w", name, err)
	}
	return strings.TrimSpace(b.String()), nil
}
