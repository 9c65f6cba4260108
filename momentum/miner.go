package momentum

import (
	"cmp"
	"encoding/json"
	"fmt"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"
)

// Bounds limit the miner's search. The miner grows sequences one step at
// a time (breadth first) and keeps only the Beam best of each length to
// grow further, so it counts at most
// E·MaxCount + (MaxLen-1)·Beam·E·MaxCount sequences for E micro-conversion
// events, each in every window at once, and reads each user's rows once
// per sequence it grows: its time is about MaxLen·Beam passes over the
// rows, whatever the number of events.
type Bounds struct {
	MaxLen        int             `json:"max_len"`        // steps in a pattern
	MaxCount      int             `json:"max_count"`      // repeats of one step (x2, x3, ...), at most 255
	MinSupport    int64           `json:"min_support"`    // users matching a pattern
	MinConverters int64           `json:"min_converters"` // converters among them
	Beam          int             `json:"beam"`           // sequences of each length grown further
	Top           int             `json:"top"`            // patterns reported
	Windows       []time.Duration `json:"-"`              // from first touch to completion; 0 means no limit
}

// MarshalJSON writes the windows as a spec writes them ("7d"; "none" for
// no limit).
func (b Bounds) MarshalJSON() ([]byte, error) {
	type plain Bounds
	var ws []string
	for _, w := range b.Windows {
		ws = append(ws, cmp.Or(WithinText(w), "none"))
	}
	return json.Marshal(struct {
		plain
		Windows []string `json:"windows"`
	}{plain(b), ws})
}

// UnmarshalJSON reads what MarshalJSON writes.
func (b *Bounds) UnmarshalJSON(data []byte) error {
	type plain Bounds
	var v struct {
		plain
		Windows []string `json:"windows"`
	}
	if err := json.Unmarshal(data, &v); err != nil {
		return err
	}
	*b = Bounds(v.plain)
	b.Windows = nil
	for _, w := range v.Windows {
		if w == "none" {
			b.Windows = append(b.Windows, 0)
			continue
		}
		d, err := ParseWithin(w)
		if err != nil {
			return fmt.Errorf("bounds: window %w", err)
		}
		b.Windows = append(b.Windows, d)
	}
	return nil
}

// String says the bounds in words.
func (b Bounds) String() string {
	var ws []string
	for _, w := range b.Windows {
		if w <= 0 {
			ws = append(ws, "none")
		} else {
			ws = append(ws, DurationWords(w))
		}
	}
	return fmt.Sprintf("sequences of up to %d steps, each event up to x%d, windows from first touch %s; at least %d users and %d converters; the %d best of each length grown; top %d reported",
		b.MaxLen, b.MaxCount, strings.Join(ws, ", "), b.MinSupport, b.MinConverters, b.Beam, b.Top)
}

// DefaultBounds are the bounds Analyze uses when none are given.
func DefaultBounds() Bounds {
	return Bounds{MaxLen: 3, MaxCount: 3, MinSupport: 30, MinConverters: 5, Beam: 12, Top: 10,
		Windows: []time.Duration{0, Days(1), Days(7), Days(30)}}
}

// candidate is a sequence counted by the miner, in its best window.
type candidate struct {
	steps  []cstep
	window time.Duration
	n1, a  int64
	lift   float64
	low    float64
}

// mine returns the top patterns (at most Bounds.Top), strongest first, and
// how many sequences it counted. Patterns are ranked by the low end of
// their lift's 95% interval (the lift the data supports with confidence),
// so a small group with a lucky rate does not outrank a large one with a
// steady lift; ties by lift, then fewer steps, then more repeats (x3
// rather than x2 when both match the same users), then by name. Of
// patterns matching as many users and converters as a stronger one, only
// the stronger is reported.
func (c *cohort) mine() ([]Pattern, int) {
	b := c.cfg.Bounds
	var all []candidate
	evaluated := 0
	parents := [][]cstep{nil}
	for length := 1; length <= b.MaxLen && len(parents) > 0; length++ {
		var level []candidate
		for _, p := range parents {
			cs, n := c.extend(p)
			level = append(level, cs...)
			evaluated += n
		}
		sortCandidates(level, c.t.Events)
		all = append(all, level...)
		parents = parents[:0]
		for _, cd := range level[:min(len(level), b.Beam)] {
			parents = append(parents, cd.steps)
		}
	}
	sortCandidates(all, c.t.Events)
	var out []Pattern
	type key struct{ n1, a int64 }
	seen := map[key]bool{}
	for _, cd := range all {
		if len(out) >= b.Top {
			break
		}
		k := key{cd.n1, cd.a}
		if seen[k] { // the same users as a stronger pattern: a longer way of saying it
			continue
		}
		seen[k] = true
		p := Pattern{Within: cd.window}
		for _, s := range cd.steps {
			p.Steps = append(p.Steps, Step{Event: c.t.Events[s.ev], Count: s.count})
		}
		out = append(out, p)
	}
	return out, evaluated
}

