package benchmark

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/tagspec/tagspec/spec"
)

// TestTallyMatchesEval counts random first-time vectors through tally
// (sets of present events settled at the end, absent sessions added in
// bulk, tallies merged) and wants, for every counter of random
// conditions, the number of vectors Counter.eval accepts, and for every
// duration the gaps counted one by one. Plans of 8 events and of 70 (more
// slots than a set's 64 bits) are both checked.
func TestTallyMatchesEval(t *testing.T) {
	for _, events := range []int{8, 70} {
		t.Run(fmt.Sprintf("%d events", events), func(t *testing.T) {
			r := rand.New(rand.NewPCG(uint64(events), 7))
			s := &spec.Spec{Name: "tally", File: "tally.yaml"}
			for i := range events {
				kind := spec.KindMicro
				if i == 0 {
					kind = spec.KindMacro
				}
				s.Events = append(s.Events, spec.Event{Name: fmt.Sprintf("e%02d", i), Kind: kind})
			}
			p := NewPlan(s, nil)
			pick := func(n int) []string {
				var out []string
				for range n {
					out = append(out, p.slots[r.IntN(len(p.slots))])
				}
				return out
			}
			for range 60 {
				unit := UnitSessions
				if r.IntN(2) == 0 {
					unit = UnitUsers
				}
				p.counter(unit, Condition{Has: pick(r.IntN(3)), Not: pick(r.IntN(2)), Ordered: pick(r.IntN(3))})
			}
			for range 5 {
				p.duration(UnitSessions, p.slots[r.IntN(len(p.slots))], p.slots[r.IntN(len(p.slots))])
			}
			a := p.NewAccumulator(Options{Jobs: 1})
			defer a.Stop()
			parts := []tally{a.newTally(), a.newTally()}
			want := make([]int64, len(p.Counters))
			wantHist := make([]map[int64]int64, len(p.Durations))
			for i := range wantHist {
				wantHist[i] = map[int64]int64{}
			}
			none := make([]int64, len(p.slots))
			for i := range none {
				none[i] = absent
			}
			for v := range 3000 {
				ts := make([]int64, len(p.slots))
				for i := range ts {
					ts[i] = absent
					if r.IntN(4) == 0 {
						ts[i] = r.Int64N(50) * 1_000_000
					}
				}
				unit := UnitSessions
				if v%3 == 0 {
					unit = UnitUsers
				}
				part := &parts[v%2]
				if v%50 == 0 {
					part.addAbsent(p, unit, 4)
				} else {
					part.add(p, unit, ts)
				}
				for i := range p.Counters {
					c := &p.Counters[i]
					if c.Unit != unit {
						continue
					}
					if v%50 == 0 {
						if c.eval(none) {
							want[i] += 4
						}
					} else if c.eval(ts) {
						want[i]++
					}
				}
				for i, d := range p.Durations {
					if v%50 != 0 && d.Unit == unit && ts[d.from] != absent && ts[d.to] != absent && ts[d.to] >= ts[d.from] {
						wantHist[i][(ts[d.to]-ts[d.from])/1_000_000]++
					}
				}
			}
			parts[1].settle() // one part settled before the merge, one after
			parts[0].merge(parts[1])
			parts[0].settle()
			if diff := cmp.Diff(want, parts[0].counts); diff != "" {
				t.Errorf("counter values (-eval +tally):\n%s", diff)
			}
			if diff := cmp.Diff(wantHist, parts[0].hist); diff != "" {
				t.Errorf("duration histograms (-direct +tally):\n%s", diff)
			}
		})
	}
}
