package cli

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/tagspec/tagspec/crawler"
)

// ourCommands walks the command tree without cobra's own help and
// completion commands.
func ourCommands(root *cobra.Command, visit func(*cobra.Command)) {
	visit(root)
	for _, c := range root.Commands() {
		if c.Name() == "help" || c.Name() == "completion" {
			continue
		}
		ourCommands(c, visit)
	}
}

// TestSettingsCoverEveryFlag checks each command's settings against the
// flags it registers: no flag without a setting, no setting without a
// flag (but Config's shared ones), and every field of the command's config
// struct filled by exactly one setting.
func TestSettingsCoverEveryFlag(t *testing.T) {
	a := &app{ctx: t.Context(), stdin: strings.NewReader(""), stdout: &bytes.Buffer{}, stderr: &bytes.Buffer{}}
	root := newRootCmd(a)
	// The root's persistent flags: --env is Config.Env, decoded with every
	// command's settings; --config says where the settings are.
	var persistent []string
	root.PersistentFlags().VisitAll(func(f *pflag.Flag) { persistent = append(persistent, f.Name) })
	if want := []string{"config", "env"}; !slices.Equal(persistent, want) {
		t.Errorf("root persistent flags %v, want %v", persistent, want)
	}
	declared := 0
	ourCommands(root, func(cmd *cobra.Command) {
		var flags []string
		cmd.LocalNonPersistentFlags().VisitAll(func(f *pflag.Flag) {
			if f.Name != "help" {
				flags = append(flags, f.Name)
			}
		})
		d := a.settings[cmd]
		if d == nil {
			if len(flags) > 0 {
				t.Errorf("%s: flags %v but no settings declared (app.declare)", cmd.CommandPath(), flags)
			}
			return
		}
		declared++
		var named []string
		for _, s := range d.list {
			if s.flagged {
				named = append(named, s.name)
			} else if !slices.Contains([]string{"env", "base-url", "measurement-id"}, s.name) {
				t.Errorf("%s: setting %q has no flag", cmd.CommandPath(), s.name)
			}
		}
		slices.Sort(flags)
		slices.Sort(named)
		if diff := cmp.Diff(flags, named); diff != "" {
			t.Errorf("%s: flags (-) versus settings with a flag (+):\n%s", cmd.CommandPath(), diff)
		}
		// Every field of the config struct is some setting's, once.
		fields := map[uintptr]string{}
		var collect func(v reflect.Value, prefix string)
		collect = func(v reflect.Value, prefix string) {
			for i := range v.NumField() {
				f, sf := v.Field(i), v.Type().Field(i)
				switch {
				case sf.Anonymous && f.Kind() == reflect.Struct:
					collect(f, prefix+sf.Name+".")
				case prefix == "Config." && (sf.Name == "File" || sf.Name == "Environments"):
					// From the config file itself, not settings.
				default:
					fields[f.Addr().Pointer()] = prefix + sf.Name
				}
			}
		}
		collect(reflect.ValueOf(d.target).Elem(), "")
		for _, s := range d.list {
			p := reflect.ValueOf(s.field).Pointer()
			if _, ok := fields[p]; !ok {
				t.Errorf("%s: setting %q fills no field of %T (or one twice)", cmd.CommandPath(), s.name, d.target)
			}
			delete(fields, p)
		}
		for _, name := range fields {
			t.Errorf("%s: field %s of %T has no setting", cmd.CommandPath(), name, d.target)
		}
	})
	if declared < 15 {
		t.Errorf("%d commands declare settings; the tree has more", declared)
	}
}

// decodeFor parses args for the command they name and decodes its
// settings, in the working directory dir.
func decodeFor(t *testing.T, dir string, args ...string) (any, error) {
	t.Helper()
	a := &app{ctx: t.Context(), stdin: strings.NewReader(""), stdout: &bytes.Buffer{}, stderr: &bytes.Buffer{}, wd: dir}
	root := newRootCmd(a)
	cmd, rest, err := root.Find(args)
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.ParseFlags(rest); err != nil {
		t.Fatal(err)
	}
	if err := a.loadConfig(cmd); err != nil {
		return nil, err
	}
	return a.settings[cmd].target, nil
}

