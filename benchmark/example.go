package benchmark

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"slices"
	"time"

	"github.com/tagspec/tagspec/ga4export"
	"github.com/tagspec/tagspec/spec"
)

// ExampleOptions shape the example data ExampleExport generates.
type ExampleOptions struct {
	Days  int       // days of data; 14 when zero
	Users int       // users who may visit each day; 150 when zero
	Seed  uint64    // PRNG seed; the same seed gives byte-identical data
	Start time.Time // first day (UTC); 2025-03-01 when zero
}

func (o ExampleOptions) withDefaults() ExampleOptions {
	if o.Days <= 0 {
		o.Days = 14
	}
	if o.Users <= 0 {
		o.Users = 150
	}
	if o.Start.IsZero() {
		o.Start = time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC)
	}
	return o
}

// ExampleExport writes a small, deterministic GA4 BigQuery export (NDJSON,
// days in order) whose events are the given spec's events, for demos and
// documentation: `tagspec demo` benchmarks a starter spec against it.
// Sessions walk the spec's funnels step by step and drop out along the
// way; other micro-conversions happen at rates near the middle of their
// industry range; base events (video_start, begin_checkout, form_start)
// precede the events measured against them; and macro-conversions are more
// likely after micro-conversions, so funnels and weights have something to
// show.
// It is example data, not a model of any real site.
func ExampleExport(ctx context.Context, w io.Writer, s *spec.Spec, opts ExampleOptions) error {
	jw := ga4export.NewJSONWriter(w)
	if err := exampleEvents(ctx, s, BuiltinRanges(), opts, jw.Write); err != nil {
		return err
	}
	return jw.Flush()
}

// ExampleReport benchmarks the spec against ExampleExport's data without
// writing it anywhere.
func ExampleReport(ctx context.Context, s *spec.Spec, ranges *Ranges, opts ExampleOptions) (*Report, error) {
	if ranges == nil {
		ranges = BuiltinRanges()
	}
	p := NewPlan(s, ranges)
	acc := p.NewAccumulator(Options{})
	if err := exampleEvents(ctx, s, ranges, opts, func(ev *ga4export.Event) error {
		acc.Add(ev)
		return nil
	}); err != nil {
		return nil, err
	}
	return p.Build(acc.Counts(), "example", []string{"example data (generated)"}, Options{})
}

// ExampleEvents generates the rows ExampleExport writes and hands them to
// emit one at a time, oldest day first (the Event is reused: copy what you
// keep). The throughput benchmark uses it to write large exports.
func ExampleEvents(ctx context.Context, s *spec.Spec, ranges *Ranges, opts ExampleOptions, emit func(*ga4export.Event) error) error {
	if ranges == nil {
		ranges = BuiltinRanges()
	}
	return exampleEvents(ctx, s, ranges, opts, emit)
}

// The example data's plant: the share of users who do the spec's first
// declared pattern, and their chance of converting in each session from the
// one they did it in.
const (
	examplePlantShare   = 0.2
	examplePlantConvert = 0.35
)

