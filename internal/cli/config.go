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
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
	"github.com/spf13/viper"
	"gopkg.in/yaml.v3"

	"github.com/tagspec/tagspec/spec"
)

// ConfigFileName is the name of the config file tagspec looks for in the
// working directory and its parents.
const ConfigFileName = ".tagspec.yaml"

// Config is the configuration of one invocation, decoded once from flags,
// TAGSPEC_* environment variables and the config file (in that order of
// precedence) and passed down as plain values.
type Config struct {
	// File is the config file that was read, or "" when there was none.
	File string `mapstructure:"-"`
	// Env picks one of the spec's environments (--env, TAGSPEC_ENV, env:).
	Env string `mapstructure:"env"`
	// BaseURL overrides the environment's base URL (--base-url, TAGSPEC_BASE_URL, base_url:).
	BaseURL string `mapstructure:"base_url"`
	// MeasurementID overrides the spec's GA4 measurement ID.
	MeasurementID string `mapstructure:"measurement_id"`
	// Environments in the config file add to or override the spec's.
	Environments map[string]EnvironmentConfig `mapstructure:"environments"`

	v *viper.Viper
}

// EnvironmentConfig is one environment in the config file.
type EnvironmentConfig struct {
	BaseURL       string `mapstructure:"base_url"`
	MeasurementID string `mapstructure:"measurement_id"`
}

// String returns the value of a command-specific setting (its flag name
// with dashes or underscores), after flag > env > file > default precedence.
func (c *Config) String(key string) string { return c.v.GetString(configKey(key)) }

// Int returns a command-specific integer setting.
func (c *Config) Int(key string) int { return c.v.GetInt(configKey(key)) }

// Bool returns a command-specific boolean setting.
func (c *Config) Bool(key string) bool { return c.v.GetBool(configKey(key)) }

// Strings returns a command-specific list setting.
func (c *Config) Strings(key string) []string { return c.v.GetStringSlice(configKey(key)) }

// Duration returns a command-specific duration setting.
func (c *Config) Duration(key string) time.Duration { return c.v.GetDuration(configKey(key)) }

func configKey(flag string) string { return strings.ReplaceAll(flag, "-", "_") }

// loadConfig builds a fresh viper for this invocation of cmd and decodes it.
func (a *app) loadConfig(cmd *cobra.Command) (*Config, error) {
	v := viper.New()
	v.SetEnvPrefix("TAGSPEC")
	v.SetEnvKeyReplacer(strings.NewReplacer("-", "_", ".", "_"))
	v.AutomaticEnv()
	bind := func(f *pflag.Flag) {
		if f.Name == "config" || f.Name == "help" {
			return
		}
		_ = v.BindPFlag(configKey(f.Name), f)
	}
	cmd.Flags().VisitAll(bind)
	cmd.InheritedFlags().VisitAll(bind)
	for _, k := range []string{"base_url", "measurement_id"} {
		_ = v.BindEnv(k)
	}

	path, err := a.findConfig()
	if err != nil {
		return nil, err
	}
	cfg := &Config{File: path, v: v}
	if path != "" {
		data, err := os.ReadFile(path)
		if err != nil {
			return nil, badInputf("config %s: %v", path, err)
		}
		if err := checkConfigKeys(path, data, knownConfigKeys(cmd.Root())); err != nil {
			return nil, badInput(err)
		}
		v.SetConfigType("yaml")
		if err := v.ReadConfig(bytes.NewReader(data)); err != nil {
			return nil, badInputf("config %s: %v", path, err)
		}
	}
	if err := v.Unmarshal(cfg); err != nil {
		return nil, badInputf("config %s: %v", path, err)
	}
	return cfg, nil
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

// knownConfigKeys lists every key a config file may hold: the flags of all
// commands (with underscores) and environments.
func knownConfigKeys(root *cobra.Command) []string {
	keys := []string{"environments"}
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		add := func(f *pflag.Flag) {
			if f.Name != "config" && f.Name != "help" {
				keys = append(keys, configKey(f.Name))
			}
		}
		c.Flags().VisitAll(add)
		c.PersistentFlags().VisitAll(add)
		for _, sub := range c.Commands() {
			walk(sub)
		}
	}
	walk(root)
	slices.Sort(keys)
	return slices.Compact(keys)
}

// checkConfigKeys reports the first unknown or duplicate key of a config
// file with its line and column.
func checkConfigKeys(path string, data []byte, known []string) error {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return fmt.Errorf("config %s: %v", path, err)
	}
	if len(doc.Content) == 0 {
		return nil
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		return fmt.Errorf("%s:%d:%d: the config file must be a mapping of settings", path, root.Line, root.Column)
	}
	seen := map[string]bool{}
	for i := 0; i+1 < len(root.Content); i += 2 {
		k := root.Content[i]
		if seen[k.Value] {
			return fmt.Errorf("%s:%d:%d: duplicate key %q", path, k.Line, k.Column, k.Value)
		}
		seen[k.Value] = true
		if !slices.Contains(known, k.Value) {
			msg := fmt.Sprintf("%s:%d:%d: unknown setting %q", path, k.Line, k.Column, k.Value)
			if s := spec.Suggest(k.Value, known); s != "" {
				msg += fmt.Sprintf("; did you mean %q?", s)
			}
			return errors.New(msg)
		}
	}
	return nil
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
