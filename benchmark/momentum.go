package benchmark

import (
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"cloud.google.com/go/bigquery"
	"google.golang.org/api/iterator"

	"github.com/tagspec/tagspec/momentum"
	"github.com/tagspec/tagspec/spec"
)

// startEvents are the events a user's first touch is read from besides
// the spec's own: GA4 sends first_visit on a user's first visit and
// session_start at the start of every session, so every user with a
// session has a first touch.
var startEvents = []string{"first_visit", "session_start"}

// stageOrder is the order of the funnel stages a spec's events name.
var stageOrder = []string{"awareness", "consideration", "decision"}

// momentumPlan is what the momentum analysis needs from the spec.
type momentumPlan struct {
	events []string // spec events, kept per user with every occurrence
	starts []string // first occurrence only
	config momentum.Config
}

// newMomentumPlan returns the momentum part of a plan; nil when the spec
// has no macro-conversion to measure patterns against.
func newMomentumPlan(s *spec.Spec, macros []string) *momentumPlan {
	if len(macros) == 0 {
		return nil
	}
	mp := &momentumPlan{}
	mp.config = momentum.Config{Macro: macros, Bounds: momentum.DefaultBounds()}
	for i := range s.Events {
		mp.events = append(mp.events, s.Events[i].Name)
	}
	for _, st := range startEvents {
		if !slices.Contains(mp.events, st) { // a spec event is kept whole already
			mp.starts = append(mp.starts, st)
		}
	}
	for _, st := range stageOrder {
		stage := momentum.Stage{Name: st}
		for i := range s.Events {
			if s.Events[i].Stage == st {
				stage.Events = append(stage.Events, s.Events[i].Name)
			}
		}
		if len(stage.Events) > 0 {
			mp.config.Stages = append(mp.config.Stages, stage)
		}
	}
	for _, p := range s.Patterns {
		mp.config.Declared = append(mp.config.Declared, declaredPattern(p))
		if p.Start != "" && !slices.Contains(mp.starts, p.Start) && !slices.Contains(mp.events, p.Start) {
			mp.starts = append(mp.starts, p.Start)
		}
	}
	return mp
}

func declaredPattern(p spec.Pattern) momentum.Pattern {
	out := momentum.Pattern{Name: p.Name, Start: p.Start, Within: p.Within}
	for _, st := range p.Steps {
		out.Steps = append(out.Steps, momentum.Step{Event: st.Event, Count: max(st.Count, 1)})
	}
	return out
}

