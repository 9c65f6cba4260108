package benchmark

import (
	"fmt"
	"hash/maphash"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/tagspec/tagspec/ga4export"
	"github.com/tagspec/tagspec/momentum"
)

// Options limit what an Accumulator reads.
type Options struct {
	// From and To limit the rows read to event_date in [From, To]
	// (YYYYMMDD, inclusive); empty means unbounded.
	From, To string
	// Jobs bounds how many goroutines RunFiles decodes a file with:
	// GOMAXPROCS when 0, the caller's alone when 1. The report is the same
	// for every value.
	Jobs int
	// Compare, when set, adds a comparison of groups of users (the
	// values of a dimension, or two periods) to the report.
	Compare *CompareOptions
}

// Accumulator evaluates a Plan over a stream of export rows. Memory grows
// with the number of sessions open at once (sessions are closed once the
// data has moved two days past their last row), with the number of
// distinct users and, for the momentum analysis, with the rows of spec
// events (14 bytes each, see momentum.Builder), not with the rows of other
// events. Feed it rows in date order (one daily file after another; order
// within a day does not matter) and call Counts at the end.
//
// Add counts each row's totals and moves the date watermark on the
// caller's goroutine, then hands the row to the shard that owns its user
// (see shard): with Options.Jobs other than 1, each shard works on a
// goroutine of its own, fed in batches in stream order, so the sessions
// and users of a large export are counted on every core.
type Accumulator struct {
	plan      *Plan
	opts      Options
	by        *unitCounters
	slotMacro []bool // per slot: a macro-conversion's, whose rows also count as "any macro"

	shards     []*shard
	bufs       [][]shardRow // per shard: the rows not yet sent
	seed       maphash.Seed
	slotTL     []int32 // per slot: its momentum event index, -1 when not kept
	lastDate   string  // dayNumber's memory
	lastDayNum int32
	spawn      bool // shards run on goroutines of their own
	ended      bool

	tally

	rowTotals
	late         int64
	lateDays     map[string]bool
	badDates     int64
	maxDate      string
	closedBefore string
	// span is the first and last day named by the export files read
	// (YYYYMMDD, empty when unknown), so a missing file at either end of
	// the data is seen even though no row falls on its day.
	span [2]string
}

// NewAccumulator returns an Accumulator for the plan.
func (p *Plan) NewAccumulator(opts Options) *Accumulator {
	a := &Accumulator{
		plan:      p,
		opts:      opts,
		rowTotals: newRowTotals(),
		lateDays:  map[string]bool{},
		seed:      maphash.MakeSeed(),
	}
	a.tally = a.newTally()
	a.slotMacro = make([]bool, len(p.slots))
	if p.macroSlot >= 0 {
		for i, name := range p.slots {
			a.slotMacro[i] = slices.Contains(p.macroNames, name)
		}
	}
	n := opts.Jobs
	if n <= 0 {
		n = runtime.GOMAXPROCS(0)
	}
	a.spawn = n > 1
	a.shards = make([]*shard, n)
	a.bufs = make([][]shardRow, n)
	for i := range a.shards {
		a.shards[i] = newShard(a)
	}
	a.slotTL = make([]int32, len(p.slots))
	for i, name := range p.slots {
		a.slotTL[i] = -1
		if tl := a.shards[0].tl; tl != nil && i != p.macroSlot {
			if e, ok := tl.Event(name); ok {
				a.slotTL[i] = int32(e)
			}
		}
	}
	if a.spawn {
		for _, s := range a.shards {
			s.in, s.free, s.done = make(chan []shardRow, shardDepth), make(chan []shardRow, shardDepth), make(chan struct{})
			for range shardDepth {
				s.free <- make([]shardRow, 0, shardBatch)
			}
			go s.run()
		}
		for i, s := range a.shards {
			a.bufs[i] = <-s.free
		}
	}
	return a
}

