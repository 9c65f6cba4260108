package lint

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/tagspec/tagspec/spec"
)

// The tests in this file build specs in Go, one rule at a time. Events get
// a datalayer trigger and micro kind unless a case says otherwise; every
// element gets a Path and a distinct Pos, so findings have positions even
// without a YAML document.

func event(name string, params ...spec.Param) spec.Event {
	return spec.Event{Name: name, Kind: spec.KindMicro, Trigger: spec.Trigger{Kind: spec.TriggerDataLayer, Event: name}, Params: params}
}

func macro(name string, params ...spec.Param) spec.Event {
	e := event(name, params...)
	e.Kind = spec.KindMacro
	return e
}

func withTrigger(e spec.Event, kind string) spec.Event {
	e.Trigger = spec.Trigger{Kind: kind, Selector: "#x"}
	return e
}

func param(name string) spec.Param {
	return spec.Param{Name: name, Type: spec.TypeString, From: spec.Source{Kind: spec.SourceDataLayer, Value: name}}
}

func typed(name, typ string) spec.Param {
	p := param(name)
	p.Type = typ
	return p
}

func constParam(name, value string) spec.Param {
	p := param(name)
	p.From = spec.Source{Kind: spec.SourceConst, Value: value}
	return p
}

func sourced(name, kind, value string) spec.Param {
	p := param(name)
	p.From = spec.Source{Kind: kind, Value: value}
	return p
}

func required(p spec.Param) spec.Param {
	p.Required = true
	return p
}

func userProp(name string, from spec.Source) spec.UserProperty {
	return spec.UserProperty{Name: name, From: from}
}

// build assigns paths and positions (one line per element, in order) and
// returns the spec.
func build(events []spec.Event, ups ...spec.UserProperty) *spec.Spec {
	s := &spec.Spec{File: "go.yaml", Version: 1, MeasurementID: "G-TEST42", Events: events, UserProperties: ups}
	line := 1
	for i := range s.Events {
		e := &s.Events[i]
		e.Path = fmt.Sprintf("/events/%d", i)
		e.Pos = spec.Pos{File: s.File, Line: line, Col: 5}
		line++
		for j := range e.Params {
			p := &e.Params[j]
			p.Path = e.Path + "/params/" + p.Name
			p.Pos = spec.Pos{File: s.File, Line: line, Col: 7}
			line++
		}
	}
	for i := range s.UserProperties {
		up := &s.UserProperties[i]
		up.Path = "/user_properties/" + up.Name
		up.Pos = spec.Pos{File: s.File, Line: line, Col: 3}
		line++
	}
	return s
}

func events(es ...spec.Event) []spec.Event { return es }

func manyParams(n int) []spec.Param {
	ps := make([]spec.Param, n)
	for i := range ps {
		ps[i] = param(fmt.Sprintf("field_%02d", i+1))
	}
	return ps
}

func ruleIDs(ds []spec.Diagnostic) []string {
	ids := make([]string, 0, len(ds))
	for _, d := range ds {
		ids = append(ids, d.Rule)
	}
	slices.Sort(ids)
	return ids
}

