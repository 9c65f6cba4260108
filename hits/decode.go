package hits

import (
	"bytes"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Error is a decoding failure: what is wrong and where in the request.
type Error struct {
	// Line is the 1-based body line, or 0 for the URL.
	Line int
	// Key is the wire key involved, if any.
	Key string
	// Msg says what is wrong.
	Msg string
}

// Error implements error.
func (e *Error) Error() string {
	where := "URL"
	if e.Line > 0 {
		where = fmt.Sprintf("body line %d", e.Line)
	}
	if e.Key != "" {
		return fmt.Sprintf("GA4 hit: %s: key %q: %s", where, e.Key, e.Msg)
	}
	return fmt.Sprintf("GA4 hit: %s: %s", where, e.Msg)
}

// The largest hit Decode accepts. Each bound sits far above what a
// browser's GA4 tag sends, so a real hit never meets one; a request past
// one is refused with an *Error that names the bound, before any of it is
// interpreted. Together they bound the work of decoding and checking a
// hit: every event of a batch carries its own copy of the URL's
// parameters, so the events times the URL's size is what a hit costs.
const (
	// MaxBodyBytes bounds the POST body. gtag.js keeps a batch under
	// 16 KiB of event data; the Measurement Protocol caps bodies at
	// 130 kB.
	MaxBodyBytes = 1 << 20
	// MaxURLBytes bounds the request URL, query string included. gtag.js
	// moves an event's own parameters into the body once the URL would
	// pass 2,048 characters, so a real hit's URL stays near that.
	MaxURLBytes = 32 << 10
	// MaxEventsPerHit bounds the events of one batch (non-blank body
	// lines). gtag.js batches at most 20 events, and the Measurement
	// Protocol accepts at most 25 per request.
	MaxEventsPerHit = 100
)

// Decode decodes one GA4 collection request into its events.
//
// The query string holds the request-level and shared parameters. With an
// empty body the query is also the single event. Otherwise every non-empty
// body line (lines end in "\r\n" or "\n") is one event whose keys override
// the query's for that event. Values are decoded with form-urlencoded rules.
// at is the capture time recorded in the Hit. The Hit keeps no reference
// to body, so the caller may reuse it.
//
// Decode does not check whether the URL is a collection endpoint; use
// IsCollect for that. It fails with an *Error when the request is not a
// version 2 hit, a key or value is badly escaped, or an event has no name.
func Decode(method, rawURL string, body []byte, at time.Time) (*Hit, error) {
	if len(rawURL) > MaxURLBytes {
		return nil, &Error{Msg: fmt.Sprintf("the request URL is %d bytes long; tagspec reads hits whose URL is at most %d bytes (32 KiB), and Google's tag keeps it near 2,048", len(rawURL), MaxURLBytes)}
	}
	if len(body) > MaxBodyBytes {
		return nil, &Error{Line: 1, Msg: fmt.Sprintf("the request body is %d bytes; tagspec reads hits whose body is at most %d bytes (1 MiB), and Google's tag keeps a batch under 16 KiB", len(body), MaxBodyBytes)}
	}
	query := rawURL
	if i := strings.IndexByte(query, '#'); i >= 0 {
		query = query[:i]
	}
	if i := strings.IndexByte(query, '?'); i >= 0 {
		query = query[i+1:]
	} else {
		query = ""
	}
	shared, err := parseQuery(query, 0, make([]Field, 0, strings.Count(query, "&")+1))
	if err != nil {
		return nil, err
	}
	h := &Hit{Method: method, URL: rawURL, At: at, Query: shared}
	version := ""
	for _, f := range shared {
		switch f.Name {
		case "v":
			version = f.Value
		case "tid":
			h.MeasurementID = f.Value
		case "cid":
			h.ClientID = f.Value
		case "sid":
			h.SessionID = f.Value
		case "sct":
			h.SessionCount, _ = strconv.Atoi(f.Value)
		case "_s":
			h.Sequence, _ = strconv.Atoi(f.Value)
		case "_p":
			h.PageLoadID = f.Value
		case "gcs":
			h.Consent.GCS = f.Value
		case "gcd":
			h.Consent.GCD = f.Value
		case "npa":
			h.Consent.NPA = f.Value
		case "dma":
			h.Consent.DMA = f.Value
		}
	}
	if version != "2" {
		if version == "" {
			return nil, &Error{Key: "v", Msg: "missing; a GA4 hit carries v=2"}
		}
		return nil, &Error{Key: "v", Msg: fmt.Sprintf("is %q; a GA4 hit carries v=2", version)}
	}
	h.Consent.decode()

	if len(bytes.TrimSpace(body)) == 0 {
		ev, err := newEvent(shared, nil, 0)
		if err != nil {
			return nil, err
		}
		h.Events = []Event{ev}
		return h, nil
	}
	// Room for every event, up to the bound: the pools below hold the
	// URL's params once per event, so blank lines must not count.
	n := eventLines(body, MaxEventsPerHit)
	h.Events = make([]Event, 0, n)
	// The URL's part of every event is interpreted once.
	base := Event{Shared: shared, EngagementMillis: -1}
	if err := base.apply(shared, false, nil); err != nil {
		return nil, err
	}
	idx := newBaseIndex(&base)
	line := 0
	rest := string(body) // one copy; lines and values are substrings of it
	// One backing array holds the fields of every line, and one the params
	// of every event; each event gets a capped window of them.
	fieldPool := make([]Field, 0, strings.Count(rest, "&")+n)
	paramPool := make([]Param, 0, len(base.Params)*n+strings.Count(rest, "&ep"))
	for len(rest) > 0 {
		var ls string
		if i := strings.IndexByte(rest, '\n'); i >= 0 {
			ls, rest = rest[:i], rest[i+1:]
		} else {
			ls, rest = rest, ""
		}
		line++
		ls = strings.TrimRight(ls, "\r")
		if len(strings.TrimSpace(ls)) == 0 {
			continue
		}
		if len(h.Events) == MaxEventsPerHit {
			return nil, &Error{Line: line, Msg: fmt.Sprintf("the hit carries more than %d events; tagspec reads at most %d events in one request, and Google's tag sends at most 20 (the Measurement Protocol accepts 25)", MaxEventsPerHit, MaxEventsPerHit)}
		}
		start := len(fieldPool)
		fieldPool, err = parseQuery(ls, line, fieldPool)
		if err != nil {
			return nil, err
		}
		own := fieldPool[start:len(fieldPool):len(fieldPool)]
		h.Events = append(h.Events, base)
		ev := &h.Events[len(h.Events)-1]
		ev.Line, ev.Fields = line, own
		ev.Params = nil
		if np := len(base.Params) + countPrefix(own, "ep"); np > 0 {
			if cap(paramPool)-len(paramPool) < np {
				paramPool = make([]Param, 0, max(np, cap(paramPool)))
			}
			ev.Params = append(paramPool[len(paramPool):len(paramPool):len(paramPool)+np], base.Params...)
			paramPool = paramPool[:len(paramPool)+np]
		}
		ev.UserProps = slices.Clone(base.UserProps)
		ev.Items = slices.Clone(base.Items)
		if err := ev.apply(own, true, idx); err != nil {
			return nil, err
		}
		if ev.Name == "" {
			return nil, &Error{Line: line, Key: "en", Msg: "event has no name"}
		}
	}
	return h, nil
}

// eventLines counts the body lines that are not blank, up to max.
func eventLines(body []byte, max int) int {
	n := 0
	for len(body) > 0 && n < max {
		line := body
		if i := bytes.IndexByte(body, '\n'); i >= 0 {
			line, body = body[:i], body[i+1:]
		} else {
			body = nil
		}
		if len(bytes.TrimSpace(line)) > 0 {
			n++
		}
	}
	return n
}

// parseQuery splits a form-urlencoded string into fields appended to dst.
func parseQuery(s string, line int, dst []Field) ([]Field, error) {
	// Escaped values are decoded into one buffer per call, and the fields
	// take substrings of it once it is complete: one allocation for all the
	// values of a query instead of one per value.
	type patch struct{ field, start, end int }
	var (
		buf     strings.Builder
		patches [32]patch
		n       int
	)
	flush := func() {
		if n == 0 {
			return
		}
		all := buf.String()
		for _, p := range patches[:n] {
			dst[p.field].Value = all[p.start:p.end]
		}
		n = 0
		buf = strings.Builder{}
	}
	for s != "" {
		var kv string
		if i := strings.IndexByte(s, '&'); i >= 0 {
			kv, s = s[:i], s[i+1:]
		} else {
			kv, s = s, ""
		}
		if kv == "" {
			continue
		}
		k, v, _ := strings.Cut(kv, "=")
		k, err := unescape(k)
		if err != nil {
			return nil, &Error{Line: line, Key: k, Msg: "badly escaped key"}
		}
		if !needsUnescape(v) {
			dst = append(dst, Field{Name: k, Value: v})
			continue
		}
		if n == len(patches) {
			flush()
		}
		if buf.Cap() == 0 {
			buf.Grow(len(v) + len(s))
		}
		start := buf.Len()
		if err := unescapeTo(&buf, v); err != nil {
			return nil, &Error{Line: line, Key: k, Msg: fmt.Sprintf("badly escaped value %q", truncate(kv, 60))}
		}
		dst = append(dst, Field{Name: k})
		patches[n] = patch{field: len(dst) - 1, start: start, end: buf.Len()}
		n++
	}
	flush()
	return dst, nil
}

// needsUnescape reports whether s holds "%" or "+".
func needsUnescape(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c == '%' || c == '+' {
			return true
		}
	}
	return false
}