// crawlSettingsOfEachType picks one crawl setting of each type.
type crawlSettingsOfEachType struct {
	Format      string
	Concurrency int
	Strict      bool
	StepTimeout time.Duration
	Journeys    []string
	BaseURL     string
}

func pickCrawl(c *crawlConfig) crawlSettingsOfEachType {
	return crawlSettingsOfEachType{c.Format, c.Concurrency, c.Strict, c.StepTimeout, c.Journeys, c.BaseURL}
}

// clearTagspecEnv unsets every TAGSPEC_* variable for the test.
func clearTagspecEnv(t *testing.T) {
	for _, kv := range os.Environ() {
		if k, _, _ := strings.Cut(kv, "="); strings.HasPrefix(k, "TAGSPEC_") {
			t.Setenv(k, "")
		}
	}
}

// TestSettingsSources decodes one setting of each type from the config
// file, the environment and flags, in the order flag > TAGSPEC_* > file >
// default.
func TestSettingsSources(t *testing.T) {
	const file = `format: json
concurrency: 2
strict: true
step_timeout: 45s
journey: [signup from pricing, "newsletter, then trial"]
base_url: http://127.0.0.1:1
data: [a.json, b.parquet]
`
	env := map[string]string{
		"TAGSPEC_FORMAT":       "text",
		"TAGSPEC_CONCURRENCY":  "3",
		"TAGSPEC_STRICT":       "false",
		"TAGSPEC_STEP_TIMEOUT": "1m30s",
		"TAGSPEC_JOURNEY":      "first second",
		"TAGSPEC_BASE_URL":     "http://127.0.0.1:2",
		"TAGSPEC_DATA":         "c.json d.json",
	}
	flags := []string{"--format", "json", "--concurrency", "5", "--strict", "--step-timeout", "2s",
		"--journey", "a, b", "--journey", "c", "--base-url", "http://127.0.0.1:3"}
	defaults := crawlSettingsOfEachType{"text", crawler.DefaultConcurrency, false, crawler.DefaultStepTimeout, nil, ""}
	for _, c := range []struct {
		name     string
		file     bool
		env      bool
		flags    bool
		want     crawlSettingsOfEachType
		wantData []string
	}{
		{name: "defaults", want: defaults},
		{name: "file", file: true,
			want:     crawlSettingsOfEachType{"json", 2, true, 45 * time.Second, []string{"signup from pricing", "newsletter, then trial"}, "http://127.0.0.1:1"},
			wantData: []string{"a.json", "b.parquet"}},
		{name: "environment over file", file: true, env: true,
			want:     crawlSettingsOfEachType{"text", 3, false, 90 * time.Second, []string{"first", "second"}, "http://127.0.0.1:2"},
			wantData: []string{"c.json", "d.json"}},
		{name: "flags over environment and file", file: true, env: true, flags: true,
			want: crawlSettingsOfEachType{"json", 5, true, 2 * time.Second, []string{"a, b", "c"}, "http://127.0.0.1:3"}},
		{name: "flags over file", file: true, flags: true,
			want: crawlSettingsOfEachType{"json", 5, true, 2 * time.Second, []string{"a, b", "c"}, "http://127.0.0.1:3"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			clearTagspecEnv(t)
			dir := t.TempDir()
			if c.file {
				writeFile(t, filepath.Join(dir, ConfigFileName), file)
			}
			if c.env {
				for k, v := range env {
					t.Setenv(k, v)
				}
			}
			args := []string{"crawl"}
			if c.flags {
				args = append(args, flags...)
			}
			got, err := decodeFor(t, dir, args...)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(c.want, pickCrawl(got.(*crawlConfig))); diff != "" {
				t.Errorf("crawl settings (-want +got):\n%s", diff)
			}
			if c.flags {
				return
			}
			// A comma-splitting list (bench --data) from the same sources.
			got, err = decodeFor(t, dir, "bench")
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(c.wantData, got.(*benchConfig).Data); diff != "" {
				t.Errorf("bench --data (-want +got):\n%s", diff)
			}
			if c.file && got.(*benchConfig).File != filepath.Join(dir, ConfigFileName) {
				t.Errorf("Config.File = %q, want the file read", got.(*benchConfig).File)
			}
		})
	}
}

