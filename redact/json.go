package redact

import (
	"strings"
	"unicode/utf16"
	"unicode/utf8"
	"unsafe"
)

// JSON values are redacted structurally: string leaves are scanned with the
// detectors, values of secret-like fields (see sensitiveName) are replaced
// whole, and every other byte (key order, numbers, whitespace, escapes of
// untouched strings) is kept. The walk edits lazily: nothing is allocated
// until the first change, so a clean JSON value comes back as the same string.

// maxJSONDepth bounds nesting; deeper values are scanned as text.
const maxJSONDepth = 256

// looksLikeJSON reports whether s starts, after whitespace, with '{' or '['.
func looksLikeJSON(s string) bool {
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case ' ', '\t', '\n', '\r':
			continue
		case '{', '[':
			return true
		}
		return false
	}
	return false
}

// jsonWalk is the state of one structural redaction.
type jsonWalk struct {
	r        *Redactor
	src      string
	pos      int
	depth    int
	quiet    int // > 0 inside a value being replaced whole: no edits
	b        strings.Builder
	started  bool // b holds src[:copied] redacted
	copied   int
	sum      Summary   // committed to the caller's summary on success only
	findings []Finding // kept for fn until the walk succeeds
	report   bool      // the caller wants findings
	drop     bool
}

// redactJSON redacts s as JSON. ok is false when s is not valid JSON (then
// nothing was recorded and the caller scans it as text).
func (r *Redactor) redactJSON(s string, sum *Summary, fn func(Finding)) (out string, drop, ok bool) {
	w := jsonWalk{r: r, src: s, report: fn != nil}
	w.space()
	if !w.value(0) {
		return "", false, false
	}
	w.space()
	if w.pos != len(s) {
		return "", false, false
	}
	if sum != nil {
		sum.Merge(w.sum)
	}
	for _, f := range w.findings {
		fn(f)
	}
	if !w.started {
		return s, w.drop, true
	}
	w.b.WriteString(s[w.copied:])
	return w.b.String(), w.drop, true
}

// space skips JSON whitespace.
func (w *jsonWalk) space() {
	for w.pos < len(w.src) {
		switch w.src[w.pos] {
		case ' ', '\t', '\n', '\r':
			w.pos++
		default:
			return
		}
	}
}

// replaceFrom starts an edit at src[a]: the text before it goes to the
// output; the caller writes the replacement and sets copied.
func (w *jsonWalk) replaceFrom(a int) {
	if !w.started {
		w.started = true
		w.b.Grow(len(w.src) + 64)
	}
	w.b.WriteString(w.src[w.copied:a])
}

// found records a finding at src[start:end].
func (w *jsonWalk) found(k Kind, start, end int) {
	w.sum.add(k, w.r.names)
	if w.report {
		w.findings = append(w.findings, Finding{Kind: k, Start: start, End: end})
	}
}

// value walks one JSON value. sens is the kind of the field holding it when
// the field name is secret-like, else 0.
func (w *jsonWalk) value(sens Kind) bool {
	if w.pos >= len(w.src) {
		return false
	}
	start := w.pos
	switch c := w.src[w.pos]; {
	case c == '{' || c == '[':
		if sens != 0 {
			w.quiet++
		}
		ok := w.container()
		if sens != 0 {
			w.quiet--
			if ok && w.pos-start > 2 {
				w.whole(sens, start, w.pos, w.src[start:w.pos])
			}
		}
		return ok
	case c == '"':
		return w.stringLeaf(sens)
	case c == 't':
		return w.literal("true")
	case c == 'f':
		return w.literal("false")
	case c == 'n':
		return w.literal("null")
	default:
		if !w.number() {
			return false
		}
		if sens != 0 {
			w.whole(sens, start, w.pos, w.src[start:w.pos])
		}
		return true
	}
}

// whole replaces src[start:end] by the quoted replacement of kind k.
func (w *jsonWalk) whole(k Kind, start, end int, text string) {
	if w.quiet > 0 {
		return
	}
	rep, drop := w.r.replacement(k, w.r.actions[k], text)
	w.drop = w.drop || drop
	w.replaceFrom(start)
	w.b.WriteByte('"')
	w.b.WriteString(rep)
	w.b.WriteByte('"')
	w.copied = end
	w.found(k, start, end)
}

