package ga4export

import (
	"bytes"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestDimensionsEveryReader writes rows with and without dimensions in
// both formats and reads them with every reader: with Dimensions the
// values come back, without it they stay empty.
func TestDimensionsEveryReader(t *testing.T) {
	evs := []Event{
		{Date: "20250301", Timestamp: 1, Name: "page_view", UserPseudoID: "u1", Source: "google", Medium: "cpc", Country: "France", Device: "mobile"},
		{Date: "20250301", Timestamp: 2, Name: "page_view", UserPseudoID: "u2", Medium: "(none)", Device: "desktop"},
		{Date: "20250301", Timestamp: 3, Name: "scroll", UserPseudoID: "u3"},
	}
	var js, pq bytes.Buffer
	jw, pw := NewJSONWriter(&js), NewParquetWriter(&pq)
	for i := range evs {
		if err := jw.Write(&evs[i]); err != nil {
			t.Fatal(err)
		}
		if err := pw.Write(&evs[i]); err != nil {
			t.Fatal(err)
		}
	}
	if err := jw.Flush(); err != nil {
		t.Fatal(err)
	}
	if err := pw.Close(); err != nil {
		t.Fatal(err)
	}
	f, err := openParquet("f.parquet", bytes.NewReader(pq.Bytes()), int64(pq.Len()))
	if err != nil {
		t.Fatal(err)
	}
	if lay, ok := planParquetColumns(f.Root(), true); !ok || lay.cols[pqSource].index < 0 || lay.cols[pqDevice].index < 0 {
		t.Fatalf("the column reader does not decode the dimension columns itself (layout %+v, ok %v)", lay, ok)
	}
	readers := map[string]func(ReadOptions, func(*Event) error) error{
		"json scanner": func(o ReadOptions, fn func(*Event) error) error {
			return ReadJSONOptions(t.Context(), "f.json", bytes.NewReader(js.Bytes()), o, fn)
		},
		"json reference": func(o ReadOptions, fn func(*Event) error) error {
			return readJSONReference(t.Context(), "f.json", bytes.NewReader(js.Bytes()), o, fn)
		},
		"parquet columns": func(o ReadOptions, fn func(*Event) error) error {
			return ReadParquetOptions(t.Context(), "f.parquet", bytes.NewReader(pq.Bytes()), int64(pq.Len()), o, fn)
		},
		"parquet rows": func(o ReadOptions, fn func(*Event) error) error {
			return readParquetRows(t.Context(), "f.parquet", bytes.NewReader(pq.Bytes()), int64(pq.Len()), o, fn)
		},
	}
	for name, read := range readers {
		for _, dims := range []bool{true, false} {
			got, err := readAll(func(fn func(*Event) error) error {
				return read(ReadOptions{KeepParams: map[string]bool{}, Dimensions: dims}, fn)
			})
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			want := make([]Event, len(evs))
			for i, e := range evs {
				want[i] = e
				if !dims {
					want[i].Source, want[i].Medium, want[i].Country, want[i].Device = "", "", "", ""
				}
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("%s, dimensions %v (-want +got):\n%s", name, dims, diff)
			}
		}
	}
}

// A dimension record of the wrong shape is an error that names it only
// when the dimensions are asked for.
func TestDimensionsBadRecord(t *testing.T) {
	in := `{"event_name":"x","geo":5}` + "\n"
	if err := ReadJSONOptions(t.Context(), "f.json", strings.NewReader(in), ReadOptions{}, func(*Event) error { return nil }); err != nil {
		t.Fatalf("without Dimensions: %v", err)
	}
	err := ReadJSONOptions(t.Context(), "f.json", strings.NewReader(in), ReadOptions{Dimensions: true}, func(*Event) error { return nil })
	if err == nil || !strings.Contains(err.Error(), "row 1") || !strings.Contains(err.Error(), "geo") {
		t.Fatalf("with Dimensions: error %v, want one naming row 1 and geo", err)
	}
}
