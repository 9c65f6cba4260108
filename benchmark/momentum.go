package benchmark

import (
	"encoding/csv"
	"fmt"
	"io"
	"slices"
	"strconv"
	"text/tabwriter"
	"time"

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
	mp := &momentumPlan{starts: slices.Clone(startEvents)}
	mp.config = momentum.Config{Macro: macros, Bounds: momentum.DefaultBounds()}
	for i := range s.Events {
		mp.events = append(mp.events, s.Events[i].Name)
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

// isStart reports whether rows of name are kept as a first touch.
func (mp *momentumPlan) isStart(name string) bool {
	for _, s := range mp.starts {
		if s == name {
			return true
		}
	}
	return false
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
