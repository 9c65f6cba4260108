package starters

import (
	"bytes"
	"regexp"
	"strings"
	"testing"

	"github.com/tagspec/tagspec/spec"
)

// header returns the leading comment block of a template: the contract
// with the site (paths, selectors and dataLayer pushes it must provide).
func header(data []byte) string {
	var b strings.Builder
	for line := range bytes.Lines(data) {
		if !bytes.HasPrefix(line, []byte("#")) {
			break
		}
		b.Write(line)
	}
	return b.String()
}

var (
	// selectorTokenRE finds the ids, classes and form-field names a CSS
	// selector relies on.
	selectorTokenRE = regexp.MustCompile(`#[A-Za-z][\w-]*|\.[A-Za-z][\w-]*|name=[\w-]+`)
	// attrValueRE matches attribute conditions other than name=, which are
	// left out of selectorTokenRE's search (their values hold dots).
	attrValueRE = regexp.MustCompile(`\[[^\]]*\]`)
)

// selectorTokens returns what a selector relies on that the header must name.
func selectorTokens(sel string) []string {
	var toks []string
	for _, attr := range attrValueRE.FindAllString(sel, -1) {
		if strings.HasPrefix(attr, "[name=") {
			toks = append(toks, strings.Trim(attr, "[]"))
		}
	}
	toks = append(toks, selectorTokenRE.FindAllString(attrValueRE.ReplaceAllString(sel, ""), -1)...)
	return toks
}

// TestHeaderDocumentsSiteContract checks that the comment at the top of each
// template names every id, class and field its triggers and journeys rely
// on, every dataLayer event and key it reads, and every page its journeys
// visit, so a team can build or adapt their pages from the header alone.
func TestHeaderDocumentsSiteContract(t *testing.T) {
	for _, name := range Names() {
		t.Run(name, func(t *testing.T) {
			data, err := Get(name)
			if err != nil {
				t.Fatal(err)
			}
			h := header(data)
			if h == "" {
				t.Fatal("no header comment")
			}
			s, _, err := spec.Parse(name+".yaml", data)
			if err != nil {
				t.Fatal(err)
			}
			need := func(what, tok string) {
				t.Helper()
				if !strings.Contains(h, tok) {
					t.Errorf("%s: header does not mention %q", what, tok)
				}
			}
			for _, e := range s.Events {
				for _, tok := range selectorTokens(e.Trigger.Selector) {
					need("event "+e.Name+" trigger", tok)
				}
				if e.Trigger.Kind == spec.TriggerDataLayer {
					need("event "+e.Name+" trigger", `event: "`+e.Trigger.Event+`"`)
				}
				for _, p := range e.Params {
					if p.From.Kind == spec.SourceDataLayer {
						key, _, _ := strings.Cut(p.From.Value, ".")
						need("event "+e.Name+" param "+p.Name, key)
					}
					if p.From.Kind == spec.SourceElement && strings.HasPrefix(p.From.Value, "data-") {
						need("event "+e.Name+" param "+p.Name, p.From.Value)
					}
				}
			}
			for _, j := range s.Journeys {
				need("journey "+j.Name+" start", j.Start)
				for _, st := range j.Steps {
					for _, tok := range selectorTokens(st.Selector) {
						need("journey "+j.Name+" step "+st.Kind, tok)
					}
					if st.Kind == spec.StepVisit {
						need("journey "+j.Name+" visit", st.URL)
					}
				}
			}
		})
	}
}
