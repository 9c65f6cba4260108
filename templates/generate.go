package templates

import (
	"cmp"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/go-json-experiment/json/jsontext"

	"github.com/tagspec/tagspec/spec"
)

//go:embed listeners/*.js
var listenerFS embed.FS

// Built-in trigger IDs that exist in every web container.
const (
	// AllPagesTriggerID is GTM's built-in "All Pages" trigger.
	AllPagesTriggerID = "2147479553"
	// InitializationTriggerID is GTM's built-in "Initialization - All Pages" trigger.
	InitializationTriggerID = "2147479573"
)

// Names tagspec gives to the entities it generates. Import and Diff rely on
// them to recognise tagspec's own entities.
const (
	measurementVarName = "tagspec - Measurement ID"
	googleTagName      = "GA4 - Google tag"
	eventTagPrefix     = "GA4 - "
	listenerTagPrefix  = "tagspec listener - "
	triggerPrefix      = "tagspec - "
	folderPrefix       = "Stage - "
	listenerEventNS    = "tagspec."
	metaPrefix         = "tagspec: "
)

// Options tune Generate. The zero value is valid.
type Options struct {
	// Timestamp is the export time and the fingerprint of every entity. The
	// zero value writes the Unix epoch and fingerprints of "0", so output
	// never depends on the clock unless the caller asks for it.
	Timestamp time.Time
	// PublicID is the container's public ID; GTM-XXXXXXX when empty. GTM
	// does not check it on import.
	PublicID string
	// AccountID and ContainerID fill the placeholder IDs; "0" when empty.
	AccountID, ContainerID string
	// ContainerName names the container; the spec's name when empty.
	ContainerName string
}

// Generate builds a GTM web container (export format 2) from a spec: the
// Google tag, one GA4 event tag per event, the triggers, variables,
// built-in variables, folders and listener tags they need. The same spec
// and options always give byte-identical output.
//
// The container is ready for Admin > Import Container: the Google tag
// (googtag) with the measurement ID, one GA4 event tag (gaawe) per event
// with its parameters, a trigger per event (native GTM triggers where
// they exist), the data layer, constant, URL and auto-event variables the
// parameters read, every built-in variable referenced, consent settings
// and a folder per funnel stage. IDs come from one counter in a stable
// order (variables sorted by source, so they do not depend on event
// order), no map is ranged over, and time comes only from
// Options.Timestamp.
//
// Where GTM has no native trigger (form start, form abandonment, time on
// an element, HTML5 video progress) a small Custom HTML listener tag
// (listeners/*.js, ES5) fires on All Pages, watches the page and pushes
// the dataLayer event "tagspec.<event>"; a custom event trigger fires the
// GA4 tag. A YouTube video trigger applies to every player on the page:
// GTM cannot narrow it by selector, so a selector on a YouTube trigger is
// not used.
//
// What GTM cannot hold (event kind, category, signal, parameter types and
// constraints, funnels, consent selectors) travels in the notes of the
// GA4 and Google tags as one metaPrefix line, so a generated container
// imports back to the spec it came from (Import).
func Generate(s *spec.Spec, opts Options) ([]byte, error) {
	c, err := Build(s, opts)
	if err != nil {
		return nil, err
	}
	return c.Marshal()
}

// Build is Generate without the final encoding: it returns the container
// as Go values.
func Build(s *spec.Spec, opts Options) (*Container, error) {
	if s == nil {
		return nil, errors.New("no spec to generate a container from")
	}
	g := newGenerator(s, opts)
	if err := g.run(); err != nil {
		return nil, err
	}
	return g.container(), nil
}

// eventMeta is what a GA4 event tag's notes carry beyond the description,
// so that importing a generated container gives the spec back.
type eventMeta struct {
	Kind      string      `json:"kind,omitempty"`
	Category  string      `json:"category,omitempty"`
	Signal    string      `json:"signal,omitempty"`
	Stage     string      `json:"stage,omitempty"`
	Benchmark string      `json:"benchmark,omitempty"`
	Params    []paramMeta `json:"params,omitempty"`
}

// paramMeta is the part of a spec parameter that GTM cannot hold.
type paramMeta struct {
	Name      string   `json:"name"`
	Type      string   `json:"type,omitempty"`
	Required  bool     `json:"required,omitempty"`
	Enum      []any    `json:"enum,omitempty"`
	Pattern   string   `json:"pattern,omitempty"`
	Min       *float64 `json:"min,omitempty"`
	Max       *float64 `json:"max,omitempty"`
	MaxLength *int     `json:"max_length,omitempty"`
}

// specMeta is what the Google tag's notes carry about the whole spec.
type specMeta struct {
	Name           string       `json:"name,omitempty"`
	AcceptSelector string       `json:"accept_selector,omitempty"`
	DenySelector   string       `json:"deny_selector,omitempty"`
	Funnels        []funnelMeta `json:"funnels,omitempty"`
}

