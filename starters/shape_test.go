package starters

import (
	"bytes"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

// The types below mirror the spec format of docs/spec-format.md. Decoding
// with KnownFields rejects any key the format does not define, so a template
// cannot drift from the agreed shape unnoticed.

type fileShape struct {
	Version       int                 `yaml:"version"`
	Name          string              `yaml:"name"`
	MeasurementID string              `yaml:"measurement_id"`
	Environments  map[string]envShape `yaml:"environments"`
	Consent       *consentShape       `yaml:"consent"`
	Events        []eventShape        `yaml:"events"`
	Funnels       []funnelShape       `yaml:"funnels"`
	Journeys      []journeyShape      `yaml:"journeys"`
}

type envShape struct {
	BaseURL       string `yaml:"base_url"`
	MeasurementID string `yaml:"measurement_id"`
}

type consentShape struct {
	Required       []string `yaml:"required"`
	AcceptSelector string   `yaml:"accept_selector"`
	DenySelector   string   `yaml:"deny_selector"`
}

type eventShape struct {
	Name        string                `yaml:"name"`
	Kind        string                `yaml:"kind"`
	Category    string                `yaml:"category"`
	Signal      string                `yaml:"signal"`
	Stage       string                `yaml:"stage"`
	Description string                `yaml:"description"`
	Trigger     map[string]triggerArg `yaml:"trigger"`
	Params      yaml.Node             `yaml:"params"`
	Benchmark   string                `yaml:"benchmark"`
}

type triggerArg struct {
	Pages      string  `yaml:"pages"`
	Path       string  `yaml:"path"`
	PathPrefix string  `yaml:"path_prefix"`
	PathRegex  string  `yaml:"path_regex"`
	Selector   string  `yaml:"selector"`
	Text       string  `yaml:"text"`
	URL        string  `yaml:"url"`
	Percent    []int   `yaml:"percent"`
	Provider   string  `yaml:"provider"`
	Ratio      float64 `yaml:"ratio"`
	Seconds    float64 `yaml:"seconds"`
	Event      string  `yaml:"event"`
}

type paramShape struct {
	Type      string   `yaml:"type"`
	From      string   `yaml:"from"`
	Required  bool     `yaml:"required"`
	Enum      []any    `yaml:"enum"`
	Pattern   string   `yaml:"pattern"`
	Min       *float64 `yaml:"min"`
	Max       *float64 `yaml:"max"`
	MaxLength *int     `yaml:"max_length"`
}

type funnelShape struct {
	Name  string   `yaml:"name"`
	Steps []string `yaml:"steps"`
}

type journeyShape struct {
	Name    string                 `yaml:"name"`
	Start   string                 `yaml:"start"`
	Consent string                 `yaml:"consent"`
	Steps   []map[string]yaml.Node `yaml:"steps"`
}

type expectShape struct {
	Event  string         `yaml:"event"`
	Params map[string]any `yaml:"params"`
	Count  int            `yaml:"count"`
}

// namedParam is a parameter with its name, in file order.
type namedParam struct {
	name string
	paramShape
}

// decodeStrict decodes one YAML node (or document) into v, rejecting unknown keys.
func decodeStrict(data []byte, v any) error {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	return dec.Decode(v)
}

func decodeNodeStrict(n *yaml.Node, v any) error {
	out, err := yaml.Marshal(n)
	if err != nil {
		return err
	}
	return decodeStrict(out, v)
}

// params decodes an event's params mapping, keeping the file order.
func (e *eventShape) params() ([]namedParam, error) {
	if e.Params.Kind != yaml.MappingNode {
		return nil, fmt.Errorf("line %d: params is not a mapping", e.Params.Line)
	}
	var ps []namedParam
	for i := 0; i+1 < len(e.Params.Content); i += 2 {
		var p paramShape
		if err := decodeNodeStrict(e.Params.Content[i+1], &p); err != nil {
			return nil, fmt.Errorf("line %d: param %q: %v", e.Params.Content[i].Line, e.Params.Content[i].Value, err)
		}
		ps = append(ps, namedParam{name: e.Params.Content[i].Value, paramShape: p})
	}
	return ps, nil
}

var (
	eventNameRE     = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9_]*$`)
	snakeCaseRE     = regexp.MustCompile(`^[a-z][a-z0-9_]*$`)
	measurementIDRE = regexp.MustCompile(`^G-[A-Z0-9]+$`)
	sourceRE        = regexp.MustCompile(`^(datalayer:[A-Za-z0-9_.]+|builtin:[A-Za-z0-9_ ]+|const:.+|url:(path|host|fragment|full|query:[A-Za-z0-9_]+)|element:[A-Za-z0-9_-]+)$`)
)

// GA4 names a custom event must not take (ga4-rules.md §2a and §2c, plus
// video_complete, and the GA4 automatic and enhanced-measurement events).
var reservedEventNames = []string{
	"ad_activeview", "ad_click", "ad_exposure", "ad_impression", "ad_query", "ad_reward",
	"adunit_exposure", "app_clear_data", "app_exception", "app_install", "app_remove",
	"app_store_refund", "app_store_subscription_cancel", "app_store_subscription_renew",
	"app_update", "app_upgrade", "click", "dynamic_link_app_open", "dynamic_link_app_update",
	"dynamic_link_first_open", "error", "file_download", "firebase_campaign", "first_open",
	"first_visit", "form_start", "form_submit", "in_app_purchase", "notification_dismiss",
	"notification_foreground", "notification_open", "notification_receive", "notification_send",
	"os_update", "page_view", "screen_view", "scroll", "session_start", "user_engagement",
	"video_complete", "video_progress", "video_start", "view_complete", "view_search_results",
}

var reservedPrefixes = []string{"_", "firebase_", "ga_", "google_", "gtag.", "query_id"}

// Parameters that look like personal data and must never be sent to GA4.
var personalParamWords = []string{"email", "phone", "name", "address", "surname", "birth", "ssn", "zip", "postcode"}

// Allowed personal-looking names: GA4 recommended parameters in their role.
var personalParamAllowed = []string{"item_name", "virtual_currency_name", "promotion_name", "creative_name", "item_list_name", "level_name", "file_name"}

// recommendedRequired lists, for the GA4 recommended events the templates
// use, the parameters ga4-rules.md §8 says must be present.
var recommendedRequired = map[string][]string{
	"view_item":       {"currency", "value", "items"},
	"add_to_cart":     {"currency", "value", "items"},
	"add_to_wishlist": {"currency", "value", "items"},
	"begin_checkout":  {"currency", "value", "items"},
	"purchase":        {"transaction_id", "currency", "value", "items"},
	"generate_lead":   {"currency", "value"},
	"qualify_lead":    {"currency", "value"},
}

var (
	triggerKinds = []string{"page_view", "click", "form_start", "form_submit", "form_abandon",
		"scroll", "video", "visibility", "timer", "datalayer", "history_change"}
	stepKinds = []string{"visit", "click", "fill", "select", "submit", "scroll", "hover",
		"wait", "play_video", "consent", "expect", "expect_none"}
)

// loadShape decodes a template strictly.
func loadShape(t *testing.T, name string) *fileShape {
	t.Helper()
	data, err := Get(name)
	if err != nil {
		t.Fatal(err)
	}
	var f fileShape
	if err := decodeStrict(data, &f); err != nil {
		t.Fatalf("%s.yaml does not match the spec format: %v", name, err)
	}
	return &f
}

func TestTemplatesFollowSpecFormat(t *testing.T) {
	for _, name := range Names() {
		t.Run(name, func(t *testing.T) {
			f := loadShape(t, name)
			checkTemplate(t, f)
		})
	}
}

func checkTemplate(t *testing.T, f *fileShape) {
	t.Helper()
	if f.Version != 1 {
		t.Errorf("version = %d, want 1", f.Version)
	}
	if f.Name == "" {
		t.Error("name is empty")
	}
	if !measurementIDRE.MatchString(f.MeasurementID) {
		t.Errorf("measurement_id %q does not match %s", f.MeasurementID, measurementIDRE)
	}
	for _, env := range []string{"staging", "production"} {
		e, ok := f.Environments[env]
		if !ok {
			t.Errorf("environment %q missing", env)
			continue
		}
		if !strings.HasPrefix(e.BaseURL, "http://") && !strings.HasPrefix(e.BaseURL, "https://") {
			t.Errorf("environment %q: base_url %q is not an http(s) URL", env, e.BaseURL)
		}
	}
	if f.Consent == nil || f.Consent.AcceptSelector == "" || f.Consent.DenySelector == "" || len(f.Consent.Required) == 0 {
		t.Errorf("consent block incomplete: %+v", f.Consent)
	}

	events := map[string]map[string]paramShape{}
	macros := 0
	for i := range f.Events {
		e := &f.Events[i]
		where := fmt.Sprintf("event %q", e.Name)
		if _, dup := events[e.Name]; dup {
			t.Errorf("%s defined twice", where)
		}
		checkEventName(t, e.Name)
		if e.Kind == "macro" {
			macros++
		}
		checkOneOf(t, where+": kind", e.Kind, []string{"micro", "macro"})
		checkOneOf(t, where+": category", e.Category, []string{"process_milestone", "engagement", "lead_qualification"})
		checkOneOf(t, where+": signal", e.Signal, []string{"confidence_builder", "friction_indicator", "momentum_signal"})
		checkOneOf(t, where+": stage", e.Stage, []string{"awareness", "consideration", "decision"})
		if e.Description == "" {
			t.Errorf("%s: no description", where)
		}
		checkTrigger(t, where, e.Trigger)

		ps, err := e.params()
		if err != nil {
			t.Errorf("%s: %v", where, err)
			continue
		}
		if len(ps) == 0 {
			t.Errorf("%s: no params", where)
		}
		if len(ps) > 25 {
			t.Errorf("%s: %d params, GA4 allows 25", where, len(ps))
		}
		byName := map[string]paramShape{}
		for _, p := range ps {
			checkParam(t, where, p)
			byName[p.name] = p.paramShape
		}
		for _, req := range recommendedRequired[e.Name] {
			p, ok := byName[req]
			if !ok || !p.Required {
				t.Errorf("%s: GA4 recommended event needs required param %q", where, req)
			}
		}
		events[e.Name] = byName
	}
	if macros == 0 {
		t.Error("no macro conversion event")
	}

	if len(f.Funnels) == 0 {
		t.Error("no funnel")
	}
	for _, fu := range f.Funnels {
		if len(fu.Steps) < 2 {
			t.Errorf("funnel %q: %d steps, want at least 2", fu.Name, len(fu.Steps))
		}
		for _, s := range fu.Steps {
			if _, ok := events[s]; !ok {
				t.Errorf("funnel %q: step %q is not a defined event", fu.Name, s)
			}
		}
	}

	if len(f.Journeys) < 2 {
		t.Errorf("%d journeys, want at least 2", len(f.Journeys))
	}
	for _, j := range f.Journeys {
		checkJourney(t, j, events)
	}
}

func checkEventName(t *testing.T, name string) {
	t.Helper()
	switch {
	case !snakeCaseRE.MatchString(name):
		t.Errorf("event name %q is not snake_case", name)
	case len(name) > 40:
		t.Errorf("event name %q is %d characters, GA4 allows 40", name, len(name))
	case slices.Contains(reservedEventNames, name):
		t.Errorf("event name %q is reserved by GA4", name)
	}
	for _, p := range reservedPrefixes {
		if strings.HasPrefix(name, p) {
			t.Errorf("event name %q has the reserved prefix %q", name, p)
		}
	}
}

func checkOneOf(t *testing.T, what, got string, allowed []string) {
	t.Helper()
	if !slices.Contains(allowed, got) {
		t.Errorf("%s = %q, want one of %v", what, got, allowed)
	}
}

func checkTrigger(t *testing.T, where string, trig map[string]triggerArg) {
	t.Helper()
	if len(trig) != 1 {
		t.Errorf("%s: trigger has %d kinds, want exactly one", where, len(trig))
	}
	for kind, a := range trig {
		if !slices.Contains(triggerKinds, kind) {
			t.Errorf("%s: unknown trigger kind %q", where, kind)
		}
		if a.Pages != "" {
			if _, err := regexp.Compile(a.Pages); err != nil {
				t.Errorf("%s: pages %q: %v", where, a.Pages, err)
			}
		}
		for _, p := range a.Percent {
			if p < 1 || p > 100 {
				t.Errorf("%s: percent %d outside 1..100", where, p)
			}
		}
		switch kind {
		case "page_view":
			if a.Path == "" && a.PathPrefix == "" && a.PathRegex == "" {
				t.Errorf("%s: page_view needs path, path_prefix or path_regex", where)
			}
		case "click":
			if a.Selector == "" && a.Text == "" && a.URL == "" {
				t.Errorf("%s: click needs selector, text or url", where)
			}
		case "form_start", "form_submit", "form_abandon", "visibility":
			if a.Selector == "" {
				t.Errorf("%s: %s needs a selector", where, kind)
			}
		case "scroll":
			if len(a.Percent) == 0 {
				t.Errorf("%s: scroll needs percent thresholds", where)
			}
		case "video":
			checkOneOf(t, where+": video provider", a.Provider, []string{"youtube", "html5"})
			if len(a.Percent) == 0 {
				t.Errorf("%s: video needs percent thresholds", where)
			}
		case "timer":
			if a.Seconds <= 0 {
				t.Errorf("%s: timer needs seconds", where)
			}
		case "datalayer":
			if a.Event == "" {
				t.Errorf("%s: datalayer needs an event", where)
			}
		}
	}
}

func checkParam(t *testing.T, where string, p namedParam) {
	t.Helper()
	where = fmt.Sprintf("%s: param %q", where, p.name)
	if !eventNameRE.MatchString(p.name) || len(p.name) > 40 {
		t.Errorf("%s: not a valid GA4 parameter name", where)
	}
	for _, pre := range reservedPrefixes {
		if strings.HasPrefix(p.name, pre) {
			t.Errorf("%s: reserved prefix %q", where, pre)
		}
	}
	if !slices.Contains(personalParamAllowed, p.name) {
		for _, w := range personalParamWords {
			if strings.Contains(p.name, w) {
				t.Errorf("%s: looks like personal data (%q)", where, w)
			}
		}
	}
	checkOneOf(t, where+": type", p.Type, []string{"string", "number", "integer", "boolean", "items"})
	if !sourceRE.MatchString(p.From) {
		t.Errorf("%s: from %q is not a known source", where, p.From)
	}
	if p.Pattern != "" {
		if _, err := regexp.Compile(p.Pattern); err != nil {
			t.Errorf("%s: pattern: %v", where, err)
		}
	}
	if p.Min != nil && p.Max != nil && *p.Min > *p.Max {
		t.Errorf("%s: min %v > max %v", where, *p.Min, *p.Max)
	}
	if v, ok := strings.CutPrefix(p.From, "const:"); ok {
		if !constFits(p.paramShape, v) {
			t.Errorf("%s: constant %q breaks the param's own constraints", where, v)
		}
	}
}

// constFits reports whether a const: source satisfies the param's constraints.
func constFits(p paramShape, v string) bool {
	var val any = v
	if p.Type == "number" || p.Type == "integer" {
		var f float64
		if _, err := fmt.Sscan(v, &f); err != nil {
			return false
		}
		val = f
	}
	return valueFits(p, val)
}

// valueFits reports whether val satisfies the param's enum, pattern, min and max.
func valueFits(p paramShape, val any) bool {
	if len(p.Enum) > 0 && !slices.ContainsFunc(p.Enum, func(e any) bool { return fmt.Sprint(e) == fmt.Sprint(val) }) {
		return false
	}
	switch v := val.(type) {
	case string:
		if p.Pattern != "" && !regexp.MustCompile(p.Pattern).MatchString(v) {
			return false
		}
		if p.MaxLength != nil && len(v) > *p.MaxLength {
			return false
		}
	case int:
		return valueFits(p, float64(v))
	case float64:
		if p.Min != nil && v < *p.Min || p.Max != nil && v > *p.Max {
			return false
		}
	}
	return true
}

func checkJourney(t *testing.T, j journeyShape, events map[string]map[string]paramShape) {
	t.Helper()
	where := fmt.Sprintf("journey %q", j.Name)
	if !strings.HasPrefix(j.Start, "/") {
		t.Errorf("%s: start %q is not a path", where, j.Start)
	}
	if j.Consent != "" {
		checkOneOf(t, where+": consent", j.Consent, []string{"granted", "denied", "untouched"})
	}
	if len(j.Steps) < 3 {
		t.Errorf("%s: %d steps, want a realistic journey of at least 3", where, len(j.Steps))
	}
	expects := 0
	for i, step := range j.Steps {
		swhere := fmt.Sprintf("%s: step %d", where, i+1)
		if len(step) != 1 {
			t.Errorf("%s: %d keys, want exactly one step kind", swhere, len(step))
		}
		for kind, node := range step {
			if !slices.Contains(stepKinds, kind) {
				t.Errorf("%s: unknown step kind %q", swhere, kind)
				continue
			}
			switch kind {
			case "expect":
				expects++
				var ex expectShape
				if node.Kind == yaml.ScalarNode {
					ex.Event = node.Value
				} else if err := decodeNodeStrict(&node, &ex); err != nil {
					t.Errorf("%s: %v", swhere, err)
					continue
				}
				params, ok := events[ex.Event]
				if !ok {
					t.Errorf("%s: expects undefined event %q", swhere, ex.Event)
					continue
				}
				for pn, pv := range ex.Params {
					p, ok := params[pn]
					if !ok {
						t.Errorf("%s: event %q has no param %q", swhere, ex.Event, pn)
						continue
					}
					if !valueFits(p, pv) {
						t.Errorf("%s: expected %s=%v breaks the param's own constraints", swhere, pn, pv)
					}
				}
			case "expect_none":
				if _, ok := events[node.Value]; !ok {
					t.Errorf("%s: expect_none names undefined event %q", swhere, node.Value)
				}
			case "consent":
				checkOneOf(t, swhere+": consent", node.Value, []string{"accept", "deny"})
			}
		}
	}
	if expects == 0 && j.Consent != "denied" {
		t.Errorf("%s: expects no event", where)
	}
}

// TestTemplatesCoverTriggerKinds checks that the four templates together
// exercise every trigger kind and both video providers, so generating
// containers from them exercises the whole generator.
func TestTemplatesCoverTriggerKinds(t *testing.T) {
	seen := map[string]bool{}
	for _, name := range Names() {
		f := loadShape(t, name)
		for _, e := range f.Events {
			for kind, a := range e.Trigger {
				seen[kind] = true
				if kind == "video" {
					seen["video/"+a.Provider] = true
				}
			}
		}
	}
	for _, k := range append(slices.Clone(triggerKinds), "video/youtube", "video/html5") {
		if !seen[k] {
			t.Errorf("no template uses trigger %q", k)
		}
	}
}
