package benchmark

import (
	"fmt"
	"maps"
	"math/rand/v2"
	"slices"
	"strconv"
	"time"

	"github.com/tagspec/tagspec/ga4export"
	"github.com/tagspec/tagspec/momentum/momentumtest"
	"github.com/tagspec/tagspec/spec"
)

// testSpec is a small B2B/e-commerce spec covering every kind of metric:
// session rates, a viewer rate, a rate with a base event, two macros and
// two funnels.
func testSpec() *spec.Spec {
	return &spec.Spec{
		Name: "Synthetic store",
		File: "synthetic.yaml",
		Events: []spec.Event{
			{Name: "newsletter_signup", Kind: spec.KindMicro, Benchmark: "newsletter_signup", Trigger: spec.Trigger{Kind: spec.TriggerFormSubmit}, Pos: spec.Pos{File: "synthetic.yaml", Line: 5, Col: 5}},
			{Name: "pricing_view", Kind: spec.KindMicro, Trigger: spec.Trigger{Kind: spec.TriggerPageView, PathExact: "/pricing"}, Pos: spec.Pos{File: "synthetic.yaml", Line: 9, Col: 5}},
			{Name: "demo_video_75", Kind: spec.KindMicro, Benchmark: "video_completion_75", Trigger: spec.Trigger{Kind: spec.TriggerVideo, Percent: []int{75}}, Pos: spec.Pos{File: "synthetic.yaml", Line: 13, Col: 5}},
			{Name: "begin_checkout", Kind: spec.KindMicro, Trigger: spec.Trigger{Kind: spec.TriggerClick}, Pos: spec.Pos{File: "synthetic.yaml", Line: 17, Col: 5}},
			{Name: "purchase", Kind: spec.KindMacro, Benchmark: "checkout_completion", Trigger: spec.Trigger{Kind: spec.TriggerDataLayer, Event: "purchase"}, Pos: spec.Pos{File: "synthetic.yaml", Line: 21, Col: 5}},
			{Name: "generate_lead", Kind: spec.KindMacro, Benchmark: "no_such_range", Trigger: spec.Trigger{Kind: spec.TriggerDataLayer, Event: "generate_lead"}, Pos: spec.Pos{File: "synthetic.yaml", Line: 25, Col: 5}},
		},
		Funnels: []spec.Funnel{
			{Name: "trial", Steps: []string{"pricing_view", "demo_video_75", "generate_lead"}},
			{Name: "checkout", Steps: []string{"begin_checkout", "purchase"}},
		},
	}
}

// synthSession is the ground truth of one generated session.
type synthSession struct {
	user  string
	id    int64
	first map[string]int64 // event name -> first timestamp (µs)
}

// synthData is a generated export with its ground truth.
type synthData struct {
	days     []string // YYYYMMDD, in order
	rows     [][]ga4export.Event
	sessions []*synthSession
	// rows that cannot be sessionised, by event name
	noSessionID  map[string]int64
	purchases    int64
	purchaseNoTx int64
	noTxDays     map[string]bool
	// eventDays counts rows per (day, event name) for every event
	eventDays map[string]map[string]int64
}

