package gtmruntime

import (
	"cmp"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"

	"github.com/tagspec/tagspec/diag"
	"github.com/tagspec/tagspec/spec"
	"github.com/tagspec/tagspec/templates"
	"github.com/tagspec/tagspec/validator"
)

// Built-in trigger IDs every web container has.
const (
	allPagesTriggerID       = "2147479553"
	initializationTriggerID = "2147479573"
	consentInitTriggerID    = "2147479572"
)

// Entity kinds an Unsupported finding names.
const (
	EntityContainer      = "container"
	EntityTag            = "tag"
	EntityTrigger        = "trigger"
	EntityVariable       = "variable"
	EntityCustomTemplate = "custom template"
	EntityReference      = "variable reference"
	EntityCondition      = "condition"
)

// Unsupported is one part of a container that the runtime does not
// emulate: a tag, trigger or variable type it does not know, a custom
// template, a trigger condition it cannot evaluate, a feature of a known
// type (tag sequencing, value formatting) or a {{reference}} to a variable
// the container does not define. The runtime never runs what an
// Unsupported names, so a check that relies on it fails visibly instead of
// passing by accident.
type Unsupported struct {
	// Entity is one of the Entity* constants.
	Entity string `json:"entity"`
	// Name is the entity's display name (for a reference, the name inside
	// the braces).
	Name string `json:"name"`
	// Type is the entity's GTM type code (gaawe, CLICK, cvt_ABC12, ...).
	Type string `json:"type,omitempty"`
	// Detail says what is not emulated, in words.
	Detail string `json:"detail"`
}

// String formats the finding for people, e.g.
// `tag "Ads - conversion" (awct): tag type awct is not emulated`.
func (u Unsupported) String() string {
	name := fmt.Sprintf("%s %q", u.Entity, u.Name)
	if u.Type != "" {
		name += " (" + u.Type + ")"
	}
	return name + ": " + u.Detail
}

// RuleUnsupported is the rule id of the finding an Unsupported part of a
// container gives.
const RuleUnsupported = "gtm/container-unsupported"

// Rules lists the rule of the container runtime, with the id tagspec gave
// it before rule ids had family prefixes.
var Rules = []diag.Rule{
	{ID: RuleUnsupported, Severity: diag.SeverityError, Summary: "A part of a GTM container export is one the container runtime does not emulate.", Formerly: []string{"container-unsupported"},
		Help: "A crawl with --container runs the export's tags and triggers itself; a part it does not emulate would not fire, so the crawl's verdict would be wrong. Crawl the published container instead (without --container), or leave the part out of the export."},
}

// Finding returns u as a crawl finding that belongs to no journey
// (report.Report.Findings): an error located at the container file.
func (u Unsupported) Finding(container string) validator.Finding {
	return validator.Finding{Rule: RuleUnsupported, Severity: spec.SeverityError, Step: validator.NoStep, EventIndex: -1,
		Pos: spec.Pos{File: container}, Message: u.String()}
}

// Supported type codes. Everything else is reported as Unsupported.
var (
	supportedTags     = []string{"gaawe", "gaawc", "googtag", "html"}
	supportedTriggers = []string{"PAGEVIEW", "DOM_READY", "WINDOW_LOADED", "CUSTOM_EVENT", "CLICK", "LINK_CLICK",
		"FORM_SUBMISSION", "SCROLL_DEPTH", "YOU_TUBE_VIDEO", "ELEMENT_VISIBILITY", "TIMER", "HISTORY_CHANGE",
		"INIT", "CONSENT_INIT"}
	supportedVariables  = []string{"v", "c", "u", "aev", "j", "k", "jsm", "smm", "gtes", "gtcs", "uv"}
	supportedConditions = []string{"EQUALS", "CONTAINS", "STARTS_WITH", "ENDS_WITH", "MATCH_REGEX", "CSS_SELECTOR",
		"GREATER", "GREATER_OR_EQUALS", "LESS", "LESS_OR_EQUALS"}
	// runtimeBuiltIns are the built-in variable names the runtime computes.
	runtimeBuiltIns = []string{
		"Page URL", "Page Hostname", "Page Path", "Referrer", "Event",
		"Click Element", "Click Classes", "Click ID", "Click Target", "Click URL", "Click Text",
		"Form Element", "Form Classes", "Form ID", "Form Target", "Form URL", "Form Text",
		"Scroll Depth Threshold", "Scroll Depth Units", "Scroll Direction",
		"Video Provider", "Video URL", "Video Title", "Video Duration", "Video Percent", "Video Visible",
		"Video Status", "Video Current Time",
		"Percent Visible", "On-Screen Duration",
		"New History Fragment", "Old History Fragment", "New History State", "Old History State",
		"New History URL", "Old History URL", "History Source",
		"Container ID", "Container Version", "Debug Mode", "Random Number", "Environment Name",
	}
)

