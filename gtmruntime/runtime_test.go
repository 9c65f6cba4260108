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

const mid = "G-RUNTIME01"

// TestPageViewAndCustomEvent: the Google tag's page_view, a page view
// trigger on a path with a data layer value pushed in the head, and a
// custom event the page pushes later with a nested data layer key.
func TestPageViewAndCustomEvent(t *testing.T) {
	s := &spec.Spec{Name: "pv", MeasurementID: mid, Events: []spec.Event{
		ev("pricing_view", spec.Trigger{Kind: spec.TriggerPageView, PathExact: "/pricing"},
			from("page_type", "datalayer:page_type"), from("path", "builtin:Page Path")),
		ev("home_view", spec.Trigger{Kind: spec.TriggerPageView, PathExact: "/"}),
		ev("generate_lead", spec.Trigger{Kind: spec.TriggerDataLayer, Event: "lead"},
			from("plan", "datalayer:form.plan"), from("seats", "datalayer:form.seats"), from("source", "const:pricing-page")),
	}}
	sess := openSession(t, containerFor(t, s), map[string]string{
		"/pricing": pageHTML("Pricing", `<script>window.dataLayer = window.dataLayer || []; dataLayer.push({page_type: 'pricing'});</script>`,
			`<h1>Pricing</h1><script>setTimeout(function () { dataLayer.push({event: 'lead', form: {plan: 'pro', seats: 12}}); }, 100);</script>`),
	})
	sess.visit("/pricing")
	evs := sess.waitFor("generate_lead", 1)
	evs = sess.settleAfter(3, 300*time.Millisecond)
	if diff := cmp.Diff([]string{"page_view", "pricing_view", "generate_lead"}, names(evs)); diff != "" {
		t.Errorf("events (-want +got):\n%s\nlog: %s", diff, sess.runtimeLog())
	}
	pv := find(t, evs, "pricing_view")
	if v, _ := param(t, pv, "page_type"); v != "pricing" {
		t.Errorf("page_type = %q, want pricing (pushed in the head, before the container started)", v)
	}
	if v, _ := param(t, pv, "path"); v != "/pricing" {
		t.Errorf("path = %q", v)
	}
	lead := find(t, evs, "generate_lead")
	if v, num := param(t, lead, "seats"); v != "12" || !num {
		t.Errorf("seats = %q numeric=%v, want epn.seats=12", v, num)
	}
	if v, num := param(t, lead, "plan"); v != "pro" || num {
		t.Errorf("plan = %q numeric=%v, want ep.plan=pro", v, num)
	}
	if v, _ := param(t, lead, "source"); v != "pricing-page" {
		t.Errorf("source = %q", v)
	}
	for _, h := range sess.hitList() {
		if h.MeasurementID != mid || h.ClientID == "" || h.PageLoadID == "" || h.Sequence == 0 {
			t.Errorf("hit %s: tid=%q cid=%q _p=%q _s=%d", h.URL, h.MeasurementID, h.ClientID, h.PageLoadID, h.Sequence)
		}
	}
}

// TestClickAndLinkClick: a click trigger on a selector (the click lands on
// an element inside it), a link click on a URL with {{Click URL}} and
// {{Click Text}}, and a click that matches neither.
func TestClickAndLinkClick(t *testing.T) {
	s := &spec.Spec{Name: "clicks", MeasurementID: mid, Events: []spec.Event{
		ev("cta_click", spec.Trigger{Kind: spec.TriggerClick, Selector: "button.cta"},
			from("label", "element:text"), from("plan", "element:data-plan")),
		ev("pdf_download", spec.Trigger{Kind: spec.TriggerClick, URL: ".pdf"},
			from("link_url", "builtin:Click URL"), from("link_text", "builtin:Click Text")),
	}}
	sess := openSession(t, containerFor(t, s), map[string]string{
		"/": pageHTML("Home", "", `<button class="cta" data-plan="team"><span id="inner">Start trial</span></button>
<button id="other">Other</button>
<a id="pdf" href="/files/guide.pdf" onclick="event.preventDefault()">Get the guide</a>`),
	})
	sess.visit("/")
	sess.do(chromedp.Click("#other"), chromedp.Click("#inner"), chromedp.Click("#pdf"))
	sess.waitFor("pdf_download", 1)
	evs := sess.settleAfter(3, 300*time.Millisecond)
	if diff := cmp.Diff([]string{"page_view", "cta_click", "pdf_download"}, names(evs)); diff != "" {
		t.Errorf("events (-want +got):\n%s", diff)
	}
	cta := find(t, evs, "cta_click")
	if v, _ := param(t, cta, "label"); v != "Start trial" {
		t.Errorf("label = %q", v)
	}
	pdf := find(t, evs, "pdf_download")
	if v, _ := param(t, pdf, "link_url"); v != sess.base+"/files/guide.pdf" {
		t.Errorf("link_url = %q", v)
	}
	if v, _ := param(t, pdf, "link_text"); v != "Get the guide" {
		t.Errorf("link_text = %q", v)
	}
}

