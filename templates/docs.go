package templates

import (
	"bytes"
	"encoding/json"
	"fmt"
	"html/template"
	"slices"
	"strconv"
	"strings"

	"github.com/tagspec/tagspec/spec"
)

// docEvent is one event of the tracking plan, ready to print.
type docEvent struct {
	Name, Kind, Category, Signal, Stage, Purpose, Trigger, Benchmark string
	Consent                                                          string
	Listener                                                         bool
	Params                                                           []docParam
	Push                                                             string // dataLayer.push(...) the site must run, or ""
	PushWhen                                                         string
}

type docParam struct {
	Name, Type, Source, Required, Allowed string
}

type docPlan struct {
	Name, MeasurementID, Consent string
	Events                       []docEvent
	Funnels                      []string
	Listeners                    bool
}

// Docs writes the tracking plan web developers implement: per event its
// purpose, its trigger in words, a parameter table and the exact
// dataLayer.push(...) the site must run where the event needs data from
// the page. It returns the plan as Markdown and as a self-contained HTML
// page (inline CSS, no external resources).
func Docs(s *spec.Spec) (markdown, html []byte) {
	p := plan(s)
	return docsMarkdown(p), docsHTML(p)
}

func plan(s *spec.Spec) docPlan {
	p := docPlan{Name: cmpOr(s.Name, "Tracking plan"), MeasurementID: s.MeasurementID, Consent: consentWords(nil)}
	if s.Consent != nil {
		p.Consent = consentWords(s.Consent.Required)
	}
	for _, f := range s.Funnels {
		p.Funnels = append(p.Funnels, f.Name+": "+strings.Join(f.Steps, " → "))
	}
	for i := range s.Events {
		e := &s.Events[i]
		de := docEvent{Name: e.Name, Kind: e.Kind, Category: e.Category, Signal: e.Signal, Stage: e.Stage,
			Purpose: cmpOr(strings.TrimSpace(e.Description), "(no description in the spec)"), Benchmark: e.Benchmark,
			Consent: consentWords(effectiveConsent(s, e))}
		de.Trigger, de.Listener = describeTrigger(&e.Trigger)
		p.Listeners = p.Listeners || de.Listener
		var pushKeys []pushKey
		for _, prm := range e.Params {
			dp := docParam{Name: prm.Name, Type: cmpOr(prm.Type, spec.TypeString), Source: describeSource(prm.From, prm.Name), Required: "no"}
			if prm.Required {
				dp.Required = "yes"
			}
			dp.Allowed = describeAllowed(&prm)
			de.Params = append(de.Params, dp)
			src := prm.From
			if src.Kind == "" {
				src = spec.Source{Kind: spec.SourceDataLayer, Value: prm.Name}
			}
			if src.Kind == spec.SourceDataLayer && !strings.HasPrefix(src.Value, "tagspec.") && !strings.HasPrefix(src.Value, "gtm.") {
				pushKeys = append(pushKeys, pushKey{path: strings.Split(src.Value, "."), value: exampleValue(&prm)})
			}
		}
		if e.Trigger.Kind == spec.TriggerDataLayer {
			de.Push = pushSnippet(e.Trigger.Event, pushKeys)
			de.PushWhen = "Run this when the event happens; the push itself fires the GA4 tag."
		} else if len(pushKeys) > 0 {
			de.Push = pushSnippet("", pushKeys)
			de.PushWhen = "Run this before the trigger happens (for example when the page or component renders), so the values are in the data layer when the tag fires."
		}
		p.Events = append(p.Events, de)
	}
	return p
}

// consentWords says which consent an event needs before its tag fires, in
// the words of the consent mode types: "analytics_storage required",
// "ad_storage and analytics_storage required" or "none required".
func consentWords(types []string) string {
	switch len(types) {
	case 0:
		return "none required"
	case 1:
		return types[0] + " required"
	}
	return strings.Join(types[:len(types)-1], ", ") + " and " + types[len(types)-1] + " required"
}

func describeSource(src spec.Source, name string) string {
	switch src.Kind {
	case "":
		return "dataLayer key " + name
	case spec.SourceDataLayer:
		if strings.HasPrefix(src.Value, "tagspec.") {
			return "set by the tagspec listener (" + src.Value + ")"
		}
		return "dataLayer key " + src.Value
	case spec.SourceBuiltin:
		if b, ok := lookupBuiltIn(src.Value); ok {
			return "GTM built-in " + b.Name
		}
	case spec.SourceConst:
		return "constant " + strconv.Quote(src.Value)
	case spec.SourceURL:
		return "page URL: " + src.Value
	case spec.SourceElement:
		if src.Value == "text" {
			return "text of the element"
		}
		return "element attribute " + src.Value
	}
	return src.String()
}

