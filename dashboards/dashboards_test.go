package dashboards

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/ClickHouse/clickhouse-go/v2/lib/driver"

	"github.com/otelaudit/otelaudit/internal/enginetest"
	"github.com/otelaudit/otelaudit/internal/schema"
)

// pluginType is the Grafana plugin id of the ClickHouse data source.
const pluginType = "grafana-clickhouse-datasource"

// engine is the package's one embedded store, with the schema and the
// sample rows loaded.
var engine enginetest.Engine

func TestMain(m *testing.M) {
	os.Exit(engine.Main(m, "dashboards-test-*", load))
}

// load creates the schema and inserts the sample rows.
func load(ctx context.Context, c driver.Conn) error {
	stmts, err := schema.Statements(schema.Config{})
	if err != nil {
		return fmt.Errorf("render schema: %w", err)
	}
	stmts = append(stmts, auditInsert(), tracesInsert)
	for _, s := range stmts {
		if err := c.Exec(ctx, s); err != nil {
			return fmt.Errorf("exec %.80q: %w", s, err)
		}
	}
	return nil
}

// db returns the shared client or skips the test when the chDB library is
// missing (TestMain fails instead when CI=true).
func db(t *testing.T) driver.Conn { return engine.Conn(t) }

// --- sample data ---

// Every test query runs over rangeFrom..rangeTo with a one-minute interval.
var (
	rangeFrom = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	rangeTo   = time.Date(2026, 1, 1, 1, 0, 0, 0, time.UTC)
)

// sampleTraceID is the trace of the first sample decision; otel_traces holds
// one span of it.
const sampleTraceID = "0af7651916cd43dd8448eb211c80319c"

// auditRow is one sample decision.
type auditRow struct {
	at                               string // time of day on 2026-01-01, UTC
	session, user, agent, model      string
	input, reasoning, output         string
	outcome, status, errType, errMsg string
	durationMs, inTokens, outTokens  int
	costUSD                          float64
	traceID                          string
}

// auditRows are the sample decisions: seven inside the test time range, one
// (late-agent) after it.
var auditRows = []auditRow{
	{"00:10:05", "s1", "u1", "support-agent", "mock-a", "where is my order?", "look up the order", "it ships today", "success", "Ok", "", "", 10, 100, 20, 0.001, sampleTraceID},
	{"00:10:15", "s1", "u1", "support-agent", "mock-a", "can I get a refund?", "order is eligible", "refund issued", "success", "Ok", "", "", 20, 200, 30, 0.002, "1af7651916cd43dd8448eb211c80319c"},
	{"00:10:25", "s1", "u1", "support-agent", "mock-a", "and the shipping?", "", "", "error", "Error", "timeout", "model call timed out", 30, 300, 0, 0.003, "2af7651916cd43dd8448eb211c80319c"},
	{"00:10:35", "s2", "u2", "support-agent", "mock-b", "change my address", "needs verification", "sent a link", "success", "Ok", "", "", 40, 400, 40, 0.004, "3af7651916cd43dd8448eb211c80319c"},
	{"00:10:45", "s2", "u2", "support-agent", "mock-b", "close my account", "policy: human review", "handed to an agent", "escalated", "Ok", "", "", 50, 500, 50, 0.005, "4af7651916cd43dd8448eb211c80319c"},
	{"00:11:05", "s2", "u2", "support-agent", "mock-b", "why?", "", "", "error", "Error", "rate_limit", "429 from provider", 60, 600, 0, 0.006, "5af7651916cd43dd8448eb211c80319c"},
	{"00:11:15", "s3", "u1", "billing-agent", "mock-b", "waive my fee", "not allowed", "cannot waive", "refused", "Ok", "", "", 70, 700, 70, 0.007, "6af7651916cd43dd8448eb211c80319c"},
	{"02:00:00", "s4", "u4", "late-agent", "mock-a", "too late", "", "ok", "success", "Ok", "", "", 80, 800, 80, 0.008, "7af7651916cd43dd8448eb211c80319c"},
}