// unescapeTo writes s form-urldecoded to b.
func unescapeTo(b *strings.Builder, s string) error {
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '+':
			b.WriteByte(' ')
		case '%':
			if i+2 >= len(s) {
				return errBadEscape
			}
			hi, ok1 := unhex(s[i+1])
			lo, ok2 := unhex(s[i+2])
			if !ok1 || !ok2 {
				return errBadEscape
			}
			b.WriteByte(hi<<4 | lo)
			i += 2
		default:
			b.WriteByte(c)
		}
	}
	return nil
}

// unescape decodes a form-urlencoded key or value ("+" is a space, %XX a
// byte) in one pass, returning s itself when there is nothing to decode.
func unescape(s string) (string, error) {
	if !needsUnescape(s) {
		return s, nil
	}
	var b strings.Builder
	b.Grow(len(s))
	if err := unescapeTo(&b, s); err != nil {
		return "", err
	}
	return b.String(), nil
}

var errBadEscape = errors.New("invalid URL escape")

func unhex(c byte) (byte, bool) {
	switch {
	case c >= '0' && c <= '9':
		return c - '0', true
	case c >= 'a' && c <= 'f':
		return c - 'a' + 10, true
	case c >= 'A' && c <= 'F':
		return c - 'A' + 10, true
	}
	return 0, false
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "..."
}

