package spec

import (
	"fmt"
	"strconv"
	"time"
)

// Version is the only spec format version this build reads.
const Version = 1

// Spec is a loaded tagspec file: the single source of truth from which
// containers are generated, journeys are crawled and rates are benchmarked.
//
// Slices keep the order of the file, so every consumer that ranges over
// them produces deterministic output.
type Spec struct {
	File           string         // path the spec was read from
	Version        int            // format version, always 1 today
	Name           string         // what this spec measures
	MeasurementID  string         // GA4 measurement ID (G-XXXX), possibly overridden by an environment
	Environments   []Environment  // in file order
	Consent        *Consent       // defaults for every event; nil when the spec says nothing
	Events         []Event        // in file order
	UserProperties []UserProperty // in file order
	Funnels        []Funnel       // in file order
	Patterns       []Pattern      // in file order
	Journeys       []Journey      // in file order
	Crawl          CrawlSettings  // crawler and validator settings
	doc            *document      // the parsed YAML, for positions
}

// Environment is one named deployment target (staging, production, ...).
type Environment struct {
	Name          string
	BaseURL       string
	MeasurementID string
	Path          string // JSON pointer of the environment, e.g. /environments/staging
	Pos           Pos
}

// Consent holds the consent defaults of a spec.
type Consent struct {
	Required       []string // GA4 consent types a tag needs before it may fire (analytics_storage, ad_storage, ...)
	AcceptSelector string   // CSS selector a journey clicks to accept consent
	DenySelector   string   // CSS selector a journey clicks to refuse consent
	Path           string
	Pos            Pos
}

// Event kinds.
const (
	KindMicro = "micro"
	KindMacro = "macro"
)

// Event is one micro- or macro-conversion event of the spec.
type Event struct {
	Name        string
	Kind        string // KindMicro or KindMacro
	Category    string // process_milestone | engagement | lead_qualification
	Signal      string // confidence_builder | friction_indicator | momentum_signal
	Stage       string // awareness | consideration | decision
	Description string
	Trigger     Trigger
	Params      []Param // in file order
	Benchmark   string  // key of an industry range
	// Consent, when set, replaces the spec-wide required consent types for this event.
	Consent []string
	Path    string // JSON pointer of the event, e.g. /events/3
	Pos     Pos
}

// Param returns the event's parameter with the given name.
func (e *Event) Param(name string) (*Param, bool) {
	for i := range e.Params {
		if e.Params[i].Name == name {
			return &e.Params[i], true
		}
	}
	return nil, false
}

// IsMacro reports whether the event is a macro conversion (a GA4 key event).
func (e *Event) IsMacro() bool { return e.Kind == KindMacro }

// Parameter types.
const (
	TypeString  = "string"
	TypeNumber  = "number"
	TypeInteger = "integer"
	TypeBoolean = "boolean"
	TypeItems   = "items"
)

// Param is one event parameter.
type Param struct {
	Name      string
	Type      string // TypeString (default), TypeNumber, TypeInteger, TypeBoolean or TypeItems
	From      Source // where the value comes from; zero when the spec does not say
	Required  bool
	Enum      []any    // allowed values (strings, float64 or bool)
	Pattern   string   // regular expression a string value must match
	Min, Max  *float64 // numeric range, inclusive
	MaxLength *int     // maximum string length
	// PIIAllow, when set, is why the team accepts what the personal-data
	// check finds in this param (pii: {allow: reason}): a reviewed false
	// alarm, silenced for this param only.
	PIIAllow string
	Path     string // JSON pointer of the param, e.g. /events/3/params/form_location
	Pos      Pos    // position of the param's key
}

// Source kinds of a parameter value (the part before the colon in `from:`).
const (
	SourceDataLayer = "datalayer" // datalayer:<key>, a dataLayer variable (dots for nesting)
	SourceBuiltin   = "builtin"   // builtin:<name>, a GTM built-in variable such as "Page Path" or page_path
	SourceConst     = "const"     // const:<value>, a constant
	SourceURL       = "url"       // url:<part>, a URL component: path, host, query:<key>, fragment, full
	SourceElement   = "element"   // element:<attribute>, an attribute of the element the trigger fired on (text for its text)
)

