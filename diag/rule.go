package diag

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
)

// Rule describes one rule: its stable id, the severity of what it
// reports, what it checks and how to fix what it finds. Each package that
// reports findings declares its rules in one list; package rules collects
// them all.
type Rule struct {
	// ID is the stable rule id, "family/name" (e.g. "ga4/event-name-length",
	// "journey/event-missing"). Users refer to it in CI logs and issues.
	ID string
	// Severity is the default severity of the rule's findings; where some
	// are milder, Summary or Help says when.
	Severity Severity
	// Summary says what the rule checks, in one sentence.
	Summary string
	// Help says in a few sentences why the rule matters and how to fix
	// what it finds.
	Help string
	// Formerly lists the ids earlier versions of tagspec gave the rule, so
	// that reports they saved still read (see Catalog.Canonical).
	Formerly []string
}

// Family is the part of the rule id before the first "/" ("ga4" for
// "ga4/event-name-length").
func (r Rule) Family() string {
	family, _, _ := strings.Cut(r.ID, "/")
	return family
}

// Catalog is a set of rules sorted by id, with the former ids of each.
// The zero Catalog holds no rules.
type Catalog struct {
	rules  []Rule
	byID   map[string]int
	former map[string]string
}

// NewCatalog collects the rule lists of several packages into one
// catalogue. It fails on an empty id, an id without a family prefix, an
// unknown severity, a missing summary or help, a duplicate id, or a former
// id that is also a current one or belongs to two rules.
func NewCatalog(lists ...[]Rule) (*Catalog, error) {
	c := &Catalog{byID: map[string]int{}, former: map[string]string{}}
	for _, l := range lists {
		c.rules = append(c.rules, l...)
	}
	slices.SortStableFunc(c.rules, func(a, b Rule) int { return cmp.Compare(a.ID, b.ID) })
	for i, r := range c.rules {
		family, name, ok := strings.Cut(r.ID, "/")
		switch {
		case !ok || family == "" || name == "":
			return nil, fmt.Errorf("rule %q: want an id of the form family/name", r.ID)
		case r.Severity != SeverityError && r.Severity != SeverityWarning && r.Severity != SeverityInfo:
			return nil, fmt.Errorf("rule %s: severity %q is not error, warning or info", r.ID, r.Severity)
		case r.Summary == "":
			return nil, fmt.Errorf("rule %s: no summary", r.ID)
		case r.Help == "":
			return nil, fmt.Errorf("rule %s: no help", r.ID)
		}
		if _, dup := c.byID[r.ID]; dup {
			return nil, fmt.Errorf("rule %s is declared twice", r.ID)
		}
		c.byID[r.ID] = i
	}
	for _, r := range c.rules {
		for _, old := range r.Formerly {
			if _, clash := c.byID[old]; clash {
				return nil, fmt.Errorf("rule %s: former id %q is a current rule id", r.ID, old)
			}
			if other, dup := c.former[old]; dup {
				return nil, fmt.Errorf("former id %q belongs to both %s and %s", old, other, r.ID)
			}
			c.former[old] = r.ID
		}
	}
	return c, nil
}

// Rules returns every rule sorted by id. The slice is a copy.
func (c *Catalog) Rules() []Rule {
	if c == nil {
		return nil
	}
	return slices.Clone(c.rules)
}

// Lookup returns the rule with the given id, current or former.
func (c *Catalog) Lookup(id string) (Rule, bool) {
	if c == nil {
		return Rule{}, false
	}
	i, ok := c.byID[c.Canonical(id)]
	if !ok {
		return Rule{}, false
	}
	return c.rules[i], true
}

// Canonical returns the current id of a rule that an earlier version of
// tagspec named id, or id itself.
func (c *Catalog) Canonical(id string) string {
	if c != nil {
		if now, ok := c.former[id]; ok {
			return now
		}
	}
	return id
}
