package cli

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/spf13/cobra"
	"gopkg.in/yaml.v3"

	"github.com/tagspec/tagspec/spec"
)

// ConfigFileName is the name of the config file tagspec looks for in the
// working directory and its parents.
const ConfigFileName = ".tagspec.yaml"

// Config holds the settings every command shares, decoded once per
// invocation from flags, TAGSPEC_* environment variables and the config
// file (in that order of precedence). Each command's config struct embeds
// it and adds the command's own settings (see settings.go).
type Config struct {
	// File is the config file that was read, or "" when there was none.
	File string
	// Env picks one of the spec's environments (--env, TAGSPEC_ENV, env:).
	Env string
	// BaseURL overrides the environment's base URL (--base-url, TAGSPEC_BASE_URL, base_url:).
	BaseURL string
	// MeasurementID overrides the spec's GA4 measurement ID
	// (TAGSPEC_MEASUREMENT_ID, measurement_id:; init's --measurement-id).
	MeasurementID string
	// Environments in the config file add to or override the spec's.
	Environments map[string]EnvironmentConfig
}

// EnvironmentConfig is one environment in the config file.
type EnvironmentConfig struct {
	BaseURL       string `yaml:"base_url"`
	MeasurementID string `yaml:"measurement_id"`
}

func (c *Config) base() *Config { return c }

// declareShared declares the settings of Config that the command has not
// declared as flags of its own: --env is the root's flag; base_url and
// measurement_id come from the environment or the config file.
func (d *settingSet) declareShared() {
	for _, s := range []struct {
		p    *string
		name string
	}{{&d.config.Env, "env"}, {&d.config.BaseURL, "base-url"}, {&d.config.MeasurementID, "measurement-id"}} {
		if !slices.ContainsFunc(d.list, func(x *setting) bool { return x.name == s.name }) {
			addSetting(d, stringType, s.p, false, s.name, "", "", "", nil)
		}
	}
}

// loadConfig decodes the settings cmd declared (app.declare) into its
// config struct: each from its flag, TAGSPEC_* variable, config file key
// or default, checked as it is read. It runs once per invocation.
func (a *app) loadConfig(cmd *cobra.Command) error {
	d := a.settings[cmd]
	if d == nil {
		return failure(fmt.Errorf("%s declares no settings", cmd.CommandPath()))
	}
	file := &configFile{}
	if !d.commandLineOnly {
		path, err := a.findConfig()
		if err != nil {
			return err
		}
		if path != "" {
			if file, err = readConfigFile(path, a.knownConfigKeys()); err != nil {
				return badInput(err)
			}
		}
	}
	fs := cmd.Flags()
	for _, s := range d.list {
		if err := s.decode(fs, file, d.commandLineOnly); err != nil {
			return badInput(err)
		}
	}
	d.config.File = file.path
	d.config.Environments = file.environments
	return nil
}

// configFile is a read config file: its settings by key, with positions.
type configFile struct {
	path         string
	values       map[string]*yaml.Node
	environments map[string]EnvironmentConfig
}

// value returns the YAML value of key, or nil when the file (if any)
// does not set it.
func (f *configFile) value(key string) *yaml.Node {
	if f == nil {
		return nil
	}
	return f.values[key]
}

// readConfigFile reads the config file at path; every key must be one of
// known.
func readConfigFile(path string, known []string) (*configFile, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("config %s: %v", path, err)
	}
	root, err := checkConfigKeys(path, data, known)
	if err != nil {
		return nil, err
	}
	f := &configFile{path: path, values: map[string]*yaml.Node{}}
	if root == nil {
		return f, nil
	}
	for i := 0; i+1 < len(root.Content); i += 2 {
		f.values[root.Content[i].Value] = root.Content[i+1]
	}
	if n := f.values["environments"]; n != nil {
		if err := n.Decode(&f.environments); err != nil {
			return nil, fmt.Errorf("%s:%d:%d: environments: %v", path, n.Line, n.Column, strings.TrimPrefix(err.Error(), "yaml: "))
		}
	}
	return f, nil
}

