package benchdata

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"time"

	"go.opentelemetry.io/otel/attribute"

	"github.com/otelaudit/otelaudit/semconv"
)

// Names shared by every generated span.
const (
	// ServiceName is the service.name of the generated resource.
	ServiceName = "support-agent"
	// AgentName is the gen_ai.agent.name of every decision.
	AgentName = "support-agent"
	// SpanName is the name of every decision span.
	SpanName = "invoke_agent " + AgentName
	// ScopeName is the instrumentation scope of the generated spans.
	ScopeName = "github.com/otelaudit/otelaudit"
	// ScopeVersion is the instrumentation scope version.
	ScopeVersion = "0.1.0"

	agentVersion = "2.14.3"
)

// base is the start of the first generated span: fixed, so output never
// depends on the clock.
var base = time.Date(2025, time.June, 2, 9, 0, 0, 0, time.UTC)

// Target lengths, in bytes, of the large values. With the small attributes
// and the events they add up to about 7.3 KB per span.
const (
	inputLen      = 620
	reasoningLen  = 1950
	outputLen     = 800
	followUpLen   = 260
	replyLen      = 700
	assistantLen  = 150
	toolNoteLen   = 120
	lengthJitter  = 0.08 // each target varies by up to ±8%
	eventTwoShare = 0.5  // share of spans with a second event
)

// models are the (provider, requested model, response model) triples.
var models = [][3]string{
	{"openai", "gpt-4.1", "gpt-4.1-2025-04-14"},
	{"anthropic", "claude-sonnet-4-5", "claude-sonnet-4-5-20250929"},
	{"gcp.gemini", "gemini-2.5-pro", "gemini-2.5-pro"},
}

var outcomes = []string{
	semconv.OutcomeSuccess, semconv.OutcomeSuccess, semconv.OutcomeSuccess,
	semconv.OutcomeSuccess, semconv.OutcomeEscalated, semconv.OutcomeRefused,
}

var tools = []string{"lookup_order", "issue_refund", "create_replacement", "reopen_ticket"}

// spec is one generated decision span, independent of its representation.
type spec struct {
	traceID [16]byte
	spanID  [8]byte
	name    string
	start   time.Time
	end     time.Time
	attrs   []attribute.KeyValue
	events  []event
	pii     bool
}

type event struct {
	name  string
	time  time.Time
	attrs []attribute.KeyValue
}

// gen carries the generator state of one workload.
type gen struct {
	r    *rand.Rand
	look []string // look-alike values planted so far
}

func newGen(seed uint64) *gen {
	return &gen{r: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))}
}

func pick[T any](r *rand.Rand, s []T) T { return s[r.IntN(len(s))] }

// PIICount is the number of spans out of n that carry personal data.
func PIICount(n int, piiFraction float64) int {
	k := int(math.Round(float64(n) * piiFraction))
	return max(0, min(n, k))
}

// generate builds the n span specs of a workload and the look-alike values
// planted in each.
func generate(n int, piiFraction float64, seed uint64) ([]spec, [][]string) {
	g := newGen(seed)
	withPII := make([]bool, n)
	for _, i := range g.r.Perm(n)[:PIICount(n, piiFraction)] {
		withPII[i] = true
	}
	specs := make([]spec, n)
	look := make([][]string, n)
	for i := range specs {
		from := len(g.look)
		specs[i] = g.span(i, withPII[i])
		look[i] = g.look[from:len(g.look):len(g.look)]
	}
	return specs, look
}