// generate builds a deterministic synthetic GA4 export: days in order, rows
// shuffled within each day, sessions crossing midnight, repeated events,
// ga_session_id collisions between users, session ids sent as strings,
// rows without ga_session_id, purchases without transaction ids, and one
// day on which newsletter_signup is not tracked at all.
func generate(seed uint64, days, users int) *synthData {
	r := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	start := time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC)
	d := &synthData{noSessionID: map[string]int64{}, noTxDays: map[string]bool{}, eventDays: map[string]map[string]int64{}}
	byDay := map[string][]ga4export.Event{}
	dayOf := func(ts int64) string { return time.UnixMicro(ts).UTC().Format("20060102") }
	emit := func(ev ga4export.Event) {
		ev.Date = dayOf(ev.Timestamp)
		byDay[ev.Date] = append(byDay[ev.Date], ev)
		if d.eventDays[ev.Date] == nil {
			d.eventDays[ev.Date] = map[string]int64{}
		}
		d.eventDays[ev.Date][ev.Name]++
	}
	brokenDay := start.AddDate(0, 0, 2).Format("20060102") // newsletter tag broken
	tx := 0
	intent := make([]float64, users)
	for u := range intent {
		intent[u] = r.Float64()
	}
	for day := range days {
		dayStart := start.AddDate(0, 0, day)
		for u := range users {
			if r.Float64() >= 0.35 {
				continue
			}
			user := fmt.Sprintf("%d.%d", 1000000+u*7919, 1700000000+u)
			sessStart := dayStart.Add(time.Duration(r.IntN(86400)) * time.Second)
			if u%50 == 7 && day%3 == 0 {
				// late-evening sessions that cross midnight
				sessStart = dayStart.Add(23*time.Hour + 50*time.Minute + time.Duration(r.IntN(300))*time.Second)
			}
			sid := sessStart.Unix()
			if u%10 == 1 {
				// the same ga_session_id for several users on one day:
				// only (user_pseudo_id, ga_session_id) identifies a session
				sid = dayStart.Unix() + 43200
			}
			s := &synthSession{user: user, id: sid, first: map[string]int64{}}
			t0 := sessStart.UnixMicro()
			length := int64(60+r.IntN(40*60)) * 1_000_000
			at := func() int64 { return t0 + 1 + r.Int64N(length) }
			add := func(name string, ts int64, extra ...ga4export.Param) {
				if name == "newsletter_signup" && dayOf(ts) == brokenDay {
					return
				}
				ps := []ga4export.Param{{Key: "ga_session_id", Kind: ga4export.ValueInt, Int: sid}}
				if r.IntN(40) == 0 {
					ps[0] = ga4export.Param{Key: "ga_session_id", Kind: ga4export.ValueString, String: strconv.FormatInt(sid, 10)}
				}
				ps = append(ps, ga4export.Param{Key: "engagement_time_msec", Kind: ga4export.ValueInt, Int: int64(r.IntN(5000))})
				ps = append(ps, extra...)
				ev := ga4export.Event{Timestamp: ts, Name: name, UserPseudoID: user, SessionID: sid, HasSessionID: true, Params: ps}
				if name == "purchase" {
					tx++
					ev.TransactionID = fmt.Sprintf("T-%05d", tx)
					if tx%9 == 0 {
						ev.TransactionID = ""
						if tx%2 == 0 {
							ev.TransactionID = "(not set)"
						}
						d.purchaseNoTx++
						d.noTxDays[dayOf(ts)] = true
					}
					d.purchases++
				}
				emit(ev)
				if f, ok := s.first[name]; !ok || ts < f {
					s.first[name] = ts
				}
			}
			add("session_start", t0)
			add("page_view", t0, ga4export.Param{Key: "page_location", Kind: ga4export.ValueString, String: "https://shop.example/"})
			for range r.IntN(5) {
				add("page_view", at(), ga4export.Param{Key: "page_location", Kind: ga4export.ValueString, String: "https://shop.example/p"})
			}
			in := intent[u]
			if r.Float64() < 0.05+0.3*in {
				add("pricing_view", at())
				if r.IntN(3) == 0 {
					add("pricing_view", at()) // repeat visit
				}
			}
			if r.Float64() < 0.04 {
				add("newsletter_signup", at())
			}
			if r.Float64() < 0.1+0.2*in {
				vs := at()
				add("video_start", vs)
				if r.Float64() < 0.55 {
					add("demo_video_75", vs+int64(r.IntN(120))*1_000_000, ga4export.Param{Key: "video_percent", Kind: ga4export.ValueInt, Int: 75})
				}
			}
			if r.Float64() < 0.05+0.15*in {
				bc := at()
				add("begin_checkout", bc)
				if r.Float64() < 0.47 {
					add("purchase", bc+int64(30+r.IntN(600))*1_000_000)
				}
			}
			p := 0.01
			if _, ok := s.first["pricing_view"]; ok {
				p += 0.15
			}
			if _, ok := s.first["demo_video_75"]; ok {
				p += 0.2
			}
			if r.Float64() < p {
				add("generate_lead", t0+length+int64(r.IntN(60))*1_000_000)
			}
			if r.IntN(25) == 0 {
				// a row without ga_session_id: a measurement protocol hit
				ts := at()
				emit(ga4export.Event{Timestamp: ts, Name: "scroll", UserPseudoID: user,
					Params: []ga4export.Param{{Key: "percent_scrolled", Kind: ga4export.ValueInt, Int: 90}}})
				d.noSessionID["scroll"]++
			}
			d.sessions = append(d.sessions, s)
		}
	}
	for day := 0; ; day++ {
		ds := start.AddDate(0, 0, day).Format("20060102")
		rows, ok := byDay[ds]
		if !ok {
			break
		}
		r.Shuffle(len(rows), func(i, j int) { rows[i], rows[j] = rows[j], rows[i] })
		d.days = append(d.days, ds)
		d.rows = append(d.rows, rows)
	}
	return d
}

