// Package momentumtest generates user journeys with a planted momentum
// pattern whose lift and velocity are known, for tests and benchmarks of
// the momentum miner and of tagspec bench.
package momentumtest

import (
	"cmp"
	"fmt"
	"math/rand/v2"
	"slices"
	"time"

	"github.com/tagspec/tagspec/momentum"
)

// Row is one generated event of one user.
type Row struct {
	User  string
	Event string
	Time  int64 // µs since the epoch
}

// Truth is what the generator planted.
type Truth struct {
	// Pattern is the planted sequence: users in the planted group do
	// it within Pattern.Within of their first visit, and nobody else
	// does.
	Pattern momentum.Pattern
	// RateWith and RateWithout are the conversion probabilities of the
	// planted group and of everybody else; Lift is their ratio.
	RateWith, RateWithout, Lift float64
	// MedianWith and MedianWithout are the population medians of the time
	// from first visit to conversion of each group's converters;
	// FasterBy is their difference.
	MedianWith, MedianWithout, FasterBy time.Duration
}

// Data is a generated set of journeys.
type Data struct {
	Rows   []Row // in time order (ties by user, then event)
	Micro  []string
	Macro  []string
	Stages []momentum.Stage
	Starts []string
	Truth  Truth
	Users  int
}

// Event names of the generated journeys.
const (
	Blog       = "blog_read"
	Newsletter = "newsletter_signup"
	Pricing    = "pricing_view"
	ROI        = "roi_calculator_engaged"
	CaseStudy  = "case_study_download"
	Webinar    = "webinar_signup"
	Demo       = "demo_request"
	FirstVisit = "first_visit"
)

// Shares of the user groups, conversion probabilities and conversion
// delays (days from first visit, uniform) the generator plants.
const (
	PlantedShare     = 0.15 // pricing_view x3 in 4 days, then roi_calculator_engaged by day 6.5
	PricingOnlyShare = 0.10 // pricing_view x3 in 5 days, never the calculator
	LateShare        = 0.10 // pricing_view x3 then the calculator, from day 10
	RateWith         = 0.45
	RateWithout      = 0.10
)

var (
	delayWith    = [2]float64{7, 11}
	delayWithout = [2]float64{12, 24}
)

// Start is the first day of generated journeys (users arrive over the
// next ten days).
var Start = time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC)

// Planted generates the journeys of users users from seed (the same seed
// gives the same rows). Each user's first row is first_visit. Besides the
// planted group, users read blog posts, sign up for the newsletter,
// download case studies, sign up for webinars, view pricing up to twice
// and use the calculator at random times over 25 days; a pricing-only
// group and a late group do parts of the pattern, or all of it too late,
// so shorter and longer variants of the pattern have a weaker lift.
func Planted(seed uint64, users int) *Data {
	var rows []Row
	d := Generate(seed, users, func(r Row) { rows = append(rows, r) })
	slices.SortFunc(rows, func(a, b Row) int {
		if c := cmp.Compare(a.Time, b.Time); c != 0 {
			return c
		}
		if c := cmp.Compare(a.User, b.User); c != 0 {
			return c
		}
		return cmp.Compare(a.Event, b.Event)
	})
	d.Rows = rows
	return d
}

// Generate makes the same journeys as Planted but hands each row to emit
// as it is made (user by user, not in time order) and keeps none, so a
// benchmark can generate millions of rows without holding them twice.
func Generate(seed uint64, users int, emit func(Row)) *Data {
	r := rand.New(rand.NewPCG(seed, seed^0x2545f4914f6cdd1d))
	d := &Data{
		Micro: []string{Blog, Newsletter, Pricing, ROI, CaseStudy, Webinar},
		Macro: []string{Demo},
		Stages: []momentum.Stage{
			{Name: "awareness", Events: []string{Blog, Newsletter}},
			{Name: "consideration", Events: []string{Pricing, ROI, CaseStudy, Webinar}},
			{Name: "decision", Events: []string{Demo}},
		},
		Starts: []string{FirstVisit},
		Users:  users,
	}
	day := int64(24 * time.Hour / time.Microsecond)
	at := func(t0 int64, lo, hi float64) int64 { return t0 + int64((lo+(hi-lo)*r.Float64())*float64(day)) }
	for u := range users {
		user := fmt.Sprintf("%d.%d", 3000000+u*7907, 1710000000+u)
		t0 := Start.UnixMicro() + int64(r.Float64()*10*float64(day))
		add := func(ev string, t int64) { emit(Row{user, ev, t}) }
		add(FirstVisit, t0)
		for range r.IntN(5) {
			add(Blog, at(t0, 0, 25))
		}
		if r.Float64() < 0.2 {
			add(Newsletter, at(t0, 0, 25))
		}
		for range r.IntN(3) {
			add(CaseStudy, at(t0, 0, 25))
		}
		if r.Float64() < 0.1 {
			add(Webinar, at(t0, 0, 25))
		}
		g := r.Float64()
		planted := g < PlantedShare
		switch {
		case planted:
			var last int64
			for range 3 {
				t := at(t0, 0, 4)
				last = max(last, t)
				add(Pricing, t)
			}
			add(ROI, min(last+int64((1.0/24+r.Float64()*2)*float64(day)), t0+int64(6.5*float64(day))))
		case g < PlantedShare+PricingOnlyShare:
			for range 3 {
				add(Pricing, at(t0, 0, 5))
			}
		case g < PlantedShare+PricingOnlyShare+LateShare:
			var last int64
			for range 3 {
				t := at(t0, 10, 20)
				last = max(last, t)
				add(Pricing, t)
			}
			add(ROI, last+int64((1.0/24+r.Float64()*2)*float64(day)))
		default:
			for range r.IntN(3) {
				add(Pricing, at(t0, 0, 25))
			}
			if r.Float64() < 0.15 {
				add(ROI, at(t0, 0, 25))
			}
		}
		p, delay := RateWithout, delayWithout
		if planted {
			p, delay = RateWith, delayWith
		}
		if r.Float64() < p {
			add(Demo, at(t0, delay[0], delay[1]))
		}
	}
	mid := func(x [2]float64) time.Duration { return time.Duration((x[0] + x[1]) / 2 * float64(24*time.Hour)) }
	d.Truth = Truth{
		Pattern:     momentum.Pattern{Steps: []momentum.Step{{Event: Pricing, Count: 3}, {Event: ROI, Count: 1}}, Within: momentum.Days(7)},
		RateWith:    RateWith,
		RateWithout: RateWithout,
		Lift:        RateWith / RateWithout,
		MedianWith:  mid(delayWith), MedianWithout: mid(delayWithout),
	}
	d.Truth.FasterBy = d.Truth.MedianWithout - d.Truth.MedianWith
	return d
}

// Timelines builds the momentum timelines of the rows.
func (d *Data) Timelines() *momentum.Timelines {
	b := momentum.NewBuilder(append(slices.Clone(d.Micro), d.Macro...), d.Starts)
	for _, r := range d.Rows {
		b.Add(r.User, r.Event, r.Time)
	}
	return b.Build()
}

// Config is the analysis configuration of the generated journeys.
func (d *Data) Config() momentum.Config {
	return momentum.Config{Macro: d.Macro, Stages: d.Stages, Bounds: momentum.DefaultBounds()}
}
