package validator

import (
	"encoding/json"
	"fmt"
	neturl "net/url"
	"strconv"
	"strings"

	"github.com/santhosh-tekuri/jsonschema/v5"

	"github.com/tagspec/tagspec/hits"
	"github.com/tagspec/tagspec/pii"
	"github.com/tagspec/tagspec/spec"
)

// eventSchema is one spec event's parameters compiled into a JSON Schema
// (see schemaDocument), kept as the schema of the whole parameter object
// and as its parts: one schema per declared parameter and one for the
// presence of the required ones. Validating the parts separately lets the
// validator reuse the result for a parameter value it has already judged.
type eventSchema struct {
	event    *spec.Event
	whole    *jsonschema.Schema   // the event's parameter object, as documented; the parts must agree with it
	presence *jsonschema.Schema   // #/$defs/presence: the required parameters
	params   []*jsonschema.Schema // #/properties/<name>, in ev.Params order
	// hints holds what each param's name says about personal data, and
	// piiAllow whether the spec allows what the check finds in it (pii:
	// {allow: reason}), in ev.Params order.
	hints    []pii.Hint
	piiAllow []bool
}

// paramAliases maps spec parameter names that gtag sends under a
// dedicated wire key rather than ep./epn.
var paramAliases = map[string]string{
	"currency":      "cu",
	"page_location": "dl",
	"page_title":    "dt",
	"page_referrer": "dr",
	"user_id":       "uid",
}

// schemaDocument builds the JSON Schema of an event's parameters. The
// instance it validates is an object of parameter name to value, as built
// by instance.
func schemaDocument(ev *spec.Event) map[string]any {
	props := map[string]any{}
	var required []any
	for i := range ev.Params {
		p := &ev.Params[i]
		props[p.Name] = paramSchema(p)
		if p.Required {
			required = append(required, p.Name)
		}
	}
	presence := map[string]any{"type": "object"}
	doc := map[string]any{
		"$schema":    "https://json-schema.org/draft/2020-12/schema",
		"type":       "object",
		"properties": props,
		"$defs":      map[string]any{"presence": presence},
	}
	if len(required) > 0 {
		doc["required"] = required
		presence["required"] = required
	}
	return doc
}

func paramSchema(p *spec.Param) map[string]any {
	s := map[string]any{}
	switch p.Type {
	case spec.TypeNumber:
		s["type"] = "number"
	case spec.TypeInteger:
		s["type"] = "integer"
	case spec.TypeBoolean:
		s["type"] = "boolean"
	case spec.TypeItems:
		s["type"] = "array"
		s["minItems"] = 1
		s["maxItems"] = 200
		// Each item needing item_id or item_name is a wire rule, checked
		// for every event (see wireLimits).
		s["items"] = map[string]any{"type": "object"}
		return s
	default:
		s["type"] = "string"
	}
	if len(p.Enum) > 0 {
		s["enum"] = p.Enum
	}
	if p.Pattern != "" {
		s["pattern"] = p.Pattern
	}
	if p.Min != nil {
		s["minimum"] = *p.Min
	}
	if p.Max != nil {
		s["maximum"] = *p.Max
	}
	if p.MaxLength != nil {
		s["maxLength"] = *p.MaxLength
	}
	return s
}

// compileEvent compiles the schema of one spec event and its parts.
func compileEvent(index int, ev *spec.Event) (*eventSchema, error) {
	doc, err := json.Marshal(schemaDocument(ev))
	if err != nil {
		return nil, err
	}
	url := "mem:///tagspec/events/" + strconv.Itoa(index) + ".json"
	c := jsonschema.NewCompiler()
	c.Draft = jsonschema.Draft2020
	if err := c.AddResource(url, strings.NewReader(string(doc))); err != nil {
		return nil, err
	}
	es := &eventSchema{event: ev, params: make([]*jsonschema.Schema, len(ev.Params)),
		hints: make([]pii.Hint, len(ev.Params)), piiAllow: make([]bool, len(ev.Params))}
	for i, p := range ev.Params {
		es.hints[i] = pii.NameHint(p.Name)
		es.piiAllow[i] = p.PIIAllow != ""
	}
	if es.whole, err = c.Compile(url); err != nil {
		return nil, err
	}
	if es.presence, err = c.Compile(url + "#/$defs/presence"); err != nil {
		return nil, err
	}
	for i := range ev.Params {
		ptr := strings.ReplaceAll(strings.ReplaceAll(ev.Params[i].Name, "~", "~0"), "/", "~1")
		if es.params[i], err = c.Compile(url + "#/properties/" + neturl.PathEscape(ptr)); err != nil {
			return nil, err
		}
	}
	return es, nil
}

// instance builds the JSON value of an observed event's parameters that the
// event schema validates: only the parameters the spec declares, typed the
// way they arrived (epn. as numbers, ep. as strings; "true"/"false" become
// booleans where the spec wants a boolean).
func instance(ev *spec.Event, obs *hits.Event) map[string]any {
	inst := make(map[string]any, len(ev.Params))
	for i := range ev.Params {
		if v, ok := instanceValue(&ev.Params[i], obs); ok {
			inst[ev.Params[i].Name] = v
		}
	}
	return inst
}

// instanceValue returns the JSON value of one spec param in an observed
// event, and whether the event carries it.
func instanceValue(sp *spec.Param, obs *hits.Event) (any, bool) {
	if sp.Type == spec.TypeItems {
		if len(obs.Items) > 0 {
			return itemsInstance(obs.Items), true
		}
		return nil, false
	}
	p, ok := obs.Param(sp.Name)
	if !ok {
		if key, alias := paramAliases[sp.Name]; alias {
			if v, ok := obs.Get(key); ok {
				return v, true
			}
		}
		return nil, false
	}
	return paramValue(sp, p), true
}