func TestCheckRules(t *testing.T) {
	dl := spec.Source{Kind: spec.SourceDataLayer, Value: "x"}
	cases := []struct {
		name string
		spec *spec.Spec
		want []string // rule ids, sorted
	}{
		{"empty spec", build(nil), nil},
		{"name of 40 characters", build(events(event(strings.Repeat("a", 40)))), nil},
		{"name of 41 characters", build(events(event(strings.Repeat("a", 41)))), []string{RuleEventNameLength}},
		{"length counted URL-encoded", build(events(event("登録完了しました"))), []string{RuleEventNameChars, RuleEventNameLength}},
		{"space in name", build(events(event("sign up now"))), []string{RuleEventNameChars}},
		{"dot in name", build(events(event("gtm4wp.formElementEnter"))), []string{RuleEventNameChars}},
		{"leading digit", build(events(event("9lives"))), []string{RuleEventNameFirstChar}},
		{"leading underscore", build(events(event("_hidden"))), []string{RuleEventNameFirstChar}},
		{"reserved web name", build(events(event("app_remove"))), []string{RuleEventNameReserved}},
		{"reserved MP name", build(events(event("notification_open"))), []string{RuleEventNameReserved}},
		{"app-only name", build(events(event("screen_view"))), []string{RuleEventNameReserved}},
		{"reserved name with reserved prefix reported once", build(events(event("firebase_campaign"))), []string{RuleEventNameReserved}},
		{"reserved prefix google_", build(events(event("google_lead"))), []string{RuleEventNameReservedPrefix}},
		{"reserved prefix query_id", build(events(event("query_id_lookup"))), []string{RuleEventNameReservedPrefix}},
		{"shadows page_view, reported once", build(events(event("page_view"))), []string{RuleEventShadowsAutomatic}},
		{"shadows video_complete", build(events(event("video_complete"))), []string{RuleEventShadowsAutomatic}},
		{"case variants", build(events(event("lead_form"), event("Lead_Form"), event("LEAD_FORM"))),
			[]string{RuleEventNameCaseCollision, RuleEventNameCaseCollision}},
		{"exact duplicates are the loader's", build(events(event("lead_form"), event("lead_form"))), nil},
		{"signup", build(events(event("signup"))), []string{RuleRecommendedEventName}},
		{"SignUp", build(events(event("SignUp"))), []string{RuleRecommendedEventName}},
		{"sign-up", build(events(event("sign-up"))), []string{RuleEventNameChars, RuleRecommendedEventName}},
		{"addToCart", build(events(event("addToCart"))), []string{RuleRecommendedEventName}},
		{"lead", build(events(event("lead"))), []string{RuleRecommendedEventName}},
		{"generateLead", build(events(event("generateLead"))), []string{RuleRecommendedEventName}},
		{"order_completed", build(events(event("order_completed"))), []string{RuleRecommendedEventName}},
		{"newsletter_signup is its own event", build(events(event("newsletter_signup"))), nil},
		{"purchase without transaction_id and items", build(events(event("purchase", typed("value", "number"), param("currency")))),
			[]string{RuleRecommendedEventParam, RuleRecommendedEventParam}},
		{"complete purchase", build(events(event("purchase", param("transaction_id"), typed("value", "number"), param("currency"), typed("items", "items")))), nil},
		{"search without search_term", build(events(event("search"))), []string{RuleRecommendedEventParam}},
		{"spend_virtual_currency needs value and name, not currency", build(events(event("spend_virtual_currency"))),
			[]string{RuleRecommendedEventParam, RuleRecommendedEventParam}},
		{"earn_virtual_currency value without currency", build(events(event("earn_virtual_currency", typed("value", "number")))), nil},
		{"lead without value", build(events(event("generate_lead"))), []string{RuleRecommendedEventValue}},
		{"custom event value without currency", build(events(event("quote_sent", typed("value", "number")))), []string{RuleCurrencyWithValue}},
		{"custom event value with currency", build(events(event("quote_sent", typed("value", "number"), param("currency")))), nil},
		{"currency without value on a custom event", build(events(event("quote_sent", param("currency")))), []string{RuleParamNameReserved}},
		{"currency on add_to_cart", build(events(event("add_to_cart", typed("items", "items"), param("currency")))), []string{RuleRecommendedEventValue}},
		{"session_id from the built-in variable", build(events(event("quote_sent", sourced("session_id", spec.SourceBuiltin, "Analytics Session ID")))), nil},
		{"session_id from the dataLayer", build(events(event("quote_sent", param("session_id")))), []string{RuleParamNameReserved}},
		{"gclid", build(events(event("quote_sent", param("gclid")))), []string{RuleParamNameReserved}},
		{"25 params", build(events(event("big_form", manyParams(25)...))), nil},
		{"26 params", build(events(event("big_form", manyParams(26)...))), []string{RuleParamCount}},
		{"40 params reported once", build(events(event("big_form", manyParams(40)...))), []string{RuleParamCount}},
		{"param with a space", build(events(event("quote_sent", param("form location")))), []string{RuleParamNameFormat}},
		{"param with a leading digit", build(events(event("quote_sent", param("1st_field")))), []string{RuleParamNameFormat}},
		{"param with prefix _ reported once", build(events(event("quote_sent", param("_private")))), []string{RuleParamNameReservedPrefix}},
		{"param with prefix gtag. reported once", build(events(event("quote_sent", param("gtag.config")))), []string{RuleParamNameReservedPrefix}},
		{"param name of 40", build(events(event("quote_sent", param(strings.Repeat("p", 40))))), nil},
		{"param name of 41", build(events(event("quote_sent", param(strings.Repeat("p", 41))))), []string{RuleParamNameLength}},
		{"const of 100", build(events(event("quote_sent", constParam("plan", strings.Repeat("v", 100))))), nil},
		{"const of 101", build(events(event("quote_sent", constParam("plan", strings.Repeat("v", 101))))), []string{RuleParamValueLength}},
		{"page_title of 300", build(events(event("quote_sent", constParam("page_title", strings.Repeat("v", 300))))), nil},
		{"page_title of 301", build(events(event("quote_sent", constParam("page_title", strings.Repeat("v", 301))))), []string{RuleParamValueLength}},
		{"page_referrer of 421", build(events(event("quote_sent", constParam("page_referrer", strings.Repeat("v", 421))))), []string{RuleParamValueLength}},
		{"page_location of 1000", build(events(event("quote_sent", constParam("page_location", strings.Repeat("v", 1000))))), nil},
		{"value length counted in characters", build(events(event("quote_sent", constParam("plan", strings.Repeat("é", 100))))), nil},
		{"value as string", build(events(event("quote_sent", param("value"), param("currency")))), []string{RuleNumericParamType}},
		{"quantity as integer", build(events(event("quote_sent", typed("quantity", "integer")))), nil},
		{"discount with the default type", build(events(event("quote_sent", typed("discount", "")))), []string{RuleNumericParamType}},
		{"required without source on click", build(events(withTrigger(event("plan_click", required(spec.Param{Name: "plan"})), spec.TriggerClick))),
			[]string{RuleRequiredParamNoSource}},
		{"required without source on a dataLayer event", build(events(event("plan_click", required(spec.Param{Name: "plan"})))), nil},
		{"required with a source on click", build(events(withTrigger(event("plan_click", required(param("plan"))), spec.TriggerClick))), nil},
		{"50 custom parameters", build(events(event("form_a", manyParams(25)...), event("form_b", renamed(manyParams(25), "b_")...))), nil},
		{"51 custom parameters reported once", build(events(event("form_a", manyParams(25)...), event("form_b", renamed(manyParams(25), "b_")...),
			event("form_c", renamed(manyParams(3), "c_")...))), []string{RuleCustomDimensionCount}},
		{"GA4 parameters are not custom dimensions", build(events(event("form_a", manyParams(25)...), event("form_b", renamed(manyParams(25), "b_")...),
			event("form_c", param("transaction_id"), param("method"), param("session_id"), param("field_01")))), []string{RuleParamNameReserved}},
		{"30 key events", build(manyMacros(30)), nil},
		{"31 key events", build(manyMacros(31)), []string{RuleKeyEventCount}},
		{"45 key events reported once", build(manyMacros(45)), []string{RuleKeyEventCount}},
		{"25 user properties", build(nil, manyUserProps(25)...), nil},
		{"26 user properties", build(nil, manyUserProps(26)...), []string{RuleUserPropertyCount}},
		{"user property user_id", build(nil, userProp("user_id", dl)), []string{RuleUserPropertyReserved}},
		{"user property Age", build(nil, userProp("Age", dl)), []string{RuleUserPropertyReserved}},
		{"user property prefix ga_", build(nil, userProp("ga_bucket", dl)), []string{RuleUserPropertyReservedPrefix}},
		{"user property prefix _ reported once", build(nil, userProp("_bucket", dl)), []string{RuleUserPropertyReservedPrefix}},
		{"user property with a hyphen", build(nil, userProp("plan-tier", dl)), []string{RuleUserPropertyNameFormat}},
		{"user property name of 24", build(nil, userProp(strings.Repeat("u", 24), dl)), nil},
		{"user property name of 25", build(nil, userProp(strings.Repeat("u", 25), dl)), []string{RuleUserPropertyNameLength}},
		{"user property const of 36", build(nil, userProp("plan", spec.Source{Kind: spec.SourceConst, Value: strings.Repeat("v", 36)})), nil},
		{"user property const of 37", build(nil, userProp("plan", spec.Source{Kind: spec.SourceConst, Value: strings.Repeat("v", 37)})),
			[]string{RuleUserPropertyValueLength}},
		{"user property named email", build(nil, userProp("email", dl)), []string{RulePersonalDataName}},
		{"user property const phone", build(nil, userProp("support_line", spec.Source{Kind: spec.SourceConst, Value: "+44 20 7946 0958"})),
			[]string{RulePersonalDataValue}},
		{"source key suggests email", build(events(event("quote_sent", sourced("contact", spec.SourceDataLayer, "user.email")))), []string{RulePersonalDataName}},
		{"URL query key suggests phone", build(events(event("quote_sent", sourced("contact", spec.SourceURL, "query:phone")))), []string{RulePersonalDataName}},
		{"name and source both personal: reported once", build(events(event("quote_sent", sourced("email", spec.SourceDataLayer, "user.email")))),
			[]string{RulePersonalDataName}},
		{"const email inside text", build(events(event("quote_sent", constParam("note", "write to jane.doe@example.com today")))), []string{RulePersonalDataValue}},
		{"snake_case majority", build(events(event("quote_sent"), event("plan_click"), event("webinarJoined"))), []string{RuleNamingStyle}},
		{"camelCase majority", build(events(event("quoteSent"), event("planClick"), event("webinar_joined"))), []string{RuleNamingStyle}},
		{"tie goes to snake_case", build(events(event("quote_sent"), event("planClick"))), []string{RuleNamingStyle}},
		{"single words have no style", build(events(event("quoteSent"), event("download"), event("subscribe"))), nil},
		{"GA4 names do not count", build(events(event("quoteSent", typed("value", "number"), param("currency"), param("transaction_id")), event("planClick"))), nil},
		{"params share the style pool", build(events(event("quote_sent", param("formLocation"), param("plan_tier")), event("plan_click"))), []string{RuleNamingStyle}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := Check(tc.spec)
			if diff := cmp.Diff(tc.want, ruleIDs(got), cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("rules (-want +got):\n%s\nfindings:\n%s", diff, joinDiags(got))
			}
			for _, d := range got {
				if d.Pos.File != "go.yaml" || d.Pos.Line == 0 {
					t.Errorf("finding without a position: %s", d)
				}
				if d.Message == "" || !strings.Contains(d.Message, ":") {
					t.Errorf("finding without a fix in its message: %s", d)
				}
			}
		})
	}
}