// Source says where a parameter's value comes from.
type Source struct {
	Kind  string // one of the Source* constants; empty when unset
	Value string // the part after the first colon
}

// String returns the source in spec syntax, e.g. "datalayer:form_location".
func (s Source) String() string {
	if s.Kind == "" {
		return ""
	}
	return s.Kind + ":" + s.Value
}

// UserProperty is a GA4 user property set with every event.
type UserProperty struct {
	Name string
	From Source
	// PIIAllow, when set, is why the team accepts what the personal-data
	// check finds in this user property.
	PIIAllow string
	Path     string
	Pos      Pos
}

// Trigger kinds.
const (
	TriggerPageView      = "page_view"
	TriggerClick         = "click"
	TriggerFormStart     = "form_start"
	TriggerFormSubmit    = "form_submit"
	TriggerFormAbandon   = "form_abandon"
	TriggerScroll        = "scroll"
	TriggerVideo         = "video"
	TriggerVisibility    = "visibility"
	TriggerTimer         = "timer"
	TriggerDataLayer     = "datalayer"
	TriggerHistoryChange = "history_change"
)

// TriggerKinds lists every trigger kind in a stable order.
var TriggerKinds = []string{
	TriggerPageView, TriggerClick, TriggerFormStart, TriggerFormSubmit, TriggerFormAbandon,
	TriggerScroll, TriggerVideo, TriggerVisibility, TriggerTimer, TriggerDataLayer, TriggerHistoryChange,
}

// Trigger says when an event fires. Exactly one kind is set per event; only
// the fields that belong to that kind are meaningful.
type Trigger struct {
	Kind string // one of the Trigger* constants; empty when the spec has none

	Pages string // regular expression on the page path that limits where any trigger fires

	// page_view
	PathExact  string // path: exact page path
	PathPrefix string // path_prefix
	PathRegex  string // path_regex

	// click, form_*, visibility, timer (element), video (element)
	Selector string
	// click
	Text string // link or button text (exact match)
	URL  string // link URL (contains)

	// scroll and video: percent thresholds
	Percent []int
	// video: youtube | html5
	Provider string

	// visibility: minimum visible ratio (0..1) and seconds on screen
	Ratio float64
	// visibility and timer: seconds (timer: time on page, or on Selector when set)
	Seconds float64

	// datalayer: the custom event name pushed by the site
	Event string

	Path string // JSON pointer of the trigger, e.g. /events/3/trigger
	Pos  Pos
}

// Funnel is an ordered list of event names.
type Funnel struct {
	Name  string
	Steps []string
	Path  string
	Pos   Pos
}

// Pattern is a named momentum pattern: a sequence of micro-conversions,
// each repeated Count times, completed within Within of the user's Start
// event, that tagspec bench measures against the macro-conversion (lift,
// share of converters, velocity).
type Pattern struct {
	Name  string
	Start string // start event, e.g. first_visit; empty: the user's first event in the data
	// Within bounds the time from the start to the last step; zero means
	// no bound. Written as a number of days (7d) or hours (36h).
	Within time.Duration
	Steps  []PatternStep
	Path   string // JSON pointer, e.g. /patterns/0
	Pos    Pos
}

// PatternStep is one step of a pattern: Count occurrences of Event.
type PatternStep struct {
	Event string
	Count int // at least 1
	Path  string
	Pos   Pos
}

// ParseWithin reads a pattern's within: a whole number of days (7d) or
// hours (36h).
func ParseWithin(s string) (time.Duration, error) {
	if len(s) < 2 {
		return 0, fmt.Errorf("within %q: want a number of days (7d) or hours (36h)", s)
	}
	n, err := strconv.Atoi(s[:len(s)-1])
	if err != nil || n <= 0 || n > 3660 {
		return 0, fmt.Errorf("within %q: want a number of days (7d) or hours (36h) from 1 to 3660", s)
	}
	switch s[len(s)-1] {
	case 'd':
		return time.Duration(n) * 24 * time.Hour, nil
	case 'h':
		return time.Duration(n) * time.Hour, nil
	}
	return 0, fmt.Errorf("within %q: want a number of days (7d) or hours (36h)", s)
}

