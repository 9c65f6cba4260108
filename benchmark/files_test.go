package benchmark

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/tagspec/tagspec/ga4export"
)

// TestParallelEqualsSequential reads multi-day exports (sessions crossing
// midnight, rows shuffled within days) one file after another and in
// parallel with several job counts, from NDJSON and Parquet, and wants the
// very same report every time.
func TestParallelEqualsSequential(t *testing.T) {
	d := generate(5, 9, 300)
	plan := NewPlan(testSpec(), nil)
	for _, format := range []string{"json", "parquet"} {
		t.Run(format, func(t *testing.T) {
			paths := writeExport(t, d, t.TempDir(), format)
			for _, opts := range []Options{{}, {From: "20250303", To: "20250307"}} {
				opts.Jobs = 1
				seq, err := RunFiles(t.Context(), plan, paths, opts)
				if err != nil {
					t.Fatal(err)
				}
				if seq.Sessions < 500 {
					t.Fatalf("only %d sessions: too little data to compare", seq.Sessions)
				}
				for _, jobs := range []int{0, 2, 3, 8} {
					opts.Jobs = jobs
					par, err := RunFiles(t.Context(), plan, paths, opts)
					if err != nil {
						t.Fatal(err)
					}
					if diff := cmp.Diff(seq, par); diff != "" {
						t.Errorf("from %q to %q, jobs %d: parallel report differs (-sequential +parallel):\n%s", opts.From, opts.To, jobs, diff)
					}
				}
			}
		})
	}
}

func TestOrderExportFiles(t *testing.T) {
	for _, tc := range []struct {
		name    string
		in      []string
		want    []string
		span    [2]string
		wantErr string
	}{
		{name: "daily files sorted by day",
			in:   []string{"x/events_20250103.parquet", "x/events_20250101.parquet", "x/events_20250102.parquet"},
			want: []string{"x/events_20250101.parquet", "x/events_20250102.parquet", "x/events_20250103.parquet"}, span: [2]string{"20250101", "20250103"}},
		{name: "formats may differ between days",
			in:   []string{"events_20250102.json.gz", "a.b.events_20250101.ndjson"},
			want: []string{"a.b.events_20250101.ndjson", "events_20250102.json.gz"}, span: [2]string{"20250101", "20250102"}},
		{name: "shards of one day",
			in:   []string{"events_20250101-000000000010.json", "events_20250101-000000000002.json", "events_20241231.json"},
			want: []string{"events_20241231.json", "events_20250101-000000000002.json", "events_20250101-000000000010.json"}, span: [2]string{"20241231", "20250101"}},
		{name: "intraday alone is one export",
			in:   []string{"events_intraday_20250102.json", "events_20250101.json"},
			want: []string{"events_20250101.json", "events_intraday_20250102.json"}, span: [2]string{"20250101", "20250102"}},
		{name: "a path given twice is read once",
			in:   []string{"events_20250101.json", "./events_20250101.json"},
			want: []string{"events_20250101.json"}, span: [2]string{"20250101", "20250101"}},
		{name: "undated names keep the order given",
			in:   []string{"b.ndjson", "events_20250101.json", "a.ndjson"},
			want: []string{"b.ndjson", "events_20250101.json", "a.ndjson"}},
		{name: "parquet and json of one day",
			in:      []string{"events_20250101.parquet", "events_20250102.json", "events_20250101.json"},
			wantErr: "events_20250101.parquet and events_20250101.json are both daily exports of 2025-01-01 (parquet and json): reading both would count that day twice"},
		{name: "intraday and daily of one day",
			in:      []string{"events_20250101.json", "events_intraday_20250101.json"},
			wantErr: "events_intraday_20250101.json and events_20250101.json both hold 2025-01-01 (intraday and daily tables)"},
		{name: "whole file and a shard",
			in:      []string{"events_20250101.json", "events_20250101-000000000000.json"},
			wantErr: "one whole and one a shard"},
		{name: "one day in two folders",
			in:      []string{"a/events_20250101.json", "b/events_20250101.json"},
			wantErr: "a/events_20250101.json and b/events_20250101.json are both daily exports of 2025-01-01"},
		{name: "duplicate shard",
			in:      []string{"a/events_20250101_1.json", "b/events_20250101_001.json"},
			wantErr: "a/events_20250101_1.json and b/events_20250101_001.json are both daily exports of 2025-01-01"},
		{name: "duplicate among undated names",
			in:      []string{"notes.json", "events_20250101.json", "events_20250101.json.gz"},
			wantErr: "count that day twice"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, span, err := OrderExportFiles(tc.in)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("error %v; want one containing %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("order (-want +got):\n%s", diff)
			}
			if span != tc.span {
				t.Errorf("span %v; want %v", span, tc.span)
			}
		})
	}
}

