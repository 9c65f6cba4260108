// Package benchmark compares the rates observed in GA4 data with industry
// ranges: the last step of the tagspec pipeline.
//
// It takes a spec (its events, funnels, macro-conversions and momentum
// patterns) and observed data: GA4 export rows streamed by ga4export, a GA4
// report CSV, or BigQuery. It gives a Report: each event's rate with its
// interval and verdict, the funnels, the weight of each micro-conversion,
// the predictive model, the momentum analysis (package momentum), an
// optional comparison of groups (package experiment) and the data
// problems (findings with data/ rule ids, see [Rules]).
//
// Everything is derived from one [Plan]: the [Accumulator] evaluates it
// over a stream of rows, and [Plan.SQL] renders the same counters as
// BigQuery SQL, so both sources give the same numbers. The Report prints
// as text, JSON, CSV or one HTML page ([Write]).
//
// It may import spec, ga4export, momentum, experiment and diag; it knows
// nothing of the browser, the crawl or the command line.
package benchmark
