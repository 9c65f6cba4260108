package validator

import (
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/tagspec/tagspec/hits"
	"github.com/tagspec/tagspec/pii"
	"github.com/tagspec/tagspec/spec"
)

type piiProblem struct {
	param   string
	message string
	text    string // the personal data itself, for redacting reports; never printed
}

// piiAllow is what a spec accepts from the personal-data check: params and
// user properties marked pii: {allow: reason}, and values listed under
// crawl.pii_allow.
type piiAllow struct {
	params    map[string]bool // event name + "\x00" + param name
	userProps map[string]bool
	values    map[string]bool // canonical form of each allowed value
}

func newPIIAllow(s *spec.Spec) piiAllow {
	var a piiAllow
	for i := range s.Events {
		for _, p := range s.Events[i].Params {
			if p.PIIAllow != "" {
				if a.params == nil {
					a.params = map[string]bool{}
				}
				a.params[s.Events[i].Name+"\x00"+p.Name] = true
			}
		}
	}
	for _, up := range s.UserProperties {
		if up.PIIAllow != "" {
			if a.userProps == nil {
				a.userProps = map[string]bool{}
			}
			a.userProps[up.Name] = true
		}
	}
	for _, v := range s.Crawl.PIIAllow {
		if a.values == nil {
			a.values = map[string]bool{}
		}
		a.values[pii.Canonical(v.Value)] = true
	}
	return a
}

// piiScan finds personal data in the events of one journey. It remembers
// what it reported, so that a page URL carrying an email address is
// reported once, not for every hit, and it reads each page URL and title
// once, however many events share it.
type piiScan struct {
	allow *piiAllow
	seen  map[string]bool
	hints pii.Hints
	// slots remembers, per event name, each param position's name, hint
	// and last value: events of one name send their params in the same
	// order, mostly with the same values, and a value already read at the
	// same place gives nothing new.
	slots map[string][]piiSlot
	// last page location, referrer, title and hit URL read.
	lastDL, lastDR, lastDT, lastURL string
	buf                             []pii.Match
	// pp is scratch space for what validate read of one event.
	pp paramPII
}

type piiSlot struct {
	name, value string
	hint        pii.Hint
}

// where says where in an event a value sits; it is only turned into text
// when something is found.
type piiWhere struct {
	kind string // "page_location (dl)", "param", "user property", "item", ...
	name string // param, user property or item field name
	item int    // 1-based item number for kind "item"
}

// describe says where a match was found, for a finding message.
func (w piiWhere) describe(m pii.Match) string {
	var s string
	switch {
	case w.item > 0:
		s = fmt.Sprintf("item %d %s", w.item, w.name)
	case w.name != "":
		s = fmt.Sprintf("%s %q", w.kind, w.name)
	default:
		s = w.kind
	}
	switch {
	case m.Key != "":
		s += fmt.Sprintf(" %s parameter %q", m.Part, m.Key)
	case m.Part != "":
		s += " " + m.Part
	}
	return s
}

func (sc *piiScan) hint(name string) pii.Hint { return sc.hints.Of(name) }

