package benchmark

import (
	"fmt"
	"html/template"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/tagspec/tagspec/momentum"
)

// WriteHTML writes the report as one self-contained HTML page: inline CSS
// and inline SVG charts (each rate with its interval against the industry
// band, every funnel, the predictive weights), nothing fetched from the
// network.
func WriteHTML(w io.Writer, r *Report) error {
	data := htmlData{Report: r, RateLegend: rateLegend, FunnelLegend: funnelLegend, WeightLegend: weightLegend}
	for i := range r.Rates {
		data.RateCharts = append(data.RateCharts, rateChart(&r.Rates[i]))
	}
	for i := range r.Funnels {
		data.FunnelCharts = append(data.FunnelCharts, funnelChart(&r.Funnels[i]))
	}
	if len(r.Weights) > 0 {
		data.WeightChart = weightChart(r.Weights)
		data.Macro = r.Weights[0].Macro
	}
	var err error
	if data.ModelSection, err = modelSection(r.Model); err != nil {
		return err
	}
	if data.ComparisonSection, err = comparisonSection(r.Comparison); err != nil {
		return err
	}
	if m := r.Momentum; m != nil {
		data.PatternChart = findingChart(m.Mined, false)
		data.DeclaredChart = findingChart(m.Declared, true)
	}
	return htmlTmpl.Execute(w, data)
}

type htmlData struct {
	*Report
	RateCharts   []template.HTML
	FunnelCharts []template.HTML
	WeightChart  template.HTML
	Macro        string
	RateLegend   template.HTML
	FunnelLegend template.HTML
	WeightLegend template.HTML
	// The predictive model and the comparison, rendered by their own
	// templates (comparehtml.go).
	ModelSection      template.HTML
	ComparisonSection template.HTML
	// PatternChart and DeclaredChart draw the lifts of the mined and the
	// declared momentum patterns.
	PatternChart, DeclaredChart template.HTML
}