// TestCurrencyWithValueSeverity: value without currency is an error where
// GA4's reference requires currency with value (ecommerce and lead events)
// and a warning on every other event, where GA4 keeps the hit and loses
// only its revenue.
func TestCurrencyWithValueSeverity(t *testing.T) {
	cases := []struct {
		name  string
		event spec.Event
		want  spec.Severity // empty: no finding
	}{
		{"custom event", event("quote_sent", typed("value", "number")), spec.SeverityWarning},
		{"custom key event", macro("demo_booked", typed("value", "number")), spec.SeverityWarning},
		{"purchase", event("purchase", param("transaction_id"), typed("value", "number"), typed("items", "items")), spec.SeverityError},
		{"add_to_cart", event("add_to_cart", typed("value", "number"), typed("items", "items")), spec.SeverityError},
		{"refund", event("refund", param("transaction_id"), typed("value", "number")), spec.SeverityError},
		{"generate_lead", event("generate_lead", typed("value", "number")), spec.SeverityError},
		{"close_convert_lead", event("close_convert_lead", typed("value", "number")), spec.SeverityError},
		{"recommended event without revenue", event("select_content", typed("value", "number")), spec.SeverityWarning},
		{"virtual currency", event("earn_virtual_currency", typed("value", "number")), ""},
		{"purchase with currency", event("purchase", param("transaction_id"), typed("value", "number"), param("currency"), typed("items", "items")), ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var got []spec.Diagnostic
			for _, d := range Check(build(events(tc.event))) {
				if d.Rule == RuleCurrencyWithValue {
					got = append(got, d)
				}
			}
			switch {
			case tc.want == "" && len(got) != 0:
				t.Fatalf("want no %s finding, got:\n%s", RuleCurrencyWithValue, joinDiags(got))
			case tc.want == "":
			case len(got) != 1:
				t.Fatalf("want one %s finding, got:\n%s", RuleCurrencyWithValue, joinDiags(got))
			case got[0].Severity != tc.want:
				t.Errorf("severity = %s, want %s: %s", got[0].Severity, tc.want, got[0])
			}
		})
	}
}

