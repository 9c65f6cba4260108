package benchmark

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/tagspec/tagspec/experiment"
)

// UserPattern is how many users did exactly one set of micro-conversions,
// and how many of them reached a macro-conversion. Micro holds one bit per
// micro-conversion of the plan (ModelMicros, bit i for the i-th). The
// patterns are all the predictive model needs: it costs the number of
// distinct sets, not the number of users.
type UserPattern struct {
	Micro     uint64
	Users     int64
	Converted int64
}

// maxModelMicros is how many micro-conversions the model and the
// comparison track per user: one bit each in a uint64.
const maxModelMicros = 64

// modelLambda is the L2 penalty of the predictive model: enough to keep a
// micro-conversion that every one of its users converted after finite,
// negligible next to the information of a few hundred users.
const modelLambda = 1.0

// ModelMicros returns the micro-conversions of the predictive model, in
// spec order: the spec events that are not macro-conversions, at most
// maxModelMicros of them.
func (p *Plan) ModelMicros() []string {
	var out []string
	for _, name := range p.specEvents {
		if slices.Contains(p.macroNames, name) {
			continue
		}
		if len(out) == maxModelMicros {
			break
		}
		out = append(out, name)
	}
	return out
}

// patternTally counts users per set of micro-conversions, for
// shards and timelinePatterns.
type patternTally map[uint64]*[2]int64 // bits -> users, converted

func (pt *patternTally) add(bits uint64, users, converted int64) {
	if *pt == nil {
		*pt = patternTally{}
	}
	t := (*pt)[bits]
	if t == nil {
		t = &[2]int64{}
		(*pt)[bits] = t
	}
	t[0] += users
	t[1] += converted
}

// patterns returns the counts sorted by set.
func (pt patternTally) patterns() []UserPattern {
	out := make([]UserPattern, 0, len(pt))
	for bits, t := range pt {
		out = append(out, UserPattern{Micro: bits, Users: t[0], Converted: t[1]})
	}
	slices.SortFunc(out, func(x, y UserPattern) int { return cmp.Compare(x.Micro, y.Micro) })
	return out
}

// Model is the predictive weight of each micro-conversion that accounts
// for the others: a logistic regression of "the user reached a
// macro-conversion" on which micro-conversions the user did. Unlike the
// lift of each micro-conversion on its own, a micro-conversion that only
// travels with a strong one gets little weight here.
type Model struct {
	Macro     string `json:"macro"`
	Unit      Unit   `json:"unit"` // users
	Users     int64  `json:"users"`
	Converted int64  `json:"converted"`
	// Lambda is the L2 penalty on the log-odds weights.
	Lambda     float64 `json:"lambda"`
	Iterations int     `json:"iterations"`
	// BaseOdds is the odds of converting for a user with none of the
	// micro-conversions.
	BaseOdds float64       `json:"base_odds"`
	Weights  []ModelWeight `json:"weights"`
	// NoUsers are the micro-conversions no user did: they have no weight
	// and are left out of the fit.
	NoUsers []string `json:"no_users,omitempty"`
	// Note says why there is no model (no users, a fit that failed).
	Note string `json:"note,omitempty"`
}

// ModelWeight is one micro-conversion's weight in the Model.
type ModelWeight struct {
	// Rank orders what to optimise: by the lower end of the odds ratio's
	// interval, the weight the data vouches for (1 = strongest).
	Rank  int    `json:"rank"`
	Micro string `json:"micro"`
	Users int64  `json:"users"` // users who did it
	// OddsRatio is how the odds of converting change with the
	// micro-conversion, the others held fixed, with its 95% interval.
	OddsRatio float64 `json:"odds_ratio"`
	ORLow     float64 `json:"or_ci_low"`
	ORHigh    float64 `json:"or_ci_high"`
	Beta      float64 `json:"beta"`
	SE        float64 `json:"se"`
	// Lift is today's lift over users (rate with / rate without), beside
	// the weight; nil when undefined.
	Lift     *float64 `json:"lift"`
	LiftLow  *float64 `json:"lift_ci_low"`
	LiftHigh *float64 `json:"lift_ci_high"`
	// Effect is "positive", "negative" or "unclear" (the interval
	// holds 1).
	Effect string `json:"effect"`
}

