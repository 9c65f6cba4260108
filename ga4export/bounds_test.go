package ga4export

import (
	"bytes"
	"encoding/binary"
	"encoding/csv"
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/parquet-go/parquet-go"
	"github.com/tagspec/tagspec/internal/fuzzbudget"
)

// reportWithLine is a report whose only row, line 3, is a single field of
// n bytes followed by ending (the file's last line may have none).
func reportWithLine(n int, ending string) []byte {
	var b bytes.Buffer
	head := ending
	if head == "" {
		head = "\n"
	}
	b.WriteString("# Events: Event name" + head + "Event name" + head)
	b.Write(bytes.Repeat([]byte("x"), n))
	b.WriteString(ending)
	return b.Bytes()
}

func TestReadReportLineBound(t *testing.T) {
	for _, ending := range []string{"\n", "\r\n", ""} {
		t.Run("at the bound, ending "+strings.ReplaceAll(strings.ReplaceAll(ending, "\r", `\r`), "\n", `\n`), func(t *testing.T) {
			rep, err := ReadReport(t.Context(), "events.csv", bytes.NewReader(reportWithLine(MaxReportLineBytes, ending)))
			if err != nil {
				t.Fatal(err)
			}
			if got := len(rep.Sections[0].Rows[0][0]); got != MaxReportLineBytes {
				t.Fatalf("row holds %d bytes, want %d", got, MaxReportLineBytes)
			}
		})
		t.Run("one byte past, ending "+strings.ReplaceAll(strings.ReplaceAll(ending, "\r", `\r`), "\n", `\n`), func(t *testing.T) {
			_, err := ReadReport(t.Context(), "events.csv", bytes.NewReader(reportWithLine(MaxReportLineBytes+1, ending)))
			want := "events.csv:3: line longer than 4194304 bytes (4 MiB), the longest line tagspec reads in a GA4 report CSV: is this a report download?"
			if err == nil || err.Error() != want {
				t.Fatalf("got error %v\nwant %s", err, want)
			}
		})
	}
}

// TestReadReportManyLines reads a report of many one-character rows: each
// line once cost a CSV reader of its own (4 KiB of buffer per line).
func TestReadReportManyLines(t *testing.T) {
	data := "Event name\n" + strings.Repeat("a\n", 200000)
	rep, err := ReadReport(t.Context(), "events.csv", strings.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	if n := len(rep.Sections[0].Rows); n != 200000 {
		t.Fatalf("%d rows, want 200000", n)
	}
}

// FuzzReportLineFields checks the report's line splitter against
// encoding/csv with LazyQuotes, which is how GA4 report lines were read
// before the splitter.
func FuzzReportLineFields(f *testing.F) {
	for _, s := range []string{`a,b`, `"a,b",c`, `"a""b"`, `"a"b,c`, `"open`, `a"b,"`, `,`, `"",""`, `"a" ,b`, `"é"x"`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, line string) {
		fuzzbudget.Run(t, line, func() {
			if strings.ContainsAny(line, "\r\n") || strings.TrimSpace(line) == "" {
				return // ReadReport splits lines before fields and skips blank ones
			}
			cr := csv.NewReader(strings.NewReader(line))
			cr.FieldsPerRecord, cr.LazyQuotes = -1, true
			want, err := cr.Read()
			if err != nil {
				t.Fatalf("encoding/csv: %v", err)
			}
			var sp lineSplitter
			if diff := cmp.Diff(want, sp.fields([]byte(line))); diff != "" {
				t.Fatalf("fields of %q (-encoding/csv +splitter):\n%s", line, diff)
			}
		})
	})
}

