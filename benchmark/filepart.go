package benchmark

import (
	"strings"
	"time"

	"github.com/tagspec/tagspec/ga4export"
)

// filePart is one export file reduced by a worker of RunFiles without
// knowing what came before it, so files can be read in parallel: sums that
// do not depend on order, plus the file's session rows cut into segments
// wherever the Accumulator could move its date watermark. Accumulator.merge
// replays the segments in order and reaches exactly the state that Add
// reaches row by row.
type filePart struct {
	plan *Plan
	opts Options

	rows, used   int64
	dayCounts    map[string][]int64
	noSession    map[string]int64
	noUser       map[string]int64
	purchases    int64
	purchaseNoTx int64
	noTxDays     map[string]bool

	localMax string // the newest valid event_date seen in this file
	segments []*segment
}

// segment is a run of session rows of one file that starts at a row with a
// valid event_date later than every earlier one in the file (the first
// segment may start without one). The Accumulator's watermark can only move
// at such a row, so within a segment it stays put.
type segment struct {
	record   string                       // the date that opened the segment; "" for rows before any valid date
	dates    map[string]int64             // session rows per event_date, for the late and bad-date counts
	sessions map[sessionKey]*sessionState // the segment's rows folded per session
}

func newFilePart(p *Plan, opts Options) *filePart {
	return &filePart{
		plan:      p,
		opts:      opts,
		dayCounts: map[string][]int64{},
		noSession: map[string]int64{},
		noUser:    map[string]int64{},
		noTxDays:  map[string]bool{},
	}
}

// add folds one row into the part, as Accumulator.Add would.
func (f *filePart) add(ev *ga4export.Event) {
	p := f.plan
	f.rows++
	if (f.opts.From != "" && ev.Date < f.opts.From) || (f.opts.To != "" && ev.Date > f.opts.To) {
		return
	}
	f.used++
	dc := f.dayCounts[ev.Date]
	if dc == nil {
		dc = make([]int64, len(p.slots)+1)
		f.dayCounts[ev.Date] = dc
	}
	dc[len(dc)-1]++
	slot, tracked := p.slotIndex[ev.Name]
	if tracked {
		dc[slot]++
	}
	if ev.Name == "purchase" {
		f.purchases++
		if tx := strings.TrimSpace(ev.TransactionID); tx == "" || tx == "(not set)" {
			f.purchaseNoTx++
			f.noTxDays[ev.Date] = true
		}
	}
	if ev.UserPseudoID == "" {
		f.noUser[ev.Name]++
		return
	}
	if !ev.HasSessionID {
		f.noSession[ev.Name]++
		return
	}
	if ev.Date > f.localMax {
		if _, err := time.Parse("20060102", ev.Date); err == nil {
			f.localMax = ev.Date
			f.segments = append(f.segments, newSegment(ev.Date))
		}
	}
	if len(f.segments) == 0 {
		f.segments = append(f.segments, newSegment(""))
	}
	seg := f.segments[len(f.segments)-1]
	seg.dates[ev.Date]++
	key := sessionKey{ev.UserPseudoID, ev.SessionID}
	s := seg.sessions[key]
	if s == nil {
		ts := make([]int64, len(p.slots))
		for i := range ts {
			ts[i] = absent
		}
		s = &sessionState{ts: ts, lastDate: ev.Date}
		seg.sessions[key] = s
	}
	if ev.Date > s.lastDate {
		s.lastDate = ev.Date
	}
	if tracked {
		if s.ts[slot] == absent || ev.Timestamp < s.ts[slot] {
			s.ts[slot] = ev.Timestamp
		}
		if m := p.macroSlot; m >= 0 && p.isMacro(ev.Name) {
			if s.ts[m] == absent || ev.Timestamp < s.ts[m] {
				s.ts[m] = ev.Timestamp
			}
		}
	}
}

func newSegment(record string) *segment {
	return &segment{record: record, dates: map[string]int64{}, sessions: map[sessionKey]*sessionState{}}
}

// merge adds a file's part to the accumulator as if its rows had been
// added one by one with Add, right after the files merged before it.
func (a *Accumulator) merge(f *filePart) {
	a.rows += f.rows
	a.used += f.used
	for day, fc := range f.dayCounts { // sums only; order does not matter
		dc := a.dayCounts[day]
		if dc == nil {
			a.dayCounts[day] = fc
			continue
		}
		for i, n := range fc {
			dc[i] += n
		}
	}
	for name, n := range f.noSession {
		a.noSession[name] += n
	}
	for name, n := range f.noUser {
		a.noUser[name] += n
	}
	a.purchases += f.purchases
	a.purchaseNoTx += f.purchaseNoTx
	for day := range f.noTxDays {
		a.noTxDays[day] = true
	}
	for _, seg := range f.segments {
		// Add moves the watermark at the segment's first row when its date
		// is past the watermark, closing sessions before any row of the
		// segment touches them.
		if seg.record > a.maxDate {
			d, _ := time.Parse("20060102", seg.record) // valid: checked in add
			a.raise(seg.record, d)
		}
		// Every other row of the segment leaves the watermark where it is:
		// a valid date in the segment is at most the record, so a date past
		// the watermark is one Add would count as not YYYYMMDD.
		for date, n := range seg.dates {
			switch {
			case date > a.maxDate:
				a.badDates += n
			case date < a.closedBefore:
				a.late += n
				a.lateDays[date] = true
			}
		}
		for key, ps := range seg.sessions {
			s := a.sessions[key]
			if s == nil {
				a.sessions[key] = ps
				continue
			}
			if ps.lastDate > s.lastDate {
				s.lastDate = ps.lastDate
			}
			for i, t := range ps.ts {
				if t != absent && (s.ts[i] == absent || t < s.ts[i]) {
					s.ts[i] = t
				}
			}
			a.free = append(a.free, ps.ts)
		}
	}
}
