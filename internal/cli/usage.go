package cli

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// usageArgs makes an argument rule's complaint (too many, too few, an
// unknown subcommand) a usageError. Every command's Args goes through it.
func usageArgs(rule cobra.PositionalArgs) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if err := rule(cmd, args); err != nil {
			return &usageError{err: err}
		}
		return nil
	}
}

// unknownCommand finds the command args name and, when it only groups
// subcommands (tagspec, generate, push, completion, ...), refuses an
// argument that names none of them. cobra runs no argument rule for such a
// command: it would print the help and exit 0.
//
// Shell completion requests (tagspec __complete ...) are left to cobra,
// which adds their hidden command only when it executes.
func unknownCommand(root *cobra.Command, args []string) error {
	if len(args) > 0 && (args[0] == cobra.ShellCompRequestCmd || args[0] == cobra.ShellCompNoDescRequestCmd) {
		return nil
	}
	cmd, rest, err := root.Find(args)
	if err != nil {
		return &usageError{err: err}
	}
	if cmd.Runnable() || !cmd.HasSubCommands() {
		return nil
	}
	arg, ok := firstPositional(cmd, rest)
	if !ok {
		return nil
	}
	msg := fmt.Sprintf("unknown command %q for %q", arg, cmd.CommandPath())
	if cmd.SuggestionsMinimumDistance <= 0 {
		cmd.SuggestionsMinimumDistance = 2
	}
	if names := cmd.SuggestionsFor(arg); len(names) > 0 {
		msg += "\n\nDid you mean this?\n\t" + strings.Join(names, "\n\t") + "\n"
	}
	return &usageError{err: fmt.Errorf("%s", msg)}
}

// firstPositional returns the first argument of args that is neither a
// flag of cmd nor a flag's value. It gives up (false) at a flag cmd does
// not know, which cobra then reports.
func firstPositional(cmd *cobra.Command, args []string) (string, bool) {
	lookup := func(name string, short bool) *pflag.Flag {
		for _, fs := range []*pflag.FlagSet{cmd.Flags(), cmd.InheritedFlags()} {
			if short {
				if f := fs.ShorthandLookup(name); f != nil {
					return f
				}
			} else if f := fs.Lookup(name); f != nil {
				return f
			}
		}
		return nil
	}
	for i := 0; i < len(args); i++ {
		arg := args[i]
		var f *pflag.Flag
		switch {
		case arg == "--":
			if i+1 < len(args) {
				return args[i+1], true
			}
			return "", false
		case strings.HasPrefix(arg, "--"):
			name, _, hasValue := strings.Cut(arg[2:], "=")
			if f = lookup(name, false); f == nil {
				return "", false
			}
			if hasValue {
				continue
			}
		case strings.HasPrefix(arg, "-") && len(arg) > 1:
			// -h, -xVALUE: only a lone shorthand takes the next argument.
			if f = lookup(arg[1:2], true); f == nil {
				return "", false
			}
			if len(arg) > 2 {
				continue
			}
		default:
			return arg, true
		}
		if f.NoOptDefVal == "" { // the flag takes a value: skip it
			i++
		}
	}
	return "", false
}
