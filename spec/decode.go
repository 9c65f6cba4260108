package spec

import (
	"fmt"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// decodeSpec fills s from the YAML root. It is tolerant: a node of the wrong
// shape is skipped (the schema has already reported it), so that lint rules
// can still run on the rest of the spec.
func decodeSpec(s *Spec, root *yaml.Node) {
	d := decoder{doc: s.doc}
	if _, v := mappingGet(root, "version"); v != nil {
		s.Version, _ = strconv.Atoi(scalar(v))
	}
	s.Name = d.str(root, "name")
	s.MeasurementID = d.str(root, "measurement_id")
	if _, envs := mappingGet(root, "environments"); envs != nil {
		mappingPairs(envs, func(k, v *yaml.Node) {
			ptr := "/environments/" + escapePointer(k.Value)
			s.Environments = append(s.Environments, Environment{
				Name:          k.Value,
				BaseURL:       d.str(v, "base_url"),
				MeasurementID: d.str(v, "measurement_id"),
				Path:          ptr,
				Pos:           d.pos(k),
			})
		})
	}
	if _, c := mappingGet(root, "consent"); c != nil && deref(c).Kind == yaml.MappingNode {
		s.Consent = &Consent{
			Required:       d.strs(c, "required"),
			AcceptSelector: d.str(c, "accept_selector"),
			DenySelector:   d.str(c, "deny_selector"),
			Path:           "/consent",
			Pos:            d.pos(c),
		}
	}
	d.items(root, "events", func(i int, n *yaml.Node) {
		s.Events = append(s.Events, d.event(fmt.Sprintf("/events/%d", i), n))
	})
	if _, ups := mappingGet(root, "user_properties"); ups != nil {
		mappingPairs(ups, func(k, v *yaml.Node) {
			s.UserProperties = append(s.UserProperties, UserProperty{
				Name:     k.Value,
				From:     parseSource(d.str(v, "from")),
				PIIAllow: d.piiAllow(v),
				Path:     "/user_properties/" + escapePointer(k.Value),
				Pos:      d.pos(k),
			})
		})
	}
	d.items(root, "funnels", func(i int, n *yaml.Node) {
		s.Funnels = append(s.Funnels, Funnel{
			Name:  d.str(n, "name"),
			Steps: d.strs(n, "steps"),
			Path:  fmt.Sprintf("/funnels/%d", i),
			Pos:   d.pos(n),
		})
	})
	d.items(root, "patterns", func(i int, n *yaml.Node) {
		s.Patterns = append(s.Patterns, d.pattern(fmt.Sprintf("/patterns/%d", i), n))
	})
	d.items(root, "journeys", func(i int, n *yaml.Node) {
		s.Journeys = append(s.Journeys, d.journey(fmt.Sprintf("/journeys/%d", i), n))
	})
	if _, c := mappingGet(root, "crawl"); c != nil {
		s.Crawl.Strict = d.boolean(c, "strict")
		s.Crawl.CollectEndpoints = d.strs(c, "collect_endpoints")
		s.Crawl.Block = d.strs(c, "block")
		d.items(c, "pii_allow", func(i int, n *yaml.Node) {
			s.Crawl.PIIAllow = append(s.Crawl.PIIAllow, PIIAllowed{
				Value:  d.str(n, "value"),
				Reason: d.str(n, "reason"),
				Path:   fmt.Sprintf("/crawl/pii_allow/%d", i),
				Pos:    d.pos(n),
			})
		})
	}
}

// piiAllow returns the reason of a param's or user property's
// pii: {allow: reason}.
func (d decoder) piiAllow(v *yaml.Node) string {
	if _, n := mappingGet(v, "pii"); n != nil {
		return d.str(n, "allow")
	}
	return ""
}

type decoder struct {
	doc *document
}

func (d decoder) pos(n *yaml.Node) Pos { return d.doc.pos(n) }

// scalar returns the text of a scalar node, or "" for anything else.
func scalar(n *yaml.Node) string {
	n = deref(n)
	if n == nil || n.Kind != yaml.ScalarNode || n.ShortTag() == "!!null" {
		return ""
	}
	return n.Value
}

func (d decoder) str(m *yaml.Node, key string) string {
	_, v := mappingGet(m, key)
	return scalar(v)
}

func (d decoder) boolean(m *yaml.Node, key string) bool {
	_, v := mappingGet(m, key)
	b, _ := scalarValue(derefOr(v)).(bool)
	return b
}

func (d decoder) number(m *yaml.Node, key string) (float64, bool) {
	_, v := mappingGet(m, key)
	v = deref(v)
	if v == nil || v.Kind != yaml.ScalarNode || (v.ShortTag() != "!!int" && v.ShortTag() != "!!float") {
		return 0, false
	}
	var f float64
	if v.Decode(&f) != nil {
		return 0, false
	}
	return f, true
}

func derefOr(n *yaml.Node) *yaml.Node {
	if n = deref(n); n == nil {
		return &yaml.Node{}
	}
	return n
}

func (d decoder) strs(m *yaml.Node, key string) []string {
	_, v := mappingGet(m, key)
	v = deref(v)
	if v == nil || v.Kind != yaml.SequenceNode {
		return nil
	}
	out := make([]string, 0, len(v.Content))
	for _, e := range v.Content {
		out = append(out, scalar(e))
	}
	return out
}

func (d decoder) ints(m *yaml.Node, key string) []int {
	_, v := mappingGet(m, key)
	v = deref(v)
	if v == nil || v.Kind != yaml.SequenceNode {
		return nil
	}
	var out []int
	for _, e := range v.Content {
		if i, err := strconv.Atoi(scalar(e)); err == nil {
			out = append(out, i)
		}
	}
	return out
}

// pattern decodes one momentum pattern; a within the schema refused is
// left zero.
func (d decoder) pattern(ptr string, n *yaml.Node) Pattern {
	p := Pattern{Name: d.str(n, "name"), Start: d.str(n, "start"), Path: ptr, Pos: d.pos(n)}
	p.Within, _ = ParseWithin(d.str(n, "within"))
	d.items(n, "steps", func(i int, st *yaml.Node) {
		step := PatternStep{Event: d.str(st, "event"), Count: 1, Path: fmt.Sprintf("%s/steps/%d", ptr, i), Pos: d.pos(st)}
		if c, ok := d.number(st, "count"); ok && c >= 1 && c == float64(int(c)) {
			step.Count = int(c)
		}
		p.Steps = append(p.Steps, step)
	})
	return p
}

func (d decoder) items(m *yaml.Node, key string, fn func(int, *yaml.Node)) {
	_, v := mappingGet(m, key)
	v = deref(v)
	if v == nil || v.Kind != yaml.SequenceNode {
		return
	}
	for i, e := range v.Content {
		if deref(e).Kind == yaml.MappingNode {
			fn(i, deref(e))
		}
	}
}

func (d decoder) event(ptr string, n *yaml.Node) Event {
	e := Event{
		Name:        d.str(n, "name"),
		Kind:        d.str(n, "kind"),
		Category:    d.str(n, "category"),
		Signal:      d.str(n, "signal"),
		Stage:       d.str(n, "stage"),
		Description: d.str(n, "description"),
		Benchmark:   d.str(n, "benchmark"),
		Consent:     d.strs(n, "consent"),
		Path:        ptr,
		Pos:         d.pos(n),
	}
	if _, t := mappingGet(n, "trigger"); t != nil {
		e.Trigger = d.trigger(ptr+"/trigger", deref(t))
	}
	if _, ps := mappingGet(n, "params"); ps != nil {
		mappingPairs(ps, func(k, v *yaml.Node) {
			e.Params = append(e.Params, d.param(ptr+"/params/"+escapePointer(k.Value), k, deref(v)))
		})
	}
	return e
}

func (d decoder) param(ptr string, k, v *yaml.Node) Param {
	p := Param{
		Name:     k.Value,
		Type:     d.str(v, "type"),
		From:     parseSource(d.str(v, "from")),
		Required: d.boolean(v, "required"),
		Pattern:  d.str(v, "pattern"),
		PIIAllow: d.piiAllow(v),
		Path:     ptr,
		Pos:      d.pos(k),
	}
	if p.Type == "" {
		p.Type = TypeString
	}
	if f, ok := d.number(v, "min"); ok {
		p.Min = &f
	}
	if f, ok := d.number(v, "max"); ok {
		p.Max = &f
	}
	if f, ok := d.number(v, "max_length"); ok {
		n := int(f)
		p.MaxLength = &n
	}
	if _, en := mappingGet(v, "enum"); en != nil && deref(en).Kind == yaml.SequenceNode {
		for _, e := range deref(en).Content {
			p.Enum = append(p.Enum, scalarEnum(e))
		}
	}
	return p
}

func scalarEnum(n *yaml.Node) any {
	switch v := scalarValue(derefOr(n)).(type) {
	case bool:
		return v
	case float64:
		return v
	case interface{ Float64() (float64, error) }:
		f, _ := v.Float64()
		return f
	case string:
		return v
	}
	return scalar(n)
}

// parseSource splits "datalayer:form_location" into its kind and value.
func parseSource(s string) Source {
	kind, value, ok := strings.Cut(s, ":")
	if !ok {
		return Source{}
	}
	return Source{Kind: kind, Value: value}
}

func (d decoder) trigger(ptr string, n *yaml.Node) Trigger {
	t := Trigger{Path: ptr, Pos: d.pos(n)}
	mappingPairs(n, func(k, v *yaml.Node) {
		if t.Kind != "" {
			return // the schema reports more than one kind
		}
		kind := k.Value
		known := false
		for _, tk := range TriggerKinds {
			known = known || tk == kind
		}
		if !known {
			return
		}
		v = derefOr(v)
		t.Kind = kind
		t.Path = ptr + "/" + kind
		t.Pos = d.pos(k)
		t.Pages = d.str(v, "pages")
		switch kind {
		case TriggerPageView:
			t.PathExact = d.str(v, "path")
			t.PathPrefix = d.str(v, "path_prefix")
			t.PathRegex = d.str(v, "path_regex")
		case TriggerClick:
			t.Selector, t.Text, t.URL = d.str(v, "selector"), d.str(v, "text"), d.str(v, "url")
		case TriggerFormStart, TriggerFormSubmit, TriggerFormAbandon:
			t.Selector = d.str(v, "selector")
		case TriggerScroll:
			t.Percent = d.ints(v, "percent")
		case TriggerVideo:
			t.Provider, t.Selector = d.str(v, "provider"), d.str(v, "selector")
			t.Percent = d.ints(v, "percent")
		case TriggerVisibility:
			t.Selector = d.str(v, "selector")
			t.Ratio, _ = d.number(v, "ratio")
			t.Seconds, _ = d.number(v, "seconds")
		case TriggerTimer:
			t.Selector = d.str(v, "selector")
			t.Seconds, _ = d.number(v, "seconds")
		case TriggerDataLayer:
			t.Event = d.str(v, "event")
		}
	})
	return t
}

func (d decoder) journey(ptr string, n *yaml.Node) Journey {
	j := Journey{
		Name:    d.str(n, "name"),
		Start:   d.str(n, "start"),
		Consent: d.str(n, "consent"),
		Path:    ptr,
		Pos:     d.pos(n),
	}
	if j.Consent == "" {
		j.Consent = ConsentUntouched
	}
	d.items(n, "steps", func(i int, sn *yaml.Node) {
		if st, ok := d.step(fmt.Sprintf("%s/steps/%d", ptr, i), sn); ok {
			j.Steps = append(j.Steps, st)
		}
	})
	return j
}

func (d decoder) step(ptr string, n *yaml.Node) (Step, bool) {
	if len(n.Content) < 2 {
		return Step{}, false
	}
	k, v := n.Content[0], derefOr(n.Content[1])
	st := Step{Kind: k.Value, Path: ptr, Pos: d.pos(k)}
	isMap := v.Kind == yaml.MappingNode
	switch st.Kind {
	case StepVisit:
		st.URL = scalar(v)
	case StepClick:
		if isMap {
			st.Selector, st.Text = d.str(v, "selector"), d.str(v, "text")
		} else {
			st.Selector = scalar(v)
		}
	case StepFill, StepSelect:
		st.Selector, st.Value = d.str(v, "selector"), d.str(v, "value")
	case StepSubmit, StepHover:
		st.Selector = scalar(v)
	case StepScroll:
		st.Percent, _ = strconv.Atoi(scalar(v))
	case StepWait:
		st.Selector = d.str(v, "selector")
		if f, ok := d.number(v, "ms"); ok {
			st.Millis = int(f)
		}
		st.Idle = d.boolean(v, "network_idle")
	case StepPlayVideo:
		st.Selector = d.str(v, "selector")
		if f, ok := d.number(v, "percent"); ok {
			st.Percent = int(f)
		}
	case StepConsent:
		st.Action = scalar(v)
	case StepExpect:
		if isMap {
			st.Event = d.str(v, "event")
			if f, ok := d.number(v, "count"); ok {
				st.Count = int(f)
			}
			if _, ps := mappingGet(v, "params"); ps != nil {
				st.Params = map[string]any{}
				mappingPairs(ps, func(pk, pv *yaml.Node) {
					st.Params[pk.Value] = scalarEnum(pv)
				})
			}
		} else {
			st.Event = scalar(v)
		}
	case StepExpectNone:
		st.Event = scalar(v)
	default:
		return Step{}, false
	}
	return st, true
}
