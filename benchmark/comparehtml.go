package benchmark

import (
	"fmt"
	"html/template"
	"math"
	"strings"
)

// Colours of the model and comparison charts.
const (
	colorOdds  = "#6941c6" // odds ratio and its interval
	colorAlone = "#98a2b3" // today's lift, beside it
	colorUp    = "#1d6f42" // a significant rise
	colorDown  = "#b42318" // a significant fall
	colorFlat  = "#667085" // not significant
)

var (
	modelLegend = legend(
		legendItem{"interval", colorOdds, "odds ratio with its 95% interval, the other micro-conversions held fixed"},
		legendItem{"interval", colorAlone, "lift of the micro-conversion alone (users), for comparison"},
		legendItem{"dashed", colorNoLift, "1x: no effect"},
	)
	compareLegend = legend(
		legendItem{"interval", colorUp, "significant rise (after Holm's correction)"},
		legendItem{"interval", colorDown, "significant fall"},
		legendItem{"interval", colorFlat, "not significant"},
		legendItem{"dashed", colorNoLift, "no difference"},
	)
)

var sectionFuncs = template.FuncMap{
	"pct": pct, "or": orText, "liftAlone": func(w ModelWeight) string { return optLiftText(w.Lift, w.LiftLow, w.LiftHigh) },
	"metric": metricName, "diff": diffText, "rel": relText, "p": pText, "yesno": yesNo, "opt": optI64Text,
	"signedPct": signedPct, "join": strings.Join, "list": groupList,
}

var modelTmpl = template.Must(template.New("model").Funcs(sectionFuncs).Parse(`<h2 id="model">Predictive model: what to optimise</h2>
<p class="muted">Logistic regression of reaching {{.M.Macro}} on the micro-conversions each user did (L2 penalty {{.M.Lambda}}): a micro-conversion's odds ratio is how the odds of converting change with it when the other micro-conversions are held fixed, so one that only travels with a strong one gets little weight, unlike its lift alone. Ranked by the lower end of the interval, the weight the data vouches for. Log scale.</p>
{{if .M.Note}}<p>{{.M.Note}}</p>{{else}}<p>{{.M.Users}} users, {{.M.Converted}} converted.{{with .Top}} What to optimise first: <strong>{{join . ", "}}</strong>.{{end}}</p>
{{.Legend}}
{{.Chart}}
<table><tr><th class="n">rank</th><th>micro-conversion</th><th class="n">users with</th><th class="n">odds ratio</th><th>effect</th><th class="n">lift alone (users)</th></tr>
{{range .M.Weights}}<tr><td class="n">{{.Rank}}</td><td>{{.Micro}}</td><td class="n">{{.Users}}</td><td class="n">{{or .}}</td><td>{{.Effect}}</td><td class="n">{{liftAlone .}}</td></tr>
{{end}}</table>{{with .M.NoUsers}}<p class="muted">No user did {{join . ", "}}: left out of the model.</p>{{end}}{{end}}
`))

var compareTmpl = template.Must(template.New("compare").Funcs(sectionFuncs).Parse(`<h2 id="comparison">Comparison by {{.C.By}}</h2>
<p class="muted">Users, each in the group of the first value seen{{if .C.InBoth}} ({{.C.InBoth}} users active in both periods count in each){{end}}. Baseline {{.C.Baseline}}. Difference of rates with Newcombe's 95% interval; z test (Fisher's exact test when a cell is nearly empty); significance after Holm's correction over {{.C.Comparisons}} tests at alpha {{.C.Alpha}}; users each group needs to detect a {{signedPct .C.MinLift}} relative lift at {{.PowerPct}}% power.</p>
<p>{{range $i, $g := .C.Groups}}{{if $i}}; {{end}}<strong>{{$g.Name}}</strong>: {{$g.Users}} users{{if not $i}} (baseline){{end}}{{end}}.{{with .C.LeftOut}} Not compared: {{list .}}.{{end}}{{if .C.WithoutValue}} Left out: {{.C.WithoutValue}} users with no row carrying the {{.C.By}}.{{end}}</p>
{{if .C.Warnings}}<ul class="problems">{{range .C.Warnings}}<li><strong>{{if .Severe}}Warning{{else}}Watch{{end}}:</strong> {{.Message}}</li>
{{end}}</ul>{{else if gt (len .C.Groups) 1}}<p>No silo warning: no micro-conversion rose significantly while the macro-conversion fell.</p>{{end}}
{{if gt (len .C.Groups) 1}}{{.Legend}}
{{.Chart}}
<table><tr><th>metric</th><th>group</th><th class="n">rate</th><th class="n">baseline</th><th class="n">difference [95% CI]</th><th class="n">relative</th><th class="n">p</th><th class="n">p (Holm)</th><th>significant</th><th class="n">users needed per group</th><th class="n">still needed</th></tr>
{{range $m := .C.Metrics}}{{range $m.Rows}}<tr><td>{{metric $m}}</td><td>{{.Group}}</td><td class="n">{{pct .Rate}}<br><span class="muted">{{.Converted}}/{{.Users}}</span></td><td class="n">{{pct $m.BaselineRate}}</td><td class="n">{{diff .}}</td><td class="n">{{rel .RelLift}}</td><td class="n">{{p .P .Test}}</td><td class="n">{{p .PHolm ""}}</td><td>{{yesno .Significant}}</td><td class="n">{{opt $m.SampleSize}}</td><td class="n">{{opt .StillNeeded}}</td></tr>
{{end}}{{end}}</table>{{end}}
`))

