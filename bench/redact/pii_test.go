package redactbench

import (
	"context"
	"fmt"
	"regexp"
	"sort"
	"strings"
	"testing"

	"go.opentelemetry.io/collector/pdata/ptrace"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"

	"github.com/otelaudit/otelaudit/internal/benchdata"
)

// TestContribPII reports what the contrib processor, configured as in the
// benchmark, leaves of the planted personal data and what it destroys of
// the look-alikes. Contrib's misses are reported, not failed on; the test
// fails only if the configuration masks nothing at all.
func TestContribPII(t *testing.T) {
	p, err := NewContrib(ContribConfig())
	if err != nil {
		t.Fatal(err)
	}
	defer p.Shutdown(context.Background())
	td := Copy()
	if err := ContribRedact(p, td); err != nil {
		t.Fatal(err)
	}
	r := compare(pdataTexts(Batch()), pdataTexts(td))
	if r.changedSpans == 0 {
		t.Fatal("the contrib processor changed no span: configuration not applied")
	}
	r.log(t, "contrib")
}

// outcome compares a redacted batch with the original.
type outcome struct {
	changedSpans int
	piiLeft      map[string]int // planted value -> spans still holding it
	lookTotal    int            // look-alike occurrences planted
	lookLost     map[string]int // look-alike -> occurrences redacted
}

func compare(in, out []string) outcome {
	r := outcome{piiLeft: map[string]int{}, lookLost: map[string]int{}}
	look := benchdata.LookAlikes(BatchSpans, PIIFraction, Seed)
	for i := range out {
		if out[i] != in[i] {
			r.changedSpans++
		}
		for _, v := range benchdata.PII() {
			if strings.Contains(out[i], v) {
				r.piiLeft[v]++
			}
		}
		seen := map[string]bool{}
		for _, v := range look[i] {
			if seen[v] {
				continue
			}
			seen[v] = true
			before, after := strings.Count(in[i], v), strings.Count(out[i], v)
			r.lookTotal += before
			if after < before {
				r.lookLost[v] += before - after
			}
		}
	}
	return r
}

func (r outcome) leaked() int {
	n := 0
	for _, c := range r.piiLeft {
		n += c
	}
	return n
}

func (r outcome) lost() int {
	n := 0
	for _, c := range r.lookLost {
		n += c
	}
	return n
}

func (r outcome) log(t *testing.T, name string) {
	t.Helper()
	t.Logf("%s: changed %d of %d spans", name, r.changedSpans, BatchSpans)
	t.Logf("%s: %d (span, planted value) pairs survive; by value: %s", name, r.leaked(), top(r.piiLeft, 30))
	byKind := map[string]int{}
	for v, c := range r.lookLost {
		byKind[lookKind(v)] += c
	}
	t.Logf("%s: destroyed %d of %d look-alike occurrences; by kind: %s", name, r.lost(), r.lookTotal, top(byKind, 20))
	t.Logf("%s: destroyed look-alikes, e.g. %s", name, top(r.lookLost, 8))
}

var (
	reDate      = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$|^\d{1,2} [A-Z][a-z]+ \d{4}$`)
	reTimestamp = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}T`)
	reUUID      = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-`)
	reVersion   = regexp.MustCompile(`^v\d+\.\d+\.\d+$`)
	reFedEx     = regexp.MustCompile(`^\d{12}$`)
)

// lookKind names the kind of a look-alike value, for reports.
func lookKind(v string) string {
	switch {
	case strings.HasPrefix(v, "ORD-"):
		return "order number"
	case strings.HasPrefix(v, "INV/"):
		return "invoice number"
	case strings.HasPrefix(v, "SUP-"):
		return "ticket number"
	case strings.HasPrefix(v, "1Z"), reFedEx.MatchString(v):
		return "tracking number"
	case strings.HasPrefix(v, "6035 "):
		return "gift card (fails Luhn)"
	case reTimestamp.MatchString(v):
		return "timestamp"
	case reDate.MatchString(v):
		return "date"
	case reUUID.MatchString(v):
		return "UUID"
	case reVersion.MatchString(v):
		return "version"
	case strings.ContainsAny(v[:1], "$€£"), strings.HasPrefix(v, "€"), strings.HasPrefix(v, "£"):
		return "price"
	case strings.Count(v, "-") == 2:
		return "SKU"
	}
	return "other"
}

// top formats the largest entries of m.
func top(m map[string]int, n int) string {
	if len(m) == 0 {
		return "none"
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if m[keys[i]] != m[keys[j]] {
			return m[keys[i]] > m[keys[j]]
		}
		return keys[i] < keys[j]
	})
	var b strings.Builder
	for i, k := range keys {
		if i == n {
			fmt.Fprintf(&b, " ... (%d more)", len(keys)-n)
			break
		}
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "%q×%d", k, m[k])
	}
	return b.String()
}

// pdataTexts returns, per span, every string a redactor could have to
// change: name, attribute values, event names and attributes, link
// attributes and the status message.
func pdataTexts(td ptrace.Traces) []string {
	var out []string
	for _, rs := range td.ResourceSpans().All() {
		for _, ss := range rs.ScopeSpans().All() {
			for _, span := range ss.Spans().All() {
				var b strings.Builder
				b.WriteString(span.Name())
				b.WriteByte('\n')
				for k, v := range span.Attributes().All() {
					fmt.Fprintf(&b, "%s=%s\n", k, v.AsString())
				}
				for _, ev := range span.Events().All() {
					b.WriteString(ev.Name())
					b.WriteByte('\n')
					for k, v := range ev.Attributes().All() {
						fmt.Fprintf(&b, "%s=%s\n", k, v.AsString())
					}
				}
				for _, l := range span.Links().All() {
					for k, v := range l.Attributes().All() {
						fmt.Fprintf(&b, "%s=%s\n", k, v.AsString())
					}
				}
				b.WriteString(span.Status().Message())
				out = append(out, b.String())
			}
		}
	}
	return out
}

// sdkTexts is pdataTexts for SDK spans.
func sdkTexts(spans []sdktrace.ReadOnlySpan) []string {
	out := make([]string, 0, len(spans))
	for _, s := range spans {
		var b strings.Builder
		b.WriteString(s.Name())
		b.WriteByte('\n')
		for _, kv := range s.Attributes() {
			fmt.Fprintf(&b, "%s=%s\n", kv.Key, kv.Value.Emit())
		}
		for _, ev := range s.Events() {
			b.WriteString(ev.Name)
			b.WriteByte('\n')
			for _, kv := range ev.Attributes {
				fmt.Fprintf(&b, "%s=%s\n", kv.Key, kv.Value.Emit())
			}
		}
		for _, l := range s.Links() {
			for _, kv := range l.Attributes {
				fmt.Fprintf(&b, "%s=%s\n", kv.Key, kv.Value.Emit())
			}
		}
		b.WriteString(s.Status().Description)
		out = append(out, b.String())
	}
	return out
}
