package benchmark

import (
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"cloud.google.com/go/bigquery"
	gocmp "github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/tagspec/tagspec/ga4export"
)

// writeExperiment writes the data as daily NDJSON export files and returns
// their paths.
func writeExperiment(t *testing.T, d *experimentData) []string {
	t.Helper()
	dir := t.TempDir()
	var paths []string
	for i, day := range d.days {
		path := filepath.Join(dir, "events_"+day+".json")
		f, err := os.Create(path)
		if err != nil {
			t.Fatal(err)
		}
		w := ga4export.NewJSONWriter(f)
		for j := range d.rows[i] {
			if err := w.Write(&d.rows[i][j]); err != nil {
				t.Fatal(err)
			}
		}
		if err := w.Flush(); err != nil {
			t.Fatal(err)
		}
		if err := f.Close(); err != nil {
			t.Fatal(err)
		}
		paths = append(paths, path)
	}
	return paths
}

// experimentReport benchmarks the planted experiment from export files,
// compared by experiment_variant.
func experimentReport(t *testing.T, effect, macroShift float64) *Report {
	t.Helper()
	d := generateExperiment(42, 20000, effect, macroShift)
	plan := NewPlan(testSpec(), nil)
	rep, err := RunFiles(t.Context(), plan, writeExperiment(t, d), Options{Compare: &CompareOptions{By: "experiment_variant"}})
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

// TestComparePlantedEffect: the +20% planted on demo_video_75 in variant
// B is found significant after Holm's correction with its true difference
// inside the interval, and nothing else is flagged.
func TestComparePlantedEffect(t *testing.T) {
	rep := experimentReport(t, plantedEffect, 0)
	c := rep.Comparison
	if c == nil || c.Baseline != "A" || len(c.Groups) != 2 || c.Groups[1].Name != "B" {
		t.Fatalf("comparison %+v: want baseline A against B", c)
	}
	trueDiff := plantedBase[plantedEffectEvent] * plantedEffect
	for _, m := range c.Metrics {
		r := m.Rows[0]
		switch m.Event {
		case plantedEffectEvent:
			t.Logf("planted %+.0f%% on %s: estimated %s [%s, %s], true %s; p %.2g, Holm %.2g",
				plantedEffect*100, m.Event, signedPP(r.Diff), signedPP(r.DiffLow), signedPP(r.DiffHigh), signedPP(trueDiff), r.P, r.PHolm)
			if !r.Significant {
				t.Errorf("%s: the planted effect is not significant after correction (Holm p %g)", m.Event, r.PHolm)
			}
			if trueDiff < r.DiffLow || trueDiff > r.DiffHigh {
				t.Errorf("%s: true difference %g outside [%g, %g]", m.Event, trueDiff, r.DiffLow, r.DiffHigh)
			}
		default:
			t.Logf("%s: %s [%s, %s], Holm p %.2g", m.Event, signedPP(r.Diff), signedPP(r.DiffLow), signedPP(r.DiffHigh), r.PHolm)
			if r.Significant {
				t.Errorf("%s: flagged significant (Holm p %g), but no effect was planted on it", m.Event, r.PHolm)
			}
		}
	}
	if len(c.Warnings) != 0 {
		t.Errorf("silo warnings on data without one: %+v", c.Warnings)
	}
	if c.WithoutValue != 0 {
		t.Errorf("%d users without a variant; every row carries one", c.WithoutValue)
	}
}

// TestComparePlantedEffectAbsent breaks the plant: without an effect, the
// same test must not find one.
func TestComparePlantedEffectAbsent(t *testing.T) {
	rep := experimentReport(t, 0, 0)
	for _, m := range rep.Comparison.Metrics {
		if m.Rows[0].Significant {
			t.Errorf("%s flagged significant (Holm p %g) with no effect planted", m.Event, m.Rows[0].PHolm)
		}
	}
}

// TestCompareSiloPlanted plants the framework's "optimizing in a silo":
// variant B raises demo_video_75 and lowers the odds of converting; the
// comparison must warn, naming both.
func TestCompareSiloPlanted(t *testing.T) {
	rep := experimentReport(t, plantedEffect, -0.5)
	ws := rep.Comparison.Warnings
	for _, w := range ws {
		t.Logf("warning: %s", w.Message)
	}
	if len(ws) != 1 || ws[0].Micro != plantedEffectEvent || ws[0].Group != "B" {
		t.Fatalf("warnings %+v: want one, on %s in B", ws, plantedEffectEvent)
	}
}

// TestModelRecoversPlantedWeights: the predictive model gives the planted
// weights' signs and order, and each true weight lies within 3 standard
// errors of its estimate.
func TestModelRecoversPlantedWeights(t *testing.T) {
	rep := experimentReport(t, plantedEffect, 0)
	m := rep.Model
	if m == nil || m.Note != "" {
		t.Fatalf("model %+v", m)
	}
	var order []string
	for _, w := range m.Weights {
		truth := plantedWeights[w.Micro]
		t.Logf("rank %d %s: beta %.3f ± %.3f (odds ratio %s), planted %.1f; lift alone %s",
			w.Rank, w.Micro, w.Beta, w.SE, orText(w), truth, optLiftText(w.Lift, w.LiftLow, w.LiftHigh))
		if math.Abs(w.Beta-truth) > 3*w.SE {
			t.Errorf("%s: beta %g, planted %g: more than 3 standard errors (%g) apart", w.Micro, w.Beta, truth, w.SE)
		}
		want := map[bool]string{true: EffectPositive, false: EffectNegative}[truth > 0]
		if truth == 0 {
			want = EffectUnclear
		}
		if w.Effect != want {
			t.Errorf("%s: effect %s, want %s", w.Micro, w.Effect, want)
		}
		order = append(order, w.Micro)
	}
	want := []string{"begin_checkout", "pricing_view", "demo_video_75", "newsletter_signup"}
	if !slices.Equal(order, want) {
		t.Errorf("ranked %v, want %v", order, want)
	}
}

// binomialBand returns the counts k in [lo, hi] outside which a
// Binomial(n, p) count falls with probability below tail on each side.
func binomialBand(n int, p, tail float64) (lo, hi int) {
	pmf := func(k int) float64 {
		a, _ := math.Lgamma(float64(n + 1))
		b, _ := math.Lgamma(float64(k + 1))
		c, _ := math.Lgamma(float64(n - k + 1))
		return math.Exp(a - b - c + float64(k)*math.Log(p) + float64(n-k)*math.Log1p(-p))
	}
	var cum float64
	for lo = 0; lo < n; lo++ {
		if cum+pmf(lo) >= tail {
			break
		}
		cum += pmf(lo)
	}
	cum = 0
	for hi = n; hi > 0; hi-- {
		if cum+pmf(hi) >= tail {
			break
		}
		cum += pmf(hi)
	}
	return lo, hi
}

// TestCompareAAFalsePositives splits variant A's users into random halves
// 200 times (fixed seed) and compares the halves: the share of splits in
// which the macro-conversion differs at alpha 0.05 must be near 5%, and the
// share with any metric significant after Holm's correction at most about
// 5%.
func TestCompareAAFalsePositives(t *testing.T) {
	d := generateExperiment(7, 20000, plantedEffect, 0)
	plan := NewPlan(testSpec(), nil)
	cmpr, err := plan.newComparer(Options{Compare: &CompareOptions{By: "experiment_variant"}})
	if err != nil {
		t.Fatal(err)
	}
	for _, rows := range d.rows {
		for i := range rows {
			cmpr.add(&rows[i])
		}
	}
	a := cmpr.nameIndex["A"]
	var units []int
	for u, g := range cmpr.group {
		if g == a {
			units = append(units, u)
		}
	}
	const splits = 200
	r := rand.New(rand.NewPCG(2025, 15))
	slots := len(plan.slots)
	rawByMetric := map[string]int{}
	var familyWise int
	var metrics []string
	for range splits {
		gc := &GroupCounts{Names: []string{"A1", "A2"}, Units: make([]int64, 2), Has: [][]int64{make([]int64, slots), make([]int64, slots)}}
		for _, u := range units {
			g := r.IntN(2)
			gc.Units[g]++
			for s := range slots {
				if cmpr.bits[u]&(1<<s) != 0 {
					gc.Has[g][s]++
				}
			}
		}
		co := CompareOptions{By: "aa_split", Baseline: "A1"}
		if err := co.Check(); err != nil {
			t.Fatal(err)
		}
		c, err := plan.buildComparison(gc, co)
		if err != nil {
			t.Fatal(err)
		}
		any := false
		metrics = metrics[:0]
		for _, m := range c.Metrics {
			metrics = append(metrics, m.Event)
			if m.Rows[0].P < CompareAlpha {
				rawByMetric[m.Event]++
			}
			any = any || m.Rows[0].Significant
		}
		if any {
			familyWise++
		}
	}
	lo, hi := binomialBand(splits, CompareAlpha, 0.001)
	for _, name := range metrics {
		t.Logf("A/A %s: %d/%d = %.1f%% false positives at alpha %g (binomial band %d-%d)", name, rawByMetric[name], splits,
			100*float64(rawByMetric[name])/splits, CompareAlpha, lo, hi)
	}
	macro := rawByMetric[AnyMacro]
	t.Logf("A/A: %d/%d = %.1f%% false positives at alpha %g on the macro-conversion; %d/%d = %.1f%% of splits with any metric significant after Holm",
		macro, splits, 100*float64(macro)/splits, CompareAlpha, familyWise, splits, 100*float64(familyWise)/splits)
	if macro < lo || macro > hi {
		t.Errorf("A/A macro-conversion: %d/%d false positives, outside the binomial band %d-%d around %g", macro, splits, lo, hi, CompareAlpha)
	}
	if familyWise > hi {
		t.Errorf("A/A family-wise: %d/%d splits with a significant metric after Holm, above %d", familyWise, splits, hi)
	}
	if len(units) < 9000 {
		t.Fatalf("only %d users in variant A", len(units))
	}
}

// TestGroupCountsFromBigQueryRows turns the local engine's group counts
// into the rows CompareSQL returns and back: the BigQuery path reads the
// same comparison.
func TestGroupCountsFromBigQueryRows(t *testing.T) {
	d := generateExperiment(3, 2000, plantedEffect, 0)
	plan := NewPlan(testSpec(), nil)
	for _, co := range []CompareOptions{{By: "experiment_variant"}, {Periods: [][2]string{{"20250301", "20250302"}, {"20250303", "20250304"}}}} {
		cmpr, err := plan.newComparer(Options{Compare: &co})
		if err != nil {
			t.Fatal(err)
		}
		for _, rows := range d.rows {
			for i := range rows {
				cmpr.add(&rows[i])
			}
		}
		want := cmpr.counts()
		var rows []map[string]bigquery.Value
		for gi, name := range want.Names {
			row := map[string]bigquery.Value{"grp": name, "users": want.Units[gi], "in_both": want.InBoth}
			for s, n := range want.Has[gi] {
				row[fmt.Sprintf("h%d", s)] = n
			}
			rows = append(rows, row)
		}
		rows = append(rows, map[string]bigquery.Value{"grp": nil, "users": want.WithoutValue})
		slices.Reverse(rows)
		got, err := plan.groupCountsFromRows(rows, len(co.Periods) > 0)
		if err != nil {
			t.Fatal(err)
		}
		if diff := gocmp.Diff(want, got, cmpopts.EquateEmpty()); diff != "" {
			t.Errorf("%+v: group counts from BigQuery rows differ (-local +bigquery):\n%s", co, diff)
		}
		if len(co.Periods) > 0 && want.InBoth == 0 {
			t.Errorf("the periods must share users for the test to mean something")
		}
		delete(rows[1], "h3")
		if _, err := plan.groupCountsFromRows(rows, false); err == nil || !strings.Contains(err.Error(), "no column h3") {
			t.Errorf("a missing column: error %v", err)
		}
	}
}
