package validator

import (
	"encoding/json"
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/tagspec/tagspec/hits"
	"github.com/tagspec/tagspec/internal/golden"
	"github.com/tagspec/tagspec/spec"
)

var t0 = time.Date(2026, 11, 22, 12, 0, 0, 0, time.UTC)

func ptr[T any](v T) *T { return &v }

func pos(line int) spec.Pos { return spec.Pos{File: "tagspec.yaml", Line: line, Col: 5} }

// testSpec is a small spec shaped like the starter templates.
func testSpec() *spec.Spec {
	return &spec.Spec{
		File: "tagspec.yaml", Version: 1, Name: "Example shop", MeasurementID: "G-TEST01",
		Consent: &spec.Consent{AcceptSelector: "#accept", DenySelector: "#deny", Pos: pos(3)},
		Events: []spec.Event{
			{Name: "newsletter_signup", Kind: spec.KindMicro, Pos: pos(10), Params: []spec.Param{
				{Name: "form_location", Type: spec.TypeString, Required: true, Enum: []any{"footer", "popup", "inline"}, Pos: pos(12)},
			}},
			{Name: "purchase", Kind: spec.KindMacro, Pos: pos(20), Params: []spec.Param{
				{Name: "transaction_id", Type: spec.TypeString, Required: true, Pattern: `^T-[0-9]+$`, Pos: pos(22)},
				{Name: "value", Type: spec.TypeNumber, Required: true, Min: ptr(0.0), Max: ptr(10000.0), Pos: pos(23)},
				{Name: "currency", Type: spec.TypeString, Required: true, Enum: []any{"EUR", "USD"}, Pos: pos(24)},
				{Name: "quantity_total", Type: spec.TypeInteger, Pos: pos(25)},
				{Name: "gift", Type: spec.TypeBoolean, Pos: pos(26)},
				{Name: "coupon", Type: spec.TypeString, MaxLength: ptr(8), Pos: pos(27)},
				{Name: "items", Type: spec.TypeItems, Required: true, Pos: pos(28)},
			}},
			{Name: "generate_lead", Kind: spec.KindMacro, Pos: pos(30)},
			{Name: "pricing_view", Kind: spec.KindMicro, Pos: pos(32)},
		},
	}
}

func step(kind string, line int, f func(*spec.Step)) spec.Step {
	s := spec.Step{Kind: kind, Pos: pos(line)}
	if f != nil {
		f(&s)
	}
	return s
}

// newsletterJourney: visit, fill, submit, expect, expect_none, click, expect.
func newsletterJourney(consent string) spec.Journey {
	return spec.Journey{Name: "newsletter", Start: "/", Consent: consent, Pos: pos(40), Steps: []spec.Step{
		step(spec.StepFill, 43, func(s *spec.Step) { s.Selector = "#email"; s.Value = "qa@example.test" }),
		step(spec.StepSubmit, 44, func(s *spec.Step) { s.Selector = "form#newsletter" }),
		step(spec.StepExpect, 45, func(s *spec.Step) {
			s.Event = "newsletter_signup"
			s.Params = map[string]any{"form_location": "footer"}
		}),
		step(spec.StepExpectNone, 46, func(s *spec.Step) { s.Event = "generate_lead" }),
		step(spec.StepClick, 47, func(s *spec.Step) { s.Selector = "a[href='/pricing']" }),
		step(spec.StepExpect, 48, func(s *spec.Step) { s.Event = "pricing_view" }),
	}}
}

func purchaseJourney() spec.Journey {
	return spec.Journey{Name: "checkout", Start: "/cart", Pos: pos(50), Steps: []spec.Step{
		step(spec.StepClick, 51, func(s *spec.Step) { s.Selector = "#buy" }),
		step(spec.StepExpect, 52, func(s *spec.Step) { s.Event = "purchase" }),
	}}
}

// capture is one GA4 request or dataLayer push seen during a step.
type capture struct {
	step  int
	query string // appended to the base hit URL; empty for a push
	body  string
	push  string // dataLayer JSON
}

const baseHit = "https://www.google-analytics.com/g/collect?v=2&tid=G-TEST01&gtm=45je5b10&_p=1763800000123&cid=11.22&sid=33&sct=1&seg=1&dl=https%3A%2F%2Fshop.example.test%2F&dt=Home"

