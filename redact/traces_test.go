package redact

import (
	"strings"
	"testing"

	"go.opentelemetry.io/collector/pdata/pcommon"
	"go.opentelemetry.io/collector/pdata/ptrace"

	"github.com/otelaudit/otelaudit/semconv"
)

func TestTraces(t *testing.T) {
	r := mustNew(t, Config{Key: testKey(t), KeyRules: []KeyRule{{Key: "user.id", Action: Pseudonymize, Name: "user"}, {Key: "app.drop", Action: Drop}, {Key: "app.num", Action: Mask}}})
	td := ptrace.NewTraces()
	rs := td.ResourceSpans().AppendEmpty()
	rs.Resource().Attributes().PutStr("service.name", "agent")
	rs.Resource().Attributes().PutStr("host.owner", "ops@example.com")
	ss := rs.ScopeSpans().AppendEmpty()
	sp := ss.Spans().AppendEmpty()
	a := sp.Attributes()
	a.PutStr("user.id", "cust-001")
	a.PutStr("gen_ai.input.messages", `[{"role":"user","content":"card 4111111111111111"}]`)
	a.PutStr("app.drop", "x")
	a.PutInt("app.num", 42)
	a.PutInt("gen_ai.usage.input_tokens", 10)
	sl := a.PutEmptySlice("app.list")
	sl.AppendEmpty().SetStr("jane@example.org")
	sl.AppendEmpty().SetInt(1)
	m := a.PutEmptyMap("app.map")
	m.PutStr("inner", "ip 10.1.2.3")
	a.PutInt(string(semconv.AuditRedactionCountKey), 2)
	a.PutEmptySlice(string(semconv.AuditRedactionKindsKey)).AppendEmpty().SetStr("email")
	ev := sp.Events().AppendEmpty()
	ev.Attributes().PutStr("exception.message", "login failed for password=hunter2")
	ln := sp.Links().AppendEmpty()
	ln.Attributes().PutStr("note", "+44 20 7946 0958")
	sp.Status().SetCode(ptrace.StatusCodeError)
	sp.Status().SetMessage("token: abc")
	clean := ss.Spans().AppendEmpty()
	clean.Attributes().PutStr("audit.decision.input", "nothing here")

	r.Traces(td)

	if v, _ := rs.Resource().Attributes().Get("host.owner"); v.Str() != "[REDACTED:email]" {
		t.Errorf("resource attribute = %q", v.Str())
	}
	want := map[string]string{
		"user.id":               r.Pseudonym("user", "cust-001"),
		"gen_ai.input.messages": `[{"role":"user","content":"card [REDACTED:card]"}]`,
		"app.num":               "[REDACTED:attribute]",
	}
	for k, w := range want {
		if v, _ := a.Get(k); v.AsString() != w {
			t.Errorf("%s = %q, want %q", k, v.AsString(), w)
		}
	}
	if _, ok := a.Get("app.drop"); ok {
		t.Error("app.drop was kept")
	}
	if v, _ := a.Get("gen_ai.usage.input_tokens"); v.Int() != 10 {
		t.Error("int attribute changed")
	}
	if v, _ := a.Get("app.list"); v.Slice().At(0).Str() != "[REDACTED:email]" || v.Slice().At(1).Int() != 1 {
		t.Errorf("slice = %v", v.AsRaw())
	}
	if v, _ := a.Get("app.map"); v.Map().AsRaw()["inner"] != "ip [REDACTED:ipv4]" {
		t.Errorf("map = %v", v.AsRaw())
	}
	if v, _ := ev.Attributes().Get("exception.message"); v.Str() != "login failed for password=[REDACTED:password]" {
		t.Errorf("event = %q", v.Str())
	}
	if v, _ := ln.Attributes().Get("note"); v.Str() != "[REDACTED:phone]" {
		t.Errorf("link = %q", v.Str())
	}
	if got := sp.Status().Message(); got != "token: [REDACTED:secret]" {
		t.Errorf("status = %q", got)
	}
	// 2 earlier + user, card, drop, num, email, ipv4, password, phone, secret.
	if v, _ := a.Get(string(semconv.AuditRedactionCountKey)); v.Int() != 11 {
		t.Errorf("count = %d", v.Int())
	}
	kinds, _ := a.Get(string(semconv.AuditRedactionKindsKey))
	if got := strings.Join(toStrings(kinds.Slice()), ","); got != "attribute,card,email,ipv4,password,phone,secret,user" {
		t.Errorf("kinds = %s", got)
	}
	if _, ok := clean.Attributes().Get(string(semconv.AuditRedactionCountKey)); ok {
		t.Error("clean span got a redaction count")
	}
}

func toStrings(sl pcommon.Slice) []string {
	var out []string
	for i := 0; i < sl.Len(); i++ {
		out = append(out, sl.At(i).AsString())
	}
	return out
}

func TestTracesCleanDoesNotAllocate(t *testing.T) {
	r := Default()
	td := decisionTraces(10, false)
	assertNoAllocs(t, "Traces on clean spans", func() { r.Traces(td) })
}

func TestTracesBatchHasNoPII(t *testing.T) {
	r := Default()
	td := decisionTraces(100, true)
	r.Traces(td)
	spans := td.ResourceSpans().At(0).ScopeSpans().At(0).Spans()
	withSummary := 0
	for i := 0; i < spans.Len(); i++ {
		sp := spans.At(i)
		sp.Attributes().Range(func(k string, v pcommon.Value) bool {
			for _, pii := range []string{"sam.taylor@example.com", "7946 0958", "4111 1111", "GB82"} {
				if strings.Contains(v.AsString(), pii) {
					t.Errorf("span %d %s holds %q", i, k, pii)
				}
			}
			return true
		})
		if _, ok := sp.Attributes().Get(string(semconv.AuditRedactionCountKey)); ok {
			withSummary++
		}
	}
	if withSummary != 10 {
		t.Errorf("%d spans have a summary, want 10", withSummary)
	}
}