var htmlTmpl = template.Must(template.New("report").Funcs(template.FuncMap{
	"pct":          pct,
	"inputs":       inputsText,
	"rateText":     rateText,
	"intervalText": intervalText,
	"rangeText":    RangeText,
	"duration":     durationText,
	"breakable":    breakable,
	"lift":         func(w Weight) string { return liftText(&w) },
	"verdictClass": verdictClass,
	"findingLift":  findingLift,
	"macroVelocityText": func(f *momentum.Finding) string {
		v := macroVelocity(f)
		return durationText(v.With.Median) + " / " + durationText(v.Without.Median)
	},
}).Parse(`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>tagspec bench: {{.Spec}}</title>
<style>
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:2rem auto;max-width:1100px;color:#1d2430;padding:0 1rem}
h1{font-size:1.5rem}h2{font-size:1.15rem;margin-top:2rem;border-bottom:1px solid #dde;padding-bottom:.3rem}
table{border-collapse:collapse;width:100%;margin:.5rem 0}th,td{text-align:left;padding:.3rem .5rem;border-bottom:1px solid #eef;vertical-align:top}
th{background:#f5f6fa;font-weight:600}td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}
table.funnel{width:auto;min-width:36rem}table.rates{table-layout:fixed}table.rates td{overflow-wrap:anywhere}
.verdict{font-weight:600}.below-range{color:#b42318}.within-range{color:#1d6f42}.above-range{color:#175cd3}
.high-performer{color:#6941c6}.inconclusive{color:#b54708}.no-data,.no-range{color:#667085}
.muted{color:#667085;font-size:.9em}.why{font-weight:400}svg{display:block;margin:.2rem 0}.problems li{margin:.3rem 0}
.legend span{display:inline-block;margin-right:1rem}
.legend svg{display:inline-block;vertical-align:-.15em;margin:0 .3em 0 0}
</style>
</head>
<body>
<h1>tagspec bench: {{.Spec}}</h1>
<p class="muted">Data: {{inputs .Inputs}} ({{.Source}}){{if or .From .To}}, {{.From}} to {{.To}}{{end}}.
{{.Rows}} rows, {{.Sessions}} sessions, {{.Users}} users.</p>

<h2 id="rates">Rates against industry ranges</h2>
{{.RateLegend}}
<p class="legend muted">Verdicts: <span><b class="verdict below-range">below range</b>, <b class="verdict within-range">within range</b>, <b class="verdict above-range">above range</b>, <b class="verdict high-performer">high performer</b>: the whole 95% interval lies in that band;</span><span><b class="verdict inconclusive">inconclusive</b>: the interval straddles a boundary of the range;</span><span><b class="verdict no-data">no data</b>: the event is not in the data;</span><span><b class="verdict no-range">no range</b>: the event names no industry range.</span></p>
<table class="rates">
<colgroup><col style="width:19%"><col style="width:9%"><col style="width:12%"><col style="width:19%"><col style="width:18%"><col style="width:23%"></colgroup>
<tr><th>event</th><th class="n">rate</th><th class="n">95% CI</th><th>verdict</th><th>range</th><th>chart</th></tr>
{{range $i, $r := .Rates}}<tr>
<td><strong>{{breakable $r.Event}}</strong><br><span class="muted">{{$r.Definition}}{{if eq $r.Collection "enhanced measurement"}} (GA4 enhanced measurement){{end}}</span></td>
<td class="n">{{rateText $r}}<br><span class="muted">{{$r.Numerator}} / {{$r.Denominator}}</span></td>
<td class="n">{{intervalText $r}}</td>
<td class="verdict {{verdictClass $r.Verdict}}">{{$r.Verdict}}<br><span class="muted why">{{$r.VerdictReason}}</span></td>
<td>{{rangeText $r.Range}}{{with $r.Range}}<br><span class="muted">{{.Name}}: {{.Definition}}. {{.Source}} ({{.Year}})</span>{{end}}</td>
<td>{{index $.RateCharts $i}}</td>
</tr>
{{end}}</table>

{{if .Funnels}}<h2 id="funnels">Funnels</h2>
{{.FunnelLegend}}
{{range $i, $f := .Funnels}}<h3>{{$f.Name}} <span class="muted">({{$f.Variant}}, {{$f.Unit}})</span></h3>
{{index $.FunnelCharts $i}}
<table class="funnel"><tr><th>step</th><th class="n">sessions</th><th class="n">conversion</th><th class="n">drop-off</th></tr>
<tr><td>(all sessions)</td><td class="n">{{$f.Sessions}}</td><td></td><td></td></tr>
{{range $f.Steps}}<tr><td>{{.Event}}</td><td class="n">{{.Sessions}}</td><td class="n">{{pct .Conversion}}</td><td class="n">{{pct .DropOff}}</td></tr>
{{end}}</table>
{{with $f.BiggestLeak}}<p>Biggest leak: <strong>{{.From}} &rarr; {{.To}}</strong> loses {{pct .DropOff}} ({{.Lost}} sessions).</p>{{end}}
{{end}}{{end}}

{{if .Weights}}<h2 id="weights">Predictive weight of micro-conversions</h2>
<p class="muted">Macro-conversion: {{.Macro}}. Lift = macro-conversion rate with the micro-conversion / rate without it, with a 95% interval, on a log scale (2x and 0.5x lie the same distance from 1x); "preceded" counts those whose first micro-conversion came before the first macro-conversion.</p>
{{.WeightLegend}}
{{.WeightChart}}
<table><tr><th class="n">rank</th><th>micro-conversion</th><th>unit</th><th class="n">with</th><th class="n">without</th><th class="n">lift</th><th class="n">preceded</th><th class="n">median time to macro</th></tr>
{{range .Weights}}<tr><td class="n">{{.Rank}}</td><td>{{.Micro}}</td><td>{{.Unit}}</td>
<td class="n">{{.WithMacro}}/{{.With}} ({{pct .RateWith}})</td><td class="n">{{.WithoutMacro}}/{{.Without}} ({{pct .RateWithout}})</td>
<td class="n">{{lift .}}</td><td class="n">{{.Preceded}}</td><td class="n">{{duration .MedianSecondsToMacro}}</td></tr>
{{end}}</table>{{end}}

{{.ModelSection}}
{{.ComparisonSection}}
{{with .Momentum}}<h2 id="momentum">Momentum patterns</h2>
<p class="muted">Sequences of micro-conversions that came before the macro-conversion ({{.Macro}}), mined from {{.Users}} users ({{.Converters}} converted). Lift = conversion rate of users with the pattern / rate of users without it, with a 95% interval on a log scale; ranked by the interval's low end. Search: {{.Bounds}}; {{.Evaluated}} sequences counted.</p>
{{$.WeightLegend}}
{{if .Mined}}{{$.PatternChart}}
<table><tr><th class="n">rank</th><th>pattern</th><th class="n">users</th><th class="n">converted</th><th class="n">lift</th><th class="n">of converters</th><th class="n">median to macro: with / without</th></tr>
{{range .Mined}}<tr><td class="n">{{.Rank}}</td><td>{{.Text}}<br><span class="muted">{{.VelocityWords}}</span></td><td class="n">{{.Users}}</td><td class="n">{{.Converters}} ({{pct .RateWith}})</td>
<td class="n">{{findingLift .}}</td><td class="n">{{pct .Coverage}}</td><td class="n">{{macroVelocityText .}}</td></tr>
{{end}}</table>{{else}}<p>No sequence meets the bounds.</p>{{end}}
{{if .Declared}}<h3>Declared patterns</h3>
{{$.DeclaredChart}}
<table><tr><th>name</th><th>pattern</th><th class="n">users</th><th class="n">converted</th><th class="n">lift</th><th class="n">of converters</th><th class="n">median to macro: with / without</th></tr>
{{range .Declared}}<tr><td>{{.Pattern.Name}}</td><td>{{.Text}}<br><span class="muted">{{.VelocityWords}}{{if .LeftOut}} ({{.LeftOut}} users without {{.Pattern.Start}} left out){{end}}</span></td><td class="n">{{.Users}}</td><td class="n">{{.Converters}} ({{pct .RateWith}})</td>
<td class="n">{{findingLift .}}</td><td class="n">{{pct .Coverage}}</td><td class="n">{{macroVelocityText .}}</td></tr>
{{end}}</table>{{end}}
<h3 id="velocity">Velocity</h3>
<p class="muted">Time from a user's first touch to the first event of each stage and to the macro-conversion.</p>
<table><tr><th>stage</th><th class="n">users</th><th class="n">25%</th><th class="n">median</th><th class="n">75%</th></tr>
{{range .Velocity}}<tr><td>{{.Stage}}</td><td class="n">{{.Time.N}}</td><td class="n">{{duration .Time.P25}}</td><td class="n">{{duration .Time.Median}}</td><td class="n">{{duration .Time.P75}}</td></tr>
{{end}}</table>
<h3 id="early-signals">Early signals</h3>
<p>{{.SignalCount}} user(s) match a pattern whose lift interval lies above 1 but have not converted; <code>tagspec bench --early-signals FILE.csv</code> lists their user_pseudo_id with a score.</p>
{{end}}

<h2>Data problems</h2>
{{if .Problems}}<ul class="problems">{{range .Problems}}<li><code>{{.Rule}}</code> {{.Message}}</li>
{{end}}</ul>{{else}}<p>None found.</p>{{end}}
<p class="muted">Generated by tagspec bench.</p>
</body>
</html>
`))

