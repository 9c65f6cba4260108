package benchmark

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"text/tabwriter"
)

// Output formats of a Report.
const (
	FormatText = "text"
	FormatJSON = "json"
	FormatCSV  = "csv"
	FormatHTML = "html"
)

// Formats lists every output format in a stable order.
var Formats = []string{FormatText, FormatJSON, FormatCSV, FormatHTML}

// Write renders the report in the named format.
func Write(ctx context.Context, w io.Writer, r *Report, format string) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	switch format {
	case FormatText, "":
		return WriteText(w, r)
	case FormatJSON:
		return WriteJSON(w, r)
	case FormatCSV:
		return WriteCSV(w, r)
	case FormatHTML:
		return WriteHTML(w, r)
	}
	return fmt.Errorf("unknown format %q: want one of %s", format, strings.Join(Formats, ", "))
}

// WriteJSON writes the report as one indented JSON document.
func WriteJSON(w io.Writer, r *Report) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(r)
}

func pct(x float64) string {
	return strconv.FormatFloat(x*100, 'f', 2, 64) + "%"
}

func pctShort(x float64) string {
	// Rounded to 1/10000 of a percent so that 0.07 prints as 7%, not as
	// the float artefact 7.000000000000001%.
	return strconv.FormatFloat(math.Round(x*100*1e4)/1e4, 'f', -1, 64) + "%"
}

// rateText is the observed rate, or "-" when the event is not in the data
// (a missing event is not a 0% rate).
func rateText(r Rate) string {
	if r.Verdict == VerdictNoData {
		return "-"
	}
	return pct(r.Rate)
}

// intervalText is the 95% interval as "low-high", or "-" without data.
func intervalText(r Rate) string {
	if r.Verdict == VerdictNoData {
		return "-"
	}
	return pct(r.CILow) + "-" + pct(r.CIHigh)
}

// RangeText describes a range's bands, e.g. "1%-3% (high performer 5%+)".
func RangeText(rg *Range) string {
	if rg == nil {
		return "-"
	}
	s := pctShort(rg.Low) + "-" + pctShort(rg.High)
	if rg.HighPerformer != nil {
		s += " (high performer " + pctShort(*rg.HighPerformer) + "+)"
	}
	return s
}

// Duration formats whole seconds for people: 45s, 12m30s, 3h05m, 2d04h.
func durationText(s *int64) string {
	if s == nil {
		return "-"
	}
	v := *s
	switch {
	case v < 60:
		return fmt.Sprintf("%ds", v)
	case v < 3600:
		return fmt.Sprintf("%dm%02ds", v/60, v%60)
	case v < 86400:
		return fmt.Sprintf("%dh%02dm", v/3600, v%3600/60)
	}
	return fmt.Sprintf("%dd%02dh", v/86400, v%86400/3600)
}

func liftText(w *Weight) string {
	if w.Lift == nil {
		return "-"
	}
	return fmt.Sprintf("%.2fx [%.2f-%.2f]", *w.Lift, *w.LiftLow, *w.LiftHigh)
}

// maxInputsListed is how many input names the text and HTML reports list
// before they shorten the list to its first and last names and a count.
const maxInputsListed = 6

// inputsText lists the report's inputs for people: all of them up to
// maxInputsListed, else the first and last two with the number between
// (a quarter of daily export files is 90 names).
func inputsText(inputs []string) string {
	if len(inputs) <= maxInputsListed {
		return strings.Join(inputs, ", ")
	}
	n := len(inputs)
	return fmt.Sprintf("%s, %s, ... (%d more), %s, %s (%d files)", inputs[0], inputs[1], n-4, inputs[n-2], inputs[n-1], n)
}

