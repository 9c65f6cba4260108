package hits

import (
	"strings"
	"time"
)

// Type is the wire type of a parameter value, chosen by the sender from the
// key prefix: ep./up. carry strings, epn./upn. carry numbers.
type Type string

// Parameter value types.
const (
	TypeString Type = "string"
	TypeNumber Type = "number"
)

// Param is one typed event parameter or user property, as sent.
type Param struct {
	Name string // name without the ep./epn./up./upn. prefix
	Type Type   // TypeString for ep./up., TypeNumber for epn./upn.
	// Value is the decoded value exactly as sent.
	Value string
	// Number is the parsed value when Type is TypeNumber. NumberOK is false
	// when an epn./upn. value does not parse as a number.
	Number   float64
	NumberOK bool
}

// Field is one name/value pair of an item, or an undecoded query pair.
type Field struct {
	Name  string
	Value string
}

// Item is one ecommerce item decoded from a prN parameter.
type Item struct {
	// Index is N of the prN key (1-based).
	Index int
	// Fields holds the standard item parameters under their GA4 names
	// (item_id, item_name, price, quantity, ...) in wire order. Codes that
	// tagspec does not know are kept under their two-letter code.
	Fields []Field
	// Custom holds custom item parameters sent as kN/vN pairs, in wire order.
	Custom []Field
}

// Get returns the value of a standard or custom item parameter.
func (it *Item) Get(name string) (string, bool) {
	for _, f := range it.Fields {
		if f.Name == name {
			return f.Value, true
		}
	}
	for _, f := range it.Custom {
		if f.Name == name {
			return f.Value, true
		}
	}
	return "", false
}

// ConsentState is the state of one consent type at the time a hit was sent.
type ConsentState string

// Consent states.
const (
	ConsentUnknown ConsentState = ""
	ConsentGranted ConsentState = "granted"
	ConsentDenied  ConsentState = "denied"
)

// Consent is the consent-mode state carried by a hit (gcs, gcd, npa, dma).
type Consent struct {
	GCS string // raw gcs, e.g. G111; empty when absent
	GCD string // raw gcd, e.g. 13r3r3r2r5l1; empty when absent
	// Per-type states. They come from gcd when it is present, else from gcs
	// (which only knows ad_storage and analytics_storage).
	AdStorage         ConsentState
	AnalyticsStorage  ConsentState
	AdUserData        ConsentState
	AdPersonalization ConsentState
	NPA               string // non-personalized ads flag, raw
	DMA               string // Digital Markets Act flag, raw
}

// State returns the state of the named GA4 consent type (ad_storage,
// analytics_storage, ad_user_data, ad_personalization).
func (c Consent) State(name string) ConsentState {
	switch name {
	case "ad_storage":
		return c.AdStorage
	case "analytics_storage":
		return c.AnalyticsStorage
	case "ad_user_data":
		return c.AdUserData
	case "ad_personalization":
		return c.AdPersonalization
	}
	return ConsentUnknown
}

// consentTypes are the consent types Describe names, in the order it names
// them: the one GA4 itself depends on first.
var consentTypes = [...]string{"analytics_storage", "ad_storage", "ad_user_data", "ad_personalization"}

