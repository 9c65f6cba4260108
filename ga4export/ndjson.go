package ga4export

import (
	"bufio"
	"bytes"
	"context"

	"errors"
	"fmt"
	jsonv2 "github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
	"io"
	"strconv"
)

// jsonInt is a BigQuery INT64 in JSON: BigQuery writes it as a string
// ("1609057547789405"), other tools as a number; null is allowed.
type jsonInt struct {
	n   int64
	set bool
}

// UnmarshalJSON accepts a quoted or bare integer, or null.
func (j *jsonInt) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		*j = jsonInt{}
		return nil
	}
	if len(b) >= 2 && b[0] == '"' && b[len(b)-1] == '"' {
		b = b[1 : len(b)-1]
	}
	n, err := strconv.ParseInt(string(b), 10, 64)
	if err != nil {
		// Some tools write large integers in exponent form; accept an
		// integral float rather than reject the row.
		f, ferr := strconv.ParseFloat(string(b), 64)
		if ferr != nil || f != float64(int64(f)) {
			return fmt.Errorf("not an integer: %q", b)
		}
		n = int64(f)
	}
	*j = jsonInt{n: n, set: true}
	return nil
}

// jsonFloat is a BigQuery FLOAT in JSON: a number, a quoted number, or null.
type jsonFloat struct {
	f   float64
	set bool
}

// UnmarshalJSON accepts a quoted or bare number, or null.
func (j *jsonFloat) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		*j = jsonFloat{}
		return nil
	}
	if len(b) >= 2 && b[0] == '"' && b[len(b)-1] == '"' {
		b = b[1 : len(b)-1]
	}
	f, err := strconv.ParseFloat(string(b), 64)
	if err != nil {
		return fmt.Errorf("not a number: %q", b)
	}
	*j = jsonFloat{f: f, set: true}
	return nil
}

// jsonRow is the part of an export row the reader decodes; the decoder
// skips every other column.
type jsonRow struct {
	EventDate      *string        `json:"event_date"`
	EventTimestamp jsonInt        `json:"event_timestamp"`
	EventName      *string        `json:"event_name"`
	UserPseudoID   *string        `json:"user_pseudo_id"`
	EventParams    []jsonParam    `json:"event_params"`
	Ecommerce      *jsonEcommerce `json:"ecommerce"`
}

type jsonParam struct {
	Key   *string `json:"key"`
	Value *struct {
		StringValue *string   `json:"string_value"`
		IntValue    jsonInt   `json:"int_value"`
		FloatValue  jsonFloat `json:"float_value"`
		DoubleValue jsonFloat `json:"double_value"`
	} `json:"value"`
}

type jsonEcommerce struct {
	TransactionID *string `json:"transaction_id"`
}

// jsonDimsRow is jsonRow with the records of ReadOptions.Dimensions. It is
// a type of its own so that, without Dimensions, those records are skipped
// like any other column, whatever their shape.
type jsonDimsRow struct {
	jsonRow       `json:",inline"`
	TrafficSource *struct {
		Source *string `json:"source"`
		Medium *string `json:"medium"`
	} `json:"traffic_source"`
	Geo *struct {
		Country *string `json:"country"`
	} `json:"geo"`
	Device *struct {
		Category *string `json:"category"`
	} `json:"device"`
}

// toEvent copies the decoded row into ev.
func (row *jsonDimsRow) toEvent(ev *Event, opts *ReadOptions) {
	row.jsonRow.toEvent(ev, opts)
	set := func(dst *string, v *string) {
		if v != nil {
			*dst = *v
		}
	}
	if t := row.TrafficSource; t != nil {
		set(&ev.Source, t.Source)
		set(&ev.Medium, t.Medium)
	}
	if g := row.Geo; g != nil {
		set(&ev.Country, g.Country)
	}
	if d := row.Device; d != nil {
		set(&ev.Device, d.Category)
	}
}

// ReadJSON streams the GA4 BigQuery export rows of r to fn, one Event at a
// time, with the default ReadOptions; see ReadJSONOptions.
func ReadJSON(ctx context.Context, name string, r io.Reader, fn func(*Event) error) error {
	return ReadJSONOptions(ctx, name, r, ReadOptions{}, fn)
}

