package benchmark

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/tagspec/tagspec/ga4export"
)

// writeExport writes the synthetic export as one file per day in the given
// format and returns the paths in date order.
func writeExport(t testing.TB, d *synthData, dir, format string) []string {
	t.Helper()
	var paths []string
	for i, day := range d.days {
		path := filepath.Join(dir, "events_"+day+"."+format)
		f, err := os.Create(path)
		if err != nil {
			t.Fatal(err)
		}
		switch format {
		case "json":
			w := ga4export.NewJSONWriter(f)
			for j := range d.rows[i] {
				if err := w.Write(&d.rows[i][j]); err != nil {
					t.Fatal(err)
				}
			}
			if err := w.Flush(); err != nil {
				t.Fatal(err)
			}
		case "parquet":
			w := ga4export.NewParquetWriter(f)
			for j := range d.rows[i] {
				if err := w.Write(&d.rows[i][j]); err != nil {
					t.Fatal(err)
				}
			}
			if err := w.Close(); err != nil {
				t.Fatal(err)
			}
		}
		if err := f.Close(); err != nil {
			t.Fatal(err)
		}
		paths = append(paths, path)
	}
	return paths
}

// expected holds the oracle's numbers, computed straight from the
// generator's ground truth without the Plan machinery.
type expected struct {
	rates    map[string][2]int64 // event -> numerator, denominator
	funnels  map[string][]int64  // "name/variant" -> sessions per step
	weights  map[string]Weight   // "unit/micro" -> counts and median
	sessions int64
	users    int64
}

func oracle(d *synthData) expected {
	sessions := d.truthSessions()
	users := d.truthUsers()
	has := func(m map[string]int64, names ...string) bool {
		for _, n := range names {
			if _, ok := m[n]; !ok {
				return false
			}
		}
		return true
	}
	count := func(set map[[2]string]map[string]int64, names ...string) int64 {
		var n int64
		for _, s := range set {
			if has(s, names...) {
				n++
			}
		}
		return n
	}
	countUsers := func(names ...string) int64 {
		var n int64
		for _, s := range users {
			if has(s, names...) {
				n++
			}
		}
		return n
	}
	e := expected{
		rates:    map[string][2]int64{},
		funnels:  map[string][]int64{},
		weights:  map[string]Weight{},
		sessions: int64(len(sessions)),
		users:    int64(len(users)),
	}
	all := int64(len(sessions))
	e.rates["newsletter_signup"] = [2]int64{count(sessions, "newsletter_signup"), all}
	e.rates["pricing_view"] = [2]int64{count(sessions, "pricing_view"), all}
	e.rates["demo_video_75"] = [2]int64{countUsers("demo_video_75", "video_start"), countUsers("video_start")}
	e.rates["begin_checkout"] = [2]int64{count(sessions, "begin_checkout"), all}
	e.rates["purchase"] = [2]int64{count(sessions, "purchase", "begin_checkout"), count(sessions, "begin_checkout")}
	e.rates["generate_lead"] = [2]int64{count(sessions, "generate_lead"), all}

	for _, f := range testSpec().Funnels {
		var open, ordered []int64
		for k := range f.Steps {
			steps := f.Steps[:k+1]
			open = append(open, count(sessions, steps...))
			var n int64
			for _, s := range sessions {
				ok := has(s, steps...)
				for i := 1; ok && i < len(steps); i++ {
					ok = s[steps[i]] >= s[steps[i-1]]
				}
				if ok {
					n++
				}
			}
			ordered = append(ordered, n)
		}
		e.funnels[f.Name+"/open"] = open
		e.funnels[f.Name+"/ordered"] = ordered
	}

	macroFirst := func(s map[string]int64) (int64, bool) {
		t, ok := int64(0), false
		for _, m := range []string{"purchase", "generate_lead"} {
			if v, h := s[m]; h && (!ok || v < t) {
				t, ok = v, true
			}
		}
		return t, ok
	}
	units := map[Unit][]map[string]int64{}
	for _, s := range sessions {
		units[UnitSessions] = append(units[UnitSessions], s)
	}
	for _, u := range users {
		units[UnitUsers] = append(units[UnitUsers], u)
	}
	for _, unit := range []Unit{UnitSessions, UnitUsers} {
		for _, micro := range []string{"newsletter_signup", "pricing_view", "demo_video_75", "begin_checkout"} {
			w := Weight{Micro: micro, Unit: unit}
			var gaps []int64
			for _, s := range units[unit] {
				mt, hasMacro := macroFirst(s)
				if t, ok := s[micro]; ok {
					w.With++
					if hasMacro {
						w.WithMacro++
						if t <= mt {
							w.Preceded++
							gaps = append(gaps, (mt-t)/1_000_000)
						}
					}
				} else {
					w.Without++
					if hasMacro {
						w.WithoutMacro++
					}
				}
			}
			w.MedianSecondsToMacro = lowerMedianOf(gaps)
			e.weights[string(unit)+"/"+micro] = w
		}
	}
	return e
}

