package benchmark

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/tagspec/tagspec/spec"
)

// Condition is what a session or user must satisfy to be counted: have
// every Has event, none of the Not events, and the Ordered events with
// their first occurrences in that order (ties count as in order).
type Condition struct {
	Has     []string
	Not     []string
	Ordered []string
}

// Counter is one number the Plan needs from the data: how many sessions
// (or users) satisfy a Condition. The local Accumulator and the BigQuery
// SQL both evaluate exactly these counters.
type Counter struct {
	Unit Unit // UnitSessions or UnitUsers
	Cond Condition

	has, not, ordered []int // slot indexes
}

// Duration is a median the Plan needs: over the sessions (or users) that
// have both events with the first From no later than the first To, the
// lower median of the whole seconds between them.
type Duration struct {
	Unit     Unit
	From, To string

	from, to int
}

// AnyMacro is the slot name that stands for "any macro-conversion of the
// spec" in counters and durations.
const AnyMacro = "(any macro-conversion)"

// Plan is the single definition of every metric a benchmark reports for a
// spec: its counters and durations, and how rates, funnels and weights are
// read from them. Build one with NewPlan; evaluate it locally with
// NewAccumulator or in BigQuery with SQL.
type Plan struct {
	SpecName              string
	Counters              []Counter
	Durations             []Duration
	slots                 []string // tracked event names; AnyMacro last when the spec has macros
	slotIndex             map[string]int
	macroSlot             int
	macroNames            []string
	specEvents            []string // spec event names in file order
	rates                 []ratePlan
	funnels               []funnelPlan
	weights               []weightPlan
	problems              []Problem
	counterKey            map[string]int
	allSessions, allUsers int
	momentum              *momentumPlan // nil without a macro-conversion
}

type ratePlan struct {
	collection string
	event      string
	pos        spec.Pos
	rng        *Range
	rangeKey   string
	unit       Unit // as shown: sessions, users or viewers
	base       string
	definition string
	num, den   int
}

type funnelPlan struct {
	name    string
	steps   []string
	all     int
	open    []int
	ordered []int
}

type weightPlan struct {
	unit      Unit
	micro     string
	all       int
	allMacro  int
	with      int
	withMacro int
	preceded  int
	duration  int
}

// NewPlan builds the benchmark plan of a spec with the given ranges
// (BuiltinRanges when nil). Spec events whose benchmark key names no range
// are reported as problems in the final Report, not as errors.
func NewPlan(s *spec.Spec, ranges *Ranges) *Plan {
	if ranges == nil {
		ranges = BuiltinRanges()
	}
	p := &Plan{SpecName: s.Name, slotIndex: map[string]int{}, counterKey: map[string]int{}, macroSlot: -1}
	for i := range s.Events {
		ev := &s.Events[i]
		p.specEvents = append(p.specEvents, ev.Name)
		p.slot(ev.Name)
		if ev.IsMacro() {
			p.macroNames = append(p.macroNames, ev.Name)
		}
	}
	p.momentum = newMomentumPlan(s, p.macroNames)
	p.allSessions = p.counter(UnitSessions, Condition{})
	p.allUsers = p.counter(UnitUsers, Condition{})
	// Rates.
	for i := range s.Events {
		ev := &s.Events[i]
		rp := ratePlan{event: ev.Name, pos: ev.Pos, rangeKey: ev.Benchmark, unit: UnitSessions, collection: collectionOf(ev.Name)}
		if ev.Trigger.Kind == spec.TriggerVideo {
			rp.unit, rp.base = UnitViewers, viewerBase
		}
		if ev.Benchmark != "" {
			if r, ok := ranges.Lookup(ev.Benchmark); ok {
				rp.rng = r
				rp.unit, rp.base = r.Unit, r.Base
			} else {
				p.problems = append(p.problems, NewProblem(ProblemFields{
					Rule: RuleUnknownRange, Event: ev.Name,
					Message: fmt.Sprintf("%s: event %q names benchmark %q, which is neither built in nor in a --ranges file", ev.Pos, ev.Name, ev.Benchmark),
				}))
			}
		}
		countUnit := rp.unit
		if countUnit == UnitViewers {
			countUnit = UnitUsers
			if rp.base == "" {
				rp.base = viewerBase
			}
		}
		if rp.base == ev.Name {
			rp.base = ""
		}
		var baseHas []string
		if rp.base != "" {
			baseHas = []string{rp.base}
		}
		rp.den = p.counter(countUnit, Condition{Has: baseHas})
		rp.num = p.counter(countUnit, Condition{Has: append([]string{ev.Name}, baseHas...)})
		rp.definition = definitionText(rp.unit, ev.Name, rp.base)
		p.rates = append(p.rates, rp)
	}
	// Funnels: open and ordered variants, session-based.
	for _, f := range s.Funnels {
		fp := funnelPlan{name: f.Name, steps: f.Steps, all: p.counter(UnitSessions, Condition{})}
		for k := range f.Steps {
			fp.open = append(fp.open, p.counter(UnitSessions, Condition{Has: f.Steps[:k+1]}))
			fp.ordered = append(fp.ordered, p.counter(UnitSessions, Condition{Ordered: f.Steps[:k+1]}))
		}
		p.funnels = append(p.funnels, fp)
	}
	// Predictive weights of every micro-conversion against any macro.
	if len(p.macroNames) > 0 {
		p.macroSlot = p.slot(AnyMacro)
		for _, unit := range []Unit{UnitSessions, UnitUsers} {
			for i := range s.Events {
				ev := &s.Events[i]
				if ev.IsMacro() {
					continue
				}
				p.weights = append(p.weights, weightPlan{
					unit:      unit,
					micro:     ev.Name,
					all:       p.counter(unit, Condition{}),
					allMacro:  p.counter(unit, Condition{Has: []string{AnyMacro}}),
					with:      p.counter(unit, Condition{Has: []string{ev.Name}}),
					withMacro: p.counter(unit, Condition{Has: []string{ev.Name, AnyMacro}}),
					preceded:  p.counter(unit, Condition{Ordered: []string{ev.Name, AnyMacro}}),
					duration:  p.duration(unit, ev.Name, AnyMacro),
				})
			}
		}
	}
	return p
}

