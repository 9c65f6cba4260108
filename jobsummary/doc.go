// Package jobsummary turns the JSON reports that tagspec's commands write
// (lint, diff, crawl or report merge, bench) and a generated GTM container
// into one verdict, a Markdown job summary for a CI run (GitHub Actions'
// $GITHUB_STEP_SUMMARY) and step outputs in the $GITHUB_OUTPUT format.
// It is the logic behind tagspec report summary and the tagspec GitHub
// Action (action.yml at the repository root), so that the action's shell
// stays a few lines and this part is tested in Go.
//
// It may import the packages whose JSON reports it reads (spec, validator,
// report, benchmark, templates), never the crawler or the CLI.
package jobsummary