// observe runs every step of j without error and records the captures.
func observe(t *testing.T, j *spec.Journey, caps []capture) *Observation {
	t.Helper()
	obs := &Observation{Journey: j.Name}
	for i, st := range j.Steps {
		start := t0.Add(time.Duration(i+1) * time.Second)
		obs.Steps = append(obs.Steps, Step{Index: i, Kind: st.Kind, Start: start, End: start.Add(900 * time.Millisecond)})
	}
	hitIndex := 0
	for n, c := range caps {
		at := t0.Add(time.Duration(c.step+1)*time.Second + time.Duration(100+n)*time.Millisecond)
		if c.push != "" {
			p := Push{Time: at, Step: c.step, Page: "https://shop.example.test/", Value: json.RawMessage(c.push)}
			obs.DataLayer = append(obs.DataLayer, p)
			if ev, ok := EventFromPush(p); ok {
				obs.Events = append(obs.Events, ev)
			}
			continue
		}
		method := "GET"
		if c.body != "" {
			method = "POST"
		}
		h, err := hits.Decode(method, baseHit+c.query, []byte(c.body), at)
		if err != nil {
			t.Fatalf("capture %d: %v", n, err)
		}
		obs.Events = append(obs.Events, EventsFromHit(h, hitIndex, c.step, "https://shop.example.test/")...)
		hitIndex++
	}
	return obs
}

type want struct {
	Rule     string
	Severity spec.Severity
	Step     int
	Event    string
	Param    string
}

const (
	granted = "&gcs=G111"
	denied  = "&gcs=G100"
)

