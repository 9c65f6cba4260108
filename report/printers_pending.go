package report

import (
	"errors"
	"io"
)

var errPending = errors.New("report printer not built yet")

func writeText(w io.Writer, r *Report) error   { return errPending }
func writeJSON(w io.Writer, r *Report) error   { return errPending }
func writeJUnit(w io.Writer, r *Report) error  { return errPending }
func writeGitHub(w io.Writer, r *Report) error { return errPending }
func writeHTML(w io.Writer, r *Report) error   { return errPending }
