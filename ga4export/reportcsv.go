package ga4export

import (
	"bufio"
	"context"
	"encoding/csv"
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
// GA4 naming rules (gtm.dom, payment-init). Errors name the file and line.
func ReadReport(ctx context.Context, name string, r io.Reader) (*Report, error) {
	rep := &Report{Name: name}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 4<<20)
	var (
		cur      *Section
		inTable  bool
		lineNo   int
		tableBuf []string
		tableLn  []int
	)
	flush := func() error {
		if cur == nil {
			return nil
		}
		if len(tableBuf) > 0 {
			if err := parseTable(name, cur, tableBuf, tableLn); err != nil {
				return err
			}
		}
		if cur.Header != nil {
			rep.Sections = append(rep.Sections, *cur)
		}
		cur, inTable, tableBuf, tableLn = nil, false, nil, nil
		return nil
	}
	for sc.Scan() {
		lineNo++
		if lineNo%4096 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		line := strings.TrimRight(sc.Text(), "\r")
		if lineNo == 1 {
			line = strings.TrimPrefix(line, "\uFEFF")
		}
		switch {
		case strings.TrimSpace(line) == "":
			switch {
			case inTable:
				if err := flush(); err != nil {
					return nil, err
				}
			case cur != nil && len(rep.Sections) == 0 && rep.Title == "":
				// A comment block closed by a blank line before any
				// table is the file's preamble.
				rep.Title, rep.Account, rep.Property = cur.Title, cur.Account, cur.Property
				cur = nil
			}
		case strings.HasPrefix(line, "#"):
			if inTable {
				if err := flush(); err != nil {
					return nil, err
				}
			}
			if cur == nil {
				cur = &Section{Account: rep.Account, Property: rep.Property}
			}
			cur.addComment(strings.TrimSpace(strings.TrimPrefix(line, "#")))
		default:
			if cur == nil {
				cur = &Section{Account: rep.Account, Property: rep.Property}
			}
			inTable = true
			tableBuf = append(tableBuf, line)
			tableLn = append(tableLn, lineNo)
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s:%d: %w", name, lineNo+1, err)
	}
	if err := flush(); err != nil {
		return nil, err
	}
	if len(rep.Sections) == 0 {
		return nil, fmt.Errorf("%s: no report table found (expected \"#\" comment lines followed by a header row)", name)
	}
	return rep, nil
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

// parseTable parses the header and rows of one section.
func parseTable(name string, s *Section, lines []string, lineNos []int) error {
	for i, l := range lines {
		cr := csv.NewReader(strings.NewReader(l))
		cr.FieldsPerRecord = -1
		cr.LazyQuotes = true
		rec, err := cr.Read()
		if err != nil {
			return fmt.Errorf("%s:%d: %w", name, lineNos[i], err)
		}
		if i == 0 {
			s.Header, s.Line = rec, lineNos[i]
			continue
		}
		if len(rec) != len(s.Header) {
			return fmt.Errorf("%s:%d: row has %d fields, the header at line %d has %d", name, lineNos[i], len(rec), s.Line, len(s.Header))
		}
		s.Rows = append(s.Rows, rec)
	}
	return nil
}
