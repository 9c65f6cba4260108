package validator

import (
	"fmt"
	"unicode/utf8"

	"github.com/tagspec/tagspec/hits"
)

// GA4 collection limits (support article "Event collection limits").
const (
	MaxEventNameLen     = 40
	MaxParamsPerEvent   = 25
	MaxParamNameLen     = 40
	MaxParamValueLen    = 100
	MaxPageLocationLen  = 1000
	MaxPageTitleLen     = 300
	MaxPageReferrerLen  = 420
	MaxUserProps        = 25
	MaxUserPropNameLen  = 24
	MaxUserPropValueLen = 36
	MaxUserIDLen        = 256
	MaxItemsPerEvent    = 200
	MaxCustomItemParams = 27
)

type limitProblem struct {
	param   string
	message string
}

// pageValueLimit returns the longer value limit GA4 gives to the page_*
// parameters, or MaxParamValueLen.
func pageValueLimit(name string) int {
	switch name {
	case "page_location":
		return MaxPageLocationLen
	case "page_title":
		return MaxPageTitleLen
	case "page_referrer":
		return MaxPageReferrerLen
	}
	return MaxParamValueLen
}

// wireLimits returns the GA4 collection limits an event exceeds (the Max
// constants of this package: name and value lengths, params, user
// properties, items, items without id or name, custom item params). The
// checker reports each distinct breach once per journey.
func wireLimits(e *hits.Event) []limitProblem {
	var out []limitProblem
	if n := utf8.RuneCountInString(e.Name); n > MaxEventNameLen {
		out = append(out, limitProblem{"", fmt.Sprintf("event name %q is %d characters; GA4 accepts at most %d", e.Name, n, MaxEventNameLen)})
	}
	if n := len(e.Params); n > MaxParamsPerEvent {
		out = append(out, limitProblem{"", fmt.Sprintf("event %q has %d params; GA4 keeps at most %d", e.Name, n, MaxParamsPerEvent)})
	}
	for _, p := range e.Params {
		if n := utf8.RuneCountInString(p.Name); n > MaxParamNameLen {
			out = append(out, limitProblem{p.Name, fmt.Sprintf("event %q: param name %q is %d characters; GA4 accepts at most %d", e.Name, p.Name, n, MaxParamNameLen)})
		}
		if p.Type != hits.TypeString {
			continue
		}
		if max := pageValueLimit(p.Name); len(p.Value) > max && utf8.RuneCountInString(p.Value) > max {
			n := utf8.RuneCountInString(p.Value)
			out = append(out, limitProblem{p.Name, fmt.Sprintf("event %q: param %q is %d characters; GA4 keeps at most %d", e.Name, p.Name, n, max)})
		}
	}
	for _, f := range [...]struct {
		key, name, value string
		max              int
	}{
		{"dl", "page_location", e.PageLocation, MaxPageLocationLen},
		{"dt", "page_title", e.PageTitle, MaxPageTitleLen},
		{"dr", "page_referrer", e.PageReferrer, MaxPageReferrerLen},
		{"uid", "user_id", e.UserID, MaxUserIDLen},
	} {
		if len(f.value) <= f.max {
			continue
		}
		if n := utf8.RuneCountInString(f.value); n > f.max {
			out = append(out, limitProblem{"", fmt.Sprintf("event %q: %s (%s) is %d characters; GA4 keeps at most %d", e.Name, f.name, f.key, n, f.max)})
		}
	}
	if n := len(e.UserProps); n > MaxUserProps {
		out = append(out, limitProblem{"", fmt.Sprintf("event %q sets %d user properties; GA4 keeps at most %d", e.Name, n, MaxUserProps)})
	}
	for _, p := range e.UserProps {
		if n := utf8.RuneCountInString(p.Name); n > MaxUserPropNameLen {
			out = append(out, limitProblem{p.Name, fmt.Sprintf("event %q: user property name %q is %d characters; GA4 accepts at most %d", e.Name, p.Name, n, MaxUserPropNameLen)})
		}
		if n := utf8.RuneCountInString(p.Value); n > MaxUserPropValueLen {
			out = append(out, limitProblem{p.Name, fmt.Sprintf("event %q: user property %q is %d characters; GA4 keeps at most %d", e.Name, p.Name, n, MaxUserPropValueLen)})
		}
	}
	if n := len(e.Items); n > MaxItemsPerEvent {
		out = append(out, limitProblem{"items", fmt.Sprintf("event %q has %d items; GA4 keeps at most %d", e.Name, n, MaxItemsPerEvent)})
	}
	for i := range e.Items {
		it := &e.Items[i]
		_, hasID := it.Get("item_id")
		_, hasName := it.Get("item_name")
		if !hasID && !hasName {
			out = append(out, limitProblem{"items", fmt.Sprintf("event %q: item %d (pr%d) has neither item_id nor item_name; GA4 drops it", e.Name, i+1, it.Index)})
		}
		if n := len(it.Custom); n > MaxCustomItemParams {
			out = append(out, limitProblem{"items", fmt.Sprintf("event %q: item %d (pr%d) has %d custom params; GA4 keeps at most %d", e.Name, i+1, it.Index, n, MaxCustomItemParams)})
		}
	}
	return out
}
