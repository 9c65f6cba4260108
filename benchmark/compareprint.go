package benchmark

import (
	"fmt"
	"strconv"
	"strings"
	"text/tabwriter"
)

// writeModelText prints the predictive model section.
func writeModelText(ew *errWriter, m *Model) error {
	if m == nil {
		return nil
	}
	ew.printf("\nPREDICTIVE MODEL (%s; logistic regression of reaching %s on the micro-conversions done, L2 penalty %g; odds ratio with 95%% CI, the other micro-conversions held fixed)\n",
		m.Unit, m.Macro, m.Lambda)
	if m.Note != "" {
		ew.printf("%s\n", m.Note)
		return ew.err
	}
	ew.printf("%d users, %d converted; odds of converting with no micro-conversion: %.4f\n", m.Users, m.Converted, m.BaseOdds)
	tw := tabwriter.NewWriter(ew, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "rank\tmicro-conversion\tusers with\todds ratio\teffect\tlift alone (users)")
	for _, w := range m.Weights {
		fmt.Fprintf(tw, "%d\t%s\t%d\t%s\t%s\t%s\n", w.Rank, w.Micro, w.Users, orText(w), w.Effect, optLiftText(w.Lift, w.LiftLow, w.LiftHigh))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if len(m.NoUsers) > 0 {
		ew.printf("no user did %s: left out of the model\n", strings.Join(m.NoUsers, ", "))
	}
	if top := modelPriorities(m); len(top) > 0 {
		ew.printf("what to optimise first (positive weights, by the lower end of their interval): %s\n", strings.Join(top, ", "))
	}
	return ew.err
}

// modelPriorities are the micro-conversions with a positive weight, in
// rank order.
func modelPriorities(m *Model) []string {
	var out []string
	for _, w := range m.Weights {
		if w.Effect == EffectPositive {
			out = append(out, w.Micro)
		}
	}
	return out
}

// writeComparisonText prints the comparison section.
func writeComparisonText(ew *errWriter, c *Comparison) error {
	if c == nil {
		return nil
	}
	ew.printf("\nCOMPARISON by %s (%s; baseline %s; Holm correction over %d tests at alpha %g; sample size for a %s relative lift at %g%% power)\n",
		c.By, c.Unit, orDash(c.Baseline), c.Comparisons, c.Alpha, signedPct(c.MinLift), c.Power*100)
	var gs []string
	for i, g := range c.Groups {
		s := fmt.Sprintf("%s: %d users", g.Name, g.Users)
		if i == 0 {
			s += " (baseline)"
		}
		gs = append(gs, s)
	}
	if len(gs) == 0 {
		ew.printf("no group in the data\n")
		return ew.err
	}
	ew.printf("groups: %s\n", strings.Join(gs, "; "))
	if len(c.LeftOut) > 0 {
		ew.printf("not compared (smaller groups beyond the largest %d): %s\n", len(c.Groups), groupList(c.LeftOut))
	}
	if c.WithoutValue > 0 {
		ew.printf("left out: %d user(s) with no row carrying the %s\n", c.WithoutValue, c.By)
	}
	if c.InBoth > 0 {
		ew.printf("%d users are active in both periods and count in each\n", c.InBoth)
	}
	if len(c.Groups) < 2 {
		ew.printf("only one group: nothing to compare\n")
		return ew.err
	}
	tw := tabwriter.NewWriter(ew, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "metric\tgroup\trate\tbaseline rate\tdifference [95% CI]\trelative\tp\tp (Holm)\tsignificant\tusers needed per group\tstill needed")
	for _, m := range c.Metrics {
		for _, r := range m.Rows {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", metricName(m), r.Group,
				fmt.Sprintf("%s (%d/%d)", pct(r.Rate), r.Converted, r.Users), fmt.Sprintf("%s (%d/%d)", pct(m.BaselineRate), m.Baseline.K, m.Baseline.N),
				diffText(r), relText(r.RelLift), pText(r.P, r.Test), pText(r.PHolm, ""), yesNo(r.Significant), optI64Text(m.SampleSize), optI64Text(r.StillNeeded))
		}
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if len(c.Warnings) == 0 {
		ew.printf("no silo warning: no micro-conversion rose significantly while the macro-conversion fell\n")
	}
	for _, w := range c.Warnings {
		ew.printf("warning: %s\n", w.Message)
	}
	return ew.err
}

func metricName(m Metric) string {
	if m.Macro && m.Event != AnyMacro {
		return m.Event + " (macro)"
	}
	return m.Event
}

func diffText(r MetricDiff) string {
	return fmt.Sprintf("%s [%s, %s]", signedPP(r.Diff), signedPP(r.DiffLow), signedPP(r.DiffHigh))
}

func relText(x *float64) string {
	if x == nil {
		return "-"
	}
	return signedPct(*x)
}

func signedPct(x float64) string {
	return fmt.Sprintf("%+.1f%%", x*100)
}

func pText(p float64, test string) string {
	s := strconv.FormatFloat(p, 'g', 3, 64)
	if p < 0.0001 {
		s = "<0.0001"
	}
	if test == "fisher" {
		s += " (Fisher)"
	}
	return s
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

func optI64Text(x *int64) string {
	if x == nil {
		return "-"
	}
	return strconv.FormatInt(*x, 10)
}

// csvModelRows adds the model and comparison rows to WriteCSV's table.
func csvModelRows(r *Report, row func(map[string]string)) {
	if m := r.Model; m != nil {
		for _, w := range m.Weights {
			row(map[string]string{
				"section": "model", "name": m.Macro, "variant": strconv.Itoa(w.Rank), "event": w.Micro, "unit": string(m.Unit),
				"numerator": strconv.FormatInt(w.Users, 10), "lift": f64(w.OddsRatio), "lift_ci_low": f64(w.ORLow), "lift_ci_high": f64(w.ORHigh),
				"verdict": w.Effect, "definition": "odds ratio of the macro-conversion, other micro-conversions held fixed",
			})
		}
	}
	if c := r.Comparison; c != nil {
		for _, m := range c.Metrics {
			for _, d := range m.Rows {
				row(map[string]string{
					"section": "compare", "name": c.By, "variant": d.Group, "event": m.Event, "unit": string(c.Unit),
					"numerator": strconv.FormatInt(d.Converted, 10), "denominator": strconv.FormatInt(d.Users, 10),
					"rate": f64(d.Rate), "rate_without": f64(m.BaselineRate), "lift": optF64(d.RelLift),
					"ci_low": f64(d.DiffLow), "ci_high": f64(d.DiffHigh), "verdict": significance(d),
					"definition": fmt.Sprintf("difference from baseline %s: %s; p %s, Holm %s", c.Baseline, f64(d.Diff), f64(d.P), f64(d.PHolm)),
					"message":    "still needed per group: " + optI64Text(d.StillNeeded),
				})
			}
		}
		for _, w := range c.Warnings {
			row(map[string]string{"section": "compare-warning", "name": c.By, "variant": w.Group, "event": w.Micro, "message": w.Message})
		}
	}
}

func significance(d MetricDiff) string {
	if d.Significant {
		return "significant"
	}
	return "not significant"
}