// WriteEarlySignals writes the report's early signals as CSV: one row per
// user who matches a pattern whose whole lift interval lies above 1 but
// has not converted, strongest first, with the export's pseudonymous id
// (user_pseudo_id) and nothing else about the user.
func WriteEarlySignals(w io.Writer, r *Report) error {
	cw := csv.NewWriter(w)
	_ = cw.Write([]string{"user_pseudo_id", "score", "pattern", "lift", "matched_at"})
	if r.Momentum != nil {
		for _, s := range r.Momentum.Signals {
			_ = cw.Write([]string{s.UserID, strconv.FormatFloat(s.Score, 'f', 4, 64), s.Pattern,
				strconv.FormatFloat(s.Lift, 'f', 2, 64), time.UnixMicro(s.MatchedAt).UTC().Format(time.RFC3339)})
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("early signals: %w", err)
	}
	return nil
}

// quartilesText writes quartiles as "p25 / median / p75" durations.
func quartilesText(q momentum.Quartiles) string {
	if q.Median == nil {
		return "-"
	}
	return durationText(q.P25) + " / " + durationText(q.Median) + " / " + durationText(q.P75)
}

func findingLift(f *momentum.Finding) string {
	if f.Lift == nil {
		return "-"
	}
	return fmt.Sprintf("%.2fx [%.2f-%.2f]", *f.Lift, *f.LiftLow, *f.LiftHigh)
}

// macroVelocity returns a finding's time to the macro-conversion.
func macroVelocity(f *momentum.Finding) momentum.VelocityDiff {
	for _, v := range f.Velocity {
		if v.Stage == momentum.MacroStage {
			return v
		}
	}
	return momentum.VelocityDiff{}
}

// writeMomentumText writes the momentum sections of the text report.
func writeMomentumText(ew *errWriter, m *momentum.Result) error {
	ew.printf("\nMOMENTUM PATTERNS (macro-conversion: %s; %d users, %d converted; lift = conversion rate with / without, 95%% CI; ranked by its low end)\n", m.Macro, m.Users, m.Converters)
	if len(m.Mined) == 0 {
		ew.printf("no sequence meets the bounds\n")
	}
	if err := findingTable(ew, m.Mined, false); err != nil {
		return err
	}
	for _, f := range m.Mined {
		ew.printf("  %d. %s", f.Rank, f.Summary)
		if v := f.VelocityWords(); v != "" {
			ew.printf("; %s", v)
		}
		ew.printf("\n")
	}
	ew.printf("search: %s; %d sequences counted\n", m.Bounds, m.Evaluated)
	if len(m.Declared) > 0 {
		ew.printf("\nDECLARED PATTERNS (from the spec)\n")
		if err := findingTable(ew, m.Declared, true); err != nil {
			return err
		}
		for _, f := range m.Declared {
			ew.printf("  %s: %s", f.Pattern.Name, f.Summary)
			if v := f.VelocityWords(); v != "" {
				ew.printf("; %s", v)
			}
			if f.LeftOut > 0 {
				ew.printf(" (%d users without %s in the data left out)", f.LeftOut, f.Pattern.Start)
			}
			ew.printf("\n")
		}
	}
	ew.printf("\nVELOCITY (time from first touch; p25 / median / p75)\n")
	tw := tabwriter.NewWriter(ew, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "stage\tusers\ttime")
	for _, v := range m.Velocity {
		fmt.Fprintf(tw, "%s\t%d\t%s\n", v.Stage, v.Time.N, quartilesText(v.Time))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	ew.printf("\nEARLY SIGNALS: %d user(s) match a pattern whose lift interval lies above 1 but have not converted (--early-signals FILE.csv lists their user_pseudo_id)\n", m.SignalCount)
	return nil
}

// findingTable writes patterns as a table.
func findingTable(ew *errWriter, fs []momentum.Finding, declared bool) error {
	if len(fs) == 0 {
		return nil
	}
	tw := tabwriter.NewWriter(ew, 0, 0, 2, ' ', 0)
	first := "rank"
	if declared {
		first = "name"
	}
	fmt.Fprintf(tw, "%s\tpattern\tusers\tconverted\trate with\trate without\tlift\tof converters\tto macro: with\twithout\n", first)
	for i := range fs {
		f := &fs[i]
		lead := strconv.Itoa(f.Rank)
		if declared {
			lead = f.Pattern.Name
		}
		v := macroVelocity(f)
		fmt.Fprintf(tw, "%s\t%s\t%d\t%d\t%s\t%s\t%s\t%s\t%s\t%s\n", lead, f.Text, f.Users, f.Converters, pct(f.RateWith), pct(f.RateWithout),
			findingLift(f), pct(f.Coverage), durationText(v.With.Median), durationText(v.Without.Median))
	}
	return tw.Flush()
}

// findingCSV is a pattern's row of the CSV report: users in denominator,
// converters among them in numerator, the median time to the
// macro-conversion of the users with it, and the summary in words.
func findingCSV(section, name, variant, macro string, f *momentum.Finding) map[string]string {
	v := macroVelocity(f)
	return map[string]string{
		"section": section, "name": name, "variant": variant, "event": macro, "unit": "users",
		"numerator": strconv.FormatInt(f.Converters, 10), "denominator": strconv.FormatInt(f.Users, 10),
		"rate": f64(f.RateWith), "rate_without": f64(f.RateWithout), "lift": optF64(f.Lift),
		"lift_ci_low": optF64(f.LiftLow), "lift_ci_high": optF64(f.LiftHigh),
		"median_seconds_to_macro": optI64(v.With.Median), "message": f.Summary,
	}
}

// TimelineSQL returns the BigQuery query behind the momentum analysis:
// the (user_pseudo_id, event_name, event_timestamp) rows of the spec's
// events, and the first row per user of each start event, over the same
// rows the local engine reads (those with a user and a session id in the
// date range). Its result is the input the local engine builds its
// timelines from, so RunBigQuery runs the same analysis on it. It returns
// "" when the plan has no momentum analysis.
func (p *Plan) TimelineSQL(dataset string, opts Options) (string, error) {
	if _, err := p.SQL(dataset, opts); err != nil { // validates dataset and dates
		return "", err
	}
	mp := p.momentum
	if mp == nil {
		return "", nil
	}
	from, to := "00000000", "99999999"
	if opts.From != "" {
		from = opts.From
	}
	if opts.To != "" {
		to = opts.To
	}
	list := func(names []string) string {
		q := make([]string, len(names))
		for i, n := range names {
			q[i] = sqlString(n)
		}
		return strings.Join(q, ", ")
	}
	var b strings.Builder
	fmt.Fprintf(&b, "-- tagspec bench: user timelines for %s (momentum patterns, velocity, early signals)\n", sqlComment(p.SpecName))
	fmt.Fprintf(&b, "WITH %s,\n", eventsCTE(dataset, from, to))
	b.WriteString("sessioned AS (\n")
	b.WriteString("  SELECT user_pseudo_id, event_name, event_timestamp\n")
	b.WriteString("  FROM events\n")
	b.WriteString("  WHERE user_pseudo_id IS NOT NULL AND user_pseudo_id != '' AND ga_session_id IS NOT NULL\n")
	b.WriteString(")\n")
	b.WriteString("SELECT user_pseudo_id, event_name, event_timestamp\n")
	b.WriteString("FROM sessioned\n")
	fmt.Fprintf(&b, "WHERE event_name IN (%s)\n", list(mp.events))
	if len(mp.starts) > 0 {
		b.WriteString("UNION ALL\n")
		b.WriteString("SELECT user_pseudo_id, event_name, MIN(event_timestamp) AS event_timestamp\n")
		b.WriteString("FROM sessioned\n")
		fmt.Fprintf(&b, "WHERE event_name IN (%s)\n", list(mp.starts))
		b.WriteString("GROUP BY user_pseudo_id, event_name\n")
	}
	return b.String(), nil
}

// bigQueryMomentum runs TimelineSQL and the momentum analysis on its rows.
func (p *Plan) bigQueryMomentum(ctx context.Context, client *bigquery.Client, dataset string, opts Options) (*momentum.Result, *momentum.Timelines, error) {
	sql, err := p.TimelineSQL(dataset, opts)
	if err != nil || sql == "" {
		return nil, nil, err
	}
	it, err := readQuery(ctx, client, sql)
	if err != nil {
		return nil, nil, err
	}
	b := momentum.NewBuilder(p.momentum.events, p.momentum.starts)
	for {
		var row struct {
			User      bigquery.NullString `bigquery:"user_pseudo_id"`
			Name      bigquery.NullString `bigquery:"event_name"`
			Timestamp bigquery.NullInt64  `bigquery:"event_timestamp"`
		}
		err := it.Next(&row)
		if errors.Is(err, iterator.Done) {
			break
		}
		if err != nil {
			return nil, nil, err
		}
		if !row.Timestamp.Valid {
			return nil, nil, fmt.Errorf("user timelines: a row of %q for user %q has no event_timestamp", row.Name.StringVal, row.User.StringVal)
		}
		b.Add(row.User.StringVal, row.Name.StringVal, row.Timestamp.Int64)
	}
	tl := b.Build()
	return momentum.Analyze(tl, p.momentum.config), tl, nil
}

// timelinePatterns counts the users per set of micro-conversions from the
// user timelines a BigQuery run returns, as userPatterns does from the
// local engine's users: a user did a micro-conversion when a row of it is
// in the timeline, and converted when a row of any macro-conversion is.
// The timelines hold only users with a spec event or a start event; the
// others of the users counter (users) did none of them, so they count as
// users without any micro-conversion who did not convert.
func (p *Plan) timelinePatterns(tl *momentum.Timelines, users int64) []UserPattern {
	if p.macroSlot < 0 || tl == nil {
		return nil
	}
	micros := p.ModelMicros()
	bit := make([]uint64, len(tl.Events))
	macro := make([]bool, len(tl.Events))
	for i, name := range tl.Events {
		if j := slices.Index(micros, name); j >= 0 {
			bit[i] = 1 << j
		}
		macro[i] = slices.Contains(p.macroNames, name)
	}
	var pt patternTally
	for u := range tl.Len() {
		evs, _ := tl.User(u)
		var bits uint64
		converted := int64(0)
		for _, e := range evs {
			bits |= bit[e]
			if macro[e] {
				converted = 1
			}
		}
		pt.add(bits, 1, converted)
	}
	if rest := users - int64(tl.Len()); rest > 0 {
		pt.add(0, rest, 0)
	}
	return pt.patterns()
}