// model is the part of a container the runtime executes, in the JSON form
// the JavaScript reads.
type model struct {
	PublicID  string          `json:"publicId"`
	VersionID string          `json:"versionId"`
	BuiltIns  []string        `json:"builtIns"`
	Tags      []tagModel      `json:"tags"`
	Triggers  []triggerModel  `json:"triggers"`
	Variables []variableModel `json:"variables"`
}

type tagModel struct {
	ID       string         `json:"id"`
	Name     string         `json:"name"`
	Type     string         `json:"type"`
	Params   map[string]any `json:"params"`
	Firing   []string       `json:"firing"`
	Blocking []string       `json:"blocking"`
	Option   string         `json:"option"`
	Consent  []string       `json:"consent"`
	Priority int            `json:"priority"`
}

type triggerModel struct {
	ID              string         `json:"id"`
	Name            string         `json:"name"`
	Type            string         `json:"type"`
	CustomEvent     []condModel    `json:"customEvent"`
	Filter          []condModel    `json:"filter"`
	AutoEventFilter []condModel    `json:"autoEventFilter"`
	WaitForTags     bool           `json:"waitForTags"`
	CheckValidation bool           `json:"checkValidation"`
	Timeout         string         `json:"timeout"`
	EventName       string         `json:"eventName"`
	Interval        string         `json:"interval"`
	Limit           string         `json:"limit"`
	Params          map[string]any `json:"params"`
}

type condModel struct {
	Type       string `json:"type"`
	Arg0       string `json:"arg0"`
	Arg1       string `json:"arg1"`
	IgnoreCase bool   `json:"ignoreCase"`
	Negate     bool   `json:"negate"`
}

type variableModel struct {
	Name   string         `json:"name"`
	Type   string         `json:"type"`
	Params map[string]any `json:"params"`
}