// auditInsert returns one INSERT ... VALUES statement with every sample row;
// the variant is the model, as in the demo.
func auditInsert() string {
	var b strings.Builder
	b.WriteString("INSERT INTO otelaudit.audit_decisions (DecisionId, Timestamp, TraceId, SpanId, SessionId, UserId, AgentName, " +
		"Operation, Provider, RequestModel, ResponseModel, Input, Reasoning, Output, Outcome, StatusCode, ErrorType, ErrorMessage, " +
		"DurationNs, InputTokens, OutputTokens, CostUSD, Variant) VALUES\n")
	for i, r := range auditRows {
		if i > 0 {
			b.WriteString(",\n")
		}
		fmt.Fprintf(&b, "(toUUID('00000000-0000-4000-8000-%012d'), toDateTime64('2026-01-01 %s', 9, 'UTC'), %s, %s, %s, %s, %s, "+
			"'invoke_agent', 'mock', %s, %s, %s, %s, %s, %s, %s, %s, %s, %d, %d, %d, %g, %s)",
			i+1, r.at, quote(r.traceID), quote(fmt.Sprintf("%016x", i+1)), quote(r.session), quote(r.user), quote(r.agent),
			quote(r.model), quote(r.model), quote(r.input), quote(r.reasoning), quote(r.output), quote(r.outcome), quote(r.status),
			quote(r.errType), quote(r.errMsg), r.durationMs*1_000_000, r.inTokens, r.outTokens, r.costUSD, quote(r.model))
	}
	return b.String()
}

// tracesInsert adds the span the trace link of the first sample decision
// opens.
const tracesInsert = `INSERT INTO otelaudit.otel_traces (Timestamp, TraceId, SpanId, ParentSpanId, SpanName, SpanKind, ServiceName,
 ResourceAttributes, SpanAttributes, Duration, StatusCode) VALUES
 (toDateTime64('2026-01-01 00:10:05', 9, 'UTC'), '` + sampleTraceID + `', '0000000000000001', '', 'invoke_agent support-agent',
 'Internal', 'support', map('service.name', 'support'), map('gen_ai.agent.name', 'support-agent'), 10000000, 'Ok')`

// quote returns s as a ClickHouse string literal.
func quote(s string) string {
	return "'" + strings.NewReplacer(`\`, `\\`, `'`, `\'`).Replace(s) + "'"
}

// --- dashboard model: the fields the test reads ---

// dashboard is a Grafana dashboard JSON model.
type dashboard struct {
	UID        string  `json:"uid"`
	Title      string  `json:"title"`
	Panels     []panel `json:"panels"`
	Templating struct {
		List []templateVar `json:"list"`
	} `json:"templating"`
}

// panel is a dashboard panel; rows nest their collapsed panels.
type panel struct {
	ID          int            `json:"id"`
	Type        string         `json:"type"`
	Title       string         `json:"title"`
	Datasource  *datasourceRef `json:"datasource"`
	Targets     []target       `json:"targets"`
	FieldConfig struct {
		Defaults struct {
			Links []dataLink `json:"links"`
		} `json:"defaults"`
		Overrides []struct {
			Properties []struct {
				ID    string          `json:"id"`
				Value json.RawMessage `json:"value"`
			} `json:"properties"`
		} `json:"overrides"`
	} `json:"fieldConfig"`
	Panels []panel `json:"panels"`
}

// datasourceRef points at a data source, here always through $datasource.
type datasourceRef struct {
	Type string `json:"type"`
	UID  string `json:"uid"`
}

// target is a ClickHouse plugin query (SQL editor).
type target struct {
	RefID      string         `json:"refId"`
	Datasource *datasourceRef `json:"datasource"`
	EditorType string         `json:"editorType"`
	Format     *int           `json:"format"`
	RawSQL     string         `json:"rawSql"`
}

// templateVar is a dashboard variable; Query is a string for query
// variables of this plugin.
type templateVar struct {
	Type       string          `json:"type"`
	Name       string          `json:"name"`
	Query      json.RawMessage `json:"query"`
	Datasource *datasourceRef  `json:"datasource"`
}

// dataLink is a field data link.
type dataLink struct {
	Title string `json:"title"`
	URL   string `json:"url"`
}

// loadDashboards parses every *.json file in the package directory.
func loadDashboards(t *testing.T) map[string]dashboard {
	t.Helper()
	files, err := filepath.Glob("*.json")
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatal("no dashboard JSON files")
	}
	out := make(map[string]dashboard, len(files))
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var d dashboard
		if err := json.Unmarshal(data, &d); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		out[f] = d
	}
	return out
}

// allPanels returns the panels of d, with the panels nested in rows.
func allPanels(d dashboard) []panel {
	var out []panel
	var walk func([]panel)
	walk = func(ps []panel) {
		for _, p := range ps {
			out = append(out, p)
			walk(p.Panels)
		}
	}
	walk(d.Panels)
	return out
}

