package benchmark

import (
	"bytes"
	"strings"
	"testing"

	"github.com/tagspec/tagspec/internal/golden"
)

// compareReportForTest is a small planted experiment with a silo (variant
// B raises demo_video_75 and lowers conversion), compared by
// experiment_variant.
func compareReportForTest(t *testing.T) *Report {
	t.Helper()
	d := generateExperiment(3, 3000, plantedEffect*2, -0.6)
	plan := NewPlan(testSpec(), nil)
	opts := Options{Compare: &CompareOptions{By: "experiment_variant"}}
	acc := plan.NewAccumulator(opts)
	cmpr, err := plan.newComparer(opts)
	if err != nil {
		t.Fatal(err)
	}
	for _, rows := range d.rows {
		for i := range rows {
			acc.Add(&rows[i])
			cmpr.add(&rows[i])
		}
	}
	c := acc.Counts()
	c.Groups = cmpr.counts()
	rep, err := plan.Build(c, "export", []string{"events_20250301.json", "events_20250304.json"}, opts)
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

func TestComparePrintersGolden(t *testing.T) {
	rep := compareReportForTest(t)
	if rep.Comparison == nil || len(rep.Comparison.Warnings) == 0 {
		t.Fatalf("the golden report must show a silo warning: %+v", rep.Comparison)
	}
	for _, format := range Formats {
		t.Run(format, func(t *testing.T) {
			var buf bytes.Buffer
			if err := Write(t.Context(), &buf, rep, format); err != nil {
				t.Fatal(err)
			}
			out := buf.String()
			for _, want := range []string{"experiment_variant", "demo_video_75", "optimizing in a silo"} {
				if !strings.Contains(out, want) {
					t.Errorf("%s report lacks %q", format, want)
				}
			}
			golden.Check(t, "testdata/report/compare."+format, buf.Bytes())
		})
	}
}

// A baseline that is not a group is an error naming the groups there are.
func TestCompareUnknownBaseline(t *testing.T) {
	d := generateExperiment(3, 200, 0, 0)
	plan := NewPlan(testSpec(), nil)
	opts := Options{Compare: &CompareOptions{By: "experiment_variant", Baseline: "control"}}
	acc := plan.NewAccumulator(opts)
	cmpr, err := plan.newComparer(opts)
	if err != nil {
		t.Fatal(err)
	}
	for _, rows := range d.rows {
		for i := range rows {
			acc.Add(&rows[i])
			cmpr.add(&rows[i])
		}
	}
	c := acc.Counts()
	c.Groups = cmpr.counts()
	_, err = plan.Build(c, "export", nil, opts)
	if err == nil || !strings.Contains(err.Error(), `baseline "control" is not a group in the data (groups: A, B)`) {
		t.Fatalf("error %v", err)
	}
}
