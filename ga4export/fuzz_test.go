package ga4export

import (
	"bytes"
	"os"
	"strings"
	"testing"

	"github.com/tagspec/tagspec/internal/fuzzbudget"
)

func FuzzReadJSON(f *testing.F) {
	f.Add([]byte(exportLines))
	f.Add([]byte("[" + strings.ReplaceAll(strings.TrimSpace(exportLines), "\n", ",") + "]"))
	f.Add([]byte(`{"event_timestamp":"1e3"}`))
	f.Add([]byte(`[`))
	f.Fuzz(func(t *testing.T, data []byte) {
		fuzzbudget.Run(t, data, func() {
			_ = ReadJSON(t.Context(), "fuzz.json", bytes.NewReader(data), func(e *Event) error {
				if e.HasSessionID != (e.SessionID != 0 || e.HasSessionID) {
					t.Fatal("inconsistent session id")
				}
				return nil
			})
		})
	})
}

func FuzzReadReport(f *testing.F) {
	for _, name := range []string{"testdata/events_report.csv", "testdata/events_by_source.csv", "testdata/data-export.csv"} {
		b, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		fuzzbudget.Run(t, data, func() {
			rep, err := ReadReport(t.Context(), "fuzz.csv", bytes.NewReader(data))
			if err != nil {
				return
			}
			for _, s := range rep.Sections {
				for _, r := range s.Rows {
					if len(r) != len(s.Header) {
						t.Fatalf("row of %d fields under a header of %d", len(r), len(s.Header))
					}
				}
				_ = s.Dimensions()
			}
		})
	})
}

func FuzzReadParquet(f *testing.F) {
	var buf bytes.Buffer
	w := NewParquetWriter(&buf)
	for _, e := range wantExportEvents() {
		if err := w.Write(&e); err != nil {
			f.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		f.Fatal(err)
	}
	f.Add(buf.Bytes())
	f.Add([]byte("PAR1PAR1"))
	f.Fuzz(func(t *testing.T, data []byte) {
		fuzzbudget.Run(t, data, func() {
			_ = ReadParquet(t.Context(), "fuzz.parquet", bytes.NewReader(data), int64(len(data)), func(*Event) error { return nil })
		})
	})
}
