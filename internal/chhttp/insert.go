package chhttp

import (
	"errors"
	"fmt"
	"strings"
)

// insertStatement is the head of an INSERT that carries its rows as data
// (FORMAT x or VALUES), as opposed to INSERT ... SELECT.
type insertStatement struct {
	// Database is the database name, or "" for the current one.
	Database string
	// Table is the table name.
	Table string
	// Columns are the column names of the optional column list, each one
	// name (a flattened Nested column is one name, e.g. "Events.Name").
	Columns []string
	// Settings are the SETTINGS clause's assignments in order.
	Settings []insertSetting
	// Format is the input format; "Values" for VALUES.
	Format string
	// Data is the inline data following the head (may be empty).
	Data string
}

// insertSetting is one "name = literal" of an INSERT's SETTINGS clause.
type insertSetting struct {
	Name  string
	Value string // the literal as written: a number, a quoted string, or a word
}

// errNotDataInsert reports an INSERT that takes no data (INSERT ... SELECT,
// INSERT ... FROM INFILE), or a statement that is not an INSERT.
var errNotDataInsert = errors.New("not an INSERT with data")

// parseInsert parses the head of "INSERT INTO [TABLE] [db.]table [(cols)]
// [SETTINGS k = v, ...] {FORMAT name | VALUES}" and returns it with the rest
// of q as Data. It returns errNotDataInsert (wrapped) for statements that
// are not INSERTs taking data, and another error for INSERT heads it cannot
// parse.
func parseInsert(q string) (*insertStatement, error) {
	l := &lexer{s: q}
	if !l.keyword("INSERT") {
		return nil, errNotDataInsert
	}
	if !l.keyword("INTO") {
		return nil, errors.New("expected INTO after INSERT")
	}
	l.keyword("TABLE")
	if l.peekKeyword("FUNCTION") {
		return nil, errors.New("INSERT INTO FUNCTION is not supported")
	}
	first, err := l.identifier()
	if err != nil {
		return nil, fmt.Errorf("table name: %w", err)
	}
	st := &insertStatement{Table: first}
	if l.punct('.') {
		second, err := l.identifier()
		if err != nil {
			return nil, fmt.Errorf("table name after %q.: %w", first, err)
		}
		st.Database, st.Table = first, second
	}
	if l.punct('(') {
		for {
			col, err := l.compoundIdentifier()
			if err != nil {
				return nil, fmt.Errorf("column list: %w", err)
			}
			st.Columns = append(st.Columns, col)
			if l.punct(',') {
				continue
			}
			if l.punct(')') {
				break
			}
			return nil, errors.New("column list: expected , or )")
		}
	}
	if l.keyword("SETTINGS") {
		for {
			name, err := l.identifier()
			if err != nil {
				return nil, fmt.Errorf("SETTINGS: %w", err)
			}
			if !isSettingName(name) {
				return nil, fmt.Errorf("SETTINGS: invalid setting name %q", name)
			}
			if !l.punct('=') {
				return nil, fmt.Errorf("SETTINGS: expected = after %s", name)
			}
			value, err := l.literal()
			if err != nil {
				return nil, fmt.Errorf("SETTINGS %s: %w", name, err)
			}
			st.Settings = append(st.Settings, insertSetting{Name: name, Value: value})
			if !l.punct(',') {
				break
			}
		}
	}
	switch {
	case l.keyword("VALUES"):
		st.Format = "Values"
		st.Data = l.s[l.pos:]
	case l.keyword("FORMAT"):
		name, err := l.identifier()
		if err != nil || !isIdentifier(name) {
			return nil, errors.New("FORMAT: expected a format name")
		}
		st.Format = name
		st.Data = skipToData(l.s[l.pos:])
	case l.peekKeyword("SELECT"), l.peekKeyword("WITH"), l.peekKeyword("FROM"), l.peekKeyword("SETTINGS"), l.peekKeyword("PARALLEL"):
		return nil, errNotDataInsert
	default:
		return nil, errors.New("expected FORMAT or VALUES")
	}
	return st, nil
}