type funnelMeta struct {
	Name  string   `json:"name"`
	Steps []string `json:"steps"`
}

// listenerConfig is the settings object of a Custom HTML listener tag.
type listenerConfig struct {
	Listener string  `json:"listener"`
	Event    string  `json:"event"`
	Selector string  `json:"selector,omitempty"`
	Seconds  float64 `json:"seconds,omitempty"`
	Percent  []int   `json:"percent,omitempty"`
}

// Listener kinds: the Custom HTML listeners for what GTM cannot trigger on.
const (
	ListenerFormStart    = "form_start"
	ListenerFormAbandon  = "form_abandon"
	ListenerElementTimer = "element_timer"
	ListenerHTML5Video   = "html5_video"
)

// varNeed is a user-defined variable some parameter needs.
type varNeed struct {
	key string // the source in spec syntax, e.g. datalayer:form_location
	v   Variable
}

type generator struct {
	s     *spec.Spec
	opts  Options
	fp    string
	acct  string
	cont  string
	next  int
	errs  []error
	names map[string]string // source key -> variable name (lookup only)

	folders  []Folder
	vars     []Variable
	triggers []Trigger
	tags     []Tag
	used     map[string]bool // built-in types referenced (lookup only)
	folderOf map[string]string
}

func newGenerator(s *spec.Spec, opts Options) *generator {
	g := &generator{s: s, opts: opts, names: map[string]string{}, used: map[string]bool{}, folderOf: map[string]string{}}
	g.fp = "0"
	if !opts.Timestamp.IsZero() {
		g.fp = strconv.FormatInt(opts.Timestamp.UnixMilli(), 10)
	}
	g.acct = cmp.Or(opts.AccountID, "0")
	g.cont = cmp.Or(opts.ContainerID, "0")
	return g
}

func (g *generator) id() string {
	g.next++
	return strconv.Itoa(g.next)
}

func (g *generator) failf(pos spec.Pos, format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	if pos.File != "" || pos.Line != 0 {
		msg = pos.String() + ": " + msg
	}
	g.errs = append(g.errs, errors.New(msg))
}

// stages are the funnel stages in the order their folders are created.
var stages = []string{"awareness", "consideration", "decision"}

func (g *generator) run() error {
	s := g.s
	if strings.TrimSpace(s.MeasurementID) == "" {
		g.failf(spec.Pos{File: s.File}, "spec has no measurement_id: set one at the top level or in the chosen environment")
	}
	// Folders: one per funnel stage used, in stage order.
	for _, st := range stages {
		for _, e := range s.Events {
			if e.Stage == st {
				id := g.id()
				g.folders = append(g.folders, Folder{AccountID: g.acct, ContainerID: g.cont, FolderID: id, Name: folderPrefix + st, Fingerprint: g.fp})
				g.folderOf[st] = id
				break
			}
		}
	}
	for _, e := range s.Events {
		if e.Stage != "" && !slices.Contains(stages, e.Stage) {
			g.failf(e.Pos, "event %q: unknown stage %q (want awareness, consideration or decision)", e.Name, e.Stage)
		}
	}
	// Variables: collected from every source, then created sorted by name
	// so their IDs do not depend on the order of events.
	needs := []varNeed{{key: "const-mid", v: Variable{Name: measurementVarName, Type: "c",
		Parameter: []Parameter{{Type: "TEMPLATE", Key: "value", Value: s.MeasurementID}}}}}
	g.names["const-mid"] = measurementVarName
	// Display names taken so far (lookup only): a set, so that a spec with
	// thousands of sources does not compare every new name with every
	// earlier one.
	taken := map[string]bool{measurementVarName: true}
	addNeed := func(key string, v Variable) {
		if _, ok := g.names[key]; ok || v.Type == "" {
			return // known already, or a built-in
		}
		base := v.Name
		for n := 2; taken[v.Name]; n++ {
			v.Name = fmt.Sprintf("%s (%d)", base, n)
		}
		taken[v.Name] = true
		g.names[key] = v.Name
		needs = append(needs, varNeed{key: key, v: v})
	}
	for _, e := range s.Events {
		for _, p := range e.Params {
			if key, v, ok := g.sourceVariable(&e, &p); ok {
				addNeed(key, v)
			}
		}
	}
	for _, up := range s.UserProperties {
		src := up.From
		if src.Kind == "" {
			src = spec.Source{Kind: spec.SourceDataLayer, Value: up.Name}
		}
		if key, v, ok := g.variableFor(src, up.Pos, "user property "+strconv.Quote(up.Name)); ok {
			addNeed(key, v)
		}
	}
	// Sort by the source key (not the display name, which may have been
	// suffixed) to keep names and IDs stable.
	slices.SortFunc(needs[1:], func(a, b varNeed) int { return cmp.Compare(a.key, b.key) })
	for _, n := range needs {
		v := n.v
		v.AccountID, v.ContainerID, v.VariableID, v.Fingerprint = g.acct, g.cont, g.id(), g.fp
		g.vars = append(g.vars, v)
	}

	g.googleTag()
	g.checkLiterals()
	seen := map[string]bool{}
	for i := range s.Events {
		e := &s.Events[i]
		if seen[e.Name] {
			g.failf(e.Pos, "event %q is defined twice; event names must be unique", e.Name)
			continue
		}
		seen[e.Name] = true
		g.event(e)
	}
	return errors.Join(g.errs...)
}

