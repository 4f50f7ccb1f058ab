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
	events, eventsChanged := redactEach(p, s.Events(), eventAttributes, &sum)
	links, linksChanged := redactEach(p, s.Links(), linkAttributes, &sum)
	status := s.Status()
	description := status.Description
	if description != "" {
		// A dropped description comes back as "".
		description, _ = p.redactor.Value(statusKey, description, &sum)
	}
	statusChanged := description != status.Description
	if !attrsChanged && !eventsChanged && !linksChanged && !statusChanged {
		return s
	}
	if !attrsChanged {
		// Room for the two summary attributes withSummary adds.
		attrs = append(make([]attribute.KeyValue, 0, len(s.Attributes())+2), s.Attributes()...)
	}
	status.Description = description
	return &redactedSpan{
		ReadOnlySpan: s,
		attrs:        withSummary(attrs, sum),
		events:       events,
		links:        links,
		status:       status,
	}
}

// attributes redacts kvs. It returns the redacted copy and true when
// anything changed; nil and false (no allocation) otherwise.
func (p *Processor) attributes(kvs []attribute.KeyValue, sum *redact.Summary) ([]attribute.KeyValue, bool) {
	for i := range kvs {
		kv := &kvs[i]
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
		for j := i + 1; j < len(kvs); j++ {
			rest := &kvs[j]
			nv, drop, changed := p.value(rest, sum)
			switch {
			case drop:
			case changed:
				out = append(out, attribute.KeyValue{Key: rest.Key, Value: nv})
			default:
				out = append(out, *rest)
			}
		}
		return out, true
	}
	return nil, false
}

// value redacts one attribute value: strings and string slices are
// scanned, other types pass unchanged. kv is not kept.
func (p *Processor) value(kv *attribute.KeyValue, sum *redact.Summary) (v attribute.Value, drop, changed bool) {
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
func (p *Processor) stringSlice(kv *attribute.KeyValue, sum *redact.Summary) (attribute.Value, bool, bool) {
	in := kv.Value.AsStringSlice() // a copy, ours to change
	changed := false
	for i, s := range in {
		r, drop := p.redactor.Value(string(kv.Key), s, sum)
		if drop {
			return attribute.Value{}, true, true
		}
		if r != s {
			in[i], changed = r, true
		}
	}
	if !changed {
		return kv.Value, false, false
	}
	return attribute.StringSliceValue(in), false, true
}

// redactEach redacts the attributes of each event or link. It returns
// items itself (no allocation) when nothing changed, else a copy with the
// changed items' attributes replaced, and whether anything changed.
func redactEach[T any](p *Processor, items []T, attrs func(*T) *[]attribute.KeyValue, sum *redact.Summary) ([]T, bool) {
	var out []T
	for i := range items {
		redacted, changed := p.attributes(*attrs(&items[i]), sum)
		if !changed {
			continue
		}
		if out == nil {
			out = slices.Clone(items)
		}
		*attrs(&out[i]) = redacted
	}
	if out == nil {
		return items, false
	}
	return out, true
}

func eventAttributes(e *sdktrace.Event) *[]attribute.KeyValue { return &e.Attributes }

func linkAttributes(l *sdktrace.Link) *[]attribute.KeyValue { return &l.Attributes }

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

// mergeSorted returns the sorted union of a and b; both are fresh copies
// (Summary.Kinds, AsStringSlice), so a is reused.
func mergeSorted(a, b []string) []string {
	out := append(a, b...)
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