// skipToData skips the blanks after a FORMAT name up to and including the
// first newline, as ClickHouse does before reading inline data.
func skipToData(s string) string {
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case ' ', '\t', '\r':
			continue
		case '\n':
			return s[i+1:]
		default:
			return s[i:]
		}
	}
	return ""
}

// head renders the statement without data as
// "INSERT INTO `db`.`t` (`c`, ...) SETTINGS k = v FORMAT f".
func (st *insertStatement) head() string {
	return st.render("")
}

// infile renders the statement reading its data from file.
func (st *insertStatement) infile(file string) string {
	return st.render(file)
}

// render writes the INSERT head, with FROM INFILE file when file is set.
func (st *insertStatement) render(file string) string {
	var b strings.Builder
	b.WriteString("INSERT INTO ")
	if st.Database != "" {
		b.WriteString(quoteIdentifier(st.Database))
		b.WriteByte('.')
	}
	b.WriteString(quoteIdentifier(st.Table))
	if len(st.Columns) > 0 {
		b.WriteString(" (")
		for i, c := range st.Columns {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(quoteIdentifier(c))
		}
		b.WriteByte(')')
	}
	if file != "" {
		b.WriteString(" FROM INFILE ")
		b.WriteString(quoteString(file))
		b.WriteString(" COMPRESSION 'none'")
	}
	if len(st.Settings) > 0 {
		b.WriteString(" SETTINGS ")
		for i, s := range st.Settings {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(s.Name)
			b.WriteString(" = ")
			b.WriteString(s.Value)
		}
	}
	b.WriteString(" FORMAT ")
	b.WriteString(st.Format)
	return b.String()
}

// Escapers of quoted identifiers and string literals; read-only.
var (
	identifierEscaper = strings.NewReplacer(`\`, `\\`, "`", "\\`", "\x00", `\0`)
	stringEscaper     = strings.NewReplacer(`\`, `\\`, `'`, `\'`, "\x00", `\0`)
)

// quoteIdentifier backquotes an identifier, escaping backslashes and backquotes.
func quoteIdentifier(s string) string {
	return "`" + identifierEscaper.Replace(s) + "`"
}

// quoteString single-quotes a string literal, escaping backslashes and quotes.
func quoteString(s string) string {
	return "'" + stringEscaper.Replace(s) + "'"
}

// isIdentifier reports whether s is a bare ClickHouse identifier.
func isIdentifier(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '_', c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z':
		case c >= '0' && c <= '9' && i > 0:
		default:
			return false
		}
	}
	return true
}

// isSettingName reports whether s can be a setting name (a bare identifier).
func isSettingName(s string) bool { return isIdentifier(s) }

// lexer is a minimal scanner over the head of an INSERT statement.
type lexer struct {
	s   string
	pos int
}

// skipSpace skips whitespace and -- and /* */ comments.
func (l *lexer) skipSpace() {
	for l.pos < len(l.s) {
		switch c := l.s[l.pos]; {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v':
			l.pos++
		case strings.HasPrefix(l.s[l.pos:], "--"):
			if i := strings.IndexByte(l.s[l.pos:], '\n'); i >= 0 {
				l.pos += i + 1
			} else {
				l.pos = len(l.s)
			}
		case strings.HasPrefix(l.s[l.pos:], "/*"):
			if i := strings.Index(l.s[l.pos+2:], "*/"); i >= 0 {
				l.pos += i + 4
			} else {
				l.pos = len(l.s)
			}
		default:
			return
		}
	}
}

// word returns the bare word at the current position without consuming it.
func (l *lexer) word() string {
	l.skipSpace()
	end := l.pos
	for end < len(l.s) && isWordByte(l.s[end]) {
		end++
	}
	return l.s[l.pos:end]
}

