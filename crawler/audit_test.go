package crawler

import (
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/tagspec/tagspec/discover"
	"github.com/tagspec/tagspec/examplesite"
	"github.com/tagspec/tagspec/report"
	"github.com/tagspec/tagspec/spec"
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
			t.Errorf("journey %q in a spec without journeys", j.Name)
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
	// The site table has a column for every event sent and a row per page.
	tab := r.Site()
	if len(tab.Rows) != len(pages) || !slices.Contains(tab.Events, "page_view") || !slices.Contains(tab.Events, "chat_widget_open") {
		t.Errorf("site table: %d rows, events %v", len(tab.Rows), tab.Events)
	}
	var text strings.Builder
	if err := report.Write("text", &text, r, nil); err != nil {
		t.Fatal(err)
	}
	t.Logf("%d pages in %s", len(pages), r.Duration)
}
