package lint

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/tagspec/tagspec/spec"
)

// checkContainerBasics reports what `tagspec generate gtm` cannot do
// without: at least one event and a measurement ID, and a measurement ID
// that is not a placeholder. A missing events key and values of the wrong
// type are the schema's findings and are not repeated here.
func (c *checker) checkContainerBasics() {
	if n, ok := c.s.Len("/events"); ok && n == 0 {
		c.report(func() spec.Pos { return c.valuePos("/events", spec.Pos{}) }, RuleNoEvents,
			"events: the list is empty, so generate gtm has no tag to build: add at least one event (name, kind and trigger)")
	}
	c.checkMeasurementIDs()
}

func (c *checker) checkMeasurementIDs() {
	s := c.s
	envHasID := false
	for _, env := range s.Environments {
		envHasID = envHasID || env.MeasurementID != ""
	}
	switch {
	case s.MeasurementID != "":
		if PlaceholderMeasurementID(s.MeasurementID) && (c.keyPresent("/measurement_id") || !envHasIDValue(s, s.MeasurementID)) {
			c.report(c.fieldAt("", "measurement_id", c.rootAt()), RulePlaceholderMeasurementID,
				"measurement_id %q is a placeholder, so hits would go to no GA4 property: replace it with your web stream's measurement ID (GA4 Admin > Data streams)",
				s.MeasurementID)
		}
	case c.keyPresent("/measurement_id"):
		// An empty or mistyped value: the schema reports it.
	case !envHasID:
		c.report(c.rootAt(), RuleNoMeasurementID,
			"the spec has no measurement_id, so generate gtm cannot build a container: add measurement_id: G-... (your web stream's measurement ID) at the top level")
	default:
		for i := range s.Environments {
			env := &s.Environments[i]
			if env.MeasurementID == "" {
				c.report(c.keyAt(env.Path, env.Pos), RuleNoMeasurementID,
					"environment %q has no measurement_id and the spec has none at the top level, so generate gtm --env %s would fail: add measurement_id to the environment or at the top level",
					env.Name, env.Name)
			}
		}
	}
	for i := range s.Environments {
		env := &s.Environments[i]
		if PlaceholderMeasurementID(env.MeasurementID) {
			c.report(c.fieldAt(env.Path, "measurement_id", c.keyAt(env.Path, env.Pos)), RulePlaceholderMeasurementID,
				"environment %q: measurement_id %q is a placeholder, so hits would go to no GA4 property: replace it with the measurement ID of this environment's web stream",
				env.Name, env.MeasurementID)
		}
	}
}

// envHasIDValue reports whether an environment of s has the measurement
// ID id; a top-level ID taken from there is reported at the environment.
func envHasIDValue(s *spec.Spec, id string) bool {
	for _, env := range s.Environments {
		if env.MeasurementID == id {
			return true
		}
	}
	return false
}

// rootAt locates the top of the spec, where a missing top-level key goes.
func (c *checker) rootAt() where {
	return func() spec.Pos { return c.valuePos("", spec.Pos{File: c.s.File, Line: 1, Col: 1}) }
}

// PlaceholderMeasurementID reports whether id is a measurement ID that
// stands in for a real one: G- followed by one character repeated
// (G-XXXXXXXXXX, G-0000000000) or by a run of consecutive digits
// (G-1234567890, G-0123456789).
func PlaceholderMeasurementID(id string) bool {
	rest, ok := strings.CutPrefix(strings.ToUpper(strings.TrimSpace(id)), "G-")
	if !ok || len(rest) < 4 {
		return false
	}
	if strings.Count(rest, rest[:1]) == len(rest) {
		return true
	}
	return strings.Contains("01234567890", rest) || strings.Contains("9876543210", rest)
}

