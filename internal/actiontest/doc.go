// Package actiontest checks the tagspec GitHub Action, action.yml at the
// repository root, and the example workflow of docs/github-action.md. Its
// tests read action.yml as a runner does, run the action's shell steps
// with bash against the example site in real Chromium, with the GITHUB_*
// files in a temporary folder, and assert the job summary, the annotations
// on stdout, the outputs and the inputs given to the third-party actions
// (which they do not run). The package has no code of its own.
package actiontest
