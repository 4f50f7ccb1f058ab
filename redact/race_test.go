//go:build race

package redact

// raceEnabled: the race detector makes sync.Pool drop buffers at random, so
// allocation counts are not checked.
const raceEnabled = true
