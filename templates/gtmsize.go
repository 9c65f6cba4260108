package templates

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"sync"

	"github.com/tagspec/tagspec/spec"
)

// GTMSizeLimit is the size, in bytes, past which GTM refuses to preview or
// publish a web container: 200 KB. Google's help on container size
// (support.google.com/tagmanager/answer/2772488) shows a size indicator
// on the Versions page and asks for the container to be reduced once it
// passes 70%, without giving the figure; the 200 KB figure is the one GTM
// users report for the "workspace too large" refusal. It applies to the
// container GTM compiles and serves as gtm.js, not to the export file:
// see CompiledSize for what tagspec measures against it. 200 KB is read as
// 200,000 bytes, the smaller of its two readings.
const GTMSizeLimit = 200_000

// GTMSizeWarnPercent is the share of GTMSizeLimit at which GTM's size
// indicator asks for the container to be made smaller.
const GTMSizeWarnPercent = 70

// CompiledSize estimates how many bytes the configuration of c takes in
// the gtm.js that GTM compiles from it, the size GTMSizeLimit bounds. It
// writes c the compact way gtm.js carries a container: a tag as its
// function and "vtp_" fields, a trigger as predicates (deduplicated) and
// a rule per tag, a variable as a macro, a {{Variable}} reference as a
// macro index, a table as a "list" of "map" values. Names, notes,
// folders, fingerprints and IDs stay in GTM's workspace and are not
// counted; nor is GTM's own code, which gtm.js carries beside every
// container. It is an estimate, not GTM's compiler: GTM's Versions page
// shows the real figure once a container is imported.
func CompiledSize(c *Container) int {
	e := newSizeEstimator(c)
	e.count()
	return e.n
}

type sizeEstimator struct {
	c      *Container
	n      int
	macros map[string]int // variable name -> macro index (lookup only)
	preds  map[string]int // predicate text -> index (lookup only)
}

func newSizeEstimator(c *Container) *sizeEstimator {
	e := &sizeEstimator{c: c, macros: map[string]int{}, preds: map[string]int{}}
	// Built-in variables come first among the macros, then user variables.
	e.macros["_event"] = 0
	for _, b := range c.Version.BuiltInVariables {
		if _, ok := e.macros[b.Name]; !ok {
			e.macros[b.Name] = len(e.macros)
		}
	}
	for _, v := range c.Version.Variables {
		if _, ok := e.macros[v.Name]; !ok {
			e.macros[v.Name] = len(e.macros)
		}
	}
	return e
}

// add counts s and a separating comma.
func (e *sizeEstimator) add(s string) { e.n += len(s) + 1 }

func (e *sizeEstimator) count() {
	v := &e.c.Version
	e.add(`{"resource":{"version":"1","macros":[],"tags":[],"predicates":[],"rules":[]}}`)
	// Each built-in variable is a macro of its own: {"function":"__e"}.
	for _, b := range v.BuiltInVariables {
		e.add(`{"function":"__` + strings.ToLower(b.Type) + `"}`)
	}
	e.add(`{"function":"__e"}`)
	for i := range v.Variables {
		x := &v.Variables[i]
		e.add(`{"function":"__` + x.Type + `"}`)
		e.params(x.Parameter)
	}
	trigPreds := make(map[string][]int, len(v.Triggers)) // trigger ID -> its predicates (lookup only)
	for i := range v.Triggers {
		t := &v.Triggers[i]
		trigPreds[t.TriggerID] = e.trigger(t)
	}
	for i := range v.Tags {
		t := &v.Tags[i]
		e.add(`{"function":"__` + t.Type + `","tag_id":` + strconv.Itoa(i+1) + `}`)
		switch t.TagFiringOption {
		case "ONCE_PER_LOAD":
			e.add(`"once_per_load":true`)
		case "", "ONCE_PER_EVENT":
			e.add(`"once_per_event":true`)
		}
		if t.ConsentSettings != nil && t.ConsentSettings.ConsentType != nil {
			e.add(`"consent":`)
			e.value(t.ConsentSettings.ConsentType)
		}
		e.params(t.Parameter)
		// One rule per firing trigger: ["if",p1,p2],["add",tag]; blocking
		// triggers add ["unless",...].
		for _, id := range t.FiringTriggerID {
			e.rule("if", trigPreds[id], i)
		}
		for _, id := range t.BlockingTriggerID {
			e.rule("unless", trigPreds[id], i)
		}
	}
}

