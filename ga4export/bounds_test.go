package ga4export

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
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
