package report

import (
	"bytes"
	"testing"
)

// TestProgressPages: outside a terminal a page prints its verdict line
// only, a journey its start too.
func TestProgressPages(t *testing.T) {
	var b bytes.Buffer
	p := NewProgress(&b, false, 2)
	p.JourneyStarted("checkout")
	p.JourneyDone(&Journey{Name: "checkout", Passed: true})
	p.PageStarted("https://shop.example.test/cart")
	p.SetTotal(3)
	p.JourneyDone(&Journey{Name: "https://shop.example.test/cart", Page: &Page{URL: "https://shop.example.test/cart"}})
	p.Close()
	want := "journey \"checkout\" started\nPASS  checkout (0 findings)\nFAIL  https://shop.example.test/cart (0 findings)\n"
	if b.String() != want {
		t.Errorf("progress:\n%s\nwant:\n%s", b.String(), want)
	}
}