func (g *gen) span(i int, withPII bool) spec {
	var s spec
	g.fillBytes(s.traceID[:])
	g.fillBytes(s.spanID[:])
	s.name = SpanName
	s.pii = withPII
	s.start = base.Add(time.Duration(i)*1500*time.Millisecond + time.Duration(g.r.IntN(500))*time.Millisecond)
	s.end = s.start.Add(1500*time.Millisecond + time.Duration(g.r.IntN(6500))*time.Millisecond)

	var p *piiSet
	if withPII {
		p = g.pickPII()
	}
	m := pick(g.r, models)
	tool := pick(g.r, tools)
	callID := "call_" + g.alnum(24)
	orderID := g.order()

	var input, reasoning, output, followUp, reply []string
	if p != nil {
		input = []string{inputSentencesPII[0], inputSentencesPII[1]}
		followUp = []string{inputSentencesPII[3], inputSentencesPII[4]}
		reasoning = []string{reasoningSentencesPII[1], pick(g.r, reasoningSentencesPII)}
		output = []string{pick(g.r, outputSentencesPII)}
		reply = []string{outputSentencesPII[0]}
	}
	inputText := g.prose(inputSentences, inputLen, input, p)
	reasoningText := g.prose(reasoningSentences, reasoningLen, reasoning, p)
	outputText := g.prose(outputSentences, outputLen, output, p)

	inMsgs := []message{
		{Role: "user", Parts: []part{{Type: "text", Content: inputText}}},
		{Role: "assistant", Parts: []part{
			{Type: "text", Content: g.prose(outputSentences, assistantLen, nil, p)},
			{Type: "tool_call", ID: callID, Name: tool, Arguments: map[string]any{"order_id": orderID, "include_payments": true}},
		}},
		{Role: "tool", Parts: []part{{Type: "tool_call_response", ID: callID, Response: g.orderRecord(orderID, p)}}},
		{Role: "user", Parts: []part{{Type: "text", Content: g.prose(inputSentences, followUpLen, followUp, p)}}},
	}
	outMsgs := []message{{
		Role:         "assistant",
		Parts:        []part{{Type: "text", Content: g.prose(outputSentences, replyLen, reply, p)}},
		FinishReason: "stop",
	}}
	args := map[string]any{
		"order_id": orderID,
		"amount":   g.amount(),
		"currency": "USD",
		"reason":   pick(g.r, []string{"duplicate_charge", "damaged_item", "late_delivery", "goodwill"}),
		"notify":   true,
		"note":     g.prose(reasoningSentences, toolNoteLen, nil, p),
	}
	if p != nil {
		args["notify_email"] = p.email
	}
	inJSON, outJSON, argsJSON := toJSON(inMsgs), toJSON(outMsgs), toJSON(args)
	inTokens := int64(len(inJSON)/4 + 900 + g.r.IntN(400))
	outTokens := int64(len(outJSON)/4 + len(reasoningText)/4 + g.r.IntN(100))

	s.attrs = []attribute.KeyValue{
		semconv.GenAIOperationNameKey.String(semconv.OperationInvokeAgent),
		semconv.GenAIProviderNameKey.String(m[0]),
		semconv.GenAIAgentNameKey.String(AgentName),
		semconv.GenAIAgentVersionKey.String(agentVersion),
		semconv.GenAIConversationIDKey.String("conv_" + g.hex(12)),
		semconv.UserIDKey.String("usr_" + g.alnum(12)),
		semconv.AuditDecisionIDKey.String(g.uuid()),
		semconv.GenAIRequestModelKey.String(m[1]),
		semconv.GenAIResponseModelKey.String(m[2]),
		semconv.GenAIUsageInputTokensKey.Int64(inTokens),
		semconv.GenAIUsageOutputTokensKey.Int64(outTokens),
		semconv.AuditDecisionInputKey.String(inputText),
		semconv.AuditReasoningKey.String(reasoningText),
		semconv.AuditDecisionOutputKey.String(outputText),
		semconv.AuditDecisionOutcomeKey.String(pick(g.r, outcomes)),
		semconv.GenAIInputMessagesKey.String(inJSON),
		semconv.GenAIOutputMessagesKey.String(outJSON),
		semconv.GenAIToolCallArgumentsKey.String(argsJSON),
	}

	d := s.end.Sub(s.start)
	s.events = []event{{
		name: "audit.tool.invoked",
		time: s.start.Add(d * 3 / 10),
		attrs: []attribute.KeyValue{
			semconv.GenAIToolNameKey.String(tool),
			semconv.GenAIToolCallIDKey.String(callID),
			semconv.GenAIToolTypeKey.String("function"),
		},
	}}
	if g.r.Float64() < eventTwoShare {
		s.events = append(s.events, event{
			name: "audit.policy.check",
			time: s.start.Add(d * 7 / 10),
			attrs: []attribute.KeyValue{
				attribute.String("audit.policy.name", "refund-limit"),
				attribute.String("audit.policy.result", "pass"),
			},
		})
	}
	return s
}