// newEvent builds an event from the URL's fields and its own body line's
// (nil for a URL-only event); the line's keys override the URL's.
func newEvent(shared, own []Field, line int) (Event, error) {
	ev := Event{Line: line, Fields: own, Shared: shared, EngagementMillis: -1}
	if n := countPrefix(shared, "ep") + countPrefix(own, "ep"); n > 0 {
		ev.Params = make([]Param, 0, n)
	}
	if err := ev.apply(shared, false, nil); err != nil {
		return ev, err
	}
	if err := ev.apply(own, true, nil); err != nil {
		return ev, err
	}
	if ev.Name == "" {
		return ev, &Error{Line: line, Key: "en", Msg: "event has no name"}
	}
	return ev, nil
}

// countPrefix counts the fields whose key starts with prefix.
func countPrefix(fs []Field, prefix string) int {
	n := 0
	for i := range fs {
		if strings.HasPrefix(fs[i].Name, prefix) {
			n++
		}
	}
	return n
}

// setParam appends p, or replaces the param with the same name and type
// among the first base entries (those that came from the URL), so that a
// body line overrides the URL's value but never another key of its own
// line. at, when not nil, holds the position of the first of those
// entries for each name and type (see baseIndex).
func setParam(ps []Param, p Param, base int, at map[paramKey]int) []Param {
	if at != nil {
		if i, ok := at[paramKey{p.Name, p.Type}]; ok {
			ps[i] = p
			return ps
		}
		return append(ps, p)
	}
	for i := range ps[:base] {
		if ps[i].Name == p.Name && ps[i].Type == p.Type {
			ps[i] = p
			return ps
		}
	}
	return append(ps, p)
}

// paramKey identifies a param, or user property, a body line may override.
type paramKey struct {
	name string
	typ  Type
}

// baseIndex finds what an event of a batch took from the URL: for each
// param and user property name and type, and for each item index, the
// position of its first entry. With it a body line overrides the URL's
// values in one lookup per key, where a scan would cost the line's keys
// times the URL's. A map is only built for a part with more than
// scanBelow entries; a scan of a few is quicker.
type baseIndex struct {
	params, props map[paramKey]int
	items         map[int]int
}

// scanBelow is how many URL entries setParam scans before an index pays.
const scanBelow = 8

