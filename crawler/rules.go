package crawler

import "github.com/tagspec/tagspec/diag"

// Rules of the findings the crawler itself reports about pages, tabs,
// hits and dataLayer pushes.
const (
	// RulePageError: an uncaught JavaScript exception on a journey's
	// page; a warning, since broken page scripts often keep tracking code
	// from running but fail no journey by themselves.
	RulePageError = "page/script-error"
	// RulePageStatus: a page answered an HTTP error, redirected in a loop
	// or could not be loaded at all.
	RulePageStatus = "page/status"
	// RulePageTimeout: a page did not finish loading within the step
	// timeout.
	RulePageTimeout = "page/timeout"
	// RulePageNotIdle: a page kept loading resources and never went
	// network idle; a warning, since the hits sent until then are checked.
	RulePageNotIdle = "page/not-idle"
	// RuleTabCrashed: the browser tab's renderer crashed (out of memory,
	// for example).
	RuleTabCrashed = "page/tab-crashed"
	// RuleSitemap: a sitemap discovery found could not be read or parsed;
	// a warning of the whole run, since the pages it lists may be missed.
	RuleSitemap = "page/sitemap"
	// RuleHitUnreadable: a GA4 hit the crawl captured but could not decode
	// (past hits.MaxURLBytes, hits.MaxBodyBytes or hits.MaxEventsPerHit,
	// or not the collect format); a warning, since its events are not
	// checked.
	RuleHitUnreadable = "hit/unreadable"
	// RulePushRefused: a dataLayer push the crawl could not check (larger
	// than validator.MaxPushBytes, nested deeper than
	// validator.MaxPushDepth, or not the JSON the page hook sends); a
	// warning.
	RulePushRefused = "datalayer/push-refused"
)

// Rules lists every rule of the crawler in a stable order, with the ids
// tagspec gave them before rule ids had family prefixes.
var Rules = []diag.Rule{
	{ID: RulePageError, Severity: diag.SeverityWarning, Summary: "A page threw an uncaught JavaScript exception.", Formerly: []string{"page-error"},
		Help: "A broken page script often keeps tracking code after it from running, so events go missing without a trace. Fix the script error the message quotes (file, line and column are given)."},
	{ID: RulePageStatus, Severity: diag.SeverityError, Summary: "A page answered an HTTP error, redirected in a loop or could not be loaded.", Formerly: []string{"page-status"},
		Help: "A page that does not load sends no hits, so nothing on it is checked; visitors see the error too. Fix the link or the page; a redirect loop usually comes from conflicting redirect rules."},
	{ID: RulePageTimeout, Severity: diag.SeverityError, Summary: "A page did not finish loading within the step timeout.", Formerly: []string{"page-timeout"},
		Help: "Hits of a page that never finishes loading may never be sent. Look for a slow or hanging resource, or raise --step-timeout if the site is known to be slow."},
	{ID: RulePageNotIdle, Severity: diag.SeverityWarning, Summary: "A page kept loading resources and never went network idle.", Formerly: []string{"page-not-idle"},
		Help: "The hits sent until then are checked, but hits sent later may be missed. Polling or streaming requests are the usual cause; this is a warning unless events are missing too."},
	{ID: RuleTabCrashed, Severity: diag.SeverityError, Summary: "The browser tab's renderer crashed.", Formerly: []string{"tab-crashed"},
		Help: "The crash ended the journey or page, so what followed was not checked. It usually means the page used too much memory; run again with fewer --parallel tabs, and check the page in a browser."},
	{ID: RuleSitemap, Severity: diag.SeverityWarning, Summary: "A sitemap could not be read or parsed.", Formerly: []string{"sitemap"},
		Help: "The pages the sitemap lists may be missed by discovery. Check that the sitemap URL answers with valid sitemap XML (or a sitemap index) within the size limits."},
	{ID: RuleHitUnreadable, Severity: diag.SeverityWarning, Summary: "A captured GA4 hit could not be decoded.", Formerly: []string{"hit-unreadable"},
		Help: "The events of the hit are not checked. The hit is larger than GA4 accepts or not in the collect format; GA4 likely drops it too, so look at what the page sends."},
	{ID: RulePushRefused, Severity: diag.SeverityWarning, Summary: "A dataLayer push could not be checked.", Formerly: []string{"push-refused"},
		Help: "The push was too large, nested too deeply or not JSON, so the events and values it carries are not checked. Push smaller, flatter objects."},
}
