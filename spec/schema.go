package spec

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/santhosh-tekuri/jsonschema/v5"
)

// SchemaJSON is the JSON Schema (draft 2020-12) of the spec format. It is the
// authoritative definition of the format; `tagspec schema` prints it and the
// repository keeps it at spec/schema/tagspec-v1.schema.json for editors.
//
//go:embed schema/tagspec-v1.schema.json
var SchemaJSON []byte

// SchemaURL is the $id of the spec schema: where the repository publishes
// it, and what `tagspec init` writes in the yaml-language-server line.
const SchemaURL = "https://raw.githubusercontent.com/tagspec/tagspec/main/spec/schema/tagspec-v1.schema.json"

var (
	schemaOnce     sync.Once
	compiledSchema *jsonschema.Schema
	rawSchema      map[string]any
	schemaErr      error
)

func loadSchema() (*jsonschema.Schema, map[string]any, error) {
	schemaOnce.Do(func() {
		if err := json.Unmarshal(SchemaJSON, &rawSchema); err != nil {
			schemaErr = fmt.Errorf("embedded spec schema: %w", err)
			return
		}
		c := jsonschema.NewCompiler()
		c.Draft = jsonschema.Draft2020
		if err := c.AddResource(SchemaURL, bytes.NewReader(SchemaJSON)); err != nil {
			schemaErr = fmt.Errorf("embedded spec schema: %w", err)
			return
		}
		compiledSchema, schemaErr = c.Compile(SchemaURL)
	})
	return compiledSchema, rawSchema, schemaErr
}

// validateSchema checks value against the spec schema and maps every error
// back to the YAML node it is about.
func validateSchema(doc *document, value any) []Diagnostic {
	sch, raw, err := loadSchema()
	if err != nil {
		// The schema is compiled into the binary and tested; failing here is a bug.
		panic(err)
	}
	err = sch.Validate(value)
	if err == nil {
		return nil
	}
	ve, ok := err.(*jsonschema.ValidationError)
	if !ok {
		return []Diagnostic{{Pos: Pos{File: doc.file}, Severity: SeverityError, Rule: RuleSchemaInvalid, Message: err.Error()}}
	}
	m := schemaMapper{doc: doc, raw: raw, value: value}
	for _, leaf := range m.leaves(ve) {
		m.add(leaf)
	}
	return m.diags
}

type schemaMapper struct {
	doc   *document
	raw   map[string]any
	value any
	diags []Diagnostic
}

// leaves flattens the error tree to the errors worth reporting. Under anyOf
// it keeps the branch that got furthest into the instance, so that
// `click: {selectr: x}` reports the unknown key rather than "expected string".
func (m *schemaMapper) leaves(ve *jsonschema.ValidationError) []*jsonschema.ValidationError {
	kw := lastToken(ve.KeywordLocation)
	if kw == "oneOf" && strings.HasSuffix(ve.InstanceLocation, "/trigger") {
		return []*jsonschema.ValidationError{ve}
	}
	if len(ve.Causes) == 0 {
		return []*jsonschema.ValidationError{ve}
	}
	if kw == "anyOf" || kw == "oneOf" {
		var best []*jsonschema.ValidationError
		bestDepth := -1
		var types []*jsonschema.ValidationError
		for _, c := range ve.Causes {
			ls := m.leaves(c)
			d := 0
			for _, l := range ls {
				// Depth counts twice, and a branch that failed on more than
				// the value's type is a better guess at what was meant.
				score := 2 * strings.Count(l.InstanceLocation, "/")
				if lastToken(l.KeywordLocation) == "type" && l.InstanceLocation == ve.InstanceLocation {
					types = append(types, l)
				} else {
					score++
				}
				d = max(d, score)
			}
			if d > bestDepth {
				best, bestDepth = ls, d
			}
		}
		if bestDepth == 2*strings.Count(ve.InstanceLocation, "/") && len(types) == len(ve.Causes) {
			// Every branch failed on the type of the value itself: one combined message.
			return []*jsonschema.ValidationError{ve}
		}
		return best
	}
	var out []*jsonschema.ValidationError
	for _, c := range ve.Causes {
		out = append(out, m.leaves(c)...)
	}
	return out
}

var quotedRE = strings.NewReplacer("'", "")

