package report

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"reflect"
	"strconv"
	"strings"
	"time"

	"github.com/tagspec/tagspec/diag"
	"github.com/tagspec/tagspec/hits"
	"github.com/tagspec/tagspec/validator"
)

// MaxJSONBytes bounds the size of a JSON report ReadJSON accepts: the
// report of one crawl shard is a few megabytes, and ReadJSON holds the
// whole document in memory while it decodes it.
const MaxJSONBytes = 512 << 20

// tooLarge is the error for a report past MaxJSONBytes; size is its
// length when known.
func tooLarge(size int64) error {
	what := "more than"
	if size > 0 {
		what = fmt.Sprintf("%d bytes,", size)
	}
	return fmt.Errorf("read JSON report: %s larger than the %d bytes (%d MiB) tagspec reads: is this the JSON report of a tagspec crawl?", what, MaxJSONBytes, MaxJSONBytes>>20)
}

// knownSize returns the number of bytes r will yield when r can tell
// without being read: a regular file, or an in-memory reader.
func knownSize(r io.Reader) (int64, bool) {
	switch v := r.(type) {
	case interface{ Stat() (fs.FileInfo, error) }:
		if fi, err := v.Stat(); err == nil && fi.Mode().IsRegular() {
			return fi.Size(), true
		}
	case interface{ Len() int }:
		return int64(v.Len()), true
	}
	return 0, false
}

