// Package hits decodes GA4 web collection requests (/g/collect, v=2) into
// typed events.
//
// In the tagspec pipeline it sits between capture and judgement: the
// crawler intercepts every request that IsCollect recognises (GET, POST,
// sendBeacon, batched bodies) and hands method, URL and body to Decode; the
// validator then compares the decoded events with the spec. Nothing here
// does I/O, so the same decoding serves hits from HAR files, tests or any
// other source.
//
// The wire format, as gtag.js sends it: request-level and shared
// parameters sit in the query string; a single event may sit there too
// (en=...), and a batch puts one event per body line, lines joined with
// "\r\n", each line overriding the query's keys for its event. Event
// parameters are typed by prefix (ep. string, epn. number), user properties
// likewise (up., upn.), items are prN values of "~"-separated two-letter
// codes ("~~" is a literal "~"), and consent state travels in gcs and gcd.
//
// It imports only the standard library, so every stage that reads hits
// (crawler, validator, the HAR reader) may import it.
package hits
