package cli

import (
	"errors"
	"fmt"
	"strings"
)

// Exit codes of the tagspec command. They are part of the interface: CI
// systems branch on them, and the README documents them.
const (
	ExitOK       = 0 // clean: nothing to report
	ExitFindings = 1 // the check ran and found problems (lint errors, failed journeys, drift)
	ExitBadInput = 2 // bad input or usage: a spec or file that cannot be read, an unknown flag
	ExitFailure  = 3 // the tool itself or the browser failed
)

// exitError carries an exit code through cobra's error return. When printed
// is true the command has already reported the problem.
type exitError struct {
	code    int
	err     error
	printed bool
}

func (e *exitError) Error() string {
	if e.err == nil {
		return fmt.Sprintf("exit %d", e.code)
	}
	return e.err.Error()
}

func (e *exitError) Unwrap() error { return e.err }

// usageError is a mistake in how tagspec was called: an unknown command
// or flag, a flag value that does not parse, the wrong number of
// arguments. It exits with ExitBadInput, and Run follows its message with
// a pointer to --help.
type usageError struct{ err error }

func (e *usageError) Error() string { return e.err.Error() }

func (e *usageError) Unwrap() error { return e.err }

// errFindings says the command found problems and has printed them.
var errFindings = &exitError{code: ExitFindings, printed: true}

// badInput wraps err so that it exits with ExitBadInput.
func badInput(err error) error {
	if err == nil {
		return nil
	}
	return &exitError{code: ExitBadInput, err: err}
}

// badInputf formats a bad-input error.
func badInputf(format string, args ...any) error {
	return badInput(fmt.Errorf(format, args...))
}

// failure wraps err so that it exits with ExitFailure.
func failure(err error) error {
	if err == nil {
		return nil
	}
	return &exitError{code: ExitFailure, err: err}
}

// prefixOnce puts prefix before err's message, unless the message already
// starts with it (libraries name themselves in their errors, and
// "bigquery: bigquery: ..." reads like a stutter).
func prefixOnce(prefix string, err error) error {
	if strings.HasPrefix(strings.ToLower(err.Error()), strings.ToLower(prefix)+": ") {
		return err
	}
	return fmt.Errorf("%s: %w", prefix, err)
}

// exitCode maps an error returned by a command to the process exit code.
func exitCode(err error) int {
	if err == nil {
		return ExitOK
	}
	var ee *exitError
	if errors.As(err, &ee) {
		return ee.code
	}
	var ue *usageError
	if errors.As(err, &ue) {
		return ExitBadInput
	}
	return ExitFailure
}