// TestMissingExportDays removes a daily file from the middle and empties
// the last one: both days are a missing-export-days problem (the last one
// seen only from its file's name), not a spec event missing on those days,
// and the report's range is the days the data covers.
func TestMissingExportDays(t *testing.T) {
	d := generate(3, 8, 120)
	paths := writeExport(t, d, t.TempDir(), "json")
	if err := os.Remove(paths[3]); err != nil { // 2025-03-04
		t.Fatal(err)
	}
	if err := os.WriteFile(paths[7], nil, 0o644); err != nil { // 2025-03-08, empty
		t.Fatal(err)
	}
	paths = slices.Delete(paths, 3, 4)
	for _, jobs := range []int{1, 2} {
		rep, err := RunFiles(t.Context(), NewPlan(testSpec(), nil), paths, Options{Jobs: jobs})
		if err != nil {
			t.Fatal(err)
		}
		var gaps []Problem
		for _, p := range rep.Problems {
			if p.Rule == RuleMissingExport {
				gaps = append(gaps, p)
			}
			if p.Rule == RuleMissingDays && (slices.Contains(p.Days, "2025-03-04") || slices.Contains(p.Days, "2025-03-08")) {
				t.Errorf("jobs %d: a day without any export row is listed as a missing event: %+v", jobs, p)
			}
		}
		type gap struct {
			Rule  string
			Count int64
			Days  []string
		}
		var got []gap
		for _, p := range gaps {
			got = append(got, gap{p.Rule, p.Count, p.Days})
		}
		want := []gap{{RuleMissingExport, 2, []string{"2025-03-04", "2025-03-08"}}}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("jobs %d: missing-export-days (-want +got):\n%s", jobs, diff)
		}
		if len(gaps) == 1 && !strings.Contains(gaps[0].Message, "2025-03-04, 2025-03-08") {
			t.Errorf("jobs %d: message does not list the days: %s", jobs, gaps[0].Message)
		}
		// Rows of 2025-03-07 sessions run past midnight into 2025-03-08,
		// so the data itself may reach that day; the range starts at the
		// first file's day.
		if rep.From != "2025-03-01" || (rep.To != "2025-03-07" && rep.To != "2025-03-08") {
			t.Errorf("jobs %d: range %s to %s; want 2025-03-01 to 2025-03-07", jobs, rep.From, rep.To)
		}
	}
}

// TestReadErrorNamesFile: a damaged file among many fails the run with its
// name, the same error with and without parallel decoding.
func TestReadErrorNamesFile(t *testing.T) {
	d := generate(4, 6, 50)
	paths := writeExport(t, d, t.TempDir(), "parquet")
	if err := os.WriteFile(paths[2], []byte("PAR1 not really"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(paths[4], []byte("also broken"), 0o644); err != nil {
		t.Fatal(err)
	}
	var msgs []string
	for _, jobs := range []int{1, 2, 6} {
		_, err := RunFiles(t.Context(), NewPlan(testSpec(), nil), paths, Options{Jobs: jobs})
		if err == nil || !strings.Contains(err.Error(), filepath.Base(paths[2])) {
			t.Fatalf("jobs %d: error %v; want one naming %s", jobs, err, paths[2])
		}
		msgs = append(msgs, err.Error())
	}
	if msgs[0] != msgs[1] || msgs[0] != msgs[2] {
		t.Errorf("errors differ between job counts: %q", msgs)
	}
}

func TestInputsText(t *testing.T) {
	var ninety []string
	for i := range 90 {
		ninety = append(ninety, fmt.Sprintf("events_%d.parquet", 20250101+i))
	}
	for _, tc := range []struct {
		in   []string
		want string
	}{
		{[]string{"a.json"}, "a.json"},
		{ninety[:6], "events_20250101.parquet, events_20250102.parquet, events_20250103.parquet, events_20250104.parquet, events_20250105.parquet, events_20250106.parquet"},
		{ninety, "events_20250101.parquet, events_20250102.parquet, ... (86 more), events_20250189.parquet, events_20250190.parquet (90 files)"},
	} {
		if got := inputsText(tc.in); got != tc.want {
			t.Errorf("inputsText(%d names) = %q; want %q", len(tc.in), got, tc.want)
		}
	}
}

// TestReadFilesCancelLeavesNothingRunning cancels reads of many files
// from inside the engine's callback, at many points: readFiles returns the
// context's error, and no goroutine of the readers or of the file being
// read ahead outlives it. A failing file does the same through RunFiles,
// whose engine closes sessions on a goroutine of its own.
func TestReadFilesCancelLeavesNothingRunning(t *testing.T) {
	d := generate(11, 8, 400)
	for _, format := range []string{"json", "parquet"} {
		paths := writeExport(t, d, t.TempDir(), format)
		before := runtime.NumGoroutine()
		for stopAt := 1; stopAt < 20000; stopAt = stopAt*2 + 1 {
			ctx, cancel := context.WithCancel(t.Context())
			rows := 0
			err := readFiles(ctx, paths, ga4export.ReadOptions{KeepParams: noParams, Jobs: 1 + stopAt%3}, func(*ga4export.Event) {
				if rows++; rows == stopAt {
					cancel()
				}
			})
			cancel()
			if rows >= stopAt && !errors.Is(err, context.Canceled) {
				t.Fatalf("%s, cancelled at row %d of %d: error %v, want context.Canceled", format, stopAt, rows, err)
			}
			waitGoroutines(t, before, fmt.Sprintf("%s, cancelled at row %d", format, stopAt))
		}
		if err := os.WriteFile(paths[5], []byte("broken"), 0o644); err != nil {
			t.Fatal(err)
		}
		if _, err := RunFiles(t.Context(), NewPlan(testSpec(), nil), paths, Options{}); err == nil {
			t.Fatalf("%s: no error for a broken file", format)
		}
		waitGoroutines(t, before, format+", a failed RunFiles")
	}
}

// waitGoroutines waits until no more goroutines run than before: one that
// has signalled it is done may still be on its way out. It fails, with
// every goroutine's stack, if that does not happen within a minute.
func waitGoroutines(t *testing.T, before int, what string) {
	t.Helper()
	deadline := time.Now().Add(time.Minute)
	for runtime.NumGoroutine() > before {
		if time.Now().After(deadline) {
			var b strings.Builder
			_ = pprof.Lookup("goroutine").WriteTo(&b, 1)
			t.Fatalf("%s: %d goroutines, %d before:\n%s", what, runtime.NumGoroutine(), before, b.String())
		}
		time.Sleep(time.Millisecond)
	}
}
