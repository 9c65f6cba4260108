package cli

import (
	"fmt"
	"github.com/tagspec/tagspec/diag"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
	"github.com/spf13/viper"
)

// A setting is one value a command reads. Its flag, config file key and
// TAGSPEC_* environment variable, its type, default, help and checks are
// declared together (settingSet.String, .Int, ...), bound to one field of
// the command's config struct; loadConfig binds the flag, the variable and
// the key to one viper instance and fills the field once from the value
// viper holds for the key (flag > environment > config file), or from the
// default.
type setting struct {
	name  string // flag name: "step-timeout"
	key   string // config file key and viper key: "step_timeout"
	env   string // environment variable: "TAGSPEC_STEP_TIMEOUT"
	kind  string // the flag's type as --help shows it: string, int, duration, stringArray, ...
	field any    // pointer to the field the value goes into
	// flagged: the command has a flag for it (the shared settings of
	// Config have none on most commands).
	flagged bool

	// commandLineOnly settings describe one invocation (the files of
	// report merge, the visitor of check-hits): no environment variable
	// or config key sets them.
	commandLineOnly bool

	// flagValue is the value of the given flag: viper's for single
	// values, pflag's own for lists (see addSetting).
	flagValue func(v *viper.Viper, fs *pflag.FlagSet) (any, error)
	// fromValue converts a value viper holds for the key (the flag's
	// typed value, a variable's text, or a config file value as
	// configDecoder left it) into the field.
	fromValue func(raw any) error
	reset     func() // the default
	check     func(label string) error
}

// A shapeError is a config file value of the wrong shape: a list or
// mapping for a single value, a mapping for a list, or a list item that
// is not a single value. item is the index of that list item, or -1.
type shapeError struct {
	item int
	want string
}

func (e *shapeError) Error() string { return "want " + e.want }

// A parseError is a value whose text does not read as the setting's type.
type parseError struct {
	text string
	err  error
}

func (e *parseError) Error() string { return e.err.Error() }

// check validates one setting's value. label names where the value came
// from: "--format", "TAGSPEC_FORMAT" or the config key "format".
type check[T any] func(label string, v T) error

// oneOf accepts only the given values, in the message's order.
func oneOf(values ...string) check[string] {
	return func(label, v string) error {
		if slices.Contains(values, v) {
			return nil
		}
		return fmt.Errorf("unknown %s %q: use %s", label, v, inWords(values))
	}
}

// formatOf accepts the output formats given (every format a command
// prints is chosen through diag.ParseFormat), with the same message as
// oneOf.
func formatOf(allowed ...diag.Format) check[string] {
	return func(label, v string) error {
		if _, err := diag.ParseFormat(v, allowed...); err != nil {
			return fmt.Errorf("unknown %s %q: use %s", label, v, diag.FormatList(allowed))
		}
		return nil
	}
}

// atLeast accepts min and more; want says so in the message, e.g.
// "want 0 (no limit) or more".
func atLeast[T int | time.Duration](min T, want string) check[T] {
	return func(label string, v T) error {
		if v < min {
			return fmt.Errorf("%s %v: %s", label, v, want)
		}
		return nil
	}
}

// inWords lists values as "a, b or c".
func inWords(values []string) string {
	if len(values) < 2 {
		return strings.Join(values, "")
	}
	return strings.Join(values[:len(values)-1], ", ") + " or " + values[len(values)-1]
}

// settingType is how values of one Go type are declared as a flag and read
// from the command line, an environment variable and a config file.
type settingType[T any] struct {
	kind    string
	addFlag func(fs *pflag.FlagSet, name, short string, def T, usage string)
	parse   func(string) (T, error) // an environment variable or a config scalar
	list    func([]string) T        // a YAML list in the config file; nil for single values
}