// query is one SQL text of a dashboard and where it comes from.
type query struct {
	where  string // e.g. `panel 5 "Decisions per minute by model"`
	title  string // the panel title or variable name
	rawSQL string
}

// queries extracts every SQL query of d: panel targets, query variables and
// the queries of Explore data links.
func queries(t *testing.T, d dashboard) []query {
	t.Helper()
	var out []query
	for _, v := range d.Templating.List {
		if v.Type != "query" {
			continue
		}
		var s string
		if err := json.Unmarshal(v.Query, &s); err != nil {
			t.Fatalf("variable %s: query is not a string: %v", v.Name, err)
		}
		out = append(out, query{where: "variable " + v.Name, title: "$" + v.Name, rawSQL: s})
	}
	for _, p := range allPanels(d) {
		where := fmt.Sprintf("panel %d %q", p.ID, p.Title)
		for _, tg := range p.Targets {
			out = append(out, query{where: where + " target " + tg.RefID, title: p.Title, rawSQL: tg.RawSQL})
		}
		for _, l := range panelLinks(t, p) {
			for _, s := range exploreSQL(t, l) {
				out = append(out, query{where: where + " link " + l.Title, title: "link " + l.Title, rawSQL: s})
			}
		}
	}
	return out
}

// panelLinks returns the data links of p's defaults and overrides.
func panelLinks(t *testing.T, p panel) []dataLink {
	t.Helper()
	links := slices.Clone(p.FieldConfig.Defaults.Links)
	for _, o := range p.FieldConfig.Overrides {
		for _, prop := range o.Properties {
			if prop.ID != "links" {
				continue
			}
			var ls []dataLink
			if err := json.Unmarshal(prop.Value, &ls); err != nil {
				t.Fatalf("panel %d: links: %v", p.ID, err)
			}
			links = append(links, ls...)
		}
	}
	return links
}

// exploreSQL returns the rawSql of the queries in an Explore link's panes
// parameter, or nothing for other links.
func exploreSQL(t *testing.T, l dataLink) []string {
	t.Helper()
	u, err := url.Parse(l.URL)
	if err != nil {
		t.Fatalf("link %q: %v", l.Title, err)
	}
	if u.Path != "/explore" {
		return nil
	}
	params, err := url.ParseQuery(u.RawQuery)
	if err != nil {
		t.Fatalf("link %q: %v", l.Title, err)
	}
	var panes map[string]struct {
		Queries []target `json:"queries"`
	}
	if err := json.Unmarshal([]byte(params.Get("panes")), &panes); err != nil {
		t.Fatalf("link %q: panes: %v", l.Title, err)
	}
	var out []string
	for _, pane := range panes {
		for _, q := range pane.Queries {
			if q.Datasource == nil || q.Datasource.Type != pluginType || q.EditorType != "sql" || q.RawSQL == "" {
				t.Errorf("link %q: query %s is not a SQL query of %s", l.Title, q.RefID, pluginType)
			}
			out = append(out, q.RawSQL)
		}
	}
	return out
}

// --- macro and variable expansion ---

// variable is the current value of a dashboard variable.
type variable struct {
	values []string
	multi  bool // a multi-value variable: its value is a list
	all    bool // "All" is selected
}

// env is what Grafana and the plugin know when they expand a query.
type env struct {
	from, to time.Time
	interval time.Duration
	vars     map[string]variable
}

// expand turns a dashboard query into the ClickHouse SQL the plugin sends,
// in the plugin's order: the frontend expands $__conditionalAll, then the
// template variables (the plugin formats a list as 'a','b'); the backend
// expands the $__ macros. It supports only the macros the dashboards use and
// fails on any other $__ macro or unknown variable, and on "All" outside
// $__conditionalAll (Grafana would expand it to every value).
func expand(sql string, e env) (string, error) {
	sql, err := expandConditionalAll(sql, e)
	if err != nil {
		return "", err
	}
	sql, err = expandVariables(sql, e)
	if err != nil {
		return "", err
	}
	sql, err = expandMacros(sql, e)
	if err != nil {
		return "", err
	}
	if i := strings.IndexByte(sql, '$'); i >= 0 {
		return "", fmt.Errorf("unexpanded $ left at %q", sql[i:min(len(sql), i+30)])
	}
	return sql, nil
}