// Add reads one export row. It never keeps ev or its strings' backing
// buffers beyond what Go strings share.
func (a *Accumulator) Add(ev *ga4export.Event) {
	slot, tracked, ok := a.count(a.plan, a.opts, ev)
	if !ok {
		return
	}
	a.advance(ev.Date)
	r := shardRow{user: ev.UserPseudoID, hash: maphash.String(a.seed, ev.UserPseudoID), day: a.dayNumber(ev.Date),
		sid: ev.SessionID, ts: ev.Timestamp, slot: -1, tlEvent: -1, start: -1}
	if tracked {
		r.slot = int32(slot)
		r.tlEvent = a.slotTL[slot]
	}
	if r.tlEvent < 0 && a.plan.momentum != nil {
		r.start = int32(a.shards[0].tl.Start(ev.Name)) // -1 when not a start event
	}
	a.send(a.shardOf(r.hash), r)
}

// send hands a row to shard i: at once when shards run on the caller's
// goroutine, else through its batch.
func (a *Accumulator) send(i int, r shardRow) {
	if !a.spawn {
		a.shards[i].add(&r)
		return
	}
	a.bufs[i] = append(a.bufs[i], r)
	if len(a.bufs[i]) == shardBatch {
		a.flush(i)
	}
}

// flush sends shard i its batch and takes an empty one.
func (a *Accumulator) flush(i int) {
	s := a.shards[i]
	s.in <- a.bufs[i]
	a.bufs[i] = <-s.free
}

// rowTotals are the sums over rows that do not depend on their order: what
// Accumulator.Add and filePart.add count alike before a row reaches a
// session.
type rowTotals struct {
	rows, used   int64
	dayCounts    map[string][]int64 // per day: rows per slot, then all rows
	lastDay      string             // the day of the row before, and its counts:
	lastDC       []int64            // rows come in runs of one day
	noSession    map[string]int64
	noUser       map[string]int64
	purchases    int64
	purchaseNoTx int64
	noTxDays     map[string]bool
}

func newRowTotals() rowTotals {
	return rowTotals{
		dayCounts: map[string][]int64{},
		noSession: map[string]int64{},
		noUser:    map[string]int64{},
		noTxDays:  map[string]bool{},
	}
}

// count adds one row to the totals. It returns the row's slot (tracked
// says whether it has one) and whether the row goes on into a session: it
// is inside the date range and has a user and a session id.
func (t *rowTotals) count(p *Plan, opts Options, ev *ga4export.Event) (slot int, tracked, ok bool) {
	t.rows++
	if (opts.From != "" && ev.Date < opts.From) || (opts.To != "" && ev.Date > opts.To) {
		return 0, false, false
	}
	t.used++
	dc := t.lastDC
	if dc == nil || ev.Date != t.lastDay {
		dc = t.dayCounts[ev.Date]
		if dc == nil {
			dc = make([]int64, len(p.slots)+1) // last cell: all rows of the day
			t.dayCounts[ev.Date] = dc
		}
		t.lastDay, t.lastDC = ev.Date, dc
	}
	dc[len(dc)-1]++
	slot, tracked = p.slotIndex[ev.Name]
	if tracked {
		dc[slot]++
	}
	if ev.Name == "purchase" {
		t.purchases++
		if tx := strings.TrimSpace(ev.TransactionID); tx == "" || tx == "(not set)" {
			t.purchaseNoTx++
			t.noTxDays[ev.Date] = true
		}
	}
	if ev.UserPseudoID == "" {
		t.noUser[ev.Name]++
		return slot, tracked, false
	}
	if !ev.HasSessionID {
		t.noSession[ev.Name]++
		return slot, tracked, false
	}
	return slot, tracked, true
}

// merge adds other's totals to t.
func (t *rowTotals) merge(other *rowTotals) {
	t.rows += other.rows
	t.used += other.used
	for day, oc := range other.dayCounts {
		dc := t.dayCounts[day]
		if dc == nil {
			t.dayCounts[day] = oc
			continue
		}
		for i, n := range oc {
			dc[i] += n
		}
	}
	for name, n := range other.noSession {
		t.noSession[name] += n
	}
	for name, n := range other.noUser {
		t.noUser[name] += n
	}
	t.purchases += other.purchases
	t.purchaseNoTx += other.purchaseNoTx
	for day := range other.noTxDays {
		t.noTxDays[day] = true
	}
}