func describeAllowed(p *spec.Param) string {
	var parts []string
	if len(p.Enum) > 0 {
		vals := make([]string, len(p.Enum))
		for i, v := range p.Enum {
			vals[i] = fmt.Sprint(v)
		}
		parts = append(parts, "one of "+strings.Join(vals, ", "))
	}
	if p.Pattern != "" {
		parts = append(parts, "matches "+p.Pattern)
	}
	if p.Min != nil {
		parts = append(parts, "≥ "+strconv.FormatFloat(*p.Min, 'f', -1, 64))
	}
	if p.Max != nil {
		parts = append(parts, "≤ "+strconv.FormatFloat(*p.Max, 'f', -1, 64))
	}
	if p.MaxLength != nil {
		parts = append(parts, "at most "+strconv.Itoa(*p.MaxLength)+" characters")
	}
	return strings.Join(parts, "; ")
}

func percents(xs []int) string {
	parts := make([]string, len(xs))
	for i, x := range xs {
		parts[i] = strconv.Itoa(x) + "%"
	}
	return strings.Join(parts, ", ")
}

// describeTrigger says in words when an event fires, and whether it needs
// a tagspec listener tag.
func describeTrigger(t *spec.Trigger) (string, bool) {
	var s string
	listener := false
	switch t.Kind {
	case spec.TriggerPageView:
		switch {
		case t.PathExact != "":
			s = "Page view of the path " + t.PathExact
		case t.PathPrefix != "":
			s = "Page view of a path starting with " + t.PathPrefix
		case t.PathRegex != "":
			s = "Page view of a path matching " + t.PathRegex
		default:
			s = "Every page view"
		}
	case spec.TriggerClick:
		var parts []string
		if t.Selector != "" {
			parts = append(parts, "on an element matching "+t.Selector)
		}
		if t.Text != "" {
			parts = append(parts, "with the text "+strconv.Quote(t.Text))
		}
		if t.URL != "" {
			parts = append(parts, "on a link whose URL contains "+t.URL)
		}
		s = "Click " + strings.Join(parts, ", ")
	case spec.TriggerFormSubmit:
		s = "Submission of the form " + cmpOr(t.Selector, "(any form)")
	case spec.TriggerFormStart:
		s, listener = "First input into a field of the form "+cmpOr(t.Selector, "(any form)"), true
	case spec.TriggerFormAbandon:
		s, listener = "The form "+cmpOr(t.Selector, "(any form)")+" was started but not submitted when the visitor leaves or hides the page", true
	case spec.TriggerScroll:
		s = "Vertical scroll depth reaches " + percents(t.Percent) + " of the page"
	case spec.TriggerVideo:
		if t.Provider == "html5" {
			s, listener = "HTML5 video "+cmpOr(t.Selector, "(any <video>)")+" reaches "+percents(t.Percent), true
		} else {
			s = "Embedded YouTube video reaches " + percents(t.Percent) + " (the embed needs the YouTube JS API enabled)"
		}
	case spec.TriggerVisibility:
		ratio := t.Ratio
		if ratio <= 0 {
			ratio = 0.5
		}
		s = fmt.Sprintf("Element %s is at least %d%% visible", t.Selector, int(ratio*100+0.5))
		if t.Seconds > 0 {
			s += " for " + formatSeconds(t.Seconds) + " s"
		}
	case spec.TriggerTimer:
		if t.Selector != "" {
			s, listener = formatSeconds(t.Seconds)+" s with the element "+t.Selector+" in view while the page is visible", true
		} else {
			s = formatSeconds(t.Seconds) + " s on the page"
		}
	case spec.TriggerDataLayer:
		s = "The site pushes the dataLayer event " + t.Event
	case spec.TriggerHistoryChange:
		s = "A browser history change (single-page app navigation)"
	default:
		s = "(no trigger)"
	}
	if t.Pages != "" {
		s += "; only on pages whose path matches " + t.Pages
	}
	if listener {
		s += " (tagspec listener tag)"
	}
	return s, listener
}

type pushKey struct {
	path  []string
	value any
}

// exampleValue gives a value of the parameter's type that satisfies its
// constraints where it can, for the dataLayer.push example.
func exampleValue(p *spec.Param) any {
	if len(p.Enum) > 0 {
		return p.Enum[0]
	}
	switch p.Type {
	case spec.TypeNumber:
		if p.Min != nil {
			return *p.Min
		}
		return 49.9
	case spec.TypeInteger:
		if p.Min != nil {
			return int(*p.Min)
		}
		return 1
	case spec.TypeBoolean:
		return true
	case spec.TypeItems:
		return []any{map[string]any{"item_id": "SKU_123", "item_name": "Example item", "price": 49.9, "quantity": 1}}
	}
	return "<" + p.Name + ">"
}

