package report

import (
	"embed"
	"fmt"
	"strings"
	"text/template"

	"github.com/otelaudit/otelaudit/internal/schema"
)

//go:embed sql/*.sql
var sqlFiles embed.FS

// queries holds every embedded report query, parsed once; it is never
// modified after package initialisation.
var queries = template.Must(template.New("").
	Funcs(template.FuncMap{"ident": func(s string) string { return "`" + s + "`" }}).
	ParseFS(sqlFiles, "sql/*.sql"))

// queryData is what the report templates see: validated names, and
// whether a replay filters by session.
type queryData struct {
	schema.Config
	BySession bool
}

// renderQuery renders sql/<name> with the validated, backquoted names of
// cfg. Values from users never go into the text: they are bound as ?.
func renderQuery(name string, cfg schema.Config, bySession bool) (string, error) {
	cfg = cfg.WithDefaults()
	if err := cfg.Validate(); err != nil {
		return "", err
	}
	var b strings.Builder
	if err := queries.ExecuteTemplate(&b, name, queryData{Config: cfg, BySession: bySession}); err != nil {
		return "", fmt.Errorf("report: render %s: %w", name, err)
	}
	return b.String(), nil
}
