package ga4export

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math/bits"
	"strconv"
	"unicode/utf8"

	jsonv2 "github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
)

// rowScanner decodes export rows straight from NDJSON bytes. It reads the
// columns an Event holds and checks the syntax of every other value as it
// skips it, without building anything for it: a GA4 row is mostly device,
// geo, traffic source and item columns that a benchmark never looks at.
//
// It decodes exactly what ReadJSON's generic decoder (readJSONRows) does
// for the same bytes: the same values, the same rows refused. FuzzJSONScanner
// holds the two to that.
type rowScanner struct {
	data  []byte
	pos   int
	final bool // data ends where the input ends
	opts  *ReadOptions

	intern  interner // repeated names, dates and param keys share one string
	special []Param  // the row's ga_session_id and transaction_id params, in order
	arena   []Param  // kept params of the rows decoded so far (a block's)
	row     rowFields

	lastDate string // the last row's event_date, shared with the next row when equal
}

// rowFields is what one row has set so far; a later duplicate key
// overwrites, as it does for the generic decoder.
type rowFields struct {
	date, name, user, tx   []byte // raw string contents; nil when absent or null
	dateF, nameF, userF    uint8  // string flags (see strEscaped)
	txF                    uint8
	hasTx                  bool
	ts                     jsonInt
	paramsStart, paramsEnd int              // the row's kept params in arena
	dim                    [dimCount][]byte // with ReadOptions.Dimensions: Source, Medium, Country, Device
	dimF                   [dimCount]uint8
}

// errIncomplete reports that the data ended inside a row: the rest of the
// row is in the bytes that follow.
var errIncomplete = errors.New("incomplete row")

// scanError is a syntax or type error at a byte offset of the scanner's data.
type scanError struct {
	off int
	msg string
}

func (e *scanError) Error() string { return e.msg }

// String flags.
const (
	strEscaped  = 1 << iota // holds a backslash escape
	strNonASCII             // holds a byte >= 0x80
)

func newRowScanner(opts *ReadOptions) *rowScanner {
	return &rowScanner{opts: opts, intern: interner{}}
}

