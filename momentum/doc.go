// Package momentum finds the sequences of micro-conversions that come
// before a macro-conversion, measures how fast users move through the
// funnel stages, and lists the users who show a strong pattern but have
// not converted yet.
//
// It is pure analysis over per-user timelines (no I/O): the benchmark
// package fills a Builder from the rows it already reads, and Analyze
// turns the Timelines into a Result: mined patterns (Mine, bounded by
// Bounds), the spec's declared patterns, velocities and early signals.
package momentum
