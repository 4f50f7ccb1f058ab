package redact

import (
	"slices"

	"go.opentelemetry.io/collector/pdata/pcommon"
	"go.opentelemetry.io/collector/pdata/ptrace"

	"github.com/otelaudit/otelaudit/semconv"
)

// Traces redacts td in place: resource, scope, span, event and link
// attributes (string values and string slices; maps and slices of values
// recursively, matched against key rules and the allow-list by the top-level
// attribute key) and span status messages. Key rules apply to values of any
// type (Mask and Pseudonymize turn them into strings).
//
// Every span with findings in its own attributes, events, links or status
// gets audit.redaction.count (int) and audit.redaction.kinds (string slice),
// added to any it already has. Findings in resource and scope attributes are
// redacted but not counted on spans, which share them.
//
// A span with nothing to redact costs no allocation.
func (r *Redactor) Traces(td ptrace.Traces) {
	rss := td.ResourceSpans()
	for i := 0; i < rss.Len(); i++ {
		rs := rss.At(i)
		r.attributes(rs.Resource().Attributes(), nil)
		sss := rs.ScopeSpans()
		for j := 0; j < sss.Len(); j++ {
			ss := sss.At(j)
			r.attributes(ss.Scope().Attributes(), nil)
			spans := ss.Spans()
			for k := 0; k < spans.Len(); k++ {
				r.span(spans.At(k))
			}
		}
	}
}

// span redacts one span and records its summary.
func (r *Redactor) span(sp ptrace.Span) {
	var sum Summary
	r.attributes(sp.Attributes(), &sum)
	events := sp.Events()
	for i := 0; i < events.Len(); i++ {
		r.attributes(events.At(i).Attributes(), &sum)
	}
	links := sp.Links()
	for i := 0; i < links.Len(); i++ {
		r.attributes(links.At(i).Attributes(), &sum)
	}
	if msg := sp.Status().Message(); msg != "" {
		if out, _ := r.redact(msg, &sum, nil); out != msg {
			sp.Status().SetMessage(r.truncate(out, len(msg)))
		}
	}
	if sum.Count() > 0 {
		recordSummary(sp.Attributes(), sum)
	}
}

// attributes redacts a map of attributes in place, removing dropped ones.
func (r *Redactor) attributes(m pcommon.Map, sum *Summary) {
	m.RemoveIf(func(k string, v pcommon.Value) bool {
		return r.attribute(k, v, sum)
	})
}

// attribute redacts one attribute value under key and reports whether the
// attribute must be removed.
func (r *Redactor) attribute(key string, v pcommon.Value, sum *Summary) (drop bool) {
	if r.allow.match(key) {
		return false
	}
	if kr := r.keyRule(key); kr != nil {
		if v.Type() == pcommon.ValueTypeStr {
			out, drop := r.wholeValue(kr, v.Str(), sum)
			if !drop && out != v.Str() {
				v.SetStr(out)
			}
			return drop
		}
		if kr.action == Keep {
			return false
		}
		if v.Type() == pcommon.ValueTypeEmpty {
			return kr.action == Drop
		}
		out, drop := r.wholeValue(kr, v.AsString(), sum)
		if !drop {
			v.SetStr(out)
		}
		return drop
	}
	return r.scanValue(v, sum)
}

// scanValue scans string values, recursively through slices and maps, and
// reports whether the attribute must be removed.
func (r *Redactor) scanValue(v pcommon.Value, sum *Summary) (drop bool) {
	switch v.Type() {
	case pcommon.ValueTypeStr:
		s := v.Str()
		out, drop := r.redact(s, sum, nil)
		if drop {
			return true
		}
		if out = r.truncate(out, len(s)); out != s {
			v.SetStr(out)
		}
	case pcommon.ValueTypeSlice:
		sl := v.Slice()
		for i := 0; i < sl.Len(); i++ {
			if r.scanValue(sl.At(i), sum) {
				drop = true
			}
		}
	case pcommon.ValueTypeMap:
		v.Map().Range(func(_ string, mv pcommon.Value) bool {
			if r.scanValue(mv, sum) {
				drop = true
			}
			return true
		})
	}
	return drop
}

// recordSummary adds sum to the span's audit.redaction.count and
// audit.redaction.kinds attributes.
func recordSummary(attrs pcommon.Map, sum Summary) {
	countKey := string(semconv.AuditRedactionCountKey)
	kindsKey := string(semconv.AuditRedactionKindsKey)
	count := int64(sum.Count())
	if v, ok := attrs.Get(countKey); ok && v.Type() == pcommon.ValueTypeInt {
		count += v.Int()
	}
	kinds := sum.Kinds()
	if v, ok := attrs.Get(kindsKey); ok && v.Type() == pcommon.ValueTypeSlice {
		for i := 0; i < v.Slice().Len(); i++ {
			kinds = append(kinds, v.Slice().At(i).AsString())
		}
		slices.Sort(kinds)
		kinds = slices.Compact(kinds)
	}
	attrs.PutInt(countKey, count)
	sl := attrs.PutEmptySlice(kindsKey)
	sl.EnsureCapacity(len(kinds))
	for _, k := range kinds {
		sl.AppendEmpty().SetStr(k)
	}
}
