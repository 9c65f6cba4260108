package codegen

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"unicode"

	"github.com/tagspec/tagspec/spec"
)

// helper is one generated function: the event it serves and the values
// the site passes to it.
type helper struct {
	event     *spec.Event
	fn        string // trackFreeTrialStart or setCaseStudyDownload
	typeName  string // FreeTrialStartParams; "" when the function takes nothing
	pushEvent string // the custom event name pushed; "" for a set helper
	ecommerce bool   // the push writes the ecommerce object, cleared first
	args      []arg  // in spec order
	others    []*spec.Param
	funnels   []string // "purchase funnel: step 2 of 4 (view_item → ...)"
}

// arg is one parameter the site passes: its name in the function's
// argument object and the data layer key it is pushed at.
type arg struct {
	param *spec.Param
	path  []string // data layer key, split at dots
}

// listenerPrefixes are data layer keys the site never writes: tagspec's
// listener tags and GTM itself set them.
var listenerPrefixes = []string{"tagspec.", "gtm."}

// plan builds the helpers of a spec, in event order, and returns the names
// of the events that need no code from the site. Every problem that makes
// a helper impossible (two values pushed at one key, two events with the
// same function name) is returned, each with its position.
func plan(s *spec.Spec) (helpers []helper, noCode []string, err error) {
	var problems []string
	fail := func(pos spec.Pos, format string, a ...any) {
		problems = append(problems, fmt.Sprintf("%s: %s", pos, fmt.Sprintf(format, a...)))
	}
	owner := map[string]*spec.Event{} // function name -> event
	for i := range s.Events {
		e := &s.Events[i]
		h := helper{event: e}
		for j := range e.Params {
			p := &e.Params[j]
			src := p.From
			if src.Kind == "" {
				src = spec.Source{Kind: spec.SourceDataLayer, Value: p.Name}
			}
			if src.Kind != spec.SourceDataLayer || hasAnyPrefix(src.Value, listenerPrefixes) {
				h.others = append(h.others, p)
				continue
			}
			path := strings.Split(src.Value, ".")
			if slices.Contains(path, "") {
				fail(p.Pos, "event %q: param %q: data layer key %q has an empty part", e.Name, p.Name, src.Value)
				continue
			}
			if path[0] == "event" {
				fail(p.Pos, "event %q: param %q: data layer key %q is the key that names the event in a push; read the value from another key", e.Name, p.Name, src.Value)
				continue
			}
			for _, other := range h.args {
				if isPrefix(other.path, path) || isPrefix(path, other.path) {
					fail(p.Pos, "event %q: params %q and %q are both pushed at data layer key %q; one push cannot hold both", e.Name, other.param.Name, p.Name, strings.Join(shorter(other.path, path), "."))
				}
			}
			h.args = append(h.args, arg{param: p, path: path})
			h.ecommerce = h.ecommerce || path[0] == "ecommerce"
		}
		pascal := pascalCase(e.Name)
		switch {
		case e.Trigger.Kind == spec.TriggerDataLayer:
			if e.Trigger.Event == "" {
				fail(e.Trigger.Pos, "event %q: a datalayer trigger needs the event the site pushes", e.Name)
				continue
			}
			h.fn, h.pushEvent = "track"+pascal, e.Trigger.Event
		case len(h.args) > 0:
			h.fn = "set" + pascal
		default:
			noCode = append(noCode, e.Name)
			continue
		}
		if pascal == "" {
			fail(e.Pos, "event %q: its name has no letter or digit to name a function after", e.Name)
			continue
		}
		if prev, ok := owner[h.fn]; ok {
			fail(e.Pos, "events %q and %q would both get the function %s; rename one", prev.Name, e.Name, h.fn)
			continue
		}
		owner[h.fn] = e
		if len(h.args) > 0 {
			h.typeName = pascal + "Params"
		}
		for _, f := range s.Funnels {
			if k := slices.Index(f.Steps, e.Name); k >= 0 {
				h.funnels = append(h.funnels, fmt.Sprintf("%s: step %d of %d (%s)", f.Name, k+1, len(f.Steps), strings.Join(f.Steps, " → ")))
			}
		}
		helpers = append(helpers, h)
	}
	if len(problems) > 0 {
		return nil, nil, fmt.Errorf("cannot generate dataLayer helpers:\n%s", strings.Join(problems, "\n"))
	}
	return helpers, noCode, nil
}

