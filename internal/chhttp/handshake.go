package chhttp

import (
	"encoding/binary"
	"fmt"
	"strings"

	"github.com/otelaudit/otelaudit/internal/chdb"
)

// minRevisionCustomSerialization is the protocol revision from which a
// Native block carries a per-column "custom serialization" flag.
const minRevisionCustomSerialization = 54454

// handshakeQuery is what clickhouse-go runs over HTTP on connect; it decodes
// the answer with the revision it sent as client_protocol_version, and every
// later block with the revision the answer reports.
const handshakeQuery = "SELECT displayName(), version(), revision(), timezone()"

// handshakeRevision is the protocol revision the handshake reports: chDB
// writes Native blocks as revision 0 (no BlockInfo, no per-column
// serialization flag), so clients must decode them as revision 0.
const handshakeRevision = 0

// handshakeFields are the words of handshakeQuery; read-only.
var handshakeFields = strings.Fields(handshakeQuery)

// isHandshake reports whether query is clickhouse-go's connect query, up to
// white space. It stops at the first word that differs, so a long query
// costs next to nothing.
func isHandshake(query string) bool {
	i := 0
	for f := range strings.FieldsSeq(query) {
		if i == len(handshakeFields) || f != handshakeFields[i] {
			return false
		}
		i++
	}
	return i == len(handshakeFields)
}

// handshakeResult answers the handshake. For Native output it encodes the
// block itself in the layout of the client's protocol revision (as a
// ClickHouse server does for client_protocol_version); for other formats
// it lets the engine answer with the revision replaced.
func handshakeResult(l *chdb.Locked, format string, clientRevision uint64) (chdb.Result, error) {
	if !strings.EqualFold(format, "Native") {
		return l.Query(fmt.Sprintf("SELECT displayName(), version(), toUInt32(%d) AS `revision()`, timezone()", handshakeRevision), format)
	}
	res, err := l.Query("SELECT displayName(), version(), timezone()", "TabSeparated")
	if err != nil {
		return chdb.Result{}, err
	}
	fields := strings.Split(strings.TrimSuffix(string(res.Data), "\n"), "\t")
	if len(fields) != 3 {
		return chdb.Result{}, fmt.Errorf("handshake: unexpected server info %q", res.Data)
	}
	var b []byte
	if clientRevision > 0 {
		// BlockInfo: field 1 is_overflows=false, field 2 bucket_num=-1, end.
		b = append(b, 1, 0, 2)
		b = binary.LittleEndian.AppendUint32(b, 0xFFFFFFFF)
		b = append(b, 0)
	}
	b = binary.AppendUvarint(b, 4) // columns
	b = binary.AppendUvarint(b, 1) // rows
	column := func(name, typ string, data []byte) {
		b = appendString(b, name)
		b = appendString(b, typ)
		if clientRevision >= minRevisionCustomSerialization {
			b = append(b, 0)
		}
		b = append(b, data...)
	}
	column("displayName()", "String", appendString(nil, fields[0]))
	column("version()", "String", appendString(nil, fields[1]))
	column("revision()", "UInt32", binary.LittleEndian.AppendUint32(nil, handshakeRevision))
	column("timezone()", "String", appendString(nil, fields[2]))
	return chdb.Result{Data: b, RowsRead: 1, BytesRead: uint64(len(b))}, nil
}

// appendString appends a Native-encoded string (uvarint length, bytes).
func appendString(b []byte, s string) []byte {
	b = binary.AppendUvarint(b, uint64(len(s)))
	return append(b, s...)
}
