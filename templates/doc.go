// Package templates turns a tagspec spec into a Google Tag Manager
// container and back. It is the "GTM container" step of the pipeline
//
//	spec (tagspec.yaml) -> lint -> GTM container -> crawl in Chromium -> verdict -> benchmark
//
// and the bridge to teams that already have a container:
//
//   - Generate (and Build) write a web container in GTM's export format 2,
//     ready for Admin > Import Container: the Google tag (googtag) with the
//     measurement ID, one GA4 event tag (gaawe) per event with its
//     parameters, a trigger per event (native GTM triggers where they exist),
//     the data layer, constant, URL and auto-event variables the parameters
//     read, every built-in variable referenced, consent settings and a folder
//     per funnel stage. Output is deterministic: IDs come from one counter in
//     a stable order (variables sorted by source, so they do not depend on
//     event order), no map is ranged over, and time comes only from
//     Options.Timestamp.
//   - Where GTM has no native trigger (form start, form abandonment, time on
//     an element, HTML5 video progress) a small Custom HTML listener tag
//     (listeners/*.js, ES5) fires on All Pages, watches the page and pushes
//     the dataLayer event "tagspec.<event>"; a custom event trigger fires the
//     GA4 tag. The listeners are tested in headless Chromium.
//   - Import and ContainerSpec read containers of any age (current GA4,
//     the older gaawc configuration tag with eventParameters rows,
//     Universal Analytics, format 1.3, server containers) into a spec, with a
//     warning for everything a spec cannot express. Container keeps every
//     member it does not model, so reading and writing a file loses nothing.
//   - Diff reports drift between a spec and an exported container.
//   - Docs writes the tracking plan for web developers (Markdown and HTML).
//   - ValidateContainer checks a container against the container JSON Schema
//     (schema/gtm-container.schema.json) and semantic rules.
//
// What GTM cannot hold (event kind, category, signal, parameter types and
// constraints, funnels, consent selectors) travels in the notes of the GA4
// and Google tags as one "tagspec: {...}" line, so a generated container
// imports back to the spec it came from. A YouTube video trigger applies to
// every player on the page: GTM cannot narrow it by selector, so a selector
// on a YouTube trigger is not used.
//
// This package never imports cobra, viper or chromedp (its browser tests do).
package templates
