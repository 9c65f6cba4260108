// Package starters holds the spec templates a tagspec user starts from.
//
// `tagspec init` writes one of these templates as the user's first
// tagspec.yaml. Each template is a complete, lint-clean spec for one kind of
// site (B2B SaaS, e-commerce, content publishing, lead generation): its
// micro- and macro-conversion events with their triggers, parameters and
// industry benchmark keys, funnels, and journeys the crawler can run against
// a staging site. From there the rest of the pipeline applies unchanged:
// lint checks it, templates turns it into a GTM container, crawler and
// validator prove the events fire, and benchmark reads the observed rates.
//
// The comment block at the top of each template lists what the site must
// provide (paths, CSS selectors and dataLayer pushes), so a team can see at
// once which parts of the template to adapt to their own pages.
//
// The templates are embedded in the binary; Names lists them, Get returns a
// template's bytes and Describe returns its one-line summary.
//
// It imports only the standard library; its tests run the templates
// through the rest of the pipeline.
package starters
