package benchmark

import (
	"fmt"
	"math"
	"math/rand/v2"
	"time"

	"github.com/tagspec/tagspec/ga4export"
)

// plantedWeights are the true log-odds weights of testSpec's
// micro-conversions on reaching a macro-conversion in generateExperiment's
// data: demo_video_75 has none, so the effect planted on it moves no other
// metric.
var plantedWeights = map[string]float64{
	"begin_checkout":    2.0,
	"pricing_view":      1.0,
	"demo_video_75":     0,
	"newsletter_signup": -0.7,
}

// plantedIntercept is the log-odds of converting without any of them.
const plantedIntercept = -2.5

// plantedBase are the share of users doing each micro-conversion in
// variant A. Variant B multiplies plantedEffectEvent's by
// 1+plantedEffect and leaves the others alone.
var plantedBase = map[string]float64{
	"pricing_view":      0.30,
	"demo_video_75":     0.20,
	"newsletter_signup": 0.10,
	"begin_checkout":    0.15,
}

const (
	plantedEffectEvent = "demo_video_75"
	plantedEffect      = 0.20
)

// experimentData is an export with a planted experiment and its truth.
type experimentData struct {
	days    []string
	rows    [][]ga4export.Event // per day, shuffled within it
	variant map[string]string   // user -> first variant seen
}

// generateExperiment builds a deterministic export of users split A/B by
// the experiment_variant event parameter (sent on every row, as a GA4 tag
// sends an experiment's variant), with traffic source, medium, country
// and device per user. Each user does each micro-conversion with
// plantedBase's probability, raised by effect (relative) for
// plantedEffectEvent in variant B, and reaches a macro-conversion with the
// logistic probability of plantedWeights. One user in a hundred shows the
// other variant in a later session: the comparison must keep the first.
// macroShift is added to variant B's log-odds of converting (0: none), to
// plant the framework's "optimizing in a silo".
func generateExperiment(seed uint64, users int, effect, macroShift float64) *experimentData {
	r := rand.New(rand.NewPCG(seed, seed^0x5851f42d4c957f2d))
	start := time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC)
	const days = 4
	d := &experimentData{variant: map[string]string{}}
	byDay := make([][]ga4export.Event, days)
	sources := [][2]string{{"google", "organic"}, {"google", "cpc"}, {"(direct)", "(none)"}, {"newsletter", "email"}}
	countries := []string{"France", "Germany", "United States"}
	devices := []string{"desktop", "mobile", "tablet"}
	micros := []string{"pricing_view", "demo_video_75", "newsletter_signup", "begin_checkout"}
	for u := range users {
		user := fmt.Sprintf("%d.%d", 2000000+u*7907, 1710000000+u)
		variant := "A"
		if r.IntN(2) == 1 {
			variant = "B"
		}
		d.variant[user] = variant
		src := sources[r.IntN(len(sources))]
		country, device := countries[r.IntN(len(countries))], devices[r.IntN(len(devices))]
		nSess := 1 + r.IntN(2)
		type session struct {
			id    int64
			t0    int64
			day   int
			label string
		}
		sess := make([]session, nSess)
		day := r.IntN(days - 1)
		for i := range sess {
			if i > 0 {
				day = min(days-1, day+r.IntN(2))
			}
			t0 := start.AddDate(0, 0, day).Add(time.Duration(r.IntN(20*3600)) * time.Second)
			label := variant
			if u%100 == 0 && i > 0 {
				label = map[string]string{"A": "B", "B": "A"}[variant]
			}
			sess[i] = session{id: t0.Unix(), t0: t0.UnixMicro(), day: day, label: label}
			if i > 0 && sess[i].t0 <= sess[i-1].t0 {
				sess[i].t0 = sess[i-1].t0 + 3600_000_000
				sess[i].id = sess[i].t0 / 1_000_000
			}
		}
		emit := func(s session, name string, ts int64) {
			ev := ga4export.Event{
				Date: start.AddDate(0, 0, s.day).Format("20060102"), Timestamp: ts, Name: name, UserPseudoID: user,
				SessionID: s.id, HasSessionID: true, Source: src[0], Medium: src[1], Country: country, Device: device,
				Params: []ga4export.Param{
					{Key: "ga_session_id", Kind: ga4export.ValueInt, Int: s.id},
					{Key: "experiment_variant", Kind: ga4export.ValueString, String: s.label},
				},
			}
			byDay[s.day] = append(byDay[s.day], ev)
		}
		for _, s := range sess {
			emit(s, "session_start", s.t0)
			emit(s, "page_view", s.t0+1)
		}
		eta := plantedIntercept
		if variant == "B" {
			eta += macroShift
		}
		for _, m := range micros {
			p := plantedBase[m]
			if m == plantedEffectEvent && variant == "B" {
				p *= 1 + effect
			}
			if r.Float64() >= p {
				continue
			}
			eta += plantedWeights[m]
			s := sess[r.IntN(nSess)]
			emit(s, m, s.t0+2+r.Int64N(600_000_000))
		}
		if r.Float64() < 1/(1+math.Exp(-eta)) {
			s := sess[nSess-1]
			name := "generate_lead"
			if r.IntN(2) == 0 {
				name = "purchase"
			}
			emit(s, name, s.t0+700_000_000)
		}
	}
	for i, rows := range byDay {
		r.Shuffle(len(rows), func(a, b int) { rows[a], rows[b] = rows[b], rows[a] })
		d.days = append(d.days, start.AddDate(0, 0, i).Format("20060102"))
		d.rows = append(d.rows, rows)
	}
	return d
}