func renamed(ps []spec.Param, prefix string) []spec.Param {
	for i := range ps {
		ps[i].Name = prefix + ps[i].Name
	}
	return ps
}

func manyMacros(n int) []spec.Event {
	es := make([]spec.Event, n)
	for i := range es {
		es[i] = macro(fmt.Sprintf("key_step_%02d", i+1))
	}
	return es
}

func manyUserProps(n int) []spec.UserProperty {
	ups := make([]spec.UserProperty, n)
	for i := range ups {
		ups[i] = userProp(fmt.Sprintf("trait_%02d", i+1), spec.Source{Kind: spec.SourceDataLayer, Value: "x"})
	}
	return ups
}

// TestCheckPositions checks that findings point at the element they are
// about when the spec has no YAML document (the fallback to element Pos).
func TestCheckPositions(t *testing.T) {
	s := build(events(
		event("quote_sent"),
		event("9lives", param("plan"), param("gclid")),
		event("big_form", manyParams(27)...),
	))
	got := Check(s)
	want := map[string]int{ // rule -> line
		RuleEventNameFirstChar: 2,  // the event
		RuleParamNameReserved:  4,  // its second param
		RuleParamCount:         31, // the 26th param of big_form (event on line 5)
	}
	for _, d := range got {
		line, ok := want[d.Rule]
		if !ok {
			t.Errorf("unexpected finding %s", d)
			continue
		}
		if d.Pos.Line != line {
			t.Errorf("%s at line %d, want %d", d.Rule, d.Pos.Line, line)
		}
		delete(want, d.Rule)
	}
	for rule := range want { // test bookkeeping only
		t.Errorf("missing finding %s", rule)
	}
}

