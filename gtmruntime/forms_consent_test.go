package gtmruntime

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/google/go-cmp/cmp"

	"github.com/tagspec/tagspec/spec"
	"github.com/tagspec/tagspec/templates"
)

// modify builds the container of a spec, lets edit change it and encodes it.
func modify(t *testing.T, s *spec.Spec, edit func(c *templates.Container)) []byte {
	t.Helper()
	c, err := templates.Build(s, templates.Options{})
	if err != nil {
		t.Fatal(err)
	}
	edit(c)
	b, err := c.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// setTrigger sets waitForTags and checkValidation on the trigger of event.
func setTrigger(c *templates.Container, event string, wait, validate bool) {
	for i := range c.Version.Triggers {
		tr := &c.Version.Triggers[i]
		if tr.Name == "tagspec - "+event {
			tr.WaitForTags = &templates.Parameter{Type: "BOOLEAN", Value: boolString(wait)}
			tr.CheckValidation = &templates.Parameter{Type: "BOOLEAN", Value: boolString(validate)}
			tr.AutoEventFilter = []templates.Condition{{Type: "MATCH_REGEX", Parameter: []templates.Parameter{
				{Type: "TEMPLATE", Key: "arg0", Value: "{{Page URL}}"}, {Type: "TEMPLATE", Key: "arg1", Value: ".*"}}}}
		}
	}
}

func boolString(b bool) string {
	if b {
		return "true"
	}
	return "false"
}

const formsPage = `<form id="newsletter" action="/thanks" method="get"><input name="email" value="qa@example.test"><button id="join">Join</button></form>
<form id="contact" action="/thanks" onsubmit="event.preventDefault()"><input name="msg" value="hi"><button id="send">Send</button></form>
<form id="other" action="/thanks" onsubmit="event.preventDefault()"><button id="other-send">Go</button></form>`

func formSpec() *spec.Spec {
	return &spec.Spec{Name: "forms", MeasurementID: mid, Events: []spec.Event{
		ev("newsletter_signup", spec.Trigger{Kind: spec.TriggerFormSubmit, Selector: "form#newsletter"}, from("form_id", "builtin:Form ID")),
		ev("contact_submit", spec.Trigger{Kind: spec.TriggerFormSubmit, Selector: "form#contact"}),
	}}
}

// TestFormSubmissionWithoutValidation: without "check validation" a submit
// the page cancels still fires; a form that matches no trigger fires
// nothing; a real submission that navigates away still sends its hit.
func TestFormSubmissionWithoutValidation(t *testing.T) {
	sess := openSession(t, containerFor(t, formSpec()), map[string]string{
		"/": pageHTML("Forms", "", formsPage), "/thanks": pageHTML("Thanks", "", "<p>Thanks</p>"),
	})
	sess.visit("/")
	sess.do(chromedp.Click("#send"), chromedp.Click("#other-send"), chromedp.Click("#join"))
	sess.waitFor("newsletter_signup", 1)
	evs := sess.settleAfter(4, 300*time.Millisecond)
	if diff := cmp.Diff([]string{"page_view", "contact_submit", "newsletter_signup", "page_view"}, names(evs)); diff != "" {
		t.Errorf("events (-want +got):\n%s", diff)
	}
	if v, _ := param(t, find(t, evs, "newsletter_signup"), "form_id"); v != "newsletter" {
		t.Errorf("form_id = %q", v)
	}
}

// TestFormSubmissionWithValidationAndWait: with "check validation" a
// cancelled submit fires nothing; with "wait for tags" the submission is
// held, the hit is sent and the form is then submitted.
func TestFormSubmissionWithValidationAndWait(t *testing.T) {
	c := modify(t, formSpec(), func(c *templates.Container) {
		setTrigger(c, "newsletter_signup", true, true)
		setTrigger(c, "contact_submit", false, true)
	})
	sess := openSession(t, c, map[string]string{
		"/": pageHTML("Forms", "", formsPage), "/thanks": pageHTML("Thanks", "", "<p>Thanks</p>"),
	})
	sess.visit("/")
	sess.do(chromedp.Click("#send"), chromedp.Click("#join"), chromedp.WaitVisible("body p"))
	evs := sess.settleAfter(3, 300*time.Millisecond)
	if diff := cmp.Diff([]string{"page_view", "newsletter_signup", "page_view"}, names(evs)); diff != "" {
		t.Errorf("events (-want +got):\n%s", diff)
	}
	last := evs[len(evs)-1]
	if !strings.Contains(last.PageLocation, "/thanks?email=qa%40example.test") {
		t.Errorf("the held form was not submitted with its fields: landed on %q", last.PageLocation)
	}
}

// TestLinkClickWaitForTags: a link click trigger with "wait for tags" holds
// the navigation until the hit is sent; with "check validation" a link the
// page cancels fires nothing.
func TestLinkClickWaitForTags(t *testing.T) {
	s := &spec.Spec{Name: "links", MeasurementID: mid, Events: []spec.Event{
		ev("pricing_link", spec.Trigger{Kind: spec.TriggerClick, URL: "/pricing"}, from("link_url", "builtin:Click URL")),
		ev("cancelled_link", spec.Trigger{Kind: spec.TriggerClick, URL: "/cancelled"}),
	}}
	c := modify(t, s, func(c *templates.Container) {
		setTrigger(c, "pricing_link", true, true)
		setTrigger(c, "cancelled_link", true, true)
	})
	sess := openSession(t, c, map[string]string{
		"/":        pageHTML("Home", "", `<a id="cancel" href="/cancelled" onclick="event.preventDefault()">x</a> <a id="go" href="/pricing">Pricing</a>`),
		"/pricing": pageHTML("Pricing", "", "<h1>Plans</h1>"),
	})
	sess.visit("/")
	sess.do(chromedp.Click("#cancel"), chromedp.Click("#go"), chromedp.WaitVisible("h1"))
	evs := sess.settleAfter(3, 300*time.Millisecond)
	if diff := cmp.Diff([]string{"page_view", "pricing_link", "page_view"}, names(evs)); diff != "" {
		t.Errorf("events (-want +got):\n%s", diff)
	}
	if v, _ := param(t, find(t, evs, "pricing_link"), "link_url"); v != sess.base+"/pricing" {
		t.Errorf("link_url = %q", v)
	}
}

const consentPage = `<script>window.dataLayer = window.dataLayer || []; function gtag() { dataLayer.push(arguments); }
gtag('consent', 'default', {ad_storage: 'denied', analytics_storage: 'denied'});
dataLayer.push({event: 'app_ready', plan: 'free'});</script>`

const consentBody = `<button id="accept" onclick="gtag('consent', 'update', {ad_storage: 'granted', analytics_storage: 'granted'})">Accept</button>
<button id="deny" onclick="gtag('consent', 'update', {ad_storage: 'denied', analytics_storage: 'denied'})">Deny</button>
<button id="later" onclick="dataLayer.push({event: 'later', plan: 'pro'})">Later</button>`

func consentSpec() *spec.Spec {
	return &spec.Spec{Name: "consent", MeasurementID: mid, Consent: &spec.Consent{Required: []string{"analytics_storage"}},
		Events: []spec.Event{
			ev("app_ready", spec.Trigger{Kind: spec.TriggerDataLayer, Event: "app_ready"}, from("plan", "datalayer:plan")),
			ev("later", spec.Trigger{Kind: spec.TriggerDataLayer, Event: "later"}),
			{Name: "essential_ping", Kind: spec.KindMicro, Trigger: spec.Trigger{Kind: spec.TriggerDataLayer, Event: "later"}, Consent: []string{}},
		}}
}

// TestConsentWaits: tags that need analytics_storage wait while it is
// denied and fire once it is granted, with the values of the moment their
// trigger fired; a tag that needs no consent fires at once.
func TestConsentWaits(t *testing.T) {
	sess := openSession(t, containerFor(t, consentSpec()), map[string]string{"/": pageHTML("Consent", consentPage, consentBody)})
	sess.visit("/")
	sess.do(chromedp.Click("#later"))
	evs := sess.waitFor("essential_ping", 1)
	evs = sess.settleAfter(1, 400*time.Millisecond)
	if diff := cmp.Diff([]string{"essential_ping"}, names(evs)); diff != "" {
		t.Fatalf("before consent (-want +got):\n%s", diff)
	}
	if gcs := sess.hitList()[0].Consent.GCS; gcs != "G100" {
		t.Errorf("gcs before consent = %q, want G100", gcs)
	}
	sess.do(chromedp.Click("#accept"))
	sess.waitFor("later", 1)
	evs = sess.settleAfter(4, 300*time.Millisecond)
	if diff := cmp.Diff([]string{"essential_ping", "page_view", "app_ready", "later"}, names(evs)); diff != "" {
		t.Errorf("after consent (-want +got):\n%s", diff)
	}
	if v, _ := param(t, find(t, evs, "app_ready"), "plan"); v != "free" {
		t.Errorf("app_ready plan = %q, want the value when it fired (free)", v)
	}
	hs := sess.hitList()
	if gcs := hs[len(hs)-1].Consent.GCS; gcs != "G111" {
		t.Errorf("gcs after consent = %q, want G111", gcs)
	}
}

// TestConsentDenied: when consent is denied, tags that need it never fire.
func TestConsentDenied(t *testing.T) {
	sess := openSession(t, containerFor(t, consentSpec()), map[string]string{"/": pageHTML("Consent", consentPage, consentBody)})
	sess.visit("/")
	sess.do(chromedp.Click("#deny"), chromedp.Click("#later"))
	sess.waitFor("essential_ping", 1)
	evs := sess.settleAfter(1, 500*time.Millisecond)
	if diff := cmp.Diff([]string{"essential_ping"}, names(evs)); diff != "" {
		t.Errorf("events (-want +got):\n%s", diff)
	}
}
