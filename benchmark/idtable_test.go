package benchmark

import (
	"fmt"
	"strings"
	"testing"
)

// TestIDTable numbers ids in order of first sight through many growths,
// with ids of every length (empty, long enough for a chunk of their own)
// and with hashes that collide (a hash shared by different ids, and every
// id in one probe run), and reads every id back.
func TestIDTable(t *testing.T) {
	for _, hashOf := range []struct {
		name string
		f    func(string) uint64
	}{
		{"distinct hashes", func(s string) uint64 { return fnv(s) }},
		{"one hash per 16 ids", func(s string) uint64 { return fnv(s) &^ 0xf }},
		{"all equal", func(string) uint64 { return 42 }},
	} {
		t.Run(hashOf.name, func(t *testing.T) {
			tab := newIDTable()
			n := 5000
			if hashOf.name == "all equal" {
				n = 600 // quadratic by design
			}
			ids := []string{""} // first, before any chunk exists
			for i := range n {
				id := fmt.Sprintf("%d.%d", i*7919, i)
				switch i % 500 {
				case 1:
					id = "" // seen before: the same number
				case 2:
					id = strings.Repeat("x", 250+i%700) // 255 bytes or more: a chunk of its own
				}
				ids = append(ids, id)
			}
			want := map[string]int32{}
			for round := range 2 {
				for _, id := range ids {
					num, added := tab.get(hashOf.f(id), id)
					w, seen := want[id]
					if !seen {
						w = int32(len(want))
						want[id] = w
					}
					if num != w || added == seen {
						t.Fatalf("round %d: get(%.20q) = %d, added %v; want %d, added %v", round, id, num, added, w, !seen)
					}
				}
			}
			if tab.len() != len(want) {
				t.Errorf("len = %d, want %d", tab.len(), len(want))
			}
			for id, num := range want {
				if got := tab.id(num); got != id {
					t.Errorf("id(%d) = %.20q, want %.20q", num, got, id)
				}
			}
		})
	}
}

func fnv(s string) uint64 {
	h := uint64(14695981039346656037)
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= 1099511628211
	}
	return h
}
