// Package validator judges what a journey sent against the spec.
//
// In the tagspec pipeline it comes after capture: the crawler (or a HAR
// import, or a test) fills an Observation with the journey's steps, the
// events decoded from GA4 hits and dataLayer pushes, all in capture order;
// Check returns Findings with stable rule ids that the report package
// prints and that decide the exit code.
package validator