// scan returns the personal data found in an event's page location,
// referrer, title, user id, params, user properties and items (package pii
// says which kinds). In a hit it is an error; anywhere in a dataLayer
// push (scanPush) a warning, unless a hit carried the same data. Each
// value is reported once per journey, masked; Finding.Personal keeps it
// for reports to mask elsewhere. Params marked pii: {allow: reason} and
// values under crawl.pii_allow are not reported.
//
// pp, when not nil, holds what validate already read in the spec params:
// their matches are reported and the params are not read again.
func (sc *piiScan) scan(e *Event, pp *paramPII) []piiProblem {
	var out []piiProblem
	if e.PageLocation != sc.lastDL {
		sc.lastDL = e.PageLocation
		out = sc.url(out, e, piiWhere{kind: "page_location (dl)"}, "", e.PageLocation)
	}
	if e.PageReferrer != sc.lastDR {
		sc.lastDR = e.PageReferrer
		out = sc.url(out, e, piiWhere{kind: "page_referrer (dr)"}, "", e.PageReferrer)
	}
	if e.Source == SourceHit && e.PageLocation == "" && e.URL != sc.lastURL {
		sc.lastURL = e.URL
		out = sc.url(out, e, piiWhere{kind: "the hit URL"}, "", e.URL)
	}
	if e.PageTitle != sc.lastDT {
		sc.lastDT = e.PageTitle
		out = sc.value(out, e, piiWhere{kind: "page_title (dt)"}, "", e.PageTitle, pii.Hint{})
	}
	out = sc.value(out, e, piiWhere{kind: "user_id (uid)"}, "", e.UserID, pii.Hint{})
	if pp != nil {
		for _, f := range pp.found {
			sc.buf = append(sc.buf[:0], f.matches...)
			out = sc.report(out, e, piiWhere{kind: "param", name: f.param}, f.param)
		}
	}
	if sc.slots == nil {
		sc.slots = map[string][]piiSlot{}
	}
	slots := sc.slots[e.Name]
	for i := range e.Params {
		if pp != nil && i < 64 && pp.covered&(1<<i) != 0 {
			continue
		}
		p := &e.Params[i]
		var h pii.Hint
		if i < len(slots) && slots[i].name == p.Name {
			if slots[i].value == p.Value {
				continue
			}
			h = slots[i].hint
			slots[i].value = p.Value
		} else {
			h = sc.hint(p.Name)
			if i < len(slots) {
				slots[i] = piiSlot{name: p.Name, value: p.Value, hint: h}
			} else if i == len(slots) {
				slots = append(slots, piiSlot{name: p.Name, value: p.Value, hint: h})
			}
		}
		if sc.allow.params != nil && sc.allow.params[e.Name+"\x00"+p.Name] {
			continue
		}
		sc.buf = scanParamValue(sc.buf[:0], p, h)
		out = sc.report(out, e, piiWhere{kind: "param", name: p.Name}, p.Name)
	}
	sc.slots[e.Name] = slots
	for i := range e.UserProps {
		p := &e.UserProps[i]
		if sc.allow.userProps[p.Name] {
			continue
		}
		out = sc.value(out, e, piiWhere{kind: "user property", name: p.Name}, p.Name, p.Value, sc.hint(p.Name))
	}
	for i := range e.Items {
		for _, fs := range [...][]hits.Field{e.Items[i].Fields, e.Items[i].Custom} {
			for _, f := range fs {
				out = sc.value(out, e, piiWhere{kind: "item", name: f.Name, item: i + 1}, "items", f.Value, sc.hint(f.Name))
			}
		}
	}
	return out
}

// scanParamValue appends the personal data in one event param.
func scanParamValue(dst []pii.Match, p *hits.Param, h pii.Hint) []pii.Match {
	switch {
	case p.Type != hits.TypeString && h.Kind == pii.None && len(p.Value) < 13:
		// A number is a bare run of digits: personal only under a name
		// that says so, or as long as a card number.
		return dst
	case looksLikeURL(p.Value):
		return pii.URL(dst, p.Value)
	}
	return pii.Value(dst, p.Value, h)
}

func (sc *piiScan) value(out []piiProblem, e *Event, w piiWhere, param, v string, h pii.Hint) []piiProblem {
	if len(v) < 2 {
		return out
	}
	sc.buf = pii.Value(sc.buf[:0], v, h)
	return sc.report(out, e, w, param)
}

func (sc *piiScan) url(out []piiProblem, e *Event, w piiWhere, param, u string) []piiProblem {
	if u == "" {
		return out
	}
	sc.buf = pii.URLWith(sc.buf[:0], u, &sc.hints)
	return sc.report(out, e, w, param)
}

// report turns the matches in sc.buf into problems, leaving out allowed
// values and what this journey already reported.
func (sc *piiScan) report(out []piiProblem, e *Event, w piiWhere, param string) []piiProblem {
	for _, m := range sc.buf {
		if sc.allow.values != nil && sc.allow.values[pii.Canonical(m.Text)] {
			continue
		}
		where := w.describe(m)
		key := m.Kind.Label() + "\x00" + where + "\x00" + m.Text
		if sc.seen == nil {
			sc.seen = map[string]bool{}
		}
		if sc.seen[key] {
			continue
		}
		sc.seen[key] = true
		out = append(out, piiProblem{param: param, text: m.Text,
			message: fmt.Sprintf("event %q carries %s in %s (%s)", e.Name, m.Kind, where, pii.Mask(m.Kind, m.Text))})
	}
	return out
}

