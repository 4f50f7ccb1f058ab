// Package redactproc is the OpenTelemetry SDK span processor that redacts
// personal data and secrets from every ended span before the next processor
// (the batcher, hence the exporter and any disk) sees it.
package redactproc

import (
	"context"
	"fmt"
	"slices"
	"sync"

	"go.opentelemetry.io/otel/attribute"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"

	"github.com/otelaudit/otelaudit/redact"
	"github.com/otelaudit/otelaudit/semconv"
)

// statusKey is the key status messages are redacted under: they are free
// text, scanned like any unlisted attribute.
const statusKey = "otel.status_description"

// Processor passes a redacted view of each ended span to the next
// processor. Spans with nothing to redact are passed on as they are,
// without allocating.
//
// OnStart is not forwarded: a span being started still holds unredacted
// data, and processors chained after redaction only ever see ended,
// redacted spans. Register processors that need OnStart on the
// TracerProvider directly.
type Processor struct {
	next     sdktrace.SpanProcessor
	redactor *redact.Redactor

	shutdownOnce sync.Once
	shutdownErr  error
}

var _ sdktrace.SpanProcessor = (*Processor)(nil)

// New returns a processor that redacts spans with r and hands them to next.
func New(next sdktrace.SpanProcessor, r *redact.Redactor) *Processor {
	return &Processor{next: next, redactor: r}
}

// OnStart does nothing; see the type's documentation.
func (p *Processor) OnStart(context.Context, sdktrace.ReadWriteSpan) {}

// OnEnd redacts s and passes the result to the next processor.
func (p *Processor) OnEnd(s sdktrace.ReadOnlySpan) {
	p.next.OnEnd(p.Redact(s))
}

// Redact returns s when it has nothing to redact, else a read-only view of
// s with its attributes, event and link attributes and status message
// redacted, and audit.redaction.count / audit.redaction.kinds added.
func (p *Processor) Redact(s sdktrace.ReadOnlySpan) sdktrace.ReadOnlySpan {
	var sum redact.Summary
	attrs, attrsChanged := p.attributes(s.Attributes(), &sum)
	events, eventsChanged := p.events(s.Events(), &sum)
	links, linksChanged := p.links(s.Links(), &sum)
	status := s.Status()
	description, drop := p.redactor.Value(statusKey, status.Description, &sum)
	if drop {
		description = ""
	}
	statusChanged := description != status.Description
	if !attrsChanged && !eventsChanged && !linksChanged && !statusChanged {
		return s
	}
	if !attrsChanged {
		attrs = append([]attribute.KeyValue(nil), s.Attributes()...)
	}
	status.Description = description
	v := &redactedSpan{
		ReadOnlySpan: s,
		attrs:        withSummary(attrs, sum),
		events:       s.Events(),
		links:        s.Links(),
		status:       status,
	}
	if eventsChanged {
		v.events = events
	}
	if linksChanged {
		v.links = links
	}
	return v
}

// attributes redacts kvs. It returns the redacted copy and true when
// anything changed; nil and false (no allocation) otherwise.
func (p *Processor) attributes(kvs []attribute.KeyValue, sum *redact.Summary) ([]attribute.KeyValue, bool) {
	for i, kv := range kvs {
		nv, drop, changed := p.value(kv, sum)
		if !changed {
			continue
		}
		// First change: copy what came before, then finish the rest.
		out := make([]attribute.KeyValue, i, len(kvs)+2)
		copy(out, kvs[:i])
		if !drop {
			out = append(out, attribute.KeyValue{Key: kv.Key, Value: nv})
		}
		for _, rest := range kvs[i+1:] {
			nv, drop, changed := p.value(rest, sum)
			switch {
			case drop:
			case changed:
				out = append(out, attribute.KeyValue{Key: rest.Key, Value: nv})
			default:
				out = append(out, rest)
			}
		}
		return out, true
	}
	return nil, false
}