// TestSettingsErrors checks that a value that does not parse or is out of
// range is refused while it is decoded, naming where it came from.
func TestSettingsErrors(t *testing.T) {
	for _, c := range []struct {
		name string
		args []string
		env  map[string]string
		file string
		want string
	}{
		{name: "flag enum", args: []string{"crawl", "--format", "xml"}, want: `unknown --format "xml": use text or json`},
		{name: "env enum", args: []string{"lint"}, env: map[string]string{"TAGSPEC_FAIL_ON": "never"}, want: `unknown TAGSPEC_FAIL_ON "never": use error or warning`},
		{name: "file enum", args: []string{"diff"}, file: "env: staging\nformat: sarif\n", want: `.tagspec.yaml:2:9: unknown format "sarif": use text, json or github`},
		{name: "flag range", args: []string{"crawl", "--retries", "-2"}, want: `--retries -2: want 0 or more`},
		{name: "env range", args: []string{"bench"}, env: map[string]string{"TAGSPEC_JOBS": "-1"}, want: `TAGSPEC_JOBS -1: want 0 (one per CPU) or more`},
		{name: "file range", args: []string{"crawl"}, file: "max_pages: 0\n", want: `.tagspec.yaml:1:12: max_pages 0: want 1 or more`},
		{name: "env duration without unit", args: []string{"crawl"}, env: map[string]string{"TAGSPEC_STEP_TIMEOUT": "30"}, want: `TAGSPEC_STEP_TIMEOUT "30": want a duration with its unit, e.g. 90s or 10m`},
		{name: "file duration without unit", args: []string{"demo"}, file: "timeout: 300\n", want: `.tagspec.yaml:1:10: timeout "300": want a duration with its unit`},
		{name: "env duration range", args: []string{"preview"}, env: map[string]string{"TAGSPEC_WAIT": "-1s"}, want: `TAGSPEC_WAIT -1s: want a duration of 0 or more`},
		{name: "env int", args: []string{"crawl"}, env: map[string]string{"TAGSPEC_CONCURRENCY": "many"}, want: `TAGSPEC_CONCURRENCY "many": want a whole number`},
		{name: "file int", args: []string{"crawl"}, file: "concurrency: 2.5\n", want: `.tagspec.yaml:1:14: concurrency "2.5": want a whole number`},
		{name: "env bool", args: []string{"crawl"}, env: map[string]string{"TAGSPEC_STRICT": "sometimes"}, want: `TAGSPEC_STRICT "sometimes": want true or false`},
		{name: "file bool", args: []string{"crawl"}, file: "strict: yes\n", want: `.tagspec.yaml:1:9: strict "yes": want true or false`},
		{name: "file list of maps", args: []string{"crawl"}, file: "journey:\n  - name: x\n", want: `.tagspec.yaml:2:5: journey: want a list of single values`},
		{name: "file map for a list", args: []string{"crawl"}, file: "block: {a: b}\n", want: `.tagspec.yaml:1:8: block: want a list of values`},
		{name: "file list for a string", args: []string{"lint"}, file: "format: [json]\n", want: `.tagspec.yaml:1:9: format: want a single value`},
		{name: "file environments", args: []string{"lint"}, file: "environments: [qa]\n", want: `.tagspec.yaml:1:15: environments: `},
	} {
		t.Run(c.name, func(t *testing.T) {
			clearTagspecEnv(t)
			dir := t.TempDir()
			if c.file != "" {
				writeFile(t, filepath.Join(dir, ConfigFileName), c.file)
			}
			for k, v := range c.env {
				t.Setenv(k, v)
			}
			_, err := decodeFor(t, dir, c.args...)
			if err == nil {
				t.Fatalf("no error, want %q", c.want)
			}
			msg := strings.TrimPrefix(err.Error(), dir+string(filepath.Separator))
			if !strings.HasPrefix(msg, c.want) {
				t.Errorf("error\n%s\nwant it to start with\n%s", msg, c.want)
			}
			if exitCode(err) != ExitBadInput {
				t.Errorf("exit %d, want %d", exitCode(err), ExitBadInput)
			}
			var ue *usageError
			if errors.As(err, &ue) {
				t.Errorf("a bad value is bad input, not a usage error: %v", err)
			}
		})
	}
}

