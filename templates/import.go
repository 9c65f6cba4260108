package templates

import (
	"bytes"
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/go-json-experiment/json/jsontext"
	"gopkg.in/yaml.v3"

	"github.com/tagspec/tagspec/diag"
	"github.com/tagspec/tagspec/spec"
)

// Rule IDs of import warnings.
const (
	RuleImportTag       = "import/tag"
	RuleImportTrigger   = "import/trigger"
	RuleImportVariable  = "import/variable"
	RuleImportParam     = "import/param"
	RuleImportContainer = "import/container"
)

// ImportRules lists the rules of the warnings Import gives.
var ImportRules = []diag.Rule{
	{ID: RuleImportTag, Severity: diag.SeverityWarning, Summary: "A tag of the container could not be expressed in the spec.",
		Help: "The tag is left out of the spec, so a container generated from it will not have it. Add the event by hand if it matters, or keep the tag outside tagspec."},
	{ID: RuleImportTrigger, Severity: diag.SeverityWarning, Summary: "A trigger of the container could not be expressed in the spec.",
		Help: "Events fired by this trigger are imported without it or left out. Write the trigger by hand with one of the trigger kinds the spec offers."},
	{ID: RuleImportVariable, Severity: diag.SeverityWarning, Summary: "A variable of the container could not be expressed as a parameter source.",
		Help: "Parameters read from the variable have no source in the spec. Give them a from: source (dataLayer, DOM, URL, cookie or constant) by hand."},
	{ID: RuleImportParam, Severity: diag.SeverityWarning, Summary: "A tag parameter could not be expressed in the spec.",
		Help: "The parameter is left out of its event. Add it by hand if it matters, with a source the spec can express."},
	{ID: RuleImportContainer, Severity: diag.SeverityWarning, Summary: "A container-wide setting could not be expressed in the spec.",
		Help: "The setting (for example a second measurement ID or a server container) is not carried over. Check the spec's measurement_id, environments and consent settings by hand."},
}

// Import reads a GTM container export (web or server, format 2 or 1.3, the
// current Google tag or the older gaawc configuration tag) and writes the
// best tagspec spec it can, as YAML. Everything the spec cannot express is
// reported as a warning that names the tag, trigger, variable or parameter;
// nothing is dropped silently. The error is for a file that is not a
// container export. It reads containers of any age: current GA4, the
// older gaawc configuration tag with eventParameters rows, Universal
// Analytics, format 1.3 and server containers; Container keeps every
// member it does not model, so reading and writing a file loses nothing.
func Import(data []byte, filename string) (yamlSpec []byte, warnings []spec.Diagnostic, err error) {
	c, err := ParseContainer(data, filename)
	if err != nil {
		return nil, nil, err
	}
	im := newImporter(c, filename)
	im.offsets = entityOffsets(data)
	im.data = data
	im.run()
	s, warnings := im.s, im.warns
	out, err := MarshalSpec(s)
	if err != nil {
		return nil, nil, err
	}
	return out, warnings, nil
}

// ContainerSpec turns a parsed container into a spec (the in-memory form
// of what Import writes) plus the warnings for what it could not express.
func ContainerSpec(c *Container, filename string) (*spec.Spec, []spec.Diagnostic) {
	im := newImporter(c, filename)
	im.run()
	return im.s, im.warns
}

func newImporter(c *Container, filename string) *importer {
	return &importer{c: c, file: filename, usedTriggers: map[string]bool{}, usedVars: map[string]bool{},
		listenerTags: map[string]int{}, triggerTypes: map[string]string{}}
}

// skippedEvent is a GA4 event tag the importer could not turn into a spec
// event because of its trigger.
type skippedEvent struct {
	event   string
	trigger string // the GTM trigger, described
}

type importer struct {
	c     *Container
	file  string
	s     *spec.Spec
	warns []spec.Diagnostic

	usedTriggers map[string]bool // lookup only
	usedVars     map[string]bool // lookup only
	listenerTags map[string]int  // listener event -> tag index (lookup only)
	listeners    []listenerConfig
	usedTags     []bool
	skipped      []skippedEvent
	triggerTypes map[string]string // imported event -> type of its GTM trigger (lookup only)

	data    []byte           // the file, when known, for positions
	offsets map[string]int64 // JSON pointer of an entity -> byte offset (lookup only)
}

func (im *importer) warn(rule, format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	d := spec.Diagnostic{Pos: im.position(msg), Severity: spec.SeverityWarning, Rule: rule, Message: msg}
	if !slices.ContainsFunc(im.warns, func(w spec.Diagnostic) bool { return w.Rule == d.Rule && w.Message == d.Message && w.Pos == d.Pos }) {
		im.warns = append(im.warns, d)
	}
}

// subjectRE finds the entity a warning is about: its message starts with
// `tag "name"`, `trigger "name"`, `variable "name"` or `client "name"`.
var subjectRE = regexp.MustCompile(`^(tag|trigger|variable|client) ("(?:[^"\\]|\\.)*")`)

// position returns the file:line:col of the entity a warning is about, or
// of the container when it names none.
func (im *importer) position(msg string) spec.Pos {
	pos := spec.Pos{File: im.file}
	if im.offsets == nil {
		return pos
	}
	ptr := "/containerVersion/container"
	if m := subjectRE.FindStringSubmatch(msg); m != nil {
		if name, err := strconv.Unquote(m[2]); err == nil {
			if i := im.entityIndex(m[1], name); i >= 0 {
				ptr = fmt.Sprintf("/containerVersion/%s/%d", m[1], i)
			}
		}
	}
	if off, ok := im.offsets[ptr]; ok {
		pos.Line, pos.Col = lineCol(im.data, int(off))
	}
	return pos
}