// compile turns a parsed container into the runtime model and the list of
// what the model leaves out.
func compile(c *templates.Container) (*model, []Unsupported) {
	v := &c.Version
	var un []Unsupported
	add := func(u Unsupported) { un = append(un, u) }
	m := &model{PublicID: v.Container.PublicID, VersionID: v.ContainerVersionID,
		BuiltIns: []string{}, Tags: []tagModel{}, Triggers: []triggerModel{}, Variables: []variableModel{}}

	if slices.ContainsFunc(v.Container.UsageContext, func(s string) bool { return !strings.EqualFold(s, "WEB") }) {
		add(Unsupported{Entity: EntityContainer, Name: cmp.Or(v.Container.Name, v.Container.PublicID),
			Type: strings.Join(v.Container.UsageContext, ","), Detail: "only web containers run in the browser"})
	}

	// Names a {{reference}} may use: user variables and enabled built-ins.
	defined := map[string]bool{"_event": true} // lookup only
	for _, b := range v.BuiltInVariables {
		if slices.Contains(runtimeBuiltIns, b.Name) {
			m.BuiltIns = append(m.BuiltIns, b.Name)
			defined[b.Name] = true
			continue
		}
		add(Unsupported{Entity: EntityVariable, Name: b.Name, Type: b.Type, Detail: "built-in variable " + b.Type + " is not emulated"})
	}
	for _, x := range legacyBuiltIns(c) {
		if name, ok := templates.BuiltInName(x); ok && slices.Contains(runtimeBuiltIns, name) {
			m.BuiltIns = append(m.BuiltIns, name)
			defined[name] = true
		}
	}
	for _, x := range v.Variables {
		// An unsupported variable is reported once, as a variable; its
		// references are not reported again.
		defined[x.Name] = true
	}

	var refs []refUse
	for _, x := range v.Variables {
		if !slices.Contains(supportedVariables, x.Type) {
			add(Unsupported{Entity: EntityVariable, Name: x.Name, Type: x.Type, Detail: variableTypeDetail(x.Type)})
			continue
		}
		if hasMember(x.Unknown, "formatValue") && !emptyMember(x.Unknown, "formatValue") {
			add(Unsupported{Entity: EntityVariable, Name: x.Name, Type: x.Type, Detail: "value formatting (formatValue) is not applied"})
		}
		m.Variables = append(m.Variables, variableModel{Name: x.Name, Type: x.Type, Params: params(x.Parameter)})
		refs = collectRefs(refs, EntityVariable, x.Name, x.Parameter)
	}

	knownTrigger := map[string]bool{allPagesTriggerID: true, initializationTriggerID: true, consentInitTriggerID: true} // lookup only
	for _, t := range v.Triggers {
		if !slices.Contains(supportedTriggers, t.Type) {
			add(Unsupported{Entity: EntityTrigger, Name: t.Name, Type: t.Type, Detail: "trigger type " + t.Type + " is not emulated; it never fires"})
			continue
		}
		tm := triggerModel{ID: t.TriggerID, Name: t.Name, Type: t.Type,
			WaitForTags: paramBool(t.WaitForTags), CheckValidation: paramBool(t.CheckValidation),
			Timeout: paramString(t.WaitForTagsTimeout), EventName: paramString(t.EventName),
			Interval: paramString(t.Interval), Limit: paramString(t.Limit), Params: params(t.Parameter)}
		ok := true
		conds := func(cs []templates.Condition) []condModel {
			out := []condModel{}
			for _, cd := range cs {
				if !slices.Contains(supportedConditions, cd.Type) {
					add(Unsupported{Entity: EntityCondition, Name: t.Name, Type: cd.Type,
						Detail: "condition type " + cd.Type + " is not emulated; the trigger never fires"})
					ok = false
					continue
				}
				out = append(out, condModel{Type: cd.Type,
					Arg0:       templates.ParamValue(cd.Parameter, "arg0"),
					Arg1:       templates.ParamValue(cd.Parameter, "arg1"),
					IgnoreCase: templates.ParamValue(cd.Parameter, "ignore_case") == "true",
					Negate:     templates.ParamValue(cd.Parameter, "negate") == "true"})
				refs = collectRefs(refs, EntityTrigger, t.Name, cd.Parameter)
			}
			return out
		}
		tm.CustomEvent, tm.Filter, tm.AutoEventFilter = conds(t.CustomEventFilter), conds(t.Filter), conds(t.AutoEventFilter)
		if !ok {
			continue
		}
		if t.Type == "YOU_TUBE_VIDEO" || t.Type == "ELEMENT_VISIBILITY" || t.Type == "SCROLL_DEPTH" {
			if d := triggerParamProblem(t); d != "" {
				add(Unsupported{Entity: EntityTrigger, Name: t.Name, Type: t.Type, Detail: d})
				continue
			}
		}
		for _, p := range []*templates.Parameter{t.Interval, t.Limit, t.EventName, t.WaitForTagsTimeout} {
			if p != nil {
				refs = collectRefs(refs, EntityTrigger, t.Name, []templates.Parameter{*p})
			}
		}
		refs = collectRefs(refs, EntityTrigger, t.Name, t.Parameter)
		knownTrigger[t.TriggerID] = true
		m.Triggers = append(m.Triggers, tm)
	}
	for _, tr := range v.Triggers {
		if !knownTrigger[tr.TriggerID] {
			knownTrigger[tr.TriggerID] = false // defined, but reported as unsupported
		}
	}

	for _, t := range v.Tags {
		extra := tagExtras(t.Unknown)
		if extra.Paused {
			continue // a paused tag never fires, in GTM as here
		}
		if !slices.Contains(supportedTags, t.Type) {
			detail := "tag type " + t.Type + " is not emulated; it never fires"
			if strings.HasPrefix(t.Type, "cvt_") {
				detail = "custom template tag " + t.Type + " is not emulated; it never fires"
			}
			add(Unsupported{Entity: EntityTag, Name: t.Name, Type: t.Type, Detail: detail})
			continue
		}
		if extra.Sequenced {
			add(Unsupported{Entity: EntityTag, Name: t.Name, Type: t.Type, Detail: "tag sequencing (setup or cleanup tags) is not emulated; the tag fires on its own triggers only"})
		}
		if d := tagParamProblem(t); d != "" {
			add(Unsupported{Entity: EntityTag, Name: t.Name, Type: t.Type, Detail: d})
		}
		if t.Type == "html" && templates.ParamValue(t.Parameter, "supportDocumentWrite") == "true" {
			add(Unsupported{Entity: EntityTag, Name: t.Name, Type: t.Type, Detail: "document.write support is not emulated"})
		}
		for _, id := range slices.Concat(t.FiringTriggerID, t.BlockingTriggerID) {
			if _, seen := knownTrigger[id]; !seen {
				add(Unsupported{Entity: EntityTrigger, Name: id, Detail: fmt.Sprintf("tag %q refers to trigger ID %s, which the container does not define", t.Name, id)})
			}
		}
		tm := tagModel{ID: t.TagID, Name: t.Name, Type: t.Type, Params: params(t.Parameter),
			Firing: nonNil(t.FiringTriggerID), Blocking: nonNil(t.BlockingTriggerID),
			Option: cmp.Or(t.TagFiringOption, "ONCE_PER_EVENT"), Consent: []string{}}
		if t.Priority != nil {
			fmt.Sscan(t.Priority.Value, &tm.Priority)
		}
		if cs := t.ConsentSettings; cs != nil && cs.ConsentStatus == "NEEDED" && cs.ConsentType != nil {
			for _, item := range cs.ConsentType.List {
				if item.Value != "" {
					tm.Consent = append(tm.Consent, item.Value)
				}
			}
		}
		refs = collectRefs(refs, EntityTag, t.Name, t.Parameter)
		m.Tags = append(m.Tags, tm)
	}
	// Tags fire in priority order (higher first), then container order.
	slices.SortStableFunc(m.Tags, func(a, b tagModel) int { return cmp.Compare(b.Priority, a.Priority) })

	for _, ct := range unknownArray(v.Unknown, "customTemplate") {
		add(Unsupported{Entity: EntityCustomTemplate, Name: ct.Name, Type: ct.TemplateID,
			Detail: "custom templates are not emulated; tags and variables built on it never run"})
	}
	for _, key := range []string{"client", "zone", "transformation", "gtagConfig"} {
		for _, x := range unknownArray(v.Unknown, key) {
			add(Unsupported{Entity: key, Name: x.Name, Type: x.Type, Detail: key + " entities are not emulated"})
		}
	}

	seenRef := map[string]bool{} // lookup only
	for _, r := range refs {
		if defined[r.name] || seenRef[r.name] {
			continue
		}
		seenRef[r.name] = true
		detail := fmt.Sprintf("{{%s}} (used by %s %q) is neither a supported variable of the container nor an enabled built-in; it reads as undefined", r.name, r.entity, r.owner)
		if _, ok := templates.BuiltInType(r.name); ok && !slices.Contains(runtimeBuiltIns, r.name) {
			detail = fmt.Sprintf("built-in variable {{%s}} (used by %s %q) is not emulated; it reads as undefined", r.name, r.entity, r.owner)
		}
		add(Unsupported{Entity: EntityReference, Name: r.name, Detail: detail})
	}
	// Report in container order: tags, triggers, variables, then the rest.
	slices.SortStableFunc(un, func(a, b Unsupported) int { return cmp.Compare(entityRank(a.Entity), entityRank(b.Entity)) })
	return m, un
}