// TestCommandLineOnlySettings checks that settings describing one
// invocation ignore the environment and the config file.
func TestCommandLineOnlySettings(t *testing.T) {
	clearTagspecEnv(t)
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, ConfigFileName), "consent: granted\nspec: other.yaml\nmax_items: 0\n")
	t.Setenv("TAGSPEC_JOURNEY", "from the environment")
	t.Setenv("TAGSPEC_OUTPUT", "from-the-environment.json")
	t.Setenv("TAGSPEC_MAX_ITEMS", "0")
	got, err := decodeFor(t, dir, "check-hits")
	if err != nil {
		t.Fatal(err)
	}
	if c := got.(*checkHitsConfig); c.Journey != "" || c.Consent != "untouched" {
		t.Errorf("check-hits journey %q, consent %q: want the defaults", c.Journey, c.Consent)
	}
	got, err = decodeFor(t, dir, "report", "merge")
	if err != nil {
		t.Fatal(err)
	}
	if c := got.(*reportMergeConfig); c.Output != "" || c.Spec != "" {
		t.Errorf("report merge -o %q, --spec %q: want the defaults", c.Output, c.Spec)
	}
	// report summary reads no environment and no config file at all: a
	// broken one does not stop it.
	writeFile(t, filepath.Join(dir, ConfigFileName), "no_such_setting: 1\n")
	got, err = decodeFor(t, dir, "report", "summary", "--max-items", "3")
	if err != nil {
		t.Fatal(err)
	}
	if c := got.(*reportSummaryConfig); c.MaxItems != 3 || c.File != "" {
		t.Errorf("report summary max items %d, config file %q: want 3 and none", c.MaxItems, c.File)
	}
}

