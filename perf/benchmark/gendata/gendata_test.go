package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/parquet-go/parquet-go"
	"github.com/tagspec/tagspec/benchmark"
	"github.com/tagspec/tagspec/starters"
)

// topLevelColumns are the columns of the export table events_YYYYMMDD, in
// the table's order (/work/shared/docs/ga4-export.md section 2).
var topLevelColumns = []string{
	"event_date", "event_timestamp", "event_name", "event_params", "event_previous_timestamp",
	"event_value_in_usd", "event_bundle_sequence_id", "event_server_timestamp_offset", "user_id",
	"user_pseudo_id", "privacy_info", "user_properties", "user_first_touch_timestamp", "user_ltv",
	"device", "geo", "app_info", "traffic_source", "stream_id", "platform", "event_dimensions",
	"ecommerce", "items", "collected_traffic_source", "is_active_user", "batch_event_index",
	"batch_page_id", "batch_ordering_id", "session_traffic_source_last_click",
}

func ecommerceStarter(tb testing.TB) []byte {
	tb.Helper()
	data, err := starters.Get("ecommerce")
	if err != nil {
		tb.Fatal(err)
	}
	return data
}

func ecommerceSpec(t *testing.T) string {
	t.Helper()
	data := ecommerceStarter(t)
	path := filepath.Join(t.TempDir(), "ecommerce.yaml")
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func generate(t *testing.T, c config) []string {
	t.Helper()
	if err := run(t.Context(), c); err != nil {
		t.Fatalf("run(%+v): %v", c, err)
	}
	files, err := filepath.Glob(filepath.Join(c.out, "events_*"))
	if err != nil {
		t.Fatal(err)
	}
	return files
}

func only(files []string, ext string) []string {
	var out []string
	for _, f := range files {
		if strings.HasSuffix(f, ext) {
			out = append(out, f)
		}
	}
	return out
}

// TestFullSameAnswersAsNarrow checks the point of the full schema: the
// extra columns change the bytes a reader must get through, never the
// answer. tagspec bench reads the same report from the full and the
// narrow files, in both formats, and -per-day puts exactly that many rows
// in each daily file.
func TestFullSameAnswersAsNarrow(t *testing.T) {
	specPath := ecommerceSpec(t)
	base := config{events: 25_000, perDay: 10_000, format: "both", specPath: specPath, seed: 7, rowGroup: 4096}
	full, narrow := base, base
	full.schema, full.out = "full", filepath.Join(t.TempDir(), "full")
	narrow.schema, narrow.out = "narrow", filepath.Join(t.TempDir(), "narrow")
	fullFiles, narrowFiles := generate(t, full), generate(t, narrow)
	if got := len(only(fullFiles, ".json")); got != 3 {
		t.Fatalf("25,000 rows at 10,000 a day: %d daily NDJSON files, want 3: %v", got, fullFiles)
	}

	s, err := loadSpec(specPath)
	if err != nil {
		t.Fatal(err)
	}
	plan := benchmark.NewPlan(s, benchmark.BuiltinRanges())
	var reports []*benchmark.Report
	for _, set := range [][]string{only(narrowFiles, ".json"), only(narrowFiles, ".parquet"), only(fullFiles, ".json"), only(fullFiles, ".parquet")} {
		r, err := benchmark.RunFiles(t.Context(), plan, set, benchmark.Options{})
		if err != nil {
			t.Fatal(err)
		}
		r.Inputs = nil
		reports = append(reports, r)
	}
	if reports[0].Rows != 25_000 || reports[0].Sessions == 0 {
		t.Fatalf("narrow files: %d rows and %d sessions, want 25000 rows and some sessions", reports[0].Rows, reports[0].Sessions)
	}
	for i, name := range []string{"narrow Parquet", "full NDJSON", "full Parquet"} {
		if diff := cmp.Diff(reports[0], reports[i+1]); diff != "" {
			t.Errorf("%s report differs from the narrow NDJSON one (-narrow +%s):\n%s", name, name, diff)
		}
	}

	// Rows per daily file.
	for i, f := range only(fullFiles, ".json") {
		n := countLines(t, f)
		want := 10_000
		if i == 2 {
			want = 5_000
		}
		if n != want {
			t.Errorf("%s: %d rows, want %d", f, n, want)
		}
	}
}

func countLines(t *testing.T, path string) int {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return bytes.Count(data, []byte{'\n'})
}

// TestFullParquetLayout checks the Parquet file against the layout of
// bq extract: every top-level column, optional, and repeated records as
// three-level LISTs.
func TestFullParquetLayout(t *testing.T) {
	c := config{events: 3_000, perDay: 3_000, format: "parquet", schema: "full", specPath: ecommerceSpec(t), seed: 1, rowGroup: 1000, out: t.TempDir()}
	files := generate(t, c)
	if len(files) != 1 {
		t.Fatalf("files %v, want one", files)
	}
	f, err := os.Open(files[0])
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		t.Fatal(err)
	}
	pf, err := parquet.OpenFile(f, st.Size())
	if err != nil {
		t.Fatal(err)
	}
	if pf.NumRows() != 3_000 || len(pf.RowGroups()) != 3 {
		t.Errorf("%d rows in %d row groups, want 3000 in 3", pf.NumRows(), len(pf.RowGroups()))
	}
	var names []string
	for _, field := range pf.Schema().Fields() {
		names = append(names, field.Name())
		if !field.Optional() && !slices.Contains([]string{"event_params", "user_properties", "items"}, field.Name()) {
			t.Errorf("column %s is not optional", field.Name())
		}
	}
	if diff := cmp.Diff(topLevelColumns, names); diff != "" {
		t.Errorf("top-level columns (-want +got):\n%s", diff)
	}
	for _, path := range [][]string{
		{"event_params", "list", "element", "key"},
		{"event_params", "list", "element", "value", "int_value"},
		{"user_properties", "list", "element", "value", "set_timestamp_micros"},
		{"items", "list", "element", "item_params", "list", "element", "value", "string_value"},
		{"device", "web_info", "hostname"},
		{"session_traffic_source_last_click", "manual_campaign", "source"},
	} {
		if _, ok := pf.Schema().Lookup(path...); !ok {
			t.Errorf("no column %s", strings.Join(path, "."))
		}
	}
}

