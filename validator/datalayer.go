package validator

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/tagspec/tagspec/hits"
)

// The largest dataLayer push the validator reads. A push past either
// bound is not read as an event, and Check says that it could not read
// it for personal data. Real pushes are far smaller: a GTM ecommerce push
// of 200 items is about 100 KB, nested 4 levels deep.
const (
	// MaxPushBytes bounds the JSON text of one push.
	MaxPushBytes = 1 << 20
	// MaxPushDepth bounds how deeply objects and lists nest in a push:
	// {"ecommerce": {"items": [{...}]}} is 4 levels deep.
	MaxPushDepth = 32
)

// CheckPush returns an error when a push is past MaxPushBytes or
// MaxPushDepth, saying which bound in the words of a tag's author. It
// reads the push once and stops at the first level past the depth bound.
func CheckPush(p Push) error {
	if n := len(p.Value); n > MaxPushBytes {
		return fmt.Errorf("dataLayer push is %d bytes; tagspec reads pushes of at most %d bytes (1 MiB)", n, MaxPushBytes)
	}
	if pushDepth(p.Value) > MaxPushDepth {
		return fmt.Errorf("dataLayer push nests objects and lists more than %d levels deep; tagspec reads pushes nested at most %d levels deep", MaxPushDepth, MaxPushDepth)
	}
	return nil
}

// pushDepth returns how deeply objects and arrays nest in JSON text, or
// MaxPushDepth+1 as soon as it is deeper than that. Brackets inside
// strings do not count; the text need not be valid JSON.
func pushDepth(v []byte) int {
	depth, deepest := 0, 0
	inString, escaped := false, false
	for _, c := range v {
		if inString {
			switch {
			case escaped:
				escaped = false
			case c == '\\':
				escaped = true
			case c == '"':
				inString = false
			}
			continue
		}
		switch c {
		case '"':
			inString = true
		case '{', '[':
			depth++
			if depth > deepest {
				deepest = depth
				if deepest > MaxPushDepth {
					return deepest
				}
			}
		case '}', ']':
			depth--
		}
	}
	return deepest
}

// ReadPush is EventFromPush with the reason a push is refused: an error
// when it is past MaxPushBytes or MaxPushDepth (see CheckPush), and then
// ok is false.
func ReadPush(p Push) (ev Event, ok bool, err error) {
	if err := CheckPush(p); err != nil {
		ev = Event{Source: SourceDataLayer, Page: p.Page, Time: p.Time, Step: p.Step, Hit: -1}
		ev.EngagementMillis = -1
		return ev, false, err
	}
	ev, ok = eventFromPush(p)
	return ev, ok, nil
}

// EventFromPush turns a dataLayer push into an observed event, when it is
// one: a GTM-style object with a string "event" key (its other top-level
// keys become params), or a gtag('event', name, params) call captured as
// the array ["event", name, {params}] or as the arguments object
// {"0": "event", "1": name, "2": {params}}. GTM's own events (gtm.js, gtm.dom,
// ...) are events too. Numbers become number params, strings string
// params, booleans the strings "true"/"false", and objects and arrays
// their JSON text. Key order is kept. A push past MaxPushBytes or
// MaxPushDepth is not an event; ReadPush says why.
func EventFromPush(p Push) (Event, bool) {
	ev, ok, _ := ReadPush(p)
	return ev, ok
}

func eventFromPush(p Push) (Event, bool) {
	ev := Event{Source: SourceDataLayer, Page: p.Page, Time: p.Time, Step: p.Step, Hit: -1}
	ev.EngagementMillis = -1
	v := bytes.TrimSpace(p.Value)
	if len(v) == 0 {
		return ev, false
	}
	switch v[0] {
	case '[':
		var args []json.RawMessage
		if json.Unmarshal(v, &args) != nil || len(args) < 2 {
			return ev, false
		}
		var cmd, name string
		if json.Unmarshal(args[0], &cmd) != nil || cmd != "event" || json.Unmarshal(args[1], &name) != nil || name == "" {
			return ev, false
		}
		ev.Name = name
		if len(args) > 2 {
			params, err := orderedObject(args[2])
			if err != nil {
				return ev, false
			}
			ev.Params = params
		}
		return ev, true
	case '{':
		params, err := orderedObject(v)
		if err != nil {
			return ev, false
		}
		// gtag() pushes its arguments object, which serialises as
		// {"0": "event", "1": name, "2": {...}} unless the capturer turned
		// it into an array.
		if len(params) >= 2 && params[0].Name == "0" && params[0].Value == "event" && params[0].Type == hits.TypeString {
			var args map[string]json.RawMessage
			if json.Unmarshal(v, &args) != nil {
				return ev, false
			}
			var name string
			if json.Unmarshal(args["1"], &name) != nil || name == "" {
				return ev, false
			}
			ev.Name = name
			if raw, ok := args["2"]; ok {
				ps, err := orderedObject(raw)
				if err != nil {
					return ev, false
				}
				ev.Params = ps
			}
			return ev, true
		}
		for i, p := range params {
			if p.Name == "event" && p.Type == hits.TypeString {
				ev.Name = p.Value
				ev.Params = append(params[:i:i], params[i+1:]...)
				return ev, ev.Name != ""
			}
		}
	}
	return ev, false
}