func TestCheckMessages(t *testing.T) {
	cases := []struct {
		name string
		spec *spec.Spec
		want string // substring of the only finding's message
	}{
		{"suggests a clean event name", build(events(event("pricing page-view"))), `"pricing_page_view"`},
		{"names the recommended event", build(events(event("addToCart"))), `name it "add_to_cart"`},
		{"names the other spelling", build(events(event("lead_form"), event("Lead_form"))), `from event "lead_form" at 1:5`},
		{"counts URL-encoded length", build(events(event(strings.Repeat("ab", 21)))), "42 characters"},
		{"ecommerce hint", build(events(event("refund", typed("value", "number"), param("currency")))), `datalayer:ecommerce.transaction_id`},
		{"restyles to snake_case", build(events(event("quote_sent"), event("plan_click"), event("webinarJoined"))), `"webinar_joined"`},
		{"restyles to camelCase", build(events(event("quoteSent"), event("planClick"), event("webinar_joined"))), `"webinarJoined"`},
		{"names the trigger", build(events(withTrigger(event("plan_click", required(spec.Param{Name: "plan"})), spec.TriggerClick))), "trigger is click"},
		{"counts key events", build(manyMacros(33)), "has 33 macro events"},
		{"no example when nothing is left of the name", build(events(event("登録"))), "underscores"},
		{"asks for value only when currency is there", build(events(event("view_item", typed("items", "items"), param("currency")))), "add a value param (type: number) so"},
		{"asks for value and currency", build(events(event("view_item", typed("items", "items")))), "add params value (type: number) and currency so"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := Check(tc.spec)
			if len(got) != 1 {
				t.Fatalf("want one finding, got:\n%s", joinDiags(got))
			}
			if !strings.Contains(got[0].Message, tc.want) {
				t.Errorf("message %q does not contain %q", got[0].Message, tc.want)
			}
		})
	}
}