// Where the events of a rate come from.
const (
	CollectionSpec     = "spec event"           // the spec's own event, sent by its GTM tag
	CollectionEnhanced = "enhanced measurement" // a name GA4 collects by itself
)

// enhancedNames are the event names GA4 collects automatically or through
// enhanced measurement on web streams.
var enhancedNames = []string{
	"click", "file_download", "first_visit", "form_start", "form_submit", "page_view", "scroll",
	"session_start", "user_engagement", "video_complete", "video_progress", "video_start", "view_search_results",
}

// collectionOf says whether an event name is one GA4 collects by itself:
// a rate on such a name measures GA4's own collection, not the spec's tag.
func collectionOf(name string) string {
	for _, n := range enhancedNames {
		if n == name {
			return CollectionEnhanced
		}
	}
	return CollectionSpec
}

// definitionText describes a rate's definition in words.
func definitionText(unit Unit, event, base string) string {
	switch {
	case unit == UnitViewers:
		return fmt.Sprintf("viewers with %s / viewers (users with %s)", event, base)
	case base != "":
		return fmt.Sprintf("%s with %s and %s / %s with %s", unit, base, event, unit, base)
	}
	return fmt.Sprintf("%s with %s / %s", unit, event, unit)
}

// slot returns the slot of an event name, adding it when new.
func (p *Plan) slot(name string) int {
	if i, ok := p.slotIndex[name]; ok {
		return i
	}
	p.slots = append(p.slots, name)
	p.slotIndex[name] = len(p.slots) - 1
	return len(p.slots) - 1
}

func (p *Plan) slotsOf(names []string) []int {
	var out []int
	for _, n := range names {
		out = append(out, p.slot(n))
	}
	return out
}

// counter returns the index of the counter, adding it when new.
func (p *Plan) counter(unit Unit, c Condition) int {
	if len(c.Ordered) == 1 { // one event is always in order
		c.Has, c.Ordered = append(append([]string(nil), c.Has...), c.Ordered...), nil
	}
	key := string(unit) + "|" + strings.Join(c.Has, ",") + "|" + strings.Join(c.Not, ",") + "|" + strings.Join(c.Ordered, ",")
	if i, ok := p.counterKey[key]; ok {
		return i
	}
	p.Counters = append(p.Counters, Counter{
		Unit: unit, Cond: c,
		has: p.slotsOf(c.Has), not: p.slotsOf(c.Not), ordered: p.slotsOf(c.Ordered),
	})
	p.counterKey[key] = len(p.Counters) - 1
	return len(p.Counters) - 1
}

func (p *Plan) duration(unit Unit, from, to string) int {
	p.Durations = append(p.Durations, Duration{Unit: unit, From: from, To: to, from: p.slot(from), to: p.slot(to)})
	return len(p.Durations) - 1
}

// absent marks an event that a session or user does not have.
const absent = int64(-1 << 63)

// eval reports whether first-occurrence timestamps ts satisfy the counter.
func (c *Counter) eval(ts []int64) bool {
	for _, i := range c.has {
		if ts[i] == absent {
			return false
		}
	}
	for _, i := range c.not {
		if ts[i] != absent {
			return false
		}
	}
	prev := absent
	for _, i := range c.ordered {
		if ts[i] == absent || ts[i] < prev {
			return false
		}
		prev = ts[i]
	}
	return true
}

// String describes the counter, e.g. "sessions with pricing_view then demo_request".
func (c *Counter) String() string {
	var parts []string
	if len(c.Cond.Has) > 0 {
		parts = append(parts, "with "+strings.Join(c.Cond.Has, " and "))
	}
	if len(c.Cond.Not) > 0 {
		parts = append(parts, "without "+strings.Join(c.Cond.Not, " or "))
	}
	if len(c.Cond.Ordered) > 0 {
		parts = append(parts, "with "+strings.Join(c.Cond.Ordered, " then "))
	}
	if len(parts) == 0 {
		return "all " + string(c.Unit)
	}
	return string(c.Unit) + " " + strings.Join(parts, ", ")
}

// sqlString quotes s as a BigQuery string literal.
func sqlString(s string) string {
	return strconv.Quote(s)
}
