package benchmark

import (
	"hash/maphash"
	"strings"

	"github.com/tagspec/tagspec/momentum"
)

// A shard holds the sessions, users and timelines of the users whose id
// hashes to it. Sessions and users never span two shards, so shards work
// in parallel and their sums add up to what one shard would count: the
// report is the same for any number of shards.
type shard struct {
	plan      *Plan
	slotMacro []bool // per slot: a macro-conversion's (shared, read only)

	// users maps a user id to its record: its first times in userTimes,
	// its id in ids and its index in tl (-1 until its first timeline row).
	users     map[string]int32
	ids       []string
	userTimes timesArena
	tlUser    []int32

	// Open sessions, by user record and ga_session_id: narrow holds the
	// ids in [0, 2^32) (GA4's are Unix seconds) as one uint64 key, wide
	// the others.
	narrow    map[uint64]int32
	wide      map[sessionKey]int32
	sessTimes timesArena
	sessLast  []string // per session record: the last event_date seen
	sessUser  []int32  // per session record: its user record

	tl *momentum.Builder // nil when the plan has no momentum analysis
	tally

	in   chan []shardRow // batches from the dispatching goroutine
	free chan []shardRow // batches handed back for reuse
	done chan struct{}   // closed when the shard's goroutine returns
}

// sessionKey is a session whose id does not fit a narrow key.
type sessionKey struct {
	user int32
	id   int64
}

// shardRow is what a shard needs of one export row, or, when horizon is
// set, a move of the date watermark: close the sessions whose last row is
// dated before date.
type shardRow struct {
	user    string
	date    string
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
		users:     map[string]int32{},
		userTimes: newTimesArena(len(p.slots)),
		narrow:    map[uint64]int32{},
		wide:      map[sessionKey]int32{},
		sessTimes: newTimesArena(len(p.slots)),
		tally:     a.newTally(),
	}
	if mp := p.momentum; mp != nil {
		s.tl = momentum.NewBuilder(mp.events, mp.starts)
	}
	return s
}

// add takes one row (or watermark move) in stream order.
func (s *shard) add(r *shardRow) {
	if r.horizon {
		s.closeBefore(r.date)
		return
	}
	u, ok := s.users[r.user]
	if !ok {
		u = s.newUser(r.user)
	}
	var i int32
	if uint64(r.sid) < 1<<32 {
		k := uint64(u)<<32 | uint64(r.sid)
		if i, ok = s.narrow[k]; !ok {
			i = s.openSession(u, r.date)
			s.narrow[k] = i
		}
	} else {
		k := sessionKey{u, r.sid}
		if i, ok = s.wide[k]; !ok {
			i = s.openSession(u, r.date)
			s.wide[k] = i
		}
	}
	if r.date > s.sessLast[i] {
		s.sessLast[i] = r.date
	}
	if r.slot >= 0 {
		ts := s.sessTimes.at(i)
		foldTime(ts, int(r.slot), r.ts)
		if s.slotMacro[r.slot] {
			foldTime(ts, s.plan.macroSlot, r.ts)
		}
	}
	if r.tlEvent >= 0 || r.start >= 0 {
		t := s.tlUser[u]
		if t < 0 {
			t = s.tl.NewUser(s.ids[u])
			s.tlUser[u] = t
		}
		if r.tlEvent >= 0 {
			s.tl.AddEvent(t, uint16(r.tlEvent), r.ts)
		} else {
			s.tl.AddStart(t, int(r.start), r.ts)
		}
	}
}

// newUser adds a user record. The id is copied: readers may reuse the
// buffers behind the strings they hand out.
func (s *shard) newUser(id string) int32 {
	id = strings.Clone(id)
	u := s.userTimes.alloc()
	s.users[id] = u
	s.ids = append(s.ids, id)
	s.tlUser = append(s.tlUser, -1)
	return u
}

// openSession returns a new session record of user u whose last date is
// date.
func (s *shard) openSession(u int32, date string) int32 {
	i := s.sessTimes.alloc()
	if int(i) == len(s.sessLast) {
		s.sessLast = append(s.sessLast, date)
		s.sessUser = append(s.sessUser, u)
	} else {
		s.sessLast[i], s.sessUser[i] = date, u
	}
	return i
}

// closeBefore counts the sessions whose last row is dated before horizon
// (all of them when horizon is empty) and folds them into their users.
func (s *shard) closeBefore(horizon string) {
	all := horizon == ""
	for k, i := range s.narrow { // order does not matter: only sums and histograms change
		if all || s.sessLast[i] < horizon {
			s.closeSession(i)
			delete(s.narrow, k)
		}
	}
	for k, i := range s.wide {
		if all || s.sessLast[i] < horizon {
			s.closeSession(i)
			delete(s.wide, k)
		}
	}
}

func (s *shard) closeSession(i int32) {
	ts := s.sessTimes.at(i)
	s.tally.add(s.plan, UnitSessions, ts)
	foldTimes(s.userTimes.at(s.sessUser[i]), ts)
	s.sessTimes.release(i)
}

// finish closes every session, counts every user and returns the
// timelines (nil without a momentum analysis) and the users per set of
// micro-conversions.
func (s *shard) finish() (*momentum.Timelines, patternTally) {
	s.closeBefore("")
	for u := range s.userTimes.n {
		s.tally.add(s.plan, UnitUsers, s.userTimes.at(u))
	}
	pt := s.patterns()
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

// shardOf returns the shard that owns a user.
func (a *Accumulator) shardOf(user string) int {
	if len(a.shards) == 1 {
		return 0
	}
	return int(maphash.String(a.seed, user) % uint64(len(a.shards)))
}