func (s *rowScanner) fail(off int, format string, args ...any) error {
	return &scanError{off: off, msg: fmt.Sprintf(format, args...)}
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\r' || c == '\n' }

func (s *rowScanner) skipSpace() {
	for s.pos < len(s.data) && isSpace(s.data[s.pos]) {
		s.pos++
	}
}

// next returns the next byte after white space, or errIncomplete.
func (s *rowScanner) next() (byte, error) {
	if s.pos < len(s.data) {
		if c := s.data[s.pos]; c > ' ' {
			return c, nil // export rows hold no white space between tokens
		}
	}
	s.skipSpace()
	if s.pos >= len(s.data) {
		return 0, errIncomplete
	}
	return s.data[s.pos], nil
}

func (s *rowScanner) expect(c byte) error {
	b, err := s.next()
	if err != nil {
		return err
	}
	if b != c {
		return s.fail(s.pos, "invalid JSON: expected %q, found %s", c, quoteByte(b))
	}
	s.pos++
	return nil
}

func quoteByte(b byte) string {
	if b < 0x20 || b >= 0x7f {
		return fmt.Sprintf("byte 0x%02x", b)
	}
	return strconv.QuoteRune(rune(b))
}

const (
	swarOnes = 0x0101010101010101
	swarHigh = 0x8080808080808080
)

// plainRun returns how many bytes from data[i] need no attention inside a
// string (no quote, backslash, control or non-ASCII byte), eight at a time.
func plainRun(d []byte, i int) int {
	start := i
	for i+8 <= len(d) {
		if t := specialBytes(binary.LittleEndian.Uint64(d[i:])); t != 0 {
			return i - start + bits.TrailingZeros64(t)>>3
		}
		i += 8
	}
	for i < len(d) {
		c := d[i]
		if c == '"' || c == '\\' || c < 0x20 || c >= 0x80 {
			break
		}
		i++
	}
	return i - start
}

// specialBytes has the high bit set in the lowest byte of x that is a
// quote, a backslash, a control or a non-ASCII byte, and is zero when x
// holds none. Bits above the lowest set one may be wrong (a borrow runs
// upwards), so only the lowest is to be read.
func specialBytes(x uint64) uint64 {
	q := x ^ (swarOnes * '"')
	b := x ^ (swarOnes * '\\')
	return (((q - swarOnes) &^ q) | ((b - swarOnes) &^ b) | (x - swarOnes*0x20) | x) & swarHigh
}

// readString reads the string at s.pos (which must be a quote) and returns
// its raw contents and flags.
func (s *rowScanner) readString() ([]byte, uint8, error) {
	d := s.data
	start := s.pos + 1
	i := start
	var flags uint8
	for {
		i += plainRun(d, i)
		if i >= len(d) {
			return nil, 0, errIncomplete
		}
		switch c := d[i]; {
		case c == '"':
			s.pos = i + 1
			return d[start:i], flags, nil
		case c == '\\':
			flags |= strEscaped
			if i+1 >= len(d) {
				return nil, 0, errIncomplete
			}
			switch d[i+1] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
				i += 2
			case 'u':
				if i+6 > len(d) {
					for _, h := range d[i+2:] {
						if !isHex(h) {
							return nil, 0, s.fail(i, "invalid JSON: invalid escape sequence in string")
						}
					}
					return nil, 0, errIncomplete
				}
				for _, h := range d[i+2 : i+6] {
					if !isHex(h) {
						return nil, 0, s.fail(i, "invalid JSON: invalid escape sequence in string")
					}
				}
				i += 6
			default:
				return nil, 0, s.fail(i, "invalid JSON: invalid escape sequence in string")
			}
		case c < 0x20:
			return nil, 0, s.fail(i, "invalid JSON: invalid character %s inside a string (control characters must be escaped)", quoteByte(c))
		default: // >= 0x80: kept; invalid UTF-8 is decoded as U+FFFD
			flags |= strNonASCII
			i++
		}
	}
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

// text returns the decoded value of a raw string. Plain ASCII and valid
// UTF-8 are the bytes themselves; escapes and invalid UTF-8 go through the
// generic decoder, so they decode exactly as there.
func (s *rowScanner) text(raw []byte, flags uint8, intern bool) string {
	if flags&strEscaped == 0 && (flags&strNonASCII == 0 || utf8.Valid(raw)) {
		if !intern {
			return string(raw)
		}
		return s.intern.get(raw)
	}
	quoted := make([]byte, 0, len(raw)+2)
	quoted = append(append(append(quoted, '"'), raw...), '"')
	var v string
	_ = jsonv2.Unmarshal(quoted, &v, jsontext.AllowInvalidUTF8(true))
	return v
}

// name reads an object member's name and the colon after it.
func (s *rowScanner) name() ([]byte, uint8, error) {
	// Export rows hold plain names followed at once by their colon.
	if d, i := s.data, s.pos; i < len(d) && d[i] == '"' {
		if j := i + 1 + plainRun(d, i+1); j+1 < len(d) && d[j] == '"' && d[j+1] == ':' {
			s.pos = j + 2
			return d[i+1 : j], 0, nil
		}
	}
	c, err := s.next()
	if err != nil {
		return nil, 0, err
	}
	if c != '"' {
		return nil, 0, s.fail(s.pos, "invalid JSON: expected an object name, found %s", quoteByte(c))
	}
	raw, flags, err := s.readString()
	if err != nil {
		return nil, 0, err
	}
	return raw, flags, s.expect(':')
}

// afterMember reads the comma or closing brace after an object member and
// reports whether the object goes on.
func (s *rowScanner) afterMember() (bool, error) {
	c, err := s.next()
	if err != nil {
		return false, err
	}
	switch c {
	case ',':
		s.pos++
		return true, nil
	case '}':
		s.pos++
		return false, nil
	}
	return false, s.fail(s.pos, "invalid JSON: expected ',' or '}' after an object value, found %s", quoteByte(c))
}

// members reads the object at s.pos, calling member with each member's
// name (escapes decoded) once its colon is read; member reads the value.
func (s *rowScanner) members(member func(name []byte) error) error {
	more, err := s.openObject()
	for more && err == nil {
		var key []byte
		var kf uint8
		if key, kf, err = s.name(); err != nil {
			break
		}
		if kf&strEscaped != 0 {
			key = []byte(s.text(key, kf, false))
		}
		if err = member(key); err != nil {
			break
		}
		more, err = s.afterMember()
	}
	return err
}

// kindError skips a value of the wrong kind, which starts with c, and
// reports it at its start, naming the column (path, empty for a whole row)
// and what the value should have been.
func (s *rowScanner) kindError(c byte, path, into string) error {
	off := s.pos
	if err := s.skipValue(); err != nil {
		return err
	}
	if path == "" {
		return s.fail(off, "cannot unmarshal JSON %s into %s", kindName(c), into)
	}
	return s.fail(off, "%s: cannot unmarshal JSON %s into %s", path, kindName(c), into)
}

// rawField reads a number column's value, in whatever form the export
// wrote it, through the generic decoder's own unmarshaler.
func (s *rowScanner) rawField(dst interface{ UnmarshalJSON([]byte) error }, path string) error {
	raw, err := s.rawValue()
	if err != nil {
		return err
	}
	if err := dst.UnmarshalJSON(raw); err != nil {
		return s.fail(s.pos-len(raw), "%s: %v", path, err)
	}
	return nil
}

// openObject reads '{' and reports whether the object has members.
func (s *rowScanner) openObject() (bool, error) {
	if err := s.expect('{'); err != nil {
		return false, err
	}
	c, err := s.next()
	if err != nil {
		return false, err
	}
	if c == '}' {
		s.pos++
		return false, nil
	}
	return true, nil
}

// isNull consumes a null literal at s.pos, if there is one.
func (s *rowScanner) isNull() (bool, error) {
	c, err := s.next()
	if err != nil {
		return false, err
	}
	if c != 'n' {
		return false, nil
	}
	return true, s.literal("null")
}

func (s *rowScanner) literal(lit string) error {
	if err := s.bareLiteral(lit); err != nil {
		return err
	}
	return s.delimited()
}

// bareLiteral consumes lit without looking at what follows: at the top
// level a row may follow a null row with no space between ("nullnull" is
// two rows), as the generic decoder reads it.
func (s *rowScanner) bareLiteral(lit string) error {
	d := s.data[s.pos:]
	n := min(len(d), len(lit))
	if string(d[:n]) != lit[:n] {
		return s.fail(s.pos, "invalid JSON: invalid literal")
	}
	if n < len(lit) {
		return errIncomplete
	}
	s.pos += len(lit)
	return nil
}

// delimited checks that a number or literal is followed by a delimiter, as
// JSON requires (12x or truex are errors).
func (s *rowScanner) delimited() error {
	if s.pos >= len(s.data) {
		if s.final {
			return nil
		}
		return errIncomplete
	}
	switch c := s.data[s.pos]; c {
	case ' ', '\t', '\r', '\n', ',', '}', ']':
		return nil
	default:
		return s.fail(s.pos, "invalid JSON: invalid character %s after a value", quoteByte(c))
	}
}

// kindName names the JSON kind starting with c, for type errors.
func kindName(c byte) string {
	switch c {
	case '{':
		return "object"
	case '[':
		return "array"
	case '"':
		return "string"
	case 't', 'f':
		return "boolean"
	case 'n':
		return "null"
	}
	return "number"
}

// stringField reads a string or null (nil) where a string column is.
func (s *rowScanner) stringField(col string) ([]byte, uint8, error) {
	c, err := s.next()
	if err != nil {
		return nil, 0, err
	}
	switch c {
	case '"':
		return s.readString()
	case 'n':
		return nil, 0, s.literal("null")
	}
	return nil, 0, s.kindError(c, col, "a string")
}

// rawValue skips a value and returns its bytes.
func (s *rowScanner) rawValue() ([]byte, error) {
	if _, err := s.next(); err != nil {
		return nil, err
	}
	start := s.pos
	if err := s.skipValue(); err != nil {
		return nil, err
	}
	return s.data[start:s.pos], nil
}

// skipValue checks the syntax of the value at s.pos and moves past it.
func (s *rowScanner) skipValue() error {
	if s.skipFast() {
		return nil
	}
	return s.skipDepth(0)
}

// fastDepth is the nesting skipFast follows: one bit per open container.
const fastDepth = 64

// skipFast moves past the value at s.pos when it is well-formed JSON, lies
// wholly within the data with a byte after it, and nests at most fastDepth
// deep, checking its syntax as skipDepth does but in one loop with no calls
// per token. For anything else (an error, the end of the data, deeper
// nesting) it reports false with s.pos unchanged, and skipDepth reads the
// value again: skipping has no effect but s.pos, so the error and its
// offset are skipDepth's own.
func (s *rowScanner) skipFast() bool {
	d := s.data
	i := s.pos
	var objects uint64 // bit n: the container at depth n+1 is an object
	depth := 0
	for {
		// A value starts at i, perhaps after white space.
		if i >= len(d) {
			return false
		}
		c := d[i]
		if c <= ' ' {
			if i = skipSpaceAt(d, i); i >= len(d) {
				return false
			}
			c = d[i]
		}
		switch c {
		case '"':
			if i = skipStringAt(d, i+1); i < 0 {
				return false
			}
		case '{', '[':
			if depth == fastDepth {
				return false
			}
			closing := byte(']')
			objects <<= 1
			if c == '{' {
				closing = '}'
				objects |= 1
			}
			depth++
			if i = skipSpaceAt(d, i+1); i >= len(d) {
				return false
			}
			if d[i] == closing {
				i++
				objects >>= 1
				depth--
				break
			}
			if c == '{' {
				if i = skipNameAt(d, i); i < 0 {
					return false
				}
			}
			continue // the container's first value
		case 't', 'f', 'n':
			if i = skipLiteralAt(d, i); i < 0 {
				return false
			}
		default:
			if i = skipNumberAt(d, i); i < 0 {
				return false
			}
		}
		// After a value: the end of its container, or a comma and the
		// next value (and in an object its name).
		for {
			if depth == 0 {
				s.pos = i
				return true
			}
			if i >= len(d) {
				return false
			}
			c := d[i]
			if c <= ' ' {
				if i = skipSpaceAt(d, i); i >= len(d) {
					return false
				}
				c = d[i]
			}
			obj := objects&1 != 0
			if c == ',' {
				i++
				if obj {
					if i = skipNameAt(d, skipSpaceAt(d, i)); i < 0 {
						return false
					}
				}
				break
			}
			if obj && c == '}' || !obj && c == ']' {
				i++
				objects >>= 1
				depth--
				continue
			}
			return false
		}
	}
}

// skipSpaceAt returns the index of the first byte from i on that is not
// JSON white space.
func skipSpaceAt(d []byte, i int) int {
	for i < len(d) && isSpace(d[i]) {
		i++
	}
	return i
}

// skipLiteralAt returns the index after the literal (true, false or null)
// at i, which must be followed by a delimiter, or -1 when there is none
// there or it ends the data.
func skipLiteralAt(d []byte, i int) int {
	lit := "null"
	switch d[i] {
	case 't':
		lit = "true"
	case 'f':
		lit = "false"
	}
	j := i + len(lit)
	if j >= len(d) || string(d[i:j]) != lit || !isDelimiter(d[j]) {
		return -1
	}
	return j
}

// isDelimiter reports whether c may follow a number or literal in a
// container.
func isDelimiter(c byte) bool {
	return c == ',' || c == '}' || c == ']' || isSpace(c)
}

// skipStringAt returns the index after the closing quote of a string whose
// contents start at i, or -1 when the string is not valid and complete.
func skipStringAt(d []byte, i int) int {
	for {
		for i+8 <= len(d) {
			if t := specialBytes(binary.LittleEndian.Uint64(d[i:])); t != 0 {
				i += bits.TrailingZeros64(t) >> 3
				goto special
			}
			i += 8
		}
		for i < len(d) && d[i] != '"' && d[i] != '\\' && d[i] >= 0x20 && d[i] < 0x80 {
			i++
		}
		if i >= len(d) {
			return -1
		}
	special:
		switch c := d[i]; {
		case c == '"':
			return i + 1
		case c == '\\':
			if i+1 >= len(d) {
				return -1
			}
			switch d[i+1] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
				i += 2
			case 'u':
				if i+6 > len(d) || !isHex(d[i+2]) || !isHex(d[i+3]) || !isHex(d[i+4]) || !isHex(d[i+5]) {
					return -1
				}
				i += 6
			default:
				return -1
			}
		case c < 0x20:
			return -1
		default: // non-ASCII: any byte is kept, as by readString
			i++
		}
	}
}