// scanPush returns the personal data in one dataLayer push: every string
// (and number under a name that says what it holds) at any depth, read
// with the key it was pushed under. skip holds data already reported from
// hits, which says more than the push.
func (sc *piiScan) scanPush(p *Push, skip map[string]bool) []piiProblem {
	var v any
	if json.Unmarshal(p.Value, &v) != nil {
		return nil
	}
	event := ""
	var out []piiProblem
	// The path to the value being read is kept as a stack of segments
	// and only written out when something is found: writing it for every
	// value would copy long keys once per value beneath them.
	var path []pathSegment
	var walk func(key string, v any, depth int)
	walk = func(key string, v any, depth int) {
		if depth > MaxPushDepth {
			return
		}
		switch x := v.(type) {
		case map[string]any:
			keys := make([]string, 0, len(x))
			for k := range x {
				if strings.HasPrefix(k, "gtm.") {
					// GTM's own keys (gtm.element, gtm.elementUrl,
					// gtm.start): what the page showed or the time, put
					// there by GTM, not by the site.
					continue
				}
				keys = append(keys, k)
			}
			sort.Strings(keys)
			for _, k := range keys {
				path = append(path, pathSegment{key: k})
				walk(k, x[k], depth+1)
				path = path[:len(path)-1]
			}
		case []any:
			for i, y := range x {
				path = append(path, pathSegment{index: i, isIndex: true})
				walk(key, y, depth+1)
				path = path[:len(path)-1]
			}
		case string:
			if len(x) < 2 {
				return
			}
			if looksLikeURL(x) {
				sc.buf = pii.URLWith(sc.buf[:0], x, &sc.hints)
			} else {
				sc.buf = pii.Value(sc.buf[:0], x, sc.hint(key))
			}
			if len(sc.buf) > 0 {
				out = sc.reportPush(out, p, pushPath(path), event, skip)
			}
		case float64:
			if h := sc.hint(key); h.Kind != pii.None {
				sc.buf = pii.Value(sc.buf[:0], strconv.FormatFloat(x, 'f', -1, 64), h)
				if len(sc.buf) > 0 {
					out = sc.reportPush(out, p, pushPath(path), event, skip)
				}
			}
		}
	}
	if m, ok := v.(map[string]any); ok {
		event, _ = m["event"].(string)
	}
	if a, ok := v.([]any); ok && len(a) >= 2 {
		switch cmd, _ := a[0].(string); cmd {
		case "event":
			event, _ = a[1].(string)
		case "consent", "js", "get":
			// gtag('consent', 'default', {...}) holds granted and
			// denied; gtag('js', date) a date.
			return nil
		}
		// gtag('event', name, {params}), gtag('set', {...}),
		// gtag('config', id, {...}): the params are what matters.
		for i, y := range a {
			if i == 0 || (i == 1 && event != "") {
				continue
			}
			walk("", y, 1)
		}
		return out
	}
	walk("", v, 0)
	return out
}

// pathSegment is one step of the path to a value in a dataLayer push: an
// object key, or an array index.
type pathSegment struct {
	key     string
	index   int
	isIndex bool
}

// pushPath writes a path the way findings show it: keys joined with ".",
// indexes in brackets (ecommerce.items[0].item_name).
func pushPath(path []pathSegment) string {
	var b strings.Builder
	for _, s := range path {
		switch {
		case s.isIndex:
			b.WriteByte('[')
			b.WriteString(strconv.Itoa(s.index))
			b.WriteByte(']')
		case b.Len() > 0:
			b.WriteByte('.')
			b.WriteString(s.key)
		default:
			b.WriteString(s.key)
		}
	}
	return b.String()
}

func (sc *piiScan) reportPush(out []piiProblem, p *Push, path, event string, skip map[string]bool) []piiProblem {
	for _, m := range sc.buf {
		if skip[m.Text] || sc.allow.values != nil && sc.allow.values[pii.Canonical(m.Text)] {
			continue
		}
		key := "push\x00" + m.Kind.Label() + "\x00" + path + "\x00" + m.Text
		if sc.seen == nil {
			sc.seen = map[string]bool{}
		}
		if sc.seen[key] {
			continue
		}
		sc.seen[key] = true
		where := fmt.Sprintf("key %q", path)
		if m.Key != "" {
			where += fmt.Sprintf(" (%s parameter %q)", m.Part, m.Key)
		}
		what := "a dataLayer push"
		if event != "" {
			what = fmt.Sprintf("the dataLayer push of event %q", event)
		}
		out = append(out, piiProblem{param: path, text: m.Text,
			message: fmt.Sprintf("%s carries %s in %s (%s): it reached the page's data layer, where any tag can read and send it", what, m.Kind, where, pii.Mask(m.Kind, m.Text))})
	}
	return out
}

func looksLikeURL(s string) bool {
	return strings.HasPrefix(s, "http://") || strings.HasPrefix(s, "https://")
}
