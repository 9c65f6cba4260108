package momentum

import (
	"math"
	"slices"
)

// z95 is the standard normal quantile of a two-sided 95% interval.
const z95 = 1.959963984540054

// riskRatio returns the ratio of a/n1 over c/n0 with its 95% interval
// (Katz log method); ok is false when a group is empty or has no
// conversions, where the ratio or its interval is undefined.
func riskRatio(a, n1, c, n0 int64) (ratio, low, high float64, ok bool) {
	if n1 <= 0 || n0 <= 0 || a <= 0 || c <= 0 {
		return 0, 0, 0, false
	}
	ratio = (float64(a) / float64(n1)) / (float64(c) / float64(n0))
	se := math.Sqrt(1/float64(a) - 1/float64(n1) + 1/float64(c) - 1/float64(n0))
	l := math.Log(ratio)
	return ratio, math.Exp(l - z95*se), math.Exp(l + z95*se), true
}

// Quartiles summarise durations in whole seconds: how many there are and
// their lower quartile, median and upper quartile (each the lower of two
// middle values, as the benchmark's medians are). The quartiles are nil
// when N is 0.
type Quartiles struct {
	N      int64  `json:"n"`
	P25    *int64 `json:"p25_seconds"`
	Median *int64 `json:"median_seconds"`
	P75    *int64 `json:"p75_seconds"`
}

// quartilesOf sorts xs (seconds) and returns its quartiles.
func quartilesOf(xs []int64) Quartiles {
	q := Quartiles{N: int64(len(xs))}
	if len(xs) == 0 {
		return q
	}
	slices.Sort(xs)
	at := func(p float64) *int64 {
		v := xs[int(math.Floor(p*float64(len(xs)-1)))]
		return &v
	}
	q.P25, q.Median, q.P75 = at(0.25), at(0.5), at(0.75)
	return q
}
