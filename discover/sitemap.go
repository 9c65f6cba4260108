package discover

import (
	"bufio"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
)

// sitemapDoc is what one sitemap file lists.
type sitemapDoc struct {
	// Index is set for a <sitemapindex>, whose Locs are sitemap files;
	// the Locs of a <urlset> are pages.
	Index bool
	// Locs are the <loc> values in file order, trimmed of white space.
	Locs []string
	// Truncated is set when the file listed more entries than parseSitemap
	// was asked to keep; the rest were not read.
	Truncated bool
}

// sitemapError is a sitemap file that cannot be used, with the line and
// column (1-based) where reading stopped.
type sitemapError struct {
	Line, Col int
	Msg       string
}

// Error returns "line:col: message".
func (e *sitemapError) Error() string {
	return fmt.Sprintf("%d:%d: %s", e.Line, e.Col, e.Msg)
}

// maxLocBytes bounds one <loc> value; the sitemap protocol allows 2,048
// characters.
const maxLocBytes = 8 << 10

// maxXMLNesting bounds how deep elements of a sitemap may nest.
const maxXMLNesting = 64

// parseSitemap reads a sitemap file in the sitemaps.org format: a
// <urlset> of <url><loc> entries or a <sitemapindex> of <sitemap><loc>
// entries, in any namespace. Every other element is ignored. It keeps at
// most maxEntries entries, reads the file up to there or its end (callers
// bound r) and returns a *sitemapError for XML that is not well formed or
// not a sitemap.
func parseSitemap(r io.Reader, maxEntries int) (*sitemapDoc, error) {
	br := bufio.NewReader(r)
	if bom, _ := br.Peek(3); bytes.Equal(bom, []byte("\xef\xbb\xbf")) {
		br.Discard(3)
	}
	d := xml.NewDecoder(br)
	// line and col are where the token being read starts, which is where
	// an error is reported.
	line, col := 1, 1
	fail := func(msg string) (*sitemapDoc, error) {
		return nil, &sitemapError{Line: line, Col: col, Msg: msg}
	}
	doc := &sitemapDoc{}
	var stack []string
	entry := ""
	inLoc := false
	var loc strings.Builder
	for {
		line, col = d.InputPos()
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			var se *xml.SyntaxError
			if errors.As(err, &se) {
				return fail(se.Msg)
			}
			return fail(err.Error())
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if len(stack) == 0 {
				switch t.Name.Local {
				case "urlset":
					entry = "url"
				case "sitemapindex":
					entry, doc.Index = "sitemap", true
				default:
					return fail(fmt.Sprintf("root element is <%s>, want <urlset> or <sitemapindex>", t.Name.Local))
				}
			}
			if len(stack) >= maxXMLNesting {
				return fail(fmt.Sprintf("elements nested more than %d deep", maxXMLNesting))
			}
			stack = append(stack, t.Name.Local)
			if len(stack) == 3 && stack[1] == entry && t.Name.Local == "loc" {
				inLoc = true
				loc.Reset()
			}
		case xml.EndElement:
			if inLoc && len(stack) == 3 {
				inLoc = false
				if v := strings.TrimSpace(loc.String()); v != "" {
					if len(doc.Locs) == maxEntries {
						doc.Truncated = true
						return doc, nil
					}
					doc.Locs = append(doc.Locs, v)
				}
			}
			stack = stack[:len(stack)-1]
		case xml.CharData:
			if inLoc && len(stack) == 3 {
				if loc.Len()+len(t) > maxLocBytes {
					return fail(fmt.Sprintf("<loc> longer than %d bytes", maxLocBytes))
				}
				loc.Write(t)
			}
		}
	}
	if entry == "" {
		return fail("no root element, want <urlset> or <sitemapindex>")
	}
	return doc, nil
}

// parseRobots returns the values of the Sitemap: lines of a robots.txt
// file, in file order. Field names are case-insensitive and "#" starts a
// comment. A line longer than maxRobotsLine is skipped, and the lines
// after it are read.
func parseRobots(r io.Reader) []string {
	br := bufio.NewReaderSize(r, maxRobotsLine)
	var out []string
	for {
		line, err := br.ReadSlice('\n')
		if err == bufio.ErrBufferFull {
			// A line longer than any Sitemap: line can be: skip the rest
			// of it and read on, so that the lines after it still count.
			for err == bufio.ErrBufferFull {
				_, err = br.ReadSlice('\n')
			}
			line = nil
		}
		if v, ok := robotsSitemap(line); ok {
			out = append(out, v)
		}
		if err != nil {
			return out
		}
	}
}

// maxRobotsLine is the longest robots.txt line parseRobots reads; longer
// lines are skipped.
const maxRobotsLine = 64 << 10

// robotsSitemap returns the value of a Sitemap: line.
func robotsSitemap(b []byte) (string, bool) {
	line := strings.TrimRight(string(b), "\r\n")
	if i := strings.IndexByte(line, '#'); i >= 0 {
		line = line[:i]
	}
	key, val, ok := strings.Cut(line, ":")
	if !ok || !strings.EqualFold(strings.TrimSpace(key), "sitemap") {
		return "", false
	}
	val = strings.TrimSpace(val)
	return val, val != ""
}