var (
	stringType = settingType[string]{
		kind:    "string",
		addFlag: func(fs *pflag.FlagSet, n, s string, d string, u string) { fs.StringP(n, s, d, u) },
		parse:   func(v string) (string, error) { return v, nil },
	}
	intType = settingType[int]{
		kind:    "int",
		addFlag: func(fs *pflag.FlagSet, n, s string, d int, u string) { fs.IntP(n, s, d, u) },
		parse: func(v string) (int, error) {
			// As the flag reads it: decimal, or 0x.. and 0o.. literals.
			n, err := strconv.ParseInt(v, 0, strconv.IntSize)
			if err != nil {
				return 0, fmt.Errorf("want a whole number")
			}
			return int(n), nil
		},
	}
	boolType = settingType[bool]{
		kind:    "bool",
		addFlag: func(fs *pflag.FlagSet, n, s string, d bool, u string) { fs.BoolP(n, s, d, u) },
		parse: func(v string) (bool, error) {
			b, err := strconv.ParseBool(v)
			if err != nil {
				return false, fmt.Errorf("want true or false")
			}
			return b, nil
		},
	}
	durationType = settingType[time.Duration]{
		kind:    "duration",
		addFlag: func(fs *pflag.FlagSet, n, s string, d time.Duration, u string) { fs.DurationP(n, s, d, u) },
		parse: func(v string) (time.Duration, error) {
			d, err := time.ParseDuration(v)
			if err != nil {
				return 0, fmt.Errorf("want a duration with its unit, e.g. 90s or 10m")
			}
			return d, nil
		},
	}
	// stringArrayType is a repeatable flag that takes each value whole.
	stringArrayType = settingType[[]string]{
		kind:    "stringArray",
		addFlag: func(fs *pflag.FlagSet, n, s string, d []string, u string) { fs.StringArrayP(n, s, d, u) },
		parse:   splitFields,
		list:    func(v []string) []string { return v },
	}
	// stringSliceType is a repeatable flag that also splits its values at
	// commas.
	stringSliceType = settingType[[]string]{
		kind:    "stringSlice",
		addFlag: func(fs *pflag.FlagSet, n, s string, d []string, u string) { fs.StringSliceP(n, s, d, u) },
		parse:   splitFields,
		list:    func(v []string) []string { return v },
	}
)

// convert reads one value viper holds for a setting of type t: a value
// of the type itself (a flag's, typed by pflag), a string (an environment
// variable, or a config file scalar as written) that t.parse reads, or a
// config file list for list types. Anything else is a shapeError.
func (t settingType[T]) convert(raw any) (T, error) {
	var zero T
	switch x := raw.(type) {
	case T:
		return x, nil
	case string:
		v, err := t.parse(x)
		if err != nil {
			return zero, &parseError{text: x, err: err}
		}
		return v, nil
	case []any:
		if t.list == nil {
			return zero, &shapeError{item: -1, want: "a single value"}
		}
		var list []string
		for i, item := range x {
			s, ok := item.(string)
			if !ok {
				return zero, &shapeError{item: i, want: "a list of single values"}
			}
			list = append(list, s)
		}
		return t.list(list), nil
	}
	if t.list != nil {
		return zero, &shapeError{item: -1, want: "a list of values"}
	}
	return zero, &shapeError{item: -1, want: "a single value"}
}

// splitFields reads a list from one environment variable or config scalar:
// the values are separated by white space.
func splitFields(v string) ([]string, error) { return strings.Fields(v), nil }

// settingSet is what one command reads: its settings and the struct they
// fill. Commands declare it next to their cobra.Command (app.declare);
// loadConfig decodes it.
type settingSet struct {
	cmd    *cobra.Command
	target any     // the command's config struct, for tests
	config *Config // the Config it embeds
	list   []*setting
	// commandLineOnly: the whole command reads only its command line,
	// neither TAGSPEC_* variables nor the config file.
	commandLineOnly bool
}

// configurable is a command's config struct: it embeds Config and declares
// its own settings.
type configurable interface {
	base() *Config
	declare(d *settingSet)
}

// declare registers cmd's flags from cfg's declarations and keeps them
// for loadConfig.
func (a *app) declare(cmd *cobra.Command, cfg configurable) *settingSet {
	d := &settingSet{cmd: cmd, target: cfg, config: cfg.base()}
	cfg.declare(d)
	d.declareShared()
	if a.settings == nil {
		a.settings = map[*cobra.Command]*settingSet{}
	}
	a.settings[cmd] = d
	return d
}

// givenFlag reports whether the setting that fills field was given as a
// flag on cmd's command line, and its flag name, for the checks that only
// a command-line flag triggers (demo --addr without --serve).
func (a *app) givenFlag(cmd *cobra.Command, field any) (name string, given bool) {
	for _, s := range a.settings[cmd].list {
		if s.field == field {
			f := cmd.Flags().Lookup(s.name)
			return s.name, f != nil && f.Changed
		}
	}
	panic(fmt.Sprintf("%s: no setting fills the field %T", cmd.CommandPath(), field))
}

// addSetting declares one setting of type t bound to *p. With flag false
// it has no flag on this command (the shared settings of Config).
func addSetting[T any](d *settingSet, t settingType[T], p *T, flag bool, name, short string, def T, usage string, checks []check[T]) *setting {
	if flag {
		t.addFlag(d.cmd.Flags(), name, short, def, usage)
	}
	key := strings.ReplaceAll(name, "-", "_")
	s := &setting{
		name:    name,
		key:     key,
		env:     "TAGSPEC_" + strings.ToUpper(key),
		kind:    t.kind,
		field:   p,
		flagged: flag,
	}
	s.reset = func() { *p = def }
	s.flagValue = func(v *viper.Viper, fs *pflag.FlagSet) (any, error) {
		if t.list == nil {
			return v.Get(key), nil
		}
		// A list flag's values come from the flag itself: viper (and
		// pflag's GetStringArray) re-read them from the flag's CSV text,
		// which drops a lone empty value (--journey "" became no
		// journey, hence all) and turns \r\n inside a value into \n.
		sv, ok := fs.Lookup(name).Value.(pflag.SliceValue)
		if !ok {
			return nil, fmt.Errorf("a %s flag that does not hold a list", t.kind)
		}
		return t.list(slices.Clone(sv.GetSlice())), nil
	}
	s.fromValue = func(raw any) error {
		v, err := t.convert(raw)
		if err != nil {
			return err
		}
		*p = v
		return nil
	}
	s.check = func(label string) error {
		for _, c := range checks {
			if err := c(label, *p); err != nil {
				return err
			}
		}
		return nil
	}
	*p = def
	d.list = append(d.list, s)
	return s
}

