//go:build !race

package redact

// raceEnabled reports a -race build.
const raceEnabled = false