// verdictClass is the CSS class of a verdict: its words joined by dashes.
func verdictClass(v string) string {
	return strings.ReplaceAll(v, " ", "-")
}

// breakable lets a browser wrap a long event name after its underscores
// rather than widen the table.
func breakable(name string) template.HTML {
	parts := strings.Split(name, "_")
	for i, p := range parts {
		parts[i] = template.HTMLEscapeString(p)
	}
	return template.HTML(strings.Join(parts, "_<wbr>"))
}

// Colours of the charts; the legends draw their swatches from the same
// constants, so a legend always shows the colour it names.
const (
	colorTrack    = "#f2f4f7" // the rate chart's scale, from 0 to its right end
	colorAverage  = "#d1e9d6" // the range's average band
	colorHigh     = "#e4dcf7" // the high-performer zone
	colorObserved = "#1d2430" // observed rate and its interval
	colorStep     = "#84adea" // a funnel step's bar
	colorLeak     = "#f97066" // the funnel step after the biggest leak
	colorLift     = "#6941c6" // lift and its interval
	colorNoLift   = "#98a2b3" // the dashed line at 1x
	colorGrid     = "#e4e7ec" // powers of ten on the lift axis
	colorLabel    = "#667085" // axis labels
)

// legendItem is one entry of a chart legend: a swatch drawn like the mark
// it explains, and the words for it.
type legendItem struct {
	mark  string // "box", "interval", "dashed" or "line"
	color string
	text  string
}