func newBaseIndex(base *Event) *baseIndex {
	keys := func(ps []Param) map[paramKey]int {
		if len(ps) <= scanBelow {
			return nil
		}
		m := make(map[paramKey]int, len(ps))
		for i, p := range ps {
			if _, dup := m[paramKey{p.Name, p.Type}]; !dup {
				m[paramKey{p.Name, p.Type}] = i
			}
		}
		return m
	}
	bi := &baseIndex{params: keys(base.Params), props: keys(base.UserProps)}
	if len(base.Items) > scanBelow {
		bi.items = make(map[int]int, len(base.Items))
		for i, it := range base.Items {
			if _, dup := bi.items[it.Index]; !dup {
				bi.items[it.Index] = i
			}
		}
	}
	return bi
}

// apply interprets fields into the event's typed parts.
// When override is set, the fields are a body line's and replace what the
// event took from the URL; idx, when not nil, indexes that (see
// baseIndex).
func (ev *Event) apply(fields []Field, override bool, idx *baseIndex) error {
	line := ev.Line
	if idx == nil {
		idx = &baseIndex{}
	}
	baseParams, baseProps, baseItems := 0, 0, 0
	if override {
		baseParams, baseProps, baseItems = len(ev.Params), len(ev.UserProps), len(ev.Items)
	}
	for _, f := range fields {
		k := f.Name
		switch k {
		case "en":
			ev.Name = f.Value
			continue
		case "_et":
			ev.EngagementMillis = -1
			if n, err := strconv.ParseInt(f.Value, 10, 64); err == nil {
				ev.EngagementMillis = n
			}
			continue
		case "dl":
			ev.PageLocation = f.Value
			continue
		case "dt":
			ev.PageTitle = f.Value
			continue
		case "dr":
			ev.PageReferrer = f.Value
			continue
		case "cu":
			ev.Currency = f.Value
			continue
		case "uid":
			ev.UserID = f.Value
			continue
		case "_ss":
			ev.SessionStart = true
			continue
		case "_fv":
			ev.FirstVisit = true
			continue
		case "_c":
			ev.KeyEvent = true
			continue
		case "_ee":
			ev.External = true
			continue
		}
		if len(k) < 3 {
			continue
		}
		switch {
		case strings.HasPrefix(k, "ep."):
			ev.Params = setParam(ev.Params, Param{Name: k[3:], Type: TypeString, Value: f.Value}, baseParams, idx.params)
		case strings.HasPrefix(k, "epn."):
			ev.Params = setParam(ev.Params, numberParam(k[4:], f.Value), baseParams, idx.params)
		case strings.HasPrefix(k, "up."):
			ev.UserProps = setParam(ev.UserProps, Param{Name: k[3:], Type: TypeString, Value: f.Value}, baseProps, idx.props)
		case strings.HasPrefix(k, "upn."):
			ev.UserProps = setParam(ev.UserProps, numberParam(k[4:], f.Value), baseProps, idx.props)
		case k[0] == 'p' && k[1] == 'r' && isDigits(k[2:]):
			n, err := strconv.Atoi(k[2:])
			if err != nil || n < 1 {
				return &Error{Line: line, Key: k, Msg: "item index must be 1 or more"}
			}
			it := decodeItem(n, f.Value)
			if at, ok := baseItem(ev.Items[:baseItems], idx.items, n); ok {
				ev.Items[at] = it
			} else {
				ev.Items = append(ev.Items, it)
			}
		}
	}
	return nil
}

// baseItem returns the position of the item with index n among the items
// an event took from the URL, looked up in at when it is not nil.
func baseItem(items []Item, at map[int]int, n int) (int, bool) {
	if at != nil {
		i, ok := at[n]
		return i, ok
	}
	for i := range items {
		if items[i].Index == n {
			return i, true
		}
	}
	return 0, false
}

func numberParam(name, v string) Param {
	p := Param{Name: name, Type: TypeNumber, Value: v}
	if n, err := strconv.ParseFloat(v, 64); err == nil {
		p.Number, p.NumberOK = n, true
	}
	return p
}