// ReadJSONOptions streams the GA4 BigQuery export rows of r to fn, one Event
// at a time and in input order. It accepts both forms BigQuery writes:
// newline-delimited JSON (one object per line, from bq extract) and a single
// JSON array of objects (the console's "Save results as JSON"). name is used
// in error messages.
//
// Newline-delimited rows are read in blocks of lines that opts.Jobs
// goroutines decode at once, each reading only the columns an Event holds
// and checking the syntax of the rest as it skips it. Memory does not grow
// with the input: it holds a few blocks and the Events of the block fn is
// reading, which are reused afterwards (fn must copy what it keeps).
// Reading stops at the first malformed row with an error naming the file,
// the row number and the byte offset, at the first error fn returns, or
// when ctx is done.
func ReadJSONOptions(ctx context.Context, name string, r io.Reader, opts ReadOptions, fn func(*Event) error) error {
	br, first, err := openJSON(name, r)
	if err != nil || first == 0 {
		return err
	}
	if first == '{' {
		return readJSONBlocks(ctx, name, br, opts, fn)
	}
	return readJSONRows(ctx, name, br, first, &opts, fn)
}

// openJSON buffers r and returns the first byte of its first row: '{'
// (newline-delimited rows) or '[' (an array), or 0 for an empty file.
func openJSON(name string, r io.Reader) (*bufio.Reader, byte, error) {
	br := bufio.NewReaderSize(r, 256<<10)
	first, err := peekNonSpace(br)
	if err == io.EOF {
		return br, 0, nil // an empty file holds no events
	}
	if err != nil {
		return nil, 0, fmt.Errorf("%s: %w", name, err)
	}
	if first != '[' && first != '{' {
		return nil, 0, fmt.Errorf("%s: byte 0: expected a JSON object per line or a JSON array of objects, found %q", name, first)
	}
	return br, first, nil
}

// readJSONRows decodes rows one at a time with the generic JSON decoder:
// the reader of JSON arrays, and the reference the NDJSON scanner is tested
// against.
func readJSONRows(ctx context.Context, name string, br *bufio.Reader, first byte, opts *ReadOptions, fn func(*Event) error) error {
	// BigQuery writes valid UTF-8 without duplicate keys; other tools may
	// not, and a benchmark should not reject a row for that.
	lim := &rowLimitReader{r: br}
	dec := jsontext.NewDecoder(lim, jsontext.AllowDuplicateNames(true), jsontext.AllowInvalidUTF8(true))
	array := first == '['
	if array {
		if _, err := dec.ReadToken(); err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
	}
	var (
		drow jsonDimsRow
		row  = &drow.jsonRow
		ev   Event
	)
	for n := 1; ; n++ {
		if n%1024 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		offset := dec.InputOffset()
		if array && dec.PeekKind() == ']' {
			if _, err := dec.ReadToken(); err != nil {
				return fmt.Errorf("%s: after row %d: %w", name, n-1, err)
			}
			if _, err := dec.ReadToken(); err != io.EOF {
				return fmt.Errorf("%s: byte %d: unexpected data after the JSON array", name, dec.InputOffset())
			}
			return nil
		}
		// The row starts after the white space (and, in an array, the
		// comma) that separates it from the one before.
		if dec.PeekKind() != 0 {
			offset += int64(len(dec.UnreadBuffer()) - len(bytes.TrimLeft(dec.UnreadBuffer(), " \t\r\n,")))
		}
		lim.rowStart = offset
		drow = jsonDimsRow{jsonRow: jsonRow{EventParams: row.EventParams[:0]}}
		var err error
		if opts.Dimensions {
			err = jsonv2.UnmarshalDecode(dec, &drow)
		} else {
			err = jsonv2.UnmarshalDecode(dec, row)
		}
		if errors.Is(err, errRowTooLong) || (err == nil && dec.InputOffset()-offset > MaxJSONRowBytes) {
			return fmt.Errorf("%s: row %d (byte %d): longer than %d bytes (%d MiB), the longest export row tagspec reads: is this a GA4 BigQuery export?", name, n, offset, MaxJSONRowBytes, MaxJSONRowBytes>>20)
		}
		if err != nil {
			if err == io.EOF && !array && n > 0 {
				return nil
			}
			if errors.Is(err, io.ErrUnexpectedEOF) || err == io.EOF {
				return fmt.Errorf("%s: row %d (byte %d): truncated JSON", name, n, offset)
			}
			return fmt.Errorf("%s: row %d (byte %d): %s", name, n, offset, jsonMessage(err))
		}
		if opts.Dimensions {
			drow.toEvent(&ev, opts)
		} else {
			row.toEvent(&ev, opts)
		}
		if err := fn(&ev); err != nil {
			return err
		}
	}
}