// legend writes a chart legend as a paragraph of small inline SVG swatches.
func legend(items ...legendItem) template.HTML {
	var b strings.Builder
	b.WriteString(`<p class="legend muted">`)
	for _, it := range items {
		b.WriteString(`<span><svg xmlns="http://www.w3.org/2000/svg" width="22" height="12" aria-hidden="true">`)
		switch it.mark {
		case "box":
			fmt.Fprintf(&b, `<rect x="0" y="1" width="22" height="10" fill="%s"/>`, it.color)
		case "interval":
			fmt.Fprintf(&b, `<line x1="2" x2="20" y1="6" y2="6" stroke="%[1]s" stroke-width="2"/><circle cx="11" cy="6" r="4" fill="%[1]s"/>`, it.color)
		case "dashed":
			fmt.Fprintf(&b, `<line x1="11" x2="11" y1="0" y2="12" stroke="%s" stroke-dasharray="3 3"/>`, it.color)
		case "line":
			fmt.Fprintf(&b, `<line x1="11" x2="11" y1="0" y2="12" stroke="%s" stroke-width="2"/>`, it.color)
		}
		b.WriteString(`</svg>`)
		b.WriteString(template.HTMLEscapeString(it.text))
		b.WriteString(`</span>`)
	}
	b.WriteString(`</p>`)
	return template.HTML(b.String())
}

var (
	rateLegend = legend(
		legendItem{"box", colorTrack, "chart scale, from 0 to the value at its right end"},
		legendItem{"box", colorAverage, "industry average range"},
		legendItem{"box", colorHigh, "high performer"},
		legendItem{"interval", colorObserved, "observed rate with its 95% interval"},
	)
	funnelLegend = legend(
		legendItem{"box", colorStep, "sessions reaching the step (bar length relative to the first step)"},
		legendItem{"box", colorLeak, "the step after the biggest leak: the largest share lost from one step to the next"},
	)
	weightLegend = legend(
		legendItem{"interval", colorLift, "lift with its 95% interval"},
		legendItem{"dashed", colorNoLift, "1x: no lift"},
		legendItem{"line", colorGrid, "0.1x, 1x, 10x, ...: each step multiplies the lift by ten"},
	)
)

// niceMax rounds an axis maximum up to 1, 2 or 5 times a power of ten.
func niceMax(x float64) float64 {
	if x <= 0 {
		return 1
	}
	p := math.Pow(10, math.Floor(math.Log10(x)))
	for _, m := range []float64{1, 2, 5, 10} {
		if x <= m*p {
			return m * p
		}
	}
	return 10 * p
}