// Describe says the consent state in words, with the wire values that
// carried it after them in brackets, for messages:
// "analytics_storage and ad_storage denied (gcs=G100)" or
// "analytics_storage granted, ad_storage denied (gcs=G101)". Types of the
// same state are named together; types whose state is unknown are left
// out. A hit that carried gcs or gcd but no known state is "consent not
// set (gcd=...)", one that carried neither "no consent state".
func (c Consent) Describe() string {
	if c.AdStorage == ConsentUnknown && c.AnalyticsStorage == ConsentUnknown && c.AdUserData == ConsentUnknown && c.AdPersonalization == ConsentUnknown {
		// A Consent built by hand may carry the wire values alone.
		c.decode()
	}
	var b strings.Builder
	for _, state := range [...]ConsentState{ConsentGranted, ConsentDenied} {
		var names []string
		for _, t := range consentTypes {
			if c.State(t) == state {
				names = append(names, t)
			}
		}
		if len(names) == 0 {
			continue
		}
		if b.Len() > 0 {
			b.WriteString(", ")
		}
		for i, n := range names {
			switch {
			case i == 0:
			case i == len(names)-1:
				b.WriteString(" and ")
			default:
				b.WriteString(", ")
			}
			b.WriteString(n)
		}
		b.WriteString(" " + string(state))
	}
	var wire []string
	if c.GCS != "" {
		wire = append(wire, "gcs="+c.GCS)
	}
	if c.GCD != "" {
		wire = append(wire, "gcd="+c.GCD)
	}
	switch {
	case b.Len() == 0 && len(wire) == 0:
		return "no consent state"
	case b.Len() == 0:
		b.WriteString("consent not set")
	}
	if len(wire) > 0 {
		b.WriteString(" (" + strings.Join(wire, ", ") + ")")
	}
	return b.String()
}

// Event is one GA4 event decoded from a hit: the URL parameters merged with
// its body line (the line wins), split into typed parts.
type Event struct {
	Name      string  // en
	Params    []Param // ep./epn. in wire order
	UserProps []Param // up./upn. in wire order
	Items     []Item  // prN in wire order

	PageLocation string // dl
	PageTitle    string // dt
	PageReferrer string // dr
	Currency     string // cu
	UserID       string // uid

	// EngagementMillis is _et; -1 when absent.
	EngagementMillis int64
	SessionStart     bool // _ss present
	FirstVisit       bool // _fv present
	KeyEvent         bool // _c present
	External         bool // _ee present (pushed by the site, not an automatic detector)

	// Line is the 1-based body line the event came from; 0 when the event
	// was carried by the URL alone.
	Line int
	// Fields holds the event's own body line, keys and values decoded, in
	// wire order; nil for an event carried by the URL alone.
	Fields []Field
	// Shared holds the URL's parameters, decoded, in wire order. All events
	// of one hit share this slice; do not modify it. A key in Fields
	// overrides the same key here. It is the hit's Query, so it is left out
	// of JSON.
	Shared []Field `json:"-"`
}

// Param returns the event parameter with the given name.
func (e *Event) Param(name string) (*Param, bool) {
	for i := range e.Params {
		if e.Params[i].Name == name {
			return &e.Params[i], true
		}
	}
	return nil, false
}

// Get returns the decoded value of a raw wire key (for example "tid" or
// "ep.form_id") for this event: the body line's value if the line has the
// key, else the URL's.
func (e *Event) Get(key string) (string, bool) {
	for _, f := range e.Fields {
		if f.Name == key {
			return f.Value, true
		}
	}
	for _, f := range e.Shared {
		if f.Name == key {
			return f.Value, true
		}
	}
	return "", false
}

// All returns every parameter of the event in wire order, the URL's first
// with the body line's values in place of the keys it overrides, then the
// line's other keys. It allocates; Get is cheaper for single keys.
func (e *Event) All() []Field {
	out := make([]Field, 0, len(e.Shared)+len(e.Fields))
	out = append(out, e.Shared...)
	for _, f := range e.Fields {
		replaced := false
		for i := range out[:len(e.Shared)] {
			if out[i].Name == f.Name {
				out[i].Value = f.Value
				replaced = true
				break
			}
		}
		if !replaced {
			out = append(out, f)
		}
	}
	return out
}

// Hit is one request to a GA4 collection endpoint, decoded.
type Hit struct {
	Method string    // GET or POST
	URL    string    // the request URL as captured
	At     time.Time // when the request was captured

	MeasurementID string // tid
	ClientID      string // cid; empty for cookieless pings
	SessionID     string // sid
	SessionCount  int    // sct; 0 when absent
	Sequence      int    // _s; 0 when absent
	PageLoadID    string // _p
	Consent       Consent

	// Query holds the URL's parameters, decoded, in wire order.
	Query []Field

	// Events in send order: one for a single-event hit, one per body line
	// for a batch.
	Events []Event
}
