package benchmark

import (
	"github.com/tagspec/tagspec/internal/chunks"
	"github.com/tagspec/tagspec/momentum"
)

// A shard holds the sessions, users and timelines of the users whose id
// hashes to it. Sessions and users never span two shards, so shards work
// in parallel and their sums add up to what one shard would count: the
// report is the same for any number of shards.
type shard struct {
	plan      *Plan
	slotMacro []bool // per slot: a macro-conversion's (shared, read only)

	// users numbers the user ids: a user's number is its record in
	// userRecs and, when the plan has a momentum analysis, its index in
	// tl. A user's first times are a record in userTimes once one of its
	// sessions had a tracked row; many users never have one.
	users     *idTable
	userRecs  chunks.Array[userRec]
	userTimes timesArena

	// Open sessions are records listed from their user (userRec.sess,
	// then session.next): a user has one or two open at a time, so
	// finding a row's session is a step or two from its user, with no
	// table of sessions to hash into. Like users, a session has a record
	// of first times only once it has a tracked row.
	sessions  chunks.Array[session]
	sessFree  []int32 // session records given back, reused first
	sessTimes timesArena

	// Sessions and users without any tracked row, counted at the end in
	// one step each.
	emptySessions, emptyUsers int64

	tl *momentum.Builder // nil when the plan has no momentum analysis
	tally

	in   chan []shardRow // batches from the dispatching goroutine
	free chan []shardRow // batches handed back for reuse
	done chan struct{}   // closed when the shard's goroutine returns
}

// userRec is a user's record in a shard.
type userRec struct {
	times int32 // its first times in userTimes, -1 before any tracked row
	sess  int32 // its first open session, -1 when none
}

// session is a session's record in a shard.
type session struct {
	id    int64 // ga_session_id
	next  int32 // the user's next open session, -1 at the end
	last  int32 // the last event day seen (see dayNumber)
	user  int32 // -1 when the record is free
	times int32 // its first times in sessTimes, -1 before any tracked row
}

// shardRow is what a shard needs of one export row, or, when horizon is
// set, a move of the date watermark: close the sessions whose last row is
// dated before day.
type shardRow struct {
	user    string
	hash    uint64 // of user
	day     int32  // event_date, see dayNumber
	sid     int64
	ts      int64
	slot    int32 // plan slot, -1 when untracked
	tlEvent int32 // momentum event index, -1 when the row is not kept
	start   int32 // momentum start event index, -1 when not one
	horizon bool
}

func newShard(a *Accumulator) *shard {
	p := a.plan
	s := &shard{
		plan:      p,
		slotMacro: a.slotMacro,
		users:     newIDTable(),
		userTimes: newTimesArena(len(p.slots)),
		sessTimes: newTimesArena(len(p.slots)),
		tally:     a.newTally(),
	}
	if mp := p.momentum; mp != nil {
		s.tl = momentum.NewBuilder(mp.events, mp.starts)
		s.tl.IDsFrom(s.users.id)
	}
	return s
}

// add takes one row (or watermark move) in stream order.
func (s *shard) add(r *shardRow) {
	if r.horizon {
		s.closeBefore(r.day)
		return
	}
	u, added := s.users.get(r.hash, r.user)
	if added {
		s.newUser()
	}
	i := s.userRecs.At(int(u)).sess
	for i >= 0 && s.sessions.At(int(i)).id != r.sid {
		i = s.sessions.At(int(i)).next
	}
	if i < 0 {
		i = s.openSession(u, r.sid, r.day)
	}
	ss := s.sessions.At(int(i))
	if r.day > ss.last {
		ss.last = r.day
	}
	if r.slot >= 0 {
		if ss.times < 0 {
			ss.times = s.sessTimes.alloc()
		}
		ts := s.sessTimes.at(ss.times)
		foldTime(ts, int(r.slot), r.ts)
		if s.slotMacro[r.slot] {
			foldTime(ts, s.plan.macroSlot, r.ts)
		}
	}
	if r.tlEvent >= 0 {
		s.tl.AddEvent(u, uint16(r.tlEvent), r.ts)
	} else if r.start >= 0 {
		s.tl.AddStart(u, int(r.start), r.ts)
	}
}

// newUser adds the record of the user just numbered by s.users (the id
// table copies the id).
func (s *shard) newUser() {
	s.userRecs.Append(userRec{times: -1, sess: -1})
	if s.tl != nil {
		s.tl.NewUser() // the same number
	}
}

// openSession returns a new open session record: session id of user u,
// last seen on day.
func (s *shard) openSession(u int32, id int64, day int32) int32 {
	ur := s.userRecs.At(int(u))
	rec := session{id: id, next: ur.sess, last: day, user: u, times: -1}
	var i int32
	if n := len(s.sessFree); n > 0 {
		i = s.sessFree[n-1]
		s.sessFree = s.sessFree[:n-1]
		*s.sessions.At(int(i)) = rec
	} else {
		i = int32(s.sessions.Append(rec))
	}
	ur.sess = i
	return i
}