// rateChart draws one rate: the average band, the high-performer zone and
// the observed rate with its interval, on an axis from 0. A rate without
// data draws no mark, only the words "no data".
func rateChart(r *Rate) template.HTML {
	const w, h, left, right = 250.0, 34.0, 4.0, 34.0
	top := r.CIHigh
	if rg := r.Range; rg != nil {
		top = max(top, rg.High*1.25)
		if rg.HighPerformer != nil {
			top = max(top, *rg.HighPerformer*1.25)
		}
	}
	axis := niceMax(min(max(top, 0.001), 1))
	x := func(v float64) float64 { return left + (w-left-right)*math.Min(v, axis)/axis }
	var b strings.Builder
	label := fmt.Sprintf("%s: %s, 95%% interval %s to %s, %s", r.Event, pct(r.Rate), pct(r.CILow), pct(r.CIHigh), r.Verdict)
	if r.Verdict == VerdictNoData {
		label = r.Event + ": no data"
	}
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" width="100%%" viewBox="0 0 %g %g" style="max-width:%gpx" role="img" aria-label="%s">`,
		w, h, w, template.HTMLEscapeString(label))
	fmt.Fprintf(&b, `<rect x="%g" y="6" width="%g" height="14" fill="%s"/>`, left, w-left-right, colorTrack)
	if rg := r.Range; rg != nil {
		fmt.Fprintf(&b, `<rect x="%.1f" y="6" width="%.1f" height="14" fill="%s"/>`, x(rg.Low), math.Max(x(rg.High)-x(rg.Low), 1), colorAverage)
		if rg.HighPerformer != nil {
			fmt.Fprintf(&b, `<rect x="%.1f" y="6" width="%.1f" height="14" fill="%s"/>`, x(*rg.HighPerformer), math.Max(x(axis)-x(*rg.HighPerformer), 0), colorHigh)
		}
	}
	if r.Verdict == VerdictNoData {
		fmt.Fprintf(&b, `<text x="%g" y="17" font-size="11" fill="%s">no data</text>`, left+4, colorLabel)
	} else {
		fmt.Fprintf(&b, `<line x1="%.1f" x2="%.1f" y1="13" y2="13" stroke="%s" stroke-width="2"/>`, x(r.CILow), x(r.CIHigh), colorObserved)
		fmt.Fprintf(&b, `<line x1="%.1f" x2="%.1f" y1="8" y2="18" stroke="%s" stroke-width="1.5"/>`, x(r.CILow), x(r.CILow), colorObserved)
		fmt.Fprintf(&b, `<line x1="%.1f" x2="%.1f" y1="8" y2="18" stroke="%s" stroke-width="1.5"/>`, x(r.CIHigh), x(r.CIHigh), colorObserved)
		fmt.Fprintf(&b, `<circle cx="%.1f" cy="13" r="4" fill="%s"/>`, x(r.Rate), colorObserved)
	}
	fmt.Fprintf(&b, `<text x="%g" y="31" font-size="10" fill="%s">0</text>`, left, colorLabel)
	fmt.Fprintf(&b, `<text x="%g" y="31" font-size="10" fill="%s" text-anchor="end">%s</text>`, w-right, colorLabel, pctShort(axis))
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

