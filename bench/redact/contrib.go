package redactbench

import (
	"context"
	"fmt"
	"testing"

	"github.com/open-telemetry/opentelemetry-collector-contrib/processor/redactionprocessor"
	"go.opentelemetry.io/collector/component/componenttest"
	"go.opentelemetry.io/collector/consumer/consumertest"
	"go.opentelemetry.io/collector/pdata/ptrace"
	"go.opentelemetry.io/collector/processor"
	"go.opentelemetry.io/collector/processor/processortest"
)

// ContribPatterns are the contrib processor's blocked_values: RE2 patterns
// equivalent to otelaudit's default detectors, written in the cheapest form
// we found for Go's regexp package, so the comparison is fair to contrib.
// Go's regexp skips ahead with a fast substring search only when a pattern
// starts with a literal; a leading \b or character class disables that and
// costs 100-300 µs per pattern per 7.3 KB span. So: no leading \b, and
// keyword alternations split into one literal-prefixed pattern each. The
// contrib processor cannot validate a match (no Luhn, no mod-97, no SSN
// area rules), so these also match look-alikes otelaudit leaves alone.
// Order matters: a later pattern only sees what earlier ones left.
var ContribPatterns = []string{
	// e-mail
	`[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}`,
	// payment card: 13-19 digits, spaces or dashes between
	`\d(?:[ -]?\d){12,18}`,
	// IBAN
	`[A-Z]{2}\d{2}(?: ?[A-Z0-9]){11,30}`,
	// phone, international (E.164 with separators)
	`\+[1-9][0-9 ().-]{7,17}[0-9]`,
	// phone, national: (415) 555-0198, 415-555-0198, 020 7946 0958
	`\(\d{3}\) ?\d{3}[-.]\d{4}`,
	`\d{3}[-.]\d{3}[-.]\d{4}`,
	`0\d{2,4}[ -]\d{3,4}[ -]\d{3,4}`,
	// US SSN
	`\d{3}-\d{2}-\d{4}`,
	// IPv4
	`(?:\d{1,3}\.){3}\d{1,3}`,
	// IPv6, full and compressed
	`(?:[0-9A-Fa-f]{1,4}:){7}[0-9A-Fa-f]{1,4}|(?:[0-9A-Fa-f]{1,4}(?::[0-9A-Fa-f]{1,4})*)?::(?:[0-9A-Fa-f]{1,4}(?::[0-9A-Fa-f]{1,4})*)?`,
	// JWT
	`eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+`,
	// OpenAI keys
	`sk-(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]{20,}`,
	// AWS access key ids
	`AKIA[0-9A-Z]{16}`,
	`ASIA[0-9A-Z]{16}`,
	// GitHub tokens
	`gh[pousr]_[A-Za-z0-9]{36,}`,
	`github_pat_[A-Za-z0-9_]{22,}`,
	// Slack tokens
	`xox[bpars]-[A-Za-z0-9-]{10,}`,
	// Google API keys
	`AIza[0-9A-Za-z_-]{35}`,
	// Stripe live keys (sk_live_, rk_live_)
	`k_live_[0-9A-Za-z]{24,}`,
	// PEM private keys
	`-----BEGIN (?:[A-Z]+ )?PRIVATE KEY-----`,
	// credentials in URLs (scheme://user:pass@host)
	`://[^/\s:@]+:[^/\s@]+@`,
	// password=, secret: and similar pairs
	`password\s*[=:]\s*[^\s&,;"']+`,
	`Password\s*[=:]\s*[^\s&,;"']+`,
	`passwd\s*[=:]\s*[^\s&,;"']+`,
	`pwd\s*[=:]\s*[^\s&,;"']+`,
	`secret\s*[=:]\s*[^\s&,;"']+`,
	`Secret\s*[=:]\s*[^\s&,;"']+`,
	`api_key\s*[=:]\s*[^\s&,;"']+`,
	`apikey\s*[=:]\s*[^\s&,;"']+`,
	`token\s*[=:]\s*[^\s&,;"']+`,
}

// ContribConfig is the contrib processor configuration equivalent to
// otelaudit's defaults: every key allowed, values masked where a pattern
// matches, no diagnostic attributes (summary silent, the cheapest level).
func ContribConfig() *redactionprocessor.Config {
	cfg := redactionprocessor.NewFactory().CreateDefaultConfig().(*redactionprocessor.Config)
	cfg.AllowAllKeys = true
	cfg.BlockedValues = ContribPatterns
	cfg.Summary = "silent"
	return cfg
}

// NewContrib builds and starts the contrib processor with cfg, in front of
// a consumer that discards what it receives.
func NewContrib(cfg *redactionprocessor.Config) (processor.Traces, error) {
	if err := cfg.Validate(); err != nil {
		return nil, fmt.Errorf("contrib config: %w", err)
	}
	f := redactionprocessor.NewFactory()
	p, err := f.CreateTraces(context.Background(), processortest.NewNopSettings(f.Type()), cfg, consumertest.NewNop())
	if err != nil {
		return nil, fmt.Errorf("create contrib processor: %w", err)
	}
	if err := p.Start(context.Background(), componenttest.NewNopHost()); err != nil {
		return nil, fmt.Errorf("start contrib processor: %w", err)
	}
	return p, nil
}

// ContribRedact redacts td in place with the contrib processor.
func ContribRedact(p processor.Traces, td ptrace.Traces) error {
	return p.ConsumeTraces(context.Background(), td)
}

// BenchContrib measures the contrib redactionprocessor's ConsumeTraces
// on a fresh copy of the batch per iteration.
func BenchContrib(b *testing.B) { benchContrib(b, ContribConfig()) }

func benchContrib(b *testing.B, cfg *redactionprocessor.Config) {
	p, err := NewContrib(cfg)
	if err != nil {
		b.Fatal(err)
	}
	defer func() {
		if err := p.Shutdown(context.Background()); err != nil {
			b.Error(err)
		}
	}()
	benchPdata(b, func(td ptrace.Traces) {
		if err := ContribRedact(p, td); err != nil {
			b.Fatal(err)
		}
	})
}

func init() {
	register(Case{Name: "contrib", Bench: BenchContrib, order: 0})
}
