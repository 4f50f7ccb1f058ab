// Package report reads the audit trail back out of ClickHouse for people:
// the demo's summary, the replay of a session or user, and any query as a
// readable table.
package report
