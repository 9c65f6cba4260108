package ga4export

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// Report is a CSV file downloaded from a GA4 report: one or more sections,
// each with its own "#" comment header, column header and rows.
type Report struct {
	Name string // file name, for messages
	// Title, Account and Property come from a comment block that stands
	// alone at the top of the file (the "Reports snapshot" preamble of an
	// overview download); each section also carries Account and Property.
	Title    string
	Account  string
	Property string
	Sections []Section // in file order
}

// Section is one table of a GA4 report CSV.
type Section struct {
	// Title is the first comment line that is not a rule or a known key,
	// e.g. "Events: Event name" or "How much revenue are you generating?".
	Title     string
	Account   string   // "# Account: ..." when present
	Property  string   // "# Property: ..."
	Segment   string   // comparison or segment name, e.g. "All Users"
	StartDate string   // YYYYMMDD from "# Start date: ..."
	EndDate   string   // YYYYMMDD from "# End date: ..."
	Comments  []string // every comment line, "#" and one space removed
	Header    []string // column names
	Rows      [][]string
	Line      int // line number of the header row
}

// Column returns the index of the named column (case-insensitive), or -1.
func (s *Section) Column(name string) int {
	for i, h := range s.Header {
		if strings.EqualFold(strings.TrimSpace(h), name) {
			return i
		}
	}
	return -1
}

// IsDimension reports whether column i holds a dimension (text such as an
// event name or a session source) rather than a metric: a column is a
// metric when every non-empty value in it is a number.
func (s *Section) IsDimension(i int) bool {
	for _, r := range s.Rows {
		if i >= len(r) || r[i] == "" {
			continue
		}
		if _, err := strconv.ParseFloat(r[i], 64); err != nil {
			return true
		}
	}
	return false
}

// Dimensions returns the indexes of the dimension columns, in order.
func (s *Section) Dimensions() []int {
	var ds []int
	for i := range s.Header {
		if s.IsDimension(i) {
			ds = append(ds, i)
		}
	}
	return ds
}

// ReadReport parses a GA4 report CSV export: "#" comment headers, several
// sections separated by blank lines, CRLF or LF line endings, and secondary
// dimension columns. Event names are kept as written, even when they break
// GA4 naming rules (gtm.dom, payment-init). Errors name the file and line;
// a line longer than MaxReportLineBytes is refused. Time and memory grow
// with the file's length, whatever the shape of its lines.
func ReadReport(ctx context.Context, name string, r io.Reader) (*Report, error) {
	rep := &Report{Name: name}
	lr := lineReader{br: bufio.NewReaderSize(r, 64<<10)}
	var (
		cur     *Section
		inTable bool
		lineNo  int
		split   lineSplitter
	)
	flush := func() {
		if cur != nil && cur.Header != nil {
			rep.Sections = append(rep.Sections, *cur)
		}
		cur, inTable = nil, false
	}
	for {
		raw, err := lr.next()
		if err == io.EOF {
			break
		}
		lineNo++
		if err != nil {
			return nil, fmt.Errorf("%s:%d: %w", name, lineNo, err)
		}
		if lineNo%4096 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		raw = bytes.TrimRight(raw, "\r")
		if lineNo == 1 {
			raw = bytes.TrimPrefix(raw, []byte("\uFEFF"))
		}
		switch {
		case len(bytes.TrimSpace(raw)) == 0:
			switch {
			case inTable:
				flush()
			case cur != nil && len(rep.Sections) == 0 && rep.Title == "":
				// A comment block closed by a blank line before any
				// table is the file's preamble.
				rep.Title, rep.Account, rep.Property = cur.Title, cur.Account, cur.Property
				cur = nil
			}
		case raw[0] == '#':
			if inTable {
				flush()
			}
			if cur == nil {
				cur = &Section{Account: rep.Account, Property: rep.Property}
			}
			cur.addComment(strings.TrimSpace(string(raw[1:])))
		default:
			if cur == nil {
				cur = &Section{Account: rep.Account, Property: rep.Property}
			}
			rec := split.fields(raw)
			if !inTable {
				inTable = true
				cur.Header, cur.Line = rec, lineNo
				continue
			}
			if len(rec) != len(cur.Header) {
				return nil, fmt.Errorf("%s:%d: row has %d fields, the header at line %d has %d", name, lineNo, len(rec), cur.Line, len(cur.Header))
			}
			cur.Rows = append(cur.Rows, rec)
		}
	}
	flush()
	if len(rep.Sections) == 0 {
		return nil, fmt.Errorf("%s: no report table found (expected \"#\" comment lines followed by a header row)", name)
	}
	return rep, nil
}

