package pii

import (
	"strings"
	"testing"
)

func TestValueLengthBound(t *testing.T) {
	const card = "4111 1111 1111 1111" // passes Luhn; without its last digit it does not
	find := func(v string) []string {
		var kinds []string
		for _, m := range Value(nil, v, NameHint("note")) {
			kinds = append(kinds, m.Kind.String()+":"+m.Text)
		}
		return kinds
	}
	pad := func(n int) string { return strings.Repeat("x", n) + " " }
	at := pad(MaxValueBytes-len(card)-1) + card
	if len(at) != MaxValueBytes {
		t.Fatalf("test setup: %d bytes", len(at))
	}
	if got := find(at); len(got) != 1 || !strings.HasSuffix(got[0], ":"+card) {
		t.Errorf("card ending at byte MaxValueBytes: found %q, want the card", got)
	}
	past := pad(MaxValueBytes-len(card)) + card
	if len(past) != MaxValueBytes+1 {
		t.Fatalf("test setup: %d bytes", len(past))
	}
	if got := find(past); len(got) != 0 {
		t.Errorf("card ending one byte past MaxValueBytes: found %q, want nothing (only the first MaxValueBytes are read)", got)
	}
	if read, cut := Cut(at); cut || read != at {
		t.Errorf("Cut of MaxValueBytes bytes: cut = %v", cut)
	}
	if read, cut := Cut(past); !cut || len(read) != MaxValueBytes {
		t.Errorf("Cut of MaxValueBytes+1 bytes: cut = %v, %d bytes read", cut, len(read))
	}
	// A cut never splits a character: é is two bytes, straddling the bound.
	split := strings.Repeat("a", MaxValueBytes-1) + "é"
	if read, cut := Cut(split); !cut || len(read) != MaxValueBytes-1 {
		t.Errorf("Cut through a character: cut = %v, %d bytes read, want %d", cut, len(read), MaxValueBytes-1)
	}
}