// container walks an object or array.
func (w *jsonWalk) container() bool {
	w.depth++
	if w.depth > maxJSONDepth {
		return false
	}
	object := w.src[w.pos] == '{'
	closing := byte(']')
	if object {
		closing = '}'
	}
	w.pos++
	w.space()
	if w.pos < len(w.src) && w.src[w.pos] == closing {
		w.pos++
		w.depth--
		return true
	}
	for {
		var sens Kind
		if object {
			if w.pos >= len(w.src) || w.src[w.pos] != '"' {
				return false
			}
			ks := w.pos
			end, esc, ok := w.stringEnd(ks)
			if !ok {
				return false
			}
			w.pos = end
			sens = w.fieldKind(w.src[ks+1:end-1], esc)
			w.space()
			if w.pos >= len(w.src) || w.src[w.pos] != ':' {
				return false
			}
			w.pos++
			w.space()
		}
		if !w.value(sens) {
			return false
		}
		w.space()
		if w.pos >= len(w.src) {
			return false
		}
		switch w.src[w.pos] {
		case ',':
			w.pos++
			w.space()
			continue
		case closing:
			w.pos++
			w.depth--
			return true
		}
		return false
	}
}

// fieldKind returns the kind of a secret-like field name when that kind is
// enabled, else 0.
func (w *jsonWalk) fieldKind(raw string, esc bool) Kind {
	name := raw
	if esc {
		var buf [maxKVKey * 2]byte
		d, ok := decodeJSONString(buf[:0], raw[max(len(raw)-len(buf), 0):])
		if !ok {
			return 0
		}
		name = string(d)
	}
	k, ok := sensitiveName(name)
	if !ok || !w.r.on.has(k) {
		return 0
	}
	return k
}

// stringEnd finds the end of the JSON string starting at src[st] ('"'): the
// index after its closing quote, and whether it contains escapes. Escapes are
// checked when the string is decoded.
func (w *jsonWalk) stringEnd(st int) (end int, esc, ok bool) {
	s := w.src
	// Most strings are short (keys, roles, types): a byte loop finds their
	// end sooner than IndexByte calls do.
	i := st + 1
	for short := min(len(s), i+shortJSONString); i < short; i++ {
		switch s[i] {
		case '"':
			return i + 1, esc, true
		case '\\':
			esc = true
			i++ // the escaped byte
		}
	}
	rest := i
	for i < len(s) {
		q := strings.IndexByte(s[i:], '"')
		if q < 0 {
			return 0, false, false
		}
		q += i
		bs := 0
		for k := q - 1; k > st && s[k] == '\\'; k-- {
			bs++
		}
		if bs%2 == 0 {
			return q + 1, esc || strings.IndexByte(s[rest:q], '\\') >= 0, true
		}
		i = q + 1
	}
	return 0, false, false
}

// shortJSONString is how many bytes of a string stringEnd looks at one by
// one before it searches with IndexByte.
const shortJSONString = 32

// stringLeaf walks a string value: replaced whole when sens is set, else
// scanned with the detectors.
func (w *jsonWalk) stringLeaf(sens Kind) bool {
	st := w.pos
	end, esc, ok := w.stringEnd(st)
	if !ok {
		return false
	}
	w.pos = end
	raw := w.src[st+1 : end-1]
	if !esc {
		if w.quiet > 0 {
			return true
		}
		if sens != 0 {
			if raw != "" && !isRedactionToken(raw) {
				w.whole(sens, st, end, raw)
			}
			return true
		}
		return w.scanLeaf(raw, st+1, end-1, offsetMap{base: st + 1}, false)
	}
	// Decode the escapes into a pooled buffer and scan the decoded text.
	bp := w.r.getScratch()
	defer w.r.putScratch(bp)
	dec, ok := decodeJSONString((*bp)[:0], raw)
	*bp = dec[:0]
	if !ok {
		return false
	}
	if w.quiet > 0 {
		return true
	}
	// The view aliases the scratch buffer; it is not kept beyond this call.
	view := unsafe.String(unsafe.SliceData(dec), len(dec))
	if sens != 0 {
		if view != "" && !isRedactionToken(view) {
			w.whole(sens, st, end, view)
		}
		return true
	}
	return w.scanLeaf(view, st+1, end-1, offsetMap{base: st + 1, raw: raw}, true)
}