// Effects of a model weight.
const (
	EffectPositive = "positive"
	EffectNegative = "negative"
	EffectUnclear  = "unclear"
)

// buildModel fits the predictive model to the user patterns; lifts are
// the report's user weights, shown beside it.
func (p *Plan) buildModel(patterns []UserPattern, lifts []Weight) *Model {
	if p.macroSlot < 0 || patterns == nil {
		return nil
	}
	micros := p.ModelMicros()
	m := &Model{Macro: strings.Join(p.macroNames, " or "), Unit: UnitUsers, Lambda: modelLambda, Weights: []ModelWeight{}}
	groups := make([]experiment.Group, 0, len(patterns))
	with := make([]int64, len(micros))
	for _, pt := range patterns {
		m.Users += pt.Users
		m.Converted += pt.Converted
		x := make([]float64, len(micros))
		for i := range micros {
			if pt.Micro&(1<<i) != 0 {
				x[i] = 1
				with[i] += pt.Users
			}
		}
		groups = append(groups, experiment.Group{X: x, N: float64(pt.Users), Y: float64(pt.Converted)})
	}
	if m.Users == 0 {
		m.Note = "no users to fit the model to"
		return m
	}
	// Micro-conversions nobody did carry no information: leave them out.
	var kept []int
	for i, name := range micros {
		if with[i] == 0 {
			m.NoUsers = append(m.NoUsers, name)
		} else {
			kept = append(kept, i)
		}
	}
	for gi := range groups {
		x := make([]float64, len(kept))
		for j, i := range kept {
			x[j] = groups[gi].X[i]
		}
		groups[gi].X = x
	}
	fit, err := experiment.Logistic(groups, len(kept), modelLambda)
	if err != nil {
		m.Note = fmt.Sprintf("the model could not be fitted: %v", err)
		return m
	}
	m.Iterations = fit.Iterations
	m.BaseOdds = fit.Intercept.OddsRatio
	for j, i := range kept {
		name := micros[i]
		c := fit.Coefs[j]
		w := ModelWeight{Micro: name, Users: with[i], OddsRatio: c.OddsRatio, ORLow: c.ORLow, ORHigh: c.ORHigh, Beta: c.Beta, SE: c.SE, Effect: EffectUnclear}
		switch {
		case c.ORLow > 1:
			w.Effect = EffectPositive
		case c.ORHigh < 1:
			w.Effect = EffectNegative
		}
		for _, l := range lifts {
			if l.Unit == UnitUsers && l.Micro == name {
				w.Lift, w.LiftLow, w.LiftHigh = l.Lift, l.LiftLow, l.LiftHigh
			}
		}
		m.Weights = append(m.Weights, w)
	}
	slices.SortStableFunc(m.Weights, func(a, b ModelWeight) int {
		if c := cmp.Compare(b.ORLow, a.ORLow); c != 0 {
			return c
		}
		if c := cmp.Compare(b.OddsRatio, a.OddsRatio); c != 0 {
			return c
		}
		return cmp.Compare(a.Micro, b.Micro)
	})
	for i := range m.Weights {
		m.Weights[i].Rank = i + 1
	}
	return m
}

// orText prints an odds ratio with its interval.
func orText(w ModelWeight) string {
	return fmt.Sprintf("%.2fx [%.2f-%.2f]", w.OddsRatio, w.ORLow, w.ORHigh)
}

// optLiftText prints a lift with its interval, "-" when undefined.
func optLiftText(lift, lo, hi *float64) string {
	if lift == nil || math.IsNaN(*lift) {
		return "-"
	}
	return fmt.Sprintf("%.2fx [%.2f-%.2f]", *lift, *lo, *hi)
}
