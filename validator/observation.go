package validator

import (
	"encoding/json"
	"time"

	"github.com/tagspec/tagspec/diag"
	"github.com/tagspec/tagspec/hits"
)

// Source says how an observed event was captured.
type Source string

// Event sources.
const (
	// SourceHit is an event decoded from a GA4 collection request: it is
	// what reached (or would have reached) Google Analytics.
	SourceHit Source = "hit"
	// SourceDataLayer is an event pushed to window.dataLayer (a GTM-style
	// object with an "event" key, or a gtag('event', ...) call).
	SourceDataLayer Source = "datalayer"
)

// NoStep is the Step index of something captured before the journey's
// first step began (for example while the start page loaded).
const NoStep = diag.NoStep

// Step is what happened when one journey step ran.
type Step struct {
	Index      int       // index in the spec journey's Steps
	Kind       string    // spec step kind (visit, click, expect, ...)
	Start, End time.Time // when the step started and finished
	Error      string    // why the step failed; empty when it succeeded
	Screenshot string    // path of a screenshot taken when the step failed; empty if none
	// ScreenshotPNG holds the screenshot itself when the capturer has it in
	// memory, so that reports can embed it without reading files.
	ScreenshotPNG []byte `json:"-"`
}

// Event is one observed event, from a hit or from the dataLayer.
type Event struct {
	hits.Event
	Source Source
	// Page is the URL of the page the event was captured on (the tab's URL
	// for dataLayer pushes; for hits dl, with the tab's port when dl names
	// none, or the tab's URL when there is no dl: see EventsFromHit).
	Page string
	Time time.Time
	// Step is the index of the step during which the event was captured, or
	// NoStep when it was captured before the first step.
	Step int
	// Consent is the consent state at send time: the hit's gcs/gcd for hits;
	// for dataLayer events whatever the capturer knows.
	Consent hits.Consent
	// Hit is the 0-based index of the captured hit the event came from
	// (events of one batch share it); -1 for dataLayer events.
	Hit int
	// URL is the collection request URL for hit events.
	URL string
}

// Push is one window.dataLayer.push call, captured in order.
type Push struct {
	Time time.Time
	Step int    // step index during which the push happened, or NoStep
	Page string // the page URL at push time
	// Value is the pushed value as JSON. A gtag() call pushes its arguments
	// object, which is captured as a JSON array (["event","purchase",{...}]).
	Value json.RawMessage
}

// Observation is everything captured while one journey ran, in capture
// order. The crawler fills it in, but any source may: a HAR file, a test,
// a proxy log.
type Observation struct {
	Journey   string // the spec journey's name
	Steps     []Step // in execution order; a journey that stopped early has fewer steps than the spec
	Events    []Event
	DataLayer []Push
	// Consent lists the consent decisions the journey made on the site's
	// banner, in order. A capturer records the journey-level decision
	// (journey consent: granted or denied) and every consent step here,
	// at the moment it clicked. When it records none, the validator
	// derives them from the spec: the journey-level decision at the start
	// of the first step, consent steps at their start.
	Consent []ConsentChange
	// Recorded is set when the observation was read from a recording made
	// outside tagspec, such as a HAR file: it has no steps, and messages
	// say that what they report happened "in the recording" rather than
	// before a first step.
	Recorded bool
	// Incomplete is set when the journey did not finish (timeout, cancelled
	// context); Reason says why.
	Incomplete bool
	Reason     string
}

// Consent actions.
const (
	ConsentAccept = "accept"
	ConsentDeny   = "deny"
)

// ConsentChange is one consent decision made on the site during a journey.
type ConsentChange struct {
	Time   time.Time
	Step   int    // index of the consent step, or NoStep for the journey-level decision
	Action string // ConsentAccept or ConsentDeny
}