// advance moves the date watermark and closes the sessions whose last row
// is more than a day older than the newest date seen.
func (a *Accumulator) advance(date string) {
	if date <= a.maxDate {
		if date < a.closedBefore {
			a.late++
			a.lateDays[date] = true
		}
		return
	}
	d, err := time.Parse("20060102", date)
	if err != nil {
		a.badDates++
		return
	}
	a.raise(date, d)
}

// raise moves the date watermark up to date (parsed as d, later than
// maxDate) and has every shard close the sessions it leaves behind, at
// this point of the stream.
func (a *Accumulator) raise(date string, d time.Time) {
	a.maxDate = date
	horizon := d.AddDate(0, 0, -1).Format("20060102")
	if horizon <= a.closedBefore {
		return
	}
	a.closedBefore = horizon
	day := a.dayNumber(horizon)
	for i := range a.shards {
		a.send(i, shardRow{day: day, horizon: true})
	}
}

// Stop ends the shards' goroutines. Counts calls it; a caller that gives
// up before Counts calls it to end them.
func (a *Accumulator) Stop() {
	if !a.spawn || a.ended {
		return
	}
	a.ended = true
	for _, s := range a.shards {
		close(s.in)
	}
	for _, s := range a.shards {
		<-s.done
	}
}

// tally is what closed sessions and users add up to: how many satisfy
// each counter, and the gaps of each duration in whole seconds. Most
// counters only ask which events are present: for those a tally counts
// sessions and users per set of present events (a handful of sets), and
// settle evaluates each counter once per set at the end.
type tally struct {
	counts []int64
	hist   []map[int64]int64       // per duration: whole seconds -> count
	sets   [units]map[uint64]int64 // per unit: sessions or users per set of present slots
	by     *unitCounters           // shared by the tallies of one Accumulator
}

// units are the units counters count: sessions and users (see unitOf).
const units = 2

func unitOf(u Unit) int {
	if u == UnitUsers {
		return 1
	}
	return 0
}

// unitCounters are a plan's counters and durations by unit, with the slots
// each counter needs present and absent as bit masks when every slot it
// names is below 64 (byMask: the masks say it all, unless it orders its
// events).
type unitCounters struct {
	counters  [units][]maskCounter
	durations [units][]int
	wide      bool // the plan has 64 slots or more: no sets
}

type maskCounter struct {
	i         int // index in Plan.Counters
	has, not  uint64
	byMask    bool // has and not say it all; else Counter.eval
	slotsOver bool // some slot is 64 or more: no mask
}

func newUnitCounters(p *Plan) *unitCounters {
	u := &unitCounters{wide: len(p.slots) > 64}
	for i := range p.Counters {
		c := &p.Counters[i]
		m := maskCounter{i: i}
		for _, s := range c.has {
			m.slotsOver = m.slotsOver || s >= 64
			m.has |= 1 << (s & 63)
		}
		for _, s := range c.not {
			m.slotsOver = m.slotsOver || s >= 64
			m.not |= 1 << (s & 63)
		}
		for _, s := range c.ordered {
			m.slotsOver = m.slotsOver || s >= 64
			m.has |= 1 << (s & 63) // an ordered slot must be present too
		}
		m.byMask = !u.wide && !m.slotsOver && len(c.ordered) == 0
		k := unitOf(c.Unit)
		u.counters[k] = append(u.counters[k], m)
	}
	for i := range p.Durations {
		k := unitOf(p.Durations[i].Unit)
		u.durations[k] = append(u.durations[k], i)
	}
	return u
}

func (a *Accumulator) newTally() tally {
	if a.by == nil {
		a.by = newUnitCounters(a.plan)
	}
	t := tally{counts: make([]int64, len(a.plan.Counters)), hist: make([]map[int64]int64, len(a.plan.Durations)), by: a.by}
	for i := range t.hist {
		t.hist[i] = map[int64]int64{}
	}
	for k := range t.sets {
		t.sets[k] = map[uint64]int64{}
	}
	return t
}

