package report

import (
	"encoding/base64"
	"fmt"
	"html/template"
	"io"
	"strings"
	"time"

	"github.com/tagspec/tagspec/hits"
	"github.com/tagspec/tagspec/spec"
	"github.com/tagspec/tagspec/validator"
)

// The HTML report is one file with no outside references: inline CSS, an
// inline SVG timeline per journey, failure screenshots as data: URIs, and
// for a crawl with discovery a pages section: the discovery summary, the
// table of pages by hit events (its header stays in view while scrolling,
// failing rows are marked and link to their findings) and the failing
// pages' findings.

type htmlPage struct {
	Title    string
	Name     string
	BaseURL  string
	Started  string
	Duration string
	Verdict  string
	Passed   bool
	Counts   Counts
	// Findings are the crawl's own findings, of no journey.
	Findings []htmlFinding
	Journeys []htmlJourney
	Pages    *htmlPages
}

// htmlPages is the pages section of a crawl with discovery.
type htmlPages struct {
	Summary string
	Events  []string // the table's event columns
	Rows    []htmlPageRow
	Failing []htmlFailingPage
}

type htmlPageRow struct {
	Passed bool
	Label  string // path and query, or the full URL
	URL    string
	Status string
	Cells  []string
	Errors string
	Anchor string // ID of the page's findings, for failing pages
	Note   string // how its retries went
}

type htmlFailingPage struct {
	ID       string
	URL      string
	About    string
	Note     string
	Reason   string
	Findings []htmlFinding
}

type htmlJourney struct {
	ID       string
	Name     string
	Passed   bool
	Reason   string
	Attempts string // how its retries went, if it was retried
	Timeline htmlTimeline
	Steps    []htmlStep
	Events   []htmlEvent
	Findings []htmlFinding
}

type htmlTimeline struct {
	Width, Height int
	Axis          int
	Steps         []svgRect
	Events        []svgDot
	Ticks         []svgTick
}

type svgRect struct {
	X, Y, W, H int
	Class      string
	Title      string
}

type svgDot struct {
	X, Y  int
	Class string
	Title string
}

type svgTick struct {
	X      int
	Label  string
	Anchor string // SVG text-anchor, so that the end labels stay inside
}

type htmlStep struct {
	Num         int
	Kind        string
	Description string
	At          string
	Took        string
	Error       string
	Screenshot  template.URL
	ShotPath    string
	Class       string
}

type htmlEvent struct {
	Num     int
	At      string
	Name    string
	Source  string
	Step    string
	Page    string
	Consent string
	Params  []htmlParam
	Flagged bool
}

type htmlParam struct {
	Name, Type, Value string
}

type htmlFinding struct {
	Severity string
	Rule     string
	Step     string
	Where    string
	Message  string
	Page     string
}

const (
	tlWidth  = 960
	tlLeft   = 10
	tlRight  = 10
	stepRowY = 14
	stepRowH = 18
	evRowY   = 52
)

func writeHTML(w io.Writer, r *Report) error {
	page := htmlPage{Name: r.Name, BaseURL: r.BaseURL, Passed: !r.HasErrors(), Counts: r.Count()}
	page.Title = "tagspec crawl report"
	if r.Recorded {
		page.Title = "tagspec check-hits report"
	}
	if r.Name != "" {
		page.Title += ": " + r.Name
	}
	if !r.Started.IsZero() {
		page.Started = r.Started.UTC().Format("2006-01-02 15:04:05 UTC")
	}
	if r.Duration > 0 {
		page.Duration = r.Duration.Round(time.Millisecond).String()
	}
	page.Verdict = r.verdictLine()
	for _, f := range r.Findings {
		page.Findings = append(page.Findings, htmlFindingOf(f))
	}
	for i := range r.Journeys {
		if r.Journeys[i].Page != nil {
			continue
		}
		hj := htmlJourneyOf(i, &r.Journeys[i], r.Recorded)
		hj.Attempts = r.attemptNote(&r.Journeys[i])
		page.Journeys = append(page.Journeys, hj)
	}
	if r.hasPages() {
		page.Pages = htmlPagesOf(r)
	}
	return htmlTemplate.Execute(w, page)
}