// exportParquet is a small GA4 export written as Parquet.
func exportParquet(t *testing.T) []byte {
	t.Helper()
	var buf bytes.Buffer
	w := NewParquetWriter(&buf)
	for _, e := range wantExportEvents() {
		if err := w.Write(&e); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func readParquetBytes(t *testing.T, data []byte) error {
	return ReadParquet(t.Context(), "events.parquet", bytes.NewReader(data), int64(len(data)), func(*Event) error { return nil })
}

func TestReadParquetFooterLengthBound(t *testing.T) {
	real := exportParquet(t)
	withFooterLength := func(n int) []byte {
		b := bytes.Clone(real)
		binary.LittleEndian.PutUint32(b[len(b)-8:], uint32(n))
		return b
	}
	room := len(real) - 12
	// At the bound the length is accepted and the metadata is read (and is
	// not valid Parquet metadata, which the decoder reports).
	if err := readParquetBytes(t, withFooterLength(room)); err == nil || strings.Contains(err.Error(), "has room for") {
		t.Fatalf("footer as long as the file allows: got %v, want the decoder's error", err)
	}
	err := readParquetBytes(t, withFooterLength(room+1))
	want := fmt.Sprintf("events.parquet: byte %d: the Parquet metadata block declares %d bytes, but the file has room for %d: the file is damaged or was cut short", len(real)-8, room+1, room)
	if err == nil || err.Error() != want {
		t.Fatalf("got %v\nwant %s", err, want)
	}
}

// zeroFile is a ReaderAt of size bytes of zeros that ends with a Parquet
// footer length and "PAR1", without holding the zeros in memory.
type zeroFile struct {
	size   int64
	footer uint32
}

func (z zeroFile) ReadAt(p []byte, off int64) (int, error) {
	var tail [8]byte
	binary.LittleEndian.PutUint32(tail[:4], z.footer)
	copy(tail[4:], "PAR1")
	n := 0
	for ; n < len(p) && off+int64(n) < z.size; n++ {
		i := off + int64(n)
		switch {
		case i < 4:
			p[n] = "PAR1"[i]
		case i >= z.size-8:
			p[n] = tail[i-(z.size-8)]
		default:
			p[n] = 0
		}
	}
	if n < len(p) {
		return n, io.EOF
	}
	return n, nil
}

func TestReadParquetFooterMaxBound(t *testing.T) {
	size := int64(MaxParquetFooterBytes + 100)
	read := func(footer int) error {
		return ReadParquet(t.Context(), "events.parquet", zeroFile{size: size, footer: uint32(footer)}, size, func(*Event) error { return nil })
	}
	if err := read(MaxParquetFooterBytes); err == nil || strings.Contains(err.Error(), "MiB) tagspec reads") {
		t.Fatalf("footer at the bound: got %v, want the decoder's error", err)
	}
	err := read(MaxParquetFooterBytes + 1)
	want := fmt.Sprintf("events.parquet: byte %d: the Parquet metadata block declares %d bytes, more than the %d (16 MiB) tagspec reads: the file is damaged or is not a GA4 export", size-8, MaxParquetFooterBytes+1, MaxParquetFooterBytes)
	if err == nil || err.Error() != want {
		t.Fatalf("got %v\nwant %s", err, want)
	}
}

func TestReadParquetChunkBound(t *testing.T) {
	real := exportParquet(t)
	f, err := parquet.OpenFile(bytes.NewReader(real), int64(len(real)))
	if err != nil {
		t.Fatal(err)
	}
	// dataEnd is where the last column chunk ends; footerAt where the
	// metadata starts.
	var dataEnd int64
	for _, rg := range f.Metadata().RowGroups {
		for _, cc := range rg.Columns {
			start := cc.MetaData.DataPageOffset
			if d := cc.MetaData.DictionaryPageOffset; d > 0 && d < start {
				start = d
			}
			dataEnd = max(dataEnd, start+cc.MetaData.TotalCompressedSize)
		}
	}
	footerAt := int64(len(real)) - 8 - int64(binary.LittleEndian.Uint32(real[len(real)-8:]))
	// cut keeps the file's first n bytes of column data and its footer.
	cut := func(n int64) []byte {
		return append(bytes.Clone(real[:n]), real[footerAt:]...)
	}
	if err := readParquetBytes(t, cut(dataEnd)); err != nil {
		t.Fatalf("column data ending just before the footer: %v", err)
	}
	err = readParquetBytes(t, cut(dataEnd-1))
	if err == nil || !strings.Contains(err.Error(), fmt.Sprintf("past the end of the data at byte %d: the file is damaged or was cut short", dataEnd-1)) {
		t.Fatalf("got %v, want the column chunk refused", err)
	}
}

// exportWithRow is NDJSON of three rows, the second exactly n bytes long.
func exportWithRow(n int) []byte {
	head, tail := `{"event_name":"page_view","pad":"`, `"}`
	var b bytes.Buffer
	b.WriteString(`{"event_name":"session_start"}` + "\n")
	b.WriteString(head)
	b.Write(bytes.Repeat([]byte("x"), n-len(head)-len(tail)))
	b.WriteString(tail + "\n")
	b.WriteString(`{"event_name":"scroll"}` + "\n")
	return b.Bytes()
}

func TestReadJSONRowBound(t *testing.T) {
	var names []string
	err := ReadJSON(t.Context(), "events.json", bytes.NewReader(exportWithRow(MaxJSONRowBytes)), func(e *Event) error {
		names = append(names, e.Name)
		return nil
	})
	if err != nil {
		t.Fatalf("row at the bound: %v", err)
	}
	if diff := cmp.Diff([]string{"session_start", "page_view", "scroll"}, names); diff != "" {
		t.Fatalf("events (-want +got):\n%s", diff)
	}
	err = ReadJSON(t.Context(), "events.json", bytes.NewReader(exportWithRow(MaxJSONRowBytes+1)), func(*Event) error { return nil })
	want := "events.json: row 2 (byte 31): longer than 16777216 bytes (16 MiB), the longest export row tagspec reads: is this a GA4 BigQuery export?"
	if err == nil || err.Error() != want {
		t.Fatalf("got %v\nwant %s", err, want)
	}
}

// TestReadJSONRowBoundStops feeds one row that never ends: reading stops
// soon after the bound instead of buffering the whole input.
func TestReadJSONRowBoundStops(t *testing.T) {
	pad := &countingZeros{limit: 1 << 40}
	r := io.MultiReader(strings.NewReader(`{"event_name":"x","pad":"`), pad)
	err := ReadJSON(t.Context(), "events.json", r, func(*Event) error { return nil })
	if err == nil || !strings.Contains(err.Error(), "row 1 (byte 0): longer than 16777216 bytes") {
		t.Fatalf("got %v, want the row refused", err)
	}
	// The decoder and its buffer may read ahead a little, never much.
	if pad.n > MaxJSONRowBytes+int64(jsonMaxAhead+2)*int64(jsonBlockBytes) {
		t.Fatalf("read %d bytes of a row bounded at %d", pad.n, MaxJSONRowBytes)
	}
}

// countingZeros yields the byte "a" up to limit times, and counts them.
type countingZeros struct{ limit, n int64 }

func (c *countingZeros) Read(p []byte) (int, error) {
	if c.n >= c.limit {
		return 0, io.EOF
	}
	p = p[:min(int64(len(p)), c.limit-c.n)]
	for i := range p {
		p[i] = 'a'
	}
	c.n += int64(len(p))
	return len(p), nil
}