// WriteText writes the report as readable tables.
func WriteText(w io.Writer, r *Report) error {
	ew := &errWriter{w: w}
	ew.printf("tagspec bench: %s\n", r.Spec)
	ew.printf("data: %s (%s)", inputsText(r.Inputs), r.Source)
	if r.From != "" || r.To != "" {
		ew.printf(", %s to %s", orDash(r.From), orDash(r.To))
	}
	ew.printf("\n%d rows, %d sessions, %d users\n", r.Rows, r.Sessions, r.Users)

	ew.printf("\nRATES (95%% Wilson interval)\n")
	tw := tabwriter.NewWriter(ew, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "event\tnumerator\tdenominator\trate\t95% CI\tverdict\trange\tdefinition")
	for _, rt := range r.Rates {
		def := rt.Definition
		if rt.Collection == CollectionEnhanced {
			def += " [GA4 enhanced measurement]"
		}
		fmt.Fprintf(tw, "%s\t%d\t%d\t%s\t%s\t%s\t%s\t%s\n", rt.Event, rt.Numerator, rt.Denominator, rateText(rt),
			intervalText(rt), rt.Verdict, RangeText(rt.Range), def)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if len(r.Rates) > 0 {
		ew.printf("verdicts:\n")
	}
	for _, rt := range r.Rates {
		ew.printf("  %s: %s: %s\n", rt.Event, rt.Verdict, rt.VerdictReason)
	}
	var seen []string
	for _, rt := range r.Rates {
		if rt.Range == nil || contains(seen, rt.Range.Key) {
			continue
		}
		seen = append(seen, rt.Range.Key)
		if len(seen) == 1 {
			ew.printf("ranges:\n")
		}
		ew.printf("  %s: %s; %s. Source: %s (%d)\n", rt.Range.Key, rt.Range.Name, rt.Range.Definition(), rt.Range.Source, rt.Range.Year)
	}

	for _, f := range r.Funnels {
		ew.printf("\nFUNNEL %s (%s, %s)\n", f.Name, f.Variant, f.Unit)
		tw := tabwriter.NewWriter(ew, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "step\tsessions\tconversion\tdrop-off")
		fmt.Fprintf(tw, "(all sessions)\t%d\t\t\n", f.Sessions)
		for _, s := range f.Steps {
			fmt.Fprintf(tw, "%s\t%d\t%s\t%s\n", s.Event, s.Sessions, pct(s.Conversion), pct(s.DropOff))
		}
		if err := tw.Flush(); err != nil {
			return err
		}
		if l := f.BiggestLeak; l != nil {
			ew.printf("biggest leak: %s -> %s loses %s (%d sessions)\n", l.From, l.To, pct(l.DropOff), l.Lost)
		}
	}

	if len(r.Weights) > 0 {
		ew.printf("\nPREDICTIVE WEIGHT (macro-conversion: %s; lift = rate with / rate without, 95%% CI)\n", r.Weights[0].Macro)
		tw := tabwriter.NewWriter(ew, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "rank\tmicro-conversion\tunit\twith: macro/total\trate\twithout: macro/total\trate\tlift\tpreceded\tmedian to macro")
		for i := range r.Weights {
			wt := &r.Weights[i]
			fmt.Fprintf(tw, "%d\t%s\t%s\t%d/%d\t%s\t%d/%d\t%s\t%s\t%d\t%s\n", wt.Rank, wt.Micro, wt.Unit, wt.WithMacro, wt.With, pct(wt.RateWith),
				wt.WithoutMacro, wt.Without, pct(wt.RateWithout), liftText(wt), wt.Preceded, durationText(wt.MedianSecondsToMacro))
		}
		if err := tw.Flush(); err != nil {
			return err
		}
	}

	if err := writeModelText(ew, r.Model); err != nil {
		return err
	}
	if err := writeComparisonText(ew, r.Comparison); err != nil {
		return err
	}
	if r.Momentum != nil {
		if err := writeMomentumText(ew, r.Momentum); err != nil {
			return err
		}
	}

	ew.printf("\nDATA PROBLEMS\n")
	if len(r.Problems) == 0 {
		ew.printf("none found\n")
	}
	for _, p := range r.Problems {
		ew.printf("- [%s] %s\n", p.Rule, p.Message)
	}
	return ew.err
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func contains(xs []string, x string) bool {
	for _, v := range xs {
		if v == x {
			return true
		}
	}
	return false
}

type errWriter struct {
	w   io.Writer
	err error
}

func (e *errWriter) Write(p []byte) (int, error) {
	if e.err != nil {
		return 0, e.err
	}
	n, err := e.w.Write(p)
	e.err = err
	return n, err
}

func (e *errWriter) printf(format string, args ...any) {
	fmt.Fprintf(e, format, args...)
}

// csvHeader is the column list of WriteCSV: one long table in which each
// row says which section (rate, funnel, weight, problem) it belongs to.
var csvHeader = []string{
	"section", "name", "variant", "event", "unit", "definition", "numerator", "denominator", "rate", "ci_low", "ci_high",
	"range_key", "range_low", "range_high", "high_performer", "verdict", "verdict_reason", "rate_without", "lift", "lift_ci_low", "lift_ci_high",
	"preceded", "median_seconds_to_macro", "collection", "message",
}

func f64(x float64) string { return strconv.FormatFloat(x, 'g', -1, 64) }

func optF64(x *float64) string {
	if x == nil {
		return ""
	}
	return f64(*x)
}

func optI64(x *int64) string {
	if x == nil {
		return ""
	}
	return strconv.FormatInt(*x, 10)
}

// WriteCSV writes the report as one CSV table for spreadsheets.
func WriteCSV(w io.Writer, r *Report) error {
	cw := csv.NewWriter(w)
	row := func(m map[string]string) {
		rec := make([]string, len(csvHeader))
		for i, h := range csvHeader {
			rec[i] = m[h]
		}
		_ = cw.Write(rec)
	}
	_ = cw.Write(csvHeader)
	for _, rt := range r.Rates {
		m := map[string]string{
			"section": "rate", "event": rt.Event, "unit": string(rt.Unit), "definition": rt.Definition,
			"numerator": strconv.FormatInt(rt.Numerator, 10), "denominator": strconv.FormatInt(rt.Denominator, 10),
			"rate": f64(rt.Rate), "ci_low": f64(rt.CILow), "ci_high": f64(rt.CIHigh), "verdict": rt.Verdict,
			"verdict_reason": rt.VerdictReason,
			"collection":     rt.Collection,
		}
		if rg := rt.Range; rg != nil {
			m["range_key"], m["range_low"], m["range_high"], m["high_performer"] = rg.Key, f64(rg.Low), f64(rg.High), optF64(rg.HighPerformer)
		}
		row(m)
	}
	for _, f := range r.Funnels {
		prev := f.Sessions
		for _, s := range f.Steps {
			row(map[string]string{
				"section": "funnel", "name": f.Name, "variant": f.Variant, "event": s.Event, "unit": string(f.Unit),
				"numerator": strconv.FormatInt(s.Sessions, 10), "denominator": strconv.FormatInt(prev, 10), "rate": f64(s.Conversion),
			})
			prev = s.Sessions
		}
	}
	for _, wt := range r.Weights {
		row(map[string]string{
			"section": "weight", "name": wt.Macro, "variant": strconv.Itoa(wt.Rank), "event": wt.Micro, "unit": string(wt.Unit),
			"numerator": strconv.FormatInt(wt.WithMacro, 10), "denominator": strconv.FormatInt(wt.With, 10),
			"rate": f64(wt.RateWith), "rate_without": f64(wt.RateWithout), "lift": optF64(wt.Lift),
			"lift_ci_low": optF64(wt.LiftLow), "lift_ci_high": optF64(wt.LiftHigh),
			"preceded": strconv.FormatInt(wt.Preceded, 10), "median_seconds_to_macro": optI64(wt.MedianSecondsToMacro),
		})
	}
	csvModelRows(r, row)
	if m := r.Momentum; m != nil {
		for _, f := range m.Mined {
			row(findingCSV("pattern", f.Text, strconv.Itoa(f.Rank), m.Macro, &f))
		}
		for _, f := range m.Declared {
			row(findingCSV("declared-pattern", f.Pattern.Name, f.Text, m.Macro, &f))
		}
		for _, v := range m.Velocity {
			row(map[string]string{"section": "velocity", "name": v.Stage, "numerator": strconv.FormatInt(v.Time.N, 10),
				"ci_low": optI64(v.Time.P25), "median_seconds_to_macro": optI64(v.Time.Median), "ci_high": optI64(v.Time.P75),
				"message": "seconds from first touch: p25 in ci_low, median, p75 in ci_high"})
		}
	}
	for _, p := range r.Problems {
		row(map[string]string{"section": "problem", "name": p.Rule, "event": p.Event, "numerator": strconv.FormatInt(p.Count, 10), "message": p.Message})
	}
	cw.Flush()
	return cw.Error()
}
