package benchmark

import "unsafe"

// idTable numbers the distinct user ids of a shard: 0, 1, 2, ... in the
// order they are first added. It holds no pointer per id, so a table of
// millions of users costs the garbage collector nothing to scan: the ids'
// bytes live in large chunks, and the table is one array of slots, each a
// hash and a number. Callers hash an id once (see Accumulator.shardOf)
// and pass the hash along.
type idTable struct {
	slots  []idSlot // a power of two; free slots have num -1
	count  int
	refs   []idRef // per number: where its bytes are
	chunks [][]byte
}

type idSlot struct {
	hash uint64
	num  int32
}

type idRef struct {
	chunk, off, n uint32
}

// idChunk is the size of a chunk of id bytes; an id longer than that
// gets a chunk of its own.
const idChunk = 1 << 20

func newIDTable() *idTable {
	t := &idTable{slots: make([]idSlot, 1024)}
	for i := range t.slots {
		t.slots[i].num = -1
	}
	return t
}

// get returns the number of id (hash being its hash), adding it when new.
func (t *idTable) get(hash uint64, id string) (num int32, added bool) {
	mask := uint64(len(t.slots) - 1)
	for i := hash & mask; ; i = (i + 1) & mask {
		s := &t.slots[i]
		if s.num < 0 {
			break
		}
		if s.hash == hash && t.id(s.num) == id {
			return s.num, false
		}
	}
	if 4*(t.count+1) > 3*len(t.slots) {
		t.grow()
	}
	num = int32(len(t.refs))
	t.refs = append(t.refs, t.store(id))
	t.put(idSlot{hash, num})
	t.count++
	return num, true
}

// put places a slot known not to be in the table.
func (t *idTable) put(s idSlot) {
	mask := uint64(len(t.slots) - 1)
	i := s.hash & mask
	for t.slots[i].num >= 0 {
		i = (i + 1) & mask
	}
	t.slots[i] = s
}

func (t *idTable) grow() {
	old := t.slots
	t.slots = make([]idSlot, 2*len(old))
	for i := range t.slots {
		t.slots[i].num = -1
	}
	for _, s := range old {
		if s.num >= 0 {
			t.put(s)
		}
	}
}

// store copies id's bytes into a chunk.
func (t *idTable) store(id string) idRef {
	n := len(id)
	if n > idChunk/16 {
		t.chunks = append(t.chunks, []byte(id))
		// A chunk of its own, then a fresh chunk for the next ids.
		ref := idRef{uint32(len(t.chunks) - 1), 0, uint32(n)}
		t.chunks = append(t.chunks, make([]byte, 0, idChunk))
		return ref
	}
	last := len(t.chunks) - 1
	if last < 0 || len(t.chunks[last])+n > cap(t.chunks[last]) {
		t.chunks = append(t.chunks, make([]byte, 0, idChunk))
		last++
	}
	c := t.chunks[last]
	t.chunks[last] = append(c, id...)
	return idRef{uint32(last), uint32(len(c)), uint32(n)}
}

// id returns the id numbered num. The string shares the table's bytes,
// which never change once written.
func (t *idTable) id(num int32) string {
	r := t.refs[num]
	if r.n == 0 {
		return ""
	}
	c := t.chunks[r.chunk]
	return unsafe.String(&c[r.off], r.n)
}

// len returns how many ids the table holds.
func (t *idTable) len() int { return len(t.refs) }
