package momentum

import (
	"cmp"
	"slices"
	"strings"

	"github.com/tagspec/tagspec/internal/chunks"
)

// NoTime marks a time that a user does not have.
const NoTime = int64(-1 << 63)

// Builder collects per-user timelines from rows given in any order. It
// keeps, per row of a tracked event, 14 bytes (a user index, an event
// index and a time), and per user its id, its first time and the first
// time of each start event: memory grows with the number of tracked rows
// and of distinct users, never with the rows of other events.
type Builder struct {
	events []string
	index  map[string]uint16
	starts []string

	users map[string]int32
	ids   []string           // per user, when given by Add
	idOf  func(int32) string // per user, when added by NewUser
	n     int32              // users
	kept  []int32            // after Build dropped users: per user, its index before

	rows  []rowChunk // rows as given, in chunks: no slack past the last chunk, no copying to grow
	nrows int

	// Per user: the earliest time of any row given, and len(starts)
	// times, the first of each start event; in chunks while rows come,
	// flat in first and startTs once Build starts.
	firstAt, startAt chunks.Array[int64]
	first, startTs   []int64
}

// rowChunk holds up to rowChunkLen rows: user, event and time.
type rowChunk struct {
	user []int32
	ev   []uint16
	ts   []int64
}

const rowChunkLen = 1 << 16

func (b *Builder) addRow(u int32, e uint16, ts int64) {
	if n := len(b.rows); n == 0 || len(b.rows[n-1].user) == rowChunkLen {
		b.rows = append(b.rows, rowChunk{make([]int32, 0, rowChunkLen), make([]uint16, 0, rowChunkLen), make([]int64, 0, rowChunkLen)})
	}
	c := &b.rows[len(b.rows)-1]
	c.user = append(c.user, u)
	c.ev = append(c.ev, e)
	c.ts = append(c.ts, ts)
	b.nrows++
}

// MaxEvents is how many distinct tracked events a Builder can hold (event
// indexes are uint16).
const MaxEvents = 1 << 16

// NewBuilder returns a Builder that keeps every occurrence of the named
// events (at most MaxEvents; the rest are ignored) and the first
// occurrence of each start event (such as first_visit).
func NewBuilder(events, starts []string) *Builder {
	b := &Builder{index: map[string]uint16{}, users: map[string]int32{}}
	for _, e := range events {
		if _, dup := b.index[e]; dup || len(b.events) >= MaxEvents {
			continue
		}
		b.index[e] = uint16(len(b.events))
		b.events = append(b.events, e)
	}
	for _, s := range starts {
		if !slices.Contains(b.starts, s) {
			b.starts = append(b.starts, s)
		}
	}
	return b
}

// Tracks reports whether rows named name matter to the Builder (a tracked
// event or a start event), so a caller can skip the others cheaply.
func (b *Builder) Tracks(name string) bool {
	if _, ok := b.index[name]; ok {
		return true
	}
	return slices.Contains(b.starts, name)
}

// user returns the index of a user, adding it when new. The id is copied:
// readers may reuse the buffers behind the strings they hand out.
func (b *Builder) user(id string) int32 {
	if u, ok := b.users[id]; ok {
		return u
	}
	id = strings.Clone(id)
	u := b.n
	b.n++
	b.users[id] = u
	b.ids = append(b.ids, id)
	b.firstAt.Append(NoTime)
	for range b.starts {
		b.startAt.Append(NoTime)
	}
	return u
}

// Event returns the index of a tracked event, false when the Builder
// does not keep it.
func (b *Builder) Event(name string) (uint16, bool) {
	e, ok := b.index[name]
	return e, ok
}

// Start returns the index of a start event, -1 when name is not one.
func (b *Builder) Start(name string) int { return slices.Index(b.starts, name) }

// NewUser adds a user the caller has not added before and returns its
// index, for AddEvent and AddStart. A caller that keeps its own table of
// users uses these three instead of Add, so a row costs no lookup of its
// user id here: idOf, set once with IDsFrom, gives a user's id when the
// analysis needs it. A user given no row is left out of the timelines
// Build returns.
func (b *Builder) NewUser() int32 {
	u := b.n
	b.n++
	b.firstAt.Append(NoTime)
	for range b.starts {
		b.startAt.Append(NoTime)
	}
	return u
}