// entityIndex finds an entity by kind and name, or -1.
func (im *importer) entityIndex(kind, name string) int {
	v := &im.c.Version
	switch kind {
	case "tag":
		return slices.IndexFunc(v.Tags, func(t Tag) bool { return t.Name == name })
	case "trigger":
		return slices.IndexFunc(v.Triggers, func(t Trigger) bool { return t.Name == name })
	case "variable":
		return slices.IndexFunc(v.Variables, func(x Variable) bool { return x.Name == name })
	case "client":
		return slices.IndexFunc(unknownArray(v.Unknown, "client"), func(c struct{ Name, Type string }) bool { return c.Name == name })
	}
	return -1
}

// entityOffsets records the byte offset of the container and of every
// tag, trigger, variable and client of a container file.
func entityOffsets(data []byte) map[string]int64 {
	out := map[string]int64{}
	dec := jsontext.NewDecoder(bytes.NewReader(data))
	for {
		tok, err := dec.ReadToken()
		if err != nil {
			return out
		}
		if tok.Kind() != '{' {
			continue
		}
		ptr := string(dec.StackPointer())
		if ptr == "/containerVersion/container" || entityPtrRE.MatchString(ptr) {
			out[ptr] = dec.InputOffset() - 1
		}
	}
}

var entityPtrRE = regexp.MustCompile(`^/containerVersion/(tag|trigger|variable|client)/[0-9]+$`)

// variableExtras warns about settings of a variable that a spec source
// cannot carry: a default value and value formatting.
func (im *importer) variableExtras(x *Variable) {
	if ParamValue(x.Parameter, "setDefaultValue") == "true" {
		im.warn(RuleImportVariable, "variable %q: its default value %q is not expressible in a spec; not imported", x.Name, ParamValue(x.Parameter, "defaultValue"))
	}
	if len(x.Unknown) > 0 {
		var m map[string]json.RawMessage
		if json.Unmarshal(x.Unknown, &m) == nil {
			if fv, ok := m["formatValue"]; ok && len(bytes.TrimSpace(fv)) > 2 {
				im.warn(RuleImportVariable, "variable %q: its value formatting %s is not expressible in a spec; not imported", x.Name, compactJSON(fv))
			}
		}
	}
}

func compactJSON(raw []byte) string {
	var b bytes.Buffer
	if err := json.Compact(&b, raw); err != nil {
		return string(raw)
	}
	return b.String()
}

// listenerRE finds the settings line of a tagspec listener tag.
var listenerRE = regexp.MustCompile(`(?m)^var tagspec = (\{.*\});$`)

func (im *importer) variable(name string) *Variable {
	for i := range im.c.Version.Variables {
		if im.c.Version.Variables[i].Name == name {
			return &im.c.Version.Variables[i]
		}
	}
	return nil
}

func (im *importer) trigger(id string) *Trigger {
	for i := range im.c.Version.Triggers {
		if im.c.Version.Triggers[i].TriggerID == id {
			return &im.c.Version.Triggers[i]
		}
	}
	return nil
}

func (im *importer) folderName(id string) string {
	for _, f := range im.c.Version.Folders {
		if f.FolderID == id {
			return f.Name
		}
	}
	return ""
}

// ManagedMarker is the line tagspec push writes into the notes of every
// workspace entity it owns. push only creates, updates and deletes
// entities whose notes hold this line; removing it in GTM hands the
// entity back to the people who edit the workspace.
const ManagedMarker = "managed by tagspec"

// splitNotes separates the description from tagspec's metadata line. The
// ownership line that tagspec push adds is not part of the description.
func splitNotes(notes string) (desc, meta string) {
	lines := strings.Split(notes, "\n")
	lines = slices.DeleteFunc(lines, func(l string) bool { return strings.TrimSpace(l) == ManagedMarker })
	for i := len(lines) - 1; i >= 0; i-- {
		if strings.HasPrefix(lines[i], metaPrefix) {
			meta = strings.TrimPrefix(lines[i], metaPrefix)
			lines = slices.Delete(lines, i, i+1)
			break
		}
	}
	return strings.TrimSpace(strings.Join(lines, "\n")), meta
}

