// Package gtmapi syncs a spec's GTM container with a Tag Manager workspace
// through the Tag Manager API v2: it reads a workspace, plans the creates,
// updates and deletes that bring tagspec's own entities in line with the
// container that package templates generates, applies the plan in
// dependency order with fingerprints, publishes a version on request, and
// pulls a workspace or the live version back as a container export file.
//
// Entities tagspec owns carry the line [templates.ManagedMarker] in their
// notes; everything else in the workspace is read but never written.
// Requests are paced to the API's quota and retried with capped,
// jittered exponential backoff when the API answers 429 (see [Options]).
//
// It may import templates and Google's API client; only the CLI imports
// it, and its tests run against a local fake of the API.
package gtmapi
