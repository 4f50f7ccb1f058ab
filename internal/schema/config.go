package schema

import (
	"errors"
	"fmt"
	"regexp"
)

// Default names of the database and tables.
const (
	DefaultDatabase    = "otelaudit"
	DefaultTracesTable = "otel_traces"
	DefaultAuditTable  = "audit_decisions"
)

// identPattern is what a database or table name may look like: ClickHouse
// accepts more when quoted, but names outside this set are almost always a
// mistake and are rejected rather than escaped.
var identPattern = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)

// Config names the database and tables the statements work on.
type Config struct {
	// Database is the database holding every table; "" means
	// DefaultDatabase.
	Database string
	// TracesTable is the table of all spans; "" means DefaultTracesTable.
	// Its trace-id lookup table and view take the names
	// TracesTable+"_trace_id_ts" and TracesTable+"_trace_id_ts_mv".
	TracesTable string
	// AuditTable is the table of decisions; "" means DefaultAuditTable.
	AuditTable string
	// TracesTTLDays is how many days spans are kept in the traces table and
	// its lookup table; 0 keeps them forever. The audit table has no TTL.
	TracesTTLDays int
}

// WithDefaults returns c with every empty name set to its default.
func (c Config) WithDefaults() Config {
	if c.Database == "" {
		c.Database = DefaultDatabase
	}
	if c.TracesTable == "" {
		c.TracesTable = DefaultTracesTable
	}
	if c.AuditTable == "" {
		c.AuditTable = DefaultAuditTable
	}
	return c
}

// Validate reports every invalid field of c (after defaults), naming the
// field and the rule it breaks.
func (c Config) Validate() error {
	c = c.WithDefaults()
	var errs []error
	for _, f := range []struct{ field, value string }{
		{"Database", c.Database},
		{"TracesTable", c.TracesTable},
		{"AuditTable", c.AuditTable},
	} {
		if !identPattern.MatchString(f.value) {
			errs = append(errs, fmt.Errorf("schema: %s %q is not a valid identifier (want letters, digits and _, not starting with a digit)", f.field, f.value))
		}
	}
	if c.TracesTTLDays < 0 {
		errs = append(errs, fmt.Errorf("schema: TracesTTLDays %d is negative (0 keeps spans forever)", c.TracesTTLDays))
	}
	return errors.Join(errs...)
}