// htmlPagesOf builds the pages section from the report's site table.
func htmlPagesOf(r *Report) *htmlPages {
	t := r.Site()
	origin := r.siteOrigin()
	hp := &htmlPages{Summary: discoverySummary(r.Discovery, len(t.Rows)), Events: t.Events}
	for _, row := range t.Rows {
		j := &r.Journeys[row.Entry]
		hr := htmlPageRow{Passed: j.Passed, Label: pageLabel(origin, row.URL), URL: row.URL, Status: countCell(row.Status), Errors: countCell(row.Errors), Note: r.attemptNote(j)}
		for _, n := range row.Counts {
			hr.Cells = append(hr.Cells, countCell(n))
		}
		if !j.Passed {
			hr.Anchor = fmt.Sprintf("p%d", row.Entry+1)
			fp := htmlFailingPage{ID: hr.Anchor, URL: row.URL, Note: hr.Note}
			fp.About = pageAbout(origin, j)
			if j.Incomplete {
				fp.Reason = j.Reason
				if fp.Reason == "" {
					fp.Reason = "the page did not finish loading"
				}
			}
			for _, f := range j.Findings {
				fp.Findings = append(fp.Findings, htmlFindingOf(f))
			}
			hp.Failing = append(hp.Failing, fp)
		}
		hp.Rows = append(hp.Rows, hr)
	}
	return hp
}

func htmlJourneyOf(i int, j *Journey, recorded bool) htmlJourney {
	hj := htmlJourney{ID: fmt.Sprintf("j%d", i+1), Name: j.Name, Passed: j.Passed}
	if j.Incomplete {
		hj.Reason = j.Reason
		if hj.Reason == "" {
			hj.Reason = "the journey did not finish"
		}
	}
	t0, t1 := bounds(j)
	flagged := map[int]bool{}
	for _, f := range j.Findings {
		if f.EventIndex >= 0 {
			flagged[f.EventIndex] = true
		}
	}
	for _, st := range j.Steps {
		hs := htmlStep{Num: st.Index + 1, Kind: st.Kind, Description: st.Description, Error: st.Error, ShotPath: st.Screenshot, Class: "ok"}
		if st.Error != "" {
			hs.Class = "bad"
		}
		if !st.Start.IsZero() && !t0.IsZero() {
			hs.At = offset(st.Start.Sub(t0))
			if !st.End.IsZero() {
				hs.Took = st.End.Sub(st.Start).Round(time.Millisecond).String()
			}
		}
		if len(st.ScreenshotPNG) > 0 {
			hs.Screenshot = template.URL("data:image/png;base64," + base64.StdEncoding.EncodeToString(st.ScreenshotPNG))
		}
		hj.Steps = append(hj.Steps, hs)
	}
	for k := range j.Events {
		e := &j.Events[k]
		he := htmlEvent{Num: k + 1, Name: e.Name, Source: string(e.Source), Page: e.Page, Flagged: flagged[k], Step: "before step 1"}
		if recorded {
			he.Step = "in the recording"
		}
		if e.Step != validator.NoStep {
			he.Step = fmt.Sprintf("step %d", e.Step+1)
		}
		if !e.Time.IsZero() && !t0.IsZero() {
			he.At = offset(e.Time.Sub(t0))
		}
		if e.Source == validator.SourceHit {
			he.Consent = consentText(e.Consent)
		}
		for _, p := range e.Params {
			he.Params = append(he.Params, htmlParam{Name: p.Name, Type: string(p.Type), Value: p.Value})
		}
		for _, p := range e.UserProps {
			he.Params = append(he.Params, htmlParam{Name: "user property " + p.Name, Type: string(p.Type), Value: p.Value})
		}
		for _, it := range e.Items {
			var parts []string
			for _, f := range it.Fields {
				parts = append(parts, f.Name+"="+f.Value)
			}
			for _, f := range it.Custom {
				parts = append(parts, f.Name+"="+f.Value)
			}
			he.Params = append(he.Params, htmlParam{Name: fmt.Sprintf("item %d", it.Index), Type: "item", Value: strings.Join(parts, ", ")})
		}
		hj.Events = append(hj.Events, he)
	}
	for _, f := range j.Findings {
		hj.Findings = append(hj.Findings, htmlFindingOf(f))
	}
	hj.Timeline = timeline(j, t0, t1, flagged)
	return hj
}

func htmlFindingOf(f validator.Finding) htmlFinding {
	hf := htmlFinding{Severity: string(f.Severity), Rule: f.Rule, Where: f.Pos.String(), Message: f.Message, Page: f.Page}
	if f.Step != validator.NoStep {
		hf.Step = fmt.Sprintf("step %d", f.Step+1)
	}
	return hf
}

// consentText says a hit's consent state in words, "none sent" when it
// carried none.
func consentText(c hits.Consent) string {
	if d := c.Describe(); d != "no consent state" {
		return d
	}
	return "none sent"
}