// Journey consent modes.
const (
	ConsentGranted   = "granted"
	ConsentDenied    = "denied"
	ConsentUntouched = "untouched"
)

// Journey is a scripted visit the crawler performs on the site.
type Journey struct {
	Name    string
	Start   string // path relative to the environment's base URL, or an absolute URL
	Consent string // ConsentGranted, ConsentDenied, ConsentUntouched (default)
	Steps   []Step
	Path    string
	Pos     Pos
}

// Step kinds.
const (
	StepVisit      = "visit"
	StepClick      = "click"
	StepFill       = "fill"
	StepSelect     = "select"
	StepSubmit     = "submit"
	StepScroll     = "scroll"
	StepHover      = "hover"
	StepWait       = "wait"
	StepPlayVideo  = "play_video"
	StepConsent    = "consent"
	StepExpect     = "expect"
	StepExpectNone = "expect_none"
)

// StepKinds lists every journey step kind in a stable order.
var StepKinds = []string{
	StepVisit, StepClick, StepFill, StepSelect, StepSubmit, StepScroll, StepHover,
	StepWait, StepPlayVideo, StepConsent, StepExpect, StepExpectNone,
}

// Step is one action or expectation of a journey. Only the fields of its
// Kind are meaningful.
type Step struct {
	Kind string

	URL      string // visit: path or absolute URL
	Selector string // click, fill, select, submit, hover, wait, play_video
	Text     string // click: visible text to match
	Value    string // fill, select: the value
	Percent  int    // scroll: percent of page height; play_video: percent of the video
	Millis   int    // wait: milliseconds
	Idle     bool   // wait: network idle
	Action   string // consent: accept | deny

	Event  string         // expect, expect_none: the event name
	Params map[string]any // expect: parameter values the event must carry
	Count  int            // expect: exact number of times (0 = at least once)

	Path string // JSON pointer of the step, e.g. /journeys/0/steps/2
	Pos  Pos
}

// CrawlSettings tune the crawler and validator for this spec.
type CrawlSettings struct {
	// Strict makes GA4 automatic and enhanced-measurement events that the
	// spec does not define count as unexpected.
	Strict bool
	// CollectEndpoints are extra URL patterns (host or host/path, `*` as a
	// wildcard, a host that names a port matching that port only; see
	// hits.MatchPattern) that receive GA4 hits, for server-side or
	// first-party tagging.
	CollectEndpoints []string
	// Block lists URL patterns the crawler refuses (ad scripts, chat widgets).
	Block []string
	// PIIAllow lists values the personal-data check accepts wherever they
	// are sent (a company's own switchboard number, a demo address), each
	// with the reason it was reviewed.
	PIIAllow []PIIAllowed
}

// PIIAllowed is one value the personal-data check accepts.
type PIIAllowed struct {
	Value  string
	Reason string
	Path   string // JSON pointer, e.g. /crawl/pii_allow/0
	Pos    Pos
}

// Event returns the spec event with the given name.
func (s *Spec) Event(name string) (*Event, bool) {
	for i := range s.Events {
		if s.Events[i].Name == name {
			return &s.Events[i], true
		}
	}
	return nil, false
}

// Environment returns the named environment.
func (s *Spec) Environment(name string) (*Environment, bool) {
	for i := range s.Environments {
		if s.Environments[i].Name == name {
			return &s.Environments[i], true
		}
	}
	return nil, false
}

// HasMacro reports whether the spec has a macro-conversion event.
func (s *Spec) HasMacro() bool {
	for i := range s.Events {
		if s.Events[i].IsMacro() {
			return true
		}
	}
	return false
}
