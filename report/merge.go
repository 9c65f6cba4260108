package report

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/tagspec/tagspec/spec"
	"github.com/tagspec/tagspec/validator"
)

// Shard is one part of a crawl split across CI jobs: its report and where
// the report came from (a file name), for error messages.
type Shard struct {
	Source string
	Report *Report
}

// Merge combines the reports of the shards of one crawl into one report.
// Journeys keep their order: the first shard's in its order, then the
// second's, and so on. A journey name that occurs twice is an error naming
// both sources, since one crawl runs each journey once. Discovered pages
// (entries with Page set) come after all journeys, sorted by URL, as an
// unsharded crawl orders them; a page URL in two shards is an error too.
// The first non-empty name, spec path and base URL win; the merged crawl
// starts with the earliest shard and lasts until the last one ended.
// Discovery is merged: start URLs and sitemaps from the first shard that
// has them, Found the largest, Checked the sum, Limited when any shard was
// limited, and no shard; Retries is the largest. The merged report is
// Recorded when every shard is. Totals (failed journeys, finding counts) are
// derived from the journeys, so every printer shows the merged figures.
// The crawl's own findings (of no journey) are kept once each.
func Merge(shards []Shard) (*Report, error) {
	out := &Report{}
	seen := map[string]string{}     // journey name -> source
	seenPage := map[string]string{} // page URL -> source
	var pages []Journey
	var end time.Time
	for i, sh := range shards {
		r := sh.Report
		if r == nil {
			return nil, fmt.Errorf("%s: no report", sh.Source)
		}
		if out.Name == "" {
			out.Name = r.Name
		}
		if out.Spec == "" {
			out.Spec = r.Spec
		}
		if out.BaseURL == "" {
			out.BaseURL = r.BaseURL
		}
		if !r.Started.IsZero() {
			if out.Started.IsZero() || r.Started.Before(out.Started) {
				out.Started = r.Started
			}
			if e := r.Started.Add(r.Duration); e.After(end) {
				end = e
			}
		}
		out.Retries = max(out.Retries, r.Retries)
		out.Recorded = r.Recorded && (i == 0 || out.Recorded)
		if d := r.Discovery; d != nil {
			if out.Discovery == nil {
				out.Discovery = &Discovery{}
			}
			md := out.Discovery
			if len(md.Start) == 0 {
				md.Start = slices.Clone(d.Start)
			}
			if len(md.Sitemaps) == 0 {
				md.Sitemaps = slices.Clone(d.Sitemaps)
			}
			md.Found = max(md.Found, d.Found)
			md.Checked += d.Checked
			md.Limited = md.Limited || d.Limited
		}
		for i := range r.Journeys {
			if p := r.Journeys[i].Page; p != nil {
				if prev, ok := seenPage[p.URL]; ok {
					if prev == sh.Source {
						return nil, fmt.Errorf("page %s occurs twice in %s", p.URL, sh.Source)
					}
					return nil, fmt.Errorf("page %s is in both %s and %s: shards of one crawl check each page once", p.URL, prev, sh.Source)
				}
				seenPage[p.URL] = sh.Source
				pages = append(pages, r.Journeys[i])
				continue
			}
			name := r.Journeys[i].Name
			if prev, ok := seen[name]; ok {
				if prev == sh.Source {
					return nil, fmt.Errorf("journey %q occurs twice in %s", name, sh.Source)
				}
				return nil, fmt.Errorf("journey %q is in both %s and %s: shards of one crawl run each journey once", name, prev, sh.Source)
			}
			seen[name] = sh.Source
			out.Journeys = append(out.Journeys, r.Journeys[i])
		}
		// Every shard of a crawl reports the same crawl findings (they
		// come from its inputs, e.g. the --container export): keep one.
		for _, f := range r.Findings {
			if !slices.ContainsFunc(out.Findings, f.Equal) {
				out.Findings = append(out.Findings, f)
			}
		}
	}
	slices.SortStableFunc(pages, func(a, b Journey) int { return strings.Compare(a.Page.URL, b.Page.URL) })
	out.Journeys = append(out.Journeys, pages...)
	if !out.Started.IsZero() {
		out.Duration = end.Sub(out.Started)
	}
	return out, nil
}

// AttachSpec puts the journeys of r in the order of the spec s and gives
// them back part of what a JSON report does not carry: the spec positions
// of the journeys, their steps and their expectations, and the list of
// expectations (reached or not) that JUnit and HTML reports show. Journeys
// the spec does not define keep their place after the spec's, in their
// current order, and discovered pages (entries with Page set) come after
// them all, in their current order, untouched; retried journeys keep
// their Attempts and Retried. Use it after ReadJSON and Merge when the
// spec is at hand.
func AttachSpec(r *Report, s *spec.Spec) {
	order := make(map[string]int, len(s.Journeys))
	for i := range s.Journeys {
		order[s.Journeys[i].Name] = i
	}
	rank := func(j *Journey) int {
		if j.Page != nil {
			return len(s.Journeys) + 1
		}
		if i, ok := order[j.Name]; ok {
			return i
		}
		return len(s.Journeys)
	}
	slices.SortStableFunc(r.Journeys, func(a, b Journey) int { return rank(&a) - rank(&b) })
	for ji := range r.Journeys {
		j := &r.Journeys[ji]
		i, ok := order[j.Name]
		if !ok || j.Page != nil {
			continue
		}
		sj := &s.Journeys[i]
		obs := &validator.Observation{Journey: j.Name, Events: j.Events, Incomplete: j.Incomplete, Reason: j.Reason}
		for _, st := range j.Steps {
			obs.Steps = append(obs.Steps, st.Step)
		}
		nj := NewJourney(sj, obs, j.Findings)
		// Keep what the shard recorded; take positions and expectations
		// from the spec.
		for k := range nj.Steps {
			nj.Steps[k].Description = j.Steps[k].Description
		}
		nj.Passed = j.Passed
		nj.Attempts, nj.Retried = j.Attempts, j.Retried
		*j = nj
	}
}
