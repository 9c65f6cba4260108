package experiment

import (
	"math"
	"math/rand/v2"
	"testing"
)

func near(t *testing.T, name string, got, want, tol float64) {
	t.Helper()
	if math.Abs(got-want) > tol || math.IsNaN(got) {
		t.Errorf("%s = %.6g, want %.6g (±%g)", name, got, want, tol)
	}
}

func TestWilson(t *testing.T) {
	lo, hi := Wilson(Proportion{10, 100}, Z95)
	near(t, "low", lo, 0.0552, 5e-5)
	near(t, "high", hi, 0.1744, 5e-5)
	if lo, hi := Wilson(Proportion{0, 0}, Z95); lo != 0 || hi != 0 {
		t.Errorf("empty: %g-%g", lo, hi)
	}
	if lo, _ := Wilson(Proportion{0, 50}, Z95); lo != 0 {
		t.Errorf("0 of 50: low %g", lo)
	}
}

// Example (e) of Newcombe (1998), method 10: 56/70 against 48/80 has the
// interval 0.0524 to 0.3339.
func TestCompareNewcombe(t *testing.T) {
	d := Compare(Proportion{48, 80}, Proportion{56, 70})
	near(t, "diff", d.Diff, 0.2, 1e-12)
	near(t, "low", d.Low, 0.0524, 5e-5)
	near(t, "high", d.High, 0.3339, 5e-5)
	if d.Test != TestZ {
		t.Errorf("test %s, want z", d.Test)
	}
	if d.RelLift == nil || math.Abs(*d.RelLift-(0.8/0.6-1)) > 1e-12 {
		t.Errorf("relative lift %v", d.RelLift)
	}
}

func TestZTest(t *testing.T) {
	z, p := ZTest(Proportion{100, 1000}, Proportion{130, 1000})
	near(t, "z", z, 2.1026, 5e-4)
	near(t, "p", p, 0.0355, 5e-4)
	if _, p := ZTest(Proportion{0, 10}, Proportion{0, 10}); p != 1 {
		t.Errorf("no conversions at all: p %g", p)
	}
}

func TestFisherExact(t *testing.T) {
	// Fisher's tea-tasting table: 3 of 4 against 1 of 4.
	near(t, "tea", FisherExact(Proportion{3, 4}, Proportion{1, 4}), 0.4857, 5e-5)
	near(t, "all or none", FisherExact(Proportion{0, 5}, Proportion{5, 5}), 2.0/252, 1e-9)
	d := Compare(Proportion{1, 40}, Proportion{6, 40})
	if d.Test != TestFisher {
		t.Errorf("small counts used %s, want fisher", d.Test)
	}
}

func TestHolm(t *testing.T) {
	adj, sig := Holm([]float64{0.01, 0.04, 0.03, 0.005}, 0.05)
	want := []float64{0.03, 0.06, 0.06, 0.02}
	wantSig := []bool{true, false, false, true}
	for i := range want {
		near(t, "adjusted", adj[i], want[i], 1e-12)
		if sig[i] != wantSig[i] {
			t.Errorf("p %d significant %v, want %v", i, sig[i], wantSig[i])
		}
	}
}

// The sample size must give the power it promises: simulate experiments
// of that size with the lift planted and count how often the z test
// rejects.
func TestSampleSizePower(t *testing.T) {
	n, ok := SampleSize(0.2, 0.5, 0.05, 0.8)
	if !ok {
		t.Fatal("no sample size")
	}
	near(t, "n", float64(n), 294, 1)
	r := rand.New(rand.NewPCG(1, 2))
	const trials = 3000
	rejected := 0
	draw := func(p float64) Proportion {
		k := int64(0)
		for range n {
			if r.Float64() < p {
				k++
			}
		}
		return Proportion{k, n}
	}
	for range trials {
		if _, p := ZTest(draw(0.2), draw(0.3)); p < 0.05 {
			rejected++
		}
	}
	power := float64(rejected) / trials
	t.Logf("simulated power at n=%d per group: %.3f", n, power)
	if power < 0.77 || power > 0.84 {
		t.Errorf("simulated power %.3f, want about 0.80", power)
	}
	if _, ok := SampleSize(0.6, 1, 0.05, 0.8); ok {
		t.Error("a lift past a rate of 1 has no sample size")
	}
	if _, ok := SampleSize(0, 0.1, 0.05, 0.8); ok {
		t.Error("a zero baseline has no sample size")
	}
}