func TestGroundTruth(t *testing.T) {
	d := generate(42, 21, 400)
	want := oracle(d)
	dir := t.TempDir()
	reports := map[string]*Report{}
	for _, format := range []string{"json", "parquet"} {
		paths := writeExport(t, d, dir, format)
		rep, err := RunFiles(t.Context(), NewPlan(testSpec(), nil), paths, Options{})
		if err != nil {
			t.Fatal(err)
		}
		reports[format] = rep
	}
	rep := reports["json"]
	if rep.Sessions != want.sessions || rep.Users != want.users {
		t.Errorf("sessions, users = %d, %d; want %d, %d", rep.Sessions, rep.Users, want.sessions, want.users)
	}
	if want.sessions < 2000 || want.rates["purchase"][0] < 50 {
		t.Fatalf("the generator made too little data to test with: %d sessions, %d purchases", want.sessions, want.rates["purchase"][0])
	}
	gotRates := map[string][2]int64{}
	for _, r := range rep.Rates {
		gotRates[r.Event] = [2]int64{r.Numerator, r.Denominator}
		if r.Denominator > 0 && r.Rate != float64(r.Numerator)/float64(r.Denominator) {
			t.Errorf("%s: rate %v is not %d/%d", r.Event, r.Rate, r.Numerator, r.Denominator)
		}
	}
	if diff := cmp.Diff(want.rates, gotRates); diff != "" {
		t.Errorf("rates (-want +got):\n%s", diff)
	}
	gotFunnels := map[string][]int64{}
	for _, f := range rep.Funnels {
		var steps []int64
		for _, s := range f.Steps {
			steps = append(steps, s.Sessions)
		}
		gotFunnels[f.Name+"/"+f.Variant] = steps
	}
	if diff := cmp.Diff(want.funnels, gotFunnels); diff != "" {
		t.Errorf("funnels (-want +got):\n%s", diff)
	}
	if o, op := gotFunnels["trial/ordered"], gotFunnels["trial/open"]; slices.Equal(o, op) {
		t.Errorf("ordered and open trial funnels are equal (%v): the generator must make out-of-order sessions", o)
	}
	gotWeights := map[string]Weight{}
	for _, w := range rep.Weights {
		gotWeights[string(w.Unit)+"/"+w.Micro] = Weight{Micro: w.Micro, Unit: w.Unit, With: w.With, WithMacro: w.WithMacro,
			Without: w.Without, WithoutMacro: w.WithoutMacro, Preceded: w.Preceded, MedianSecondsToMacro: w.MedianSecondsToMacro}
	}
	if diff := cmp.Diff(want.weights, gotWeights); diff != "" {
		t.Errorf("weights (-want +got):\n%s", diff)
	}
	// Lift must follow from the counts, and pricing_view (which raises the
	// lead probability in the generator) must rank above newsletter_signup.
	rank := map[string]int{}
	for _, w := range rep.Weights {
		if w.Unit == UnitSessions {
			rank[w.Micro] = w.Rank
		}
	}
	if rank["pricing_view"] >= rank["newsletter_signup"] {
		t.Errorf("pricing_view ranked %d, newsletter_signup %d: the generator gives pricing_view a real lift", rank["pricing_view"], rank["newsletter_signup"])
	}

	// Data problems: the broken newsletter day, rows without
	// ga_session_id, purchases without transaction ids, the unknown range.
	var wantProblems []Problem
	wantProblems = append(wantProblems, NewProblem(ProblemFields{Rule: RuleUnknownRange, Event: "generate_lead"}))
	for _, name := range []string{"newsletter_signup", "pricing_view", "demo_video_75", "begin_checkout", "purchase", "generate_lead"} {
		var missing []string
		for _, day := range d.days {
			if d.eventDays[day][name] == 0 {
				missing = append(missing, isoDay(day))
			}
		}
		if len(missing) > 0 {
			wantProblems = append(wantProblems, NewProblem(ProblemFields{Rule: RuleMissingDays, Event: name, Count: int64(len(missing)), Days: missing}))
		}
	}
	wantProblems = append(wantProblems, NewProblem(ProblemFields{Rule: RuleNoSessionID, Event: "scroll", Count: d.noSessionID["scroll"]}))
	wantProblems = append(wantProblems, NewProblem(ProblemFields{Rule: RuleNoTransactionID, Event: "purchase", Count: d.purchaseNoTx, Days: isoDays(sortedKeys(d.noTxDays))}))
	if diff := cmp.Diff(withoutMessages(wantProblems), withoutMessages(rep.Problems)); diff != "" {
		t.Errorf("problems (-want +got):\n%s", diff)
	}
	if !slices.Contains(wantProblems[1].Days, "2025-03-03") || wantProblems[1].Event != "newsletter_signup" {
		t.Errorf("the broken newsletter day 2025-03-03 must be reported: %+v", wantProblems[1])
	}

	// NDJSON and Parquet give identical reports.
	if diff := cmp.Diff(reports["json"], reports["parquet"], cmpopts.IgnoreFields(Report{}, "Inputs")); diff != "" {
		t.Errorf("NDJSON and Parquet reports differ (-json +parquet):\n%s", diff)
	}
}