// message and part follow the GenAI semantic conventions' JSON shape for
// gen_ai.input.messages and gen_ai.output.messages.
type message struct {
	Role         string `json:"role"`
	Parts        []part `json:"parts"`
	FinishReason string `json:"finish_reason,omitempty"`
}

type part struct {
	Type      string         `json:"type"`
	Content   string         `json:"content,omitempty"`
	ID        string         `json:"id,omitempty"`
	Name      string         `json:"name,omitempty"`
	Arguments map[string]any `json:"arguments,omitempty"`
	Response  map[string]any `json:"response,omitempty"`
}

func toJSON(v any) string {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		panic(err)
	}
	return strings.TrimSuffix(buf.String(), "\n")
}

// orderRecord is what the order lookup tool returned.
func (g *gen) orderRecord(orderID string, p *piiSet) map[string]any {
	items := make([]map[string]any, 1+g.r.IntN(2))
	for i := range items {
		items[i] = map[string]any{"sku": g.sku(), "qty": 1 + g.r.IntN(3), "unit_price": g.amount()}
	}
	rec := map[string]any{
		"order_id":   orderID,
		"status":     pick(g.r, []string{"awaiting_fulfilment", "shipped", "delivered", "refund_pending"}),
		"placed_at":  g.timestamp(),
		"total":      g.amount(),
		"currency":   "USD",
		"items":      items,
		"tracking":   g.tracking(),
		"invoice_id": g.invoice(),
		"payments": []map[string]any{
			{"id": "pay_" + g.alnum(14), "amount": g.amount(), "captured_at": g.timestamp()},
		},
	}
	if p != nil {
		rec["contact_email"] = p.email
		rec["contact_phone"] = p.phone
	} else {
		rec["customer_ref"] = "cus_" + g.alnum(14)
	}
	return rec
}

// prose strings sentences from pool together until the text reaches about
// target bytes (±lengthJitter), with the must sentences at random places.
func (g *gen) prose(pool []string, target int, must []string, p *piiSet) string {
	target = int(float64(target) * (1 + lengthJitter*(2*g.r.Float64()-1)))
	var parts []string
	n := 0
	for _, t := range must {
		s := g.expand(t, p)
		parts = append(parts, s)
		n += len(s) + 1
	}
	order := g.r.Perm(len(pool)) // no sentence twice until the pool is used up
	for i := 0; n < target; i++ {
		s := g.expand(pool[order[i%len(order)]], p)
		k := g.r.IntN(len(parts) + 1)
		parts = append(parts, "")
		copy(parts[k+1:], parts[k:])
		parts[k] = s
		n += len(s) + 1
	}
	return strings.Join(parts, " ")
}

// expand replaces the {placeholders} of t.
func (g *gen) expand(t string, p *piiSet) string {
	var b strings.Builder
	for {
		i := strings.IndexByte(t, '{')
		if i < 0 {
			b.WriteString(t)
			return b.String()
		}
		j := strings.IndexByte(t[i:], '}')
		b.WriteString(t[:i])
		b.WriteString(g.value(t[i+1:i+j], p))
		t = t[i+j+1:]
	}
}