func (m *schemaMapper) add(ve *jsonschema.ValidationError) {
	kw := lastToken(ve.KeywordLocation)
	ptr := ve.InstanceLocation
	where := m.describe(ptr)
	d := Diagnostic{Severity: SeverityError, Pos: m.posOf(ptr), Rule: schemaRulePrefix + kw}
	inst := m.instance(ptr)
	switch kw {
	case "additionalProperties", "false":
		props := additionalPropsRE.FindAllStringSubmatch(ve.Message, -1)
		known := m.knownProperties(ve.AbsoluteKeywordLocation)
		for _, p := range props {
			key := p[1]
			d2 := d
			d2.Rule = RuleSchemaUnknownKey
			d2.Pos = m.keyPosOf(ptr + "/" + escapePointer(key))
			msg := fmt.Sprintf("%sunknown key %q", prefix(where), key)
			if s := suggest(key, known); s != "" {
				msg += fmt.Sprintf("; did you mean %q?", s)
			} else if len(known) > 0 {
				msg += "; allowed keys: " + strings.Join(known, ", ")
			}
			d2.Message = msg
			m.diags = append(m.diags, d2)
		}
		return
	case "required":
		d.Rule = RuleSchemaRequired
		missing := missingPropsRE.FindAllStringSubmatch(ve.Message, -1)
		present, _ := inst.(map[string]any)
	missingLoop:
		for _, p := range missing {
			for k := range present {
				if suggest(k, []string{p[1]}) == p[1] {
					continue missingLoop // a misspelt key, reported as unknown with this suggestion
				}
			}
			d2 := d
			d2.Message = fmt.Sprintf("%smissing required key %q", prefix(where), p[1])
			m.diags = append(m.diags, d2)
		}
		return
	case "type":
		d.Message = fmt.Sprintf("%smust be %s, not %s", prefix(where), typeWords(ve.Message), jsonTypeName(inst))
	case "anyOf", "oneOf":
		if strings.HasSuffix(ptr, "/trigger") {
			d.Rule = RuleSchemaTriggerKind
			found := presentKeys(inst, TriggerKinds)
			if mm, _ := inst.(map[string]any); len(found) == 0 && len(mm) > len(presentKeys(inst, []string{"pages"})) {
				return // an unknown key, reported on its own with a suggestion
			}
			if len(found) == 0 {
				d.Message = fmt.Sprintf("%sneeds exactly one trigger kind: one of %s", prefix(where), strings.Join(TriggerKinds, ", "))
			} else {
				d.Message = fmt.Sprintf("%shas %d trigger kinds (%s); an event has exactly one", prefix(where), len(found), strings.Join(found, ", "))
			}
			break
		}
		var want []string
		for _, c := range ve.Causes {
			for _, l := range m.leaves(c) {
				if lastToken(l.KeywordLocation) == "type" {
					want = append(want, typeWords(l.Message))
				}
			}
		}
		d.Rule = RuleSchemaType
		d.Message = fmt.Sprintf("%smust be %s, not %s", prefix(where), strings.Join(want, " or "), jsonTypeName(inst))
	case "enum":
		d.Message = fmt.Sprintf("%s%s is not allowed: %s", prefix(where), showValue(inst), quotedRE.Replace(ve.Message))
	case "const":
		d.Message = fmt.Sprintf("%s%s", prefix(where), quotedRE.Replace(ve.Message))
		if ptr == "/version" {
			d.Rule = RuleSchemaVersion
			d.Message = fmt.Sprintf("version: this build reads spec format version %d, not %s", Version, showValue(inst))
		}
	case "pattern":
		d.Message = fmt.Sprintf("%s%s %s", prefix(where), showValue(inst), patternHelp(ptr, ve.Message))
	case "maxLength":
		str, _ := inst.(string)
		limit := maxLengthRE.FindStringSubmatch(ve.Message)
		if strings.Contains(ve.KeywordLocation, "/propertyNames/") && limit != nil {
			// The instance is the value under the long key; the key is the last token.
			key := unescapePointer(lastToken(ptr))
			d.Pos = m.keyPosOf(ptr)
			d.Message = fmt.Sprintf("%sthe name is %d characters long, and a spec allows at most %s: shorten it", prefix(where), utf8.RuneCountInString(key), limit[1])
			break
		}
		if limit == nil {
			d.Message = fmt.Sprintf("%s%s", prefix(where), quotedRE.Replace(ve.Message))
			break
		}
		d.Message = fmt.Sprintf("%sis %d characters long, and a spec allows at most %s here: shorten it", prefix(where), utf8.RuneCountInString(str), limit[1])
	case "minProperties", "maxProperties":
		if strings.Contains(ptr, "/steps/") && !strings.Contains(ptr, "/wait") {
			found := presentKeys(inst, StepKinds)
			d.Rule = RuleSchemaStepKind
			if len(found) == 0 {
				d.Message = fmt.Sprintf("%sneeds exactly one action: one of %s", prefix(where), strings.Join(StepKinds, ", "))
			} else {
				d.Message = fmt.Sprintf("%shas %d actions (%s); write each on its own list item", prefix(where), len(found), strings.Join(found, ", "))
			}
			break
		}
		d.Message = fmt.Sprintf("%s%s", prefix(where), ve.Message)
	default:
		d.Message = fmt.Sprintf("%s%s", prefix(where), quotedRE.Replace(ve.Message))
	}
	m.diags = append(m.diags, d)
}