func isDigits(s string) bool {
	if s == "" || len(s) > 6 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// itemCodes maps the two-letter item codes of the wire format to GA4 item
// parameter names.
var itemCodes = map[string]string{
	"id": "item_id", "nm": "item_name", "br": "item_brand", "ca": "item_category",
	"c2": "item_category2", "c3": "item_category3", "c4": "item_category4", "c5": "item_category5",
	"va": "item_variant", "pr": "price", "qt": "quantity", "cp": "coupon",
	"ln": "item_list_name", "li": "item_list_id", "lp": "index", "ds": "discount",
	"af": "affiliation", "pi": "promotion_id", "pn": "promotion_name", "cn": "creative_name",
	"cs": "creative_slot", "lo": "location_id",
}

// ItemParamName returns the GA4 item parameter name of a two-letter wire
// code, and whether the code is known.
func ItemParamName(code string) (string, bool) {
	n, ok := itemCodes[code]
	return n, ok
}

// isCustomIndex reports whether c is a custom item parameter index: 0-9 then A-Z.
func isCustomIndex(c byte) bool {
	return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z')
}

// decodeItem decodes a prN value: "~"-separated tokens of a two-letter code
// and a value, where "~~" stands for a literal "~".
func decodeItem(idx int, v string) Item {
	it := Item{Index: idx, Fields: make([]Field, 0, strings.Count(v, "~")+1)}
	type pending struct {
		index      byte
		key, val   string
		hasK, hasV bool
	}
	var custom []pending
	for pos := 0; pos <= len(v); {
		var tok string
		tok, pos = nextToken(v, pos)
		if len(tok) < 2 {
			if tok != "" {
				it.Fields = append(it.Fields, Field{Name: tok})
			}
			continue
		}
		code, val := tok[:2], tok[2:]
		if name, ok := itemCodes[code]; ok {
			it.Fields = append(it.Fields, Field{Name: name, Value: val})
			continue
		}
		isKey := code[0] == 'k' && isCustomIndex(code[1])
		if !isKey && !(code[0] == 'v' && isCustomIndex(code[1])) {
			it.Fields = append(it.Fields, Field{Name: code, Value: val})
			continue
		}
		at := -1
		for i := range custom {
			if custom[i].index == code[1] {
				at = i
				break
			}
		}
		if at < 0 {
			custom = append(custom, pending{index: code[1]})
			at = len(custom) - 1
		}
		if isKey {
			custom[at].key, custom[at].hasK = val, true
		} else {
			custom[at].val, custom[at].hasV = val, true
		}
	}
	for _, c := range custom {
		if c.hasK {
			it.Custom = append(it.Custom, Field{Name: c.key, Value: c.val})
		}
	}
	return it
}

// nextToken returns the "~"-separated token of s starting at pos, with
// "~~" turned into "~", and the position after its separator (len(s)+1
// after the last token).
func nextToken(s string, pos int) (string, int) {
	escaped := false
	i := pos
	for i < len(s) {
		if s[i] != '~' {
			i++
			continue
		}
		if i+1 < len(s) && s[i+1] == '~' {
			escaped = true
			i += 2
			continue
		}
		break
	}
	tok := s[pos:i]
	if escaped {
		tok = strings.ReplaceAll(tok, "~~", "~")
	}
	return tok, i + 1
}

// splitTilde splits s on single "~", turning "~~" into a literal "~".
func splitTilde(s string) []string {
	var out []string
	for pos := 0; pos <= len(s); {
		var tok string
		tok, pos = nextToken(s, pos)
		out = append(out, tok)
	}
	return out
}

// decode fills the per-type states from GCD and GCS.
func (c *Consent) decode() {
	if c.GCD != "" {
		var states [4]ConsentState
		n := 0
		for i := 2; i < len(c.GCD) && n < 4; i++ {
			ch := c.GCD[i]
			if ch >= '0' && ch <= '9' {
				continue
			}
			states[n] = gcdLetter(ch)
			n++
		}
		c.AdStorage, c.AnalyticsStorage, c.AdUserData, c.AdPersonalization = states[0], states[1], states[2], states[3]
	}
	if len(c.GCS) == 4 && c.GCS[0] == 'G' && c.GCS[1] == '1' {
		if s := gcsDigit(c.GCS[2]); s != ConsentUnknown {
			c.AdStorage = s
		}
		if s := gcsDigit(c.GCS[3]); s != ConsentUnknown {
			c.AnalyticsStorage = s
		}
	}
}

func gcsDigit(ch byte) ConsentState {
	switch ch {
	case '1':
		return ConsentGranted
	case '0':
		return ConsentDenied
	}
	return ConsentUnknown
}

// gcdLetter maps a Consent Mode v2 signal letter to the state in effect.
// Unknown letters mean unknown, never an error.
func gcdLetter(ch byte) ConsentState {
	if ch >= 'A' && ch <= 'Z' {
		ch += 'a' - 'A'
	}
	switch ch {
	case 'p', 'q', 'm', 'u':
		return ConsentDenied
	case 't', 'r', 'n', 'v':
		return ConsentGranted
	}
	return ConsentUnknown
}
