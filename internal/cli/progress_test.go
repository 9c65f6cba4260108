package cli

import (
	"bytes"
	"strings"
	"testing"

	"github.com/tagspec/tagspec/crawler"
	"github.com/tagspec/tagspec/validator"
)

// TestProgressPages: outside a terminal a page prints its verdict line
// only, a journey its start too.
func TestProgressPages(t *testing.T) {
	var b bytes.Buffer
	p := newProgress(&b, false, 2)
	p.JourneyStarted("checkout")
	p.JourneyDone(&crawler.JourneyResult{Observation: &validator.Observation{Journey: "checkout"}, Passed: true})
	p.PageStarted("https://shop.example.test/cart")
	p.SetTotal(3)
	p.JourneyDone(&crawler.JourneyResult{Observation: &validator.Observation{Journey: "https://shop.example.test/cart"}, Page: &crawler.Page{URL: "https://shop.example.test/cart"}})
	p.Close()
	want := "journey \"checkout\" started\nPASS  checkout (0 findings)\nFAIL  https://shop.example.test/cart (0 findings)\n"
	if b.String() != want {
		t.Errorf("progress:\n%s\nwant:\n%s", b.String(), want)
	}
}

func TestProgress(t *testing.T) {
	var b bytes.Buffer
	p := newProgress(&b, false, 2)
	p.JourneyStarted("a")
	p.StepDone("a", -1, "consent", "")
	p.StepDone("a", 0, `click "#x"`, "")
	p.StepDone("a", 1, `click "#y"`, "not found")
	p.StepJudged("a", 2, `expect "x"`, nil)
	p.StepJudged("a", 3, `expect no "y"`, []validator.Finding{
		{Rule: validator.RuleEventUnexpected, Message: `expects no "y", but it was sent once`},
		{Rule: validator.RulePII, Message: "it carries an email address"},
	})
	p.JourneyDone(&crawler.JourneyResult{Observation: &validator.Observation{Journey: "a"}, Findings: make([]validator.Finding, 2)})
	p.Close()
	want := "journey \"a\" started\n  a: consent (before step 1) ok\n  a: step 1 click \"#x\" ok\n  a: step 2 click \"#y\" FAILED: not found\n" +
		"  a: step 3 expect \"x\" passed\n" +
		"  a: step 4 expect no \"y\" FAILED: expects no \"y\", but it was sent once [journey/event-unexpected]; it carries an email address [privacy/personal-data-hit]\n" +
		"FAIL  a (2 findings)\n"
	if b.String() != want {
		t.Errorf("got  %q\nwant %q", b.String(), want)
	}
	b.Reset()
	p = newProgress(&b, true, 1)
	p.JourneyStarted("a")
	p.JourneyDone(&crawler.JourneyResult{Observation: &validator.Observation{Journey: "a"}, Passed: true})
	p.Close()
	if !strings.Contains(b.String(), "\r\x1b[KPASS  a (0 findings)\n") {
		t.Errorf("tty output = %q", b.String())
	}
}