// ReadJSON reads a report in the JSON format that Write("json", ...)
// prints, for example the output of `tagspec crawl --format json` on one
// CI shard, so that reports can be merged and printed again. The JSON
// document holds the journeys and discovered pages, their steps,
// findings, events and attempts, and the discovery summary; what it
// does not carry (the positions of journeys and steps in the spec) is
// left zero; AttachSpec restores them. Errors say where in
// the document the problem is.
//
// Reports of every JSON version read: a rule id an earlier version of
// tagspec wrote is turned into its current id through rules (see
// diag.Catalog.Canonical), so that reports saved by earlier versions
// merge with new ones; a version 1 finding's "file:line:col" string is
// split into its parts.
func ReadJSON(ctx context.Context, r io.Reader, rules *diag.Catalog) (*Report, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	// A file that says it is too large is refused before it is read;
	// any other reader is read up to one byte past the bound.
	if size, ok := knownSize(r); ok && size > MaxJSONBytes {
		return nil, tooLarge(size)
	}
	br := bufio.NewReaderSize(io.LimitReader(r, MaxJSONBytes+1), 4096)
	// A document whose first byte cannot begin any JSON value (a binary
	// or empty-looking file) is refused before the rest is read.
	head, _ := br.Peek(4096)
	if i := bytes.IndexFunc(head, func(c rune) bool { return !strings.ContainsRune(" \t\r\n", c) }); i >= 0 && !strings.ContainsRune(`{["-0123456789tfn`, rune(head[i])) {
		return nil, fmt.Errorf("read JSON report: line %s: not JSON: it starts with %q, where a JSON report starts with {", lineCol(head, int64(i)), head[i:i+1])
	}
	data, err := io.ReadAll(br)
	if err != nil {
		return nil, fmt.Errorf("read JSON report: %w", err)
	}
	if len(data) > MaxJSONBytes {
		return nil, tooLarge(0)
	}
	var doc struct {
		Version   *int               `json:"version"`
		Name      string             `json:"name"`
		Spec      string             `json:"spec"`
		BaseURL   string             `json:"base_url"`
		Started   string             `json:"started"`
		Duration  float64            `json:"duration_seconds"`
		Findings  []diag.JSONFinding `json:"findings"`
		Discovery *jsonDiscovery     `json:"discovery"`
		Retries   int                `json:"retries"`
		Recorded  bool               `json:"recorded"`
		Journeys  *[]struct {
			Name       *string            `json:"name"`
			Passed     bool               `json:"passed"`
			Incomplete bool               `json:"incomplete"`
			Reason     string             `json:"reason"`
			Page       *jsonPage          `json:"page"`
			Attempts   int                `json:"attempts"`
			Retried    []string           `json:"retried"`
			Steps      []jsonStep         `json:"steps"`
			Findings   []diag.JSONFinding `json:"findings"`
			Events     []jsonEvent        `json:"events"`
		} `json:"journeys"`
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&doc); err != nil {
		return nil, fmt.Errorf("read JSON report: %w", jsonErrorAt(data, err))
	}
	if off := nextValue(data, dec.InputOffset()); off < int64(len(data)) {
		return nil, fmt.Errorf("read JSON report: line %s: more than one JSON value", lineCol(data, off))
	}
	if doc.Journeys == nil {
		return nil, errors.New(`read JSON report: no "journeys" array at the top level (is this the output of tagspec crawl --format json?)`)
	}
	version := 1
	if doc.Version != nil {
		version = *doc.Version
		if version < 1 || version > diag.JSONVersion {
			return nil, fmt.Errorf("read JSON report: version: this build reads versions 1 to %d, not %d (was the report written by a newer tagspec?)", diag.JSONVersion, version)
		}
	}
	fr := findingReader{version: version, rules: rules}
	out := &Report{Name: doc.Name, Spec: doc.Spec, BaseURL: doc.BaseURL, Journeys: make([]Journey, 0, len(*doc.Journeys))}
	if out.Started, err = parseTime(doc.Started); err != nil {
		return nil, fmt.Errorf("read JSON report: started: %w", err)
	}
	if doc.Duration < 0 || doc.Duration > 1e9 {
		return nil, fmt.Errorf("read JSON report: duration_seconds: %v is not a duration", doc.Duration)
	}
	out.Duration = time.Duration(doc.Duration * float64(time.Second))
	if doc.Retries < 0 {
		return nil, fmt.Errorf("read JSON report: retries: %d is negative", doc.Retries)
	}
	out.Retries = doc.Retries
	out.Recorded = doc.Recorded
	if doc.Discovery != nil {
		if out.Discovery, err = readDiscovery(doc.Discovery); err != nil {
			return nil, err
		}
	}
	for fi, df := range doc.Findings {
		f, err := fr.read(fmt.Sprintf("findings[%d]", fi), "", df)
		if err != nil {
			return nil, err
		}
		out.Findings = append(out.Findings, f)
	}
	for ji, dj := range *doc.Journeys {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		where := fmt.Sprintf("journeys[%d]", ji)
		if dj.Name == nil || *dj.Name == "" {
			return nil, fmt.Errorf("read JSON report: %s: no journey name", where)
		}
		j := Journey{Name: *dj.Name, Passed: dj.Passed, Incomplete: dj.Incomplete, Reason: dj.Reason}
		if dj.Page != nil {
			if j.Page, err = readPage(where+".page", dj.Page); err != nil {
				return nil, err
			}
		}
		if j.Attempts, j.Retried, err = readAttempts(where, dj.Attempts, dj.Retried); err != nil {
			return nil, err
		}
		for si, ds := range dj.Steps {
			at := fmt.Sprintf("%s.steps[%d]", where, si)
			st := Step{Description: ds.Description, Step: validator.Step{Kind: ds.Kind, Error: ds.Error, Screenshot: ds.Screenshot}}
			if st.Index, err = stepIndex(ds.Step); err != nil {
				return nil, fmt.Errorf("read JSON report: %s.step: %w", at, err)
			}
			if st.Start, err = parseTime(ds.Start); err != nil {
				return nil, fmt.Errorf("read JSON report: %s.start: %w", at, err)
			}
			if st.End, err = parseTime(ds.End); err != nil {
				return nil, fmt.Errorf("read JSON report: %s.end: %w", at, err)
			}
			j.Steps = append(j.Steps, st)
		}
		for fi, df := range dj.Findings {
			f, err := fr.read(fmt.Sprintf("%s.findings[%d]", where, fi), j.Name, df)
			if err != nil {
				return nil, err
			}
			j.Findings = append(j.Findings, f)
		}
		for ei, de := range dj.Events {
			at := fmt.Sprintf("%s.events[%d]", where, ei)
			e := validator.Event{Source: validator.Source(de.Source), Page: de.Page, Step: validator.NoStep, Hit: -1}
			if e.Source == validator.SourceHit {
				if de.Hit < 0 {
					return nil, fmt.Errorf("read JSON report: %s.hit: %d is not a hit number", at, de.Hit)
				}
				// Reports written before events carried their hit
				// number count every event as hit 1.
				e.Hit = max(de.Hit-1, 0)
			}
			e.Name = de.Name
			if e.Time, err = parseTime(de.Time); err != nil {
				return nil, fmt.Errorf("read JSON report: %s.time: %w", at, err)
			}
			if err := decodeParams(de.Params, &e.Event); err != nil {
				return nil, fmt.Errorf("read JSON report: %s.params: %w", at, err)
			}
			j.Events = append(j.Events, e)
		}
		out.Journeys = append(out.Journeys, j)
	}
	return out, nil
}

