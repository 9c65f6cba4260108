package validator

import (
	"fmt"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/tagspec/tagspec/diag"
	"github.com/tagspec/tagspec/hits"
	"github.com/tagspec/tagspec/spec"
)

const pageRulesSpec = `version: 1
name: page rules
consent:
  required: [analytics_storage]
  accept_selector: "#accept"
  deny_selector: "#deny"
events:
  - name: pricing_page_view
    kind: micro
    trigger:
      page_view: { path_prefix: /pricing/ }
  - name: docs_page_view
    kind: micro
    trigger:
      page_view: { path_regex: "^/docs/[a-z]+$" }
journeys: []
`

// pageObs builds the observation of one page check: hits at the given
// offsets (ms) from the visit, and consent accepted at 500 ms.
func pageObs(t0 time.Time, evs ...Event) *Observation {
	o := &Observation{Steps: []Step{
		{Index: NoStep, Kind: spec.StepVisit, Start: t0, End: t0.Add(100 * time.Millisecond)},
		{Index: NoStep, Kind: spec.StepConsent, Start: t0.Add(500 * time.Millisecond), End: t0.Add(600 * time.Millisecond)},
	}}
	o.Events = evs
	return o
}

func hitAt(t0 time.Time, ms int, hit int, name string, params map[string]string) Event {
	e := Event{Source: SourceHit, Time: t0.Add(time.Duration(ms) * time.Millisecond), Step: NoStep, Hit: hit, Page: "https://site.test/x"}
	e.Name = name
	e.Consent = hits.Consent{GCS: "G111"}
	for k, v := range params {
		e.Params = append(e.Params, hits.Param{Name: k, Value: v})
	}
	return e
}

func TestCheckPage(t *testing.T) {
	s, diags, err := spec.Parse("page.yaml", []byte(pageRulesSpec))
	if err != nil || diag.HasErrors(diags) {
		t.Fatal(err, diags)
	}
	v := New(s, Options{})
	t0 := time.Date(2026, 11, 22, 10, 0, 0, 0, time.UTC)
	type tc struct {
		url  string
		obs  *Observation
		want []string
	}
	cases := []tc{
		{"https://site.test/pricing/team", pageObs(t0, hitAt(t0, 700, 0, "page_view", nil), hitAt(t0, 700, 0, "pricing_page_view", nil)), nil},
		{"https://site.test/about", pageObs(t0), []string{"journey/event-missing page_view: no page_view was sent: every page needs exactly one"}},
		{"https://site.test/about", pageObs(t0, hitAt(t0, 700, 0, "page_view", nil), hitAt(t0, 800, 1, "page_view", nil)),
			[]string{"journey/event-duplicate page_view: page_view was sent 2 times on one page load; every page needs exactly one"}},
		{"https://site.test/pricing/", pageObs(t0, hitAt(t0, 700, 0, "page_view", nil)),
			[]string{`journey/event-missing pricing_page_view: "pricing_page_view" was not sent, but its trigger (path_prefix /pricing/) matches /pricing/`}},
		{"https://site.test/docs/a/b", pageObs(t0, hitAt(t0, 700, 0, "page_view", nil), hitAt(t0, 700, 0, "docs_page_view", nil)),
			[]string{`journey/event-unexpected docs_page_view: "docs_page_view" was sent on /docs/a/b, but its trigger (path_regex ^/docs/[a-z]+$) does not match that page`}},
		{"https://site.test/about", pageObs(t0, hitAt(t0, 100, 0, "page_view", nil)),
			[]string{`consent/before-grant page_view: 1 hit ("page_view") sent while the page loaded, before analytics_storage was granted; the hit said analytics_storage and ad_storage granted (gcs=G111)`}},
		{"https://site.test/about", pageObs(t0, hitAt(t0, 700, 0, "page_view", nil), hitAt(t0, 700, 0, "promo_seen", nil)),
			[]string{`journey/event-unexpected promo_seen: event "promo_seen" is not in the spec; it was sent once`}},
	}
	for i, c := range cases {
		t.Run(fmt.Sprint(i), func(t *testing.T) {
			var got []string
			for _, f := range v.CheckPage(Page{URL: c.url, Loaded: true, Consented: true}, c.obs) {
				got = append(got, f.Rule+" "+f.Event+": "+f.Message)
			}
			if diff := cmp.Diff(c.want, got); diff != "" {
				t.Errorf("%s (-want +got):\n%s", c.url, diff)
			}
		})
	}
	// A page that did not load is judged only on what it sent.
	if fs := v.CheckPage(Page{URL: "https://site.test/about"}, pageObs(t0)); len(fs) != 0 {
		t.Errorf("unloaded page: %v", fs)
	}
}