func (e *sizeEstimator) rule(kind string, preds []int, tag int) {
	var b strings.Builder
	b.WriteString(`[["` + kind + `"`)
	for _, p := range preds {
		b.WriteString("," + strconv.Itoa(p))
	}
	b.WriteString(`],["add",` + strconv.Itoa(tag) + `]]`)
	e.add(b.String())
}

// triggerEvents is the data layer event each trigger type listens for.
var triggerEvents = map[string]string{
	"PAGEVIEW": "gtm.js", "DOM_READY": "gtm.dom", "WINDOW_LOADED": "gtm.load",
	"CLICK": "gtm.click", "LINK_CLICK": "gtm.linkClick", "FORM_SUBMISSION": "gtm.formSubmit",
	"SCROLL_DEPTH": "gtm.scrollDepth", "YOU_TUBE_VIDEO": "gtm.video", "ELEMENT_VISIBILITY": "gtm.elementVisibility",
	"TIMER": "gtm.timer", "HISTORY_CHANGE": "gtm.historyChange",
}

// trigger counts a trigger's predicates and listener settings and returns
// the indexes of its predicates.
func (e *sizeEstimator) trigger(t *Trigger) []int {
	var preds []int
	if ev, ok := triggerEvents[t.Type]; ok {
		preds = append(preds, e.predicate("_eq", `["macro",0]`, strconv.Quote(ev)))
	}
	for _, group := range [][]Condition{t.CustomEventFilter, t.Filter, t.AutoEventFilter} {
		for _, c := range group {
			preds = append(preds, e.predicate("_"+strings.ToLower(c.Type),
				e.text(ParamValue(c.Parameter, "arg0")), e.text(ParamValue(c.Parameter, "arg1"))))
		}
	}
	// Triggers GTM listens for with a listener tag of its own (scroll,
	// video, visibility, timer, ...) carry their settings in that tag.
	if len(t.Parameter) > 0 || t.Interval != nil || t.Limit != nil {
		e.add(`{"function":"__` + strings.ToLower(t.Type) + `_listener","tag_id":0}`)
		e.params(t.Parameter)
		for _, p := range []*Parameter{t.Interval, t.Limit, t.EventName} {
			if p != nil {
				e.add(`"vtp_x":`)
				e.value(p)
			}
		}
	}
	return preds
}

func (e *sizeEstimator) predicate(fn, arg0, arg1 string) int {
	key := `{"function":"` + fn + `","arg0":` + arg0 + `,"arg1":` + arg1 + `}`
	if i, ok := e.preds[key]; ok {
		return i
	}
	i := len(e.preds)
	e.preds[key] = i
	e.add(key)
	return i
}

func (e *sizeEstimator) params(ps []Parameter) {
	for i := range ps {
		e.add(`"vtp_` + ps[i].Key + `":`)
		e.value(&ps[i])
	}
}

// value counts one parameter value the way gtm.js writes it.
func (e *sizeEstimator) value(p *Parameter) {
	switch p.Type {
	case "LIST":
		e.add(`["list"]`)
		for i := range p.List {
			e.value(&p.List[i])
		}
	case "MAP":
		e.add(`["map"]`)
		for i := range p.Map {
			e.add(strconv.Quote(p.Map[i].Key))
			e.value(&p.Map[i])
		}
	case "BOOLEAN", "INTEGER":
		e.add(p.Value)
	default:
		e.add(e.text(p.Value))
	}
}

