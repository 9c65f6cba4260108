package cli

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/viper"
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
// config struct. It runs once per invocation, with a viper instance of its
// own that layers the command's flags, the TAGSPEC_* variables and the
// config file; each setting is then read from it and checked.
func (a *app) loadConfig(cmd *cobra.Command) error {
	d := a.settings[cmd]
	if d == nil {
		return failure(fmt.Errorf("%s declares no settings", cmd.CommandPath()))
	}
	v := viper.NewWithOptions(viper.WithDecoderRegistry(configDecoders{}))
	file := &configFile{}
	if !d.commandLineOnly {
		path, err := a.findConfig()
		if err != nil {
			return err
		}
		if path != "" {
			if file, err = readConfigFile(v, path, a.knownConfigKeys()); err != nil {
				return badInput(err)
			}
		}
	}
	fs := cmd.Flags()
	for _, s := range d.list {
		if err := s.bind(v, fs, d.commandLineOnly); err != nil {
			return failure(fmt.Errorf("%s: setting %q: %v", cmd.CommandPath(), s.name, err))
		}
	}
	for _, s := range d.list {
		if err := s.decode(v, fs, file, d.commandLineOnly); err != nil {
			var ee *exitError
			if errors.As(err, &ee) {
				return err
			}
			return badInput(err)
		}
	}
	d.config.File = v.ConfigFileUsed()
	d.config.Environments = file.environments
	return nil
}

// configFile is the config file as YAML nodes: the positions of its
// settings for messages, and its environments. The values themselves are
// read through viper.
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

// errorAt places err, from converting key's value n, at its position:
// the list item at fault, or the value.
func (f *configFile) errorAt(n *yaml.Node, key string, err error) error {
	var shape *shapeError
	if errors.As(err, &shape) {
		at := n
		if shape.item >= 0 && n.Kind == yaml.SequenceNode && shape.item < len(n.Content) {
			at = n.Content[shape.item]
		}
		return fmt.Errorf("%s:%d:%d: %s: %v", f.path, at.Line, at.Column, key, err)
	}
	var parse *parseError
	if errors.As(err, &parse) {
		return fmt.Errorf("%s:%d:%d: %s %q: %v", f.path, n.Line, n.Column, key, parse.text, err)
	}
	return fmt.Errorf("%s:%d:%d: %s: %v", f.path, n.Line, n.Column, key, err)
}

// readConfigFile reads the config file at path into v. Every key must be
// one of known; unknown and duplicate keys are refused with their
// position before viper sees the file.
func readConfigFile(v *viper.Viper, path string, known []string) (*configFile, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("config %s: %v", path, err)
	}
	root, err := checkConfigKeys(path, data, known)
	if err != nil {
		return nil, err
	}
	// viper reads the same bytes the positions come from.
	v.SetConfigFile(path)
	v.SetConfigType("yaml")
	if err := v.ReadConfig(bytes.NewReader(data)); err != nil {
		return nil, fmt.Errorf("config %s: %v", path, err)
	}
	f := &configFile{path: path, values: map[string]*yaml.Node{}}
	if root == nil {
		return f, nil
	}
	for i := 0; i+1 < len(root.Content); i += 2 {
		f.values[root.Content[i].Value] = root.Content[i+1]
	}
	// Environments are decoded from the nodes: viper folds the keys of
	// nested mappings to lower case, and environment names keep theirs
	// ("Staging" must match the spec's "Staging").
	if n := f.values["environments"]; n != nil {
		if err := n.Decode(&f.environments); err != nil {
			return nil, fmt.Errorf("%s:%d:%d: environments: %v", path, n.Line, n.Column, strings.TrimPrefix(err.Error(), "yaml: "))
		}
	}
	return f, nil
}

// configDecoders gives viper configDecoder for the config file, which
// tagspec always reads as YAML.
type configDecoders struct{}

func (configDecoders) Decoder(format string) (viper.Decoder, error) {
	if format != "yaml" {
		return nil, fmt.Errorf("tagspec reads config files as YAML, not %s", format)
	}
	return configDecoder{}, nil
}

// configDecoder decodes the config file for viper, keeping every scalar
// as the text it was written as ("" for a null) rather than a number or
// bool, so that a setting's own type reads it and messages quote it:
// "concurrency: 2.0" is refused as "2.0" rather than taken as 2, and
// "env: 1.10" picks environment "1.10", not "1.1". Lists become []any and
// mappings map[string]any. An alias is left as an alias (a value no
// setting accepts), so that nothing here expands a chain of aliases.
type configDecoder struct{}

// yamlAlias stands for an alias (*name) in the config file.
type yamlAlias struct{}

func (configDecoder) Decode(data []byte, into map[string]any) error {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return err
	}
	if len(doc.Content) == 0 {
		return nil
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		return fmt.Errorf("%d:%d: the config file must be a mapping of settings", root.Line, root.Column)
	}
	for k, v := range plainMapping(root) {
		into[k] = v
	}
	return nil
}

// plainValue turns n into the values configDecoder gives viper.
func plainValue(n *yaml.Node) any {
	switch n.Kind {
	case yaml.ScalarNode:
		if n.Tag == "!!null" {
			return ""
		}
		return n.Value
	case yaml.SequenceNode:
		list := make([]any, len(n.Content))
		for i, item := range n.Content {
			list[i] = plainValue(item)
		}
		return list
	case yaml.MappingNode:
		return plainMapping(n)
	}
	return yamlAlias{}
}

func plainMapping(n *yaml.Node) map[string]any {
	m := make(map[string]any, len(n.Content)/2)
	for i := 0; i+1 < len(n.Content); i += 2 {
		m[n.Content[i].Value] = plainValue(n.Content[i+1])
	}
	return m
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