// conditionalAll is the plugin's frontend macro: $__conditionalAll(cond, $var)
// is cond, or 1=1 when $var is All or empty.
const conditionalAll = "$__conditionalAll("

// varRefPattern matches a lone variable reference, $name or ${name}.
var varRefPattern = regexp.MustCompile(`^\$(?:\{(\w+)\}|(\w+))$`)

// expandConditionalAll expands every $__conditionalAll(cond, $var).
func expandConditionalAll(sql string, e env) (string, error) {
	for {
		i := strings.Index(sql, conditionalAll)
		if i < 0 {
			return sql, nil
		}
		args, end, err := macroArgs(sql, i+len(conditionalAll)-1)
		if err != nil {
			return "", fmt.Errorf("$__conditionalAll: %w", err)
		}
		if len(args) != 2 {
			return "", fmt.Errorf("$__conditionalAll: want 2 arguments, got %d", len(args))
		}
		m := varRefPattern.FindStringSubmatch(args[1])
		if m == nil {
			return "", fmt.Errorf("$__conditionalAll: second argument %q is not a variable", args[1])
		}
		name := m[1] + m[2]
		v, ok := e.vars[name]
		if !ok {
			return "", fmt.Errorf("$__conditionalAll: unknown variable $%s", name)
		}
		phrase := args[0]
		if v.all || len(v.values) == 0 || (len(v.values) == 1 && v.values[0] == "") {
			phrase = "1=1"
		}
		sql = sql[:i] + phrase + sql[end:]
	}
}

// macroArgs splits the parenthesised, comma-separated arguments that start
// at sql[open] == '(' (commas inside nested parentheses do not split) and
// returns them trimmed, with the index just past the closing parenthesis.
func macroArgs(sql string, open int) ([]string, int, error) {
	if open >= len(sql) || sql[open] != '(' {
		return nil, 0, errors.New("missing (")
	}
	var args []string
	depth, start := 0, open+1
	for i := open; i < len(sql); i++ {
		switch sql[i] {
		case '(':
			depth++
		case ')':
			depth--
			if depth == 0 {
				return append(args, strings.TrimSpace(sql[start:i])), i + 1, nil
			}
		case ',':
			if depth == 1 {
				args = append(args, strings.TrimSpace(sql[start:i]))
				start = i + 1
			}
		}
	}
	return nil, 0, errors.New("missing )")
}

// variablePattern matches ${name}, ${name:format} and $name; names may hold
// dots (${__value.raw}). $__name is a macro, left for expandMacros.
var variablePattern = regexp.MustCompile(`\$\{([\w.]+)(?::(\w+))?\}|\$(\w+)`)

// expandVariables replaces every template variable reference.
func expandVariables(sql string, e env) (string, error) {
	var errs []error
	out := variablePattern.ReplaceAllStringFunc(sql, func(ref string) string {
		m := variablePattern.FindStringSubmatch(ref)
		name, format := m[1], m[2]
		if name == "" {
			name = m[3]
			if strings.HasPrefix(name, "__") {
				return ref // a macro
			}
		}
		v, ok := e.vars[name]
		if !ok {
			errs = append(errs, fmt.Errorf("unknown variable %s", ref))
			return ref
		}
		if v.all {
			errs = append(errs, fmt.Errorf("variable %s is All outside $__conditionalAll", ref))
			return ref
		}
		s, err := formatValue(v, format)
		if err != nil {
			errs = append(errs, fmt.Errorf("variable %s: %w", ref, err))
			return ref
		}
		return s
	})
	return out, errors.Join(errs...)
}

// formatValue renders a variable value as Grafana does with format, or, with
// no format, as the plugin does (a list as 'a','b', a single value as is).
func formatValue(v variable, format string) (string, error) {
	switch format {
	case "":
		if !v.multi && len(v.values) == 1 {
			return v.values[0], nil
		}
		return "'" + strings.Join(v.values, "','") + "'", nil
	case "percentencode":
		if !v.multi && len(v.values) == 1 {
			return percentEncode(v.values[0]), nil
		}
		return percentEncode("{" + strings.Join(v.values, ",") + "}"), nil
	case "singlequote":
		quoted := make([]string, len(v.values))
		for i, s := range v.values {
			quoted[i] = "'" + strings.ReplaceAll(s, "'", `\'`) + "'"
		}
		return strings.Join(quoted, ","), nil
	default:
		return "", fmt.Errorf("unsupported format %q", format)
	}
}

