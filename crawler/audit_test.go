package crawler

import (
	"net/url"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/tagspec/tagspec/discover"
	"github.com/tagspec/tagspec/examplesite"
	"github.com/tagspec/tagspec/spec"
	"github.com/tagspec/tagspec/validator"
)

// TestDiscoverAuditSite checks the generated audit site (more than 300
// pages behind links, a sitemap index, orphans only the sitemap lists)
// with no script: discovery reaches every page, and the findings are
// exactly the seeded problems, no more, no fewer.
func TestDiscoverAuditSite(t *testing.T) {
	srv, err := examplesite.ServeAudit(t.Context(), "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	s := parse(t, "audit.yaml", string(examplesite.AuditSpec()))
	r, err := testBrowser.Crawl(t.Context(), s, Options{BaseURL: srv.URL, Discover: &discover.Options{}, Concurrency: 4})
	if err != nil {
		t.Fatal(err)
	}
	var pages []string
	var got []examplesite.AuditSeed
	for _, j := range r.Journeys {
		if j.Page == nil {
			t.Errorf("journey %q in a spec without journeys", j.Journey)
			continue
		}
		u, err := url.Parse(j.Page.URL)
		if err != nil {
			t.Fatal(err)
		}
		pages = append(pages, u.Path)
		if j.Incomplete {
			t.Errorf("%s incomplete: %s", u.Path, j.Reason)
		}
		for _, f := range j.Findings {
			if f.Severity != spec.SeverityError {
				t.Errorf("%s: unexpected %s: %s", u.Path, f.Severity, f)
				continue
			}
			got = append(got, examplesite.AuditSeed{Path: u.Path, Rule: f.Rule, Event: f.Event})
		}
	}
	if diff := cmp.Diff(examplesite.AuditPages(), pages); diff != "" {
		t.Errorf("pages checked (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(examplesite.AuditSeeds(), got); diff != "" {
		t.Errorf("error findings (-seeded +got):\n%s", diff)
	}
	if r.Discovery == nil || r.Discovery.Found != len(examplesite.AuditPages()) || r.Discovery.Limited {
		t.Errorf("discovery summary %+v", r.Discovery)
	}
	// The pages' hits carry what the reports' site table shows: the
	// page_view of the pages and the chat widget's event on some.
	sent := map[string]bool{}
	for _, j := range r.Journeys {
		for _, e := range j.Events {
			if e.Source == validator.SourceHit {
				sent[e.Name] = true
			}
		}
	}
	if !sent["page_view"] || !sent["chat_widget_open"] {
		t.Errorf("events sent by the pages: %v, want page_view and chat_widget_open among them", sent)
	}
	t.Logf("%d pages in %s", len(pages), r.Duration)
}