// orderedObject decodes a JSON object into params in key order.
func orderedObject(raw json.RawMessage) ([]hits.Param, error) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	tok, err := dec.Token()
	if err != nil {
		return nil, err
	}
	if d, ok := tok.(json.Delim); !ok || d != '{' {
		return nil, fmt.Errorf("not an object")
	}
	var out []hits.Param
	for dec.More() {
		kt, err := dec.Token()
		if err != nil {
			return nil, err
		}
		key, _ := kt.(string)
		var val json.RawMessage
		if err := dec.Decode(&val); err != nil {
			return nil, err
		}
		out = append(out, jsonParam(key, val))
	}
	return out, nil
}

func jsonParam(name string, val json.RawMessage) hits.Param {
	val = bytes.TrimSpace(val)
	p := hits.Param{Name: name, Type: hits.TypeString}
	if len(val) == 0 {
		return p
	}
	switch val[0] {
	case '"':
		var s string
		_ = json.Unmarshal(val, &s)
		p.Value = s
	case 't', 'f':
		p.Value = string(val)
	case 'n':
		p.Value = ""
	case '{', '[':
		var b bytes.Buffer
		if json.Compact(&b, val) == nil {
			p.Value = b.String()
		} else {
			p.Value = string(val)
		}
	default:
		p.Type = hits.TypeNumber
		p.Value = string(val)
		if n, err := strconv.ParseFloat(p.Value, 64); err == nil {
			p.Number, p.NumberOK = n, true
		}
	}
	return p
}

// EventsFromHit turns a decoded hit into observed events, one per GA4
// event, all sharing the hit's consent state. hitIndex numbers the hit in
// capture order; step and page say when and where it was captured. An
// event's Page is its dl, or page when it carries no dl. Google's gtag.js
// sends dl without the page's port, so when page is on the same scheme
// and host as dl and names a port that dl lacks, Page is dl with that
// port: the same URL as the page of the dataLayer pushes made with it.
// PageLocation keeps dl as sent.
func EventsFromHit(h *hits.Hit, hitIndex, step int, page string) []Event {
	return AppendEventsFromHit(make([]Event, 0, len(h.Events)), h, hitIndex, step, page)
}

// AppendEventsFromHit is EventsFromHit appending to dst, for capturers that
// collect a journey's events in one slice.
func AppendEventsFromHit(dst []Event, h *hits.Hit, hitIndex, step int, page string) []Event {
	for i := range h.Events {
		p := h.Events[i].PageLocation
		if p == "" {
			p = page
		} else {
			p = withPagePort(p, page)
		}
		dst = append(dst, Event{Event: h.Events[i], Source: SourceHit, Page: p, Time: h.At, Step: step, Consent: h.Consent, Hit: hitIndex, URL: h.URL})
	}
	return dst
}

// withPagePort returns dl with the port of page when dl names no port and
// page, on the same scheme and host, names one; otherwise dl.
func withPagePort(dl, page string) string {
	pScheme, pHost, pPort, _, ok := splitOrigin(page)
	if !ok || pPort == "" {
		return dl
	}
	scheme, host, port, hostEnd, ok := splitOrigin(dl)
	if !ok || port != "" || !strings.EqualFold(scheme, pScheme) || !strings.EqualFold(host, pHost) {
		return dl
	}
	return dl[:hostEnd] + ":" + pPort + dl[hostEnd:]
}

// splitOrigin splits the scheme, host and port (empty when none is named)
// off an absolute URL; hostEnd is the index in u just after the host.
func splitOrigin(u string) (scheme, host, port string, hostEnd int, ok bool) {
	i := strings.Index(u, "://")
	if i <= 0 {
		return "", "", "", 0, false
	}
	start := i + 3
	end := len(u)
	if j := strings.IndexAny(u[start:], "/?#"); j >= 0 {
		end = start + j
	}
	authStart := start
	if j := strings.LastIndexByte(u[start:end], '@'); j >= 0 {
		authStart = start + j + 1
	}
	hostEnd = end
	if j := strings.LastIndexByte(u[authStart:end], ':'); j >= 0 && !strings.HasSuffix(u[authStart:end], "]") {
		hostEnd = authStart + j
		port = u[hostEnd+1 : end]
	}
	host = u[authStart:hostEnd]
	if host == "" {
		return "", "", "", 0, false
	}
	return u[:i], host, port, hostEnd, true
}
