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

// serverNamePattern is what a name from the server's configuration (a
// cluster, a storage policy, a volume) may look like. Those names come from
// XML element names, which may also hold '-' and '.'; none of the accepted
// characters needs escaping inside backquotes or single quotes.
var serverNamePattern = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_.-]*$`)

// Config names the database and tables the statements work on and the
// deployment choices (retention, cold storage, cluster).
type Config struct {
	// Database is the database holding every table; "" means
	// DefaultDatabase.
	Database string
	// TracesTable is the table of all spans; "" means DefaultTracesTable.
	// Its trace-id lookup table and view take the names
	// TracesTable+"_trace_id_ts" and TracesTable+"_trace_id_ts_mv".
	TracesTable string
	// AuditTable is the table of decisions; "" means DefaultAuditTable.
	// Its rollups take the names AuditTable+"_1m" and AuditTable+"_1h"
	// (views AuditTable+"_1m_mv", AuditTable+"_1h_mv"), and the view that
	// prices every decision AuditTable+"_priced".
	AuditTable string
	// TracesTTLDays is how many days spans are kept in the traces table and
	// its lookup table; 0 keeps them forever. The audit table has no TTL.
	TracesTTLDays int
	// AuditColdVolume, when set, is the storage-policy volume that audit
	// parts move to AuditColdAfterDays days after their decisions (TTL ...
	// TO VOLUME). Parts are moved, never deleted. Both are set or neither.
	AuditColdVolume string
	// AuditColdAfterDays is the age in days at which audit parts move to
	// AuditColdVolume.
	AuditColdAfterDays int
	// AuditStoragePolicy, when set, is the audit table's storage_policy; it
	// must contain AuditColdVolume. "" leaves the server's default policy,
	// which then must contain the volume.
	AuditStoragePolicy string
	// Cluster, when set, is the cluster (from the server's remote_servers)
	// every statement runs on: ON CLUSTER, Replicated engines on tables
	// suffixed "_local", and Distributed tables under the plain names.
	Cluster string
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
	for _, f := range []struct{ field, value string }{
		{"AuditColdVolume", c.AuditColdVolume},
		{"AuditStoragePolicy", c.AuditStoragePolicy},
		{"Cluster", c.Cluster},
	} {
		if f.value != "" && !serverNamePattern.MatchString(f.value) {
			errs = append(errs, fmt.Errorf("schema: %s %q is not a valid name (want letters, digits, _, - and ., not starting with a digit, - or .)", f.field, f.value))
		}
	}
	if c.TracesTTLDays < 0 {
		errs = append(errs, fmt.Errorf("schema: TracesTTLDays %d is negative (0 keeps spans forever)", c.TracesTTLDays))
	}
	switch {
	case c.AuditColdAfterDays < 0:
		errs = append(errs, fmt.Errorf("schema: AuditColdAfterDays %d is negative", c.AuditColdAfterDays))
	case c.AuditColdVolume != "" && c.AuditColdAfterDays == 0:
		errs = append(errs, fmt.Errorf("schema: AuditColdVolume %q needs AuditColdAfterDays > 0", c.AuditColdVolume))
	case c.AuditColdVolume == "" && c.AuditColdAfterDays > 0:
		errs = append(errs, fmt.Errorf("schema: AuditColdAfterDays %d needs AuditColdVolume", c.AuditColdAfterDays))
	}
	return errors.Join(errs...)
}

// identity returns c with the tuning fields (retention and cold storage)
// set to fixed placeholders. Migration checksums are computed on the
// statements rendered with it, so that changing a TTL does not count as an
// edited migration, while names and cluster mode, which decide what the
// statements create, do; see Migration.Checksum.
func (c Config) identity() Config {
	c.TracesTTLDays = 1
	c.AuditColdVolume = "volume"
	c.AuditColdAfterDays = 1
	c.AuditStoragePolicy = "policy"
	return c
}