func TestCheck(t *testing.T) {
	pricing := capture{step: 4, query: granted + "&en=pricing_view&dl=https%3A%2F%2Fshop.example.test%2Fpricing"}
	signup := capture{step: 1, query: granted + "&en=newsletter_signup&ep.form_location=footer&_ee=1"}
	pageView := capture{step: NoStep, query: granted + "&en=page_view"}
	goodPurchase := capture{step: 0, query: granted + "&cu=EUR", body: "en=purchase&_c=1&ep.transaction_id=T-1001&epn.value=87.4&epn.quantity_total=3&ep.gift=true&ep.coupon=AUTUMN&pr1=idSKU-1~nmTee~pr43.7~qt2"}

	tests := []struct {
		name    string
		journey spec.Journey
		caps    []capture
		mutate  func(*Observation)
		opts    Options
		consent bool // the spec requires analytics_storage
		want    []want
	}{
		{
			name:    "passes",
			journey: newsletterJourney(""),
			caps:    []capture{pageView, signup, {step: 1, query: granted + "&en=scroll&epn.percent_scrolled=90"}, pricing},
			opts:    Options{},
			want:    nil,
		},
		{
			name:    "expected event missing",
			journey: newsletterJourney(""),
			caps:    []capture{pageView, pricing},
			want:    []want{{RuleEventMissing, spec.SeverityError, 2, "newsletter_signup", ""}},
		},
		{
			name:    "pushed to the dataLayer but never sent",
			journey: newsletterJourney(""),
			caps:    []capture{pageView, {step: 1, push: `{"event":"newsletter_signup","form_location":"footer"}`}, pricing},
			want:    []want{{RuleEventMissing, spec.SeverityError, 2, "newsletter_signup", ""}},
		},
		{
			name:    "event sent twice for one action",
			journey: newsletterJourney(""),
			caps:    []capture{pageView, signup, signup, pricing},
			want:    []want{{RuleEventDuplicate, spec.SeverityError, 1, "newsletter_signup", ""}},
		},
		{
			name:    "event outside the window does not count",
			journey: newsletterJourney(""),
			caps:    []capture{pageView, {step: 4, query: granted + "&en=newsletter_signup&ep.form_location=footer"}, pricing},
			want:    []want{{RuleEventMissing, spec.SeverityError, 2, "newsletter_signup", ""}},
		},
		{
			name:    "expect_none violated",
			journey: newsletterJourney(""),
			caps:    []capture{pageView, signup, {step: 1, query: granted + "&en=generate_lead"}, pricing},
			want:    []want{{RuleEventUnexpected, spec.SeverityError, 3, "generate_lead", ""}},
		},
		{
			name:    "event not in the spec; automatic events are not unexpected",
			journey: newsletterJourney(""),
			caps:    []capture{pageView, signup, {step: 1, query: granted, body: "en=promo_click&ep.promo=autumn\r\nen=promo_click&ep.promo=winter\r\nen=user_engagement&_et=1200\r\n"}, pricing},
			want:    []want{{RuleEventUnexpected, spec.SeverityError, 1, "promo_click", ""}},
		},
		{
			name:    "strict: automatic events are unexpected too",
			journey: newsletterJourney(""),
			caps:    []capture{pageView, signup, pricing},
			opts:    Options{Strict: true},
			want:    []want{{RuleEventUnexpected, spec.SeverityError, NoStep, "page_view", ""}},
		},
		{
			name:    "param value outside its enum",
			journey: newsletterJourney(""),
			caps:    []capture{pageView, {step: 1, query: granted + "&en=newsletter_signup&ep.form_location=header"}, pricing},
			want: []want{
				// The expect step reports the wrong value; the schema's
				// enum check on the same hit does not repeat it.
				{RuleParamValue, spec.SeverityError, 2, "newsletter_signup", "form_location"},
			},
		},
		{
			name:    "required param missing",
			journey: newsletterJourney(""),
			caps:    []capture{pageView, {step: 1, query: granted + "&en=newsletter_signup"}, pricing},
			want: []want{
				// One mistake, one finding: the expect step's, not also
				// the schema's required check on the same hit.
				{RuleParamMissing, spec.SeverityError, 2, "newsletter_signup", "form_location"},
			},
		},
		{
			name:    "good purchase",
			journey: purchaseJourney(),
			caps:    []capture{goodPurchase},
		},
		{
			name:    "purchase with wrong types, pattern, range, length and no items",
			journey: purchaseJourney(),
			caps:    []capture{{step: 0, query: granted + "&cu=GBP", body: "en=purchase&ep.transaction_id=abc&ep.value=87.40&epn.quantity_total=2.5&ep.gift=maybe&ep.coupon=AUTUMN-2026"}},
			want: []want{
				{RuleParamMissing, spec.SeverityError, 0, "purchase", "items"},
				{RuleParamType, spec.SeverityError, 0, "purchase", "gift"},
				{RuleParamType, spec.SeverityError, 0, "purchase", "quantity_total"},
				{RuleParamType, spec.SeverityError, 0, "purchase", "value"},
				{RuleParamValue, spec.SeverityError, 0, "purchase", "coupon"},
				{RuleParamValue, spec.SeverityError, 0, "purchase", "currency"},
				{RuleParamValue, spec.SeverityError, 0, "purchase", "transaction_id"},
			},
		},
		{
			name:    "purchase value out of range and item without id or name",
			journey: purchaseJourney(),
			caps:    []capture{{step: 0, query: granted + "&cu=EUR", body: "en=purchase&ep.transaction_id=T-1&epn.value=-5&pr1=pr10~qt1"}},
			want: []want{
				// Sorted by rule id: ga4/ before journey/.
				{RuleWireLimit, spec.SeverityError, 0, "purchase", "items"},
				{RuleParamValue, spec.SeverityError, 0, "purchase", "value"},
			},
		},
		{
			name:    "expect with params: sent as a string",
			journey: spec.Journey{Name: "typed", Steps: []spec.Step{step(spec.StepExpect, 60, func(s *spec.Step) { s.Event = "purchase"; s.Params = map[string]any{"value": 87.4} })}},
			caps:    []capture{{step: 0, query: granted + "&cu=EUR&en=purchase&ep.transaction_id=T-1&ep.value=87.4&pr1=idA"}},
			want: []want{
				{RuleParamType, spec.SeverityError, 0, "purchase", "value"},
			},
		},
		{
			name: "expect with params: other values, a dedicated key, a number for a string",
			journey: spec.Journey{Name: "typed", Steps: []spec.Step{step(spec.StepExpect, 60, func(s *spec.Step) {
				s.Event = "purchase"
				s.Params = map[string]any{"value": 87.4, "currency": "EUR", "coupon": "SPRING"}
			})}},
			caps: []capture{{step: 0, query: granted + "&cu=USD&en=purchase&ep.transaction_id=T-1&epn.value=10&epn.coupon=5&pr1=idA"}},
			want: []want{
				{RuleParamType, spec.SeverityError, 0, "purchase", "coupon"},
				{RuleParamValue, spec.SeverityError, 0, "purchase", "coupon"},
				{RuleParamValue, spec.SeverityError, 0, "purchase", "currency"},
				{RuleParamValue, spec.SeverityError, 0, "purchase", "value"},
			},
		},
		{
			name: "expect with a count",
			journey: spec.Journey{Name: "count", Steps: []spec.Step{
				step(spec.StepClick, 61, func(s *spec.Step) { s.Selector = "#lead" }),
				step(spec.StepExpect, 62, func(s *spec.Step) { s.Event = "generate_lead"; s.Count = 2 }),
				step(spec.StepClick, 63, func(s *spec.Step) { s.Selector = "#lead" }),
				step(spec.StepExpect, 64, func(s *spec.Step) { s.Event = "generate_lead"; s.Count = 1 }),
			}},
			caps: []capture{
				{step: 0, query: granted + "&en=generate_lead"},
				{step: 2, query: granted + "&en=generate_lead"}, {step: 2, query: granted + "&en=generate_lead"},
			},
			want: []want{
				{RuleEventMissing, spec.SeverityError, 1, "generate_lead", ""},
				{RuleEventDuplicate, spec.SeverityError, 3, "generate_lead", ""},
			},
		},
		{
			name:    "hit before consent was granted",
			consent: true,
			journey: newsletterJourney(spec.ConsentGranted),
			caps:    []capture{pageView, signup, pricing},
			want:    []want{{RuleConsentBeforeGrant, spec.SeverityError, NoStep, "page_view", ""}},
		},
		{
			name:    "cookieless ping before consent is a warning",
			consent: true,
			journey: newsletterJourney(spec.ConsentGranted),
			caps:    []capture{{step: NoStep, query: denied + "&en=page_view"}, signup, pricing},
			want:    []want{{RuleConsentBeforeGrant, spec.SeverityWarning, NoStep, "page_view", ""}},
		},
		{
			name:    "hit without consent state after consent was denied",
			consent: true,
			journey: newsletterJourney(spec.ConsentDenied),
			caps:    []capture{{step: NoStep, query: denied + "&en=page_view"}, {step: 1, query: "&en=newsletter_signup&ep.form_location=footer"}, {step: 4, query: denied + "&en=pricing_view"}},
			want: []want{
				{RuleConsentBeforeGrant, spec.SeverityWarning, NoStep, "page_view", ""},
				{RuleConsentDeniedHit, spec.SeverityError, 1, "newsletter_signup", ""},
				{RuleConsentDeniedHit, spec.SeverityWarning, 4, "pricing_view", ""},
			},
		},
		{
			name:    "consent step grants from then on",
			consent: true,
			journey: spec.Journey{Name: "banner", Steps: []spec.Step{
				step(spec.StepConsent, 70, func(s *spec.Step) { s.Action = "accept" }),
				step(spec.StepExpect, 71, func(s *spec.Step) { s.Event = "pricing_view" }),
			}},
			caps: []capture{{step: NoStep, query: denied + "&en=page_view"}, {step: 0, query: granted + "&en=pricing_view"}},
			want: []want{{RuleConsentBeforeGrant, spec.SeverityWarning, NoStep, "page_view", ""}},
		},
		{
			name:    "journey-level consent recorded as a step before step 1",
			journey: newsletterJourney(spec.ConsentGranted),
			consent: true,
			caps:    []capture{pageView, signup, pricing},
			mutate: func(o *Observation) {
				// The capturer clicked accept 0.5s into the journey, after
				// the start page's page_view (captured at 0.1s).
				o.Steps = append([]Step{{Index: NoStep, Kind: spec.StepConsent, Start: t0.Add(500 * time.Millisecond), End: t0.Add(600 * time.Millisecond)}}, o.Steps...)
			},
			want: []want{{RuleConsentBeforeGrant, spec.SeverityError, NoStep, "page_view", ""}},
		},
		{
			name:    "journey-level consent clicked before any hit",
			journey: newsletterJourney(spec.ConsentGranted),
			consent: true,
			caps:    []capture{pageView, signup, pricing},
			mutate: func(o *Observation) {
				o.Steps = append([]Step{{Index: NoStep, Kind: spec.StepConsent, Start: t0.Add(50 * time.Millisecond), End: t0.Add(90 * time.Millisecond)}}, o.Steps...)
			},
		},
		{
			name:    "personal data in URL, params and user properties",
			journey: newsletterJourney(""),
			caps: []capture{
				{step: NoStep, query: granted + "&en=page_view&dl=https%3A%2F%2Fshop.example.test%2F%3Femail%3Dqa%2540example.test%26postcode%3DSW1A%25201AA"},
				{step: 1, query: granted + "&en=newsletter_signup&ep.form_location=footer&ep.contact=%2B44%2020%207946%200958&up.owner=jane.doe%40example.test"},
				pricing,
			},
			want: []want{
				{RulePII, spec.SeverityError, NoStep, "page_view", ""},
				{RulePII, spec.SeverityError, NoStep, "page_view", ""},
				{RulePII, spec.SeverityError, 1, "newsletter_signup", "contact"},
				{RulePII, spec.SeverityError, 1, "newsletter_signup", "owner"},
			},
		},
		{
			name:    "no false personal data on ids, prices and timestamps",
			journey: purchaseJourney(),
			caps:    []capture{{step: 0, query: granted + "&cu=EUR", body: "en=purchase&ep.transaction_id=T-20261122004200&epn.value=1763800000123&ep.coupon=v1.2.3&ep.ref=2026-11-22%2012%3A00&pr1=idSKU-0123456789~nmTee%20%40%20home"}},
			want: []want{
				{RuleParamValue, spec.SeverityError, 0, "purchase", "value"},
			},
		},
		{
			name:    "wire limits",
			journey: spec.Journey{Name: "limits"},
			caps:    []capture{{step: NoStep, query: granted + "&en=page_view&dt=" + strings.Repeat("t", 301) + "&ep.long=" + strings.Repeat("x", 101) + tooManyParams() + "&up.a_very_long_user_property_name=1"}},
			want: []want{
				{RuleWireLimit, spec.SeverityError, NoStep, "page_view", ""},
				{RuleWireLimit, spec.SeverityError, NoStep, "page_view", ""},
				{RuleWireLimit, spec.SeverityError, NoStep, "page_view", "a_very_long_user_property_name"},
				{RuleWireLimit, spec.SeverityError, NoStep, "page_view", "long"},
			},
		},
		{
			name:    "another GA4 property",
			journey: spec.Journey{Name: "tid"},
			caps:    []capture{{step: NoStep, query: granted + "&en=page_view"}},
			opts:    Options{MeasurementID: "G-STAGING"},
			want:    []want{{RuleMeasurementID, spec.SeverityError, NoStep, "page_view", ""}},
		},
		{
			name:    "failed step stops the expectations after it",
			journey: newsletterJourney(""),
			caps:    []capture{pageView},
			mutate: func(o *Observation) {
				o.Steps[1].Error = `no element matches "form#newsletter"`
				o.Steps[1].Screenshot = "shots/newsletter-2.png"
				o.Steps = o.Steps[:2]
				o.Incomplete, o.Reason = false, ""
			},
			want: []want{{RuleStepFailed, spec.SeverityError, 1, "", ""}},
		},
		{
			name:    "journey cut short by the timeout",
			journey: newsletterJourney(""),
			caps:    []capture{pageView, signup},
			mutate: func(o *Observation) {
				o.Steps = o.Steps[:5]
				o.Incomplete, o.Reason = true, "crawl timeout of 10s reached"
				o.Steps[4].Error = o.Reason
			},
			want: []want{{RuleJourneyIncomplete, spec.SeverityError, NoStep, "", ""}},
		},
	}
	var all strings.Builder
	v := New(testSpec(), Options{})
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			obs := observe(t, &tt.journey, tt.caps)
			if tt.mutate != nil {
				tt.mutate(obs)
			}
			s := testSpec()
			if tt.consent {
				s.Consent.Required = []string{"analytics_storage"}
			}
			got := Check(s, &tt.journey, obs, tt.opts)
			var gotWant []want
			for _, f := range got {
				gotWant = append(gotWant, want{f.Rule, f.Severity, f.Step, f.Event, f.Param})
				if f.Journey != tt.journey.Name {
					t.Errorf("finding %v has journey %q", f, f.Journey)
				}
				if f.Message == "" {
					t.Errorf("finding %v has no message", f)
				}
			}
			if d := cmp.Diff(tt.want, gotWant); d != "" {
				t.Errorf("findings (-want +got):\n%s\nall findings:\n%s", d, format(got))
			}
			if tt.opts == (Options{}) && !tt.consent {
				if d := cmp.Diff(got, v.Check(&tt.journey, obs)); d != "" {
					t.Errorf("a reused Validator disagrees with Check (-Check +Validator):\n%s", d)
				}
			}
			fmt.Fprintf(&all, "== %s\n%s", tt.name, format(got))
		})
	}
	golden.CheckString(t, "testdata/findings.golden", all.String())
}