// readDiscovery checks and converts the "discovery" object.
func readDiscovery(d *jsonDiscovery) (*Discovery, error) {
	switch {
	case d.Found < 0:
		return nil, fmt.Errorf("read JSON report: discovery.found: %d is negative", d.Found)
	case d.Checked < 0:
		return nil, fmt.Errorf("read JSON report: discovery.checked: %d is negative", d.Checked)
	}
	for i, u := range d.Start {
		if u == "" {
			return nil, fmt.Errorf("read JSON report: discovery.start[%d]: empty URL", i)
		}
	}
	for i, u := range d.Sitemaps {
		if u == "" {
			return nil, fmt.Errorf("read JSON report: discovery.sitemaps[%d]: empty URL", i)
		}
	}
	return &Discovery{Start: nilIfEmpty(d.Start), Sitemaps: nilIfEmpty(d.Sitemaps), Found: d.Found, Checked: d.Checked, Limited: d.Limited, Shard: d.Shard}, nil
}

// readPage checks and converts a journey's "page" object; at says where
// it is in the document.
func readPage(at string, p *jsonPage) (*Page, error) {
	switch {
	case p.URL == "":
		return nil, fmt.Errorf("read JSON report: %s: no url", at)
	case p.Depth < 0:
		return nil, fmt.Errorf("read JSON report: %s.depth: %d is negative", at, p.Depth)
	case p.Status < 0 || p.Status > 999:
		return nil, fmt.Errorf("read JSON report: %s.status: %d is not an HTTP status", at, p.Status)
	}
	return &Page{URL: p.URL, Depth: p.Depth, From: p.From, Sitemap: p.Sitemap, Status: p.Status}, nil
}

// readAttempts checks a journey's "attempts" and "retried": one reason per
// repeated attempt, so fewer reasons than attempts.
func readAttempts(at string, attempts int, retried []string) (int, []string, error) {
	if attempts < 0 {
		return 0, nil, fmt.Errorf("read JSON report: %s.attempts: %d is negative", at, attempts)
	}
	if len(retried) > 0 && len(retried) >= max(attempts, 1) {
		return 0, nil, fmt.Errorf("read JSON report: %s.retried: %d reasons for %d attempts (want one for every attempt but the last)", at, len(retried), max(attempts, 1))
	}
	return attempts, nilIfEmpty(retried), nil
}

// nilIfEmpty turns an empty list into nil, as the printers wrote it.
func nilIfEmpty(s []string) []string {
	if len(s) == 0 {
		return nil
	}
	return s
}

// findingReader reads the findings of one JSON report.
type findingReader struct {
	version int           // the document's JSON version
	rules   *diag.Catalog // turns former rule ids into current ones
}