// bounds returns the earliest and latest time of the journey's steps and
// events.
func bounds(j *Journey) (t0, t1 time.Time) {
	see := func(t time.Time) {
		if t.IsZero() {
			return
		}
		if t0.IsZero() || t.Before(t0) {
			t0 = t
		}
		if t1.IsZero() || t.After(t1) {
			t1 = t
		}
	}
	for _, st := range j.Steps {
		see(st.Start)
		see(st.End)
	}
	for k := range j.Events {
		see(j.Events[k].Time)
	}
	return t0, t1
}

func offset(d time.Duration) string {
	return fmt.Sprintf("+%.3fs", d.Seconds())
}

// timeline lays the steps (bars) and events (dots) out on a time axis.
func timeline(j *Journey, t0, t1 time.Time, flagged map[int]bool) htmlTimeline {
	tl := htmlTimeline{Width: tlWidth, Height: evRowY + 40, Axis: evRowY + 22}
	span := t1.Sub(t0)
	if t0.IsZero() || span <= 0 {
		span = time.Second
	}
	inner := tlWidth - tlLeft - tlRight
	x := func(t time.Time) int {
		if t.IsZero() || t0.IsZero() {
			return tlLeft
		}
		return tlLeft + int(float64(inner)*float64(t.Sub(t0))/float64(span))
	}
	for _, st := range j.Steps {
		x0, x1 := x(st.Start), x(st.End)
		if st.End.IsZero() || x1 < x0+3 {
			x1 = x0 + 3
		}
		class := "step"
		switch {
		case st.Error != "":
			class = "step bad"
		case st.Kind == spec.StepExpect || st.Kind == spec.StepExpectNone:
			class = "step expect"
		}
		tl.Steps = append(tl.Steps, svgRect{X: x0, Y: stepRowY, W: x1 - x0, H: stepRowH, Class: class, Title: fmt.Sprintf("step %d: %s", st.Index+1, st.Description)})
	}
	// Dots in the same pixel column are stacked so that none hides another.
	used := map[int]int{}
	for k := range j.Events {
		e := &j.Events[k]
		ex := x(e.Time)
		row := used[ex/6]
		used[ex/6]++
		class := "hit"
		if e.Source != validator.SourceHit {
			class = "push"
		}
		if flagged[k] {
			class += " flagged"
		}
		tl.Events = append(tl.Events, svgDot{X: ex, Y: evRowY + (row%4)*5, Class: class, Title: fmt.Sprintf("#%d %s (%s)", k+1, e.Name, e.Source)})
	}
	for i := 0; i <= 4; i++ {
		d := time.Duration(float64(span) * float64(i) / 4)
		anchor := "middle"
		switch i {
		case 0:
			anchor = "start"
		case 4:
			anchor = "end"
		}
		tl.Ticks = append(tl.Ticks, svgTick{X: tlLeft + inner*i/4, Label: offset(d), Anchor: anchor})
	}
	return tl
}