// checkLiterals rejects spec text that GTM would read as a {{Variable}}
// reference once placed in a container: GTM has no way to escape it.
func (g *generator) checkLiterals() {
	check := func(pos spec.Pos, what, value string) {
		if strings.Contains(value, "{{") || strings.Contains(value, "}}") {
			g.failf(pos, "%s %q contains \"{{\" or \"}}\", which GTM reads as a variable reference; rewrite it without double braces", what, value)
		}
	}
	check(spec.Pos{File: g.s.File}, "measurement_id", g.s.MeasurementID)
	for i := range g.s.Events {
		e := &g.s.Events[i]
		check(e.Pos, "event name", e.Name)
		t := &e.Trigger
		pos := cmpPos(t.Pos, e.Pos)
		for _, f := range []struct{ what, v string }{
			{"pages", t.Pages}, {"path", t.PathExact}, {"path_prefix", t.PathPrefix}, {"path_regex", t.PathRegex},
			{"selector", t.Selector}, {"text", t.Text}, {"url", t.URL}, {"event", t.Event},
		} {
			check(pos, fmt.Sprintf("event %q: trigger %s", e.Name, f.what), f.v)
		}
		for _, p := range e.Params {
			check(cmpPos(p.Pos, e.Pos), fmt.Sprintf("event %q: param", e.Name), p.Name)
			check(cmpPos(p.Pos, e.Pos), fmt.Sprintf("event %q: param %q: source", e.Name, p.Name), p.From.String())
		}
	}
	for _, up := range g.s.UserProperties {
		check(up.Pos, "user property", up.Name)
		check(up.Pos, fmt.Sprintf("user property %q: source", up.Name), up.From.String())
	}
}

// consentFor returns the consent settings for a list of consent types; nil
// types mean "not set".
func consentFor(types []string, explicit bool) *ConsentSettings {
	if len(types) == 0 {
		if explicit {
			return &ConsentSettings{ConsentStatus: "NOT_NEEDED"}
		}
		return &ConsentSettings{ConsentStatus: "NOT_SET"}
	}
	list := make([]Parameter, 0, len(types))
	for _, t := range types {
		list = append(list, Parameter{Type: "TEMPLATE", Value: t})
	}
	return &ConsentSettings{ConsentStatus: "NEEDED", ConsentType: &Parameter{Type: "LIST", List: list}}
}

func (g *generator) googleTag() {
	s := g.s
	var required []string
	meta := specMeta{Name: s.Name}
	if s.Consent != nil {
		required = s.Consent.Required
		meta.AcceptSelector = s.Consent.AcceptSelector
		meta.DenySelector = s.Consent.DenySelector
	}
	for _, f := range s.Funnels {
		meta.Funnels = append(meta.Funnels, funnelMeta{Name: f.Name, Steps: f.Steps})
	}
	notes := "Google tag generated by tagspec from " + cmp.Or(s.Name, "the spec") + ".\n" + metaPrefix + g.metaJSON(spec.Pos{File: s.File}, "spec settings", meta)
	g.tags = append(g.tags, Tag{
		AccountID: g.acct, ContainerID: g.cont, TagID: g.id(), Name: googleTagName, Type: "googtag", Notes: notes,
		Parameter:   []Parameter{{Type: "TEMPLATE", Key: "tagId", Value: ref(measurementVarName)}},
		Fingerprint: g.fp, FiringTriggerID: []string{InitializationTriggerID}, TagFiringOption: "ONCE_PER_EVENT",
		Monitoring: &Parameter{Type: "MAP"}, ConsentSettings: consentFor(required, false),
	})
}

func ref(name string) string { return "{{" + name + "}}" }

// safeJSON encodes v as compact JSON with '<', '>' and '&' escaped and
// braces inside strings escaped too, so the text is safe inside a Custom
// HTML tag and never looks like a {{Variable}} reference.
func safeJSON(v any) (string, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return "", err
	}
	return escapeBraces(string(b)), nil
}

// metaJSON is safeJSON for generator output; a value that cannot be
// encoded (such as a NaN in an enum) is reported as a generation error.
func (g *generator) metaJSON(pos spec.Pos, what string, v any) string {
	s, err := safeJSON(v)
	if err != nil {
		g.failf(pos, "%s: cannot encode %v", what, err)
		return "{}"
	}
	return s
}