// read checks and converts one finding of a JSON report; at says where it
// is in the document, journey names the entry it is listed under.
func (fr findingReader) read(at, journey string, df diag.JSONFinding) (diag.Finding, error) {
	if df.Rule == "" {
		return diag.Finding{}, fmt.Errorf("read JSON report: %s: no rule", at)
	}
	sev := diag.Severity(df.Severity)
	if sev != diag.SeverityError && sev != diag.SeverityWarning && sev != diag.SeverityInfo {
		return diag.Finding{}, fmt.Errorf("read JSON report: %s.severity: %q is not error, warning or info", at, df.Severity)
	}
	if df.Line < 0 || df.Column < 0 {
		return diag.Finding{}, fmt.Errorf("read JSON report: %s: line %d, column %d: not a position", at, df.Line, df.Column)
	}
	f := df.Finding()
	f.Rule = fr.rules.Canonical(df.Rule)
	f.Journey = journey
	var err error
	if f.Step, err = stepIndex(df.Step); err != nil {
		return diag.Finding{}, fmt.Errorf("read JSON report: %s.step: %w", at, err)
	}
	if fr.version == 1 && df.File != "" {
		// Version 1 wrote the position as one "file:line:col" string.
		f.Pos = parsePos(df.File)
	}
	return f, nil
}

// parsePos reads a "file", "file:line" or "file:line:col" position back;
// what does not parse as numbers stays part of the file name.
func parsePos(s string) diag.Pos {
	p := diag.Pos{File: s}
	rest, last, ok := cutLastNumber(s)
	if !ok {
		return p
	}
	if file, line, ok := cutLastNumber(rest); ok {
		return diag.Pos{File: file, Line: line, Col: last}
	}
	return diag.Pos{File: rest, Line: last}
}

// cutLastNumber splits "a:12" into "a" and 12.
func cutLastNumber(s string) (string, int, bool) {
	i := strings.LastIndexByte(s, ':')
	if i <= 0 {
		return s, 0, false
	}
	n, err := strconv.Atoi(s[i+1:])
	if err != nil || n <= 0 {
		return s, 0, false
	}
	return s[:i], n, true
}

// stepIndex turns a 1-based step number (or null) back into a step index.
func stepIndex(n *int) (int, error) {
	if n == nil {
		return validator.NoStep, nil
	}
	if *n < 1 {
		return 0, fmt.Errorf("step number %d is not 1 or more", *n)
	}
	return *n - 1, nil
}

func parseTime(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("%q is not an RFC 3339 time", s)
	}
	return t.UTC(), nil
}

// decodeParams reads an event's params object, keeping wire order: JSON
// numbers are number params, strings string params, and an "items" array
// holds the event's items.
func decodeParams(raw json.RawMessage, e *hits.Event) error {
	if len(raw) == 0 || string(raw) == "null" {
		return nil
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	tok, err := dec.Token()
	if err != nil {
		return err
	}
	if d, ok := tok.(json.Delim); !ok || d != '{' {
		return errors.New("not an object")
	}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return err
		}
		name := tok.(string) // object keys are always strings
		var v json.RawMessage
		if err := dec.Decode(&v); err != nil {
			return err
		}
		switch {
		case len(v) > 0 && v[0] == '[':
			items, err := decodeItems(v)
			if err != nil {
				return fmt.Errorf("%s: %w", strconv.Quote(name), err)
			}
			e.Items = items
		case len(v) > 0 && v[0] == '"':
			var s string
			if err := json.Unmarshal(v, &s); err != nil {
				return err
			}
			e.Params = append(e.Params, hits.Param{Name: name, Type: hits.TypeString, Value: s})
		default:
			n, err := strconv.ParseFloat(string(v), 64)
			if err != nil {
				return fmt.Errorf("%s: %s is neither a string nor a number", strconv.Quote(name), v)
			}
			e.Params = append(e.Params, hits.Param{Name: name, Type: hits.TypeNumber, Value: string(v), Number: n, NumberOK: true})
		}
	}
	_, err = dec.Token()
	return err
}