// TestUsageErrors checks that every mistake in calling tagspec is a
// usageError: exit 2 and a pointer to --help; and that bad values are bad
// input without the pointer.
func TestUsageErrors(t *testing.T) {
	clearTagspecEnv(t)
	t.Chdir(t.TempDir())
	const hint = "Run 'tagspec --help' for usage."
	for _, c := range []struct {
		args []string
		want string
		hint bool
	}{
		{[]string{"frobnicate"}, `unknown command "frobnicate" for "tagspec"`, true},
		{[]string{"lnt"}, "unknown command \"lnt\" for \"tagspec\"\n\nDid you mean this?\n\tinit\n\tlint\n", true},
		{[]string{"--env", "staging", "frobnicate"}, `unknown command "frobnicate" for "tagspec"`, true},
		{[]string{"generate", "gmt"}, "unknown command \"gmt\" for \"tagspec generate\"\n\nDid you mean this?\n\tgtm\n", true},
		{[]string{"push", "--config", "x.yaml", "nope"}, `unknown command "nope" for "tagspec push"`, true},
		{[]string{"completion", "tcsh"}, `unknown command "tcsh" for "tagspec completion"`, true},
		{[]string{"report", "nope"}, `unknown command "nope" for "tagspec report"`, true},
		{[]string{"lint", "--no-such-flag"}, "unknown flag: --no-such-flag", true},
		{[]string{"generate", "--no-such-flag", "gtm"}, "unknown flag: --no-such-flag", true},
		{[]string{"lint", "-f"}, "flag needs an argument: 'f' in -f", true},
		{[]string{"crawl", "--concurrency", "x"}, `invalid argument "x" for "--concurrency" flag`, true},
		{[]string{"crawl", "a.yaml", "b.yaml"}, "accepts at most 1 arg(s), received 2", true},
		{[]string{"check-hits", "a.yaml"}, "requires at least 2 arg(s), only received 1", true},
		{[]string{"diff", "a.yaml"}, "accepts 2 arg(s), received 1", true},
		{[]string{"version", "extra"}, `unknown command "extra" for "tagspec version"`, true},
		{[]string{"crawl", "--format", "xml"}, `unknown --format "xml": use text or json`, false},
	} {
		t.Run(strings.Join(c.args, " "), func(t *testing.T) {
			code, stdout, stderr := runCLI(t, c.args...)
			if code != ExitBadInput {
				t.Errorf("exit %d, want %d", code, ExitBadInput)
			}
			want := "tagspec: " + c.want
			if !strings.HasPrefix(stderr, want) {
				t.Errorf("stderr\n%s\nwant it to start with\n%s", stderr, want)
			}
			if strings.Contains(stderr, hint) != c.hint {
				t.Errorf("stderr\n%s\nhas the --help hint: %v, want %v", stderr, !c.hint, c.hint)
			}
			if stdout != "" {
				t.Errorf("stdout %q, want nothing", stdout)
			}
		})
	}
	// Commands that only group others still print their help with no
	// argument.
	for _, args := range [][]string{nil, {"generate"}, {"--env", "x", "push"}, {"completion"}} {
		code, stdout, _ := runCLI(t, args...)
		if code != ExitOK || !strings.Contains(stdout, "Available Commands:") {
			t.Errorf("tagspec %v: exit %d, want 0 and the help; stdout:\n%s", args, code, stdout)
		}
	}
}

// TestShellCompletionRequests checks that the requests a shell sends for
// completions reach cobra's hidden completion command.
func TestShellCompletionRequests(t *testing.T) {
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"__complete", ""}, "lint\tCheck specs"},
		{[]string{"__completeNoDesc", "generate", ""}, "gtm\n"},
		{[]string{"__complete", "init", "--template", ""}, "ecommerce\n"},
	} {
		code, stdout, stderr := runCLI(t, c.args...)
		if code != ExitOK || !strings.Contains(stdout, c.want) {
			t.Errorf("tagspec %q: exit %d, want 0 and %q in stdout:\n%s\nstderr:\n%s", c.args, code, c.want, stdout, stderr)
		}
	}
}

// TestEveryArgsRuleGivesUsageErrors calls every command's argument rule
// with 0 to 3 arguments: each refusal must be a usageError.
func TestEveryArgsRuleGivesUsageErrors(t *testing.T) {
	a := &app{ctx: t.Context(), stdin: strings.NewReader(""), stdout: &bytes.Buffer{}, stderr: &bytes.Buffer{}}
	refused := 0
	ourCommands(newRootCmd(a), func(cmd *cobra.Command) {
		if cmd.Args == nil {
			t.Errorf("%s has no argument rule", cmd.CommandPath())
			return
		}
		for n := range 4 {
			err := cmd.Args(cmd, slices.Repeat([]string{"x.yaml"}, n))
			if err == nil {
				continue
			}
			refused++
			var ue *usageError
			if !errors.As(err, &ue) {
				t.Errorf("%s with %d arguments: %T %v, want a usageError", cmd.CommandPath(), n, err, err)
			}
		}
	})
	if refused < 20 {
		t.Errorf("only %d refusals; the rules should refuse more", refused)
	}
}
