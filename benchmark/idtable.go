package benchmark

import "unsafe"

// idTable numbers the distinct user ids of a shard: 0, 1, 2, ... in the
// order they are first added. It holds no pointer per id, so a table of
// millions of users costs the garbage collector nothing to scan: the ids'
// bytes live in large chunks, and the table is one array of slots, each a
// hash, a number and where the id's bytes are, so that finding an id
// touches its slot and its bytes and nothing else. Callers hash an id
// once (see Accumulator.shardOf) and pass the hash along.
type idTable struct {
	slots  []idSlot // a power of two; free slots have num -1
	refs   []uint64 // per number: where its bytes are (see idRef)
	chunks [][]byte
}

type idSlot struct {
	hash uint64
	num  int32
	// at is the id's position in the chunks, chunk*idChunk + offset,
	// where a length byte and then the id's bytes are; noAt for ids of
	// 255 bytes or more and ids past 4 GiB of chunks, which are compared
	// through refs.
	at uint32
}

const noAt = ^uint32(0)

// idChunk is the size of a chunk of id bytes; an id too long to share
// one (see store) gets a chunk of its own.
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
		if s.hash == hash && t.equal(s, id) {
			return s.num, false
		}
	}
	if 4*(len(t.refs)+1) > 3*len(t.slots) {
		t.grow()
	}
	num = int32(len(t.refs))
	ref, at := t.store(id)
	t.refs = append(t.refs, ref)
	t.put(idSlot{hash, num, at})
	return num, true
}

// equal reports whether the id in slot s is id.
func (t *idTable) equal(s *idSlot, id string) bool {
	if s.at == noAt {
		return t.id(s.num) == id
	}
	c := t.chunks[s.at/idChunk]
	off := int(s.at % idChunk)
	return int(c[off]) == len(id) && string(c[off+1:off+1+len(id)]) == id
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

// An idRef packs a chunk (high 24 bits), an offset in it (20 bits past
// the length byte's) and a length (20 bits), or, for an id in a chunk of
// its own, the chunk alone with offset and length all ones.
const (
	refLenBits = 20
	refOffBits = 20
	refOwn     = 1<<(refLenBits+refOffBits) - 1
)

// store copies id's bytes into a chunk: after a length byte when it is
// shorter than 255 bytes, else into a chunk of its own.
func (t *idTable) store(id string) (ref uint64, at uint32) {
	n := len(id)
	if n >= 255 {
		t.chunks = append(t.chunks, []byte(id))
		// A fresh chunk for the next ids: the last chunk is the one filled.
		t.chunks = append(t.chunks, make([]byte, 0, idChunk))
		return uint64(len(t.chunks)-2)<<(refLenBits+refOffBits) | refOwn, noAt
	}
	last := len(t.chunks) - 1
	if last < 0 || len(t.chunks[last])+1+n > cap(t.chunks[last]) {
		t.chunks = append(t.chunks, make([]byte, 0, idChunk))
		last++
	}
	c := t.chunks[last]
	off := len(c)
	c = append(c, byte(n))
	t.chunks[last] = append(c, id...)
	if n > 0 { // an empty id is ref 0: no bytes to find
		ref = uint64(last)<<(refLenBits+refOffBits) | uint64(off+1)<<refLenBits | uint64(n)
	}
	at = noAt
	if pos := uint64(last)*idChunk + uint64(off); pos < uint64(noAt) {
		at = uint32(pos)
	}
	return ref, at
}

// id returns the id numbered num. The string shares the table's bytes,
// which never change once written.
func (t *idTable) id(num int32) string {
	r := t.refs[num]
	if r == 0 {
		return ""
	}
	c := t.chunks[r>>(refLenBits+refOffBits)]
	if r&refOwn == refOwn {
		return unsafe.String(unsafe.SliceData(c), len(c))
	}
	off, n := int(r>>refLenBits&(1<<refOffBits-1)), int(r&(1<<refLenBits-1))
	return unsafe.String(&c[off], n)
}

// len returns how many ids the table holds.
func (t *idTable) len() int { return len(t.refs) }
