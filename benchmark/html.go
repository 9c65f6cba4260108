package benchmark

import (
	"fmt"
	"html/template"
	"io"
	"math"
	"strings"
)

// WriteHTML writes the report as one self-contained HTML page: inline CSS
// and inline SVG charts (each rate with its interval against the industry
// band, every funnel, the predictive weights), nothing fetched from the
// network.
func WriteHTML(w io.Writer, r *Report) error {
	data := htmlData{Report: r}
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
	return htmlTmpl.Execute(w, data)
}

type htmlData struct {
	*Report
	RateCharts   []template.HTML
	FunnelCharts []template.HTML
	WeightChart  template.HTML
	Macro        string
}

var htmlTmpl = template.Must(template.New("report").Funcs(template.FuncMap{
	"pct":       pct,
	"rangeText": RangeText,
	"duration":  durationText,
	"lift":      func(w Weight) string { return liftText(&w) },
	"verdictClass": func(v string) string {
		return strings.ReplaceAll(v, " ", "-")
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
th{background:#f5f6fa;font-weight:600}td.n{text-align:right;font-variant-numeric:tabular-nums}
.verdict{font-weight:600;white-space:nowrap}.below-range{color:#b42318}.within-range{color:#1d6f42}.above-range{color:#175cd3}
.high-performer{color:#6941c6}.not-enough-data,.no-range{color:#667085}
.muted{color:#667085;font-size:.9em}svg{display:block;margin:.2rem 0}.problems li{margin:.3rem 0}
td.range{min-width:16rem}.legend span{display:inline-block;margin-right:1rem}.sw{display:inline-block;width:.9em;height:.9em;vertical-align:-.1em;margin-right:.3em}
</style>
</head>
<body>
<h1>tagspec bench: {{.Spec}}</h1>
<p class="muted">Data: {{range $i, $in := .Inputs}}{{if $i}}, {{end}}{{$in}}{{end}} ({{.Source}}){{if or .From .To}}, {{.From}} to {{.To}}{{end}}.
{{.Rows}} rows, {{.Sessions}} sessions, {{.Users}} users.</p>

<h2>Rates against industry ranges</h2>
<p class="legend muted"><span><i class="sw" style="background:#d1e9d6"></i>average range</span><span><i class="sw" style="background:#e4dcf7"></i>high performer</span><span><i class="sw" style="background:#1d2430"></i>observed rate with 95% interval</span></p>
<table>
<tr><th>event</th><th>rate</th><th>95% CI</th><th>numerator / denominator</th><th>range</th><th>verdict</th><th style="width:330px">chart</th></tr>
{{range $i, $r := .Rates}}<tr>
<td><strong>{{$r.Event}}</strong><br><span class="muted">{{$r.Definition}}{{if eq $r.Collection "enhanced measurement"}} (GA4 enhanced measurement){{end}}</span></td>
<td class="n">{{pct $r.Rate}}</td><td class="n">{{pct $r.CILow}}&ndash;{{pct $r.CIHigh}}</td>
<td class="n">{{$r.Numerator}} / {{$r.Denominator}}</td>
<td class="range">{{rangeText $r.Range}}{{with $r.Range}}<br><span class="muted">{{.Name}}: {{.Definition}}. {{.Source}} ({{.Year}})</span>{{end}}</td>
<td class="verdict {{verdictClass $r.Verdict}}">{{$r.Verdict}}</td>
<td>{{index $.RateCharts $i}}</td>
</tr>
{{end}}</table>

{{if .Funnels}}<h2>Funnels</h2>
{{range $i, $f := .Funnels}}<h3>{{$f.Name}} <span class="muted">({{$f.Variant}}, {{$f.Unit}})</span></h3>
{{index $.FunnelCharts $i}}
<table><tr><th>step</th><th>sessions</th><th>conversion</th><th>drop-off</th></tr>
<tr><td>(all sessions)</td><td class="n">{{$f.Sessions}}</td><td></td><td></td></tr>
{{range $f.Steps}}<tr><td>{{.Event}}</td><td class="n">{{.Sessions}}</td><td class="n">{{pct .Conversion}}</td><td class="n">{{pct .DropOff}}</td></tr>
{{end}}</table>
{{with $f.BiggestLeak}}<p>Biggest leak: <strong>{{.From}} &rarr; {{.To}}</strong> loses {{pct .DropOff}} ({{.Lost}} sessions).</p>{{end}}
{{end}}{{end}}

{{if .Weights}}<h2>Predictive weight of micro-conversions</h2>
<p class="muted">Macro-conversion: {{.Macro}}. Lift = macro-conversion rate with the micro-conversion / rate without it, with a 95% interval; "preceded" counts those whose first micro-conversion came before the first macro-conversion.</p>
{{.WeightChart}}
<table><tr><th>rank</th><th>micro-conversion</th><th>unit</th><th>with</th><th>without</th><th>lift</th><th>preceded</th><th>median time to macro</th></tr>
{{range .Weights}}<tr><td class="n">{{.Rank}}</td><td>{{.Micro}}</td><td>{{.Unit}}</td>
<td class="n">{{.WithMacro}}/{{.With}} ({{pct .RateWith}})</td><td class="n">{{.WithoutMacro}}/{{.Without}} ({{pct .RateWithout}})</td>
<td class="n">{{lift .}}</td><td class="n">{{.Preceded}}</td><td class="n">{{duration .MedianSecondsToMacro}}</td></tr>
{{end}}</table>{{end}}

<h2>Data problems</h2>
{{if .Problems}}<ul class="problems">{{range .Problems}}<li><code>{{.Kind}}</code> {{.Message}}</li>
{{end}}</ul>{{else}}<p>None found.</p>{{end}}
<p class="muted">Generated by tagspec bench.</p>
</body>
</html>
`))

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
// the observed rate with its interval, on an axis from 0.
func rateChart(r *Rate) template.HTML {
	const w, h, left, right = 320.0, 34.0, 4.0, 40.0
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
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" width="%g" height="%g" role="img" aria-label="%s: %s, 95%% interval %s to %s">`,
		w, h, template.HTMLEscapeString(r.Event), pct(r.Rate), pct(r.CILow), pct(r.CIHigh))
	fmt.Fprintf(&b, `<rect x="%g" y="6" width="%g" height="14" fill="#f2f4f7"/>`, left, w-left-right)
	if rg := r.Range; rg != nil {
		fmt.Fprintf(&b, `<rect x="%.1f" y="6" width="%.1f" height="14" fill="#d1e9d6"/>`, x(rg.Low), math.Max(x(rg.High)-x(rg.Low), 1))
		if rg.HighPerformer != nil {
			fmt.Fprintf(&b, `<rect x="%.1f" y="6" width="%.1f" height="14" fill="#e4dcf7"/>`, x(*rg.HighPerformer), math.Max(x(axis)-x(*rg.HighPerformer), 0))
		}
	}
	if r.Denominator > 0 {
		fmt.Fprintf(&b, `<line x1="%.1f" x2="%.1f" y1="13" y2="13" stroke="#1d2430" stroke-width="2"/>`, x(r.CILow), x(r.CIHigh))
		fmt.Fprintf(&b, `<line x1="%.1f" x2="%.1f" y1="8" y2="18" stroke="#1d2430" stroke-width="1.5"/>`, x(r.CILow), x(r.CILow))
		fmt.Fprintf(&b, `<line x1="%.1f" x2="%.1f" y1="8" y2="18" stroke="#1d2430" stroke-width="1.5"/>`, x(r.CIHigh), x(r.CIHigh))
		fmt.Fprintf(&b, `<circle cx="%.1f" cy="13" r="4" fill="#1d2430"/>`, x(r.Rate))
	}
	fmt.Fprintf(&b, `<text x="%g" y="31" font-size="10" fill="#667085">0</text>`, left)
	fmt.Fprintf(&b, `<text x="%g" y="31" font-size="10" fill="#667085" text-anchor="end">%s</text>`, w-right, pctShort(axis))
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
		fill := "#84adea"
		if l := f.BiggestLeak; l != nil && l.To == s.Event && i > 0 && f.Steps[i-1].Event == l.From {
			fill = "#f97066"
		}
		fmt.Fprintf(&b, `<text x="%g" y="%.1f" font-size="12" text-anchor="end" fill="#1d2430">%s</text>`, label-6, y+15, template.HTMLEscapeString(s.Event))
		fmt.Fprintf(&b, `<rect x="%g" y="%.1f" width="%.1f" height="%g" fill="%s"/>`, label, y, math.Max(barW, 1), rowH-6, fill)
		fmt.Fprintf(&b, `<text x="%.1f" y="%.1f" font-size="11" fill="#344054">%d (%s)</text>`, label+math.Max(barW, 1)+5, y+15, s.Sessions, pct(s.Conversion))
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

// weightChart draws each micro-conversion's lift with its interval, with a
// reference line at 1 (no lift).
func weightChart(ws []Weight) template.HTML {
	const w, rowH, label, right = 640.0, 24.0, 230.0, 30.0
	top := 2.0
	for _, x := range ws {
		if x.LiftHigh != nil {
			top = math.Max(top, *x.LiftHigh)
		}
	}
	axis := niceMax(top)
	xp := func(v float64) float64 { return label + (w-label-right)*math.Min(v, axis)/axis }
	h := rowH*float64(len(ws)) + 20
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" width="%g" height="%g" role="img" aria-label="lift of each micro-conversion">`, w, h)
	fmt.Fprintf(&b, `<line x1="%.1f" x2="%.1f" y1="0" y2="%g" stroke="#98a2b3" stroke-dasharray="3 3"/>`, xp(1), xp(1), h-14)
	for i, x := range ws {
		y := float64(i)*rowH + 12
		fmt.Fprintf(&b, `<text x="%g" y="%.1f" font-size="12" text-anchor="end" fill="#1d2430">%s (%s)</text>`, label-8, y+4, template.HTMLEscapeString(x.Micro), x.Unit)
		if x.Lift == nil {
			fmt.Fprintf(&b, `<text x="%g" y="%.1f" font-size="11" fill="#667085">lift undefined</text>`, label+4, y+4)
			continue
		}
		fmt.Fprintf(&b, `<line x1="%.1f" x2="%.1f" y1="%.1f" y2="%.1f" stroke="#6941c6" stroke-width="2"/>`, xp(*x.LiftLow), xp(*x.LiftHigh), y, y)
		fmt.Fprintf(&b, `<circle cx="%.1f" cy="%.1f" r="4" fill="#6941c6"/>`, xp(*x.Lift), y)
	}
	fmt.Fprintf(&b, `<text x="%.1f" y="%g" font-size="10" fill="#667085" text-anchor="middle">1x</text>`, xp(1), h-2)
	fmt.Fprintf(&b, `<text x="%.1f" y="%g" font-size="10" fill="#667085" text-anchor="end">%gx</text>`, xp(axis), h-2, axis)
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}
