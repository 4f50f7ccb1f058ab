package redactbench

import (
	"strings"
	"testing"
)

// BenchmarkRedact runs every case on the same batch: contrib, and, once
// the redact package builds, otelaudit-pdata and otelaudit-sdk.
//
//	go test -run '^$' -bench BenchmarkRedact ./bench/redact/
func BenchmarkRedact(b *testing.B) {
	for _, c := range Cases() {
		b.Run(c.Name, c.Bench)
	}
}

// BenchmarkContribConfigs compares ways to configure the contrib
// processor, to check that the headline uses its cheapest equivalent
// configuration: one blocked_values pattern per detector (the headline),
// the same patterns as one alternation, and the four-pattern set of the
// design's performance anchor (e-mail, phone, card, OpenAI key).
func BenchmarkContribConfigs(b *testing.B) {
	b.Run("per-detector", func(b *testing.B) { benchContrib(b, ContribConfig()) })
	b.Run("one-alternation", func(b *testing.B) {
		cfg := ContribConfig()
		cfg.BlockedValues = []string{"(?:" + strings.Join(ContribPatterns, ")|(?:") + ")"}
		benchContrib(b, cfg)
	})
	b.Run("four-patterns", func(b *testing.B) {
		cfg := ContribConfig()
		cfg.BlockedValues = []string{ContribPatterns[0], ContribPatterns[3], ContribPatterns[1], ContribPatterns[11]}
		benchContrib(b, cfg)
	})
}