func paramValue(sp *spec.Param, p *hits.Param) any {
	if p.Type == hits.TypeNumber {
		if p.NumberOK {
			return p.Number
		}
		return p.Value
	}
	if sp.Type == spec.TypeBoolean {
		switch p.Value {
		case "true":
			return true
		case "false":
			return false
		}
	}
	return p.Value
}

// itemPlaceholder stands for one item in a schema instance. The items
// schema only constrains how many items there are and that each is an
// object; what an item holds is checked by the wire rules (wireLimits), so
// the instance does not copy item fields.
var itemPlaceholder = map[string]any{}

func itemsInstance(items []hits.Item) []any {
	out := make([]any, len(items))
	for i := range out {
		out[i] = itemPlaceholder
	}
	return out
}

// schemaProblem is one leaf validation error mapped to a parameter.
type schemaProblem struct {
	rule    string
	param   string
	message string
}

// schemaProblems flattens a validation error into per-parameter problems,
// in the library's (deterministic) order. param names the parameter when
// the error comes from validating one parameter's value on its own.
func schemaProblems(ev *spec.Event, obs *hits.Event, err error, param string) []schemaProblem {
	ve, ok := err.(*jsonschema.ValidationError)
	if !ok {
		return []schemaProblem{{rule: RuleParamValue, message: fmt.Sprintf("event %q: parameters could not be checked: %v", ev.Name, err)}}
	}
	var out []schemaProblem
	var walk func(e *jsonschema.ValidationError)
	walk = func(e *jsonschema.ValidationError) {
		if len(e.Causes) > 0 {
			for _, c := range e.Causes {
				walk(c)
			}
			return
		}
		out = append(out, mapProblem(ev, obs, e, param)...)
	}
	walk(ve)
	return out
}

func mapProblem(ev *spec.Event, obs *hits.Event, e *jsonschema.ValidationError, only string) []schemaProblem {
	kw := e.KeywordLocation
	if i := strings.LastIndexByte(kw, '/'); i >= 0 {
		kw = kw[i+1:]
	}
	param, rest := splitPointer(e.InstanceLocation)
	if only != "" {
		param, rest = only, strings.TrimPrefix(e.InstanceLocation, "/")
	}
	if kw == "required" && param == "" {
		var out []schemaProblem
		for _, name := range quoted(e.Message) {
			out = append(out, schemaProblem{
				rule:    RuleParamMissing,
				param:   name,
				message: fmt.Sprintf("event %q: required param %q is missing", ev.Name, name),
			})
		}
		return out
	}
	sp, _ := ev.Param(param)
	where := fmt.Sprintf("event %q: param %q", ev.Name, param)
	if rest != "" {
		where += " at " + rest
	}
	if kw == "type" && rest == "" && sp != nil {
		return []schemaProblem{{rule: RuleParamType, param: param, message: where + ": " + typeMessage(sp, obs)}}
	}
	rule := RuleParamValue
	if kw == "type" {
		rule = RuleParamType
	}
	return []schemaProblem{{rule: rule, param: param, message: where + ": " + e.Message}}
}

// typeMessage explains a type mismatch in the words of the spec, with the
// GA4 key the value arrived under in brackets (ep. for strings, epn. for
// numbers), which is what a tag's configuration decides.
func typeMessage(sp *spec.Param, obs *hits.Event) string {
	p, ok := obs.Param(sp.Name)
	if !ok {
		return "the spec wants " + article(sp.Type)
	}
	switch {
	case p.Type == hits.TypeString && (sp.Type == spec.TypeNumber || sp.Type == spec.TypeInteger):
		return fmt.Sprintf("sent as the string %q (ep.%s); the spec wants %s: push a JS number, not a string", p.Value, sp.Name, article(sp.Type))
	case p.Type == hits.TypeNumber && !p.NumberOK:
		return fmt.Sprintf("%q is not a number (epn.%s)", p.Value, sp.Name)
	case p.Type == hits.TypeNumber && sp.Type == spec.TypeInteger:
		return fmt.Sprintf("%s is not an integer (epn.%s)", p.Value, sp.Name)
	case p.Type == hits.TypeNumber:
		return fmt.Sprintf("sent as the number %s (epn.%s); the spec wants %s", p.Value, sp.Name, article(sp.Type))
	case sp.Type == spec.TypeBoolean:
		return fmt.Sprintf("%q is not true or false (ep.%s)", p.Value, sp.Name)
	}
	return fmt.Sprintf("sent as %s; the spec wants %s", p.Type, article(sp.Type))
}

// article puts "a" or "an" before a type name.
func article(typ string) string {
	if typ != "" && strings.IndexByte("aeiou", typ[0]) >= 0 {
		return "an " + typ
	}
	return "a " + typ
}

// splitPointer splits an instance location "/value" or "/items/0/price"
// into the top-level parameter name and the rest.
func splitPointer(ptr string) (param, rest string) {
	ptr = strings.TrimPrefix(ptr, "/")
	if ptr == "" {
		return "", ""
	}
	param, rest, _ = strings.Cut(ptr, "/")
	param = strings.ReplaceAll(strings.ReplaceAll(param, "~1", "/"), "~0", "~")
	return param, rest
}

// quoted returns the single-quoted names in a jsonschema message such as
// "missing properties: 'a', 'b'".
func quoted(msg string) []string {
	var out []string
	for {
		i := strings.IndexByte(msg, '\'')
		if i < 0 {
			return out
		}
		j := strings.IndexByte(msg[i+1:], '\'')
		if j < 0 {
			return out
		}
		out = append(out, msg[i+1:i+1+j])
		msg = msg[i+2+j:]
	}
}