func TestShuffledDaysAreReported(t *testing.T) {
	d := generate(7, 6, 60)
	paths := writeExport(t, d, t.TempDir(), "json")
	slices.Reverse(paths)
	// Files named events_YYYYMMDD are put in date order; files without a
	// date in their name are read in the order given.
	for i, p := range paths {
		undated := filepath.Join(filepath.Dir(p), fmt.Sprintf("part-%d.json", i))
		if err := os.Rename(p, undated); err != nil {
			t.Fatal(err)
		}
		paths[i] = undated
	}
	rep, err := RunFiles(t.Context(), NewPlan(testSpec(), nil), paths, Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range rep.Problems {
		if p.Rule == RuleLateEvents {
			if p.Count == 0 || len(p.Days) == 0 {
				t.Errorf("late-events problem without count or days: %+v", p)
			}
			return
		}
	}
	t.Errorf("files given newest first must be reported as late events; problems: %+v", rep.Problems)
}

func TestDateRange(t *testing.T) {
	d := generate(9, 10, 80)
	paths := writeExport(t, d, t.TempDir(), "json")
	opts := Options{From: "20250303", To: "20250305"}
	rep, err := RunFiles(t.Context(), NewPlan(testSpec(), nil), paths, opts)
	if err != nil {
		t.Fatal(err)
	}
	var rows int64
	for i, day := range d.days {
		if day >= opts.From && day <= opts.To {
			rows += int64(len(d.rows[i]))
		}
	}
	if rep.Rows != rows || rep.From != "2025-03-03" || rep.To != "2025-03-05" {
		t.Errorf("rows %d from %s to %s; want %d rows from 2025-03-03 to 2025-03-05", rep.Rows, rep.From, rep.To, rows)
	}
	_ = fmt.Sprint
}

func readInto(t testing.TB, path string, acc *Accumulator) error {
	t.Helper()
	return ga4export.ReadEventsFile(t.Context(), path, func(ev *ga4export.Event) error {
		acc.Add(ev)
		return nil
	})
}

// withoutMessages returns a copy of ps without their messages, for
// comparisons of what was found rather than how it is said.
func withoutMessages(ps []Problem) []Problem {
	out := make([]Problem, len(ps))
	for i, p := range ps {
		p.Message = ""
		out[i] = p
	}
	return out
}