func decodeItems(raw json.RawMessage) ([]hits.Item, error) {
	var objs []json.RawMessage
	if err := json.Unmarshal(raw, &objs); err != nil {
		return nil, err
	}
	items := make([]hits.Item, 0, len(objs))
	for i, o := range objs {
		dec := json.NewDecoder(bytes.NewReader(o))
		tok, err := dec.Token()
		if err != nil {
			return nil, err
		}
		if d, ok := tok.(json.Delim); !ok || d != '{' {
			return nil, fmt.Errorf("item %d is not an object", i+1)
		}
		it := hits.Item{Index: i + 1}
		for dec.More() {
			tok, err := dec.Token()
			if err != nil {
				return nil, err
			}
			var v string
			if err := dec.Decode(&v); err != nil {
				return nil, fmt.Errorf("item %d: %s: value is not a string", i+1, strconv.Quote(tok.(string)))
			}
			it.Fields = append(it.Fields, hits.Field{Name: tok.(string), Value: v})
		}
		items = append(items, it)
	}
	return items, nil
}

// jsonErrorAt adds a line and column to a JSON decoding error and says
// in plain words what a value of the wrong type should have been.
func jsonErrorAt(data []byte, err error) error {
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &se):
		return fmt.Errorf("line %s: %w", lineCol(data, max(se.Offset-1, 0)), err)
	case errors.As(err, &te):
		field := te.Field
		if field == "" {
			field = "the document"
		}
		return fmt.Errorf("line %s: %s is a JSON %s, want %s", lineCol(data, valueStart(data, te.Offset)), field, te.Value, jsonKind(te.Type))
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return fmt.Errorf("line %s: the document ends too early", lineCol(data, int64(len(data))))
	}
	return err
}

// valueStart finds where the JSON value that a type error reports begins.
// encoding/json gives the offset just past an object's or array's opening
// bracket, but just past the end of a string, number or literal; the
// error points at the value's first byte either way.
func valueStart(data []byte, end int64) int64 {
	end = min(end, int64(len(data)))
	if end <= 0 {
		return 0
	}
	last := end - 1
	switch c := data[last]; {
	case c == '{' || c == '[':
		return last
	case c == '"':
		// Back to the opening quote: one not escaped by an odd number of
		// backslashes.
		for i := last - 1; i >= 0; i-- {
			if data[i] != '"' {
				continue
			}
			n := 0
			for k := i - 1; k >= 0 && data[k] == '\\'; k-- {
				n++
			}
			if n%2 == 0 {
				return i
			}
		}
		return last
	}
	i := last
	for i > 0 && isLiteralByte(data[i-1]) {
		i--
	}
	return i
}

// isLiteralByte reports whether c can be part of a JSON number or of
// true, false and null.
func isLiteralByte(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '.' || c == '+' || c == '-'
}

// jsonKind names the JSON kind that decodes into t.
func jsonKind(t reflect.Type) string {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t.Kind() {
	case reflect.Slice, reflect.Array:
		return "an array"
	case reflect.Struct, reflect.Map:
		return "an object"
	case reflect.String:
		return "a string"
	case reflect.Bool:
		return "true or false"
	case reflect.Int, reflect.Int64, reflect.Float64:
		return "a number"
	}
	return t.String()
}

// nextValue returns the offset of the first non-space byte at or after off.
func nextValue(data []byte, off int64) int64 {
	for off < int64(len(data)) && (data[off] == ' ' || data[off] == '\t' || data[off] == '\n' || data[off] == '\r') {
		off++
	}
	return off
}

// lineCol formats a byte offset as "L, column C".
func lineCol(data []byte, off int64) string {
	line, col := 1, 1
	for _, c := range data[:min(off, int64(len(data)))] {
		if c == '\n' {
			line++
			col = 1
		} else {
			col++
		}
	}
	return fmt.Sprintf("%d, column %d", line, col)
}