func TestPersonalDataNames(t *testing.T) {
	personal := []string{"email", "userEmail", "e_mail", "email_address", "phone", "phone_number", "telephone", "tel",
		"first_name", "lastName", "FullName", "surname", "customer_name", "name", "postcode", "postal_code", "zip",
		"zipCode", "address", "street_address", "billing_address", "ip_address", "contact_name"}
	for _, n := range personal {
		if personalDataKind(n) == "" {
			t.Errorf("%q is not recognised as personal data", n)
		}
	}
	harmless := []string{"item_name", "form_name", "level_name", "file_name", "hotel_name", "video_title", "plan",
		"form_location", "zipper_color", "telemetry_level", "mailing_list", "company_name", "shipping_tier"}
	for _, n := range harmless {
		if k := personalDataKind(n); k != "" {
			t.Errorf("%q is flagged as %s", n, k)
		}
	}
}

func TestPersonalDataValues(t *testing.T) {
	personal := []string{"jane@example.com", "Jane.Doe+news@mail.example.co.uk", "contact: bob@acme.example",
		"+44 20 7946 0958", "+14155550123", "(555) 123-4567", "555-123-4567", "020 7946 0958", "555.123.4567"}
	for _, v := range personal {
		if personalDataValue("note", v) == "" {
			t.Errorf("%q is not recognised as personal data", v)
		}
	}
	harmless := []string{"2024-01-15", "15/01/2024", "192.168.0.1", "49.99", "1234567", "v1.2.3", "SKU-123",
		"EUR", "footer", "@handle", "a@b", "12-34", "1000000000000000000000", "1 000 000", "1,250,000", "2024-01-15 10:30", ""}
	for _, v := range harmless {
		if k := personalDataValue("note", v); k != "" {
			t.Errorf("%q is flagged as %s", v, k)
		}
	}
}

func TestStyleOf(t *testing.T) {
	cases := map[string]string{
		"quote_sent": styleSnake, "quoteSent": styleCamel, "QuoteSent": stylePascal, "QUOTE_SENT": styleScreaming,
		"QUOTE": styleUpper, "Quote_Sent": styleMixed, "quote": "", "quote2": "", "2quote": "", "quote-sent": "",
	}
	for _, name := range slices.Sorted(mapKeys(cases)) {
		if got := styleOf(name); got != cases[name] {
			t.Errorf("styleOf(%q) = %q, want %q", name, got, cases[name])
		}
	}
}