// escapeBraces escapes '{' and '}' inside JSON strings of a compact JSON text.
func escapeBraces(s string) string {
	var b strings.Builder
	inString, escaped := false, false
	for _, r := range s {
		switch {
		case escaped:
			escaped = false
		case inString && r == '\\':
			escaped = true
		case r == '"':
			inString = !inString
		case inString && r == '{':
			b.WriteString(`\u007b`)
			continue
		case inString && r == '}':
			b.WriteString(`\u007d`)
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

func (g *generator) event(e *spec.Event) {
	folder := g.folderOf[e.Stage]
	trig, listener := g.trigger(e)
	trig.AccountID, trig.ContainerID, trig.TriggerID, trig.Fingerprint, trig.ParentFolderID = g.acct, g.cont, g.id(), g.fp, folder
	trig.Name = triggerPrefix + e.Name
	g.triggers = append(g.triggers, trig)

	if listener != nil {
		g.tags = append(g.tags, Tag{
			AccountID: g.acct, ContainerID: g.cont, TagID: g.id(), Name: listenerTagPrefix + e.Name, Type: "html",
			Notes: fmt.Sprintf("Listener generated by tagspec: pushes the dataLayer event %q for %s (GTM has no built-in trigger for it).",
				listener.Event, listener.Listener),
			Parameter: []Parameter{
				{Type: "TEMPLATE", Key: "html", Value: listenerHTML(*listener)},
				{Type: "BOOLEAN", Key: "supportDocumentWrite", Value: "false"},
			},
			Fingerprint: g.fp, FiringTriggerID: []string{AllPagesTriggerID}, ParentFolderID: folder,
			TagFiringOption: "ONCE_PER_LOAD", Monitoring: &Parameter{Type: "MAP"},
			ConsentSettings: &ConsentSettings{ConsentStatus: "NOT_SET"},
		})
	}

	params := []Parameter{{Type: "BOOLEAN", Key: "sendEcommerceData", Value: "false"}}
	var rows []Parameter
	meta := eventMeta{Kind: e.Kind, Category: e.Category, Signal: e.Signal, Stage: e.Stage, Benchmark: e.Benchmark}
	for i := range e.Params {
		p := &e.Params[i]
		value, ok := g.paramValue(e, p)
		if !ok {
			continue
		}
		rows = append(rows, Parameter{Type: "MAP", Map: []Parameter{
			{Type: "TEMPLATE", Key: "parameter", Value: p.Name},
			{Type: "TEMPLATE", Key: "parameterValue", Value: value},
		}})
		meta.Params = append(meta.Params, paramMeta{Name: p.Name, Type: p.Type, Required: p.Required, Enum: p.Enum,
			Pattern: p.Pattern, Min: p.Min, Max: p.Max, MaxLength: p.MaxLength})
	}
	if len(rows) > 0 {
		params = append(params, Parameter{Type: "LIST", Key: "eventSettingsTable", List: rows})
	}
	if len(g.s.UserProperties) > 0 {
		var ups []Parameter
		for _, up := range g.s.UserProperties {
			src := up.From
			if src.Kind == "" {
				src = spec.Source{Kind: spec.SourceDataLayer, Value: up.Name}
			}
			key, _, ok := g.variableFor(src, up.Pos, "user property "+strconv.Quote(up.Name))
			if !ok {
				continue
			}
			ups = append(ups, Parameter{Type: "MAP", Map: []Parameter{
				{Type: "TEMPLATE", Key: "name", Value: up.Name},
				{Type: "TEMPLATE", Key: "value", Value: g.valueRef(key)},
			}})
		}
		if len(ups) > 0 {
			params = append(params, Parameter{Type: "LIST", Key: "userProperties", List: ups})
		}
	}
	params = append(params,
		Parameter{Type: "TEMPLATE", Key: "eventName", Value: e.Name},
		Parameter{Type: "TEMPLATE", Key: "measurementIdOverride", Value: ref(measurementVarName)},
	)
	notes := metaPrefix + g.metaJSON(e.Pos, fmt.Sprintf("event %q", e.Name), meta)
	if d := strings.TrimSpace(e.Description); d != "" {
		notes = d + "\n\n" + notes
	}
	var consent *ConsentSettings
	switch {
	case e.Consent != nil:
		consent = consentFor(e.Consent, true)
	case g.s.Consent != nil:
		consent = consentFor(g.s.Consent.Required, false)
	default:
		consent = consentFor(nil, false)
	}
	g.tags = append(g.tags, Tag{
		AccountID: g.acct, ContainerID: g.cont, TagID: g.id(), Name: eventTagPrefix + e.Name, Type: "gaawe", Notes: notes,
		Parameter: params, Fingerprint: g.fp, FiringTriggerID: []string{trig.TriggerID}, ParentFolderID: folder,
		TagFiringOption: "ONCE_PER_EVENT", Monitoring: &Parameter{Type: "MAP"}, ConsentSettings: consent,
	})
}

// valueRef returns the {{Reference}} for a source key.
func (g *generator) valueRef(key string) string {
	if strings.HasPrefix(key, "builtin:") {
		b, _ := builtInByType(strings.TrimPrefix(key, "builtin:"))
		g.used[b.Type] = true
		return ref(b.Name)
	}
	return ref(g.names[key])
}

func (g *generator) paramValue(e *spec.Event, p *spec.Param) (string, bool) {
	key, _, ok := g.sourceVariable(e, p)
	if !ok {
		return "", false
	}
	return g.valueRef(key), true
}

// sourceVariable returns the variable a parameter's value comes from. A
// parameter without `from` reads the dataLayer key of its own name.
func (g *generator) sourceVariable(e *spec.Event, p *spec.Param) (string, Variable, bool) {
	src := p.From
	if src.Kind == "" {
		src = spec.Source{Kind: spec.SourceDataLayer, Value: p.Name}
	}
	return g.variableFor(src, p.Pos, fmt.Sprintf("event %q: param %q", e.Name, p.Name))
}

// urlComponents maps url:<part> to the URL variable's component.
var urlComponents = []struct{ part, component string }{
	{"full", "URL"}, {"host", "HOST"}, {"path", "PATH"}, {"query", "QUERY"}, {"fragment", "FRAGMENT"},
	{"protocol", "PROTOCOL"}, {"port", "PORT"},
}

// elementVarTypes maps element:<name> to auto-event variable types; any
// other name reads that attribute.
var elementVarTypes = []struct{ name, varType string }{
	{"text", "TEXT"}, {"id", "ID"}, {"class", "CLASSES"},
}

// variableFor returns the source key and the variable a source needs. For
// built-ins the key is "builtin:TYPE" and the variable is empty.
func (g *generator) variableFor(src spec.Source, pos spec.Pos, what string) (string, Variable, bool) {
	val := src.Value
	switch src.Kind {
	case spec.SourceDataLayer:
		if strings.TrimSpace(val) == "" {
			g.failf(pos, "%s: datalayer source needs a key, e.g. datalayer:form_location", what)
			return "", Variable{}, false
		}
		return "datalayer:" + val, Variable{Name: "DLV - " + safeName(val), Type: "v", Parameter: []Parameter{
			{Type: "INTEGER", Key: "dataLayerVersion", Value: "2"},
			{Type: "BOOLEAN", Key: "setDefaultValue", Value: "false"},
			{Type: "TEMPLATE", Key: "name", Value: val},
		}}, true
	case spec.SourceConst:
		return "const:" + val, Variable{Name: "Const - " + safeName(val), Type: "c", Parameter: []Parameter{
			{Type: "TEMPLATE", Key: "value", Value: val},
		}}, true
	case spec.SourceBuiltin:
		b, ok := lookupBuiltIn(val)
		if !ok {
			g.failf(pos, "%s: unknown built-in variable %q (use a GTM name such as \"Page Path\" or page_path)", what, val)
			return "", Variable{}, false
		}
		return "builtin:" + b.Type, Variable{}, true
	case spec.SourceURL:
		part, query, _ := strings.Cut(val, ":")
		for _, uc := range urlComponents {
			if uc.part != part {
				continue
			}
			params := []Parameter{{Type: "TEMPLATE", Key: "component", Value: uc.component}}
			if part == "query" && query != "" {
				params = append(params, Parameter{Type: "TEMPLATE", Key: "queryKey", Value: query})
			}
			return "url:" + val, Variable{Name: "URL - " + safeName(val), Type: "u", Parameter: params}, true
		}
		g.failf(pos, "%s: unknown URL part %q (want full, host, path, query, query:<key>, fragment, protocol or port)", what, val)
		return "", Variable{}, false
	case spec.SourceElement:
		if strings.TrimSpace(val) == "" {
			g.failf(pos, "%s: element source needs an attribute, e.g. element:text or element:data-plan", what)
			return "", Variable{}, false
		}
		params := []Parameter{{Type: "BOOLEAN", Key: "setDefaultValue", Value: "false"}}
		varType := "ATTRIBUTE"
		for _, et := range elementVarTypes {
			if et.name == val {
				varType = et.varType
			}
		}
		params = append(params, Parameter{Type: "TEMPLATE", Key: "varType", Value: varType})
		if varType == "ATTRIBUTE" {
			params = append(params, Parameter{Type: "TEMPLATE", Key: "attribute", Value: val})
		}
		return "element:" + val, Variable{Name: "AEV - " + safeName(val), Type: "aev", Parameter: params}, true
	}
	g.failf(pos, "%s: unknown source kind %q (want datalayer, builtin, const, url or element)", what, src.Kind)
	return "", Variable{}, false
}

// safeName keeps a variable name from containing the {{ }} reference marks.
func safeName(s string) string { return braceReplacer.Replace(s) }

var braceReplacer = strings.NewReplacer("{", "(", "}", ")")

func cond(typ, arg0, arg1 string) Condition {
	return Condition{Type: typ, Parameter: []Parameter{
		{Type: "TEMPLATE", Key: "arg0", Value: arg0},
		{Type: "TEMPLATE", Key: "arg1", Value: arg1},
	}}
}

func (g *generator) builtinRef(typ string) string {
	b, _ := builtInByType(typ)
	g.used[b.Type] = true
	return ref(b.Name)
}

func (g *generator) pagesFilter(t *spec.Trigger) []Condition {
	if t.Pages == "" {
		return nil
	}
	return []Condition{cond("MATCH_REGEX", g.builtinRef("PAGE_PATH"), t.Pages)}
}

func boolParam(key string, v bool) Parameter {
	return Parameter{Type: "BOOLEAN", Key: key, Value: strconv.FormatBool(v)}
}

func joinInts(xs []int) string {
	parts := make([]string, len(xs))
	for i, x := range xs {
		parts[i] = strconv.Itoa(x)
	}
	return strings.Join(parts, ",")
}

// formatSeconds writes seconds without a trailing ".0".
func formatSeconds(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

// clickSelector matches the element and anything inside it, since a click
// lands on the innermost element.
func clickSelector(sel string) string { return sel + ", " + sel + " *" }

// trigger builds the GTM trigger of an event, and the listener tag's
// settings when GTM has no native trigger for it.
func (g *generator) trigger(e *spec.Event) (Trigger, *listenerConfig) {
	t := &e.Trigger
	custom := func(kind string, l listenerConfig) (Trigger, *listenerConfig) {
		l.Listener, l.Event = kind, listenerEventNS+e.Name
		return Trigger{Type: "CUSTOM_EVENT",
			CustomEventFilter: []Condition{cond("EQUALS", "{{_event}}", l.Event)},
			Filter:            g.pagesFilter(t)}, &l
	}
	switch t.Kind {
	case spec.TriggerPageView:
		f := g.pagesFilter(t)
		switch {
		case t.PathExact != "":
			f = append(f, cond("EQUALS", g.builtinRef("PAGE_PATH"), t.PathExact))
		case t.PathPrefix != "":
			f = append(f, cond("STARTS_WITH", g.builtinRef("PAGE_PATH"), t.PathPrefix))
		case t.PathRegex != "":
			f = append(f, cond("MATCH_REGEX", g.builtinRef("PAGE_PATH"), t.PathRegex))
		}
		return Trigger{Type: "PAGEVIEW", Filter: f}, nil
	case spec.TriggerClick:
		f := g.pagesFilter(t)
		typ := gtmTriggerType(t)
		if t.URL != "" {
			f = append(f, cond("CONTAINS", g.builtinRef("CLICK_URL"), t.URL))
		}
		if t.Selector != "" {
			f = append(f, cond("CSS_SELECTOR", g.builtinRef("CLICK_ELEMENT"), clickSelector(t.Selector)))
		}
		if t.Text != "" {
			f = append(f, cond("EQUALS", g.builtinRef("CLICK_TEXT"), t.Text))
		}
		tr := Trigger{Type: typ, Filter: f}
		if typ == "LINK_CLICK" {
			tr.WaitForTags = &Parameter{Type: "BOOLEAN", Value: "false"}
			tr.CheckValidation = &Parameter{Type: "BOOLEAN", Value: "false"}
			tr.WaitForTagsTimeout = &Parameter{Type: "TEMPLATE", Value: "2000"}
			tr.UniqueTriggerID = &Parameter{Type: "TEMPLATE"}
		}
		return tr, nil
	case spec.TriggerFormSubmit:
		f := g.pagesFilter(t)
		if t.Selector != "" {
			f = append(f, cond("CSS_SELECTOR", g.builtinRef("FORM_ELEMENT"), t.Selector))
		}
		return Trigger{Type: "FORM_SUBMISSION", Filter: f,
			WaitForTags:        &Parameter{Type: "BOOLEAN", Value: "false"},
			CheckValidation:    &Parameter{Type: "BOOLEAN", Value: "false"},
			WaitForTagsTimeout: &Parameter{Type: "TEMPLATE", Value: "2000"},
			UniqueTriggerID:    &Parameter{Type: "TEMPLATE"}}, nil
	case spec.TriggerFormStart:
		return custom(ListenerFormStart, listenerConfig{Selector: t.Selector})
	case spec.TriggerFormAbandon:
		return custom(ListenerFormAbandon, listenerConfig{Selector: t.Selector})
	case spec.TriggerScroll:
		pct := t.Percent
		if len(pct) == 0 {
			pct = []int{25, 50, 75, 90}
		}
		return Trigger{Type: "SCROLL_DEPTH", Filter: g.pagesFilter(t), Parameter: []Parameter{
			{Type: "TEMPLATE", Key: "verticalThresholdUnits", Value: "PERCENT"},
			{Type: "TEMPLATE", Key: "verticalThresholdsPercent", Value: joinInts(pct)},
			boolParam("verticalThresholdOn", true),
			{Type: "TEMPLATE", Key: "triggerStartOption", Value: "WINDOW_LOAD"},
			boolParam("horizontalThresholdOn", false),
		}}, nil
	case spec.TriggerVideo:
		if t.Provider == "html5" {
			pct := t.Percent
			if len(pct) == 0 {
				pct = []int{25, 50, 75, 100}
			}
			return custom(ListenerHTML5Video, listenerConfig{Selector: t.Selector, Percent: pct})
		}
		if t.Provider != "" && t.Provider != "youtube" {
			g.failf(t.Pos, "event %q: unknown video provider %q (want youtube or html5)", e.Name, t.Provider)
		}
		var progress []int
		complete, start := false, false
		for _, p := range t.Percent {
			switch {
			case p >= 100:
				complete = true
			case p <= 0:
				start = true
			default:
				progress = append(progress, p)
			}
		}
		if len(t.Percent) == 0 {
			start, complete = true, true
		}
		params := []Parameter{
			boolParam("captureComplete", complete),
			boolParam("captureStart", start),
			boolParam("fixMissingApi", true),
			{Type: "TEMPLATE", Key: "triggerStartOption", Value: "WINDOW_LOAD"},
			boolParam("capturePause", false),
			boolParam("captureProgress", len(progress) > 0),
		}
		if len(progress) > 0 {
			params = append(params,
				Parameter{Type: "TEMPLATE", Key: "radioButtonGroup1", Value: "PERCENTAGE"},
				Parameter{Type: "TEMPLATE", Key: "progressThresholdsPercent", Value: joinInts(progress)})
		}
		// GTM's YouTube trigger applies to every embedded player; a selector
		// cannot narrow it, so only pages limits where it fires.
		return Trigger{Type: "YOU_TUBE_VIDEO", Filter: g.pagesFilter(t), Parameter: params}, nil
	case spec.TriggerVisibility:
		if t.Selector == "" {
			g.failf(t.Pos, "event %q: a visibility trigger needs a selector", e.Name)
		}
		ratio := t.Ratio
		if ratio <= 0 {
			ratio = 0.5
		}
		params := []Parameter{
			boolParam("useDomChangeListener", true),
			{Type: "TEMPLATE", Key: "firingFrequency", Value: "ONCE"},
			{Type: "TEMPLATE", Key: "selectorType", Value: "CSS"},
			{Type: "TEMPLATE", Key: "onScreenRatio", Value: strconv.Itoa(int(ratio*100 + 0.5))},
			{Type: "TEMPLATE", Key: "elementSelector", Value: t.Selector},
			boolParam("useOnScreenDuration", t.Seconds > 0),
		}
		if t.Seconds > 0 {
			params = append(params, Parameter{Type: "TEMPLATE", Key: "onScreenDuration", Value: g.millis(e, t)})
		}
		return Trigger{Type: "ELEMENT_VISIBILITY", Filter: g.pagesFilter(t), Parameter: params}, nil
	case spec.TriggerTimer:
		if t.Selector != "" {
			return custom(ListenerElementTimer, listenerConfig{Selector: t.Selector, Seconds: t.Seconds})
		}
		if t.Seconds <= 0 {
			g.failf(t.Pos, "event %q: a timer needs seconds greater than 0", e.Name)
		}
		enable := []Condition{cond("MATCH_REGEX", g.builtinRef("PAGE_URL"), ".*")}
		if t.Pages != "" {
			enable = []Condition{cond("MATCH_REGEX", g.builtinRef("PAGE_PATH"), t.Pages)}
		}
		return Trigger{Type: "TIMER", AutoEventFilter: enable,
			EventName: &Parameter{Type: "TEMPLATE", Value: "gtm.timer"},
			Interval:  &Parameter{Type: "TEMPLATE", Value: g.millis(e, t)},
			Limit:     &Parameter{Type: "TEMPLATE", Value: "1"}}, nil
	case spec.TriggerDataLayer:
		if t.Event == "" {
			g.failf(t.Pos, "event %q: a datalayer trigger needs the event the site pushes", e.Name)
		}
		return Trigger{Type: "CUSTOM_EVENT",
			CustomEventFilter: []Condition{cond("EQUALS", "{{_event}}", t.Event)},
			Filter:            g.pagesFilter(t)}, nil
	case spec.TriggerHistoryChange:
		return Trigger{Type: "HISTORY_CHANGE", Filter: g.pagesFilter(t)}, nil
	case "":
		g.failf(e.Pos, "event %q has no trigger", e.Name)
	default:
		g.failf(t.Pos, "event %q: unknown trigger kind %q", e.Name, t.Kind)
	}
	return Trigger{Type: "CUSTOM_EVENT", CustomEventFilter: []Condition{cond("EQUALS", "{{_event}}", e.Name)}}, nil
}

// gtmTriggerType returns the type of the GTM trigger that generator.trigger
// writes for t: a click with a URL is a link click, and the triggers GTM
// has no native type for are custom events pushed by a listener tag.
func gtmTriggerType(t *spec.Trigger) string {
	switch t.Kind {
	case spec.TriggerPageView:
		return "PAGEVIEW"
	case spec.TriggerClick:
		if t.URL != "" {
			return "LINK_CLICK"
		}
		return "CLICK"
	case spec.TriggerFormSubmit:
		return "FORM_SUBMISSION"
	case spec.TriggerScroll:
		return "SCROLL_DEPTH"
	case spec.TriggerVideo:
		if t.Provider != "html5" {
			return "YOU_TUBE_VIDEO"
		}
	case spec.TriggerVisibility:
		return "ELEMENT_VISIBILITY"
	case spec.TriggerTimer:
		if t.Selector == "" {
			return "TIMER"
		}
	case spec.TriggerHistoryChange:
		return "HISTORY_CHANGE"
	}
	return "CUSTOM_EVENT"
}

// listenerSources reads the embedded listener files once (lookup only).
var listenerSources = sync.OnceValue(func() map[string]string {
	out := map[string]string{}
	for _, name := range []string{"common", ListenerFormStart, ListenerFormAbandon, ListenerElementTimer, ListenerHTML5Video} {
		data, err := listenerFS.ReadFile("listeners/" + name + ".js")
		if err != nil {
			panic("templates: listener source missing from the binary: " + name) // embedded at build time
		}
		out[name] = string(data)
	}
	return out
})

// maxSeconds bounds timer and on-screen durations (about 24 days, the
// largest delay a browser timer supports).
const maxSeconds = 2147483

// millis returns the trigger's seconds as a millisecond string, reporting
// durations a browser cannot time.
func (g *generator) millis(e *spec.Event, t *spec.Trigger) string {
	if t.Seconds > maxSeconds || t.Seconds < 0 {
		g.failf(cmpPos(t.Pos, e.Pos), "event %q: %s seconds must be between 0 and %d", e.Name, formatSeconds(t.Seconds), maxSeconds)
		return "0"
	}
	return strconv.Itoa(int(t.Seconds*1000 + 0.5))
}

// listenerHTML returns the Custom HTML of a listener tag: the shared
// helpers and the listener's own code in one function, configured by the
// `tagspec` settings object on its own line.
func listenerHTML(l listenerConfig) string {
	src := listenerSources()
	common := src["common"]
	body, ok := src[l.Listener]
	if !ok {
		panic("templates: no listener named " + l.Listener) // kinds are constants of this package
	}
	var b strings.Builder
	b.WriteString("<script>\n(function () {\nvar tagspec = ")
	cfg, _ := safeJSON(l) // strings, numbers and ints only: always encodes
	b.WriteString(cfg)
	b.WriteString(";\n")
	b.WriteString(common)
	b.WriteString(body)
	b.WriteString("})();\n</script>\n")
	return b.String()
}

func (g *generator) container() *Container {
	ts := g.opts.Timestamp
	if ts.IsZero() {
		ts = time.Unix(0, 0)
	}
	var bivs []BuiltInVariable
	for _, b := range builtIns {
		if g.used[b.Type] {
			bivs = append(bivs, BuiltInVariable{AccountID: g.acct, ContainerID: g.cont, Type: b.Type, Name: b.Name})
		}
	}
	name := cmp.Or(g.opts.ContainerName, g.s.Name, "tagspec")
	base := "accounts/" + g.acct + "/containers/" + g.cont
	return &Container{
		ExportFormatVersion: jsontext.Value("2"),
		ExportTime:          ts.UTC().Format("2006-01-02 15:04:05"),
		Version: ContainerVersion{
			Path: base + "/versions/0", AccountID: g.acct, ContainerID: g.cont, ContainerVersionID: "0",
			Container: ContainerInfo{
				Path: base, AccountID: g.acct, ContainerID: g.cont, Name: name,
				PublicID: cmp.Or(g.opts.PublicID, "GTM-XXXXXXX"), UsageContext: []string{"WEB"}, Fingerprint: g.fp,
				TagManagerURL: "https://tagmanager.google.com/#/container/" + base + "/workspaces?apiLink=container",
			},
			Tags: g.tags, Triggers: g.triggers, Variables: g.vars, Folders: g.folders, BuiltInVariables: bivs,
			Fingerprint:   g.fp,
			TagManagerURL: "https://tagmanager.google.com/#/versions/" + base + "/versions/0?apiLink=version",
		},
	}
}
