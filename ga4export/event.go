package ga4export

import (
	"strconv"
)

// ValueKind says which value field of a GA4 event parameter is set.
type ValueKind uint8

// Value kinds of an event parameter, mirroring the value record of the
// BigQuery export (string_value, int_value, float_value, double_value).
const (
	ValueNone ValueKind = iota
	ValueString
	ValueInt
	ValueFloat
)

// Param is one entry of an event's event_params.
type Param struct {
	Key    string
	Kind   ValueKind
	String string  // set when Kind is ValueString
	Int    int64   // set when Kind is ValueInt
	Float  float64 // set when Kind is ValueFloat (float_value or double_value)
}

// Text returns the parameter's value as text, whatever its kind: GA4 sends
// the same parameter as a string on one hit and as a number on another
// (session_engaged is "1" or 1), so comparisons go through Text.
func (p Param) Text() string {
	switch p.Kind {
	case ValueString:
		return p.String
	case ValueInt:
		return strconv.FormatInt(p.Int, 10)
	case ValueFloat:
		return strconv.FormatFloat(p.Float, 'g', -1, 64)
	}
	return ""
}

// Event is one row of the GA4 BigQuery export, reduced to the fields a
// benchmark reads. Readers reuse one Event for every row: a callback that
// keeps an Event (or its Params) past its return must copy it.
type Event struct {
	Date         string // event_date, YYYYMMDD in the property's time zone
	Timestamp    int64  // event_timestamp, microseconds since the Unix epoch (UTC)
	Name         string // event_name
	UserPseudoID string // user_pseudo_id
	// SessionID is the ga_session_id parameter (unix seconds at session
	// start), read from its int_value or, failing that, from a string_value
	// holding an integer; it is unique only together with UserPseudoID.
	SessionID int64
	// HasSessionID reports whether the row carried a ga_session_id.
	HasSessionID bool
	// TransactionID is ecommerce.transaction_id, or the transaction_id
	// event parameter when the ecommerce record has none.
	TransactionID string
	Params        []Param // event_params in row order

	// The dimensions a comparison groups users by, read only when
	// ReadOptions.Dimensions is set (empty otherwise, and when the row
	// has none).
	Source  string // traffic_source.source: the user's first-touch source
	Medium  string // traffic_source.medium: the user's first-touch medium
	Country string // geo.country
	Device  string // device.category: desktop, mobile, tablet, ...
}

// Param returns the event parameter with the given key.
func (e *Event) Param(key string) (Param, bool) {
	for _, p := range e.Params {
		if p.Key == key {
			return p, true
		}
	}
	return Param{}, false
}

// reset clears the event for reuse, keeping the Params backing array.
func (e *Event) reset() {
	*e = Event{Params: e.Params[:0]}
}

// finish fills the derived fields (SessionID, TransactionID) from Params.
func (e *Event) finish() {
	for _, p := range e.Params {
		switch p.Key {
		case "ga_session_id":
			if e.HasSessionID {
				continue // the first ga_session_id wins
			}
			switch p.Kind {
			case ValueInt:
				e.SessionID, e.HasSessionID = p.Int, true
			case ValueString:
				if n, err := strconv.ParseInt(p.String, 10, 64); err == nil {
					e.SessionID, e.HasSessionID = n, true
				}
			}
		case "transaction_id":
			if e.TransactionID == "" {
				e.TransactionID = p.Text()
			}
		}
	}
}

// keepOnly drops the params that opts does not keep, once finish has read
// the ones the derived fields come from.
func (e *Event) keepOnly(opts *ReadOptions) {
	if opts.KeepParams == nil {
		return
	}
	kept := e.Params[:0]
	for _, p := range e.Params {
		if opts.KeepParams[p.Key] {
			kept = append(kept, p)
		}
	}
	e.Params = kept
}