// value redacts one attribute value: strings and string slices are
// scanned, other types pass unchanged.
func (p *Processor) value(kv attribute.KeyValue, sum *redact.Summary) (v attribute.Value, drop, changed bool) {
	switch kv.Value.Type() {
	case attribute.STRING:
		in := kv.Value.AsString()
		out, drop := p.redactor.Value(string(kv.Key), in, sum)
		if drop {
			return attribute.Value{}, true, true
		}
		if out == in {
			return kv.Value, false, false
		}
		return attribute.StringValue(out), false, true
	case attribute.STRINGSLICE:
		return p.stringSlice(kv, sum)
	}
	return kv.Value, false, false
}

// stringSlice redacts each element of a string slice attribute; a Drop
// verdict on any element drops the attribute.
func (p *Processor) stringSlice(kv attribute.KeyValue, sum *redact.Summary) (attribute.Value, bool, bool) {
	in := kv.Value.AsStringSlice()
	var out []string
	for i, s := range in {
		r, drop := p.redactor.Value(string(kv.Key), s, sum)
		if drop {
			return attribute.Value{}, true, true
		}
		if r != s && out == nil {
			out = append(make([]string, 0, len(in)), in[:i]...)
		}
		if out != nil {
			out = append(out, r)
		}
	}
	if out == nil {
		return kv.Value, false, false
	}
	return attribute.StringSliceValue(out), false, true
}

func (p *Processor) events(events []sdktrace.Event, sum *redact.Summary) ([]sdktrace.Event, bool) {
	var out []sdktrace.Event
	for i, ev := range events {
		attrs, changed := p.attributes(ev.Attributes, sum)
		if !changed {
			if out != nil {
				out = append(out, ev)
			}
			continue
		}
		if out == nil {
			out = append(make([]sdktrace.Event, 0, len(events)), events[:i]...)
		}
		ev.Attributes = attrs
		out = append(out, ev)
	}
	return out, out != nil
}

func (p *Processor) links(links []sdktrace.Link, sum *redact.Summary) ([]sdktrace.Link, bool) {
	var out []sdktrace.Link
	for i, l := range links {
		attrs, changed := p.attributes(l.Attributes, sum)
		if !changed {
			if out != nil {
				out = append(out, l)
			}
			continue
		}
		if out == nil {
			out = append(make([]sdktrace.Link, 0, len(links)), links[:i]...)
		}
		l.Attributes = attrs
		out = append(out, l)
	}
	return out, out != nil
}

// withSummary sets audit.redaction.count and audit.redaction.kinds on
// attrs, adding to what an earlier redaction recorded there.
func withSummary(attrs []attribute.KeyValue, sum redact.Summary) []attribute.KeyValue {
	if sum.Count() == 0 {
		return attrs
	}
	count := int64(sum.Count())
	kinds := sum.Kinds()
	out := attrs[:0]
	for _, kv := range attrs {
		switch kv.Key {
		case semconv.AuditRedactionCountKey:
			count += kv.Value.AsInt64()
		case semconv.AuditRedactionKindsKey:
			kinds = mergeSorted(kinds, kv.Value.AsStringSlice())
		default:
			out = append(out, kv)
		}
	}
	return append(out, semconv.AuditRedactionCountKey.Int64(count), semconv.AuditRedactionKindsKey.StringSlice(kinds))
}

// mergeSorted returns the sorted union of a and b.
func mergeSorted(a, b []string) []string {
	out := append(append([]string(nil), a...), b...)
	slices.Sort(out)
	return slices.Compact(out)
}

// ForceFlush flushes the next processor.
func (p *Processor) ForceFlush(ctx context.Context) error {
	return p.next.ForceFlush(ctx)
}

// Shutdown shuts the next processor down, once; later calls return the
// first call's result.
func (p *Processor) Shutdown(ctx context.Context) error {
	p.shutdownOnce.Do(func() {
		if err := p.next.Shutdown(ctx); err != nil {
			p.shutdownErr = fmt.Errorf("redactproc: shut down the next processor: %w", err)
		}
	})
	return p.shutdownErr
}
