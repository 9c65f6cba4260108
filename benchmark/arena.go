package benchmark

// timesArena holds the first-seen times (one per plan slot) of many
// sessions or users in chunks of plain int64s, addressed by index. Unlike a
// slice per session, it costs no object header, no slice header and no
// pointer for the garbage collector to scan, and it grows by whole chunks
// without copying what it holds: a day of a large property keeps hundreds
// of thousands of sessions open at once.
type timesArena struct {
	slots  int
	chunks [][]int64
	n      int32   // records handed out, free ones included
	free   []int32 // records given back, reused first
}

// arenaChunk is how many records one chunk holds.
const arenaChunk = 4096

func newTimesArena(slots int) timesArena { return timesArena{slots: slots} }

// at returns record i.
func (a *timesArena) at(i int32) []int64 {
	c := a.chunks[i/arenaChunk]
	off := int(i%arenaChunk) * a.slots
	return c[off : off+a.slots : off+a.slots]
}

// alloc returns a new record with every time absent.
func (a *timesArena) alloc() int32 {
	var i int32
	if n := len(a.free); n > 0 {
		i, a.free = a.free[n-1], a.free[:n-1]
	} else {
		if int(a.n/arenaChunk) == len(a.chunks) {
			a.chunks = append(a.chunks, make([]int64, arenaChunk*a.slots))
		}
		i = a.n
		a.n++
	}
	ts := a.at(i)
	for j := range ts {
		ts[j] = absent
	}
	return i
}

// release gives record i back for reuse.
func (a *timesArena) release(i int32) { a.free = append(a.free, i) }

// foldTime records t as the first time of a slot when it is earlier than
// the one held.
func foldTime(ts []int64, slot int, t int64) {
	if ts[slot] == absent || t < ts[slot] {
		ts[slot] = t
	}
}

// foldTimes keeps the earlier time of each slot of from in into.
func foldTimes(into, from []int64) {
	for i, t := range from {
		if t != absent {
			foldTime(into, i, t)
		}
	}
}