func (g *gen) value(name string, p *piiSet) string {
	switch name {
	case "order":
		return g.order()
	case "invoice":
		return g.invoice()
	case "ticket":
		return g.remember(fmt.Sprintf("SUP-%05d", 10000+g.r.IntN(90000)))
	case "tracking":
		return g.tracking()
	case "giftcard":
		return g.giftCard()
	case "sku":
		return g.sku()
	case "date":
		return g.date()
	case "time":
		return g.timestamp()
	case "price":
		return g.price()
	case "version":
		return g.remember(fmt.Sprintf("v%d.%d.%d", 1+g.r.IntN(4), g.r.IntN(20), g.r.IntN(12)))
	case "uuid":
		return g.remember(g.uuid())
	case "qty":
		return fmt.Sprint(2 + g.r.IntN(4))
	}
	if p == nil {
		panic("benchdata: personal placeholder {" + name + "} in a span without PII")
	}
	switch name {
	case "email":
		return p.email
	case "phone":
		return p.phone
	case "card":
		return p.card
	case "iban":
		return p.iban
	case "key":
		return p.key
	case "password":
		return p.password
	}
	panic("benchdata: unknown placeholder {" + name + "}")
}

func (g *gen) remember(v string) string {
	g.look = append(g.look, v)
	return v
}

func (g *gen) order() string {
	return g.remember(fmt.Sprintf("ORD-2025-%06d", g.r.IntN(1000000)))
}

func (g *gen) invoice() string {
	return g.remember(fmt.Sprintf("INV/2025/%07d", g.r.IntN(10000000)))
}

func (g *gen) sku() string {
	return g.remember(fmt.Sprintf("%s-%04d-%s", pick(g.r, []string{"DSK", "CHR", "LMP", "MON"}),
		g.r.IntN(10000), pick(g.r, []string{"BLK", "WHT", "OAK", "GRY"})))
}

// tracking is a carrier tracking number: twelve digits (FedEx style) or a
// UPS-style 1Z number.
func (g *gen) tracking() string {
	if g.r.IntN(2) == 0 {
		return g.remember(fmt.Sprintf("7%011d", g.r.Int64N(1e11)))
	}
	return g.remember("1Z" + strings.ToUpper(g.alnum(6)) + fmt.Sprintf("%010d", g.r.Int64N(1e10)))
}

// giftCard is a 16-digit store card number that fails the Luhn check: it
// looks like a payment card and must not be redacted as one.
func (g *gen) giftCard() string {
	var d [16]byte
	copy(d[:], "6035")
	for i := 4; i < 16; i++ {
		d[i] = byte('0' + g.r.IntN(10))
	}
	if luhnValid(string(d[:])) {
		d[15] = '0' + (d[15]-'0'+1)%10
	}
	return g.remember(fmt.Sprintf("%s %s %s %s", d[0:4], d[4:8], d[8:12], d[12:16]))
}

func (g *gen) date() string {
	t := base.AddDate(0, 0, g.r.IntN(120)-60)
	if g.r.IntN(2) == 0 {
		return g.remember(t.Format("2006-01-02"))
	}
	return g.remember(t.Format("2 January 2006"))
}

func (g *gen) timestamp() string {
	t := base.Add(time.Duration(g.r.Int64N(int64(60 * 24 * time.Hour))))
	return g.remember(t.Truncate(time.Second).Format(time.RFC3339))
}

func (g *gen) price() string {
	cents := 199 + g.r.IntN(250000)
	cur := pick(g.r, []string{"$", "€", "£"})
	whole := cents / 100
	ws := fmt.Sprint(whole)
	if whole >= 1000 {
		ws = fmt.Sprintf("%d,%03d", whole/1000, whole%1000)
	}
	return g.remember(fmt.Sprintf("%s%s.%02d", cur, ws, cents%100))
}

func (g *gen) amount() string {
	return fmt.Sprintf("%d.%02d", 2+g.r.IntN(900), g.r.IntN(100))
}

func (g *gen) uuid() string {
	var b [16]byte
	g.fillBytes(b[:])
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	h := hex.EncodeToString(b[:])
	return h[0:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:32]
}

func (g *gen) hex(nbytes int) string {
	b := make([]byte, nbytes)
	g.fillBytes(b)
	return hex.EncodeToString(b)
}

const alphabet = "abcdefghijklmnopqrstuvwxyz0123456789"

func (g *gen) alnum(n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = alphabet[g.r.IntN(len(alphabet))]
	}
	return string(b)
}

func (g *gen) fillBytes(b []byte) {
	for i := range b {
		b[i] = byte(g.r.Uint32())
	}
}