// TestUnknownTagType: a container with a tag type the runtime does not
// know gives exactly one finding naming it, and in the page the other tags
// still run while that one never does.
func TestUnknownTagType(t *testing.T) {
	s := &spec.Spec{Name: "ads", MeasurementID: mid, Events: []spec.Event{
		ev("sign_up", spec.Trigger{Kind: spec.TriggerDataLayer, Event: "sign_up"}),
	}}
	c := modify(t, s, func(c *templates.Container) {
		v := &c.Version
		v.Tags = append(v.Tags, templates.Tag{TagID: "90", Name: "Ads - sign_up conversion", Type: "awct",
			FiringTriggerID: v.Tags[1].FiringTriggerID, TagFiringOption: "ONCE_PER_EVENT",
			Parameter: []templates.Parameter{{Type: "TEMPLATE", Key: "conversionId", Value: "123"}}})
	})
	_, un, err := Script(c)
	if err != nil {
		t.Fatal(err)
	}
	want := []Unsupported{{Entity: EntityTag, Name: "Ads - sign_up conversion", Type: "awct", Detail: "tag type awct is not emulated; it never fires"}}
	if diff := cmp.Diff(want, un); diff != "" {
		t.Errorf("unsupported (-want +got):\n%s", diff)
	}
	sess := openSession(t, c, map[string]string{"/": pageHTML("Sign up", "", `<script>dataLayer.push({event: 'sign_up'});</script>`)})
	sess.visit("/")
	sess.waitFor("sign_up", 1)
	evs := sess.settleAfter(2, 300*time.Millisecond)
	if diff := cmp.Diff([]string{"page_view", "sign_up"}, names(evs)); diff != "" {
		t.Errorf("events (-want +got):\n%s", diff)
	}
	for _, h := range sess.hitList() {
		if strings.Contains(h.URL, "conversion") {
			t.Errorf("the unknown tag sent something: %s", h.URL)
		}
	}
}

// TestItemsCurrencyAndUserProperties: an items array becomes pr1..prN in
// GA4's item encoding (custom item keys as k/v pairs, "~" doubled),
// currency goes to cu and user properties to up./upn.
func TestItemsCurrencyAndUserProperties(t *testing.T) {
	s := &spec.Spec{Name: "shop", MeasurementID: mid,
		UserProperties: []spec.UserProperty{{Name: "loyalty_tier"}},
		Events: []spec.Event{
			ev("purchase", spec.Trigger{Kind: spec.TriggerDataLayer, Event: "purchase"},
				from("transaction_id", "datalayer:ecommerce.transaction_id"), from("currency", "datalayer:ecommerce.currency"),
				from("value", "datalayer:ecommerce.value"), from("items", "datalayer:ecommerce.items")),
		}}
	sess := openSession(t, containerFor(t, s), map[string]string{"/": pageHTML("Shop", "", `<script>
dataLayer.push({loyalty_tier: 'gold'});
dataLayer.push({ecommerce: null});
dataLayer.push({event: 'purchase', ecommerce: {transaction_id: 'T-1', currency: 'EUR', value: 47,
  items: [{item_id: 'SKU-1', item_name: 'Tee ~ blue', price: 35, quantity: 1, fabric: 'merino'},
          {item_id: 'SKU-2', item_name: 'Socks', price: 12, quantity: 1}]}});
</script>`)})
	sess.visit("/")
	evs := sess.waitFor("purchase", 1)
	p := find(t, evs, "purchase")
	if p.Currency != "EUR" {
		t.Errorf("cu = %q, want EUR", p.Currency)
	}
	if v, num := param(t, p, "value"); v != "47" || !num {
		t.Errorf("value = %q numeric=%v", v, num)
	}
	if len(p.Items) != 2 {
		t.Fatalf("items = %+v, want 2", p.Items)
	}
	for _, c := range []struct {
		item      int
		key, want string
	}{
		{0, "item_id", "SKU-1"}, {0, "item_name", "Tee ~ blue"}, {0, "price", "35"}, {0, "quantity", "1"}, {0, "fabric", "merino"},
		{1, "item_id", "SKU-2"},
	} {
		if got, _ := p.Items[c.item].Get(c.key); got != c.want {
			t.Errorf("item %d %s = %q, want %q", c.item, c.key, got, c.want)
		}
	}
	if len(p.UserProps) != 1 || p.UserProps[0].Name != "loyalty_tier" || p.UserProps[0].Value != "gold" {
		t.Errorf("user properties = %+v", p.UserProps)
	}
}