func mapKeys(m map[string]string) func(func(string) bool) {
	return func(yield func(string) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

func TestCheckNil(t *testing.T) {
	if got := Check(nil); got != nil {
		t.Errorf("Check(nil) = %v, want nil", got)
	}
}

// TestCheckDoesNotModifySpec guards the promise that Check only reads.
func TestCheckDoesNotModifySpec(t *testing.T) {
	s, _ := parseFile(t, "mistakes.yaml")
	before, _ := parseFile(t, "mistakes.yaml")
	Check(s)
	if diff := cmp.Diff(before, s, cmpopts.IgnoreUnexported(spec.Spec{})); diff != "" {
		t.Errorf("Check modified the spec:\n%s", diff)
	}
}

// TestCheckOrderIndependent reverses the events and user properties of a
// spec whose findings do not depend on order: the output is identical.
func TestCheckOrderIndependent(t *testing.T) {
	es := events(event("page_view"), event("sign-up"), event("quote_sent", param("gclid"), param("value")),
		event("purchase"), event("webinarJoined"), event("plan_click"), event("lead_form"))
	ups := []spec.UserProperty{userProp("user_id", spec.Source{}), userProp("email", spec.Source{}), userProp("plan_tier", spec.Source{})}
	s := build(es, ups...)
	want := Check(s)
	if len(want) < 8 {
		t.Fatalf("expected several findings, got:\n%s", joinDiags(want))
	}
	slices.Reverse(s.Events)
	slices.Reverse(s.UserProperties)
	if diff := cmp.Diff(want, Check(s)); diff != "" {
		t.Errorf("findings depend on element order (-forward +reversed):\n%s", diff)
	}
}

func TestForExample(t *testing.T) {
	cases := []struct {
		kind, name, want string
	}{
		{nameEvent, "", ""},
		{nameEvent, "9x", ""},
		{nameEvent, "sign_up", ` (for example "sign_up")`},
		{nameEvent, "google_lead", ""},           // reserved prefix
		{nameEvent, "session_start", ""},         // automatically collected
		{nameEvent, "app_remove", ""},            // reserved
		{nameEvent, strings.Repeat("a", 41), ""}, // too long
		{nameParam, "ga_source", ""},
		{nameParam, "gclid", ""},
		{nameParam, "form_location", ` (for example "form_location")`},
		{nameUserProperty, "customer_lifetime_bucket1", ""}, // 25 characters
		{nameUserProperty, "plan_tier", ` (for example "plan_tier")`},
		{nameUserProperty, "user_id", ""},
	}
	for _, tc := range cases {
		if got := forExample(tc.kind, tc.name); got != tc.want {
			t.Errorf("forExample(%s, %q) = %q, want %q", tc.kind, tc.name, got, tc.want)
		}
	}
}

// TestSuggestionsAreValid checks every "for example" and "did you mean"
// that lint and the loader print for a spec full of bad names: each
// suggested name, checked on its own, must be accepted.
func TestSuggestionsAreValid(t *testing.T) {
	s := build(events(
		event("google-lead"), // chars: sanitised to a reserved prefix
		event("9-lives"),     // first char: event_9-lives keeps the hyphen
		event("quote_sent", param("ga-source"), param("gclid"), param("x")),
		event(strings.Repeat("long_name_", 4), param("session_id")), // the reserved-param hint would exceed 40
		event("googleLead"), event("plan_click"), event("quote_made"), // style: google_lead is reserved
	), userProp("google-tier", spec.Source{}), userProp("plan-tier-for-enterprise-x", spec.Source{}))
	for _, d := range Check(s) {
		for _, m := range suggestionRE.FindAllStringSubmatch(d.Message, -1) {
			name := m[1]
			kind := nameEvent
			switch {
			case strings.Contains(d.Message, "user property"):
				kind = nameUserProperty
			case strings.Contains(d.Message, "param "):
				kind = nameParam
			}
			if !acceptableName(kind, name) {
				t.Errorf("suggests %s name %q, which breaks a rule itself: %s", kind, name, d)
			}
		}
	}
}

var suggestionRE = regexp.MustCompile(`(?:for example|did you mean|name it) "([^"]*)"`)