// MaxJSONRowBytes bounds one row of a JSON export (one line of NDJSON, one
// element of a JSON array). A GA4 event row is a few kilobytes even with
// many items; ReadJSON refuses a longer one, naming its row number and
// byte offset, rather than buffer it.
const MaxJSONRowBytes = 16 << 20

// errRowTooLong stops the decoder once the row it is reading has passed
// MaxJSONRowBytes.
var errRowTooLong = errors.New("export row too long")

// rowLimitReader hands the decoder its input and refuses to read further
// once more than MaxJSONRowBytes have been read since the start of the
// current row, so memory stays bounded by the row limit and the decoder's
// read-ahead.
type rowLimitReader struct {
	r        io.Reader
	pos      int64 // bytes handed to the decoder so far
	rowStart int64 // offset of the row being decoded
}

func (l *rowLimitReader) Read(p []byte) (int, error) {
	if l.pos-l.rowStart > MaxJSONRowBytes {
		return 0, errRowTooLong
	}
	n, err := l.r.Read(p)
	l.pos += int64(n)
	return n, err
}

// jsonMessage shortens the decoder's error to what a user needs.
func jsonMessage(err error) string {
	var se *jsonv2.SemanticError
	if errors.As(err, &se) && se.Err != nil {
		where := string(se.JSONPointer)
		if where == "" {
			return se.Err.Error()
		}
		return where + ": " + se.Err.Error()
	}
	var ue *jsontext.SyntacticError
	if errors.As(err, &ue) && ue.Err != nil {
		return "invalid JSON: " + ue.Err.Error()
	}
	return err.Error()
}

// toEvent copies the decoded row into ev.
func (row *jsonRow) toEvent(ev *Event, opts *ReadOptions) {
	ev.reset()
	if row.EventDate != nil {
		ev.Date = *row.EventDate
	}
	ev.Timestamp = row.EventTimestamp.n
	if row.EventName != nil {
		ev.Name = *row.EventName
	}
	if row.UserPseudoID != nil {
		ev.UserPseudoID = *row.UserPseudoID
	}
	if row.Ecommerce != nil && row.Ecommerce.TransactionID != nil {
		ev.TransactionID = *row.Ecommerce.TransactionID
	}
	for _, jp := range row.EventParams {
		if jp.Key == nil {
			continue
		}
		p := Param{Key: *jp.Key}
		if v := jp.Value; v != nil {
			switch {
			case v.StringValue != nil:
				p.Kind, p.String = ValueString, *v.StringValue
			case v.IntValue.set:
				p.Kind, p.Int = ValueInt, v.IntValue.n
			case v.DoubleValue.set:
				p.Kind, p.Float = ValueFloat, v.DoubleValue.f
			case v.FloatValue.set:
				p.Kind, p.Float = ValueFloat, v.FloatValue.f
			}
		}
		ev.Params = append(ev.Params, p)
	}
	ev.finish()
	ev.keepOnly(opts)
}

// peekNonSpace skips JSON white space (and a UTF-8 byte order mark) and
// returns the next byte without consuming it.
func peekNonSpace(br *bufio.Reader) (byte, error) {
	if b, err := br.Peek(3); err == nil && bytes.Equal(b, []byte{0xEF, 0xBB, 0xBF}) {
		_, _ = br.Discard(3)
	}
	for {
		b, err := br.Peek(1)
		if err != nil {
			return 0, err
		}
		switch b[0] {
		case ' ', '\t', '\r', '\n':
			_, _ = br.Discard(1)
		default:
			return b[0], nil
		}
	}
}
