package momentum

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

const day = int64(24 * time.Hour / time.Microsecond)

// build makes timelines from (user, event, day) rows.
func build(rows [][3]any) *Timelines {
	b := NewBuilder([]string{"a", "b", "c", "buy"}, []string{"first_visit"})
	for _, r := range rows {
		b.Add(r[0].(string), r[1].(string), int64(r[2].(float64)*float64(day)))
	}
	return b.Build()
}

func TestMatchSemantics(t *testing.T) {
	tl := build([][3]any{
		// u1: a a b within 2 days, then buys: matches "a x2 then b" before buying.
		{"u1", "first_visit", 0.0}, {"u1", "a", 0.5}, {"u1", "a", 1.0}, {"u1", "b", 2.0}, {"u1", "buy", 3.0},
		// u2: b before the second a: "a x2 then b" does not match.
		{"u2", "first_visit", 0.0}, {"u2", "a", 0.5}, {"u2", "b", 1.0}, {"u2", "a", 2.0},
		// u3: the pattern completes only after buying: it does not precede the conversion.
		{"u3", "a", 0.0}, {"u3", "buy", 0.2}, {"u3", "a", 1.0}, {"u3", "b", 2.0},
		// u4: matches, but on day 10: outside a 7-day window; no first_visit.
		{"u4", "a", 0.0}, {"u4", "a", 9.0}, {"u4", "b", 10.0},
		// u5: rows given out of order are sorted.
		{"u5", "b", 3.0}, {"u5", "a", 1.0}, {"u5", "first_visit", 0.0}, {"u5", "a", 2.0},
		// u6: the start event comes after an a, which a pattern from first_visit does not see.
		{"u6", "a", 0.0}, {"u6", "first_visit", 1.0}, {"u6", "a", 2.0}, {"u6", "b", 3.0},
	})
	c := newCohort(tl, Config{Macro: []string{"buy"}, Bounds: DefaultBounds()})
	steps := []Step{{"a", 2}, {"b", 1}}
	for _, tc := range []struct {
		name string
		p    Pattern
		want []string
		out  int64 // left out: no start event
	}{
		{"no window", Pattern{Steps: steps}, []string{"u1", "u4", "u5", "u6"}, 0},
		{"7 days", Pattern{Steps: steps, Within: Days(7)}, []string{"u1", "u5", "u6"}, 0},
		{"from first_visit", Pattern{Steps: steps, Start: "first_visit"}, []string{"u1", "u5"}, 2},
		{"unknown event", Pattern{Steps: []Step{{"zzz", 1}}}, nil, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m, _, elig := c.matches(tc.p)
			var got []string
			var out int64
			for u := range m {
				if m[u] {
					got = append(got, tl.ID(u))
				}
				if !elig[u] {
					out++
				}
			}
			if diff := cmp.Diff(tc.want, got); diff != "" || out != tc.out {
				t.Errorf("matched (-want +got):\n%s\nleft out %d, want %d", diff, out, tc.out)
			}
		})
	}
}

// TestSplitQuartilesMatchSorting checks the quartiles read by binary
// search against sorting each group, with times of any second and with
// times on whole days (many ties between the groups).
func TestSplitQuartilesMatchSorting(t *testing.T) {
	for _, unit := range []int64{1_000_000, day} {
		t.Run(fmt.Sprintf("unit %d", unit), func(t *testing.T) { testSplitQuartiles(t, unit) })
	}
}

func testSplitQuartiles(t *testing.T, unit int64) {
	r := rand.New(rand.NewPCG(3, 4))
	b := NewBuilder([]string{"a", "b", "buy"}, nil)
	for u := range 500 {
		id := string(rune('A'+u%26)) + string(rune('a'+u/26))
		for range 1 + r.IntN(4) {
			b.Add(id, []string{"a", "b", "buy"}[r.IntN(3)], r.Int64N(40*day)/unit*unit)
		}
	}
	tl := b.Build()
	c := newCohort(tl, Config{Macro: []string{"buy"}, Stages: []Stage{{"s1", []string{"a"}}, {"s2", []string{"b"}}}, Bounds: DefaultBounds()})
	in := make([]bool, tl.Len())
	for u := range in {
		in[u] = r.IntN(3) == 0
	}
	st := make([]int64, 3)
	for i := range 3 {
		var w, wo []int64
		for u := range in {
			c.stageTimes(u, tl.First(u), st)
			if st[i] < 0 {
				continue
			}
			if in[u] {
				w = append(w, st[i])
			} else {
				wo = append(wo, st[i])
			}
		}
		gw, gwo := c.splitQuartiles(i, in)
		if diff := cmp.Diff([]Quartiles{quartilesOf(w), quartilesOf(wo)}, []Quartiles{gw, gwo}); diff != "" {
			t.Errorf("stage %d (-sorted +walk):\n%s", i, diff)
		}
	}
}

func TestPatternWords(t *testing.T) {
	p := Pattern{Steps: []Step{{"pricing_view", 3}, {"roi_calculator_engaged", 1}}, Within: Days(7), Start: "first_visit"}
	if got, want := p.String(), "pricing_view x3 then roi_calculator_engaged within 7 days of first_visit"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	for s, want := range map[int64]string{86400: "1 day", 12 * 86400: "12 days", 86400 * 3 / 2: "1.5 days", 5 * 3600: "5.0 hours", 2400: "40 minutes", 119: "1 minute", 45: "45 seconds", 1: "1 second", 0: "0 seconds"} {
		if got := SecondsWords(s); got != want {
			t.Errorf("SecondsWords(%d) = %q, want %q", s, got, want)
		}
	}
}