// MaxReportLineBytes bounds one line of a GA4 report CSV, not counting its
// line ending. A report row holds a few dimension values and numbers; a
// longer line means the file is not a report download, and ReadReport
// refuses it rather than buffer it.
const MaxReportLineBytes = 4 << 20

// lineReader hands out the lines of a report one at a time, each without
// its "\n" (a "\r" before it is left to the caller), holding at most MaxReportLineBytes of one line in memory.
type lineReader struct {
	br  *bufio.Reader
	buf []byte // a line that did not fit in br's buffer
}

// next returns the next line, valid until the following call, or io.EOF
// after the last line.
func (lr *lineReader) next() ([]byte, error) {
	lr.buf = lr.buf[:0]
	for {
		chunk, err := lr.br.ReadSlice('\n')
		line := chunk
		if len(lr.buf) > 0 || err == bufio.ErrBufferFull {
			lr.buf = append(lr.buf, chunk...)
			line = lr.buf
		}
		body := len(line)
		if err == nil {
			body-- // the "\n"
			if body > 0 && line[body-1] == '\r' {
				body-- // and the "\r" of a "\r\n"
			}
		}
		if body > MaxReportLineBytes {
			return nil, fmt.Errorf("line longer than %d bytes (%d MiB), the longest line tagspec reads in a GA4 report CSV: is this a report download?", MaxReportLineBytes, MaxReportLineBytes>>20)
		}
		switch {
		case err == bufio.ErrBufferFull:
			continue
		case err == nil:
			return line[:len(line)-1], nil
		case err == io.EOF && len(line) > 0:
			return line, nil
		default:
			return nil, err
		}
	}
}

// lineSplitter splits one line of a report into its fields the way
// encoding/csv does with LazyQuotes: a field that starts with a quote ends
// at a quote followed by a comma or the end of the line, "" inside it is
// one quote, and any other quote is kept as written. One splitter serves
// every line, so a line costs its own length and one allocation for its
// text, however many lines the file has.
type lineSplitter struct {
	buf  []byte
	ends []int
}

// fields returns the fields of line; the strings share one allocation.
func (sp *lineSplitter) fields(line []byte) []string {
	sp.buf, sp.ends = sp.buf[:0], sp.ends[:0]
	for {
		if len(line) == 0 || line[0] != '"' {
			i := bytes.IndexByte(line, ',')
			if i < 0 {
				sp.buf = append(sp.buf, line...)
				sp.ends = append(sp.ends, len(sp.buf))
				break
			}
			sp.buf = append(sp.buf, line[:i]...)
			sp.ends = append(sp.ends, len(sp.buf))
			line = line[i+1:]
			continue
		}
		line = line[1:] // the opening quote
		more := false
		for {
			i := bytes.IndexByte(line, '"')
			if i < 0 {
				// No closing quote: the field runs to the end of the line.
				sp.buf = append(sp.buf, line...)
				line = nil
				break
			}
			sp.buf = append(sp.buf, line[:i]...)
			line = line[i+1:]
			if len(line) == 0 {
				break
			}
			if line[0] == ',' {
				line, more = line[1:], true
				break
			}
			// "" is one quote; a lone quote inside the field is kept.
			sp.buf = append(sp.buf, '"')
			if line[0] == '"' {
				line = line[1:]
			}
		}
		sp.ends = append(sp.ends, len(sp.buf))
		if !more {
			break
		}
	}
	text := string(sp.buf)
	rec := make([]string, len(sp.ends))
	start := 0
	for i, end := range sp.ends {
		rec[i] = text[start:end]
		start = end
	}
	return rec
}

// addComment records one comment line and the facts it carries.
func (s *Section) addComment(c string) {
	s.Comments = append(s.Comments, c)
	if c == "" || strings.Trim(c, "-") == "" {
		return
	}
	key, val, ok := strings.Cut(c, ":")
	if ok {
		val = strings.TrimSpace(val)
		switch strings.ToLower(strings.TrimSpace(key)) {
		case "account":
			s.Account = val
			return
		case "property":
			s.Property = val
			return
		case "start date":
			s.StartDate = val
			return
		case "end date":
			s.EndDate = val
			return
		}
	}
	if s.Title == "" {
		s.Title = c
		return
	}
	s.Segment = c
}