// skipNameAt returns the index after the colon of an object member's name
// that starts at i (with a quote), or -1.
func skipNameAt(d []byte, i int) int {
	if i >= len(d) || d[i] != '"' {
		return -1
	}
	if i = skipStringAt(d, i+1); i < 0 {
		return -1
	}
	if i < len(d) && d[i] != ':' {
		i = skipSpaceAt(d, i)
	}
	if i >= len(d) || d[i] != ':' {
		return -1
	}
	return i + 1
}

// skipNumberAt returns the index after a number that starts at i and is
// followed by a delimiter, or -1.
func skipNumberAt(d []byte, i int) int {
	if i < len(d) && d[i] == '-' {
		i++
	}
	if i >= len(d) {
		return -1
	}
	switch c := d[i]; {
	case c == '0':
		i++
	case '1' <= c && c <= '9':
		for i++; i < len(d) && '0' <= d[i] && d[i] <= '9'; i++ {
		}
	default:
		return -1
	}
	if i < len(d) && d[i] == '.' {
		i++
		if i >= len(d) || d[i] < '0' || d[i] > '9' {
			return -1
		}
		for ; i < len(d) && '0' <= d[i] && d[i] <= '9'; i++ {
		}
	}
	if i < len(d) && (d[i] == 'e' || d[i] == 'E') {
		i++
		if i < len(d) && (d[i] == '+' || d[i] == '-') {
			i++
		}
		if i >= len(d) || d[i] < '0' || d[i] > '9' {
			return -1
		}
		for ; i < len(d) && '0' <= d[i] && d[i] <= '9'; i++ {
		}
	}
	if i >= len(d) || !isDelimiter(d[i]) {
		return -1
	}
	return i
}

