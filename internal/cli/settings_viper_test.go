package cli

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/tagspec/tagspec/internal/fuzzbudget"
)

// TestSettingsThroughViper checks what the viper layer must not lose:
// config file values reach a setting as they were written, list flags
// keep every value exactly, and environment names keep their case.
func TestSettingsThroughViper(t *testing.T) {
	for _, c := range []struct {
		name string
		args []string
		env  map[string]string
		file string
		// check returns what differs from the expectation, or "".
		check func(got any) string
	}{
		{name: "file env name that YAML reads as a number", args: []string{"crawl"}, file: "env: 1.10\n",
			check: func(got any) string { return cmp.Diff("1.10", got.(*crawlConfig).Env) }},
		{name: "file int in hex, as the flag reads it", args: []string{"crawl"}, file: "concurrency: 0x10\n",
			check: func(got any) string { return cmp.Diff(16, got.(*crawlConfig).Concurrency) }},
		{name: "flag int in hex", args: []string{"crawl", "--concurrency", "0x10"}, file: "concurrency: 2\n",
			check: func(got any) string { return cmp.Diff(16, got.(*crawlConfig).Concurrency) }},
		{name: "lone empty list flag", args: []string{"crawl", "--journey", ""}, file: "journey: [a]\n",
			check: func(got any) string { return cmp.Diff([]string{""}, got.(*crawlConfig).Journeys) }},
		{name: "list flag values with quotes and line ends",
			args: []string{"crawl", "--journey", "say \"hi\", then\r\nleave", "--journey", "[x]"},
			check: func(got any) string {
				return cmp.Diff([]string{"say \"hi\", then\r\nleave", "[x]"}, got.(*crawlConfig).Journeys)
			}},
		{name: "comma list flag", args: []string{"bench", "--data", "a.json,b.json", "--data", "c.json"},
			env: map[string]string{"TAGSPEC_DATA": "d.json"},
			check: func(got any) string {
				return cmp.Diff([]string{"a.json", "b.json", "c.json"}, got.(*benchConfig).Data)
			}},
		{name: "environment names keep their case", args: []string{"lint"},
			file: "environments:\n  Staging:\n    base_url: http://127.0.0.1:1\n",
			check: func(got any) string {
				return cmp.Diff(map[string]EnvironmentConfig{"Staging": {BaseURL: "http://127.0.0.1:1"}}, got.(*lintConfig).Environments)
			}},
		{name: "empty variable falls through to the file", args: []string{"crawl"},
			env: map[string]string{"TAGSPEC_FORMAT": ""}, file: "format: json\n",
			check: func(got any) string { return cmp.Diff("json", got.(*crawlConfig).Format) }},
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
			got, err := decodeFor(t, dir, c.args...)
			if err != nil {
				t.Fatal(err)
			}
			if diff := c.check(got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

// TestSettingsThroughViperErrors checks that config file values viper
// holds are refused as written, at their position.
func TestSettingsThroughViperErrors(t *testing.T) {
	for _, c := range []struct {
		name string
		args []string
		file string
		want string
	}{
		{name: "float written as a whole number", args: []string{"crawl"}, file: "concurrency: 2.0\n",
			want: `.tagspec.yaml:1:14: concurrency "2.0": want a whole number`},
		{name: "YAML float for an int", args: []string{"crawl"}, file: "concurrency: 1e3\n",
			want: `.tagspec.yaml:1:14: concurrency "1e3": want a whole number`},
		{name: "null for an enum", args: []string{"lint"}, file: "format:\n",
			want: `.tagspec.yaml:1:8: unknown format "": use text, json, github or sarif`},
		{name: "quoted bool", args: []string{"crawl"}, file: "strict: \"on\"\n",
			want: `.tagspec.yaml:1:9: strict "on": want true or false`},
		{name: "alias for a single value", args: []string{"crawl"}, file: "env: &e staging\nformat: *e\n",
			want: `.tagspec.yaml:2:9: format: want a single value`},
		{name: "list item that is a list", args: []string{"crawl"}, file: "journey: [a, [b]]\n",
			want: `.tagspec.yaml:1:14: journey: want a list of single values`},
	} {
		t.Run(c.name, func(t *testing.T) {
			clearTagspecEnv(t)
			dir := t.TempDir()
			writeFile(t, filepath.Join(dir, ConfigFileName), c.file)
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
		})
	}
}

// FuzzConfigFile reads arbitrary .tagspec.yaml files through the viper
// layer for a command with settings of every type: each is decoded or
// refused as bad input with the file's path, never a panic or a hang.
func FuzzConfigFile(f *testing.F) {
	for _, seed := range []string{
		"format: json\nconcurrency: 2\nstrict: true\nstep_timeout: 45s\njourney: [a, b]\n",
		"environments:\n  Staging: {base_url: http://127.0.0.1:1}\nenv: Staging\n",
		"concurrency: 0x10\nblock: [a, [b]]\n",
		"a: &x [1]\nb: *x\n",
		"env: &e staging\nformat: *e\n",
		"format:\nstep_timeout: ~\n",
		"- a\n",
		"",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, file string) {
		clearTagspecEnv(t)
		dir := t.TempDir()
		writeFile(t, filepath.Join(dir, ConfigFileName), file)
		fuzzbudget.Run(t, file, func() {
			_, err := decodeFor(t, dir, "crawl")
			if err == nil {
				return
			}
			if exitCode(err) != ExitBadInput {
				t.Errorf("exit %d, want %d: %v", exitCode(err), ExitBadInput, err)
			}
			if !strings.Contains(err.Error(), ConfigFileName) {
				t.Errorf("error does not name the config file: %v", err)
			}
		})
	})
}