func TestInSilo(t *testing.T) {
	up := Difference{Diff: 0.02, Low: 0.01, High: 0.03}
	down := Difference{Diff: -0.01, Low: -0.015, High: -0.005}
	if s, _ := InSilo(up, true, down, false); !s {
		t.Error("micro up, macro down: want a silo")
	}
	if s, _ := InSilo(up, true, Difference{Diff: -0.01, Low: -0.03, High: 0.01}, false); s {
		t.Error("macro's interval holds 0: no silo")
	}
	if s, severe := InSilo(up, true, down, true); !s || !severe {
		t.Error("macro significantly down: want severe")
	}
	if s, _ := InSilo(up, false, down, true); s {
		t.Error("micro not significant: no silo")
	}
	if s, _ := InSilo(up, true, Difference{Diff: 0.01}, false); s {
		t.Error("macro up: no silo")
	}
}

// With one binary feature and no penalty, the fitted odds ratio and its
// standard error are the 2x2 table's (Woolf's formula).
func TestLogisticTwoByTwo(t *testing.T) {
	a, b, c, d := 30.0, 70.0, 10.0, 90.0 // with: 30 converted, 70 not; without: 10, 90
	fit, err := Logistic([]Group{{X: []float64{1}, N: a + b, Y: a}, {X: []float64{0}, N: c + d, Y: c}}, 1, 0)
	if err != nil {
		t.Fatal(err)
	}
	near(t, "odds ratio", fit.Coefs[0].OddsRatio, (a/b)/(c/d), 1e-9)
	near(t, "se", fit.Coefs[0].SE, math.Sqrt(1/a+1/b+1/c+1/d), 1e-9)
	near(t, "intercept", fit.Intercept.Beta, math.Log(c/d), 1e-9)
}

// Planted weights are recovered inside their intervals, and perfect
// separation stays finite with a penalty.
func TestLogisticRecoversPlantedWeights(t *testing.T) {
	truth := []float64{1.2, 0.4, 0, -0.7}
	const b0 = -3.0
	r := rand.New(rand.NewPCG(7, 8))
	counts := map[[4]bool][2]float64{}
	for range 200_000 {
		var key [4]bool
		eta := b0
		for j := range truth {
			key[j] = r.Float64() < 0.3
			if key[j] {
				eta += truth[j]
			}
		}
		c := counts[key]
		c[0]++
		if r.Float64() < sigmoid(eta) {
			c[1]++
		}
		counts[key] = c
	}
	var groups []Group
	for k, c := range counts {
		x := make([]float64, 4)
		for j := range k {
			if k[j] {
				x[j] = 1
			}
		}
		groups = append(groups, Group{X: x, N: c[0], Y: c[1]})
	}
	fit, err := Logistic(groups, 4, 1)
	if err != nil {
		t.Fatal(err)
	}
	for j, c := range fit.Coefs {
		t.Logf("feature %d: beta %.3f [%.3f, %.3f], true %.1f", j, c.Beta, c.Low, c.High, truth[j])
		if truth[j] < c.Low || truth[j] > c.High {
			t.Errorf("feature %d: true %g outside [%g, %g]", j, truth[j], c.Low, c.High)
		}
	}
	sep := []Group{{X: []float64{1}, N: 50, Y: 50}, {X: []float64{0}, N: 50, Y: 5}}
	if _, err := Logistic(sep, 1, 0); err == nil {
		t.Error("perfect separation without a penalty has no finite fit: want an error")
	}
	fit, err = Logistic(sep, 1, 1)
	if err != nil {
		t.Fatalf("penalised fit of a separated feature: %v", err)
	}
	if b := fit.Coefs[0].Beta; math.IsInf(b, 0) || math.IsNaN(b) || b <= 0 {
		t.Errorf("separated feature: beta %g", b)
	}
}

func TestLogisticBadInput(t *testing.T) {
	for name, gs := range map[string][]Group{
		"empty":         nil,
		"wrong width":   {{X: []float64{1, 0}, N: 1, Y: 0}},
		"more than all": {{X: []float64{1}, N: 1, Y: 2}},
	} {
		if _, err := Logistic(gs, 1, 1); err == nil {
			t.Errorf("%s: want an error", name)
		}
	}
	// A feature nobody has, without a penalty, is singular: an error,
	// not a NaN.
	if _, err := Logistic([]Group{{X: []float64{0}, N: 10, Y: 3}}, 1, 0); err == nil {
		t.Error("unidentified feature: want an error")
	}
}