// pushSnippet writes a dataLayer.push call with nested keys as nested
// objects, in the order the parameters are declared.
func pushSnippet(event string, keys []pushKey) string {
	type node struct {
		name     string
		value    any
		children []*node
	}
	root := &node{}
	for _, k := range keys {
		cur := root
		for i, part := range k.path {
			idx := slices.IndexFunc(cur.children, func(n *node) bool { return n.name == part })
			if idx < 0 {
				cur.children = append(cur.children, &node{name: part})
				idx = len(cur.children) - 1
			}
			cur = cur.children[idx]
			if i == len(k.path)-1 {
				cur.value = k.value
			}
		}
	}
	var b strings.Builder
	var write func(n *node, indent string)
	write = func(n *node, indent string) {
		for i, c := range n.children {
			b.WriteString(indent + jsKey(c.name) + ": ")
			if len(c.children) > 0 {
				b.WriteString("{\n")
				write(c, indent+"  ")
				b.WriteString(indent + "}")
			} else {
				var vb bytes.Buffer
				enc := json.NewEncoder(&vb)
				enc.SetEscapeHTML(false)
				_ = enc.Encode(c.value) // plain values from the spec
				b.Write(bytes.TrimSpace(vb.Bytes()))
			}
			if i < len(n.children)-1 {
				b.WriteString(",")
			}
			b.WriteString("\n")
		}
	}
	b.WriteString("window.dataLayer = window.dataLayer || [];\nwindow.dataLayer.push({\n")
	if event != "" {
		root.children = append([]*node{{name: "event", value: event}}, root.children...)
	}
	write(root, "  ")
	b.WriteString("});")
	return b.String()
}

// jsKey quotes an object key unless it is a plain identifier.
func jsKey(k string) string {
	for i, r := range k {
		if !(r == '_' || r == '$' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || i > 0 && r >= '0' && r <= '9') {
			return strconv.Quote(k)
		}
	}
	if k == "" {
		return `""`
	}
	return k
}

// mdCell escapes text for a Markdown table cell.
func mdCell(s string) string {
	if s == "" {
		return "–"
	}
	return strings.NewReplacer("|", `\|`, "\n", " ").Replace(s)
}

func docsMarkdown(p docPlan) []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, "# %s: tracking plan\n\n", p.Name)
	b.WriteString("Generated by tagspec from the spec; do not edit by hand. Each event below lists when it fires, ")
	b.WriteString("the parameters it sends and, where the site must provide data, the exact `dataLayer.push(...)` to add.\n\n")
	fmt.Fprintf(&b, "- GA4 measurement ID: `%s`\n- Consent by default: %s\n- Events: %d\n", cmpOr(p.MeasurementID, "(not set)"), p.Consent, len(p.Events))
	for _, f := range p.Funnels {
		fmt.Fprintf(&b, "- Funnel %s\n", f)
	}
	b.WriteString("\n## Contents\n\n")
	for _, e := range p.Events {
		fmt.Fprintf(&b, "- [%s](#%s) (%s)\n", e.Name, anchor(e.Name), e.Kind)
	}
	for _, e := range p.Events {
		fmt.Fprintf(&b, "\n## %s\n\n%s\n\n", e.Name, e.Purpose)
		fmt.Fprintf(&b, "| | |\n|---|---|\n| Kind | %s |\n", mdCell(e.Kind))
		for _, kv := range [][2]string{{"Category", e.Category}, {"Signal", e.Signal}, {"Funnel stage", e.Stage}, {"Benchmark", e.Benchmark}} {
			if kv[1] != "" {
				fmt.Fprintf(&b, "| %s | %s |\n", kv[0], mdCell(kv[1]))
			}
		}
		fmt.Fprintf(&b, "| Trigger | %s |\n| Consent | %s |\n", mdCell(e.Trigger), mdCell(e.Consent))
		if len(e.Params) > 0 {
			b.WriteString("\n| Parameter | Type | Value from | Required | Allowed values |\n|---|---|---|---|---|\n")
			for _, prm := range e.Params {
				fmt.Fprintf(&b, "| `%s` | %s | %s | %s | %s |\n", prm.Name, prm.Type, mdCell(prm.Source), prm.Required, mdCell(prm.Allowed))
			}
		} else {
			b.WriteString("\nNo parameters beyond GA4's automatic ones.\n")
		}
		if e.Push != "" {
			fmt.Fprintf(&b, "\n%s\n\n```js\n%s\n```\n", e.PushWhen, e.Push)
		}
	}
	if p.Listeners {
		b.WriteString("\n## About tagspec listener tags\n\n")
		b.WriteString("GTM has no built-in trigger for form starts, form abandonment, time on an element or HTML5 video progress. ")
		b.WriteString("For those events the generated container holds a small Custom HTML tag (\"tagspec listener - <event>\", fired on All Pages) ")
		b.WriteString("that watches the page and pushes `tagspec.<event>` to the data layer; a custom event trigger then fires the GA4 tag. ")
		b.WriteString("The site needs no code for them, only the elements the selectors name.\n")
	}
	return b.Bytes()
}

