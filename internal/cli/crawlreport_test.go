package cli

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/tagspec/tagspec/crawler"
	"github.com/tagspec/tagspec/report"
	"github.com/tagspec/tagspec/spec"
	"github.com/tagspec/tagspec/validator"
)

// TestCrawlReport builds the report of a crawl result by hand: run fields,
// a journey's steps described from the spec, the verdict and retries as
// the crawler judged them, a discovered page with its origin and the
// consent it accepted, and the discovery summary with its shard.
func TestCrawlReport(t *testing.T) {
	s := &spec.Spec{Name: "shop", File: "tagspec.yaml", Consent: &spec.Consent{AcceptSelector: "#ok"}}
	j := &spec.Journey{Name: "buy", Start: "/", Consent: spec.ConsentGranted, Pos: spec.Pos{Line: 20, Col: 5},
		Steps: []spec.Step{{Kind: spec.StepClick, Selector: "#buy", Pos: spec.Pos{Line: 23, Col: 9}}}}
	started := time.Date(2026, 12, 6, 10, 0, 0, 0, time.UTC)
	fail := validator.Finding{Rule: validator.RuleEventMissing, Severity: spec.SeverityError, Step: 0, EventIndex: -1, Message: "missing"}
	res := &crawler.Result{
		Spec: s, BaseURL: "http://shop.test", Started: started, Duration: 3 * time.Second, Retries: 1,
		Findings: []validator.Finding{{Rule: crawler.RuleSitemap, Severity: spec.SeverityWarning, Step: validator.NoStep, EventIndex: -1, Message: "sitemap not used"}},
		Journeys: []crawler.JourneyResult{
			{
				Observation: &validator.Observation{Journey: "buy", Steps: []validator.Step{
					{Index: validator.NoStep, Kind: spec.StepConsent}, {Index: 0, Kind: spec.StepClick},
				}},
				Spec: j, Findings: []validator.Finding{fail}, Attempts: 2, Retried: []string{"step 1 (click) failed: gone"},
			},
			{
				Observation: &validator.Observation{Journey: "http://shop.test/a", Steps: []validator.Step{
					{Index: validator.NoStep, Kind: spec.StepVisit}, {Index: validator.NoStep, Kind: spec.StepConsent},
				}},
				Spec:   &spec.Journey{Name: "http://shop.test/a", Start: "http://shop.test/a", Consent: spec.ConsentUntouched},
				Passed: true,
				Page:   &crawler.Page{URL: "http://shop.test/a", Depth: 1, From: "http://shop.test/", Status: 200},
			},
		},
		Discovery: &crawler.Discovery{Start: []string{"http://shop.test/"}, Found: 2, Checked: 1, Shard: crawler.Shard{K: 1, N: 2}},
	}
	r := crawlReport(res)
	type step struct {
		Index       int
		Description string
		Pos         spec.Pos
	}
	type entry struct {
		Name     string
		Passed   bool
		Steps    []step
		Attempts int
		Retried  []string
		Page     *report.Page
		Pos      spec.Pos
		Findings int
	}
	var got []entry
	for _, rj := range r.Journeys {
		e := entry{Name: rj.Name, Passed: rj.Passed, Attempts: rj.Attempts, Retried: rj.Retried, Page: rj.Page, Pos: rj.Pos, Findings: len(rj.Findings)}
		for _, st := range rj.Steps {
			e.Steps = append(e.Steps, step{st.Index, st.Description, st.Pos})
		}
		got = append(got, e)
	}
	want := []entry{
		{Name: "buy", Steps: []step{
			{validator.NoStep, "consent granted (journey setting)", j.Pos},
			{0, `click "#buy"`, j.Steps[0].Pos},
		}, Attempts: 2, Retried: []string{"step 1 (click) failed: gone"}, Pos: j.Pos, Findings: 1},
		{Name: "http://shop.test/a", Passed: true, Steps: []step{
			{validator.NoStep, "open http://shop.test/a", spec.Pos{}},
			{validator.NoStep, "accept consent (#ok)", spec.Pos{}},
		}, Page: &report.Page{URL: "http://shop.test/a", Depth: 1, From: "http://shop.test/", Status: 200}},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("report entries (-want +got):\n%s", diff)
	}
	wantRun := report.Report{Name: "shop", Spec: "tagspec.yaml", BaseURL: "http://shop.test", Started: started, Duration: 3 * time.Second, Retries: 1,
		Findings: res.Findings, Discovery: &report.Discovery{Start: []string{"http://shop.test/"}, Found: 2, Checked: 1, Shard: "1/2"}}
	r.Journeys = nil
	if diff := cmp.Diff(wantRun, *r); diff != "" {
		t.Errorf("report (-want +got):\n%s", diff)
	}
}
