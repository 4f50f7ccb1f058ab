package schema

import (
	"embed"
	"fmt"
	"regexp"
	"strings"
	"text/template"
)

//go:embed sql/*.sql sql/migrations/*.sql
var sqlFiles embed.FS

// templates holds every embedded statement, parsed once under its file's
// base name; it is never modified after package initialisation.
var templates = template.Must(
	template.New("").Funcs(template.FuncMap{
		"quoteIdent": quoteIdent,
		"quote":      quoteString,
	}).ParseFS(sqlFiles, "sql/*.sql", "sql/migrations/*.sql"),
)

// statementEnd matches the ";" that ends a statement at the end of a line.
var statementEnd = regexp.MustCompile(`(?m);[ \t]*$`)

// Statements returns every statement that creates the schema from nothing,
// in the order to run them: the database and the migrations table, then
// the statements of every migration (see Migrations). Each is idempotent:
// CREATE ... IF NOT EXISTS, and the price seed is a block that ClickHouse
// recognises when inserted again. Migrate runs the same statements and
// records what it applied; Statements is for tests and tools that want
// the whole schema at once.
func Statements(c Config) ([]string, error) {
	d, err := newData(c)
	if err != nil {
		return nil, err
	}
	stmts, err := renderStatements("bootstrap.sql", d)
	if err != nil {
		return nil, err
	}
	ms, err := migrations(d)
	if err != nil {
		return nil, err
	}
	for _, m := range ms {
		stmts = append(stmts, m.Statements...)
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

// render executes one template and trims surrounding white space.
func render(name string, d data) (string, error) {
	var b strings.Builder
	if err := templates.ExecuteTemplate(&b, name, d); err != nil {
		return "", fmt.Errorf("schema: render %s: %w", name, err)
	}
	return strings.TrimSpace(b.String()), nil
}

// renderStatements renders a template holding statements that each end
// with ";" at the end of a line, and returns them without the ";", leaving
// out the empty ones (a Distributed table on a single node).
func renderStatements(name string, d data) ([]string, error) {
	text, err := render(name, d)
	if err != nil {
		return nil, err
	}
	var stmts []string
	for _, s := range statementEnd.Split(text, -1) {
		if s = strings.TrimSpace(s); s != "" {
			stmts = append(stmts, s)
		}
	}
	return stmts, nil
}
