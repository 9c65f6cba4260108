// Package benchmark reads observed GA4 data against a tagspec spec and tells
// a marketer how each micro-conversion rate compares with industry ranges.
//
// It is the last step of the tagspec pipeline: the spec names the events
// (and, per event, the key of an industry range), the ga4export package
// streams the observed rows, and this package computes, for every spec
// event, the numerator and denominator the range's definition asks for, the
// rate with a 95% Wilson interval and a verdict; the open and ordered
// variants of every spec funnel; and the predictive weight of every
// micro-conversion (the macro-conversion rate with versus without it, the
// lift with its interval and the median time to the macro-conversion),
// with a predictive model that weighs the micro-conversions together; and,
// with Options.Compare, a comparison of groups of users (an experiment's
// variants, traffic sources, countries, devices or two periods). The
// statistics come from the experiment package.
//
// Everything is derived from one Plan. A Plan lists counters (how many
// sessions or users satisfy a condition such as "has pricing_view and
// generate_lead") and durations; the local Accumulator evaluates them while
// streaming an export, and Plan.SQL renders the very same counters as one
// BigQuery query (Plan.DaysSQL adds the rows per day behind the
// missing-days check and the rows without ids), so a property too large for
// one machine gets identical numbers and data problems from BigQuery
// (RunBigQuery). scripts/bigquery-check.sh checks that claim by running the
// SQL on a BigQuery emulator (ZetaSQL) over the rows the local engine reads. Build turns counter values into a
// Report, which prints as text, JSON, CSV or a self-contained HTML page.
//
// Industry ranges are built in (ranges.yaml, each with its definition,
// source and year) and users can add or override them from their own file.
package benchmark