// funnelChart draws a funnel's steps as bars scaled to the first step.
func funnelChart(f *Funnel) template.HTML {
	const w, rowH, label = 640.0, 26.0, 170.0
	h := rowH*float64(len(f.Steps)) + 6
	var first int64
	if len(f.Steps) > 0 {
		first = f.Steps[0].Sessions
	}
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" width="%g" height="%g" role="img" aria-label="funnel %s (%s)">`,
		w, h, template.HTMLEscapeString(f.Name), f.Variant)
	for i, s := range f.Steps {
		y := float64(i)*rowH + 3
		frac := 0.0
		if first > 0 {
			frac = float64(s.Sessions) / float64(first)
		}
		barW := (w - label - 90) * frac
		fill := colorStep
		if l := f.BiggestLeak; l != nil && l.To == s.Event && i > 0 && f.Steps[i-1].Event == l.From {
			fill = colorLeak
		}
		fmt.Fprintf(&b, `<text x="%g" y="%.1f" font-size="12" text-anchor="end" fill="#1d2430">%s</text>`, label-6, y+15, template.HTMLEscapeString(s.Event))
		fmt.Fprintf(&b, `<rect x="%g" y="%.1f" width="%.1f" height="%g" fill="%s"/>`, label, y, math.Max(barW, 1), rowH-6, fill)
		fmt.Fprintf(&b, `<text x="%.1f" y="%.1f" font-size="11" fill="#344054">%d (%s)</text>`, label+math.Max(barW, 1)+5, y+15, s.Sessions, pct(s.Conversion))
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

// Bounds of the lift axis, in powers of ten: it always shows 0.1x to 10x
// and widens to the intervals' ends, but never beyond 0.001x to 1000x
// (marks outside sit on the edge).
const (
	minLiftDecade = -3
	maxLiftDecade = 3
)

// weightChart draws each micro-conversion's lift with its interval on a log
// axis (lifts span orders of magnitude, and 2x and 0.5x are equally strong
// effects), with a grid line at every power of ten, a dashed reference line
// at 1x (no lift) and the lift written at the end of each row.
func weightChart(ws []Weight) template.HTML {
	rows := make([]liftRow, len(ws))
	for i, x := range ws {
		rows[i] = liftRow{label: x.Micro + " (" + string(x.Unit) + ")", lift: x.Lift, low: x.LiftLow, high: x.LiftHigh}
	}
	return liftChart(rows, "lift of each micro-conversion, log scale", 230)
}

// liftRow is one row of a lift chart.
type liftRow struct {
	label           string
	lift, low, high *float64 // nil: undefined
}

// liftChart draws lifts with their intervals on a log axis with a grid
// line at every power of ten, a dashed line at 1x and each lift written at
// the end of its row; label is the width kept for the row labels.
func liftChart(ws []liftRow, aria string, label float64) template.HTML {
	const w, rowH, right, axisH = 720.0, 24.0, 64.0, 30.0
	lo, hi := -1.0, 1.0 // decades
	for _, x := range ws {
		if x.lift == nil {
			continue
		}
		lo = math.Min(lo, math.Floor(math.Log10(*x.low)))
		hi = math.Max(hi, math.Ceil(math.Log10(*x.high)))
	}
	lo, hi = math.Max(lo, minLiftDecade), math.Min(hi, maxLiftDecade)
	xp := func(v float64) float64 {
		d := math.Min(math.Max(math.Log10(v), lo), hi)
		return label + (w-label-right)*(d-lo)/(hi-lo)
	}
	rows := rowH * float64(len(ws))
	h := rows + axisH
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" width="%g" height="%g" role="img" aria-label="%s">`, w, h, template.HTMLEscapeString(aria))
	for d := lo; d <= hi; d++ {
		v := math.Pow(10, d)
		if d != 0 {
			fmt.Fprintf(&b, `<line x1="%.1f" x2="%.1f" y1="0" y2="%g" stroke="%s"/>`, xp(v), xp(v), rows+4, colorGrid)
		}
		fmt.Fprintf(&b, `<text x="%.1f" y="%g" font-size="10" fill="%s" text-anchor="middle">%sx</text>`, xp(v), rows+16, colorLabel, strconv.FormatFloat(v, 'f', -1, 64))
	}
	fmt.Fprintf(&b, `<line x1="%.1f" x2="%.1f" y1="0" y2="%g" stroke="%s" stroke-dasharray="3 3"/>`, xp(1), xp(1), rows+4, colorNoLift)
	fmt.Fprintf(&b, `<text x="%.1f" y="%g" font-size="10" fill="%s" text-anchor="middle">lift (log scale)</text>`, label+(w-label-right)/2, rows+28, colorLabel)
	for i, x := range ws {
		y := float64(i)*rowH + 12
		fmt.Fprintf(&b, `<text x="%g" y="%.1f" font-size="12" text-anchor="end" fill="#1d2430">%s</text>`, label-8, y+4, template.HTMLEscapeString(x.label))
		if x.lift == nil {
			fmt.Fprintf(&b, `<text x="%g" y="%.1f" font-size="11" fill="%s">lift undefined</text>`, label+4, y+4, colorLabel)
			continue
		}
		fmt.Fprintf(&b, `<line x1="%.1f" x2="%.1f" y1="%.1f" y2="%.1f" stroke="%s" stroke-width="2"/>`, xp(*x.low), xp(*x.high), y, y, colorLift)
		fmt.Fprintf(&b, `<circle cx="%.1f" cy="%.1f" r="4" fill="%s"/>`, xp(*x.lift), y, colorLift)
		fmt.Fprintf(&b, `<text x="%g" y="%.1f" font-size="11" fill="#344054">%.2fx</text>`, w-right+8, y+4, *x.lift)
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

// findingChart draws the lift of each pattern with its interval.
func findingChart(fs []momentum.Finding, declared bool) template.HTML {
	if len(fs) == 0 {
		return ""
	}
	rows := make([]liftRow, len(fs))
	for i := range fs {
		f := &fs[i]
		label := fmt.Sprintf("%d. %s", f.Rank, f.Text)
		if declared {
			label = f.Pattern.Name
		}
		if len(label) > 60 {
			label = label[:57] + "..."
		}
		rows[i] = liftRow{label: label, lift: f.Lift, low: f.LiftLow, high: f.LiftHigh}
	}
	return liftChart(rows, "lift of each momentum pattern, log scale", 380)
}
