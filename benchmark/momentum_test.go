package benchmark

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"
	"time"

	"github.com/tagspec/tagspec/momentum"
)

// TestPlantedMomentum runs tagspec bench end to end (NDJSON export files,
// the Accumulator, the report) on journeys with a planted pattern of
// known lift and velocity, and checks that the report recovers them: the
// planted pattern ranks first among the mined ones, the true lift lies
// inside the reported interval (for the mined and the declared pattern),
// and the planted gain in time to conversion is recovered within a day.
func TestPlantedMomentum(t *testing.T) {
	d, m := generatePlanted(11, 6000)
	paths := writeExport(t, d, t.TempDir(), "json")
	rep, err := RunFiles(t.Context(), NewPlan(plantedSpec(), nil), paths, Options{})
	if err != nil {
		t.Fatal(err)
	}
	mo := rep.Momentum
	if mo == nil {
		t.Fatal("the report has no momentum section")
	}
	if mo.Users != int64(m.Users) {
		t.Errorf("momentum users %d, want %d", mo.Users, m.Users)
	}
	truth := m.Truth
	want := truth.Pattern.String()
	rank := 0
	var mined *momentum.Finding
	for i := range mo.Mined {
		if mo.Mined[i].Text == want {
			rank, mined = mo.Mined[i].Rank, &mo.Mined[i]
		}
	}
	t.Logf("planted %q: rank %d of %d mined", want, rank, len(mo.Mined))
	if mined == nil {
		t.Fatalf("the planted pattern is not mined; top: %q", texts(mo.Mined))
	}
	if rank != 1 {
		t.Errorf("the planted pattern ranks %d, want 1; top: %q", rank, texts(mo.Mined))
	}
	if len(mo.Declared) != 1 {
		t.Fatalf("%d declared patterns, want 1", len(mo.Declared))
	}
	declared := &mo.Declared[0]
	for _, f := range []*momentum.Finding{mined, declared} {
		if f.Lift == nil {
			t.Fatalf("%s: no lift", f.Text)
		}
		t.Logf("%s: lift estimate %.2f [%.2f-%.2f], truth %.2f; %s", f.Text, *f.Lift, *f.LiftLow, *f.LiftHigh, truth.Lift, f.VelocityWords())
		if truth.Lift < *f.LiftLow || truth.Lift > *f.LiftHigh {
			t.Errorf("%s: true lift %.2f outside the interval [%.2f-%.2f]", f.Text, truth.Lift, *f.LiftLow, *f.LiftHigh)
		}
		v := macroVelocity(f)
		if v.FasterSeconds == nil {
			t.Fatalf("%s: no velocity difference", f.Text)
		}
		got := time.Duration(*v.FasterSeconds) * time.Second
		t.Logf("%s: faster by %.2f days, truth %.2f days", f.Text, got.Hours()/24, truth.FasterBy.Hours()/24)
		if diff := got - truth.FasterBy; diff < -24*time.Hour || diff > 24*time.Hour {
			t.Errorf("%s: recovered velocity gain %v is more than a day from the planted %v", f.Text, got, truth.FasterBy)
		}
	}
	if declared.Users != mined.Users || declared.Converters != mined.Converters {
		t.Errorf("declared %d/%d and mined %d/%d: every user's first row is first_visit, so both must match the same users",
			declared.Converters, declared.Users, mined.Converters, mined.Users)
	}

	// The early signals: the planted group's users who did not convert.
	var buf bytes.Buffer
	if err := WriteEarlySignals(&buf, rep); err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(&buf).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 1+mo.SignalCount || mo.SignalCount < int(mined.Users-mined.Converters) {
		t.Errorf("%d signal rows for %d signals; the planted pattern alone has %d non-converters", len(recs)-1, mo.SignalCount, mined.Users-mined.Converters)
	}
	if strings.Join(recs[0], ",") != "user_pseudo_id,score,pattern,lift,matched_at" {
		t.Errorf("header %q", recs[0])
	}
}

func texts(fs []momentum.Finding) []string {
	var out []string
	for _, f := range fs {
		out = append(out, f.Summary)
	}
	return out
}
