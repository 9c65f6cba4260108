// Package experiment holds the statistics behind tagspec bench's
// comparisons and predictive weights: the difference of two conversion
// rates with its interval and a significance test, Holm's correction for
// the number of comparisons, the sample size still needed to detect a
// lift, the "optimizing in a silo" check, and a regularised logistic
// regression of the macro-conversion on the micro-conversions.
//
// It is pure computation on counts: the benchmark package feeds it what
// it counted in the GA4 export (or in BigQuery) and prints the results.
package experiment