func tooManyParams() string {
	var b strings.Builder
	for i := 0; i < 25; i++ {
		fmt.Fprintf(&b, "&ep.p%d=x", i)
	}
	return b.String()
}

func format(fs []Finding) string {
	var b strings.Builder
	for _, f := range fs {
		fmt.Fprintf(&b, "%s step=%d event=%s param=%s page=%s\n", f, f.Step, f.Event, f.Param, f.Page)
	}
	return b.String()
}

func TestEventFromPush(t *testing.T) {
	tests := []struct {
		name   string
		json   string
		ok     bool
		event  string
		params []hits.Param
	}{
		{"gtm object", `{"event":"generate_lead","form_id":"contact","value":12.5,"ok":true,"ecommerce":{"items":[{"item_id":"A"}]}}`, true, "generate_lead", []hits.Param{
			{Name: "form_id", Type: hits.TypeString, Value: "contact"},
			{Name: "value", Type: hits.TypeNumber, Value: "12.5", Number: 12.5, NumberOK: true},
			{Name: "ok", Type: hits.TypeString, Value: "true"},
			{Name: "ecommerce", Type: hits.TypeString, Value: `{"items":[{"item_id":"A"}]}`},
		}},
		{"gtag call", `["event","sign_up",{"method":"email"}]`, true, "sign_up", []hits.Param{{Name: "method", Type: hits.TypeString, Value: "email"}}},
		{"gtag call without params", `["event","login"]`, true, "login", nil},
		{"gtag arguments object", `{"0":"event","1":"sign_up","2":{"method":"email","n":2}}`, true, "sign_up", []hits.Param{
			{Name: "method", Type: hits.TypeString, Value: "email"},
			{Name: "n", Type: hits.TypeNumber, Value: "2", Number: 2, NumberOK: true},
		}},
		{"gtag arguments object, not an event", `{"0":"consent","1":"update","2":{"analytics_storage":"granted"}}`, false, "", nil},
		{"gtm internal event", `{"gtm.start":1763800000123,"event":"gtm.js"}`, true, "gtm.js", []hits.Param{{Name: "gtm.start", Type: hits.TypeNumber, Value: "1763800000123", Number: 1763800000123, NumberOK: true}}},
		{"gtag config", `["config","G-TEST01"]`, false, "", nil},
		{"variables only", `{"page_type":"blog"}`, false, "", nil},
		{"event not a string", `{"event":5}`, false, "", nil},
		{"broken JSON", `{"event":`, false, "", nil},
		{"empty", ``, false, "", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ev, ok := EventFromPush(Push{Step: 2, Page: "https://shop.example.test/", Value: json.RawMessage(tt.json)})
			if ok != tt.ok {
				t.Fatalf("ok = %v, want %v", ok, tt.ok)
			}
			if !ok {
				return
			}
			if ev.Name != tt.event || ev.Source != SourceDataLayer || ev.Step != 2 || ev.Hit != -1 {
				t.Errorf("event = %q source %q step %d hit %d", ev.Name, ev.Source, ev.Step, ev.Hit)
			}
			if d := cmp.Diff(tt.params, ev.Params); d != "" {
				t.Errorf("params (-want +got):\n%s", d)
			}
		})
	}
}