func anchor(name string) string {
	return strings.ToLower(strings.ReplaceAll(name, " ", "-"))
}

var docsTemplate = template.Must(template.New("plan").Parse(`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Name}}: tracking plan</title>
<style>
body{font:15px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#1d232a}
h1{font-size:1.6rem}h2{font-size:1.2rem;margin-top:2.2rem;border-top:1px solid #d8dde3;padding-top:1rem}
code,pre{font:13px/1.45 ui-monospace,SFMono-Regular,Menlo,monospace}
pre{background:#f4f6f8;border:1px solid #d8dde3;border-radius:6px;padding:.8rem;overflow:auto}
table{border-collapse:collapse;margin:.6rem 0;width:100%}th,td{border:1px solid #d8dde3;padding:.3rem .5rem;text-align:left;vertical-align:top}
th{background:#f4f6f8}.tag{display:inline-block;border-radius:4px;padding:0 .4rem;font-size:12px;background:#e6eef8;margin-right:.3rem}
.macro{background:#fde9d9}.muted{color:#5b6670}
</style>
</head>
<body>
<h1>{{.Name}}: tracking plan</h1>
<p class="muted">Generated by tagspec from the spec; do not edit by hand. Each event lists when it fires, the parameters it sends and, where the site must provide data, the exact <code>dataLayer.push(...)</code> to add.</p>
<ul>
<li>GA4 measurement ID: <code>{{if .MeasurementID}}{{.MeasurementID}}{{else}}(not set){{end}}</code></li>
<li>Consent by default: {{.Consent}}</li>
<li>Events: {{len .Events}}</li>
{{range .Funnels}}<li>Funnel {{.}}</li>
{{end}}</ul>
<nav><ul>{{range .Events}}<li><a href="#{{.Name}}">{{.Name}}</a> <span class="tag{{if eq .Kind "macro"}} macro{{end}}">{{.Kind}}</span></li>{{end}}</ul></nav>
{{range .Events}}
<section id="{{.Name}}">
<h2>{{.Name}} <span class="tag{{if eq .Kind "macro"}} macro{{end}}">{{.Kind}}</span>{{if .Stage}}<span class="tag">{{.Stage}}</span>{{end}}</h2>
<p>{{.Purpose}}</p>
<table>
{{if .Category}}<tr><th>Category</th><td>{{.Category}}</td></tr>{{end}}
{{if .Signal}}<tr><th>Signal</th><td>{{.Signal}}</td></tr>{{end}}
{{if .Benchmark}}<tr><th>Benchmark</th><td>{{.Benchmark}}</td></tr>{{end}}
<tr><th>Trigger</th><td>{{.Trigger}}</td></tr>
<tr><th>Consent</th><td>{{.Consent}}</td></tr>
</table>
{{if .Params}}<table>
<tr><th>Parameter</th><th>Type</th><th>Value from</th><th>Required</th><th>Allowed values</th></tr>
{{range .Params}}<tr><td><code>{{.Name}}</code></td><td>{{.Type}}</td><td>{{.Source}}</td><td>{{.Required}}</td><td>{{.Allowed}}</td></tr>
{{end}}</table>{{else}}<p class="muted">No parameters beyond GA4's automatic ones.</p>{{end}}
{{if .Push}}<p>{{.PushWhen}}</p>
<pre><code>{{.Push}}</code></pre>{{end}}
</section>
{{end}}
{{if .Listeners}}<h2>About tagspec listener tags</h2>
<p>GTM has no built-in trigger for form starts, form abandonment, time on an element or HTML5 video progress. For those events the generated container holds a small Custom HTML tag ("tagspec listener - &lt;event&gt;", fired on All Pages) that watches the page and pushes <code>tagspec.&lt;event&gt;</code> to the data layer; a custom event trigger then fires the GA4 tag. The site needs no code for them, only the elements the selectors name.</p>{{end}}
</body>
</html>
`))

func docsHTML(p docPlan) []byte {
	var b bytes.Buffer
	if err := docsTemplate.Execute(&b, p); err != nil {
		// The template is fixed and the data is plain strings; report the
		// failure inside the page rather than losing the plan.
		return []byte("<!doctype html><p>tracking plan could not be rendered: " + template.HTMLEscapeString(err.Error()) + "</p>")
	}
	return b.Bytes()
}
