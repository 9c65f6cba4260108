package benchmark

import "math"

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
	VerdictNotEnoughData = "not enough data"
	VerdictNoRange       = "no range"
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

// Verdict compares a rate's 95% interval with a range. When both ends of
// the interval fall in the same band, that band is the verdict; when the
// interval straddles bands the data cannot say which, and the verdict is
// "not enough data" (as it is with no observations at all).
func Verdict(r *Range, n int64, low, high float64) string {
	if r == nil {
		return VerdictNoRange
	}
	if n == 0 {
		return VerdictNotEnoughData
	}
	bl, bh := band(r, low), band(r, high)
	if bl != bh {
		return VerdictNotEnoughData
	}
	return bandVerdicts[bl]
}