// IDsFrom sets the function that gives the id of a user added by
// NewUser, from its index.
func (b *Builder) IDsFrom(idOf func(u int32) string) { b.idOf = idOf }

// AddEvent records a row of tracked event e (see Event) of user u (see
// NewUser) at ts (µs).
func (b *Builder) AddEvent(u int32, e uint16, ts int64) {
	if f := b.firstAt.At(int(u)); *f == NoTime || ts < *f {
		*f = ts
	}
	b.addRow(u, e, ts)
}

// AddStart records a row of start event s (see Start) of user u at ts.
func (b *Builder) AddStart(u int32, s int, ts int64) {
	if f := b.firstAt.At(int(u)); *f == NoTime || ts < *f {
		*f = ts
	}
	k := int(u)*len(b.starts) + s
	if t := b.startAt.At(k); *t == NoTime || ts < *t {
		*t = ts
	}
}

// Add records one row: user, event name and time (µs). Rows of names the
// Builder neither tracks nor starts from are ignored, as are rows without
// a user.
func (b *Builder) Add(user, event string, ts int64) {
	if user == "" {
		return
	}
	e, tracked := b.index[event]
	si := -1
	if !tracked {
		si = slices.Index(b.starts, event)
		if si < 0 {
			return
		}
	}
	u := b.user(user)
	if f := b.firstAt.At(int(u)); *f == NoTime || ts < *f {
		*f = ts
	}
	if si >= 0 {
		k := int(u)*len(b.starts) + si
		if s := b.startAt.At(k); *s == NoTime || ts < *s {
			*s = ts
		}
		return
	}
	b.addRow(u, e, ts)
}

// Build sorts the rows into one timeline per user, in time order (ties in
// event order), and returns them. The Builder must not be used afterwards.
func (b *Builder) Build() *Timelines {
	b.first, b.startTs = b.firstAt.Flat(), b.startAt.Flat()
	b.firstAt, b.startAt = chunks.Array[int64]{}, chunks.Array[int64]{}
	b.dropUsersWithoutRows()
	n := int(b.n)
	t := &Timelines{Events: b.events, Starts: b.starts, ids: b.ids, first: b.first, start: b.startTs, n: n}
	if b.idOf != nil {
		idOf, kept := b.idOf, b.kept
		t.idOf = func(u int) string {
			if kept != nil {
				return idOf(kept[u])
			}
			return idOf(int32(u))
		}
	}
	t.off = make([]int32, n+1)
	for _, c := range b.rows {
		for _, u := range c.user {
			t.off[u+1]++
		}
	}
	for i := 1; i <= n; i++ {
		t.off[i] += t.off[i-1]
	}
	t.ev = make([]uint16, b.nrows)
	t.ts = make([]int64, b.nrows)
	next := slices.Clone(t.off[:n])
	for k, c := range b.rows {
		for i, u := range c.user {
			j := next[u]
			next[u]++
			t.ev[j], t.ts[j] = c.ev[i], c.ts[i]
		}
		b.rows[k] = rowChunk{} // given back as soon as it is placed
	}
	b.rows, b.nrows = nil, 0
	type row struct {
		ts int64
		ev uint16
	}
	var buf []row
	for u := range n {
		lo, hi := t.off[u], t.off[u+1]
		buf = buf[:0]
		for j := lo; j < hi; j++ {
			buf = append(buf, row{t.ts[j], t.ev[j]})
		}
		slices.SortFunc(buf, func(a, b row) int {
			if c := cmp.Compare(a.ts, b.ts); c != 0 {
				return c
			}
			return cmp.Compare(a.ev, b.ev)
		})
		for k, r := range buf {
			t.ts[lo+int32(k)], t.ev[lo+int32(k)] = r.ts, r.ev
		}
	}
	return t
}