func (s *rowScanner) skipDepth(depth int) error {
	c, err := s.next()
	if err != nil {
		return err
	}
	switch c {
	case '"':
		_, _, err := s.readString()
		return err
	case '{', '[':
		if depth+1 > maxJSONDepth {
			return s.fail(s.pos, "invalid JSON: exceeded max depth")
		}
		s.pos++
		closing := byte('}')
		if c == '[' {
			closing = ']'
		}
		c2, err := s.next()
		if err != nil {
			return err
		}
		if c2 == closing {
			s.pos++
			return nil
		}
		for {
			if c == '{' {
				if _, _, err := s.name(); err != nil {
					return err
				}
			}
			if err := s.skipDepth(depth + 1); err != nil {
				return err
			}
			c2, err := s.next()
			if err != nil {
				return err
			}
			switch c2 {
			case ',':
				s.pos++
			case closing:
				s.pos++
				return nil
			default:
				return s.fail(s.pos, "invalid JSON: expected ',' or %q, found %s", closing, quoteByte(c2))
			}
		}
	case 't':
		return s.literal("true")
	case 'f':
		return s.literal("false")
	case 'n':
		return s.literal("null")
	}
	return s.number()
}

// maxJSONDepth is the nesting the generic decoder accepts.
const maxJSONDepth = 10000