// add counts one session's or user's first times in the counters and
// durations of its unit.
func (t *tally) add(p *Plan, unit Unit, ts []int64) {
	k := unitOf(unit)
	var present uint64
	for i, v := range ts[:min(len(ts), 64)] {
		if v != absent {
			present |= 1 << i
		}
	}
	if !t.by.wide {
		t.sets[k][present]++
	}
	for _, m := range t.by.counters[k] {
		if m.byMask || (!m.slotsOver && (present&m.has != m.has || present&m.not != 0)) {
			continue
		}
		if p.Counters[m.i].eval(ts) {
			t.counts[m.i]++
		}
	}
	for _, i := range t.by.durations[k] {
		d := &p.Durations[i]
		// A gap counts when both times are present and in order.
		if from, to := ts[d.from], ts[d.to]; from != absent && to != absent && to >= from {
			t.hist[i][(to-from)/1_000_000]++
		}
	}
}

// addAbsent counts n sessions or users without any tracked row.
func (t *tally) addAbsent(p *Plan, unit Unit, n int64) {
	if n == 0 {
		return
	}
	k := unitOf(unit)
	if !t.by.wide {
		t.sets[k][0] += n
	}
	none := make([]int64, len(p.slots))
	for i := range none {
		none[i] = absent
	}
	for _, m := range t.by.counters[k] {
		if !m.byMask && p.Counters[m.i].eval(none) {
			t.counts[m.i] += n
		}
	}
}

// settle adds the sets counted so far to the counters that only ask
// which events are present, and empties them.
func (t *tally) settle() {
	for k, sets := range t.sets {
		for present, n := range sets {
			for _, m := range t.by.counters[k] {
				if m.byMask && present&m.has == m.has && present&m.not == 0 {
					t.counts[m.i] += n
				}
			}
		}
		clear(sets)
	}
}

// merge adds other's sums to t.
func (t *tally) merge(other tally) {
	for i, n := range other.counts {
		t.counts[i] += n
	}
	for i, h := range other.hist {
		for secs, n := range h {
			t.hist[i][secs] += n
		}
	}
	for k, sets := range other.sets {
		for present, n := range sets {
			t.sets[k][present] += n
		}
	}
}

// Counts closes every open session and user and returns the counter
// values, duration medians and data problems. The Accumulator must not be
// used afterwards.
func (a *Accumulator) Counts() *Counts {
	if a.spawn {
		for i := range a.shards {
			if len(a.bufs[i]) > 0 {
				a.flush(i)
			}
		}
	}
	a.Stop()
	p := a.plan
	// Each shard closes its sessions and counts its users; the sums and
	// histograms come out the same in any order.
	tls := make([]*momentum.Timelines, len(a.shards))
	pts := make([]patternTally, len(a.shards))
	var wg sync.WaitGroup
	for i, s := range a.shards {
		if !a.spawn {
			tls[i], pts[i] = s.finish()
			continue
		}
		wg.Go(func() { tls[i], pts[i] = s.finish() })
	}
	wg.Wait()
	var pt patternTally
	for i, s := range a.shards {
		s.tally.settle()
		a.tally.merge(s.tally)
		for bits, t := range pts[i] {
			pt.add(bits, t[0], t[1])
		}
	}
	c := &Counts{Values: a.counts, Medians: make([]*int64, len(p.Durations)), Rows: a.rows, RowsUsed: a.used}
	for i, h := range a.hist {
		c.Medians[i] = lowerMedian(h)
	}
	c.First, c.Last = dataSpan(a.dayCounts)
	c.Problems = a.problems()
	if p.macroSlot >= 0 {
		c.Patterns = pt.patterns()
	}
	if p.momentum != nil {
		c.Momentum = momentum.Analyze(momentum.Concat(tls), p.momentum.config)
	}
	return c
}

// expectDays tells the accumulator which days the export files name, first
// and last (YYYYMMDD), clipped to the date range of its options.
func (a *Accumulator) expectDays(span [2]string) {
	if span[0] == "" {
		return
	}
	if a.opts.From != "" && span[0] < a.opts.From {
		span[0] = a.opts.From
	}
	if a.opts.To != "" && span[1] > a.opts.To {
		span[1] = a.opts.To
	}
	if span[0] <= span[1] {
		a.span = span
	}
}