func hasAnyPrefix(s string, prefixes []string) bool {
	return slices.ContainsFunc(prefixes, func(p string) bool { return strings.HasPrefix(s, p) })
}

// isPrefix reports whether a is b or a parent key of b.
func isPrefix(a, b []string) bool {
	return len(a) <= len(b) && slices.Equal(a, b[:len(a)])
}

func shorter(a, b []string) []string {
	if len(a) <= len(b) {
		return a
	}
	return b
}

// pascalCase turns an event name into the part of a function name after
// track or set: free_trial_start -> FreeTrialStart. Characters other than
// letters and digits separate words.
func pascalCase(name string) string {
	var b strings.Builder
	upper := true
	for _, r := range name {
		if !(r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r))) {
			upper = true
			continue
		}
		if upper {
			r = unicode.ToUpper(r)
			upper = false
		}
		b.WriteRune(r)
	}
	return b.String()
}

// tsType is the TypeScript type of a parameter's value.
func tsType(p *spec.Param) string {
	if len(p.Enum) > 0 {
		var lits []string
		for _, v := range p.Enum {
			lits = append(lits, literal(v))
		}
		return strings.Join(lits, " | ")
	}
	switch p.Type {
	case spec.TypeNumber, spec.TypeInteger:
		return "number"
	case spec.TypeBoolean:
		return "boolean"
	case spec.TypeItems:
		return "Item[]"
	}
	return "string"
}

// literal writes an enum value as a TypeScript literal.
func literal(v any) string {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return "never" // a value JSON cannot hold (NaN): no call can match it
	}
	return strings.TrimSpace(b.String())
}

// propKey writes an object key, quoted unless it is a plain identifier.
func propKey(k string) string {
	if k == "" {
		return `""`
	}
	for i, r := range k {
		if !(r == '_' || r == '$' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || i > 0 && r >= '0' && r <= '9') {
			return literal(k)
		}
	}
	return k
}

// access reads a property of params in JavaScript: params.plan or
// params["form-id"].
func access(k string) string {
	if key := propKey(k); key == k {
		return "params." + k
	}
	return "params[" + literal(k) + "]"
}

// paramDoc describes a parameter in one line for its doc comment.
func paramDoc(a arg) string {
	p := a.param
	var parts []string
	if p.Required {
		parts = append(parts, "Required.")
	} else {
		parts = append(parts, "Optional.")
	}
	switch p.Type {
	case spec.TypeInteger:
		parts = append(parts, "An integer.")
	case spec.TypeItems:
		parts = append(parts, "The GA4 items array.")
	}
	if p.Min != nil && p.Max != nil {
		parts = append(parts, fmt.Sprintf("From %s to %s.", num(*p.Min), num(*p.Max)))
	} else if p.Min != nil {
		parts = append(parts, fmt.Sprintf("At least %s.", num(*p.Min)))
	} else if p.Max != nil {
		parts = append(parts, fmt.Sprintf("At most %s.", num(*p.Max)))
	}
	if p.Pattern != "" {
		parts = append(parts, "Matches /"+p.Pattern+"/.")
	}
	if p.MaxLength != nil {
		parts = append(parts, fmt.Sprintf("At most %d characters.", *p.MaxLength))
	}
	parts = append(parts, "Pushed at dataLayer key "+strings.Join(a.path, ".")+".")
	return strings.Join(parts, " ")
}

func num(f float64) string { return literal(f) }

// sourceWords says where GTM reads a parameter the helper does not push.
func sourceWords(p *spec.Param) string {
	switch p.From.Kind {
	case spec.SourceDataLayer:
		return "set by a tagspec listener or GTM (" + p.From.Value + ")"
	case spec.SourceBuiltin:
		return "GTM built-in variable " + p.From.Value
	case spec.SourceConst:
		return "the constant " + literal(p.From.Value)
	case spec.SourceURL:
		return "the page URL (" + p.From.Value + ")"
	case spec.SourceElement:
		return "the element's " + p.From.Value
	}
	return p.From.String()
}