// entityRank orders findings the way a container lists its entities.
func entityRank(entity string) int {
	switch entity {
	case EntityContainer:
		return 0
	case EntityTag:
		return 1
	case EntityTrigger, EntityCondition:
		return 2
	case EntityVariable:
		return 3
	case EntityCustomTemplate:
		return 4
	case EntityReference:
		return 6
	}
	return 5
}

func nonNil(xs []string) []string {
	if xs == nil {
		return []string{}
	}
	return xs
}

// tagParamProblem returns what the runtime does not do with a GA4 tag's
// settings, or "".
func tagParamProblem(t templates.Tag) string {
	ps := t.Parameter
	switch t.Type {
	case "googtag", "gaawc":
		if templates.ParamValue(ps, "enableSendToServerContainer") == "true" {
			return "sending to a server container is not emulated; hits go to " + CollectURL
		}
		for _, row := range templates.Param(ps, "configSettingsTable").Rows("parameter", "parameterValue") {
			if row[0] == "server_container_url" || row[0] == "transport_url" {
				return "config setting " + row[0] + " is not emulated; hits go to " + CollectURL
			}
		}
	case "gaawe":
		if templates.ParamValue(ps, "enhancedUserId") == "true" || templates.ParamValue(ps, "userDataVariable") != "" {
			return "user-provided data (enhanced conversions) is not sent"
		}
	}
	return ""
}

// triggerParamProblem returns what the runtime cannot do with a trigger's
// settings, or "".
func triggerParamProblem(t templates.Trigger) string {
	ps := t.Parameter
	switch t.Type {
	case "ELEMENT_VISIBILITY":
		if st := templates.ParamValue(ps, "selectorType"); st != "" && st != "CSS" && st != "ID" {
			return "element visibility selector type " + st + " is not emulated (want CSS or ID)"
		}
	case "SCROLL_DEPTH":
		for _, k := range []string{"verticalThresholdUnits", "horizontalThresholdUnits"} {
			if u := templates.ParamValue(ps, k); u != "" && u != "PERCENT" && u != "PIXELS" {
				return "scroll threshold unit " + u + " is not emulated (want PERCENT or PIXELS)"
			}
		}
	case "YOU_TUBE_VIDEO":
		if u := templates.ParamValue(ps, "radioButtonGroup1"); u != "" && u != "PERCENTAGE" {
			return "YouTube progress unit " + u + " is not emulated (want PERCENTAGE)"
		}
	}
	return ""
}