// lowerMedian returns the lower median of a histogram, nil when empty.
func lowerMedian(h map[int64]int64) *int64 {
	var n int64
	keys := make([]int64, 0, len(h))
	for k, c := range h {
		keys = append(keys, k)
		n += c
	}
	if n == 0 {
		return nil
	}
	slices.Sort(keys)
	target := (n - 1) / 2 // zero-based rank of the lower median
	var seen int64
	for _, k := range keys {
		seen += h[k]
		if seen > target {
			return &k
		}
	}
	return nil
}

// Counts are the values of a Plan's counters and durations, from the local
// Accumulator or from BigQuery, plus the data problems found.
type Counts struct {
	Values   []int64  // one per Plan.Counters
	Medians  []*int64 // one per Plan.Durations, whole seconds; nil when no data
	Rows     int64    // rows read
	RowsUsed int64    // rows inside the date range
	// First and Last are the first and last event_date (YYYYMMDD) with
	// rows inside the date range; empty when there are none.
	First, Last string
	Problems    []Problem
	// Patterns count the users per set of micro-conversions, for the
	// predictive model; nil when not counted.
	Patterns []UserPattern
	// Groups are the counts of a comparison (Options.Compare); nil
	// without one.
	Groups *GroupCounts
	// Momentum is the pattern, velocity and early-signal analysis of
	// the users' timelines; nil when the plan has no macro-conversion.
	Momentum *momentum.Result
}

// dataSpan returns the first and last valid YYYYMMDD day with rows.
func dataSpan(dayCounts map[string][]int64) (first, last string) {
	for d, dc := range dayCounts {
		if dc[len(dc)-1] == 0 {
			continue
		}
		if _, err := time.Parse("20060102", d); err != nil {
			continue
		}
		if first == "" || d < first {
			first = d
		}
		if d > last {
			last = d
		}
	}
	return first, last
}

// sortedKeys returns the keys of a set in order.
func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

func isoDay(d string) string {
	if len(d) == 8 {
		return d[:4] + "-" + d[4:6] + "-" + d[6:]
	}
	return d
}

func isoDays(ds []string) []string {
	out := make([]string, len(ds))
	for i, d := range ds {
		out[i] = isoDay(d)
	}
	return out
}

// problems lists the data problems found, in a stable order.
func (a *Accumulator) problems() []Problem {
	var out []Problem
	p := a.plan
	if a.used == 0 {
		out = append(out, NewProblem(ProblemFields{Rule: RuleNoData, Message: fmt.Sprintf("no rows to benchmark (%d read, none inside the date range)", a.rows)}))
	}
	out = append(out, p.dayProblems(a.dayCounts, a.used, a.span)...)
	out = append(out, idProblems(a.noSession, a.noUser, a.purchases, a.purchaseNoTx, a.noTxDays)...)
	if a.late > 0 {
		ds := sortedKeys(a.lateDays)
		out = append(out, NewProblem(ProblemFields{Rule: RuleLateEvents, Count: a.late, Days: isoDays(ds),
			Message: fmt.Sprintf("%d row(s) dated %s arrived after those days were closed; their sessions may be split. Pass export files in date order", a.late, dayList(ds))}))
	}
	if a.badDates > 0 {
		out = append(out, NewProblem(ProblemFields{Rule: RuleBadDate, Count: a.badDates,
			Message: fmt.Sprintf("%d row(s) have an event_date that is not YYYYMMDD", a.badDates)}))
	}
	return out
}

