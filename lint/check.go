package lint

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/tagspec/tagspec/diag"
	"github.com/tagspec/tagspec/spec"
)

// Check runs every lint rule on a loaded spec and returns what it found,
// sorted by position and free of duplicates. Each finding is reported once,
// at the position of the value or key the user has to change, with a
// message that says how to fix it.
//
// Check does not repeat what the loader reports (duplicate event names,
// unknown events in funnels and journeys, schema errors); run it on the
// spec returned by spec.Load or spec.Parse and print both lists.
// Check never modifies s. A nil spec has no findings.
func Check(s *spec.Spec) []spec.Diagnostic {
	if s == nil {
		return nil
	}
	c := &checker{s: s}
	c.checkEvents()
	c.checkKeyEvents()
	c.checkCustomDimensions()
	c.checkUserProperties()
	c.checkNamingStyle()
	c.checkContradictions()
	c.checkContainerBasics()
	return diag.Sort(c.diags)
}

// checker collects the findings of one Check call.
type checker struct {
	s     *spec.Spec
	diags []spec.Diagnostic
	// renamed holds names a finding already asks to rename, so the naming
	// style rule does not ask again.
	renamed map[string]bool
}

// where finds the position of a finding. Positions are looked up in the
// YAML document only when a finding is reported, which keeps Check cheap on
// large specs where most elements are fine.
type where func() spec.Pos

// report records a finding of rule, with the rule's severity, at the
// position at returns.
func (c *checker) report(at where, rule, format string, args ...any) {
	c.reportAs(severityOf(rule), at, rule, format, args...)
}

// reportAs records a finding with a severity milder than the rule's, for
// the rules whose catalogue summary says when they report less.
func (c *checker) reportAs(sev spec.Severity, at where, rule, format string, args ...any) {
	pos := at()
	if pos.File == "" {
		pos.File = c.s.File
	}
	c.diags = append(c.diags, spec.Diagnostic{
		Pos:      pos,
		Severity: sev,
		Rule:     rule,
		Message:  fmt.Sprintf(format, clipArgs(args)...),
	})
}

// valuePos returns the position of the value at the JSON pointer ptr, or
// fallback when the spec does not know it (a key that is absent from the
// file, or a spec built in Go code).
func (c *checker) valuePos(ptr string, fallback spec.Pos) spec.Pos {
	if p := c.s.Position(ptr); p.Line > 0 {
		return p
	}
	return fallback
}

// keyPos returns the position of the mapping key at the JSON pointer ptr,
// or fallback when the spec does not know it.
func (c *checker) keyPos(ptr string, fallback spec.Pos) spec.Pos {
	if p := c.s.KeyPosition(ptr); p.Line > 0 {
		return p
	}
	return fallback
}

// keyPresent reports whether the mapping key at ptr exists in the file. A
// pointer that does not resolve fully lands on its deepest existing
// ancestor, so an absent key has the same value position as its parent,
// while a present key's value starts after the key.
func (c *checker) keyPresent(ptr string) bool {
	p := c.s.Position(ptr)
	return p.Line > 0 && p != c.s.Position(parentPointer(ptr))
}

// fieldPos returns the position of the value of field under the node at
// path when the file has that field, and fallback otherwise.
func (c *checker) fieldPos(path, field string, fallback spec.Pos) spec.Pos {
	ptr := path + "/" + escapePointer(field)
	if !c.keyPresent(ptr) {
		return fallback
	}
	return c.valuePos(ptr, fallback)
}

// eventNameAt locates an event's name value.
func (c *checker) eventNameAt(e *spec.Event) where {
	return func() spec.Pos { return c.eventNamePos(e) }
}

// paramAt locates a parameter's key.
func (c *checker) paramAt(p *spec.Param) where {
	return func() spec.Pos { return c.paramPos(p) }
}

// fieldAt locates the value of field under the node at path, or falls back
// to fallback when the file does not have that field.
func (c *checker) fieldAt(path, field string, fallback where) where {
	return func() spec.Pos {
		ptr := path + "/" + escapePointer(field)
		if !c.keyPresent(ptr) {
			return fallback()
		}
		return c.valuePos(ptr, fallback())
	}
}

// keyAt locates the mapping key at ptr, or fallback.
func (c *checker) keyAt(ptr string, fallback spec.Pos) where {
	return func() spec.Pos { return c.keyPos(ptr, fallback) }
}

// eventNamePos is the position of an event's name value.
func (c *checker) eventNamePos(e *spec.Event) spec.Pos {
	return c.fieldPos(e.Path, "name", e.Pos)
}

// paramPos is the position of a parameter's key.
func (c *checker) paramPos(p *spec.Param) spec.Pos {
	return c.keyPos(p.Path, p.Pos)
}

func parentPointer(ptr string) string {
	if i := strings.LastIndexByte(ptr, '/'); i >= 0 {
		return ptr[:i]
	}
	return ""
}

func escapePointer(tok string) string {
	return strings.ReplaceAll(strings.ReplaceAll(tok, "~", "~0"), "/", "~1")
}

// clipArgs shortens long strings among a message's arguments: a message
// quotes what the user wrote, but a name of a megabyte would drown the
// line (the schema reports the length itself).
func clipArgs(args []any) []any {
	const keep = 60
	out := args
	for i, a := range args {
		s, ok := a.(string)
		if !ok || len(s) <= 200 {
			continue
		}
		if &out[0] == &args[0] {
			out = append([]any(nil), args...)
		}
		cut := keep
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		out[i] = s[:cut] + fmt.Sprintf("… (%d characters)", utf8.RuneCountInString(s))
	}
	return out
}