// text writes a template text: a JavaScript string, a macro reference, or
// a ["template",...] of both.
func (e *sizeEstimator) text(s string) string {
	refs := refRE.FindAllStringSubmatchIndex(s, -1)
	if len(refs) == 0 {
		return jsString(s)
	}
	var parts []string
	last := 0
	for _, m := range refs {
		if m[0] > last {
			parts = append(parts, jsString(s[last:m[0]]))
		}
		parts = append(parts, `["macro",`+strconv.Itoa(e.macros[s[m[2]:m[3]]])+`]`)
		last = m[1]
	}
	if last < len(s) {
		parts = append(parts, jsString(s[last:]))
	}
	if len(parts) == 1 {
		return parts[0]
	}
	return `["template",` + strings.Join(parts, ",") + `]`
}

// jsString quotes s as a JSON string with '<', '>' and '&' escaped, as a
// script served to browsers does.
func jsString(s string) string {
	b, _ := json.Marshal(s) // a Go string always encodes
	return string(b)
}

// SizeError says that a container is larger than GTM accepts.
type SizeError struct {
	Events  int  // events of the spec
	Bytes   int  // CompiledSize, or the lower bound the early check found
	AtLeast bool // Bytes is a lower bound from the event count, before building
}

func (e *SizeError) Error() string {
	would := "would be"
	if e.AtLeast {
		would = "would be at least"
	}
	return fmt.Sprintf("the GTM container for %s %s %s KB compiled (tagspec's estimate of what GTM serves as gtm.js), more than the %s KB GTM allows in one container (GTM will not preview or publish a larger one): split the spec into containers of at most about %s events each (one per site or site section)",
		plural(e.Events, "event"), would, kb(e.Bytes), kb(GTMSizeLimit), thousands(e.fit()))
}

// fit is how many events of this container's average size fit in
// GTMSizeLimit.
func (e *SizeError) fit() int {
	if e.Events == 0 || e.Bytes == 0 {
		return 0
	}
	return max(1, int(float64(GTMSizeLimit)/(float64(e.Bytes)/float64(e.Events))))
}

// CheckSpecSize refuses, before anything is built, a spec whose container
// cannot fit in GTMSizeLimit whatever its events hold: it counts the
// fewest bytes any event adds to CompiledSize. A spec that passes may
// still be too large once built; CheckContainerSize then says so.
func CheckSpecSize(s *spec.Spec) error {
	b := sizeBounds()
	if least := b.base + len(s.Events)*b.perEvent; least > GTMSizeLimit {
		return &SizeError{Events: len(s.Events), Bytes: least, AtLeast: true}
	}
	return nil
}

// CheckContainerSize refuses a built container whose CompiledSize is more
// than GTMSizeLimit; events is the number of events of its spec.
func CheckContainerSize(c *Container, events int) error {
	if n := CompiledSize(c); n > GTMSizeLimit {
		return &SizeError{Events: events, Bytes: n}
	}
	return nil
}

type bounds struct{ base, perEvent int }

// sizeBounds measures, with this package's own generator and estimator,
// the size of a container of no events and what the cheapest event (a
// one-letter name, a page view trigger without conditions, no params)
// adds to it.
var sizeBounds = sync.OnceValue(func() bounds {
	size := func(names ...string) int {
		s := &spec.Spec{MeasurementID: "G-0"}
		for _, n := range names {
			s.Events = append(s.Events, spec.Event{Name: n, Trigger: spec.Trigger{Kind: spec.TriggerPageView}})
		}
		c, err := Build(s, Options{})
		if err != nil {
			panic("templates: the size bound's own spec does not build: " + err.Error()) // constants of this package
		}
		return CompiledSize(c)
	}
	one := size("a")
	return bounds{base: size(), perEvent: size("a", "b") - one}
})

func kb(n int) string {
	return thousands((n + 999) / 1000)
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return thousands(n) + " " + word + "s"
}

// thousands writes n with commas: 20,000.
func thousands(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0 && s[i-1] != '-'; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