// String declares a string setting.
func (d *settingSet) String(p *string, name, short, def, usage string, checks ...check[string]) *setting {
	return addSetting(d, stringType, p, true, name, short, def, usage, checks)
}

// Int declares an integer setting.
func (d *settingSet) Int(p *int, name, short string, def int, usage string, checks ...check[int]) *setting {
	return addSetting(d, intType, p, true, name, short, def, usage, checks)
}

// Bool declares a switch.
func (d *settingSet) Bool(p *bool, name, short string, def bool, usage string) *setting {
	return addSetting(d, boolType, p, true, name, short, def, usage, nil)
}

// Duration declares a duration setting (90s, 10m, 1h30m).
func (d *settingSet) Duration(p *time.Duration, name, short string, def time.Duration, usage string, checks ...check[time.Duration]) *setting {
	return addSetting(d, durationType, p, true, name, short, def, usage, checks)
}

// StringArray declares a repeatable setting whose every value is taken
// whole (--journey "a, b" is one journey).
func (d *settingSet) StringArray(p *[]string, name, short, usage string) *setting {
	return addSetting(d, stringArrayType, p, true, name, short, nil, usage, nil)
}

// StringSlice declares a repeatable setting whose values are also split
// at commas (--data a.json,b.json).
func (d *settingSet) StringSlice(p *[]string, name, short, usage string) *setting {
	return addSetting(d, stringSliceType, p, true, name, short, nil, usage, nil)
}

// fromCommandLineOnly makes s read only its flag: neither a TAGSPEC_*
// variable nor the config file sets it.
func (s *setting) fromCommandLineOnly() *setting {
	s.commandLineOnly = true
	return s
}

// readCommandLineOnly makes every setting of the command read only its
// flag; the command then reads no config file at all.
func (d *settingSet) readCommandLineOnly() { d.commandLineOnly = true }

// hide leaves s's flag out of --help (a flag for tests and emulators).
func (d *settingSet) hide(s *setting) {
	_ = d.cmd.Flags().MarkHidden(s.name)
}

// bind registers s with v: its flag (when the command has it, its own or
// inherited) and, unless s is read from the command line only, its
// TAGSPEC_* variable. The config file key is s.key itself.
func (s *setting) bind(v *viper.Viper, fs *pflag.FlagSet, commandLineOnly bool) error {
	if f := fs.Lookup(s.name); f != nil {
		if err := v.BindPFlag(s.key, f); err != nil {
			return err
		}
	}
	if s.commandLineOnly || commandLineOnly {
		return nil
	}
	return v.BindEnv(s.key, s.env)
}

// decode fills s's field from the value v holds for s.key, which viper
// takes from the flag if given, else the environment variable if set and
// not empty, else the config file; without any of these, from the
// default. Then it checks the value. viper does not say which source a
// value came from, so decode asks the same questions in the same order to
// name it in errors: the flag, the variable, or the config file's
// path:line:col (from file's YAML nodes) and key. With commandLineOnly,
// only the flag and the default count.
func (s *setting) decode(v *viper.Viper, fs *pflag.FlagSet, file *configFile, commandLineOnly bool) error {
	if f := fs.Lookup(s.name); f != nil && f.Changed {
		raw, err := s.flagValue(v, fs)
		if err == nil {
			err = s.fromValue(raw)
		}
		if err != nil {
			return failure(fmt.Errorf("--%s: %v", s.name, err))
		}
		return s.check("--" + s.name)
	}
	if !s.commandLineOnly && !commandLineOnly {
		if text := os.Getenv(s.env); text != "" {
			if err := s.fromValue(v.Get(s.key)); err != nil {
				return fmt.Errorf("%s %q: %v", s.env, text, err)
			}
			return s.check(s.env)
		}
		if n := file.value(s.key); n != nil && v.InConfig(s.key) {
			if err := s.fromValue(v.Get(s.key)); err != nil {
				return file.errorAt(n, s.key, err)
			}
			if err := s.check(s.key); err != nil {
				return fmt.Errorf("%s:%d:%d: %w", file.path, n.Line, n.Column, err)
			}
			return nil
		}
	}
	s.reset()
	return s.check("--" + s.name)
}