// scanLeaf scans the (decoded) text of a string leaf whose raw content is
// src[a:b] and, when something is found, replaces the content.
func (w *jsonWalk) scanLeaf(text string, a, b int, om offsetMap, encode bool) bool {
	before := w.sum.count
	var fn func(Finding)
	if w.report {
		fn = func(f Finding) { w.findings = append(w.findings, f) }
	}
	out, drop := w.r.redactText(text, &w.sum, fn, om)
	if w.sum.count == before {
		return true
	}
	w.drop = w.drop || drop
	w.replaceFrom(a)
	if encode {
		writeJSONContent(&w.b, out)
	} else {
		// Raw content without escapes stays valid: masks and pseudonyms
		// hold no quote, backslash or control byte.
		w.b.WriteString(out)
	}
	w.copied = b
	return true
}

// literal walks true, false or null.
func (w *jsonWalk) literal(lit string) bool {
	if !hasPrefixAt(w.src, w.pos, lit) {
		return false
	}
	w.pos += len(lit)
	return true
}

// number walks a JSON number.
func (w *jsonWalk) number() bool {
	s, i := w.src, w.pos
	if i < len(s) && s[i] == '-' {
		i++
	}
	switch {
	case i < len(s) && s[i] == '0':
		i++
	case i < len(s) && s[i] >= '1' && s[i] <= '9':
		i = runOf(s, i, clDigit)
	default:
		return false
	}
	if i < len(s) && s[i] == '.' {
		e := runOf(s, i+1, clDigit)
		if e == i+1 {
			return false
		}
		i = e
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		e := runOf(s, i, clDigit)
		if e == i {
			return false
		}
		i = e
	}
	w.pos = i
	return true
}

// decodeJSONString appends the decoded content of a JSON string (without
// its quotes) to dst. ok is false for an invalid escape or a raw control
// byte.
func decodeJSONString(dst []byte, raw string) ([]byte, bool) {
	for i := 0; i < len(raw); {
		c := raw[i]
		if c < 0x20 {
			return dst, false
		}
		if c != '\\' {
			j := i + 1
			for j < len(raw) && raw[j] != '\\' && raw[j] >= 0x20 {
				j++
			}
			dst = append(dst, raw[i:j]...)
			i = j
			continue
		}
		if i+1 >= len(raw) {
			return dst, false
		}
		switch raw[i+1] {
		case '"', '\\', '/':
			dst = append(dst, raw[i+1])
		case 'b':
			dst = append(dst, '\b')
		case 'f':
			dst = append(dst, '\f')
		case 'n':
			dst = append(dst, '\n')
		case 'r':
			dst = append(dst, '\r')
		case 't':
			dst = append(dst, '\t')
		case 'u':
			r1, ok := hex4(raw, i+2)
			if !ok {
				return dst, false
			}
			if utf16.IsSurrogate(r1) {
				if hasPrefixAt(raw, i+6, `\u`) {
					if r2, ok := hex4(raw, i+8); ok {
						if r := utf16.DecodeRune(r1, r2); r != utf8.RuneError {
							dst = utf8.AppendRune(dst, r)
							i += 12
							continue
						}
					}
				}
				r1 = utf8.RuneError
			}
			dst = utf8.AppendRune(dst, r1)
			i += 6
			continue
		default:
			return dst, false
		}
		i += 2
	}
	return dst, true
}

// writeJSONContent writes s as the content of a JSON string: '"', '\' and
// control bytes escaped, everything else as is.
func writeJSONContent(b *strings.Builder, s string) {
	const hexDigits = "0123456789abcdef"
	last := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x20 && c != '"' && c != '\\' {
			continue
		}
		b.WriteString(s[last:i])
		switch c {
		case '"', '\\':
			b.WriteByte('\\')
			b.WriteByte(c)
		case '\n':
			b.WriteString(`\n`)
		case '\r':
			b.WriteString(`\r`)
		case '\t':
			b.WriteString(`\t`)
		default:
			b.WriteString(`\u00`)
			b.WriteByte(hexDigits[c>>4])
			b.WriteByte(hexDigits[c&15])
		}
		last = i + 1
	}
	b.WriteString(s[last:])
}

// getScratch returns a decode buffer from the Redactor's pool.
func (r *Redactor) getScratch() *[]byte {
	if p, ok := r.scratch.Get().(*[]byte); ok {
		return p
	}
	b := make([]byte, 0, 4096)
	return &b
}

// putScratch returns a decode buffer to the pool, unless it grew very large.
func (r *Redactor) putScratch(p *[]byte) {
	if cap(*p) <= 1<<20 {
		r.scratch.Put(p)
	}
}