var (
	maxLengthRE       = regexp.MustCompile(`<= (\d+)`)
	additionalPropsRE = regexp.MustCompile(`'([^']*)'`)
	missingPropsRE    = regexp.MustCompile(`'([^']*)'`)
)

func (m *schemaMapper) posOf(ptr string) Pos {
	_, v := m.doc.locate(ptr)
	return m.doc.pos(v)
}

func (m *schemaMapper) keyPosOf(ptr string) Pos {
	k, v := m.doc.locate(ptr)
	if k != nil {
		return m.doc.pos(k)
	}
	return m.doc.pos(v)
}

// instance returns the JSON value at ptr.
func (m *schemaMapper) instance(ptr string) any {
	v := m.value
	if ptr == "" {
		return v
	}
	for _, tok := range strings.Split(strings.TrimPrefix(ptr, "/"), "/") {
		tok = unescapePointer(tok)
		switch x := v.(type) {
		case map[string]any:
			v = x[tok]
		case []any:
			i, err := strconv.Atoi(tok)
			if err != nil || i < 0 || i >= len(x) {
				return nil
			}
			v = x[i]
		default:
			return nil
		}
	}
	return v
}

// describe turns a JSON pointer into words a marketer recognises, such as
// `event "purchase": param "value"`.
func (m *schemaMapper) describe(ptr string) string {
	if ptr == "" {
		return ""
	}
	toks := strings.Split(strings.TrimPrefix(ptr, "/"), "/")
	var parts []string
	var v any = m.value
	for i := 0; i < len(toks); i++ {
		tok := unescapePointer(toks[i])
		next := m.step(v, tok)
		name := ""
		if mm, ok := next.(map[string]any); ok {
			name, _ = mm["name"].(string)
		}
		parent := ""
		if i > 0 {
			parent = unescapePointer(toks[i-1])
		}
		switch {
		case parent == "events" && isIndex(tok):
			parts = append(parts, labelled("event", name, tok))
		case parent == "funnels" && isIndex(tok):
			parts = append(parts, labelled("funnel", name, tok))
		case parent == "patterns" && isIndex(tok):
			parts = append(parts, labelled("pattern", name, tok))
		case parent == "journeys" && isIndex(tok):
			parts = append(parts, labelled("journey", name, tok))
		case parent == "steps" && isIndex(tok) && i >= 3 && unescapePointer(toks[i-3]) == "journeys":
			n, _ := strconv.Atoi(tok)
			parts = append(parts, fmt.Sprintf("step %d", n+1))
		case parent == "params" && i >= 3:
			parts = append(parts, fmt.Sprintf("param %q", clip(tok)))
		case parent == "environments":
			parts = append(parts, fmt.Sprintf("environment %q", clip(tok)))
		case parent == "user_properties":
			parts = append(parts, fmt.Sprintf("user property %q", clip(tok)))
		case tok == "events" || tok == "funnels" || tok == "patterns" || tok == "journeys" || tok == "params" || tok == "environments" || tok == "user_properties" || tok == "steps":
			if i == len(toks)-1 {
				parts = append(parts, tok)
			}
		case parent == "steps" && isIndex(tok):
			n, _ := strconv.Atoi(tok)
			parts = append(parts, fmt.Sprintf("step %d", n+1))
		case isIndex(tok):
			parts[len(parts)-1] += "[" + tok + "]"
		default:
			parts = append(parts, tok)
		}
		v = next
	}
	return strings.Join(parts, ": ")
}

func (m *schemaMapper) step(v any, tok string) any {
	switch x := v.(type) {
	case map[string]any:
		return x[tok]
	case []any:
		i, err := strconv.Atoi(tok)
		if err == nil && i >= 0 && i < len(x) {
			return x[i]
		}
	}
	return nil
}

// knownProperties returns the property names allowed where an
// additionalProperties error was raised, read from the raw schema.
func (m *schemaMapper) knownProperties(absLoc string) []string {
	_, frag, _ := strings.Cut(absLoc, "#")
	frag = strings.TrimSuffix(frag, "/additionalProperties")
	var node any = m.raw
	if frag != "" {
		for _, tok := range strings.Split(strings.TrimPrefix(frag, "/"), "/") {
			tok = unescapePointer(tok)
			switch x := node.(type) {
			case map[string]any:
				node = x[tok]
			case []any:
				i, err := strconv.Atoi(tok)
				if err != nil || i < 0 || i >= len(x) {
					return nil
				}
				node = x[i]
			default:
				return nil
			}
		}
	}
	obj, _ := node.(map[string]any)
	props, _ := obj["properties"].(map[string]any)
	names := make([]string, 0, len(props))
	for k := range props {
		names = append(names, k)
	}
	sort.Strings(names)
	return names
}