// percentEncode escapes every byte but A-Z a-z 0-9 - _ . ~ as %XX, as
// Grafana's percentencode format (encodeURIComponent, also escaping !'()*)
// does for UTF-8 text.
func percentEncode(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case 'A' <= c && c <= 'Z', 'a' <= c && c <= 'z', '0' <= c && c <= '9', c == '-', c == '_', c == '.', c == '~':
			b.WriteByte(c)
		default:
			fmt.Fprintf(&b, "%%%02X", c)
		}
	}
	return b.String()
}

// macroPattern matches a plugin backend macro name.
var macroPattern = regexp.MustCompile(`\$__(\w+)`)

// expandMacros expands the plugin's backend macros the dashboards use:
// $__timeFilter(col), $__timeInterval(col) and $__interval_s, exactly as
// the plugin renders them.
func expandMacros(sql string, e env) (string, error) {
	seconds := max(int(e.interval.Seconds()), 1)
	var b strings.Builder
	for {
		loc := macroPattern.FindStringSubmatchIndex(sql)
		if loc == nil {
			b.WriteString(sql)
			return b.String(), nil
		}
		b.WriteString(sql[:loc[0]])
		name, rest := sql[loc[2]:loc[3]], loc[1]
		switch name {
		case "interval_s":
			b.WriteString(strconv.Itoa(seconds))
		case "timeFilter", "timeInterval":
			args, end, err := macroArgs(sql, loc[1])
			if err != nil {
				return "", fmt.Errorf("$__%s: %w", name, err)
			}
			if len(args) != 1 || args[0] == "" {
				return "", fmt.Errorf("$__%s: want 1 argument, got %q", name, args)
			}
			col := args[0]
			if name == "timeFilter" {
				fmt.Fprintf(&b, "%s >= toDateTime(%d) AND %s <= toDateTime(%d)", col, e.from.Unix(), col, e.to.Unix())
			} else {
				fmt.Fprintf(&b, "toStartOfInterval(toDateTime(%s), INTERVAL %d second)", col, seconds)
			}
			rest = end
		default:
			return "", fmt.Errorf("unsupported macro $__%s", name)
		}
		sql = sql[rest:]
	}
}

func TestExpand(t *testing.T) {
	e := env{
		from:     rangeFrom,
		to:       rangeTo,
		interval: 5 * time.Minute,
		vars: map[string]variable{
			"agent":  {all: true, multi: true},
			"model":  {values: []string{"mock-a", "mock-b"}, multi: true},
			"one":    {values: []string{"mock-a"}, multi: true},
			"text":   {values: []string{"it's"}},
			"empty":  {values: []string{""}},
			"sparse": {values: []string{"x"}},
		},
	}
	tests := []struct {
		name, in, want, wantErr string
	}{
		{name: "timeFilter", in: "WHERE $__timeFilter(Timestamp)",
			want: "WHERE Timestamp >= toDateTime(1767225600) AND Timestamp <= toDateTime(1767229200)"},
		{name: "timeInterval", in: "SELECT $__timeInterval(Timestamp) AS t",
			want: "SELECT toStartOfInterval(toDateTime(Timestamp), INTERVAL 300 second) AS t"},
		{name: "interval_s", in: "count() * 60 / $__interval_s", want: "count() * 60 / 300"},
		{name: "conditionalAll all", in: "$__conditionalAll(AgentName IN (${agent:singlequote}), $agent)", want: "1=1"},
		{name: "conditionalAll selected", in: "$__conditionalAll(M IN (${model:singlequote}), ${model})", want: "M IN ('mock-a','mock-b')"},
		{name: "conditionalAll empty", in: "$__conditionalAll(x = $empty, $empty)", want: "1=1"},
		{name: "plugin list format", in: "M IN ($model) OR M IN ($one)", want: "M IN ('mock-a','mock-b') OR M IN ('mock-a')"},
		{name: "plugin single value", in: "S = '$sparse'", want: "S = 'x'"},
		{name: "singlequote escapes", in: "S = ${text:singlequote} OR S = ${empty:singlequote}", want: `S = 'it\'s' OR S = ''`},
		{name: "percentencode", in: "'${text:percentencode}' '${model:percentencode}'", want: "'it%27s' '%7Bmock-a%2Cmock-b%7D'"},
		{name: "unknown macro", in: "WHERE $__timeFilter_ms(Timestamp)", wantErr: "unsupported macro $__timeFilter_ms"},
		{name: "bad argument count", in: "$__timeInterval(a, b)", wantErr: "want 1 argument"},
		{name: "unknown variable", in: "WHERE x = $nope", wantErr: "unknown variable $nope"},
		{name: "unknown format", in: "${model:csv}", wantErr: `unsupported format "csv"`},
		{name: "all outside conditionalAll", in: "A IN ($agent)", wantErr: "All outside $__conditionalAll"},
		{name: "unclosed macro", in: "$__timeFilter(Timestamp", wantErr: "missing )"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := expand(tt.in, e)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("expand(%q) error = %v, want one containing %q", tt.in, err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("expand(%q): %v", tt.in, err)
			}
			if got != tt.want {
				t.Errorf("expand(%q)\n got %q\nwant %q", tt.in, got, tt.want)
			}
		})
	}
}