var htmlTemplate = template.Must(template.New("report").Parse(`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Title}}</title>
<style>
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:0;color:#1d232b;background:#f6f7f9}
header{background:#1d232b;color:#fff;padding:16px 24px}
header h1{margin:0;font-size:20px}
header p{margin:4px 0 0;color:#c9d1da}
main{padding:16px 24px;max-width:1200px}
.verdict{display:inline-block;padding:2px 10px;border-radius:10px;font-weight:600}
.pass{background:#d6f5df;color:#11632b}.fail{background:#fbd9d9;color:#8a1414}
section.journey{background:#fff;border:1px solid #dde2e8;border-radius:6px;margin:16px 0;padding:12px 16px}
section.journey h2{font-size:17px;margin:0 0 8px}
table{border-collapse:collapse;width:100%;margin:8px 0}
th,td{text-align:left;padding:4px 6px;border-bottom:1px solid #eef1f4;vertical-align:top}
th{font-weight:600;color:#4b5563;font-size:12px;text-transform:uppercase}
td.num{width:3em;color:#6b7280}
tr.bad td{background:#fff4f4}
tr.flagged td{background:#fffaf0}
.sev-error{color:#a31515;font-weight:600}.sev-warning{color:#8a5a00;font-weight:600}.sev-info{color:#35608f}
code{font:12px ui-monospace,SFMono-Regular,Menlo,monospace;background:#f1f3f5;padding:1px 3px;border-radius:3px}
details summary{cursor:pointer}
dl.params{display:grid;grid-template-columns:max-content 1fr;gap:2px 10px;margin:4px 0}
dl.params dt{color:#4b5563}dl.params dd{margin:0;word-break:break-all}
img.shot{max-width:100%;border:1px solid #dde2e8;margin-top:6px}
svg .step{fill:#9fb8d6}svg .step.expect{fill:#7d6bd6}svg .step.bad{fill:#d64545}
svg .hit{fill:#1f7a4d}svg .push{fill:#fff;stroke:#1f7a4d;stroke-width:1.5}
svg .flagged{stroke:#d64545;stroke-width:2.5}
svg .axis{stroke:#9aa4af}svg text{font:10px sans-serif;fill:#6b7280}
.legend span{margin-right:14px;font-size:12px;color:#4b5563}
.legend svg{display:inline-block;vertical-align:-1px;margin-right:4px}
p.retry{color:#8a5a00}
.sitetable{max-height:70vh;overflow:auto;border:1px solid #dde2e8;border-radius:6px;background:#fff}
.sitetable table{margin:0}
.sitetable thead th{position:sticky;top:0;background:#fff;box-shadow:0 1px 0 #dde2e8;z-index:1}
.sitetable td.count,.sitetable th.count{text-align:right;font-variant-numeric:tabular-nums}
.sitetable td.url{word-break:break-all}
.sitetable th code{text-transform:none}
section.page{background:#fff;border:1px solid #dde2e8;border-left:4px solid #d64545;border-radius:6px;margin:12px 0;padding:10px 16px}
section.page h3{font-size:15px;margin:0 0 4px;word-break:break-all}
</style>
</head>
<body>
<header>
<h1>{{.Title}}</h1>
<p>{{if .BaseURL}}{{.BaseURL}} · {{end}}{{if .Started}}{{.Started}} · {{end}}{{if .Duration}}{{.Duration}} · {{end}}<span class="verdict {{if .Passed}}pass{{else}}fail{{end}}">{{if .Passed}}PASS{{else}}FAIL{{end}}</span> {{.Verdict}}</p>
</header>
<main>
<nav><ul>{{range .Journeys}}<li><a href="#{{.ID}}">{{.Name}}</a> <span class="verdict {{if .Passed}}pass{{else}}fail{{end}}">{{if .Passed}}pass{{else}}fail{{end}}</span></li>{{end}}{{if .Pages}}<li><a href="#pages">Pages</a> ({{len .Pages.Rows}}, {{len .Pages.Failing}} failed)</li>{{end}}</ul></nav>
{{if .Findings}}<section class="crawl" id="crawl-findings">
<h2>Crawl findings</h2>
<p>Findings of the crawl itself, not of one journey.</p>
<table><tr><th>Severity</th><th>Rule</th><th>Message</th></tr>
{{range .Findings}}<tr><td class="sev-{{.Severity}}">{{.Severity}}</td><td><code>{{.Rule}}</code></td><td>{{if .Where}}<code>{{.Where}}</code> {{end}}{{.Message}}</td></tr>
{{end}}</table>
</section>
{{end}}{{range .Journeys}}
<section class="journey" id="{{.ID}}">
<h2>{{.Name}} <span class="verdict {{if .Passed}}pass{{else}}fail{{end}}">{{if .Passed}}pass{{else}}fail{{end}}</span></h2>
{{if .Reason}}<p class="sev-error">Did not finish: {{.Reason}}</p>{{end}}{{if .Attempts}}
<p class="retry">{{.Attempts}}</p>{{end}}
<svg xmlns="http://www.w3.org/2000/svg" width="100%" viewBox="0 0 {{.Timeline.Width}} {{.Timeline.Height}}" role="img" aria-label="timeline of steps and events">
{{range .Timeline.Steps}}<rect class="{{.Class}}" x="{{.X}}" y="{{.Y}}" width="{{.W}}" height="{{.H}}"><title>{{.Title}}</title></rect>
{{end}}{{range .Timeline.Events}}<circle class="{{.Class}}" cx="{{.X}}" cy="{{.Y}}" r="4"><title>{{.Title}}</title></circle>
{{end}}<line class="axis" x1="10" y1="{{.Timeline.Axis}}" x2="{{.Timeline.Width}}" y2="{{.Timeline.Axis}}"/>
{{$axis := .Timeline.Axis}}{{range .Timeline.Ticks}}<text x="{{.X}}" y="{{$axis}}" dy="12" text-anchor="{{.Anchor}}">{{.Label}}</text>
{{end}}</svg>
<p class="legend"><span><svg width="16" height="10" aria-hidden="true"><rect class="step" width="16" height="10"/></svg>step</span><span><svg width="16" height="10" aria-hidden="true"><rect class="step expect" width="16" height="10"/></svg>expectation step</span><span><svg width="16" height="10" aria-hidden="true"><rect class="step bad" width="16" height="10"/></svg>red bar: step that failed</span><span><svg width="12" height="12" aria-hidden="true"><circle class="hit" cx="6" cy="6" r="4"/></svg>GA4 hit</span><span><svg width="12" height="12" aria-hidden="true"><circle class="push" cx="6" cy="6" r="4"/></svg>dataLayer event</span><span><svg width="12" height="12" aria-hidden="true"><circle class="hit flagged" cx="6" cy="6" r="4"/></svg>red ring: event with a finding</span></p>
<h3>Findings</h3>
{{if .Findings}}<table><tr><th>Severity</th><th>Rule</th><th>Step</th><th>Message</th></tr>
{{range .Findings}}<tr><td class="sev-{{.Severity}}">{{.Severity}}</td><td><code>{{.Rule}}</code></td><td>{{.Step}}</td><td>{{if .Where}}<code>{{.Where}}</code> {{end}}{{.Message}}{{if .Page}}<br><small>{{.Page}}</small>{{end}}</td></tr>
{{end}}</table>{{else}}<p>None.</p>{{end}}
<h3>Steps</h3>
<table><tr><th>#</th><th>Step</th><th>At</th><th>Took</th><th>Result</th></tr>
{{range .Steps}}<tr class="{{.Class}}"><td class="num">{{.Num}}</td><td>{{.Description}}</td><td>{{.At}}</td><td>{{.Took}}</td><td>{{if .Error}}<span class="sev-error">{{.Error}}</span>{{if .Screenshot}}<br><img class="shot" alt="screenshot of step {{.Num}}" src="{{.Screenshot}}">{{else if .ShotPath}}<br><small>screenshot: {{.ShotPath}}</small>{{end}}{{else}}ok{{end}}</td></tr>
{{end}}</table>
<h3>Captured events</h3>
{{if .Events}}<table><tr><th>#</th><th>At</th><th>Event</th><th>Source</th><th>When</th><th>Parameters</th></tr>
{{range .Events}}<tr{{if .Flagged}} class="flagged"{{end}}><td class="num">{{.Num}}</td><td>{{.At}}</td><td><code>{{.Name}}</code></td><td>{{.Source}}</td><td>{{.Step}}</td><td><details><summary>{{len .Params}} params · {{.Page}}</summary><dl class="params">{{if .Consent}}<dt>consent</dt><dd>{{.Consent}}</dd>{{end}}{{range .Params}}<dt>{{.Name}} <small>({{.Type}})</small></dt><dd>{{.Value}}</dd>{{end}}</dl></details></td></tr>
{{end}}</table>{{else}}<p>No events were captured.</p>{{end}}
</section>
{{end}}{{with .Pages}}
<section class="pages" id="pages">
<h2>Pages</h2>
<p>{{.Summary}}</p>
{{if .Rows}}<div class="sitetable"><table>
<thead><tr><th>Result</th><th class="count">Status</th>{{range .Events}}<th class="count"><code>{{.}}</code></th>{{end}}<th class="count">Errors</th><th>Page</th></tr></thead>
<tbody>
{{range .Rows}}<tr{{if not .Passed}} class="bad"{{end}}><td><span class="verdict {{if .Passed}}pass{{else}}fail{{end}}">{{if .Passed}}pass{{else}}fail{{end}}</span></td><td class="count">{{.Status}}</td>{{range .Cells}}<td class="count">{{.}}</td>{{end}}<td class="count">{{.Errors}}</td><td class="url">{{if .Anchor}}<a href="#{{.Anchor}}" title="{{.URL}}">{{.Label}}</a>{{else}}<span title="{{.URL}}">{{.Label}}</span>{{end}}{{if .Note}}<br><small>{{.Note}}</small>{{end}}</td></tr>
{{end}}</tbody>
</table></div>
{{end}}{{if .Failing}}<h2>Failing pages</h2>
{{range .Failing}}<section class="page" id="{{.ID}}">
<h3>{{.URL}} <span class="verdict fail">fail</span></h3>
<p><small>{{.About}}</small></p>
{{if .Reason}}<p class="sev-error">Did not finish: {{.Reason}}</p>{{end}}
{{if .Note}}<p class="retry">{{.Note}}</p>{{end}}
{{if .Findings}}<table><tr><th>Severity</th><th>Rule</th><th>Message</th></tr>
{{range .Findings}}<tr><td class="sev-{{.Severity}}">{{.Severity}}</td><td><code>{{.Rule}}</code></td><td>{{if .Where}}<code>{{.Where}}</code> {{end}}{{if .Step}}{{.Step}}: {{end}}{{.Message}}</td></tr>
{{end}}</table>{{end}}
</section>
{{end}}{{end}}</section>
{{end}}
</main>
</body>
</html>
`))