func TestWindows(t *testing.T) {
	j := newsletterJourney("")
	c := &checker{j: &j}
	got := c.windows()
	want := map[int]int{2: NoStep, 3: NoStep, 5: 4}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("windows (-want +got):\n%s", d)
	}
}

func TestSpecInvalid(t *testing.T) {
	s := testSpec()
	s.Events[0].Params[0].Pattern = "(unclosed"
	j := newsletterJourney("")
	fs := Check(s, &j, &Observation{Journey: j.Name}, Options{})
	if len(fs) != 1 || fs[0].Rule != RuleSpecInvalid || fs[0].Pos != pos(10) {
		t.Fatalf("findings = %s", format(fs))
	}
}

// TestCheckDoesNotPanicOnOddObservations feeds observations that no
// capturer should produce but that outside sources might.
func TestCheckDoesNotPanicOnOddObservations(t *testing.T) {
	j := newsletterJourney(spec.ConsentGranted)
	obs := &Observation{
		Steps:   []Step{{Index: 99, Kind: "click", Error: "boom"}, {Index: -5}},
		Events:  []Event{{Source: SourceHit, Step: 42, Hit: -1, Event: hits.Event{Name: "x"}}, {Source: "other", Step: NoStep}},
		Consent: []ConsentChange{{Step: 7, Action: "maybe"}},
	}
	fs := Check(testSpec(), &j, obs, Options{})
	if len(fs) == 0 {
		t.Fatal("no findings for a failed step and an unknown event")
	}
	_ = url.QueryEscape
}