// TestFullJSONShape checks the NDJSON rows: valid JSON, INT64 values as
// strings, no nulls (bq extract leaves NULL fields out), only columns of
// the export table, and rows about as wide as real ones.
func TestFullJSONShape(t *testing.T) {
	c := config{events: 3_000, perDay: 3_000, format: "json", schema: "full", specPath: ecommerceSpec(t), seed: 1, rowGroup: 1000, out: t.TempDir()}
	files := generate(t, c)
	data, err := os.ReadFile(files[0])
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(data, []byte("null")) {
		t.Error("the NDJSON has a null: bq extract leaves NULL fields out")
	}
	if avg := len(data) / 3_000; avg < 1_500 || avg > 4_000 {
		t.Errorf("%d bytes per row on average, want about 2 KB (1,500 to 4,000)", avg)
	}
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(nil, 1<<20)
	seen := map[string]bool{}
	line := 0
	for sc.Scan() {
		line++
		var row map[string]any
		if err := json.Unmarshal(sc.Bytes(), &row); err != nil {
			t.Fatalf("line %d: %v", line, err)
		}
		for k := range row {
			if !slices.Contains(topLevelColumns, k) {
				t.Fatalf("line %d: column %q is not in the export table", line, k)
			}
			seen[k] = true
		}
		if _, ok := row["event_timestamp"].(string); !ok {
			t.Fatalf("line %d: event_timestamp %#v, want an INT64 as a JSON string", line, row["event_timestamp"])
		}
		params, _ := row["event_params"].([]any)
		if len(params) < 10 {
			t.Fatalf("line %d: %d event_params, want 10 or more", line, len(params))
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	// app_info and event_dimensions are NULL on a web stream.
	for _, col := range topLevelColumns {
		if !seen[col] && col != "app_info" && col != "event_dimensions" {
			t.Errorf("column %s is never written", col)
		}
	}
}

// TestDeterministic: the same flags write the same bytes.
func TestDeterministic(t *testing.T) {
	specPath := ecommerceSpec(t)
	var sums [][]byte
	for range 2 {
		c := config{events: 2_000, perDay: 1_000, format: "both", schema: "full", specPath: specPath, seed: 3, rowGroup: 500, out: t.TempDir()}
		var all []byte
		for _, f := range generate(t, c) {
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			all = append(append(all, filepath.Base(f)...), data...)
		}
		sums = append(sums, all)
	}
	if !bytes.Equal(sums[0], sums[1]) {
		t.Error("two runs with the same flags wrote different files")
	}
}

// TestBadFlags: bad flags are errors that name the flag.
func TestBadFlags(t *testing.T) {
	for _, tc := range []struct {
		name string
		c    config
		want string
	}{
		{"no out", config{events: 1, format: "json", schema: "full", rowGroup: 1}, "-out"},
		{"format", config{events: 1, format: "csv", schema: "full", rowGroup: 1, out: t.TempDir()}, "-format"},
		{"schema", config{events: 1, format: "json", schema: "wide", rowGroup: 1, out: t.TempDir()}, "-schema"},
		{"events", config{events: 0, format: "json", schema: "full", rowGroup: 1, out: t.TempDir()}, "-events"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := run(t.Context(), tc.c)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("run: %v, want an error naming %s", err, tc.want)
			}
		})
	}
}