// findConfig returns --config, or the nearest .tagspec.yaml from the
// working directory upward, or "".
func (a *app) findConfig() (string, error) {
	if a.configPath != "" {
		info, err := os.Stat(a.configPath)
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return "", badInputf("config %s: no such file", a.configPath)
			}
			return "", badInputf("config %s: %v", a.configPath, err)
		}
		if info.IsDir() {
			return "", badInputf("config %s: is a directory", a.configPath)
		}
		return a.configPath, nil
	}
	dir := a.wd
	for {
		p := filepath.Join(dir, ConfigFileName)
		if info, err := os.Stat(p); err == nil && !info.IsDir() {
			return p, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", nil
		}
		dir = parent
	}
}

// knownConfigKeys lists every key a config file may hold: the keys of
// every command's settings and environments.
func (a *app) knownConfigKeys() []string {
	keys := []string{"environments"}
	for _, d := range a.settings {
		for _, s := range d.list {
			keys = append(keys, s.key)
		}
	}
	slices.Sort(keys)
	return slices.Compact(keys)
}

// checkConfigKeys reports the first unknown or duplicate key of a config
// file with its line and column. It returns the file's mapping of
// settings, or nil for an empty file.
func checkConfigKeys(path string, data []byte, known []string) (*yaml.Node, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, fmt.Errorf("config %s: %v", path, err)
	}
	if len(doc.Content) == 0 {
		return nil, nil
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		return nil, fmt.Errorf("%s:%d:%d: the config file must be a mapping of settings", path, root.Line, root.Column)
	}
	seen := map[string]bool{}
	for i := 0; i+1 < len(root.Content); i += 2 {
		k := root.Content[i]
		if seen[k.Value] {
			return nil, fmt.Errorf("%s:%d:%d: duplicate key %q", path, k.Line, k.Column, k.Value)
		}
		seen[k.Value] = true
		if !slices.Contains(known, k.Value) {
			msg := fmt.Sprintf("%s:%d:%d: unknown setting %q", path, k.Line, k.Column, k.Value)
			if s := spec.Suggest(k.Value, known); s != "" {
				msg += fmt.Sprintf("; did you mean %q?", s)
			}
			return nil, errors.New(msg)
		}
	}
	return root, nil
}

// baseURLSource names the setting the base URL of target comes from, for
// messages: "--base-url" (the flag, TAGSPEC_BASE_URL or base_url in the
// config file), else the environment's base_url.
func (c *Config) baseURLSource() string {
	if c.BaseURL != "" {
		return "--base-url"
	}
	return fmt.Sprintf("environment %q: base_url", c.Env)
}

// target applies the chosen environment to s: it sets s.MeasurementID and
// returns the base URL journeys start from ("" when none is known).
// Precedence: flag/env/config value > config environment > spec environment
// > spec top level.
func (c *Config) target(s *spec.Spec) (baseURL string, err error) {
	if c.Env != "" {
		specEnv, inSpec := s.Environment(c.Env)
		cfgEnv, inCfg := c.Environments[c.Env]
		if !inSpec && !inCfg {
			var names []string
			for _, e := range s.Environments {
				names = append(names, e.Name)
			}
			for n := range c.Environments {
				names = append(names, n)
			}
			slices.Sort(names)
			names = slices.Compact(names)
			msg := fmt.Sprintf("environment %q is not defined in %s", c.Env, s.File)
			if len(names) > 0 {
				msg += "; defined: " + strings.Join(names, ", ")
			}
			return "", badInput(errors.New(msg))
		}
		if inSpec {
			baseURL = specEnv.BaseURL
			if specEnv.MeasurementID != "" {
				s.MeasurementID = specEnv.MeasurementID
			}
		}
		if inCfg {
			if cfgEnv.BaseURL != "" {
				baseURL = cfgEnv.BaseURL
			}
			if cfgEnv.MeasurementID != "" {
				s.MeasurementID = cfgEnv.MeasurementID
			}
		}
	}
	if c.BaseURL != "" {
		baseURL = c.BaseURL
	}
	if c.MeasurementID != "" {
		s.MeasurementID = c.MeasurementID
	}
	return baseURL, nil
}
