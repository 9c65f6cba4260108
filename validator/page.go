package validator

import (
	"fmt"
	"net/url"
	"regexp"
	"strings"

	"github.com/tagspec/tagspec/spec"
)

// Page describes one page a site-wide check opened with no script: the
// page's URL and whether it loaded well enough for the page rules to
// apply.
type Page struct {
	URL string
	// Loaded is set when the page's document arrived and its load event
	// fired. Without it only the rules about what was sent (personal data,
	// consent, events outside the spec) apply: a page that failed to load
	// says nothing about its page_view.
	Loaded bool
	// Consented is set when the checker accepted consent on the page's
	// banner (the spec's consent.accept_selector) after the load; hits
	// before that moment were sent before consent.
	Consented bool
}

// CheckPage judges what one page sent when it was opened in a fresh
// browser and, when the spec has a consent banner, consent was accepted:
//
//   - page_view was sent exactly once (event-missing, event-duplicate);
//   - each spec event triggered by page_view was sent on the pages its
//     trigger matches (event-missing) and on no other page
//     (event-unexpected);
//   - no event outside the spec, no personal data, no hit before consent,
//     the right property and the GA4 limits, as for journeys.
//
// Page-view triggers match as GTM evaluates them (path, path_prefix,
// path_regex, limited by pages). A page that did not load is judged only
// on what it sent.
//
// The observation's steps are the checker's visit (Index NoStep) and,
// with Consented, the consent step (Index NoStep, Kind consent) whose
// start time is when consent was given.
func (v *Validator) CheckPage(p Page, obs *Observation) []Finding {
	j := &spec.Journey{Name: p.URL, Start: p.URL, Consent: spec.ConsentUntouched}
	if p.Consented {
		j.Consent = spec.ConsentGranted
	}
	c := &checker{v: v, j: j, obs: obs, page: true}
	for _, f := range v.invalid {
		f.Journey = j.Name
		c.out = append(c.out, f)
	}
	c.checkSteps()
	c.checkEvents()
	c.checkDuplicates()
	c.checkConsent()
	if p.Loaded {
		c.checkPageViews(p.URL)
	}
	return sortFindings(c.out)
}

// checkPageViews applies the page rules: one page_view, and the spec's
// page-view events exactly where their triggers match.
func (c *checker) checkPageViews(pageURL string) {
	path := "/"
	if u, err := url.Parse(pageURL); err == nil && u.Path != "" {
		path = u.Path
	}
	count := map[string]int{}
	first := map[string]int{}
	for i := range c.obs.Events {
		e := &c.obs.Events[i]
		if e.Source != SourceHit {
			continue
		}
		if _, ok := first[e.Name]; !ok {
			first[e.Name] = i
		}
		count[e.Name]++
	}
	switch n := count["page_view"]; {
	case n == 0:
		c.add(Finding{Rule: RuleEventMissing, Step: NoStep, Event: "page_view", Page: pageURL, EventIndex: -1,
			Message: "no page_view was sent: every page needs exactly one"})
	case n > 1 && !c.reported(RuleEventDuplicate, "page_view"):
		c.add(Finding{Rule: RuleEventDuplicate, Step: NoStep, Event: "page_view", Page: pageURL, EventIndex: first["page_view"],
			Message: fmt.Sprintf("page_view was sent %s on one page load; every page needs exactly one", times(n))})
	}
	for i := range c.v.spec.Events {
		ev := &c.v.spec.Events[i]
		if ev.Trigger.Kind != spec.TriggerPageView || ev.Name == "page_view" {
			continue
		}
		match, err := triggerMatchesPath(&ev.Trigger, path)
		if err != nil {
			// The spec-invalid finding belongs to lint; the rule cannot
			// be applied here.
			continue
		}
		n := count[ev.Name]
		switch {
		case match && n == 0:
			c.add(Finding{Rule: RuleEventMissing, Step: NoStep, Event: ev.Name, Page: pageURL, Pos: ev.Trigger.Pos, EventIndex: -1,
				Message: fmt.Sprintf("%q was not sent, but its trigger (%s) matches %s", ev.Name, describePageTrigger(&ev.Trigger), path)})
		case !match && n > 0:
			c.add(Finding{Rule: RuleEventUnexpected, Step: NoStep, Event: ev.Name, Page: pageURL, Pos: ev.Trigger.Pos, EventIndex: first[ev.Name],
				Message: fmt.Sprintf("%q was sent on %s, but its trigger (%s) does not match that page", ev.Name, path, describePageTrigger(&ev.Trigger))})
		}
	}
}

// reported reports whether a finding of rule about event exists already.
func (c *checker) reported(rule, event string) bool {
	for _, f := range c.out {
		if f.Rule == rule && f.Event == event {
			return true
		}
	}
	return false
}

// triggerMatchesPath reports whether a page_view trigger fires on a page
// path, as GTM evaluates its conditions: path equals, path starts with,
// path matches the regular expression (anywhere in the path, case
// sensitive), all further limited by pages.
func triggerMatchesPath(t *spec.Trigger, path string) (bool, error) {
	match := func(expr string) (bool, error) {
		re, err := regexp.Compile(expr)
		if err != nil {
			return false, err
		}
		return re.MatchString(path), nil
	}
	if t.Pages != "" {
		ok, err := match(t.Pages)
		if err != nil || !ok {
			return false, err
		}
	}
	switch {
	case t.PathExact != "":
		return path == t.PathExact, nil
	case t.PathPrefix != "":
		return strings.HasPrefix(path, t.PathPrefix), nil
	case t.PathRegex != "":
		return match(t.PathRegex)
	}
	return true, nil
}

func describePageTrigger(t *spec.Trigger) string {
	var parts []string
	switch {
	case t.PathExact != "":
		parts = append(parts, "path "+t.PathExact)
	case t.PathPrefix != "":
		parts = append(parts, "path_prefix "+t.PathPrefix)
	case t.PathRegex != "":
		parts = append(parts, "path_regex "+t.PathRegex)
	}
	if t.Pages != "" {
		parts = append(parts, "pages "+t.Pages)
	}
	if len(parts) == 0 {
		return "every page"
	}
	return strings.Join(parts, ", ")
}
