package momentum

import (
	"cmp"
	"fmt"
	"math"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Stage is a funnel stage of the spec (awareness, consideration,
// decision): a user reaches it with the first of its events.
type Stage struct {
	Name   string
	Events []string
}

// Config says what to analyse: which events convert, the stages to time,
// the patterns the spec declares and the bounds of the search.
type Config struct {
	Macro    []string  // macro-conversion events; any of them converts a user
	Stages   []Stage   // in funnel order
	Declared []Pattern // the spec's named patterns, in spec order
	Bounds   Bounds
}

// Result is what Analyze finds.
type Result struct {
	Users      int64     `json:"users"`
	Converters int64     `json:"converters"`
	Macro      string    `json:"macro"`
	Bounds     Bounds    `json:"bounds"`
	Evaluated  int       `json:"sequences_evaluated"` // sequences the miner counted
	Mined      []Finding `json:"mined"`
	Declared   []Finding `json:"declared"`
	// Velocity is the time from first touch to each stage and to the
	// macro-conversion, over every user who reached it.
	Velocity []StageTime `json:"velocity"`
	// Signals are the users who match a pattern whose whole lift interval
	// lies above 1 but have not converted, strongest first.
	Signals []Signal `json:"-"`
	// SignalCount is len(Signals), kept in JSON without the ids.
	SignalCount int `json:"early_signals"`
}

// MacroStage is the Stage name under which velocities report the time to
// the macro-conversion.
const MacroStage = "macro-conversion"

// StageTime is the time from the start to a stage over a group of users.
type StageTime struct {
	Stage string    `json:"stage"`
	Time  Quartiles `json:"time"`
}

// Finding is one pattern with its lift, coverage and velocity.
type Finding struct {
	Rank    int     `json:"rank,omitempty"` // 1 = strongest; mined patterns only
	Pattern Pattern `json:"pattern"`
	Text    string  `json:"text"`    // the pattern in words
	Summary string  `json:"summary"` // the pattern with lift and coverage in words
	Users   int64   `json:"users"`   // users matching it
	// Converters is how many of Users converted (after matching).
	Converters  int64    `json:"converters"`
	RateWith    float64  `json:"rate_with"`
	RateWithout float64  `json:"rate_without"`
	Lift        *float64 `json:"lift"`
	LiftLow     *float64 `json:"lift_ci_low"`
	LiftHigh    *float64 `json:"lift_ci_high"`
	// Coverage is the share of all converters (of the pattern's
	// population) who matched it first.
	Coverage float64 `json:"coverage"`
	// LeftOut counts users without the pattern's start event in the
	// data, who are left out of its population.
	LeftOut  int64          `json:"left_out,omitempty"`
	Velocity []VelocityDiff `json:"velocity"`
}

// VelocityDiff compares the time to a stage of users matching a pattern
// with that of the rest.
type VelocityDiff struct {
	Stage   string    `json:"stage"`
	With    Quartiles `json:"with"`
	Without Quartiles `json:"without"`
	// FasterSeconds is the rest's median minus the matching users'
	// median: positive when the pattern's users get there sooner.
	FasterSeconds *int64 `json:"faster_seconds"`
}

// Signal is a user who matches a strong pattern but has not converted.
type Signal struct {
	UserID  string  `json:"user_pseudo_id"`
	Score   float64 `json:"score"`   // the conversion rate of the users who matched the pattern
	Pattern string  `json:"pattern"` // the pattern in words
	Lift    float64 `json:"lift"`
	// MatchedAt is when the user completed the pattern (µs since the epoch).
	MatchedAt int64 `json:"matched_at"`
}

// summary says a finding in one line, e.g. "pricing_view x3 then
// roi_calculator_engaged within 7 days: 4.1x conversion [3.2-5.3], 38% of
// converters".
func (f *Finding) summary() string {
	if f.Lift == nil {
		return fmt.Sprintf("%s: lift undefined (%d users, %d converted)", f.Text, f.Users, f.Converters)
	}
	return fmt.Sprintf("%s: %.1fx conversion [%.1f-%.1f], %.0f%% of converters", f.Text, *f.Lift, *f.LiftLow, *f.LiftHigh, 100*f.Coverage)
}

// VelocityWords says how fast a pattern's users converted, e.g. "converted
// in a median 9 days, 9 days faster than users without it"; empty without
// converters on either side.
func (f *Finding) VelocityWords() string {
	for _, v := range f.Velocity {
		if v.Stage != MacroStage || v.With.Median == nil || v.Without.Median == nil {
			continue
		}
		d := *v.FasterSeconds
		how := "faster"
		if d < 0 {
			d, how = -d, "slower"
		}
		return fmt.Sprintf("converted in a median %s, %s %s than users without it", SecondsWords(*v.With.Median), SecondsWords(d), how)
	}
	return ""
}

// SecondsWords writes whole seconds as days (one decimal) from a day up,
// else hours, minutes or seconds: "12 days", "1.5 days", "5.0 hours",
// "40 minutes", "1 minute", "45 seconds".
func SecondsWords(s int64) string {
	switch {
	case s >= 86400:
		d := float64(s) / 86400
		if d == float64(int64(d)) {
			if d == 1 {
				return "1 day"
			}
			return fmt.Sprintf("%d days", int64(d))
		}
		return fmt.Sprintf("%.1f days", d)
	case s >= 3600:
		return fmt.Sprintf("%.1f hours", float64(s)/3600)
	case s >= 120:
		return fmt.Sprintf("%d minutes", s/60)
	case s >= 60:
		return "1 minute"
	case s == 1:
		return "1 second"
	}
	return fmt.Sprintf("%d seconds", s)
}

// cohort is the per-user view the analysis works on.
type cohort struct {
	t       *Timelines
	cfg     Config
	micro   []bool  // per event index: a micro-conversion (not a macro)
	isMacro []bool  // per event index
	macroAt []int64 // per user: first macro time, NoTime when none
	cut     []int32 // per user: rows before the first macro
	mask    []uint64
	stageOf [][]int // per event index: the stages it belongs to
	// From each user's first event: seconds to each stage and to the
	// macro-conversion (-1 where not reached), and per stage the same
	// times sorted, from which the quartiles of the users outside any
	// group are read in one merge.
	firstTimes  [][]int64
	firstSorted [][]int64 // per stage: the times of the users who reached it, sorted
}

func newCohort(t *Timelines, cfg Config) *cohort {
	c := &cohort{t: t, cfg: cfg, micro: make([]bool, len(t.Events)), isMacro: make([]bool, len(t.Events)), stageOf: make([][]int, len(t.Events))}
	for i, e := range t.Events {
		c.isMacro[i] = slices.Contains(cfg.Macro, e)
		c.micro[i] = !c.isMacro[i]
		for k, st := range cfg.Stages {
			if slices.Contains(st.Events, e) {
				c.stageOf[i] = append(c.stageOf[i], k)
			}
		}
	}
	n := t.Len()
	c.macroAt, c.cut, c.mask = make([]int64, n), make([]int32, n), make([]uint64, n)
	k := len(cfg.Stages) + 1
	c.firstTimes, c.firstSorted = make([][]int64, k), make([][]int64, k)
	for i := range k {
		c.firstTimes[i] = make([]int64, n)
	}
	// Users in parts, one per CPU, each writing its own users' entries;
	// then each stage's times sorted on its own.
	parts := min(runtime.GOMAXPROCS(0), 1+n/20_000)
	eachParallel(parts, func(part int) {
		st := make([]int64, k)
		for u := n * part / parts; u < n*(part+1)/parts; u++ {
			ev, ts := t.User(u)
			c.macroAt[u], c.cut[u] = NoTime, int32(len(ev))
			for j, e := range ev {
				if c.isMacro[e] {
					c.macroAt[u], c.cut[u] = ts[j], int32(j)
					break
				}
				c.mask[u] |= bit(e)
			}
			c.stageTimes(u, t.First(u), st)
			for i, v := range st {
				c.firstTimes[i][u] = v
			}
		}
	})
	eachParallel(k, func(i int) {
		var sorted []int64
		for _, v := range c.firstTimes[i] {
			if v >= 0 {
				sorted = append(sorted, v)
			}
		}
		slices.Sort(sorted)
		c.firstSorted[i] = sorted
	})
	return c
}

// splitQuartiles returns the quartiles of stage i's times from first
// event for the users in (in[u]) and the others. The times of the users
// in are gathered in user order and sorted; the others' are the sorted
// times of all users without those, read in one merge: every array is
// walked in order, which keeps millions of users in cache.
func (c *cohort) splitQuartiles(i int, in []bool) (with, without Quartiles) {
	times, all := c.firstTimes[i], c.firstSorted[i]
	var w []int64
	for u, ok := range in {
		if ok && times[u] >= 0 {
			w = append(w, times[u])
		}
	}
	with = quartilesOf(w) // sorts w
	without.N = int64(len(all) - len(w))
	if without.N == 0 {
		return with, without
	}
	// The others' times are all's without w's (w's are among all's). The
	// k-th smallest of them is the first all[m] with more than k of them
	// at or below it: all's count there less w's, which only grows with
	// m, so each quartile is a binary search, and no array is walked.
	atOrBelow := func(xs []int64, v int64) int { return sort.Search(len(xs), func(j int) bool { return xs[j] > v }) }
	below := func(m int) int64 { return int64(atOrBelow(all, all[m]) - atOrBelow(w, all[m])) }
	dst := [3]**int64{&without.P25, &without.Median, &without.P75}
	for k, p := range []float64{0.25, 0.5, 0.75} {
		rank := int64(math.Floor(p * float64(without.N-1)))
		m := sort.Search(len(all), func(m int) bool { return below(m) > rank })
		val := all[m]
		*dst[k] = &val
	}
	return with, without
}

// origin returns the start time of user u for a pattern starting at start
// ("" for the user's first event), and whether the user has one.
func (c *cohort) origin(u int, start string) (int64, bool) {
	if start == "" {
		return c.t.First(u), true
	}
	si := slices.Index(c.t.Starts, start)
	if si < 0 {
		return NoTime, false
	}
	s := c.t.Start(u, si)
	return s, s != NoTime
}

// view returns the rows of user u that a pattern starting at origin sees:
// from the origin to the first macro-conversion.
func (c *cohort) view(u int, origin int64) ([]uint16, []int64) {
	ev, ts := c.t.User(u)
	ev, ts = ev[:c.cut[u]], ts[:c.cut[u]]
	if origin != c.t.First(u) {
		i, _ := slices.BinarySearch(ts, origin)
		ev, ts = ev[i:], ts[i:]
	}
	return ev, ts
}

// Analyze mines the timelines, evaluates the declared patterns, measures
// velocities and lists early signals.
func Analyze(t *Timelines, cfg Config) *Result {
	if cfg.Bounds.MaxLen == 0 {
		cfg.Bounds = DefaultBounds()
	}
	c := newCohort(t, cfg)
	r := &Result{Users: int64(t.Len()), Macro: strings.Join(cfg.Macro, " or "), Bounds: cfg.Bounds, Mined: []Finding{}, Declared: []Finding{}}
	for u := range t.Len() {
		if c.macroAt[u] != NoTime {
			r.Converters++
		}
	}
	mined, evaluated := c.mine()
	r.Evaluated = evaluated
	// Each pattern is evaluated over every user on its own: one per CPU.
	all := append(slices.Clip(mined), cfg.Declared...)
	fs := make([]Finding, len(all))
	open := make([][]openMatch, len(all))
	eachParallel(len(all), func(i int) { fs[i], open[i] = c.evaluate(all[i]) })
	for i := range mined {
		fs[i].Rank = i + 1
	}
	r.Mined = append(r.Mined, fs[:len(mined)]...)
	r.Declared = append(r.Declared, fs[len(mined):]...)
	r.Velocity = c.velocity()
	r.Signals = c.signals(fs, open)
	r.SignalCount = len(r.Signals)
	return r
}

// steps resolves a pattern's events to indexes; ok is false when one is
// not tracked.
func (c *cohort) steps(p Pattern) ([]cstep, bool) {
	out := make([]cstep, len(p.Steps))
	for i, s := range p.Steps {
		e := slices.Index(c.t.Events, s.Event)
		if e < 0 {
			return nil, false
		}
		out[i] = cstep{uint16(e), max(s.Count, 1)}
	}
	return out, true
}

// matches reports per user whether the pattern matches (and when it
// completed); eligible is false for users without its start event.
func (c *cohort) matches(p Pattern) (matched []bool, done []int64, eligible []bool) {
	n := c.t.Len()
	matched, done, eligible = make([]bool, n), make([]int64, n), make([]bool, n)
	steps, known := c.steps(p)
	for u := range n {
		o, ok := c.origin(u, p.Start)
		if !ok || (c.macroAt[u] != NoTime && c.macroAt[u] < o) {
			continue
		}
		eligible[u] = true
		if !known {
			continue
		}
		ev, ts := c.view(u, o)
		if _, d, ok := match(ev, ts, 0, steps); ok && (p.Within <= 0 || d-o <= p.Within.Microseconds()) {
			matched[u], done[u] = true, d
		}
	}
	return matched, done, eligible
}

// openMatch is a user who matches a pattern and has not converted: when
// the match completed.
type openMatch struct {
	user int32
	at   int64
}

// evaluate measures a pattern's lift, coverage and velocity, and returns
// the users it matches who have not converted (see signals).
func (c *cohort) evaluate(p Pattern) (Finding, []openMatch) {
	matched, done, eligible := c.matches(p)
	var open []openMatch
	for u, m := range matched {
		if m && c.macroAt[u] == NoTime {
			open = append(open, openMatch{int32(u), done[u]})
		}
	}
	f := Finding{Pattern: p, Text: p.String()}
	var n, conv int64
	for u := range matched {
		if !eligible[u] {
			f.LeftOut++
			continue
		}
		n++
		isConv := c.macroAt[u] != NoTime
		if isConv {
			conv++
		}
		if matched[u] {
			f.Users++
			if isConv {
				f.Converters++
			}
		}
	}
	n0, c0 := n-f.Users, conv-f.Converters
	if f.Users > 0 {
		f.RateWith = float64(f.Converters) / float64(f.Users)
	}
	if n0 > 0 {
		f.RateWithout = float64(c0) / float64(n0)
	}
	if conv > 0 {
		f.Coverage = float64(f.Converters) / float64(conv)
	}
	if l, lo, hi, ok := riskRatio(f.Converters, f.Users, c0, n0); ok {
		f.Lift, f.LiftLow, f.LiftHigh = &l, &lo, &hi
	}
	f.Summary = f.summary()
	f.Velocity = c.compare(p.Start, matched, eligible)
	return f, open
}

// stageTimes returns, for user u from origin o, the seconds to each stage
// (then to the macro-conversion); -1 where not reached.
func (c *cohort) stageTimes(u int, o int64, out []int64) {
	for k := range out {
		out[k] = -1
	}
	ev, ts := c.t.User(u)
	i, _ := slices.BinarySearch(ts, o)
	for j := i; j < len(ev); j++ {
		for _, k := range c.stageOf[ev[j]] {
			if out[k] < 0 {
				out[k] = (ts[j] - o) / 1_000_000
			}
		}
	}
	if m := c.macroAt[u]; m != NoTime && m >= o {
		out[len(out)-1] = (m - o) / 1_000_000
	}
}

// compare times every stage for the users a pattern matches and the rest.
func (c *cohort) compare(start string, matched, eligible []bool) []VelocityDiff {
	k := len(c.cfg.Stages) + 1
	if start == "" { // every user is eligible and timed from the first event
		out := make([]VelocityDiff, k)
		for i := range k {
			w, wo := c.splitQuartiles(i, matched)
			out[i] = VelocityDiff{Stage: c.stageName(i), With: w, Without: wo}
			if a, b := w.Median, wo.Median; a != nil && b != nil {
				d := *b - *a
				out[i].FasterSeconds = &d
			}
		}
		return out
	}
	with, without := make([][]int64, k), make([][]int64, k)
	st := make([]int64, k)
	for u := range matched {
		if !eligible[u] {
			continue
		}
		o, _ := c.origin(u, start)
		c.stageTimes(u, o, st)
		for i, s := range st {
			if s < 0 {
				continue
			}
			if matched[u] {
				with[i] = append(with[i], s)
			} else {
				without[i] = append(without[i], s)
			}
		}
	}
	out := make([]VelocityDiff, k)
	for i := range k {
		out[i] = VelocityDiff{Stage: c.stageName(i), With: quartilesOf(with[i]), Without: quartilesOf(without[i])}
		if a, b := out[i].With.Median, out[i].Without.Median; a != nil && b != nil {
			d := *b - *a
			out[i].FasterSeconds = &d
		}
	}
	return out
}

func (c *cohort) stageName(i int) string {
	if i < len(c.cfg.Stages) {
		return c.cfg.Stages[i].Name
	}
	return MacroStage
}

// velocity times every stage over all users, from their first event.
func (c *cohort) velocity() []StageTime {
	k := len(c.cfg.Stages) + 1
	out := make([]StageTime, k)
	for i := range k {
		// The times of every user who reached the stage, sorted already.
		out[i] = StageTime{Stage: c.stageName(i), Time: quartilesOf(c.firstSorted[i])}
	}
	return out
}

// signals lists the users who match a pattern whose lift interval lies
// above 1 and have not converted, each with the pattern of the highest
// conversion rate it matches (the earlier pattern on a tie). open[i] are
// the users pattern fs[i] matches who have not converted.
func (c *cohort) signals(fs []Finding, open [][]openMatch) []Signal {
	best := make([]int32, c.t.Len()) // per user: 1 + the index in fs of its best pattern, 0 for none
	done := make([]int64, c.t.Len())
	for i := range fs {
		f := &fs[i]
		if f.LiftLow == nil || *f.LiftLow <= 1 {
			continue
		}
		for _, m := range open[i] {
			if b := best[m.user]; b > 0 && fs[b-1].RateWith >= f.RateWith {
				continue
			}
			best[m.user], done[m.user] = int32(i+1), m.at
		}
	}
	var out []Signal
	for u, b := range best {
		if b > 0 {
			f := &fs[b-1]
			out = append(out, Signal{UserID: c.t.ID(u), Score: f.RateWith, Pattern: f.Text, Lift: *f.Lift, MatchedAt: done[u]})
		}
	}
	slices.SortFunc(out, func(a, b Signal) int {
		if x := cmp.Compare(b.Score, a.Score); x != 0 {
			return x
		}
		return cmp.Compare(a.UserID, b.UserID)
	})
	return out
}

// eachParallel calls f(0) to f(n-1), at most one call per CPU at a time,
// and returns when all have returned.
func eachParallel(n int, f func(i int)) {
	workers := min(n, runtime.GOMAXPROCS(0))
	if workers <= 1 {
		for i := range n {
			f(i)
		}
		return
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for i := int(next.Add(1)) - 1; i < n; i = int(next.Add(1)) - 1 {
				f(i)
			}
		})
	}
	wg.Wait()
}

// Days is a duration of n days.
func Days(n int) time.Duration { return time.Duration(n) * 24 * time.Hour }

// bit is an event's bit in a user's mask; events past the 64th share the
// top bit, which only weakens the filter.
func bit(e uint16) uint64 { return 1 << min(e, 63) }