// idProblems reports the rows left out of sessions and users (per event
// name: rows without ga_session_id, rows without user_pseudo_id) and the
// purchases without a transaction id (with their days). The local engine
// and the BigQuery path both report through it.
func idProblems(noSession, noUser map[string]int64, purchases, purchaseNoTx int64, noTxDays map[string]bool) []Problem {
	var out []Problem
	for _, name := range sortedKeys(noSession) {
		out = append(out, NewProblem(ProblemFields{Rule: RuleNoSessionID, Event: name, Count: noSession[name],
			Message: fmt.Sprintf("%d %q row(s) have no ga_session_id and are left out of sessions and users", noSession[name], name)}))
	}
	for _, name := range sortedKeys(noUser) {
		out = append(out, NewProblem(ProblemFields{Rule: RuleNoUserID, Event: name, Count: noUser[name],
			Message: fmt.Sprintf("%d %q row(s) have no user_pseudo_id (cookieless or consent-denied pings) and are left out of sessions and users", noUser[name], name)}))
	}
	if purchaseNoTx > 0 {
		ds := sortedKeys(noTxDays)
		out = append(out, NewProblem(ProblemFields{Rule: RuleNoTransactionID, Event: "purchase", Count: purchaseNoTx, Days: isoDays(ds),
			Message: fmt.Sprintf("%d of %d purchase row(s) have no transaction id (empty or \"(not set)\"), so duplicates cannot be removed: %s", purchaseNoTx, purchases, dayList(ds))}))
	}
	return out
}

// dayProblems finds the days without any row and, for every spec event,
// the days with rows but none of that event. dayCounts maps YYYYMMDD to a
// count per plan slot followed by the day's total row count; span, when
// set, is the first and last day the export files name, which widen the
// calendar checked.
func (p *Plan) dayProblems(dayCounts map[string][]int64, used int64, span [2]string) []Problem {
	var out []Problem
	days := sortedKeys(dayCounts)
	if span[0] != "" {
		days = append([]string{span[0]}, append(days, span[1])...)
		slices.Sort(days)
	}
	// Every calendar day between the first and the last, so a day with no
	// rows at all is seen too.
	var calendar []string
	if len(days) > 0 && used > 0 {
		first, err1 := time.Parse("20060102", days[0])
		last, err2 := time.Parse("20060102", days[len(days)-1])
		if err1 == nil && err2 == nil && last.Sub(first) < 3*366*24*time.Hour {
			for d := first; !d.After(last); d = d.AddDate(0, 0, 1) {
				calendar = append(calendar, d.Format("20060102"))
			}
		} else {
			calendar = days
		}
	}
	var emptyDays []string
	for _, d := range calendar {
		if dc := dayCounts[d]; dc == nil || dc[len(dc)-1] == 0 {
			emptyDays = append(emptyDays, d)
		}
	}
	if len(emptyDays) > 0 {
		out = append(out, NewProblem(ProblemFields{Rule: RuleMissingExport, Count: int64(len(emptyDays)), Days: isoDays(emptyDays),
			Message: fmt.Sprintf("no export rows at all on %d day(s) between %s and %s (is a daily export file missing?): %s", len(emptyDays), isoDay(calendar[0]), isoDay(calendar[len(calendar)-1]), dayList(emptyDays))}))
	}
	for _, name := range p.specEvents {
		slot := p.slotIndex[name]
		var total int64
		var missing []string
		for _, d := range calendar {
			dc := dayCounts[d]
			if dc == nil || dc[len(dc)-1] == 0 {
				continue // the whole day is missing; reported above
			}
			if dc[slot] == 0 {
				missing = append(missing, d)
			}
			total += dc[slot]
		}
		switch {
		case total == 0 && used > 0:
			out = append(out, NewProblem(ProblemFields{Rule: RuleNeverSeen, Event: name,
				Message: fmt.Sprintf("event %q does not occur in the data: is its tag published and firing?", name)}))
		case len(missing) > 0:
			out = append(out, NewProblem(ProblemFields{Rule: RuleMissingDays, Event: name, Count: int64(len(missing)), Days: isoDays(missing),
				Message: fmt.Sprintf("event %q is missing entirely on %d of %d day(s) with data: %s", name, len(missing), len(calendar)-len(emptyDays), dayList(missing))}))
		}
	}
	return out
}

// dayList prints up to ten days and how many more there are.
func dayList(ds []string) string {
	const max = 10
	iso := isoDays(ds)
	if len(iso) <= max {
		return strings.Join(iso, ", ")
	}
	return strings.Join(iso[:max], ", ") + fmt.Sprintf(" and %d more", len(iso)-max)
}