func decodeForFuzz(u, body string) (*hits.Hit, error) {
	return hits.Decode("POST", u, []byte(body), t0)
}

func TestEveryRuleHasASummaryAndHelp(t *testing.T) {
	for _, r := range Rules {
		if r.Summary == "" || r.Help == "" || len(r.Formerly) != 1 {
			t.Errorf("rule %s: want a summary, a help text and its one former id", r.ID)
		}
	}
}

// TestValidatorConcurrent checks journeys in parallel with one Validator,
// as the crawler does; run with -race.
func TestValidatorConcurrent(t *testing.T) {
	v := New(testSpec(), Options{})
	j := purchaseJourney()
	var obs []*Observation
	for i := 0; i < 8; i++ {
		obs = append(obs, observe(t, &j, []capture{{step: 0, query: granted + "&cu=EUR", body: fmt.Sprintf("en=purchase&ep.transaction_id=T-%d&epn.value=%d&pr1=idA", i, i)}}))
	}
	want := make([][]Finding, len(obs))
	for i, o := range obs {
		want[i] = v.Check(&j, o)
	}
	done := make(chan int)
	got := make([][]Finding, len(obs))
	for i, o := range obs {
		go func() {
			got[i] = v.Check(&j, o)
			done <- i
		}()
	}
	for range obs {
		<-done
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("concurrent checks differ (-sequential +concurrent):\n%s", d)
	}
}

