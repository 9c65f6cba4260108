package benchmark

import "testing"

func TestRangeTextRoundsFloatArtefacts(t *testing.T) {
	hp := 0.07
	got := RangeText(&Range{Low: 0.03, High: 0.07, HighPerformer: &hp})
	if want := "3%-7% (high performer 7%+)"; got != want {
		t.Errorf("RangeText = %q, want %q", got, want)
	}
	if got := pctShort(0.0125); got != "1.25%" {
		t.Errorf("pctShort(0.0125) = %q", got)
	}
}
