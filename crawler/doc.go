// Package crawler runs a spec's journeys in headless Chromium and captures
// everything the pages send to GA4.
//
// In the tagspec pipeline it sits between the spec and the verdict: Run
// starts one browser (Debian's /usr/bin/chromium or a path the user gives),
// runs each journey in its own browser context (no shared cookies or
// storage) with bounded concurrency, and hands what it observed to the
// validator package; the findings and events become a report.Report that
// the report package prints. It is the only tagspec package that talks to
// the browser (through chromedp).
//
// # Capture
//
// Before the first page script of every document runs, the crawler installs
// a hook on window.dataLayer (including an array the page creates itself or
// assigns later) that reports every push, gtag() argument lists included,
// through a CDP binding. GA4 hits are caught in the network layer with the
// Fetch domain: every request whose path ends in /g/collect (any host) or
// that matches a configured collection endpoint is recorded with its method,
// URL and body and answered locally with 204, so nothing reaches Google
// unless Options.Forward is set. Routes serve a local file for matching
// requests and block patterns refuse them. The browser only pauses the
// requests a pattern might match (a broader Fetch glob); which of them a
// pattern matches is decided by hits.MatchPattern, so a pattern means in
// the browser exactly what its documentation says.
//
// # Waiting for hits
//
// Google's tags send page_view at once but hold every later event in a
// queue that their own 5,000 ms timer sends (docs/real-tags.md has the
// measurements of eight builds, 2021-2025). The real builds ignore a faked
// visibilitychange; a synthetic pagehide would send the queue but runs
// every pagehide listener of the page; CDP virtual time runs every timer
// of the page early. So the crawler keeps a tag clock instead: the page
// hook wraps setTimeout and notes which timers tag scripts set (a script
// under /gtag/js, /gtm.js or googletagmanager.com, or any script that has
// sent a collection request). After every step, and when a journey ends,
// the crawler runs the tag timers due within TagClockBudget at once,
// earliest first, each followed by its promise jobs, as if that much time
// had passed for the tags alone (a timer one of them sets is due after it,
// so a debounce followed by the queue timer runs as a chain). No event is
// dispatched and no other script's timer runs, so the page sees nothing
// but its hits leaving earlier. The hook notes the URL of every
// /g/collect request a document issues (sendBeacon, fetch, XHR, image
// pixels), and the crawler then waits until each of those has been caught
// and, before an expect or expect_none step, until no new hit has come
// for FlushQuiet. Each hit is thus attributed to the step that caused it:
// two clicks that each queue an event give two hits of two steps, not one
// batch that looks like a duplicate. A step that leaves the page (a visit, a link) makes
// the tags send their queue on the real pagehide, through sendBeacon or
// fetch keepalive; those requests are caught by the network interception
// like any other. The validator judges each expectation on the events
// captured since the previous one.
//
// # Steps
//
// visit navigates and waits for the load event; click, submit and the
// other actions wait for their element, act like a user (real mouse and
// keyboard events through CDP, form.requestSubmit for submit so that submit
// listeners run), then wait for a navigation they started to finish. A step
// that fails (element missing, timeout, navigation error) is recorded with
// its error and a PNG screenshot, and the journey stops there; the others go
// on. Failed expectations do not stop a journey: the validator reports them.
// A page answering an HTTP error status or looping through redirects fails
// its step with what the server did; every uncaught JavaScript exception on
// a journey's pages is a warning finding (RulePageError) with its message
// and location, which fails no journey by itself.
//
// # Time limits
//
// Options.Timeout bounds the whole run, the browser's start and the
// discovery included. When it expires, unfinished
// journeys are stopped and marked incomplete, and the report still holds
// every journey that finished. Cancelling the context (tagspec crawl does
// on Ctrl-C or SIGTERM) stops them the same way; the incomplete journeys
// say why, the signal included.
//
// # Discovered pages
//
// With Options.Discover the crawl also checks the site's pages: package
// discover finds them over HTTP (links and sitemaps, while the journeys
// already run), and each page is opened in a fresh browser context like a
// first-time visitor. The crawler waits for the load event, then for the
// network to go idle (no request in flight for 300 ms, from the browser's
// network events; at most IdleTimeout),
// flushes the queued hits, clicks the spec's consent.accept_selector when
// the page shows it, flushes again, and hands the observation to
// validator.CheckPage. Pages are checked in URL order after the journeys
// and reported after them (report.Journey.Page set). What discovery could
// not load is a page/status finding without a browser visit.
//
// # Faults and retries
//
// Every fault of a page is a finding on that page and the crawl goes on:
// an HTTP error or redirect loop (page/status), a load that outlasts the
// step timeout (page/timeout), a page still fetching at IdleTimeout
// (page/not-idle, a warning: what it sent until then is checked), a tab
// whose renderer died (page/tab-crashed; the crawler notices the crash at once
// instead of waiting for a timeout), uncaught exceptions (page/script-error).
// Options.Retries repeats a page whose fault may pass (timeout, crash,
// HTTP 5xx or 429) and a journey whose step failed; the report keeps the
// last attempt with the reasons of the earlier ones.
//
// # Shards
//
// Options.Shard keeps the K-th of N shares of the journeys and of the
// discovered pages: the journey at 0-based spec index i belongs to shard
// i%N + 1, and a page to shard h%N + 1 where h is the FNV-1a hash of its
// path and query. N CI jobs thus split a spec and a site the same way on
// any machine, host and concurrency, and `tagspec report merge` combines
// their JSON reports. Journeys start in spec order.
package crawler