// Concat joins timelines built from disjoint sets of users with the same
// events and start events (one Builder per part of the users) into one,
// the users of parts[0] first. The parts must not be used afterwards.
func Concat(parts []*Timelines) *Timelines {
	if len(parts) == 1 {
		return parts[0]
	}
	t := &Timelines{}
	users, rows := 0, 0
	for _, p := range parts {
		users += p.Len()
		rows += p.Rows()
	}
	t.Events, t.Starts, t.n = parts[0].Events, parts[0].Starts, users
	t.off = make([]int32, 1, users+1)
	t.ev = make([]uint16, 0, rows)
	t.ts = make([]int64, 0, rows)
	t.first = make([]int64, 0, users)
	t.start = make([]int64, 0, users*len(t.Starts))
	// A user's id comes from its part: bases[i] is the first user of
	// parts[i].
	bases := make([]int, len(parts))
	ids := make([]func(int) string, len(parts))
	for i, p := range parts {
		bases[i] = len(t.first)
		ids[i] = p.ID
		base := int32(len(t.ev))
		for _, o := range p.off[1:] {
			t.off = append(t.off, base+o)
		}
		t.ev = append(t.ev, p.ev...)
		t.ts = append(t.ts, p.ts...)
		t.first = append(t.first, p.first...)
		t.start = append(t.start, p.start...)
		p.off, p.ev, p.ts, p.first, p.start = nil, nil, nil, nil, nil
	}
	t.idOf = func(u int) string {
		i, found := slices.BinarySearch(bases, u)
		if !found {
			i--
		}
		for i+1 < len(bases) && bases[i+1] == u { // parts without users
			i++
		}
		return ids[i](u - bases[i])
	}
	return t
}

// dropUsersWithoutRows removes the users added by NewUser that were given
// no row (their first time is unset), keeping the others in order.
func (b *Builder) dropUsersWithoutRows() {
	var to []int32 // per user: its new index, -1 when dropped
	k := 0
	for u, f := range b.first {
		if f == NoTime && to == nil {
			to = make([]int32, len(b.first))
			for v := range u {
				to[v] = int32(v)
			}
		}
		if to == nil {
			k++
			continue
		}
		if f == NoTime {
			to[u] = -1
			continue
		}
		to[u] = int32(k)
		if b.ids != nil {
			b.ids[k] = b.ids[u]
		}
		b.first[k] = f
		S := len(b.starts)
		copy(b.startTs[k*S:(k+1)*S], b.startTs[u*S:(u+1)*S])
		k++
	}
	if to == nil {
		return
	}
	if b.ids != nil {
		clear(b.ids[k:])
		b.ids = b.ids[:k]
	}
	b.first, b.startTs, b.n = b.first[:k], b.startTs[:k*len(b.starts)], int32(k)
	for _, c := range b.rows {
		for i, u := range c.user {
			c.user[i] = to[u]
		}
	}
	b.kept = make([]int32, k)
	for u, v := range to {
		if v >= 0 {
			b.kept[v] = int32(u)
		}
	}
	b.users = nil // Add must not be used afterwards
}

// Timelines are the tracked events of every user, in time order, stored
// flat: an event index (uint16) and a time (int64, µs) per row.
type Timelines struct {
	Events []string // tracked event names; a row's event is an index into it
	Starts []string // start event names

	n    int              // users
	ids  []string         // user ids (user_pseudo_id) by user index, or
	idOf func(int) string // the function that gives them

	off   []int32 // user u's rows are [off[u], off[u+1])
	ev    []uint16
	ts    []int64
	first []int64 // per user
	start []int64 // per user × len(Starts)
}

// Len returns the number of users.
func (t *Timelines) Len() int { return t.n }

// ID returns user u's id (user_pseudo_id).
func (t *Timelines) ID(u int) string {
	if t.idOf != nil {
		return t.idOf(u)
	}
	return t.ids[u]
}

// Rows returns the number of tracked rows held.
func (t *Timelines) Rows() int { return len(t.ev) }

// User returns user u's events and times, in time order. The slices are
// shared: do not change them.
func (t *Timelines) User(u int) (ev []uint16, ts []int64) {
	lo, hi := t.off[u], t.off[u+1]
	return t.ev[lo:hi:hi], t.ts[lo:hi:hi]
}

// First returns user u's first time, over tracked and start events.
func (t *Timelines) First(u int) int64 { return t.first[u] }

// Start returns the first time of start event s (an index into Starts) of
// user u, NoTime when the user has none.
func (t *Timelines) Start(u, s int) int64 { return t.start[u*len(t.Starts)+s] }
