package benchmark

import (
	"fmt"
	"math"
	"strings"
)

// z95 is the two-sided 95% standard normal quantile.
const z95 = 1.959963984540054

// Wilson returns the 95% Wilson score interval of k successes in n trials.
// It returns (0, 0) when n is 0.
func Wilson(k, n int64) (low, high float64) {
	if n <= 0 {
		return 0, 0
	}
	p := float64(k) / float64(n)
	nf := float64(n)
	z2 := z95 * z95
	den := 1 + z2/nf
	centre := (p + z2/(2*nf)) / den
	half := z95 * math.Sqrt(p*(1-p)/nf+z2/(4*nf*nf)) / den
	low, high = centre-half, centre+half
	if k == 0 {
		low = 0
	}
	if k == n {
		high = 1
	}
	return max(low, 0), min(high, 1)
}

// RiskRatio returns the ratio of two proportions a/n1 over c/n0 and its
// 95% interval (Katz log method). ok is false when the ratio or its
// interval is undefined (an empty group, or no events in either group).
func RiskRatio(a, n1, c, n0 int64) (ratio, low, high float64, ok bool) {
	if n1 <= 0 || n0 <= 0 || a <= 0 || c <= 0 {
		return 0, 0, 0, false
	}
	p1 := float64(a) / float64(n1)
	p0 := float64(c) / float64(n0)
	ratio = p1 / p0
	se := math.Sqrt(1/float64(a) - 1/float64(n1) + 1/float64(c) - 1/float64(n0))
	l := math.Log(ratio)
	return ratio, math.Exp(l - z95*se), math.Exp(l + z95*se), true
}

// Verdicts of a rate against its range.
const (
	VerdictBelow         = "below range"
	VerdictWithin        = "within range"
	VerdictAbove         = "above range"
	VerdictHighPerformer = "high performer"
	// VerdictInconclusive: the 95% interval straddles a boundary of the
	// range, so the data cannot say on which side the true rate lies.
	VerdictInconclusive = "inconclusive"
	// VerdictNoData: the event (or the rate's denominator) does not occur
	// in the data at all, which usually means it is not measured rather
	// than that its rate is 0%.
	VerdictNoData  = "no data"
	VerdictNoRange = "no range"
)

// band places a rate in the range's bands: 0 below, 1 within, 2 above,
// 3 high performer.
func band(r *Range, x float64) int {
	switch {
	case x < r.Low:
		return 0
	case x <= r.High:
		return 1
	case r.HighPerformer != nil && x >= *r.HighPerformer:
		return 3
	}
	return 2
}

var bandVerdicts = [...]string{VerdictBelow, VerdictWithin, VerdictAbove, VerdictHighPerformer}

// Verdict compares the 95% interval [low, high] of num out of den with a
// range and says why, in words a reader can check against the numbers.
//
// The event missing from the data (num or den of 0) is [VerdictNoData],
// whatever the range; without a range the verdict is [VerdictNoRange].
// When both ends of the interval fall in the same band of the range, that
// band is the verdict; when the interval straddles a boundary (the lower
// or upper bound, or the high-performer mark) it is [VerdictInconclusive].
func Verdict(r *Range, num, den int64, low, high float64) (verdict, why string) {
	switch {
	case den <= 0:
		return VerdictNoData, "the rate's denominator is 0: nothing in the data to measure against"
	case num <= 0:
		return VerdictNoData, fmt.Sprintf("the event does not occur in the data (0 of %d); check that its tag fires before reading this as a 0%% rate", den)
	case r == nil:
		return VerdictNoRange, "the event has no benchmark key in the spec, so there is no industry range to compare with"
	}
	ci := "the 95% interval " + pct(low) + "-" + pct(high)
	bl, bh := band(r, low), band(r, high)
	if bl != bh {
		var crossed []string
		if low < r.Low && r.Low <= high {
			crossed = append(crossed, "the range's lower bound "+pctShort(r.Low))
		}
		if low <= r.High && r.High < high {
			crossed = append(crossed, "the range's upper bound "+pctShort(r.High))
		}
		if hp := r.HighPerformer; hp != nil && *hp != r.High && low < *hp && *hp <= high {
			crossed = append(crossed, "the high-performer mark "+pctShort(*hp))
		}
		return VerdictInconclusive, ci + " straddles " + strings.Join(crossed, " and ")
	}
	switch bl {
	case 0:
		why = ci + " lies below the range's lower bound " + pctShort(r.Low)
	case 1:
		why = ci + " lies inside the range " + pctShort(r.Low) + "-" + pctShort(r.High)
	case 2:
		why = ci + " lies above the range's upper bound " + pctShort(r.High)
		if r.HighPerformer != nil {
			why += " and below the high-performer mark " + pctShort(*r.HighPerformer)
		}
	case 3:
		why = ci + " lies at or above the high-performer mark " + pctShort(*r.HighPerformer)
	}
	return bandVerdicts[bl], why
}
