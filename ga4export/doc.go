// Package ga4export reads the observed data that tagspec benchmarks a spec
// against: the GA4 BigQuery export (one row per event, in the
// events_YYYYMMDD schema) as newline-delimited JSON, as a JSON array or as
// Parquet, and the CSV files the GA4 interface downloads from its reports.
//
// It sits between the files a marketer or analytics engineer already has and
// the benchmark package: every reader streams, handing one Event at a time to
// a callback, so memory does not grow with the size of the export. Only the
// columns an Event holds are read (date, timestamp, event name,
// user_pseudo_id, ga_session_id, transaction id, the event parameters
// ReadOptions keeps and, when it asks, the traffic source, country and
// device): ReadParquetOptions decodes those column chunks alone,
// and ReadJSONOptions checks the syntax of the other columns as it skips
// them. Both decode one file on several goroutines (row groups, blocks of
// lines) and still hand rows over one at a time, in file order.
//
// Report CSVs cannot be streamed into events: they hold aggregates. ReadReport
// parses them into sections (the "#" comment header, the column header and
// the rows), keeping the report title, segment, date range and any secondary
// dimension, so the benchmark package can compute the event- and user-based
// rates such a file supports.
//
// It may import the JSON and Parquet libraries, no other tagspec package.
package ga4export