// --- dashboard structure ---

func TestDashboardsWellFormed(t *testing.T) {
	uids := map[string]string{}
	for file, d := range loadDashboards(t) {
		t.Run(file, func(t *testing.T) {
			if d.UID == "" || d.Title == "" {
				t.Errorf("uid %q, title %q: want both set", d.UID, d.Title)
			}
			if other, dup := uids[d.UID]; dup {
				t.Errorf("uid %q also used by %s", d.UID, other)
			}
			uids[d.UID] = file
			if !slices.ContainsFunc(d.Templating.List, func(v templateVar) bool {
				return v.Type == "datasource" && v.Name == "datasource" && string(v.Query) == `"`+pluginType+`"`
			}) {
				t.Errorf("no datasource variable for %s", pluginType)
			}
			for _, v := range d.Templating.List {
				if v.Type == "query" && (v.Datasource == nil || v.Datasource.Type != pluginType || v.Datasource.UID != "${datasource}") {
					t.Errorf("variable %s: datasource %+v, want %s ${datasource}", v.Name, v.Datasource, pluginType)
				}
			}
			ids := map[int]bool{}
			for _, p := range allPanels(d) {
				if ids[p.ID] || p.ID <= 0 {
					t.Errorf("panel %q: id %d is not unique and positive", p.Title, p.ID)
				}
				ids[p.ID] = true
				if p.Type == "row" {
					continue
				}
				if p.Datasource == nil || p.Datasource.Type != pluginType || p.Datasource.UID != "${datasource}" {
					t.Errorf("panel %d %q: datasource %+v, want %s ${datasource}", p.ID, p.Title, p.Datasource, pluginType)
				}
				if len(p.Targets) == 0 {
					t.Errorf("panel %d %q: no targets", p.ID, p.Title)
				}
				for _, tg := range p.Targets {
					if tg.RefID == "" || tg.EditorType != "sql" || tg.Format == nil || strings.TrimSpace(tg.RawSQL) == "" {
						t.Errorf("panel %d %q target %q: want refId, editorType sql, format and rawSql", p.ID, p.Title, tg.RefID)
					}
					if tg.Datasource == nil || tg.Datasource.Type != pluginType {
						t.Errorf("panel %d %q target %q: datasource %+v, want %s", p.ID, p.Title, tg.RefID, tg.Datasource, pluginType)
					}
				}
			}
		})
	}
}

// --- the queries against the engine ---

// scenario is one selection of variable values.
type scenario struct {
	name string
	vars map[string]variable
}

// scenarios are the variable selections every query runs with; each
// dashboard ignores the variables it does not declare.
var scenarios = []scenario{
	{"all", map[string]variable{
		"agent": {all: true, multi: true}, "model": {all: true, multi: true},
		"session": {values: []string{"s1"}}, "user": {values: []string{""}},
	}},
	{"selected", map[string]variable{
		"agent": {values: []string{"support-agent"}, multi: true}, "model": {values: []string{"mock-a"}, multi: true},
		"session": {values: []string{""}}, "user": {values: []string{"u1"}},
	}},
	{"session and user", map[string]variable{
		"agent": {values: []string{"support-agent", "billing-agent"}, multi: true}, "model": {values: []string{"mock-a", "mock-b"}, multi: true},
		"session": {values: []string{"s1"}}, "user": {values: []string{"u1"}},
	}},
	{"nothing", map[string]variable{
		"agent": {values: []string{"it's"}, multi: true}, "model": {values: []string{"none"}, multi: true},
		"session": {values: []string{""}}, "user": {values: []string{""}},
	}},
	{"quote in text", map[string]variable{
		"agent": {all: true, multi: true}, "model": {all: true, multi: true},
		"session": {values: []string{`x\' OR 1=1 --`}}, "user": {values: []string{"o'brien"}},
	}},
}