// checkContradictions reports rules of the spec that reject the spec's own
// values: a constant parameter outside its param's rules (the generated tag
// would send a value every check rejects), and a journey expecting a value
// its event's rules reject (the journey could never pass).
func (c *checker) checkContradictions() {
	for i := range c.s.Events {
		e := &c.s.Events[i]
		for j := range e.Params {
			p := &e.Params[j]
			if p.From.Kind != spec.SourceConst {
				continue
			}
			if why := rejects(p, p.From.Value); why != "" {
				c.report(c.fieldAt(p.Path, "from", c.paramAt(p)), RuleConstOutsideRules,
					"event %q: param %q: from: %q always sends %q, but %s: change the constant or the param's rules",
					e.Name, p.Name, p.From.String(), p.From.Value, why)
			}
		}
	}
	for _, j := range c.s.Journeys {
		for n, st := range j.Steps {
			if st.Kind != spec.StepExpect || len(st.Params) == 0 {
				continue
			}
			e, ok := c.s.Event(st.Event)
			if !ok {
				continue // the loader reports the unknown event
			}
			for _, name := range sortedParamKeys(st.Params) {
				p, ok := e.Param(name)
				if !ok {
					continue // the loader reports the unknown param
				}
				if why := rejects(p, st.Params[name]); why != "" {
					ptr := st.Path + "/expect/params/" + escapePointer(name)
					c.report(func() spec.Pos { return c.valuePos(ptr, st.Pos) }, RuleExpectOutsideRules,
						"journey %q step %d expects param %q to be %s, but event %q rejects it: %s: change the expected value or the param's rules",
						j.Name, n+1, name, showValue(st.Params[name]), e.Name, why)
				}
			}
		}
	}
}

// rejects says why param p's own rules (type, enum, pattern, min/max,
// max_length) reject value, or returns "" when they accept it. value is a
// string, float64 or bool; a constant arrives as its text.
func rejects(p *spec.Param, value any) string {
	text := valueText(value)
	var num float64
	isNum := false
	switch v := value.(type) {
	case float64:
		num, isNum = v, true
	case string:
		f, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
		num, isNum = f, err == nil
	}
	switch p.Type {
	case spec.TypeItems:
		return "" // a list of items; nothing a scalar can say about it
	case spec.TypeNumber, spec.TypeInteger:
		if !isNum {
			return fmt.Sprintf("the param is declared type: %s and %s is not a number", p.Type, showValue(value))
		}
		if p.Type == spec.TypeInteger && num != float64(int64(num)) {
			return fmt.Sprintf("the param is declared type: integer and %s has a fraction", showValue(value))
		}
		if p.Min != nil && num < *p.Min {
			return fmt.Sprintf("the param's min is %s", valueText(*p.Min))
		}
		if p.Max != nil && num > *p.Max {
			return fmt.Sprintf("the param's max is %s", valueText(*p.Max))
		}
	case spec.TypeBoolean:
		if text != "true" && text != "false" {
			return fmt.Sprintf("the param is declared type: boolean and %s is neither true nor false", showValue(value))
		}
	default:
		if p.Pattern != "" {
			if re, err := regexp.Compile(p.Pattern); err == nil && !re.MatchString(text) {
				return fmt.Sprintf("it does not match the param's pattern %q", p.Pattern)
			}
		}
		if p.MaxLength != nil {
			if n := utf8.RuneCountInString(text); n > *p.MaxLength {
				return fmt.Sprintf("it is %d characters long and the param's max_length is %d", n, *p.MaxLength)
			}
		}
	}
	if len(p.Enum) > 0 {
		var allowed []string
		for _, e := range p.Enum {
			et := valueText(e)
			if et == text {
				return ""
			}
			if f, ok := e.(float64); ok && isNum && f == num {
				return ""
			}
			allowed = append(allowed, et)
		}
		return fmt.Sprintf("the param's enum allows only %s", strings.Join(allowed, ", "))
	}
	return ""
}

// valueText is how a value travels in a GA4 hit: numbers without a
// trailing .0, booleans as true and false.
func valueText(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	case bool:
		return strconv.FormatBool(x)
	}
	return fmt.Sprint(v)
}

// showValue formats an expected value for a message: strings quoted,
// numbers and booleans as written.
func showValue(v any) string {
	if s, ok := v.(string); ok {
		return strconv.Quote(s)
	}
	return valueText(v)
}

func sortedParamKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