// modelSection renders the model section of the HTML report.
func modelSection(m *Model) (template.HTML, error) {
	if m == nil {
		return "", nil
	}
	var b strings.Builder
	err := modelTmpl.Execute(&b, map[string]any{"M": m, "Top": modelPriorities(m), "Legend": modelLegend, "Chart": modelChart(m)})
	return template.HTML(b.String()), err
}

// comparisonSection renders the comparison section of the HTML report.
func comparisonSection(c *Comparison) (template.HTML, error) {
	if c == nil {
		return "", nil
	}
	var b strings.Builder
	err := compareTmpl.Execute(&b, map[string]any{"C": c, "PowerPct": c.Power * 100, "Legend": compareLegend, "Chart": compareChart(c)})
	return template.HTML(b.String()), err
}

// modelChart draws each odds ratio with its interval on a log axis, with
// the lift alone below it in grey.
func modelChart(m *Model) template.HTML {
	if len(m.Weights) == 0 {
		return ""
	}
	const w, rowH, label, right, axisH = 720.0, 30.0, 230.0, 64.0, 30.0
	lo, hi := -1.0, 1.0
	widen := func(l, h float64) {
		if l > 0 && h > 0 && !math.IsInf(h, 0) {
			lo = math.Min(lo, math.Floor(math.Log10(l)))
			hi = math.Max(hi, math.Ceil(math.Log10(h)))
		}
	}
	for _, x := range m.Weights {
		widen(x.ORLow, x.ORHigh)
		if x.Lift != nil {
			widen(*x.LiftLow, *x.LiftHigh)
		}
	}
	lo, hi = math.Max(lo, minLiftDecade), math.Min(hi, maxLiftDecade)
	xp := func(v float64) float64 {
		d := math.Min(math.Max(math.Log10(math.Max(v, 1e-300)), lo), hi)
		return label + (w-label-right)*(d-lo)/(hi-lo)
	}
	rows := rowH * float64(len(m.Weights))
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" width="%g" height="%g" role="img" aria-label="odds ratio of each micro-conversion, log scale">`, w, rows+axisH)
	for d := lo; d <= hi; d++ {
		v := math.Pow(10, d)
		if d != 0 {
			fmt.Fprintf(&b, `<line x1="%.1f" x2="%.1f" y1="0" y2="%g" stroke="%s"/>`, xp(v), xp(v), rows+4, colorGrid)
		}
		fmt.Fprintf(&b, `<text x="%.1f" y="%g" font-size="10" fill="%s" text-anchor="middle">%gx</text>`, xp(v), rows+16, colorLabel, v)
	}
	fmt.Fprintf(&b, `<line x1="%.1f" x2="%.1f" y1="0" y2="%g" stroke="%s" stroke-dasharray="3 3"/>`, xp(1), xp(1), rows+4, colorNoLift)
	fmt.Fprintf(&b, `<text x="%.1f" y="%g" font-size="10" fill="%s" text-anchor="middle">odds ratio (log scale)</text>`, label+(w-label-right)/2, rows+28, colorLabel)
	for i, x := range m.Weights {
		y := float64(i)*rowH + 10
		fmt.Fprintf(&b, `<text x="%g" y="%.1f" font-size="12" text-anchor="end" fill="#1d2430">%d. %s</text>`, label-8, y+4, x.Rank, template.HTMLEscapeString(x.Micro))
		fmt.Fprintf(&b, `<line x1="%.1f" x2="%.1f" y1="%.1f" y2="%.1f" stroke="%s" stroke-width="2"/>`, xp(x.ORLow), xp(x.ORHigh), y, y, colorOdds)
		fmt.Fprintf(&b, `<circle cx="%.1f" cy="%.1f" r="4" fill="%s"/>`, xp(x.OddsRatio), y, colorOdds)
		fmt.Fprintf(&b, `<text x="%g" y="%.1f" font-size="11" fill="#344054">%.2fx</text>`, w-right+8, y+4, x.OddsRatio)
		if x.Lift != nil {
			ly := y + 9
			fmt.Fprintf(&b, `<line x1="%.1f" x2="%.1f" y1="%.1f" y2="%.1f" stroke="%s" stroke-width="1.5"/>`, xp(*x.LiftLow), xp(*x.LiftHigh), ly, ly, colorAlone)
			fmt.Fprintf(&b, `<circle cx="%.1f" cy="%.1f" r="3" fill="%s"/>`, xp(*x.Lift), ly, colorAlone)
		}
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

// compareChart draws, per metric and group, the difference from the
// baseline with its interval, in percentage points around 0.
func compareChart(c *Comparison) template.HTML {
	var n int
	span := 0.0
	for _, m := range c.Metrics {
		for _, r := range m.Rows {
			n++
			span = math.Max(span, math.Max(math.Abs(r.DiffLow), math.Abs(r.DiffHigh)))
		}
	}
	if n == 0 {
		return ""
	}
	span = niceMax(math.Max(span, 0.001))
	const w, rowH, label, right, axisH = 720.0, 22.0, 260.0, 80.0, 30.0
	xp := func(v float64) float64 {
		v = math.Min(math.Max(v, -span), span)
		return label + (w-label-right)*(v+span)/(2*span)
	}
	rows := rowH * float64(n)
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" width="%g" height="%g" role="img" aria-label="difference from the baseline %s per metric">`, w, rows+axisH, template.HTMLEscapeString(c.Baseline))
	for _, v := range []float64{-span, 0, span} {
		fmt.Fprintf(&b, `<text x="%.1f" y="%g" font-size="10" fill="%s" text-anchor="middle">%s</text>`, xp(v), rows+16, colorLabel, signedPP(v))
	}
	fmt.Fprintf(&b, `<line x1="%.1f" x2="%.1f" y1="0" y2="%g" stroke="%s" stroke-dasharray="3 3"/>`, xp(0), xp(0), rows+4, colorNoLift)
	fmt.Fprintf(&b, `<text x="%.1f" y="%g" font-size="10" fill="%s" text-anchor="middle">difference from %s (percentage points)</text>`, label+(w-label-right)/2, rows+28, colorLabel, template.HTMLEscapeString(c.Baseline))
	i := 0
	for _, m := range c.Metrics {
		for _, r := range m.Rows {
			y := float64(i)*rowH + 11
			i++
			color := colorFlat
			switch {
			case r.Significant && r.Diff > 0:
				color = colorUp
			case r.Significant && r.Diff < 0:
				color = colorDown
			}
			fmt.Fprintf(&b, `<text x="%g" y="%.1f" font-size="12" text-anchor="end" fill="#1d2430">%s: %s</text>`, label-8, y+4, template.HTMLEscapeString(metricName(m)), template.HTMLEscapeString(r.Group))
			fmt.Fprintf(&b, `<line x1="%.1f" x2="%.1f" y1="%.1f" y2="%.1f" stroke="%s" stroke-width="2"/>`, xp(r.DiffLow), xp(r.DiffHigh), y, y, color)
			fmt.Fprintf(&b, `<circle cx="%.1f" cy="%.1f" r="4" fill="%s"/>`, xp(r.Diff), y, color)
			fmt.Fprintf(&b, `<text x="%g" y="%.1f" font-size="11" fill="#344054">%s</text>`, w-right+8, y+4, signedPP(r.Diff))
		}
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}