// exampleEvents generates the example rows and hands them to emit, day by
// day.
func exampleEvents(ctx context.Context, s *spec.Spec, ranges *Ranges, opts ExampleOptions, emit func(*ga4export.Event) error) error {
	opts = opts.withDefaults()
	r := rand.New(rand.NewPCG(opts.Seed, opts.Seed^0x5851f42d4c957f2d))
	type evPlan struct {
		name  string
		macro bool
		prob  float64
		base  string
		video bool
	}
	var plans []evPlan
	for i := range s.Events {
		ev := &s.Events[i]
		ep := evPlan{name: ev.Name, macro: ev.IsMacro(), prob: 0.04, video: ev.Trigger.Kind == spec.TriggerVideo}
		if ev.IsMacro() {
			ep.prob = 0.01
		}
		if rg, ok := ranges.Lookup(ev.Benchmark); ok {
			ep.prob = (rg.Low + rg.High) / 2
			ep.base = rg.Base
		}
		if ep.video && ep.base == "" {
			ep.base = viewerBase
		}
		if ep.base == ev.Name {
			ep.base = ""
		}
		plans = append(plans, ep)
	}
	basesOf := map[string]string{}
	for _, ep := range plans {
		basesOf[ep.name] = ep.base
	}
	intent := make([]float64, opts.Users)
	for i := range intent {
		intent[i] = r.Float64()
	}
	// A spec that declares momentum patterns gets its first one planted:
	// a share of users do its steps in their first session and convert
	// more often, and sooner, afterwards. The plant draws from its own
	// generator, so the rest of the data is what it would be without it.
	var plant *spec.Pattern
	var plantMacro string
	planted := make([]int8, opts.Users) // 0 no, 1 yes, 2 pattern done
	pr := rand.New(rand.NewPCG(opts.Seed^0x706c616e74, opts.Seed))
	for i := range s.Patterns {
		if len(s.Patterns[i].Steps) > 0 {
			plant = &s.Patterns[i]
			break
		}
	}
	for i := range s.Events {
		if s.Events[i].IsMacro() && plantMacro == "" {
			plantMacro = s.Events[i].Name
		}
	}
	if plant != nil && plantMacro != "" {
		for u := range planted {
			if pr.Float64() < examplePlantShare {
				planted[u] = 1
			}
		}
	}
	ev := &ga4export.Event{}
	var day []ga4export.Event
	carry := map[string][]ga4export.Event{} // rows that fall on a later day
	for d := 0; d < opts.Days; d++ {
		if err := ctx.Err(); err != nil {
			return err
		}
		dayStart := opts.Start.AddDate(0, 0, d)
		date := dayStart.Format("20060102")
		day = append(day[:0], carry[date]...)
		delete(carry, date)
		for u := 0; u < opts.Users; u++ {
			if r.Float64() >= 0.3 {
				continue
			}
			user := fmt.Sprintf("%d.%d", 2000000+u*104729, 1690000000+u)
			start := dayStart.Add(time.Duration(r.IntN(86400)) * time.Second)
			sid := start.Unix()
			t := start.UnixMicro()
			addFrom := func(rng *rand.Rand, name string, extra ...ga4export.Param) {
				t += int64(5+rng.IntN(90)) * 1_000_000
				row := ga4export.Event{
					Date: time.UnixMicro(t).UTC().Format("20060102"), Timestamp: t, Name: name, UserPseudoID: user,
					SessionID: sid, HasSessionID: true,
					Params: append([]ga4export.Param{{Key: "ga_session_id", Kind: ga4export.ValueInt, Int: sid}}, extra...),
				}
				if name == "purchase" {
					row.TransactionID = fmt.Sprintf("EX-%d-%d", sid, u)
				}
				if row.Date == date {
					day = append(day, row)
				} else {
					carry[row.Date] = append(carry[row.Date], row)
				}
			}
			add := func(name string, extra ...ga4export.Param) { addFrom(r, name, extra...) }
			add("session_start")
			add("page_view", ga4export.Param{Key: "page_location", Kind: ga4export.ValueString, String: "https://www.example.com/"})
			lift := 1.0
			done := map[string]bool{}
			emitOnce := func(name string) {
				if !done[name] {
					done[name] = true
					add(name)
				}
			}
			// Funnels first: sessions walk the steps in order and drop out
			// along the way.
			for _, f := range s.Funnels {
				if r.Float64() >= 0.2*(0.5+intent[u]) {
					continue
				}
				for k, step := range f.Steps {
					if k > 0 && r.Float64() >= 0.45*(0.5+intent[u]) {
						break
					}
					if b := basesOf[step]; b != "" {
						emitOnce(b)
					}
					emitOnce(step)
					lift++
				}
			}
			for _, ep := range plans {
				if ep.macro || done[ep.name] {
					continue
				}
				if ep.base != "" {
					if r.Float64() >= 0.25+0.3*intent[u] {
						continue
					}
					emitOnce(ep.base)
				}
				if r.Float64() < ep.prob*(0.5+intent[u]) {
					emitOnce(ep.name)
					lift += 2
				}
			}
			switch planted[u] {
			case 1: // the planted pattern, in the user's first session
				for _, st := range plant.Steps {
					for range max(st.Count, 1) {
						addFrom(pr, st.Event)
					}
				}
				planted[u] = 2
				fallthrough
			case 2: // converts, often at once, more often than the rest
				if !done[plantMacro] && pr.Float64() < examplePlantConvert {
					done[plantMacro] = true
					addFrom(pr, plantMacro)
				}
			}
			for _, ep := range plans {
				if !ep.macro || done[ep.name] {
					continue
				}
				if ep.base != "" {
					if !done[ep.base] && r.Float64() >= 0.05*lift {
						continue
					}
					emitOnce(ep.base)
					if r.Float64() < ep.prob {
						emitOnce(ep.name)
					}
					continue
				}
				if r.Float64() < 0.01*lift*(0.5+intent[u]) {
					emitOnce(ep.name)
				}
			}
		}
		slices.SortStableFunc(day, func(a, b ga4export.Event) int {
			if a.Timestamp < b.Timestamp {
				return -1
			}
			if a.Timestamp > b.Timestamp {
				return 1
			}
			return 0
		})
		for i := range day {
			*ev = day[i]
			if err := emit(ev); err != nil {
				return err
			}
		}
	}
	return nil
}