func sortCandidates(cs []candidate, names []string) {
	text := func(c candidate) string {
		s := ""
		for _, st := range c.steps {
			s += names[st.ev] + "\x00" + string(rune('0'+st.count)) + "\x00"
		}
		return s
	}
	slices.SortFunc(cs, func(x, y candidate) int {
		if d := cmp.Compare(y.low, x.low); d != 0 {
			return d
		}
		if d := cmp.Compare(y.lift, x.lift); d != 0 {
			return d
		}
		if d := cmp.Compare(len(x.steps), len(y.steps)); d != 0 {
			return d
		}
		if d := cmp.Compare(repeats(y.steps), repeats(x.steps)); d != 0 {
			return d // the same users with more repeats: the more exact description
		}
		if d := cmp.Compare(x.window, y.window); d != 0 {
			return d
		}
		return cmp.Compare(text(x), text(y))
	})
}

// extend counts every one-step extension of parent (an event other than
// the parent's last, 1 to MaxCount times) in every window, over the users
// the parent matches, and returns those that meet the support bounds, each
// in its best window, with how many sequences it counted. Users are split
// into one part per CPU; the counts are sums, so the result does not
// depend on the split.
func (c *cohort) extend(parent []cstep) ([]candidate, int) {
	b := c.cfg.Bounds
	E, C, W := len(c.t.Events), min(b.MaxCount, 255), len(b.Windows) // repeats are counted in a uint8
	last := -1
	var need uint64
	for _, s := range parent {
		need |= bit(s.ev)
		last = int(s.ev)
	}
	windows := make([]int64, W)
	for i, w := range b.Windows {
		windows[i] = w.Microseconds()
	}
	n := c.t.Len()
	parts := min(runtime.GOMAXPROCS(0), 1+n/20_000)
	counts := make([][]int64, parts)
	var wg sync.WaitGroup
	for part := range parts {
		lo, hi := n*part/parts, n*(part+1)/parts
		cnt := make([]int64, E*C*W*2)
		counts[part] = cnt
		wg.Go(func() {
			seen := make([]uint8, E)
			var touched []uint16
			for u := lo; u < hi; u++ {
				if c.mask[u]&need != need {
					continue
				}
				o := c.t.First(u)
				ev, ts := c.view(u, o)
				i, _, ok := match(ev, ts, 0, parent)
				if !ok {
					continue
				}
				conv := 0
				if c.macroAt[u] != NoTime {
					conv = 1
				}
				for j := i; j < len(ev); j++ {
					e := ev[j]
					if int(e) == last || !c.micro[e] {
						continue
					}
					k := int(seen[e])
					if k >= C {
						continue
					}
					if k == 0 {
						touched = append(touched, e)
					}
					seen[e]++
					d := ts[j] - o
					base := ((int(e)*C + k) * W) * 2
					for w, win := range windows {
						if win == 0 || d <= win {
							cnt[base+w*2+conv]++
						}
					}
				}
				for _, e := range touched {
					seen[e] = 0
				}
				touched = touched[:0]
			}
		})
	}
	wg.Wait()
	total := counts[0]
	for _, cnt := range counts[1:] {
		for i, v := range cnt {
			total[i] += v
		}
	}
	var users, conv int64 = int64(n), 0
	for u := range n {
		if c.macroAt[u] != NoTime {
			conv++
		}
	}
	var out []candidate
	evaluated := 0
	for e := range E {
		if e == last || !c.micro[e] {
			continue
		}
		for k := range C {
			evaluated++
			var best *candidate
			for w := range W {
				base := ((e*C+k)*W + w) * 2
				n1 := total[base] + total[base+1]
				a := total[base+1]
				if n1 < b.MinSupport || a < b.MinConverters {
					continue
				}
				lift, low, _, ok := riskRatio(a, n1, conv-a, users-n1)
				if !ok {
					continue
				}
				cd := candidate{window: b.Windows[w], n1: n1, a: a, lift: lift, low: low}
				if best == nil || low > best.low || (low == best.low && cd.window < best.window && cd.window != 0) {
					best = &cd
				}
			}
			if best != nil {
				best.steps = append(slices.Clip(parent), cstep{uint16(e), k + 1})
				out = append(out, *best)
			}
		}
	}
	return out, evaluated
}

// repeats is the total count of a sequence's steps.
func repeats(steps []cstep) int {
	n := 0
	for _, s := range steps {
		n += s.count
	}
	return n
}