func variableTypeDetail(typ string) string {
	if strings.HasPrefix(typ, "cvt_") {
		return "custom template variable " + typ + " is not emulated; it reads as undefined"
	}
	return "variable type " + typ + " is not emulated; it reads as undefined"
}

// params turns GTM parameters into plain JSON values: TEMPLATE, BOOLEAN,
// INTEGER and references become strings, a LIST an array, a MAP an object.
func params(ps []templates.Parameter) map[string]any {
	out := make(map[string]any, len(ps))
	for _, p := range ps {
		if p.Key != "" {
			out[p.Key] = paramJSON(p)
		}
	}
	return out
}

func paramJSON(p templates.Parameter) any {
	switch p.Type {
	case "LIST":
		list := make([]any, 0, len(p.List))
		for _, item := range p.List {
			list = append(list, paramJSON(item))
		}
		return list
	case "MAP":
		return params(p.Map)
	}
	return p.Value
}

func paramBool(p *templates.Parameter) bool { return p != nil && p.Value == "true" }

func paramString(p *templates.Parameter) string {
	if p == nil {
		return ""
	}
	return p.Value
}

// refUse is one {{reference}} found in an entity's parameters.
type refUse struct{ entity, owner, name string }

var refPattern = regexp.MustCompile(`\{\{([^{}]+)\}\}`)

func collectRefs(refs []refUse, entity, owner string, ps []templates.Parameter) []refUse {
	for _, p := range ps {
		for _, m := range refPattern.FindAllStringSubmatch(p.Value, -1) {
			refs = append(refs, refUse{entity: entity, owner: owner, name: m[1]})
		}
		refs = collectRefs(refs, entity, owner, p.List)
		refs = collectRefs(refs, entity, owner, p.Map)
	}
	return refs
}

// tagExtra holds the tag members the templates package keeps verbatim.
type tagExtra struct {
	Paused    bool
	Sequenced bool
}

func tagExtras(raw jsontext.Value) tagExtra {
	var x struct {
		Paused   bool             `json:"paused"`
		Setup    []jsontext.Value `json:"setupTag"`
		Teardown []jsontext.Value `json:"teardownTag"`
	}
	if len(raw) == 0 || json.Unmarshal(raw, &x) != nil {
		return tagExtra{}
	}
	return tagExtra{Paused: x.Paused, Sequenced: len(x.Setup)+len(x.Teardown) > 0}
}

func hasMember(raw jsontext.Value, key string) bool {
	var x map[string]jsontext.Value
	if len(raw) == 0 || json.Unmarshal(raw, &x) != nil {
		return false
	}
	_, ok := x[key]
	return ok
}

// emptyMember reports whether the member key of raw is an empty object,
// absent or null.
func emptyMember(raw jsontext.Value, key string) bool {
	var x map[string]jsontext.Value
	if len(raw) == 0 || json.Unmarshal(raw, &x) != nil {
		return true
	}
	v, ok := x[key]
	if !ok {
		return true
	}
	s := strings.Join(strings.Fields(string(v)), "")
	return s == "{}" || s == "null"
}

// namedEntity is an entity of an array the templates package does not
// model (customTemplate, client, zone, ...).
type namedEntity struct {
	Name       string `json:"name"`
	Type       string `json:"type"`
	TemplateID string `json:"templateId"`
}

func unknownArray(raw jsontext.Value, key string) []namedEntity {
	if len(raw) == 0 {
		return nil
	}
	var x map[string]jsontext.Value
	if json.Unmarshal(raw, &x) != nil {
		return nil
	}
	arr, ok := x[key]
	if !ok {
		return nil
	}
	var out []namedEntity
	if json.Unmarshal(arr, &out) != nil {
		return []namedEntity{{Name: key, Type: "unreadable"}}
	}
	return out
}

// legacyBuiltIns returns the enabledBuiltInVariable list of a format 1.3
// container.
func legacyBuiltIns(c *templates.Container) []string {
	if len(c.Version.Container.Unknown) == 0 {
		return nil
	}
	var legacy struct {
		Enabled []string `json:"enabledBuiltInVariable"`
	}
	if json.Unmarshal(c.Version.Container.Unknown, &legacy) != nil {
		return nil
	}
	return legacy.Enabled
}
