package momentum

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Step is one step of a pattern: Count occurrences (at least one) of
// Event, all after the step before completed.
type Step struct {
	Event string `json:"event"`
	Count int    `json:"count"`
}

// Pattern is a sequence of micro-conversions. A user matches it when,
// from the start (the user's first event, or Start's first occurrence),
// each step's event occurs Count times after the step before completed,
// and the last step completes within Within of the start (no limit when
// zero). For a user who converted, only the events before the first
// macro-conversion count: a pattern precedes the conversion.
type Pattern struct {
	Name   string        `json:"name,omitempty"`  // set for patterns the spec declares
	Start  string        `json:"start,omitempty"` // start event; empty: the user's first event in the data
	Steps  []Step        `json:"steps"`
	Within time.Duration `json:"within,omitempty"`
}

// String describes the pattern in words, e.g. "pricing_view x3 then
// roi_calculator_engaged within 7 days".
func (p Pattern) String() string {
	var b strings.Builder
	for i, s := range p.Steps {
		if i > 0 {
			b.WriteString(" then ")
		}
		b.WriteString(s.Event)
		if s.Count > 1 {
			b.WriteString(" x" + strconv.Itoa(s.Count))
		}
	}
	if p.Within > 0 {
		b.WriteString(" within " + DurationWords(p.Within))
	}
	if p.Start != "" {
		b.WriteString(" of " + p.Start)
	}
	return b.String()
}

// DurationWords writes a duration as people say it: "7 days", "1 day",
// "36 hours", "90 minutes".
func DurationWords(d time.Duration) string {
	plural := func(n int64, unit string) string {
		if n == 1 {
			return "1 " + unit
		}
		return fmt.Sprintf("%d %ss", n, unit)
	}
	switch {
	case d%(24*time.Hour) == 0:
		return plural(int64(d/(24*time.Hour)), "day")
	case d%time.Hour == 0:
		return plural(int64(d/time.Hour), "hour")
	case d%time.Minute == 0:
		return plural(int64(d/time.Minute), "minute")
	}
	return d.String()
}

// cstep is a step with its event as an index into Timelines.Events.
type cstep struct {
	ev    uint16
	count int
}

// match walks a timeline from index i and returns the index just after
// the occurrence that completes the steps and its time; ok is false when
// the steps do not complete. The walk is greedy: each step completes at
// the earliest occurrence it can, which gives the earliest completion of
// the whole sequence, so a window check on the result is exact.
func match(ev []uint16, ts []int64, i int, steps []cstep) (next int, done int64, ok bool) {
	for _, s := range steps {
		need := s.count
		for ; i < len(ev) && need > 0; i++ {
			if ev[i] == s.ev {
				need--
			}
		}
		if need > 0 {
			return 0, 0, false
		}
	}
	if i == 0 {
		return 0, NoTime, true
	}
	return i, ts[i-1], true
}

// WithinText writes a window the way a spec does: "7d", "36h"; "" for
// none.
func WithinText(d time.Duration) string {
	switch {
	case d <= 0:
		return ""
	case d%(24*time.Hour) == 0:
		return strconv.FormatInt(int64(d/(24*time.Hour)), 10) + "d"
	case d%time.Hour == 0:
		return strconv.FormatInt(int64(d/time.Hour), 10) + "h"
	}
	return d.String()
}

// MarshalJSON writes Within as the spec writes it ("7d"), not in
// nanoseconds.
func (p Pattern) MarshalJSON() ([]byte, error) {
	type plain struct {
		Name   string `json:"name,omitempty"`
		Start  string `json:"start,omitempty"`
		Steps  []Step `json:"steps"`
		Within string `json:"within,omitempty"`
	}
	return json.Marshal(plain{p.Name, p.Start, p.Steps, WithinText(p.Within)})
}

// UnmarshalJSON reads what MarshalJSON writes, so that saved bench reports
// read back (tagspec report summary reads them).
func (p *Pattern) UnmarshalJSON(data []byte) error {
	var plain struct {
		Name   string `json:"name"`
		Start  string `json:"start"`
		Steps  []Step `json:"steps"`
		Within string `json:"within"`
	}
	if err := json.Unmarshal(data, &plain); err != nil {
		return err
	}
	within, err := ParseWithin(plain.Within)
	if err != nil {
		return fmt.Errorf("pattern %q: within: %w", plain.Name, err)
	}
	*p = Pattern{Name: plain.Name, Start: plain.Start, Steps: plain.Steps, Within: within}
	return nil
}

// ParseWithin reads a window as WithinText writes it: days ("7d"), hours
// ("36h") or any Go duration; "" is no window.
func ParseWithin(s string) (time.Duration, error) {
	if s == "" {
		return 0, nil
	}
	if n, ok := strings.CutSuffix(s, "d"); ok {
		days, err := strconv.ParseInt(n, 10, 32)
		if err != nil || days <= 0 {
			return 0, fmt.Errorf("%q: want a number of days such as 7d", s)
		}
		return time.Duration(days) * 24 * time.Hour, nil
	}
	d, err := time.ParseDuration(s)
	if err != nil || d <= 0 {
		return 0, fmt.Errorf("%q: want days (7d) or hours (36h)", s)
	}
	return d, nil
}
