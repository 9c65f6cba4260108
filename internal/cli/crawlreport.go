package cli

import (
	"github.com/tagspec/tagspec/crawler"
	"github.com/tagspec/tagspec/report"
	"github.com/tagspec/tagspec/spec"
)

// crawlReport builds the report of a crawl from what the crawler returned:
// the crawler judges, the report package prints, and this is where the
// one becomes the other.
func crawlReport(res *crawler.Result) *report.Report {
	r := &report.Report{
		Name:     res.Spec.Name,
		Spec:     res.Spec.File,
		BaseURL:  res.BaseURL,
		Started:  res.Started,
		Duration: res.Duration,
		Findings: res.Findings,
		Retries:  res.Retries,
	}
	for i := range res.Journeys {
		r.Journeys = append(r.Journeys, crawlJourney(res.Spec, &res.Journeys[i]))
	}
	if d := res.Discovery; d != nil {
		r.Discovery = &report.Discovery{
			Start:    d.Start,
			Sitemaps: d.Sitemaps,
			Found:    d.Found,
			Checked:  d.Checked,
			Limited:  d.Limited,
		}
		if !d.Shard.IsZero() {
			r.Discovery.Shard = d.Shard.String()
		}
	}
	return r
}

// crawlJourney builds the report entry of one journey or discovered page.
func crawlJourney(s *spec.Spec, jr *crawler.JourneyResult) report.Journey {
	rj := report.NewJourney(jr.Spec, jr.Observation, jr.Findings)
	rj.Passed = jr.Passed
	if jr.Attempts > 1 {
		rj.Attempts, rj.Retried = jr.Attempts, jr.Retried
	}
	if p := jr.Page; p != nil {
		rj.Page = &report.Page{URL: p.URL, Depth: p.Depth, From: p.From, Sitemap: p.Sitemap, Status: p.Status}
		rj.Pos = spec.Pos{}
		// A page has no journey setting: the crawler accepts consent on
		// the spec's banner when the page shows it.
		for i := range rj.Steps {
			if rj.Steps[i].Kind == spec.StepConsent && s.Consent != nil {
				rj.Steps[i].Description = "accept consent (" + s.Consent.AcceptSelector + ")"
			}
		}
	}
	return rj
}
