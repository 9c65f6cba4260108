// Package validator judges what a journey sent against the spec.
//
// In the tagspec pipeline it comes after capture: the crawler (or a HAR
// import, or a test) fills an Observation with the journey's steps, the
// events decoded from GA4 hits (EventsFromHit) and from dataLayer pushes
// (EventFromPush), all in capture order, each tagged with the index of the
// step during which it was captured. ReadHAR builds an Observation from a
// HAR file recorded in a browser or a proxy, so sessions recorded outside
// tagspec are judged the same way. Check returns Findings with stable
// rule ids that the report package prints and that decide the exit code.
// Nothing here does I/O; New compiles each spec event's parameters into a
// JSON Schema once, and Validator.Check can then judge any number of
// journeys, concurrently.
//
// # Expectation windows
//
// An expect or expect_none step looks at the GA4 hits captured in its
// window. Consecutive expectation steps form a run and share one window:
// it begins at the step after the previous run (at the journey start, the
// start page's load included, for the first run) and ends with the last
// step of the run. So in
//
//	visit /  ; submit form ; expect a ; expect_none b ; click x ; expect c
//
// "expect a" and "expect_none b" both see what the start page, the visit
// and the submit sent (and anything captured while the expectations ran),
// and "expect c" sees what the click sent. A capturer should flush pending
// hits during an expectation step so that they land in its window.
// expect passes when at least one hit in the window carries the event with
// the step's params (exactly Count such hits when Count is set);
// expect_none fails when any hit in the window carries the event. Only
// hits count: an event pushed to the dataLayer that no tag sent is still
// missing, and the finding says so. Expectation steps that did not run
// (the journey stopped earlier) are not judged.
//
// # Rules
//
//   - step-failed: a step could not be performed; the journey stopped there.
//   - journey-incomplete: the journey did not finish (timeout, cancellation).
//   - event-missing: an expect step's event was not sent in its window, or
//     not as many times as its count says.
//   - event-duplicate: a spec event was sent more than once with the same
//     params during one step on one page load, or more often than an
//     expect step's count.
//   - event-unexpected: an event the spec does not define (GA4's automatic
//     and enhanced-measurement events only when strict), or one an
//     expect_none step forbids.
//   - param-missing, param-type, param-value: a spec event's params checked
//     with its JSON Schema (required, type, enum, pattern, minimum,
//     maximum, maxLength), and an expect step's param values. Types are the
//     wire types: epn. is a number, ep. a string, so a value pushed as the
//     string "49.99" is a param-type finding for a number param.
//     One mistake gives one finding: when an expect step reports a param
//     finding on a hit (say trial_days missing from free_trial_start), the
//     event's schema check does not report the same rule for the same
//     param on the same hit again. The expect step's finding is the one
//     kept, because it names the journey step where the hit was sent; its
//     position is the step in the spec. Other hits of the event, and other
//     rules on the same param, are still checked against the schema.
//   - consent-before-grant: a hit sent before the journey granted the
//     consent types the event needs (the spec's consent.required, or the
//     event's own consent list); consent-denied-hit: one sent after the
//     journey denied them. Hits that themselves say the storage is denied
//     (consent mode's cookieless pings, gcs=G100) are warnings; all others
//     are errors. A journey that never decides (consent: untouched, no
//     consent step) is judged as not granted. Messages give a hit's
//     consent state in words (hits.Consent.Describe), its gcs and gcd in
//     brackets.
//   - pii: personal data (package pii: email addresses, phone numbers,
//     postcodes, names, street addresses, dates of birth, national ids,
//     IBANs, card numbers, IP addresses) in the page location, referrer,
//     title, user id, params, user properties or items of a hit (an
//     error), or anywhere in a dataLayer push (a warning, unless a hit
//     carried the same data). Each value is reported once per journey,
//     masked; Finding.Personal keeps it for reports to mask elsewhere.
//     Params marked pii: {allow: reason} and values under crawl.pii_allow
//     are not reported. Spec params are read with the schema check and
//     remembered with its verdict, so a value seen before costs nothing.
//   - wire-limit: a GA4 collection limit exceeded (name and value lengths,
//     25 params, 25 user properties, 200 items, items without id or name,
//     27 custom item params); each distinct breach once per journey.
//   - measurement-id: hits sent to another GA4 property than expected;
//     once per property and journey.
//   - spec-invalid: a spec param rule that cannot be compiled.
//
// Findings are sorted by step, capture order and rule, so the same
// observation always gives the same list.
//
// # Pages
//
// Validator.CheckPage judges one page a site-wide check opened with no
// script (`tagspec crawl --discover`): page_view sent exactly once, each
// page_view-triggered spec event sent on the pages its trigger matches
// (path, path_prefix, path_regex, limited by pages, as GTM evaluates
// them) and on no other, plus every rule about what a hit carries
// (events outside the spec, personal data, consent, property, limits).
// A page that did not load is judged only on what it sent.
package validator