// number checks a JSON number's grammar.
func (s *rowScanner) number() error {
	d := s.data
	i := s.pos
	bad := func() error { return s.fail(i, "invalid JSON: invalid number") }
	if i < len(d) && d[i] == '-' {
		i++
	}
	if i >= len(d) {
		return errIncomplete
	}
	switch {
	case d[i] == '0':
		i++
	case '1' <= d[i] && d[i] <= '9':
		for i++; i < len(d) && '0' <= d[i] && d[i] <= '9'; i++ {
		}
	default:
		if i == s.pos {
			return s.fail(i, "invalid JSON: invalid character %s at the start of a value", quoteByte(d[i]))
		}
		return bad()
	}
	if i < len(d) && d[i] == '.' {
		i++
		if i >= len(d) {
			return errIncomplete
		}
		if d[i] < '0' || d[i] > '9' {
			return bad()
		}
		for ; i < len(d) && '0' <= d[i] && d[i] <= '9'; i++ {
		}
	}
	if i < len(d) && (d[i] == 'e' || d[i] == 'E') {
		i++
		if i < len(d) && (d[i] == '+' || d[i] == '-') {
			i++
		}
		if i >= len(d) {
			return errIncomplete
		}
		if d[i] < '0' || d[i] > '9' {
			return bad()
		}
		for ; i < len(d) && '0' <= d[i] && d[i] <= '9'; i++ {
		}
	}
	s.pos = i
	return s.delimited()
}

// scanRow decodes the row at s.pos into ev. A null row is an empty event,
// as for the generic decoder.
func (s *rowScanner) scanRow(ev *Event) error {
	ev.reset()
	s.row = rowFields{paramsStart: len(s.arena), paramsEnd: len(s.arena)}
	s.special = s.special[:0]
	c, err := s.next()
	if err != nil {
		return err
	}
	switch c {
	case 'n':
		if err := s.bareLiteral("null"); err != nil {
			return err
		}
		ev.Params = s.arena[len(s.arena):len(s.arena)]
		return nil
	case '{':
	default:
		return s.kindError(c, "", "an export row (a JSON object)")
	}
	r := &s.row
	if err := s.members(func(key []byte) (err error) {
		switch string(key) {
		case "event_date":
			r.date, r.dateF, err = s.stringField("/event_date")
		case "event_name":
			r.name, r.nameF, err = s.stringField("/event_name")
		case "user_pseudo_id":
			r.user, r.userF, err = s.stringField("/user_pseudo_id")
		case "event_timestamp":
			// BigQuery's quoted digits; every other form goes through
			// jsonInt, as for the generic decoder.
			if n, end, ok := quotedInt(s.data, s.pos); ok {
				r.ts, s.pos = jsonInt{n: n, set: true}, end
				return nil
			}
			err = s.rawField(&r.ts, "/event_timestamp")
		case "event_params":
			err = s.params()
		case "ecommerce":
			err = s.ecommerce()
		case "traffic_source":
			err = s.dimRecord(&dimTraffic)
		case "geo":
			err = s.dimRecord(&dimGeo)
		case "device":
			err = s.dimRecord(&dimDeviceRecord)
		default:
			err = s.skipValue()
		}
		return err
	}); err != nil {
		return err
	}
	s.finishRow(ev)
	return nil
}

