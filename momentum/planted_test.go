package momentum_test

import (
	"testing"
	"time"

	"github.com/tagspec/tagspec/momentum"
	"github.com/tagspec/tagspec/momentum/momentumtest"
)

// checkPlanted asserts that an analysis recovers what the generator
// planted: the pattern ranked first, its true lift inside the reported
// interval and the difference in time to conversion within a day. It is
// shared with the benchmark package's end-to-end test through the same
// generator.
func TestPlantedPatternIsFound(t *testing.T) {
	d := momentumtest.Planted(7, 8000)
	res := momentum.Analyze(d.Timelines(), d.Config())
	truth := d.Truth
	want := truth.Pattern.String()
	rank := 0
	var f *momentum.Finding
	for i := range res.Mined {
		t.Logf("rank %d: %s (%d users)", res.Mined[i].Rank, res.Mined[i].Summary, res.Mined[i].Users)
		if res.Mined[i].Text == want {
			rank, f = res.Mined[i].Rank, &res.Mined[i]
		}
	}
	t.Logf("planted pattern %q: rank %d of %d mined (%d sequences counted)", want, rank, len(res.Mined), res.Evaluated)
	if f == nil {
		t.Fatalf("the planted pattern %q is not among the mined patterns", want)
	}
	if rank != 1 {
		t.Errorf("the planted pattern ranks %d, want 1", rank)
	}
	if f.Lift == nil {
		t.Fatalf("the planted pattern has no lift")
	}
	t.Logf("lift: estimate %.2f [%.2f-%.2f], truth %.2f", *f.Lift, *f.LiftLow, *f.LiftHigh, truth.Lift)
	if truth.Lift < *f.LiftLow || truth.Lift > *f.LiftHigh {
		t.Errorf("true lift %.2f is outside the reported interval [%.2f-%.2f]", truth.Lift, *f.LiftLow, *f.LiftHigh)
	}
	var faster *int64
	for _, v := range f.Velocity {
		if v.Stage == momentum.MacroStage {
			faster = v.FasterSeconds
		}
	}
	if faster == nil {
		t.Fatalf("no velocity difference to the macro-conversion: %+v", f.Velocity)
	}
	got := time.Duration(*faster) * time.Second
	t.Logf("time to conversion: %s; faster by %.2f days, truth %.2f days", f.VelocityWords(), got.Hours()/24, truth.FasterBy.Hours()/24)
	if diff := got - truth.FasterBy; diff < -24*time.Hour || diff > 24*time.Hour {
		t.Errorf("recovered velocity difference %v is more than a day from the planted %v", got, truth.FasterBy)
	}
	if res.SignalCount == 0 {
		t.Errorf("no early signals, though the planted pattern's non-converters match a strong pattern")
	}
	for _, s := range res.Signals {
		if s.Score <= 0 || s.Pattern == "" || s.UserID == "" {
			t.Fatalf("bad signal %+v", s)
		}
	}
}