// newEnv returns the expansion environment of a scenario over the sample
// time range, with the Grafana variables of data links.
func newEnv(s scenario) env {
	vars := map[string]variable{
		"datasource":  {values: []string{"otelaudit-clickhouse"}},
		"__value.raw": {values: []string{sampleTraceID}},
	}
	for k, v := range s.vars {
		vars[k] = v
	}
	return env{from: rangeFrom, to: rangeTo, interval: time.Minute, vars: vars}
}

func TestQueriesRun(t *testing.T) {
	c := db(t)
	for file, d := range loadDashboards(t) {
		for _, q := range queries(t, d) {
			for _, s := range scenarios {
				t.Run(file+"/"+q.where+"/"+s.name, func(t *testing.T) {
					sql, err := expand(q.rawSQL, newEnv(s))
					if err != nil {
						t.Fatalf("expand: %v\n%s", err, q.rawSQL)
					}
					if _, err := queryRows(t.Context(), c, sql); err != nil {
						t.Fatalf("%v\n%s", err, sql)
					}
				})
			}
		}
	}
}

func TestPanelResults(t *testing.T) {
	c := db(t)
	dashboards := loadDashboards(t)
	tests := []struct {
		file, title, scenario string
		column                string     // compare only this column, one value a row
		want                  [][]string // full rows, or one-value rows of column
	}{
		{"otelaudit-overview.json", "$agent", "all", "", rows("billing-agent", "support-agent")},
		{"otelaudit-overview.json", "$model", "all", "", rows("mock-a", "mock-b")},
		{"otelaudit-overview.json", "$model", "nothing", "", nil},
		{"otelaudit-overview.json", "Decisions", "all", "", rows("7")},
		{"otelaudit-overview.json", "Decisions", "selected", "", rows("3")},
		{"otelaudit-overview.json", "Failed decisions", "all", "", rows("2")},
		{"otelaudit-overview.json", "Cost", "all", "", rows("0.028")},
		{"otelaudit-overview.json", "Decisions per minute by model", "all", "", [][]string{
			{"2026-01-01 00:10:00", "mock-a", "3"},
			{"2026-01-01 00:10:00", "mock-b", "2"},
			{"2026-01-01 00:11:00", "mock-b", "2"},
		}},
		{"otelaudit-overview.json", "Error rate by model", "all", "", [][]string{
			{"2026-01-01 00:10:00", "mock-a", "0.333333"},
			{"2026-01-01 00:10:00", "mock-b", "0"},
			{"2026-01-01 00:11:00", "mock-b", "0.5"},
		}},
		{"otelaudit-overview.json", "Cost per model", "all", "", [][]string{
			{"2026-01-01 00:10:00", "mock-a", "0.006"},
			{"2026-01-01 00:10:00", "mock-b", "0.009"},
			{"2026-01-01 00:11:00", "mock-b", "0.013"},
		}},
		{"otelaudit-overview.json", "Tokens in / out per model", "all", "", [][]string{
			{"mock-a", "600", "50"},
			{"mock-b", "2200", "160"},
		}},
		{"otelaudit-overview.json", "Outcomes", "all", "", [][]string{
			{"success", "3"}, {"error", "2"}, {"escalated", "1"}, {"refused", "1"},
		}},
		{"otelaudit-overview.json", "Variant comparison", "all", "", [][]string{
			{"mock-a", "3", "0.333333", "29", "0.002"},
			{"mock-b", "4", "0.25", "68.5", "0.0055"},
		}},
		{"otelaudit-overview.json", "Latest failed decisions", "all", "error_type", rows("rate_limit", "timeout")},
		{"otelaudit-overview.json", "Recent decisions", "all", "trace_id", rows(
			"6af7651916cd43dd8448eb211c80319c", "5af7651916cd43dd8448eb211c80319c", "4af7651916cd43dd8448eb211c80319c",
			"3af7651916cd43dd8448eb211c80319c", "2af7651916cd43dd8448eb211c80319c", "1af7651916cd43dd8448eb211c80319c",
			sampleTraceID)},
		{"otelaudit-overview.json", "Recent decisions", "selected", "model", rows("mock-a", "mock-a", "mock-a")},
		{"otelaudit-overview.json", "link Open trace ${__value.raw}", "all", "operationName", rows(
			"invoke_agent support-agent", "invoke_agent support-agent")}, // one span, once per table with the link
		{"otelaudit-replay.json", "Decisions in time order", "all", "input", rows(
			"where is my order?", "can I get a refund?", "and the shipping?")},
		{"otelaudit-replay.json", "Decisions in time order", "selected", "session", rows("s1", "s1", "s1", "s3")},
		{"otelaudit-replay.json", "Decisions in time order", "session and user", "error_type", rows("", "", "timeout")},
		{"otelaudit-replay.json", "Decisions in time order", "nothing", "", nil},
		{"otelaudit-replay.json", "Decisions in time order", "quote in text", "", nil},
		{"otelaudit-replay.json", "Decisions", "selected", "", row("4", "1", "0.013")},
		{"otelaudit-replay.json", "Sessions", "selected", "decisions", rows("3", "1")},
	}
	for _, tt := range tests {
		t.Run(tt.file+"/"+tt.title+"/"+tt.scenario, func(t *testing.T) {
			d, ok := dashboards[tt.file]
			if !ok {
				t.Fatalf("no dashboard %s", tt.file)
			}
			i := slices.IndexFunc(scenarios, func(s scenario) bool { return s.name == tt.scenario })
			if i < 0 {
				t.Fatalf("no scenario %q", tt.scenario)
			}
			var got [][]string
			found := false
			for _, q := range queries(t, d) {
				if q.title != tt.title {
					continue
				}
				found = true
				sql, err := expand(q.rawSQL, newEnv(scenarios[i]))
				if err != nil {
					t.Fatalf("%s: expand: %v", q.where, err)
				}
				res, err := queryRows(t.Context(), c, sql)
				if err != nil {
					t.Fatalf("%s: %v\n%s", q.where, err, sql)
				}
				if tt.column != "" {
					if res, err = res.column(tt.column); err != nil {
						t.Fatalf("%s: %v", q.where, err)
					}
				}
				got = append(got, res.rows...)
			}
			if !found {
				t.Fatalf("no query titled %q", tt.title)
			}
			if !reflect.DeepEqual(got, tt.want) && (len(got) != 0 || len(tt.want) != 0) {
				t.Errorf("got  %q\nwant %q", got, tt.want)
			}
		})
	}
}