// TestHitPageTakesThePagePort: gtag.js sends dl without the page's port;
// the event's page gets the port of the page it was captured on when dl
// is on the same scheme and host, and is dl as sent otherwise.
func TestHitPageTakesThePagePort(t *testing.T) {
	cases := []struct {
		name, dl, page, want string
	}{
		{"port restored", "http://127.0.0.1/p/0?a=1", "http://127.0.0.1:8080/p/0?a=1", "http://127.0.0.1:8080/p/0?a=1"},
		{"another path of the page's origin", "http://127.0.0.1/p/1", "http://127.0.0.1:8080/p/0", "http://127.0.0.1:8080/p/1"},
		{"no path", "http://localhost", "http://localhost:3000/", "http://localhost:3000"},
		{"host case", "http://LocalHost/x", "http://localhost:3000/", "http://LocalHost:3000/x"},
		{"IPv6", "http://[::1]/x", "http://[::1]:8080/", "http://[::1]:8080/x"},
		{"dl names a port", "http://127.0.0.1:9090/p", "http://127.0.0.1:8080/p", "http://127.0.0.1:9090/p"},
		{"page names none", "https://shop.example.test/p", "https://shop.example.test/q", "https://shop.example.test/p"},
		{"another host", "http://other.test/p", "http://127.0.0.1:8080/p", "http://other.test/p"},
		{"another scheme", "https://127.0.0.1/p", "http://127.0.0.1:8080/p", "https://127.0.0.1/p"},
		{"no page", "http://127.0.0.1/p", "", "http://127.0.0.1/p"},
		{"no dl", "", "http://127.0.0.1:8080/p", "http://127.0.0.1:8080/p"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			raw := "https://www.google-analytics.com/g/collect?v=2&tid=G-1&en=page_view"
			if c.dl != "" {
				raw += "&dl=" + url.QueryEscape(c.dl)
			}
			h, err := hits.Decode("GET", raw, nil, time.Time{})
			if err != nil {
				t.Fatal(err)
			}
			evs := EventsFromHit(h, 0, NoStep, c.page)
			if len(evs) != 1 || evs[0].Page != c.want || evs[0].PageLocation != c.dl {
				t.Errorf("page %q, dl %q; want page %q, dl %q as sent", evs[0].Page, evs[0].PageLocation, c.want, c.dl)
			}
		})
	}
}