// closeBefore counts the sessions whose last row is dated before horizon
// (all of them when horizon is closeAll, after every day) and folds them
// into their users.
func (s *shard) closeBefore(horizon int32) {
	s.sessions.Each(func(i int, ss *session) { // order does not matter: only sums and histograms change
		if ss.user >= 0 && ss.last < horizon {
			s.closeSession(int32(i), ss)
		}
	})
}

// closeSession counts open session i, folds it into its user and frees
// its record.
func (s *shard) closeSession(i int32, ss *session) {
	ur := s.userRecs.At(int(ss.user))
	at := &ur.sess
	for *at != i {
		at = &s.sessions.At(int(*at)).next
	}
	*at = ss.next
	ss.user = -1
	s.sessFree = append(s.sessFree, i)
	if ss.times < 0 {
		s.emptySessions++
		return
	}
	ts := s.sessTimes.at(ss.times)
	s.tally.add(s.plan, UnitSessions, ts)
	if ur.times < 0 {
		ur.times = s.userTimes.alloc()
	}
	foldTimes(s.userTimes.at(ur.times), ts)
	s.sessTimes.release(ss.times)
}

// finish closes every session, counts every user and returns the
// timelines (nil without a momentum analysis) and the users per set of
// micro-conversions. The shard holds nothing afterwards.
func (s *shard) finish() (*momentum.Timelines, patternTally) {
	s.closeBefore(closeAll)
	s.sessions, s.sessFree, s.sessTimes = chunks.Array[session]{}, nil, timesArena{}
	s.userRecs.Each(func(_ int, ur *userRec) {
		if ur.times < 0 {
			s.emptyUsers++
			return
		}
		s.tally.add(s.plan, UnitUsers, s.userTimes.at(ur.times))
	})
	s.tally.addAbsent(s.plan, UnitSessions, s.emptySessions)
	s.tally.addAbsent(s.plan, UnitUsers, s.emptyUsers)
	pt := s.patterns()
	s.userRecs, s.userTimes = chunks.Array[userRec]{}, timesArena{}
	var tl *momentum.Timelines
	if s.tl != nil {
		tl = s.tl.Build()
		s.tl = nil
	}
	return tl, pt
}

// patterns counts the users by the set of micro-conversions they did, for
// the predictive model; nil when the plan has no macro-conversion.
func (s *shard) patterns() patternTally {
	p := s.plan
	if p.macroSlot < 0 {
		return nil
	}
	micros := p.ModelMicros()
	slots := make([]int, len(micros))
	for i, m := range micros {
		slots[i] = p.slotIndex[m]
	}
	var pt patternTally
	for ui := range s.userTimes.n {
		ts := s.userTimes.at(ui)
		var bits uint64
		for i, sl := range slots {
			if ts[sl] != absent {
				bits |= 1 << i
			}
		}
		converted := int64(0)
		if ts[p.macroSlot] != absent {
			converted = 1
		}
		pt.add(bits, 1, converted)
	}
	if s.emptyUsers > 0 {
		pt.add(0, s.emptyUsers, 0)
	}
	return pt
}

// run takes batches until in is closed.
func (s *shard) run() {
	defer close(s.done)
	for b := range s.in {
		for i := range b {
			s.add(&b[i])
		}
		clear(b) // drop the strings for the GC
		s.free <- b[:0]
	}
}

// shardBatch is how many rows go to a shard at once, and shardDepth how
// many batches a shard may have in hand or queued.
const (
	shardBatch = 2048
	shardDepth = 4
)

// closeAll is the horizon that closes every session.
const closeAll = int32(1<<31 - 1)

// shardOf returns the shard that owns a user with the id hash h. The
// shard is read from the hash's top bits; the id table of the shard uses
// its low bits.
func (a *Accumulator) shardOf(h uint64) int {
	return int((h >> 32) * uint64(len(a.shards)) >> 32)
}

// dayNumber turns an event_date (YYYYMMDD) into a number in the same
// order; anything else is 0, before every day. The last date converted is
// remembered: rows come in runs of one day.
func (a *Accumulator) dayNumber(date string) int32 {
	if date == a.lastDate && date != "" {
		return a.lastDayNum
	}
	var n int32
	if len(date) == 8 {
		for i := 0; i < 8; i++ {
			c := date[i]
			if c < '0' || c > '9' {
				n = 0
				break
			}
			n = n*10 + int32(c-'0')
		}
	}
	a.lastDate, a.lastDayNum = date, n
	return n
}