func labelled(kind, name, index string) string {
	if name != "" {
		return fmt.Sprintf("%s %q", kind, clip(name))
	}
	n, _ := strconv.Atoi(index)
	return fmt.Sprintf("%s #%d", kind, n+1)
}

func prefix(where string) string {
	if where == "" {
		return ""
	}
	return where + ": "
}

func isIndex(tok string) bool {
	_, err := strconv.Atoi(tok)
	return err == nil
}

func lastToken(loc string) string {
	return loc[strings.LastIndex(loc, "/")+1:]
}

func escapePointer(s string) string {
	return strings.ReplaceAll(strings.ReplaceAll(s, "~", "~0"), "/", "~1")
}

func unescapePointer(s string) string {
	return strings.ReplaceAll(strings.ReplaceAll(s, "~1", "/"), "~0", "~")
}

func presentKeys(inst any, kinds []string) []string {
	mm, _ := inst.(map[string]any)
	var found []string
	for _, k := range kinds {
		if _, ok := mm[k]; ok {
			found = append(found, k)
		}
	}
	return found
}

// typeWords turns "expected string, but got number" into "a string".
func typeWords(msg string) string {
	msg = strings.TrimPrefix(msg, "expected ")
	msg, _, _ = strings.Cut(msg, ", but got")
	var words []string
	for _, t := range strings.Split(msg, " or ") {
		words = append(words, article(strings.TrimSpace(t)))
	}
	return strings.Join(words, " or ")
}

func article(t string) string {
	switch t {
	case "object":
		return "a mapping"
	case "array":
		return "a list"
	case "integer":
		return "an integer"
	case "null":
		return "empty"
	}
	return "a " + t
}

func jsonTypeName(v any) string {
	switch x := v.(type) {
	case nil:
		return "empty"
	case map[string]any:
		return "a mapping"
	case []any:
		return "a list"
	case string:
		return fmt.Sprintf("the string %q", clip(x))
	case bool:
		return fmt.Sprintf("%t", x)
	case json.Number, float64:
		return fmt.Sprintf("the number %v", x)
	}
	return fmt.Sprintf("%T", v)
}

func showValue(v any) string {
	switch x := v.(type) {
	case string:
		return strconv.Quote(clip(x))
	case nil:
		return "an empty value"
	}
	return fmt.Sprint(v)
}

func patternHelp(ptr, msg string) string {
	switch {
	case strings.HasSuffix(ptr, "measurement_id"):
		return "is not a GA4 measurement ID: it looks like G-ABC123XYZ (a web stream's ID, not a UA-... or property number)"
	case strings.HasSuffix(ptr, "/from"):
		return "is not a value source: use datalayer:<key>, builtin:<name>, const:<value>, url:<part> or element:<attribute>"
	case strings.HasSuffix(ptr, "base_url"):
		return "is not a base URL: it starts with http:// or https://"
	case strings.HasSuffix(ptr, "/path") || strings.HasSuffix(ptr, "/path_prefix"):
		return "is not a page path: it starts with /"
	}
	return quotedRE.Replace(msg)
}

// maxSuggestLen bounds the words suggest compares: edit distance costs
// the product of the two lengths.
const maxSuggestLen = 200

// suggest returns the candidate closest to key, or "" when none is close.
func suggest(key string, candidates []string) string {
	if len(key) > maxSuggestLen {
		return "" // nothing this long is a typo of a short name; and it would be slow to measure
	}
	best, bestDist := "", 1<<30
	for _, c := range candidates {
		if len(c) > maxSuggestLen {
			continue
		}
		d := levenshtein(strings.ToLower(key), strings.ToLower(c))
		if d < bestDist {
			best, bestDist = c, d
		}
	}
	limit := max(2, len(key)/3)
	if bestDist <= limit || (best != "" && (strings.HasPrefix(best, key) || strings.HasPrefix(key, best)) && len(key) >= 3) {
		return best
	}
	return ""
}

// Suggest returns the candidate closest to word (by edit distance), or ""
// when none is close enough to be a likely typo. Other packages use it for
// their own "did you mean" hints.
func Suggest(word string, candidates []string) string {
	c := slices.Clone(candidates)
	sort.Strings(c)
	return suggest(word, c)
}

func levenshtein(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}