func (im *importer) run() {
	v := &im.c.Version
	im.s = &spec.Spec{Version: spec.Version, Name: v.Container.Name}
	im.usedTags = make([]bool, len(v.Tags))
	if slices.Contains(v.Container.UsageContext, "SERVER") {
		im.warn(RuleImportContainer, "%s is a server container: tagspec specs describe web tracking, so its clients and server tags are not imported", cmpOr(v.Container.PublicID, "the container"))
	}
	if im.c.ExportFormatVersion != nil && string(im.c.ExportFormatVersion) != "2" {
		im.warn(RuleImportContainer, "export format %s: read as a legacy container; re-export it from GTM for the current format", string(im.c.ExportFormatVersion))
	}
	if clients := unknownArray(v.Unknown, "client"); len(clients) > 0 {
		for _, cl := range clients {
			im.warn(RuleImportContainer, "client %q (%s) of the server container is not expressible in a spec; not imported", cl.Name, cl.Type)
		}
	}
	// Listener tags first, so events can find theirs.
	for i, t := range v.Tags {
		if t.Type != "html" {
			continue
		}
		m := listenerRE.FindStringSubmatch(ParamValue(t.Parameter, "html"))
		if m == nil {
			continue
		}
		var l listenerConfig
		if err := json.Unmarshal([]byte(m[1]), &l); err != nil || l.Event == "" {
			continue
		}
		im.listenerTags[l.Event] = len(im.listeners)
		im.listeners = append(im.listeners, l)
		im.usedTags[i] = true
	}
	im.googleTags()
	for i := range v.Tags {
		t := &v.Tags[i]
		if t.Type == "gaawe" {
			im.usedTags[i] = true
			im.event(t)
		}
	}
	for i, t := range v.Tags {
		if im.usedTags[i] {
			continue
		}
		switch t.Type {
		case "ua", "ga":
			im.warn(RuleImportTag, "tag %q is a Universal Analytics tag (%s): Universal Analytics stopped processing data in 2023 and GA4 specs cannot express it; not imported%s",
				t.Name, cmpOr(ParamValue(t.Parameter, "trackType"), t.Type), uaHint(&t))
		case "html":
			im.warn(RuleImportTag, "tag %q is Custom HTML that tagspec did not generate; not imported", t.Name)
		default:
			im.warn(RuleImportTag, "tag %q of type %s is not a GA4 tag; not imported", t.Name, t.Type)
		}
	}
	for _, tr := range v.Triggers {
		if !im.usedTriggers[tr.TriggerID] {
			im.warn(RuleImportTrigger, "trigger %q (%s) fires no imported GA4 event tag; not imported", tr.Name, tr.Type)
		}
	}
	for _, x := range v.Variables {
		if !im.usedVars[x.Name] {
			im.warn(RuleImportVariable, "variable %q (%s) is used by no imported event; not imported", x.Name, x.Type)
		}
	}
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// uaHint suggests the GA4 event a Universal Analytics event tag maps to.
func uaHint(t *Tag) string {
	if ParamValue(t.Parameter, "trackType") != "TRACK_EVENT" {
		return ""
	}
	action := ParamValue(t.Parameter, "eventAction")
	if action == "" || strings.Contains(action, "{{") {
		return ""
	}
	return fmt.Sprintf(" (its event action %q could become a GA4 event)", action)
}

// unknownArray reads an array of named entities (such as client) kept in
// an Unknown member.
func unknownArray(raw []byte, key string) []struct{ Name, Type string } {
	if len(raw) == 0 {
		return nil
	}
	var m map[string]json.RawMessage
	if json.Unmarshal(raw, &m) != nil || m[key] == nil {
		return nil
	}
	var out []struct {
		Name string `json:"name"`
		Type string `json:"type"`
	}
	if json.Unmarshal(m[key], &out) != nil {
		return nil
	}
	res := make([]struct{ Name, Type string }, len(out))
	for i, o := range out {
		res[i] = struct{ Name, Type string }{o.Name, o.Type}
	}
	return res
}

// resolveID turns a measurement ID value (literal or {{Constant}}) into
// the ID itself.
func (im *importer) resolveID(where, value string) string {
	value = strings.TrimSpace(value)
	if !strings.Contains(value, "{{") {
		return value
	}
	name, ok := singleRef(value)
	if ok {
		if x := im.variable(name); x != nil {
			im.usedVars[name] = true
			if x.Type == "c" {
				return ParamValue(x.Parameter, "value")
			}
			im.warn(RuleImportVariable, "%s: the measurement ID comes from {{%s}}, a %s variable; set measurement_id by hand", where, name, x.Type)
			return ""
		}
	}
	im.warn(RuleImportVariable, "%s: the measurement ID %q cannot be resolved; set measurement_id by hand", where, value)
	return ""
}

// singleRef reports whether value is exactly one {{Reference}}.
func singleRef(value string) (string, bool) {
	m := refRE.FindStringSubmatchIndex(value)
	if m == nil || m[0] != 0 || m[1] != len(value) {
		return "", false
	}
	return value[m[2]:m[3]], true
}

func consentTypes(cs *ConsentSettings) (types []string, explicit bool) {
	if cs == nil {
		return nil, false
	}
	switch cs.ConsentStatus {
	case "NEEDED":
		if cs.ConsentType != nil {
			for _, it := range cs.ConsentType.List {
				types = append(types, it.Value)
			}
		}
		return types, true
	case "NOT_NEEDED":
		return []string{}, true
	}
	return nil, false
}

func (im *importer) googleTags() {
	v := &im.c.Version
	for i := range v.Tags {
		t := &v.Tags[i]
		var id string
		switch t.Type {
		case "googtag":
			id = im.resolveID(fmt.Sprintf("tag %q", t.Name), ParamValue(t.Parameter, "tagId"))
			for _, key := range []string{"configSettingsTable", "eventSettingsTable", "configSettingsVariable", "eventSettingsVariable"} {
				if p := Param(t.Parameter, key); p != nil {
					im.warn(RuleImportTag, "tag %q: the Google tag's %s is not expressible in a spec; not imported", t.Name, key)
				}
			}
		case "gaawc":
			id = im.resolveID(fmt.Sprintf("tag %q", t.Name), ParamValue(t.Parameter, "measurementId"))
			if p := Param(t.Parameter, "fieldsToSet"); p != nil {
				im.warn(RuleImportTag, "tag %q: fields to set on the GA4 configuration tag are not expressible in a spec; not imported", t.Name)
			}
		default:
			continue
		}
		im.usedTags[i] = true
		for _, tid := range t.FiringTriggerID {
			im.usedTriggers[tid] = true
		}
		switch {
		case id == "":
		case im.s.MeasurementID == "":
			im.s.MeasurementID = id
		case im.s.MeasurementID != id:
			im.warn(RuleImportTag, "tag %q sends to %s, but the spec keeps one measurement ID (%s); use environments for several", t.Name, id, im.s.MeasurementID)
		}
		if types, explicit := consentTypes(t.ConsentSettings); explicit && len(types) > 0 && im.s.Consent == nil {
			im.s.Consent = &spec.Consent{Required: types}
		}
		if _, meta := splitNotes(t.Notes); meta != "" {
			var sm specMeta
			if json.Unmarshal([]byte(meta), &sm) == nil {
				if sm.Name != "" {
					im.s.Name = sm.Name
				}
				if sm.AcceptSelector != "" || sm.DenySelector != "" {
					if im.s.Consent == nil {
						im.s.Consent = &spec.Consent{}
					}
					im.s.Consent.AcceptSelector, im.s.Consent.DenySelector = sm.AcceptSelector, sm.DenySelector
				}
				for _, f := range sm.Funnels {
					im.s.Funnels = append(im.s.Funnels, spec.Funnel{Name: f.Name, Steps: f.Steps})
				}
			}
		}
	}
}

func (im *importer) event(t *Tag) {
	name := strings.TrimSpace(ParamValue(t.Parameter, "eventName"))
	if name == "" || strings.Contains(name, "{{") {
		im.warn(RuleImportTag, "tag %q: the event name %q is not a fixed name; a spec needs one event per name; not imported", t.Name, name)
		return
	}
	if _, dup := im.s.Event(name); dup {
		im.warn(RuleImportTag, "tag %q sends %q, which an earlier tag already sends; only the first is imported", t.Name, name)
		return
	}
	e := spec.Event{Name: name, Kind: spec.KindMicro}
	where := fmt.Sprintf("tag %q", t.Name)

	// Measurement ID of the event tag.
	mid := ParamValue(t.Parameter, "measurementIdOverride")
	if p := Param(t.Parameter, "measurementId"); p != nil && mid == "" {
		if p.Type == "TAG_REFERENCE" {
			mid = "" // the configuration tag's ID, read with the Google tags
		} else {
			mid = p.Value
		}
	}
	if mid != "" {
		if id := im.resolveID(where, mid); id != "" && im.s.MeasurementID != "" && id != im.s.MeasurementID {
			im.warn(RuleImportTag, "%s sends to %s, not to the spec's measurement ID %s", where, id, im.s.MeasurementID)
		} else if id != "" && im.s.MeasurementID == "" {
			im.s.MeasurementID = id
		}
	}

	// Notes: description and tagspec metadata.
	desc, meta := splitNotes(t.Notes)
	e.Description = desc
	var em eventMeta
	if meta != "" {
		if err := json.Unmarshal([]byte(meta), &em); err != nil {
			im.warn(RuleImportTag, "%s: the tagspec line of its notes is not valid JSON (%v); ignored", where, err)
		}
	}
	e.Kind = cmpOr(em.Kind, spec.KindMicro)
	e.Category, e.Signal, e.Stage, e.Benchmark = em.Category, em.Signal, em.Stage, em.Benchmark
	if e.Stage == "" {
		if f := im.folderName(t.ParentFolderID); f != "" {
			st := strings.ToLower(strings.TrimPrefix(f, folderPrefix))
			if slices.Contains(stages, st) {
				e.Stage = st
			}
		}
	}

	// Parameters: current table, legacy rows, shared settings variable.
	var rows [][2]string
	if ev := ParamValue(t.Parameter, "eventSettingsVariable"); ev != "" {
		if n, ok := singleRef(ev); ok {
			if x := im.variable(n); x != nil && x.Type == "gtes" {
				im.usedVars[n] = true
				rows = append(rows, Param(x.Parameter, "eventSettingsTable").Rows("parameter", "parameterValue")...)
			} else {
				im.warn(RuleImportParam, "%s: event settings variable %s cannot be read; its parameters are not imported", where, ev)
			}
		}
	}
	rows = append(rows, Param(t.Parameter, "eventSettingsTable").Rows("parameter", "parameterValue")...)
	rows = append(rows, Param(t.Parameter, "eventParameters").Rows("name", "value")...)
	for _, row := range rows {
		pname, value := strings.TrimSpace(row[0]), row[1]
		if pname == "" {
			continue
		}
		if _, dup := e.Param(pname); dup {
			im.warn(RuleImportParam, "%s: parameter %q is set twice; the first value is kept", where, pname)
			continue
		}
		src, ok := im.source(fmt.Sprintf("%s: parameter %q", where, pname), value)
		if !ok {
			continue
		}
		p := spec.Param{Name: pname, Type: spec.TypeString, From: src}
		for _, pm := range em.Params {
			if pm.Name == pname {
				p.Type = cmpOr(pm.Type, spec.TypeString)
				p.Required, p.Enum, p.Pattern, p.Min, p.Max, p.MaxLength = pm.Required, pm.Enum, pm.Pattern, pm.Min, pm.Max, pm.MaxLength
			}
		}
		e.Params = append(e.Params, p)
	}
	if p := Param(t.Parameter, "sendEcommerceData"); p != nil && p.Value == "true" {
		if _, has := e.Param("items"); !has {
			e.Params = append(e.Params, spec.Param{Name: "items", Type: spec.TypeItems, From: spec.Source{Kind: spec.SourceDataLayer, Value: "ecommerce.items"}})
		}
		if ParamValue(t.Parameter, "getEcommerceDataFrom") == "customObject" {
			im.warn(RuleImportParam, "%s: ecommerce data from a custom object is read as dataLayer ecommerce.items", where)
		}
	}
	for _, row := range Param(t.Parameter, "userProperties").Rows("name", "value") {
		if _, dup := userProp(im.s, row[0]); dup || row[0] == "" {
			continue
		}
		if src, ok := im.source(fmt.Sprintf("%s: user property %q", where, row[0]), row[1]); ok {
			im.s.UserProperties = append(im.s.UserProperties, spec.UserProperty{Name: row[0], From: src})
		}
	}
	for _, key := range []string{"userDataVariable", "enhancedUserId"} {
		if p := Param(t.Parameter, key); p != nil && p.Value != "" && p.Value != "false" {
			im.warn(RuleImportParam, "%s: %s (user-provided data) is not expressible in a spec; not imported", where, key)
		}
	}

	// Consent.
	if types, explicit := consentTypes(t.ConsentSettings); explicit {
		var def []string
		if im.s.Consent != nil {
			def = im.s.Consent.Required
		}
		if !slices.Equal(types, def) {
			e.Consent = types
		}
	}

	// Trigger.
	switch len(t.FiringTriggerID) {
	case 0:
		im.warn(RuleImportTag, "%s has no firing trigger; not imported", where)
		return
	case 1:
	default:
		im.warn(RuleImportTrigger, "%s fires on %d triggers; a spec event has one trigger, so only the first is imported", where, len(t.FiringTriggerID))
	}
	for _, id := range t.BlockingTriggerID {
		name := id
		if tr := im.trigger(id); tr != nil {
			name = tr.Name
			im.usedTriggers[id] = true
		}
		im.warn(RuleImportTrigger, "%s: blocking trigger %q is not expressible in a spec; not imported", where, name)
	}
	id := t.FiringTriggerID[0]
	for _, extra := range t.FiringTriggerID[1:] {
		if tr := im.trigger(extra); tr != nil {
			im.usedTriggers[extra] = true
		}
	}
	switch id {
	case AllPagesTriggerID:
		e.Trigger = spec.Trigger{Kind: spec.TriggerPageView}
		im.triggerTypes[name] = "PAGEVIEW"
	case InitializationTriggerID:
		// Read as a page view; Diff does not compare its trigger type.
		e.Trigger = spec.Trigger{Kind: spec.TriggerPageView}
	default:
		tr := im.trigger(id)
		if tr == nil {
			im.warn(RuleImportTrigger, "%s fires on trigger %s, which the container does not contain; not imported", where, id)
			return
		}
		im.usedTriggers[id] = true
		trig, ok := im.specTrigger(tr)
		if !ok {
			im.skipped = append(im.skipped, skippedEvent{event: name, trigger: fmt.Sprintf("%s trigger %q (not expressible in a spec)", tr.Type, tr.Name)})
			return
		}
		e.Trigger = trig
		im.triggerTypes[name] = tr.Type
	}
	im.s.Events = append(im.s.Events, e)
}

func userProp(s *spec.Spec, name string) (*spec.UserProperty, bool) {
	for i := range s.UserProperties {
		if s.UserProperties[i].Name == name {
			return &s.UserProperties[i], true
		}
	}
	return nil, false
}

// source turns a GTM value into a spec source.
func (im *importer) source(where, value string) (spec.Source, bool) {
	if !strings.Contains(value, "{{") {
		return spec.Source{Kind: spec.SourceConst, Value: value}, true
	}
	name, ok := singleRef(value)
	if !ok {
		im.warn(RuleImportParam, "%s: the value %q mixes text and variables, which a spec cannot express; not imported", where, value)
		return spec.Source{}, false
	}
	if x := im.variable(name); x != nil {
		im.usedVars[name] = true
		im.variableExtras(x)
		switch x.Type {
		case "v":
			return spec.Source{Kind: spec.SourceDataLayer, Value: ParamValue(x.Parameter, "name")}, true
		case "c":
			return spec.Source{Kind: spec.SourceConst, Value: ParamValue(x.Parameter, "value")}, true
		case "u":
			comp := ParamValue(x.Parameter, "component")
			for _, uc := range urlComponents {
				if uc.component != comp {
					continue
				}
				part := uc.part
				if q := ParamValue(x.Parameter, "queryKey"); comp == "QUERY" && q != "" {
					part += ":" + q
				}
				if ParamValue(x.Parameter, "stripWww") == "true" {
					im.warn(RuleImportVariable, "variable %q strips www from the host, which a spec cannot express; read as the plain host", name)
				}
				if ParamValue(x.Parameter, "customUrlSource") != "" {
					im.warn(RuleImportParam, "%s: {{%s}} reads another URL than the page's; read as the page URL", where, name)
				}
				return spec.Source{Kind: spec.SourceURL, Value: part}, true
			}
			im.warn(RuleImportParam, "%s: {{%s}} reads the URL component %q, which a spec cannot express; not imported", where, name, comp)
			return spec.Source{}, false
		case "aev":
			vt := ParamValue(x.Parameter, "varType")
			if vt == "ATTRIBUTE" {
				if a := ParamValue(x.Parameter, "attribute"); a != "" {
					return spec.Source{Kind: spec.SourceElement, Value: a}, true
				}
			}
			for _, et := range elementVarTypes {
				if et.varType == vt {
					return spec.Source{Kind: spec.SourceElement, Value: et.name}, true
				}
			}
			if vt == "URL" {
				return spec.Source{Kind: spec.SourceElement, Value: "href"}, true
			}
			im.warn(RuleImportParam, "%s: {{%s}} reads the element's %s, which a spec cannot express; not imported", where, name, vt)
			return spec.Source{}, false
		}
		im.warn(RuleImportParam, "%s: {{%s}} is a %s variable, which a spec cannot express (only dataLayer, constant, URL and element values); not imported", where, name, x.Type)
		return spec.Source{}, false
	}
	if b, ok := builtInByName(name); ok {
		return spec.Source{Kind: spec.SourceBuiltin, Value: b.Name}, true
	}
	im.warn(RuleImportParam, "%s: {{%s}} is neither a variable of the container nor a built-in variable; not imported", where, name)
	return spec.Source{}, false
}

// condition reads a trigger condition as (operator, variable name, value).
func condParts(c Condition) (op, variable, value string, negate bool) {
	arg0 := ParamValue(c.Parameter, "arg0")
	variable, _ = singleRef(arg0)
	return c.Type, variable, ParamValue(c.Parameter, "arg1"), ParamValue(c.Parameter, "negate") == "true"
}

// specTrigger turns a GTM trigger into a spec trigger.
func (im *importer) specTrigger(tr *Trigger) (spec.Trigger, bool) {
	where := fmt.Sprintf("trigger %q", tr.Name)
	var t spec.Trigger
	var conds []Condition
	conds = append(conds, tr.Filter...)
	takePages := func(op, v, val string) bool {
		if op == "MATCH_REGEX" && v == "Page Path" && t.Pages == "" {
			t.Pages = val
			return true
		}
		return false
	}
	rest := func(handle func(op, v, val string) bool) {
		for _, c := range conds {
			op, v, val, neg := condParts(c)
			if !neg && handle(op, v, val) {
				continue
			}
			im.warn(RuleImportTrigger, "%s: condition %s %s %q%s is not expressible in a spec; not imported",
				where, cmpOr("{{"+v+"}}", ParamValue(c.Parameter, "arg0")), op, val, map[bool]string{true: " (negated)"}[neg])
		}
	}
	switch tr.Type {
	case "PAGEVIEW", "DOM_READY", "WINDOW_LOADED":
		t.Kind = spec.TriggerPageView
		if tr.Type != "PAGEVIEW" {
			im.warn(RuleImportTrigger, "%s fires at %s; the spec's page_view fires on page view", where, tr.Type)
		}
		// The generator writes pages first; it is only told apart from
		// path_regex when there is another path condition.
		pathConds := 0
		for _, c := range conds {
			if _, v, _, neg := condParts(c); v == "Page Path" && !neg {
				pathConds++
			}
		}
		rest(func(op, v, val string) bool {
			if v != "Page Path" {
				return false
			}
			switch {
			case op == "EQUALS" && t.PathExact == "":
				t.PathExact = val
			case op == "STARTS_WITH" && t.PathPrefix == "":
				t.PathPrefix = val
			case op == "MATCH_REGEX" && pathConds > 1 && t.Pages == "":
				t.Pages = val
			case op == "MATCH_REGEX" && t.PathRegex == "":
				t.PathRegex = val
			default:
				return false
			}
			return true
		})
	case "CLICK", "LINK_CLICK":
		t.Kind = spec.TriggerClick
		rest(func(op, v, val string) bool {
			switch {
			case takePages(op, v, val):
			case v == "Click Element" && op == "CSS_SELECTOR" && t.Selector == "":
				t.Selector = unclickSelector(val)
			case v == "Click URL" && op == "CONTAINS" && t.URL == "":
				t.URL = val
			case v == "Click Text" && op == "EQUALS" && t.Text == "":
				t.Text = val
			case v == "Click ID" && op == "EQUALS" && t.Selector == "":
				t.Selector = "#" + val
			default:
				return false
			}
			return true
		})
		if t.Selector == "" && t.Text == "" && t.URL == "" {
			t.Selector = map[bool]string{true: "a", false: "*"}[tr.Type == "LINK_CLICK"]
			im.warn(RuleImportTrigger, "%s fires on every click; imported with selector %q", where, t.Selector)
		}
	case "FORM_SUBMISSION":
		t.Kind = spec.TriggerFormSubmit
		rest(func(op, v, val string) bool {
			switch {
			case takePages(op, v, val):
			case v == "Form Element" && op == "CSS_SELECTOR" && t.Selector == "":
				t.Selector = val
			case v == "Form ID" && op == "EQUALS" && t.Selector == "":
				t.Selector = "form#" + val
			default:
				return false
			}
			return true
		})
		if t.Selector == "" {
			t.Selector = "form"
		}
	case "CUSTOM_EVENT":
		if len(tr.CustomEventFilter) != 1 {
			im.warn(RuleImportTrigger, "%s is a custom event trigger with %d event conditions; not imported", where, len(tr.CustomEventFilter))
			return t, false
		}
		op, _, ev, _ := condParts(tr.CustomEventFilter[0])
		if op != "EQUALS" {
			im.warn(RuleImportTrigger, "%s matches events with %s %q; a spec needs one event name, so the pattern is written as the name: fix it by hand", where, op, ev)
		}
		if i, ok := im.listenerTags[ev]; ok {
			l := im.listeners[i]
			switch l.Listener {
			case ListenerFormStart:
				t.Kind, t.Selector = spec.TriggerFormStart, l.Selector
			case ListenerFormAbandon:
				t.Kind, t.Selector = spec.TriggerFormAbandon, l.Selector
			case ListenerElementTimer:
				t.Kind, t.Selector, t.Seconds = spec.TriggerTimer, l.Selector, l.Seconds
			case ListenerHTML5Video:
				t.Kind, t.Provider, t.Selector, t.Percent = spec.TriggerVideo, "html5", l.Selector, l.Percent
			}
		}
		if t.Kind == "" {
			t.Kind, t.Event = spec.TriggerDataLayer, ev
		}
		rest(func(op, v, val string) bool { return takePages(op, v, val) })
	case "SCROLL_DEPTH":
		t.Kind = spec.TriggerScroll
		if ParamValue(tr.Parameter, "verticalThresholdOn") == "false" {
			im.warn(RuleImportTrigger, "%s measures horizontal scrolling only, which a spec cannot express; not imported", where)
			return t, false
		}
		if u := ParamValue(tr.Parameter, "verticalThresholdUnits"); u != "" && u != "PERCENT" {
			im.warn(RuleImportTrigger, "%s uses %s thresholds; a spec scroll trigger takes percentages; not imported", where, u)
			return t, false
		}
		if ParamValue(tr.Parameter, "horizontalThresholdOn") == "true" {
			im.warn(RuleImportTrigger, "%s: horizontal scroll thresholds are not expressible in a spec; not imported", where)
		}
		t.Percent = parseInts(ParamValue(tr.Parameter, "verticalThresholdsPercent"))
		rest(func(op, v, val string) bool { return takePages(op, v, val) })
	case "YOU_TUBE_VIDEO":
		t.Kind, t.Provider = spec.TriggerVideo, "youtube"
		if ParamValue(tr.Parameter, "captureProgress") == "true" {
			if ParamValue(tr.Parameter, "radioButtonGroup1") == "PERCENTAGE" {
				t.Percent = parseInts(ParamValue(tr.Parameter, "progressThresholdsPercent"))
			} else {
				im.warn(RuleImportTrigger, "%s: progress in seconds is not expressible in a spec; not imported", where)
			}
		}
		if ParamValue(tr.Parameter, "captureComplete") == "true" {
			t.Percent = append(t.Percent, 100)
		}
		for _, k := range []string{"captureStart", "capturePause", "captureSeek"} {
			if ParamValue(tr.Parameter, k) == "true" {
				im.warn(RuleImportTrigger, "%s: %s is not expressible in a spec (only percentages); not imported", where, k)
			}
		}
		if len(t.Percent) == 0 {
			im.warn(RuleImportTrigger, "%s captures no progress percentage; not imported", where)
			return t, false
		}
		rest(func(op, v, val string) bool { return takePages(op, v, val) })
	case "ELEMENT_VISIBILITY":
		t.Kind = spec.TriggerVisibility
		switch ParamValue(tr.Parameter, "selectorType") {
		case "ID":
			t.Selector = "#" + ParamValue(tr.Parameter, "elementId")
		default:
			t.Selector = ParamValue(tr.Parameter, "elementSelector")
		}
		if r, err := strconv.ParseFloat(ParamValue(tr.Parameter, "onScreenRatio"), 64); err == nil && r > 0 {
			t.Ratio = r / 100
		}
		if ParamValue(tr.Parameter, "useOnScreenDuration") == "true" {
			if ms, err := strconv.ParseFloat(ParamValue(tr.Parameter, "onScreenDuration"), 64); err == nil {
				t.Seconds = ms / 1000
			}
		}
		if f := ParamValue(tr.Parameter, "firingFrequency"); f != "" && f != "ONCE" {
			im.warn(RuleImportTrigger, "%s fires %s; a spec visibility trigger fires once per page", where, f)
		}
		rest(func(op, v, val string) bool { return takePages(op, v, val) })
	case "TIMER":
		t.Kind = spec.TriggerTimer
		ms, err := strconv.ParseFloat(paramValue(tr.Interval), 64)
		if err != nil || ms <= 0 {
			im.warn(RuleImportTrigger, "%s has no interval in milliseconds (%q); not imported", where, paramValue(tr.Interval))
			return t, false
		}
		t.Seconds = ms / 1000
		if l := paramValue(tr.Limit); l != "1" {
			im.warn(RuleImportTrigger, "%s repeats (limit %q); a spec timer fires once, after %s seconds", where, l, formatSeconds(t.Seconds))
		}
		for _, c := range tr.AutoEventFilter {
			op, v, val, neg := condParts(c)
			switch {
			case op == "MATCH_REGEX" && v == "Page URL" && val == ".*" && !neg:
			case op == "MATCH_REGEX" && v == "Page Path" && !neg && t.Pages == "":
				t.Pages = val
			default:
				im.warn(RuleImportTrigger, "%s: enabling condition {{%s}} %s %q is not expressible in a spec; not imported", where, v, op, val)
			}
		}
		rest(func(op, v, val string) bool { return takePages(op, v, val) })
	case "HISTORY_CHANGE":
		t.Kind = spec.TriggerHistoryChange
		rest(func(op, v, val string) bool { return takePages(op, v, val) })
	default:
		im.warn(RuleImportTrigger, "%s is of type %s, which a spec cannot express; its event is not imported", where, tr.Type)
		return t, false
	}
	return t, true
}

func paramValue(p *Parameter) string {
	if p == nil {
		return ""
	}
	return p.Value
}

// unclickSelector undoes clickSelector ("a.cta, a.cta *" -> "a.cta").
func unclickSelector(s string) string {
	if a, b, ok := strings.Cut(s, ", "); ok && b == a+" *" {
		return a
	}
	return s
}

func parseInts(s string) []int {
	var out []int
	for _, f := range strings.Split(s, ",") {
		if n, err := strconv.Atoi(strings.TrimSpace(f)); err == nil {
			out = append(out, n)
		}
	}
	return out
}

// MarshalSpec writes a spec as tagspec YAML, in the key order of the spec
// format, leaving out what is empty or default.
func MarshalSpec(s *spec.Spec) ([]byte, error) {
	root := mapping()
	add(root, "version", scalarInt(spec.Version))
	if s.Name != "" {
		add(root, "name", str(s.Name))
	}
	if s.MeasurementID != "" {
		add(root, "measurement_id", str(s.MeasurementID))
	}
	if len(s.Environments) > 0 {
		envs := mapping()
		for _, e := range s.Environments {
			m := mapping()
			if e.BaseURL != "" {
				add(m, "base_url", str(e.BaseURL))
			}
			if e.MeasurementID != "" {
				add(m, "measurement_id", str(e.MeasurementID))
			}
			add(envs, e.Name, m)
		}
		add(root, "environments", envs)
	}
	if c := s.Consent; c != nil && (len(c.Required) > 0 || c.AcceptSelector != "" || c.DenySelector != "") {
		m := mapping()
		if len(c.Required) > 0 {
			add(m, "required", flowStrs(c.Required))
		}
		if c.AcceptSelector != "" {
			add(m, "accept_selector", str(c.AcceptSelector))
		}
		if c.DenySelector != "" {
			add(m, "deny_selector", str(c.DenySelector))
		}
		add(root, "consent", m)
	}
	if len(s.UserProperties) > 0 {
		ups := mapping()
		for _, up := range s.UserProperties {
			m := mapping()
			add(m, "from", str(up.From.String()))
			add(ups, up.Name, m)
		}
		add(root, "user_properties", ups)
	}
	events := &yaml.Node{Kind: yaml.SequenceNode}
	for i := range s.Events {
		events.Content = append(events.Content, eventNode(&s.Events[i]))
	}
	add(root, "events", events)
	if len(s.Funnels) > 0 {
		fs := &yaml.Node{Kind: yaml.SequenceNode}
		for _, f := range s.Funnels {
			m := mapping()
			add(m, "name", str(f.Name))
			add(m, "steps", flowStrs(f.Steps))
			fs.Content = append(fs.Content, m)
		}
		add(root, "funnels", fs)
	}
	var buf bytes.Buffer
	buf.WriteString("# Imported by tagspec from a GTM container export. Review the warnings\n# printed by `tagspec import gtm`, then run `tagspec lint`.\n")
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(&yaml.Node{Kind: yaml.DocumentNode, Content: []*yaml.Node{root}}); err != nil {
		return nil, fmt.Errorf("writing spec YAML: %w", err)
	}
	if err := enc.Close(); err != nil {
		return nil, fmt.Errorf("writing spec YAML: %w", err)
	}
	return buf.Bytes(), nil
}

func eventNode(e *spec.Event) *yaml.Node {
	m := mapping()
	add(m, "name", str(e.Name))
	add(m, "kind", str(cmpOr(e.Kind, spec.KindMicro)))
	for _, kv := range [][2]string{{"category", e.Category}, {"signal", e.Signal}, {"stage", e.Stage}, {"description", e.Description}} {
		if kv[1] != "" {
			add(m, kv[0], str(kv[1]))
		}
	}
	add(m, "trigger", triggerNode(&e.Trigger))
	if len(e.Params) > 0 {
		ps := mapping()
		for i := range e.Params {
			p := &e.Params[i]
			pm := mapping()
			if p.Type != "" && p.Type != spec.TypeString {
				add(pm, "type", str(p.Type))
			}
			if p.From.Kind != "" && !(p.From.Kind == spec.SourceDataLayer && p.From.Value == p.Name) {
				add(pm, "from", str(p.From.String()))
			}
			if p.Required {
				add(pm, "required", &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!bool", Value: "true"})
			}
			if len(p.Enum) > 0 {
				en := &yaml.Node{Kind: yaml.SequenceNode, Style: yaml.FlowStyle}
				for _, v := range p.Enum {
					en.Content = append(en.Content, anyNode(v))
				}
				add(pm, "enum", en)
			}
			if p.Pattern != "" {
				add(pm, "pattern", str(p.Pattern))
			}
			if p.Min != nil {
				add(pm, "min", floatNode(*p.Min))
			}
			if p.Max != nil {
				add(pm, "max", floatNode(*p.Max))
			}
			if p.MaxLength != nil {
				add(pm, "max_length", scalarInt(*p.MaxLength))
			}
			add(ps, p.Name, pm)
		}
		add(m, "params", ps)
	}
	if e.Benchmark != "" {
		add(m, "benchmark", str(e.Benchmark))
	}
	if e.Consent != nil {
		add(m, "consent", flowStrs(e.Consent))
	}
	return m
}

func triggerNode(t *spec.Trigger) *yaml.Node {
	body := mapping()
	body.Style = yaml.FlowStyle
	set := func(k, v string) {
		if v != "" {
			add(body, k, str(v))
		}
	}
	switch t.Kind {
	case spec.TriggerPageView:
		set("path", t.PathExact)
		set("path_prefix", t.PathPrefix)
		set("path_regex", t.PathRegex)
	case spec.TriggerClick:
		set("selector", t.Selector)
		set("text", t.Text)
		set("url", t.URL)
	case spec.TriggerFormStart, spec.TriggerFormSubmit, spec.TriggerFormAbandon:
		set("selector", t.Selector)
	case spec.TriggerScroll:
		add(body, "percent", flowInts(t.Percent))
	case spec.TriggerVideo:
		set("provider", t.Provider)
		add(body, "percent", flowInts(t.Percent))
		set("selector", t.Selector)
	case spec.TriggerVisibility:
		set("selector", t.Selector)
		if t.Ratio > 0 {
			add(body, "ratio", floatNode(t.Ratio))
		}
		if t.Seconds > 0 {
			add(body, "seconds", floatNode(t.Seconds))
		}
	case spec.TriggerTimer:
		add(body, "seconds", floatNode(t.Seconds))
		set("selector", t.Selector)
	case spec.TriggerDataLayer:
		set("event", t.Event)
	}
	set("pages", t.Pages)
	m := mapping()
	add(m, cmpOr(t.Kind, spec.TriggerDataLayer), body)
	return m
}

func mapping() *yaml.Node { return &yaml.Node{Kind: yaml.MappingNode} }

func add(m *yaml.Node, key string, v *yaml.Node) {
	m.Content = append(m.Content, str(key), v)
}

func str(s string) *yaml.Node {
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: s}
}

func scalarInt(n int) *yaml.Node {
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!int", Value: strconv.Itoa(n)}
}

func floatNode(f float64) *yaml.Node {
	if f == float64(int64(f)) {
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!int", Value: strconv.FormatInt(int64(f), 10)}
	}
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!float", Value: strconv.FormatFloat(f, 'g', -1, 64)}
}

func anyNode(v any) *yaml.Node {
	switch x := v.(type) {
	case bool:
		return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!bool", Value: strconv.FormatBool(x)}
	case float64:
		return floatNode(x)
	case string:
		return str(x)
	}
	return str(fmt.Sprint(v))
}

func flowStrs(xs []string) *yaml.Node {
	n := &yaml.Node{Kind: yaml.SequenceNode, Style: yaml.FlowStyle}
	for _, x := range xs {
		n.Content = append(n.Content, str(x))
	}
	return n
}

func flowInts(xs []int) *yaml.Node {
	n := &yaml.Node{Kind: yaml.SequenceNode, Style: yaml.FlowStyle}
	for _, x := range xs {
		n.Content = append(n.Content, scalarInt(x))
	}
	return n
}
