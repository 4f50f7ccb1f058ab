package schema

import "strings"

// Fixed names of the tables that do not follow a configured name.
const (
	// MigrationsTable records every applied migration.
	MigrationsTable = "schema_migrations"
	// ModelPricesTable holds the price per million tokens of each model.
	ModelPricesTable = "model_prices"
)

// localSuffix is appended in cluster mode to the name of every table that
// holds data on a node; the plain name is the Distributed table over them.
const localSuffix = "_local"

// replicatedPath is the ZooKeeper/Keeper path of every Replicated table:
// the {shard}, {database} and {table} macros are expanded by the server, so
// nothing from the configuration goes into it.
const replicatedPath = "'/clickhouse/tables/{shard}/{database}/{table}', '{replica}'"

// dedupWindow is how many recent insert blocks each table remembers to
// recognise a retried batch (insert_deduplication_token or block hash).
const dedupWindow = "1000"

// dedupWindowSeconds is how long Replicated tables keep those blocks in
// Keeper: a week, so that a batch replayed after a long outage is still
// recognised (the server's default is an hour).
const dedupWindowSeconds = "604800"

// data is what the templates see: the validated configuration, the derived
// names and the methods that render names and engines for single-node or
// cluster mode.
type data struct {
	Config
	TraceIDTSTable  string
	TraceIDTSView   string
	Rollup1m        string
	Rollup1mView    string
	Rollup1h        string
	Rollup1hView    string
	PricedView      string
	ModelPrices     string
	MigrationsTable string
}

// newData applies defaults, validates c and derives the other names.
func newData(c Config) (data, error) {
	c = c.WithDefaults()
	if err := c.Validate(); err != nil {
		return data{}, err
	}
	return data{
		Config:          c,
		TraceIDTSTable:  c.TracesTable + "_trace_id_ts",
		TraceIDTSView:   c.TracesTable + "_trace_id_ts_mv",
		Rollup1m:        c.AuditTable + "_1m",
		Rollup1mView:    c.AuditTable + "_1m_mv",
		Rollup1h:        c.AuditTable + "_1h",
		Rollup1hView:    c.AuditTable + "_1h_mv",
		PricedView:      c.AuditTable + "_priced",
		ModelPrices:     ModelPricesTable,
		MigrationsTable: MigrationsTable,
	}, nil
}

// quoteIdent backquotes a name that Config.Validate accepted, so it
// contains no quote or backslash to escape.
func quoteIdent(s string) string { return "`" + s + "`" }

// quoteString single-quotes a name that Config.Validate accepted, for the
// places where ClickHouse wants a string literal.
func quoteString(s string) string { return "'" + s + "'" }

// Table returns the quoted database-qualified name clients read and write:
// the table itself on a single node, the Distributed table in cluster mode.
func (d data) Table(name string) string {
	return quoteIdent(d.Database) + "." + quoteIdent(name)
}

// Local returns the quoted name of the table that stores the data on a
// node: name on a single node, name+"_local" in cluster mode.
func (d data) Local(name string) string {
	return d.Table(d.localName(name))
}

// localName is the unquoted name of name's data table.
func (d data) localName(name string) string {
	if d.Cluster == "" {
		return name
	}
	return name + localSuffix
}

// OnCluster returns " ON CLUSTER `cluster`" in cluster mode, "" otherwise.
func (d data) OnCluster() string {
	if d.Cluster == "" {
		return ""
	}
	return " ON CLUSTER " + quoteIdent(d.Cluster)
}

// Engine returns a MergeTree-family engine: kind(args) on a single node,
// Replicatedkind(path, replica, args) in cluster mode. args are column
// names from the templates, never configuration values.
func (d data) Engine(kind string, args ...string) string {
	if d.Cluster != "" {
		kind = "Replicated" + kind
		args = append([]string{replicatedPath}, args...)
	}
	return kind + "(" + strings.Join(args, ", ") + ")"
}

// DedupSetting returns the table setting that keeps insert deduplication
// on: it is off by default on a single node and on for Replicated tables.
func (d data) DedupSetting() string {
	if d.Cluster == "" {
		return "non_replicated_deduplication_window = " + dedupWindow
	}
	return "replicated_deduplication_window = " + dedupWindow + ", replicated_deduplication_window_seconds = " + dedupWindowSeconds
}

// Distributed returns, in cluster mode, the statement creating the
// Distributed table name over name+"_local" on every node, sharded by
// shardingKey (an expression from the templates; "" for a table only read
// through it, such as a rollup the views fill); "" on a single node.
func (d data) Distributed(name, shardingKey string) string {
	if d.Cluster == "" {
		return ""
	}
	args := []string{quoteString(d.Cluster), quoteString(d.Database), quoteString(d.localName(name))}
	if shardingKey != "" {
		args = append(args, shardingKey)
	}
	return "CREATE TABLE IF NOT EXISTS " + d.Table(name) + d.OnCluster() +
		" AS " + d.Local(name) + "\nENGINE = Distributed(" + strings.Join(args, ", ") + ")"
}

// GlobalJoin returns "GLOBAL " in cluster mode, where the right side of a
// join over Distributed tables must be read once and sent to the shards.
func (d data) GlobalJoin() string {
	if d.Cluster == "" {
		return ""
	}
	return "GLOBAL "
}