// finishRow fills ev from the row's fields.
func (s *rowScanner) finishRow(ev *Event) {
	r := &s.row
	if r.date != nil {
		// A daily export file holds one date: compare with the last row's
		// before looking it up.
		if r.dateF == 0 && string(r.date) == s.lastDate {
			ev.Date = s.lastDate
		} else {
			ev.Date = s.text(r.date, r.dateF, true)
			s.lastDate = ev.Date
		}
	}
	ev.Timestamp = r.ts.n
	if r.name != nil {
		ev.Name = s.text(r.name, r.nameF, true)
	}
	if r.user != nil {
		// Users are too many to intern: a table of them would miss more
		// often than it saved.
		ev.UserPseudoID = s.text(r.user, r.userF, false)
	}
	if r.hasTx {
		ev.TransactionID = s.text(r.tx, r.txF, false)
	}
	if s.opts.Dimensions {
		for i, dst := range [dimCount]*string{&ev.Source, &ev.Medium, &ev.Country, &ev.Device} {
			if r.dim[i] != nil {
				*dst = s.text(r.dim[i], r.dimF[i], true)
			}
		}
	}
	ev.Params = s.arena[r.paramsStart:r.paramsEnd:r.paramsEnd]
	kept := ev.Params
	ev.Params = s.special
	ev.finish()
	ev.Params = kept
}

// params reads event_params: null, or an array of {key, value} objects.
// A second event_params in one row replaces the first.
func (s *rowScanner) params() error {
	s.arena = s.arena[:s.row.paramsStart]
	s.row.paramsEnd = s.row.paramsStart
	s.special = s.special[:0]
	c, err := s.next()
	if err != nil {
		return err
	}
	switch c {
	case 'n':
		return s.literal("null")
	case '[':
	default:
		return s.kindError(c, "/event_params", "a list of params")
	}
	s.pos++
	c, err = s.next()
	if err != nil {
		return err
	}
	if c == ']' {
		s.pos++
		return nil
	}
	for {
		if !s.paramFast() {
			if err := s.param(); err != nil {
				return err
			}
		}
		c, err := s.next()
		if err != nil {
			return err
		}
		switch c {
		case ',':
			s.pos++
		case ']':
			s.pos++
			return nil
		default:
			return s.fail(s.pos, "invalid JSON: expected ',' or ']' after a param, found %s", quoteByte(c))
		}
	}
}