// merge folds sessions with the same (user, id) key (colliding session ids
// within one user are one session, as GA4 defines it).
func (d *synthData) truthSessions() map[[2]string]map[string]int64 {
	out := map[[2]string]map[string]int64{}
	for _, s := range d.sessions {
		k := [2]string{s.user, strconv.FormatInt(s.id, 10)}
		m := out[k]
		if m == nil {
			m = map[string]int64{}
			out[k] = m
		}
		for e, t := range s.first {
			if f, ok := m[e]; !ok || t < f {
				m[e] = t
			}
		}
	}
	return out
}

func (d *synthData) truthUsers() map[string]map[string]int64 {
	out := map[string]map[string]int64{}
	for k, s := range d.truthSessions() {
		m := out[k[0]]
		if m == nil {
			m = map[string]int64{}
			out[k[0]] = m
		}
		for e, t := range s {
			if f, ok := m[e]; !ok || t < f {
				m[e] = t
			}
		}
	}
	return out
}

// lowerMedianOf is the oracle's median: sort and pick.
func lowerMedianOf(xs []int64) *int64 {
	if len(xs) == 0 {
		return nil
	}
	slices.Sort(xs)
	m := xs[(len(xs)-1)/2]
	return &m
}

// plantedSpec is the spec of momentumtest's journeys: six
// micro-conversions over the awareness and consideration stages, one
// macro-conversion, and the planted pattern declared by name.
func plantedSpec() *spec.Spec {
	ev := func(name, kind, stage string) spec.Event {
		return spec.Event{Name: name, Kind: kind, Stage: stage, Trigger: spec.Trigger{Kind: spec.TriggerDataLayer, Event: name}}
	}
	return &spec.Spec{
		Name: "Planted momentum",
		File: "planted.yaml",
		Events: []spec.Event{
			ev(momentumtest.Blog, spec.KindMicro, "awareness"),
			ev(momentumtest.Newsletter, spec.KindMicro, "awareness"),
			ev(momentumtest.Pricing, spec.KindMicro, "consideration"),
			ev(momentumtest.ROI, spec.KindMicro, "consideration"),
			ev(momentumtest.CaseStudy, spec.KindMicro, "consideration"),
			ev(momentumtest.Webinar, spec.KindMicro, "consideration"),
			ev(momentumtest.Demo, spec.KindMacro, "decision"),
		},
		Patterns: []spec.Pattern{{
			Name: "fast evaluator", Start: momentumtest.FirstVisit, Within: 7 * 24 * time.Hour,
			Steps: []spec.PatternStep{{Event: momentumtest.Pricing, Count: 3}, {Event: momentumtest.ROI, Count: 1}},
		}},
	}
}

// generatePlanted turns momentumtest's journeys (a planted pattern with a
// known lift and velocity) into a GA4 export: one session per user and
// day, opened by session_start at its first row, every row with its
// ga_session_id, rows shuffled within each day.
func generatePlanted(seed uint64, users int) (*synthData, *momentumtest.Data) {
	m := momentumtest.Planted(seed, users)
	r := rand.New(rand.NewPCG(seed, 0x51a7))
	d := &synthData{noSessionID: map[string]int64{}, noTxDays: map[string]bool{}, eventDays: map[string]map[string]int64{}}
	byDay := map[string][]ga4export.Event{}
	opened := map[[2]string]int64{} // (user, day) -> session id
	for _, row := range m.Rows {
		day := time.UnixMicro(row.Time).UTC().Format("20060102")
		k := [2]string{row.User, day}
		sid, ok := opened[k]
		if !ok {
			sid = row.Time / 1_000_000
			opened[k] = sid
			byDay[day] = append(byDay[day], ga4export.Event{Date: day, Timestamp: row.Time, Name: "session_start", UserPseudoID: row.User,
				SessionID: sid, HasSessionID: true, Params: []ga4export.Param{{Key: "ga_session_id", Kind: ga4export.ValueInt, Int: sid}}})
		}
		byDay[day] = append(byDay[day], ga4export.Event{Date: day, Timestamp: row.Time, Name: row.Event, UserPseudoID: row.User,
			SessionID: sid, HasSessionID: true, Params: []ga4export.Param{{Key: "ga_session_id", Kind: ga4export.ValueInt, Int: sid}}})
	}
	for _, day := range slices.Sorted(maps.Keys(byDay)) {
		rows := byDay[day]
		r.Shuffle(len(rows), func(i, j int) { rows[i], rows[j] = rows[j], rows[i] })
		d.days = append(d.days, day)
		d.rows = append(d.rows, rows)
	}
	return d, m
}
