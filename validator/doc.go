// Package validator judges what a journey sent against the spec.
//
// In the tagspec pipeline it comes after capture. It takes a parsed spec
// and an [Observation]: the journey's steps and the events decoded from
// GA4 hits ([EventsFromHit]) and dataLayer pushes ([EventFromPush]), in
// capture order, each tagged with the step during which it was captured.
// The crawler fills one per journey; [ReadHAR] builds one from a HAR file
// recorded outside tagspec, so such sessions are judged the same way. It
// gives [Finding] values: [Validator.Check] judges a journey (an expect
// step looks at the hits of its window, the steps since the previous run
// of expectations), [Validator.CheckPage] a page a site-wide check opened
// with no script. Findings are sorted by step, capture order and rule, so
// the same observation always gives the same list, and [Rules] lists
// every rule. [New] compiles each spec event's parameters into a JSON
// Schema once; a [Validator] then judges any number of journeys,
// concurrently. Nothing here does I/O but reading a HAR file.
//
// It may import spec, hits and pii; it imports neither the crawler nor
// the report package (internal/cli's boundary test checks both).
package validator