// paramFast reads the element of event_params at s.pos when it has the
// shape exports write, {"key":"k","value":{"int_value":"12"}} with a
// plain key, no white space and the value fields set or null (BigQuery
// leaves null fields out, other writers spell them), and keeps what param
// would keep. For any other element, a malformed one included, it
// reports false with s.pos where it was and nothing kept, and param reads
// the element the general way.
func (s *rowScanner) paramFast() bool {
	d := s.data
	i := s.pos
	const head = `{"key":"`
	if len(d)-i < len(head) || string(d[i:i+len(head)]) != head {
		return false
	}
	i += len(head)
	keyStart := i
	i += plainRun(d, i)
	if i >= len(d) || d[i] != '"' {
		return false
	}
	key := d[keyStart:i]
	i++
	const mid = `,"value":{`
	if len(d)-i < len(mid) || string(d[i:i+len(mid)]) != mid {
		return false
	}
	i += len(mid)
	// The value record: its fields in any order, null or set, a later one
	// replacing an earlier one of the same name, as in value.
	var (
		str    []byte
		strF   uint8
		hasStr bool
		n      jsonInt
		f, dbl jsonFloat
	)
	for i < len(d) && d[i] != '}' {
		// The field's name and colon: the four names differ in their
		// second byte (the first is the quote).
		if len(d)-i < 2 || d[i] != '"' {
			return false
		}
		var field string
		switch d[i+1] {
		case 's':
			field = `"string_value":`
		case 'i':
			field = `"int_value":`
		case 'f':
			field = `"float_value":`
		case 'd':
			field = `"double_value":`
		default:
			return false
		}
		if len(d)-i < len(field)+5 || string(d[i:i+len(field)]) != field {
			return false
		}
		i += len(field)
		if string(d[i:i+4]) == "null" {
			// Room for the byte after is checked above.
			i += 4
			switch field[1] {
			case 's':
				str, hasStr = nil, false
			case 'i':
				n = jsonInt{}
			case 'f':
				f = jsonFloat{}
			default:
				dbl = jsonFloat{}
			}
		} else {
			switch field[1] {
			case 's':
				if d[i] != '"' {
					return false
				}
				start := s.pos
				s.pos = i
				var err error
				str, strF, err = s.readString()
				i, s.pos = s.pos, start
				if err != nil {
					return false
				}
				hasStr = true
			case 'i':
				v, end, ok := quotedInt(d, i)
				if !ok {
					return false
				}
				n, i = jsonInt{n: v, set: true}, end
			default:
				var x jsonFloat
				end := skipNumberAt(d, i)
				if end < 0 || x.UnmarshalJSON(d[i:end]) != nil {
					return false
				}
				if field[1] == 'f' {
					f = x
				} else {
					dbl = x
				}
				i = end
			}
		}
		if i < len(d) && d[i] == ',' {
			i++
			if i < len(d) && d[i] == '}' {
				return false // a comma before the end: param reports it
			}
		} else if i >= len(d) || d[i] != '}' {
			return false
		}
	}
	var p Param
	switch {
	case hasStr:
		p.Kind = ValueString
	case n.set:
		p.Kind, p.Int = ValueInt, n.n
	case dbl.set:
		p.Kind, p.Float = ValueFloat, dbl.f
	case f.set:
		p.Kind, p.Float = ValueFloat, f.f
	}
	if len(d)-i < 2 || d[i] != '}' || d[i+1] != '}' {
		return false
	}
	s.pos = i + 2
	special := string(key) == "ga_session_id" || string(key) == "transaction_id"
	keep := s.opts.KeepParams == nil || len(s.opts.KeepParams) > 0 && s.opts.KeepParams[string(key)]
	if !special && !keep {
		return true
	}
	switch {
	case !special:
		p.Key = s.intern.get(key)
	case len(key) == len("ga_session_id"):
		p.Key = "ga_session_id"
	default:
		p.Key = "transaction_id"
	}
	if p.Kind == ValueString {
		p.String = s.text(str, strF, false)
	}
	if special {
		s.special = append(s.special, p)
	}
	if keep {
		s.arena = append(s.arena, p)
		s.row.paramsEnd = len(s.arena)
	}
	return true
}

// quotedInt reads an INT64 the way BigQuery writes it, a quoted run of at
// most 18 digits with an optional minus sign, at d[i]. It returns the
// value and the index after the closing quote, or false for any other
// form (which jsonInt reads).
func quotedInt(d []byte, i int) (int64, int, bool) {
	if i >= len(d) || d[i] != '"' {
		return 0, 0, false
	}
	i++
	neg := i < len(d) && d[i] == '-'
	if neg {
		i++
	}
	start := i
	var n int64
	for i < len(d) && '0' <= d[i] && d[i] <= '9' {
		n = n*10 + int64(d[i]-'0')
		i++
	}
	if i == start || i-start > 18 || i >= len(d) || d[i] != '"' {
		return 0, 0, false
	}
	if neg {
		n = -n
	}
	return n, i + 1, true
}

// paramValue is a param's value record as read so far; a second "value"
// object merges into the first, a null clears it.
type paramValue struct {
	set    bool
	str    []byte
	strF   uint8
	hasStr bool
	i      jsonInt
	f, dbl jsonFloat
	keyRaw []byte
	keyF   uint8
	hasKey bool
}