// TestRuntimeNeverBreaksThePage: a bad regular expression, a custom
// JavaScript variable that throws and a Custom HTML tag that throws are
// logged; the page's own scripts and the other tags still run.
func TestRuntimeNeverBreaksThePage(t *testing.T) {
	s := &spec.Spec{Name: "robust", MeasurementID: mid, Events: []spec.Event{
		ev("bad_regex", spec.Trigger{Kind: spec.TriggerDataLayer, Event: "go", Pages: "("}),
		ev("thrower", spec.Trigger{Kind: spec.TriggerDataLayer, Event: "go"}, from("boom", "datalayer:x")),
		ev("fine", spec.Trigger{Kind: spec.TriggerDataLayer, Event: "go"}),
	}}
	c := modify(t, s, func(c *templates.Container) {
		v := &c.Version
		for i := range v.Variables {
			if v.Variables[i].Name == "DLV - x" {
				v.Variables[i] = templates.Variable{VariableID: v.Variables[i].VariableID, Name: "DLV - x", Type: "jsm",
					Parameter: []templates.Parameter{{Type: "TEMPLATE", Key: "javascript", Value: "function () { throw new Error('boom'); }"}}}
			}
		}
		v.Tags = append(v.Tags, templates.Tag{TagID: "95", Name: "Throwing HTML", Type: "html", FiringTriggerID: []string{"2147479553"},
			Parameter: []templates.Parameter{{Type: "TEMPLATE", Key: "html", Value: "<script>throw new Error('custom html');</script>"}}})
	})
	sess := openSession(t, c, map[string]string{"/": pageHTML("Robust", "", `<script>dataLayer.push({event: 'go'}); window.pageRan = true;</script>`)})
	sess.visit("/")
	sess.waitFor("fine", 1)
	evs := sess.settleAfter(3, 300*time.Millisecond)
	if diff := cmp.Diff([]string{"page_view", "thrower", "fine"}, names(evs)); diff != "" {
		t.Errorf("events (-want +got):\n%s", diff)
	}
	thrower := find(t, evs, "thrower")
	if _, ok := thrower.Get("ep.boom"); ok {
		t.Errorf("a throwing variable must read as undefined and be left out")
	}
	ran, err := chromedp.Run(sess.ctx, chromedp.Evaluate[bool](`window.pageRan === true`))
	if err != nil || !ran {
		t.Errorf("the page's own script did not run: %v", err)
	}
	if log := sess.runtimeLog(); !strings.Contains(log, "boom") {
		t.Errorf("the variable error is not logged:\n%s", log)
	}
}

// TestPageWithGTMSnippet: a page that still pushes gtm.js itself (a GTM
// snippet whose container is not loaded) does not make page view tags fire
// twice.
func TestPageWithGTMSnippet(t *testing.T) {
	s := &spec.Spec{Name: "snippet", MeasurementID: mid, Events: []spec.Event{
		ev("home_view", spec.Trigger{Kind: spec.TriggerPageView, PathExact: "/"}),
	}}
	sess := openSession(t, containerFor(t, s), map[string]string{"/": pageHTML("Home",
		`<script>(function(w,l){w[l]=w[l]||[];w[l].push({'gtm.start':new Date().getTime(),event:'gtm.js'});})(window,'dataLayer');</script>`,
		`<script>dataLayer.push({event: 'gtm.js'});</script><p>Home</p>`)})
	sess.visit("/")
	sess.waitFor("home_view", 1)
	evs := sess.settleAfter(2, 400*time.Millisecond)
	if diff := cmp.Diff([]string{"page_view", "home_view"}, names(evs)); diff != "" {
		t.Errorf("events (-want +got):\n%s", diff)
	}
}

// TestSessionAcrossPages: the client ID and session live in first-party
// cookies, so a second page continues the session: _fv and _ss only on the
// first event, the same cid and sid after.
func TestSessionAcrossPages(t *testing.T) {
	s := &spec.Spec{Name: "session", MeasurementID: mid, Events: []spec.Event{
		ev("home_view", spec.Trigger{Kind: spec.TriggerPageView, PathExact: "/"}),
	}}
	sess := openSession(t, containerFor(t, s), map[string]string{
		"/": pageHTML("Home", "", "<p>Home</p>"), "/next": pageHTML("Next", "", "<p>Next</p>"),
	})
	sess.visit("/")
	sess.waitFor("home_view", 1)
	sess.visit("/next")
	sess.waitFor("page_view", 2)
	hs := sess.hitList()
	if len(hs) != 3 {
		t.Fatalf("%d hits, want 3", len(hs))
	}
	for i, h := range hs {
		e := h.Events[0]
		if h.ClientID != hs[0].ClientID || h.SessionID != hs[0].SessionID || h.SessionCount != 1 {
			t.Errorf("hit %d: cid=%s sid=%s sct=%d, want the first hit's cid and sid, sct 1", i, h.ClientID, h.SessionID, h.SessionCount)
		}
		if first := i == 0; e.SessionStart != first || e.FirstVisit != first {
			t.Errorf("hit %d (%s): _ss=%v _fv=%v, want both only on the first hit", i, e.Name, e.SessionStart, e.FirstVisit)
		}
	}
}
