package benchmark

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/tagspec/tagspec/ga4export"
)

// FromReportCSV benchmarks the plan's spec events against a GA4 report CSV
// (the Events report, "Event name" as first dimension). A report holds
// aggregates, so only event- and user-based rates are possible: the rate
// of an event is its "Total users" over the users of the denominator event
// (session_start, or the range's base event such as video_start), or, in a
// report without a users column, its "Event count" over session_start's
// event count. Funnels and weights need the BigQuery export; their absence
// and every change of definition are reported as problems.
func (p *Plan) FromReportCSV(rep *ga4export.Report) (*Report, error) {
	sec, err := eventsSection(rep)
	if err != nil {
		return nil, err
	}
	nameCol := sec.Column("Event name")
	usersCol := sec.Column("Total users")
	if usersCol < 0 {
		usersCol = sec.Column("Users")
	}
	countCol := sec.Column("Event count")
	valueCol, what := usersCol, "users"
	if valueCol < 0 {
		valueCol, what = countCol, "events"
	}
	if valueCol < 0 {
		return nil, fmt.Errorf("%s:%d: the events table has neither a \"Total users\" nor an \"Event count\" column", rep.Name, sec.Line)
	}
	totals := map[string]int64{}
	var secondary []string
	for _, d := range sec.Dimensions() {
		if d != nameCol {
			secondary = append(secondary, sec.Header[d])
		}
	}
	for i, row := range sec.Rows {
		v := strings.TrimSpace(row[valueCol])
		if v == "" {
			continue
		}
		f, err := strconv.ParseFloat(v, 64)
		if err != nil || f < 0 {
			return nil, fmt.Errorf("%s: row %d of the table at line %d: %q in column %q is not a count", rep.Name, i+1, sec.Line, v, sec.Header[valueCol])
		}
		totals[row[nameCol]] += int64(f)
	}
	out := &Report{
		Spec: p.SpecName, Source: "report-csv", Inputs: []string{rep.Name},
		From: isoOrEmpty(sec.StartDate), To: isoOrEmpty(sec.EndDate),
		Rows: int64(len(sec.Rows)), Rates: []Rate{}, Funnels: []Funnel{}, Weights: []Weight{},
	}
	out.Problems = append(out.Problems, p.problems...)
	out.Users = totals["session_start"]
	if what == "events" {
		out.Sessions, out.Users = totals["session_start"], 0
	}
	for _, rp := range p.rates {
		denEvent := "session_start"
		if rp.base != "" {
			denEvent = rp.base
		}
		num, den := totals[rp.event], totals[denEvent]
		rate := Rate{Event: rp.event, Unit: UnitUsers, Numerator: num, Denominator: den, Range: rp.rng, Collection: rp.collection,
			Definition: fmt.Sprintf("%s with %s / %s with %s (GA4 report)", what, rp.event, what, denEvent)}
		if what == "events" {
			rate.Unit = UnitSessions
			rate.Definition = fmt.Sprintf("%s events / %s events (GA4 report)", rp.event, denEvent)
		}
		if den > 0 {
			rate.Rate = float64(num) / float64(den)
		}
		if num <= den {
			rate.CILow, rate.CIHigh = Wilson(num, den)
			rate.Verdict, rate.VerdictReason = Verdict(rp.rng, num, den, rate.CILow, rate.CIHigh)
		} else {
			rate.Verdict = VerdictInconclusive
			if rp.rng == nil {
				rate.Verdict = VerdictNoRange
			}
			rate.VerdictReason = fmt.Sprintf("%d %s with %s over %d with %s is not a share of them, so there is no interval", num, what, rp.event, den, denEvent)
			out.Problems = append(out.Problems, NewProblem(ProblemFields{Rule: RuleReportDefinitions, Event: rp.event,
				Message: fmt.Sprintf("event %q: %d %s over %d %s of %s is not a proportion; no interval or verdict", rp.event, num, what, den, what, denEvent)}))
		}
		if rp.rng != nil && rate.Unit != rp.rng.Unit && !(rp.rng.Unit == UnitViewers && rate.Unit == UnitUsers) {
			out.Problems = append(out.Problems, NewProblem(ProblemFields{Rule: RuleReportDefinitions, Event: rp.event,
				Message: fmt.Sprintf("event %q: range %q is defined on %s (%s); a report CSV only gives %s, so compare with care", rp.event, rp.rng.Key, rp.rng.Unit, rp.rng.Definition(), rate.Definition)}))
		}
		if num == 0 {
			out.Problems = append(out.Problems, NewProblem(ProblemFields{Rule: RuleNeverSeen, Event: rp.event,
				Message: fmt.Sprintf("event %q does not occur in %s", rp.event, rep.Name)}))
		}
		out.Rates = append(out.Rates, rate)
	}
	if len(secondary) > 0 && what == "users" {
		out.Problems = append(out.Problems, NewProblem(ProblemFields{Rule: RuleReportDefinitions,
			Message: fmt.Sprintf("users were summed over the secondary dimension %s; a user counted under two values is counted twice", strings.Join(secondary, ", "))}))
	}
	if len(p.funnels) > 0 || len(p.weights) > 0 {
		out.Problems = append(out.Problems, NewProblem(ProblemFields{Rule: RuleReportDefinitions,
			Message: "funnels and predictive weights need session-level data: use the BigQuery export (--data events_*.json|parquet or --bigquery)"}))
	}
	return out, nil
}

// eventsSection finds the report table whose first column is "Event name".
func eventsSection(rep *ga4export.Report) (*ga4export.Section, error) {
	for i := range rep.Sections {
		s := &rep.Sections[i]
		if s.Column("Event name") >= 0 && (s.Column("Total users") >= 0 || s.Column("Users") >= 0 || s.Column("Event count") >= 0) {
			return s, nil
		}
	}
	return nil, fmt.Errorf("%s: no events table (a section with \"Event name\" and \"Total users\" or \"Event count\" columns); export the Events report", rep.Name)
}
