package benchmark

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/tagspec/tagspec/momentum"
)

// Report is the result of a benchmark: one model that every printer
// (text, JSON, CSV, HTML) renders.
type Report struct {
	Spec   string   `json:"spec"`
	Source string   `json:"source"` // "export", "bigquery" or "report-csv"
	Inputs []string `json:"inputs"`
	// From and To are the first and last day (YYYY-MM-DD) with rows in
	// the data read, inside the requested date range; the requested range
	// when the data has no valid day.
	From     string   `json:"from,omitempty"`
	To       string   `json:"to,omitempty"`
	Rows     int64    `json:"rows"`
	Sessions int64    `json:"sessions"`
	Users    int64    `json:"users"`
	Rates    []Rate   `json:"rates"`
	Funnels  []Funnel `json:"funnels"`
	Weights  []Weight `json:"weights"`
	// Model is the predictive weight of each micro-conversion with the
	// others held fixed; nil when the spec has no macro-conversion or the
	// source cannot give per-user data.
	Model *Model `json:"model,omitempty"`
	// Momentum holds the sequences of micro-conversions that precede the
	// macro-conversion (mined and declared), velocities and the count of
	// early signals; nil without a macro-conversion or user timelines (a
	// report CSV).
	Momentum *momentum.Result `json:"momentum,omitempty"`
	// Comparison is present with Options.Compare.
	Comparison *Comparison `json:"comparison,omitempty"`
	Problems   []Problem   `json:"problems"`
}

// Rate is one spec event's observed rate against its industry range.
type Rate struct {
	Event       string  `json:"event"`
	Definition  string  `json:"definition"`
	Unit        Unit    `json:"unit"`
	Numerator   int64   `json:"numerator"`
	Denominator int64   `json:"denominator"`
	Rate        float64 `json:"rate"`
	CILow       float64 `json:"ci_low"`
	CIHigh      float64 `json:"ci_high"`
	// Verdict places the interval against the range (one of the Verdict
	// constants); VerdictReason says why in words, e.g. "the 95% interval
	// 1.20%-4.80% straddles the range's lower bound 2%".
	Verdict       string `json:"verdict"`
	VerdictReason string `json:"verdict_reason"`
	Range         *Range `json:"range"`
	// Collection says where the numerator's events come from:
	// CollectionSpec or CollectionEnhanced (GA4's own collection, which a
	// spec event of the same name competes with).
	Collection string `json:"collection"`
}

// Funnel variants.
const (
	FunnelOpen    = "open"    // each step counts sessions having it and every earlier step, in any order
	FunnelOrdered = "ordered" // first occurrences of the steps must be in order
)

// Funnel is one spec funnel in one variant.
type Funnel struct {
	Name     string       `json:"name"`
	Variant  string       `json:"variant"`
	Unit     Unit         `json:"unit"`
	Sessions int64        `json:"sessions"` // all sessions, the funnel's entry base
	Steps    []FunnelStep `json:"steps"`
	// BiggestLeak is the step transition with the largest drop-off rate
	// (after the first step); nil with fewer than two steps, no data or no
	// loss.
	BiggestLeak *Leak `json:"biggest_leak"`
}

// FunnelStep is one step of a funnel.
type FunnelStep struct {
	Event      string  `json:"event"`
	Sessions   int64   `json:"sessions"`   // sessions reaching this step
	Conversion float64 `json:"conversion"` // share of the previous step (of all sessions for the first)
	DropOff    float64 `json:"drop_off"`   // 1 - Conversion
}

// Leak is the funnel transition that loses the largest share.
type Leak struct {
	From    string  `json:"from"`
	To      string  `json:"to"`
	Lost    int64   `json:"lost"`
	DropOff float64 `json:"drop_off"`
}

// Weight is the predictive weight of one micro-conversion: how much more
// often sessions (or users) with it reach a macro-conversion.
type Weight struct {
	Rank         int      `json:"rank"` // 1 = strongest lift, per unit
	Micro        string   `json:"micro"`
	Macro        string   `json:"macro"`
	Unit         Unit     `json:"unit"`
	With         int64    `json:"with"`
	WithMacro    int64    `json:"with_macro"`
	Without      int64    `json:"without"`
	WithoutMacro int64    `json:"without_macro"`
	RateWith     float64  `json:"rate_with"`
	RateWithout  float64  `json:"rate_without"`
	Lift         *float64 `json:"lift"` // RateWith / RateWithout; nil when undefined
	LiftLow      *float64 `json:"lift_ci_low"`
	LiftHigh     *float64 `json:"lift_ci_high"`
	// Preceded counts units whose first micro-conversion came no later
	// than their first macro-conversion.
	Preceded int64 `json:"preceded"`
	// MedianSecondsToMacro is the lower median time from the first micro-
	// to the first macro-conversion over Preceded units.
	MedianSecondsToMacro *int64 `json:"median_seconds_to_macro"`
}