// rows returns one single-value row per value.
func rows(values ...string) [][]string {
	out := make([][]string, len(values))
	for i, v := range values {
		out[i] = []string{v}
	}
	return out
}

// row returns one row of the given values.
func row(values ...string) [][]string { return [][]string{values} }

// result is a query result as text.
type result struct {
	columns []string
	rows    [][]string
}

// column returns the result restricted to the named column.
func (r result) column(name string) (result, error) {
	i := slices.Index(r.columns, name)
	if i < 0 {
		return result{}, fmt.Errorf("no column %q in %q", name, r.columns)
	}
	out := result{columns: []string{name}}
	for _, row := range r.rows {
		out.rows = append(out.rows, []string{row[i]})
	}
	return out, nil
}

// queryRows runs sql and returns its rows as text: times in UTC as
// "2006-01-02 15:04:05", floats with six significant digits.
func queryRows(ctx context.Context, c driver.Conn, sql string) (result, error) {
	rs, err := c.Query(ctx, sql)
	if err != nil {
		return result{}, fmt.Errorf("query: %w", err)
	}
	defer rs.Close()
	res := result{columns: rs.Columns()}
	types := rs.ColumnTypes()
	for rs.Next() {
		dest := make([]any, len(types))
		for i, ct := range types {
			dest[i] = reflect.New(ct.ScanType()).Interface()
		}
		if err := rs.Scan(dest...); err != nil {
			return result{}, fmt.Errorf("scan: %w", err)
		}
		row := make([]string, len(dest))
		for i, d := range dest {
			row[i] = text(reflect.ValueOf(d).Elem().Interface())
		}
		res.rows = append(res.rows, row)
	}
	if err := rs.Err(); err != nil {
		return result{}, fmt.Errorf("rows: %w", err)
	}
	return res, nil
}

// text formats one scanned value.
func text(v any) string {
	switch v := v.(type) {
	case time.Time:
		return v.UTC().Format(time.DateTime)
	case float64:
		return strconv.FormatFloat(v, 'g', 6, 64)
	case float32:
		return strconv.FormatFloat(float64(v), 'g', 6, 32)
	default:
		return fmt.Sprint(v)
	}
}
