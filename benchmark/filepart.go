package benchmark

import (
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

	rowTotals

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
	return &filePart{plan: p, opts: opts, rowTotals: newRowTotals()}
}

// add folds one row into the part, as Accumulator.Add would.
func (f *filePart) add(ev *ga4export.Event) {
	p := f.plan
	slot, tracked, ok := f.count(p, f.opts, ev)
	if !ok {
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
	s.fold(p, ev, slot, tracked)
}

func newSegment(record string) *segment {
	return &segment{record: record, dates: map[string]int64{}, sessions: map[sessionKey]*sessionState{}}
}

// merge adds a file's part to the accumulator as if its rows had been
// added one by one with Add, right after the files merged before it.
func (a *Accumulator) merge(f *filePart) {
	a.rowTotals.merge(&f.rowTotals)
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
			i, ok := a.sessions[key]
			if !ok {
				i = a.openSession(ps.lastDate)
				a.sessions[key] = i
			} else if ps.lastDate > a.sessLast[i] {
				a.sessLast[i] = ps.lastDate
			}
			foldTimes(a.sessTimes.at(i), ps.ts)
		}
	}
}