// isWordByte reports whether c can be part of a bare word.
func isWordByte(c byte) bool {
	return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

// peekKeyword reports whether the next word is kw (case-insensitive).
func (l *lexer) peekKeyword(kw string) bool {
	return strings.EqualFold(l.word(), kw)
}

// keyword consumes kw if it is the next word.
func (l *lexer) keyword(kw string) bool {
	w := l.word()
	if !strings.EqualFold(w, kw) {
		return false
	}
	l.pos += len(w)
	return true
}

// punct consumes the byte c if it comes next.
func (l *lexer) punct(c byte) bool {
	l.skipSpace()
	if l.pos < len(l.s) && l.s[l.pos] == c {
		l.pos++
		return true
	}
	return false
}

// identifier consumes a bare, `backquoted` or "double-quoted" identifier.
func (l *lexer) identifier() (string, error) {
	l.skipSpace()
	if l.pos >= len(l.s) {
		return "", errors.New("expected an identifier, got end of query")
	}
	switch c := l.s[l.pos]; c {
	case '`', '"':
		return l.quoted(c)
	}
	w := l.word()
	if !isIdentifier(w) {
		return "", fmt.Errorf("expected an identifier at position %d", l.pos)
	}
	l.pos += len(w)
	return w, nil
}

// compoundIdentifier consumes identifiers joined by dots and returns them
// as one name ("Events.Name").
func (l *lexer) compoundIdentifier() (string, error) {
	name, err := l.identifier()
	if err != nil {
		return "", err
	}
	for l.punct('.') {
		part, err := l.identifier()
		if err != nil {
			return "", err
		}
		name += "." + part
	}
	return name, nil
}

// quoted consumes an identifier or string quoted with q, handling
// backslash escapes and doubled quotes, and returns its content.
func (l *lexer) quoted(q byte) (string, error) {
	var b strings.Builder
	i := l.pos + 1
	for i < len(l.s) {
		c := l.s[i]
		switch {
		case c == '\\' && i+1 < len(l.s):
			b.WriteByte(unescape(l.s[i+1]))
			i += 2
		case c == q && i+1 < len(l.s) && l.s[i+1] == q:
			b.WriteByte(q)
			i += 2
		case c == q:
			l.pos = i + 1
			if b.Len() == 0 {
				return "", errors.New("empty quoted identifier")
			}
			return b.String(), nil
		default:
			b.WriteByte(c)
			i++
		}
	}
	return "", fmt.Errorf("unterminated quoted name starting at position %d", l.pos)
}

// unescape maps the character after a backslash to the byte it stands for.
func unescape(c byte) byte {
	switch c {
	case 'n':
		return '\n'
	case 't':
		return '\t'
	case 'r':
		return '\r'
	case '0':
		return 0
	case 'b':
		return '\b'
	case 'f':
		return '\f'
	}
	return c
}

// literal consumes a setting value: a number, a word, or a 'string', and
// returns it re-rendered safely.
func (l *lexer) literal() (string, error) {
	l.skipSpace()
	if l.pos >= len(l.s) {
		return "", errors.New("expected a value, got end of query")
	}
	if l.s[l.pos] == '\'' {
		v, err := l.quotedString()
		if err != nil {
			return "", err
		}
		return quoteString(v), nil
	}
	start := l.pos
	if l.s[l.pos] == '-' || l.s[l.pos] == '+' {
		l.pos++
	}
	end := l.pos
	for end < len(l.s) && (isWordByte(l.s[end]) || l.s[end] == '.') {
		end++
	}
	if end == l.pos {
		return "", fmt.Errorf("expected a value at position %d", start)
	}
	l.pos = end
	return l.s[start:end], nil
}

// quotedString consumes a 'string' literal, which may be empty.
func (l *lexer) quotedString() (string, error) {
	var b strings.Builder
	for i := l.pos + 1; i < len(l.s); i++ {
		c := l.s[i]
		switch {
		case c == '\\' && i+1 < len(l.s):
			b.WriteByte(unescape(l.s[i+1]))
			i++
		case c == '\'' && i+1 < len(l.s) && l.s[i+1] == '\'':
			b.WriteByte('\'')
			i++
		case c == '\'':
			l.pos = i + 1
			return b.String(), nil
		default:
			b.WriteByte(c)
		}
	}
	return "", fmt.Errorf("unterminated string starting at position %d", l.pos)
}