// Build turns counter values into a Report. source and inputs describe
// where the data came from.
func (p *Plan) Build(c *Counts, source string, inputs []string, opts Options) (*Report, error) {
	if len(c.Values) != len(p.Counters) || len(c.Medians) != len(p.Durations) {
		return nil, fmt.Errorf("benchmark: %d counter values and %d medians for a plan of %d counters and %d durations",
			len(c.Values), len(c.Medians), len(p.Counters), len(p.Durations))
	}
	r := &Report{
		Spec: p.SpecName, Source: source, Inputs: inputs, From: isoOrEmpty(opts.From), To: isoOrEmpty(opts.To),
		Rows: c.RowsUsed, Rates: []Rate{}, Funnels: []Funnel{}, Weights: []Weight{},
	}
	if c.First != "" {
		// The range the data covers, which is what the rates describe;
		// --from and --to only bound it.
		r.From, r.To = isoDay(c.First), isoDay(c.Last)
	}
	r.Sessions = c.Values[p.allSessions]
	r.Users = c.Values[p.allUsers]
	for _, rp := range p.rates {
		num, den := c.Values[rp.num], c.Values[rp.den]
		lo, hi := Wilson(num, den)
		rate := Rate{Event: rp.event, Definition: rp.definition, Unit: rp.unit, Numerator: num, Denominator: den,
			CILow: lo, CIHigh: hi, Range: rp.rng, Collection: rp.collection}
		if den > 0 {
			rate.Rate = float64(num) / float64(den)
		}
		rate.Verdict, rate.VerdictReason = Verdict(rp.rng, num, den, lo, hi)
		r.Rates = append(r.Rates, rate)
	}
	for _, fp := range p.funnels {
		all := c.Values[fp.all]
		for _, variant := range []string{FunnelOpen, FunnelOrdered} {
			idx := fp.open
			if variant == FunnelOrdered {
				idx = fp.ordered
			}
			f := Funnel{Name: fp.name, Variant: variant, Unit: UnitSessions, Sessions: all}
			prev := all
			for k, step := range fp.steps {
				n := c.Values[idx[k]]
				fs := FunnelStep{Event: step, Sessions: n}
				if prev > 0 {
					fs.Conversion = float64(n) / float64(prev)
					fs.DropOff = 1 - fs.Conversion
				}
				if k > 0 && prev > 0 && fs.DropOff > 0 && (f.BiggestLeak == nil || fs.DropOff > f.BiggestLeak.DropOff) {
					f.BiggestLeak = &Leak{From: fp.steps[k-1], To: step, Lost: prev - n, DropOff: fs.DropOff}
				}
				f.Steps = append(f.Steps, fs)
				prev = n
			}
			r.Funnels = append(r.Funnels, f)
		}
	}
	macro := strings.Join(p.macroNames, " or ")
	for _, wp := range p.weights {
		all, allMacro := c.Values[wp.all], c.Values[wp.allMacro]
		w := Weight{Micro: wp.micro, Macro: macro, Unit: wp.unit,
			With: c.Values[wp.with], WithMacro: c.Values[wp.withMacro], Preceded: c.Values[wp.preceded],
			MedianSecondsToMacro: c.Medians[wp.duration]}
		w.Without, w.WithoutMacro = all-w.With, allMacro-w.WithMacro
		if w.With > 0 {
			w.RateWith = float64(w.WithMacro) / float64(w.With)
		}
		if w.Without > 0 {
			w.RateWithout = float64(w.WithoutMacro) / float64(w.Without)
		}
		if ratio, lo, hi, ok := RiskRatio(w.WithMacro, w.With, w.WithoutMacro, w.Without); ok {
			w.Lift, w.LiftLow, w.LiftHigh = &ratio, &lo, &hi
		}
		r.Weights = append(r.Weights, w)
	}
	rankWeights(r.Weights)
	r.Model = p.buildModel(c.Patterns, r.Weights)
	if opts.Compare != nil && c.Groups != nil {
		co := *opts.Compare
		if err := co.Check(); err != nil {
			return nil, err
		}
		cmp, err := p.buildComparison(c.Groups, co)
		if err != nil {
			return nil, err
		}
		r.Comparison = cmp
	}
	r.Momentum = c.Momentum
	r.Problems = append(append([]Problem{}, p.problems...), c.Problems...)
	return r, nil
}

// rankWeights orders weights by unit (sessions first), then by lift
// (strongest first, undefined last), then by name, and numbers them.
func rankWeights(ws []Weight) {
	unitOrder := func(u Unit) int {
		if u == UnitSessions {
			return 0
		}
		return 1
	}
	slices.SortStableFunc(ws, func(a, b Weight) int {
		if c := cmp.Compare(unitOrder(a.Unit), unitOrder(b.Unit)); c != 0 {
			return c
		}
		switch {
		case a.Lift != nil && b.Lift == nil:
			return -1
		case a.Lift == nil && b.Lift != nil:
			return 1
		case a.Lift != nil && b.Lift != nil && *a.Lift != *b.Lift:
			return cmp.Compare(*b.Lift, *a.Lift)
		}
		return cmp.Compare(a.Micro, b.Micro)
	})
	rank := 0
	for i := range ws {
		if i == 0 || ws[i].Unit != ws[i-1].Unit {
			rank = 0
		}
		rank++
		ws[i].Rank = rank
	}
}

func isoOrEmpty(d string) string {
	if d == "" {
		return ""
	}
	return isoDay(d)
}