// param reads one element of event_params.
func (s *rowScanner) param() error {
	c, err := s.next()
	if err != nil {
		return err
	}
	switch c {
	case 'n':
		return s.literal("null")
	case '{':
	default:
		return s.kindError(c, "/event_params", "a param (an object)")
	}
	var v paramValue
	if err := s.members(func(key []byte) (err error) {
		switch string(key) {
		case "key":
			v.keyRaw, v.keyF, err = s.stringField("/event_params/key")
			v.hasKey = v.keyRaw != nil
		case "value":
			err = s.value(&v)
		default:
			err = s.skipValue()
		}
		return err
	}); err != nil {
		return err
	}
	if !v.hasKey {
		return nil
	}
	k := s.text(v.keyRaw, v.keyF, true)
	special := k == "ga_session_id" || k == "transaction_id"
	keep := s.opts.keeps(k)
	if !special && !keep {
		return nil
	}
	p := Param{Key: k}
	if v.set {
		switch {
		case v.hasStr:
			p.Kind, p.String = ValueString, s.text(v.str, v.strF, false)
		case v.i.set:
			p.Kind, p.Int = ValueInt, v.i.n
		case v.dbl.set:
			p.Kind, p.Float = ValueFloat, v.dbl.f
		case v.f.set:
			p.Kind, p.Float = ValueFloat, v.f.f
		}
	}
	if special {
		s.special = append(s.special, p)
	}
	if keep {
		s.arena = append(s.arena, p)
		s.row.paramsEnd = len(s.arena)
	}
	return nil
}

// value reads a param's value record into v.
func (s *rowScanner) value(v *paramValue) error {
	null, err := s.isNull()
	if err != nil || null {
		*v = paramValue{keyRaw: v.keyRaw, keyF: v.keyF, hasKey: v.hasKey}
		return err
	}
	c, _ := s.next()
	if c != '{' {
		return s.kindError(c, "/event_params/value", "a value record (an object)")
	}
	v.set = true
	return s.members(func(key []byte) (err error) {
		switch string(key) {
		case "string_value":
			v.str, v.strF, err = s.stringField("/event_params/value/string_value")
			v.hasStr = v.str != nil
		case "int_value":
			err = s.rawField(&v.i, "/event_params/value/int_value")
		case "float_value":
			err = s.rawField(&v.f, "/event_params/value/float_value")
		case "double_value":
			err = s.rawField(&v.dbl, "/event_params/value/double_value")
		default:
			err = s.skipValue()
		}
		return err
	})
}

// ecommerce reads the ecommerce record: null, or an object whose
// transaction_id is kept. A second record merges into the first; null
// clears it.
func (s *rowScanner) ecommerce() error {
	null, err := s.isNull()
	if err != nil {
		return err
	}
	if null {
		s.row.tx, s.row.hasTx = nil, false
		return nil
	}
	c, _ := s.next()
	if c != '{' {
		return s.kindError(c, "/ecommerce", "the ecommerce record (an object)")
	}
	return s.members(func(key []byte) (err error) {
		if string(key) != "transaction_id" {
			return s.skipValue()
		}
		s.row.tx, s.row.txF, err = s.stringField("/ecommerce/transaction_id")
		s.row.hasTx = s.row.tx != nil
		return err
	})
}

// Indexes of rowFields.dim.
const (
	dimSource = iota
	dimMedium
	dimCountry
	dimDevice
	dimCount
)

// dimRecordSpec is a record column holding dimensions: its name as an
// error path, and the string fields kept from it.
type dimRecordSpec struct {
	path, what string
	fields     []dimFieldSpec
}

type dimFieldSpec struct {
	name, path string
	dim        int
}

var (
	dimTraffic = dimRecordSpec{path: "/traffic_source", what: "the traffic_source record (an object)", fields: []dimFieldSpec{
		{"source", "/traffic_source/source", dimSource}, {"medium", "/traffic_source/medium", dimMedium}}}
	dimGeo          = dimRecordSpec{path: "/geo", what: "the geo record (an object)", fields: []dimFieldSpec{{"country", "/geo/country", dimCountry}}}
	dimDeviceRecord = dimRecordSpec{path: "/device", what: "the device record (an object)", fields: []dimFieldSpec{{"category", "/device/category", dimDevice}}}
)

// dimRecord reads a record of dimensions when ReadOptions.Dimensions asks
// for them, and skips it otherwise. Like ecommerce: null clears the
// record's fields, a second record merges into the first.
func (s *rowScanner) dimRecord(rec *dimRecordSpec) error {
	if !s.opts.Dimensions {
		return s.skipValue()
	}
	null, err := s.isNull()
	if err != nil {
		return err
	}
	if null {
		for _, f := range rec.fields {
			s.row.dim[f.dim] = nil
		}
		return nil
	}
	c, _ := s.next()
	if c != '{' {
		return s.kindError(c, rec.path, rec.what)
	}
	return s.members(func(key []byte) (err error) {
		for _, f := range rec.fields {
			if string(key) == f.name {
				s.row.dim[f.dim], s.row.dimF[f.dim], err = s.stringField(f.path)
				return err
			}
		}
		return s.skipValue()
	})
}
