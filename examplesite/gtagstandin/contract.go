package gtagstandin

// A Clause is one point of the contract between Google's real gtag.js
// builds and the stand-in: what the real builds were measured to do, which
// the stand-in must do the same way. The contract tests check every clause
// against the stand-in in CI and, with the conformance build tag, against
// every real build in TAGSPEC_REAL_TAGS.
type Clause struct {
	// ID names the clause in test output and in docs/real-tags.md.
	ID string
	// Says is what the tag does, in words.
	Says string
}

// Contract is every clause, in the order docs/real-tags.md lists them.
var Contract = []Clause{
	{ID: "page-view-at-once", Says: "config sends page_view at once, without any flush: one POST with the event in the URL and an empty body, _s=1, _fv=1, _ss=1 and _nsi=1 for a new visitor, seg=0, and dl the page URL without its port"},
	{ID: "event-waits-for-timer", Says: "an event after page_view is queued and leaves from the tag's own 5,000 ms timer (not before 4.5 s), with ep. and epn. params, _et, and the request counter _s past 1"},
	{ID: "visibilitychange-ignored", Says: "a visibilitychange to hidden does not send the queue"},
	{ID: "pagehide-sends", Says: "a pagehide sends the queue at once"},
	{ID: "tag-clock-sends", Says: "the queue timer is a setTimeout of the tag script: running it early (tagspec's tag clock) sends the queue within 0.5 s"},
	{ID: "batch-in-one-request", Says: "two events in quick succession leave in one POST: shared params in the URL, one event per body line, lines joined by CR LF"},
	{ID: "full-queue-leaves", Says: "a burst of events leaves in batches: no request holds more than 20 events (19 or 20 in the first, by build)"},
	{ID: "consent-update-sends", Says: "with analytics_storage denied by default, page_view goes out as a cookieless ping (gcs=G100); events queued before an update to granted leave under the old state (gcs=G100; the 2022 and later builds send them at the update), and later events carry gcs=G111"},
}
