// Package diag holds what every tagspec check reports: a [Finding] (where,
// how serious, which rule, what is wrong, and for a crawl which journey,
// step, page, event and parameter), the [Rule] catalogue entries the
// owning packages declare, a [Catalog] that collects them, and the
// printers every command shares ([Format], [ParseFormat], [WriteText],
// [WriteJSON], [WriteGitHub], [WriteSARIF]).
//
// The spec loader, lint, the validator, the crawler, the GTM container
// runtime and the container importer all produce findings of this one
// type; package diag itself depends on no other tagspec package.
package diag
