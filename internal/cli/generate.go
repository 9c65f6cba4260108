package cli

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/tagspec/tagspec/codegen"
	"github.com/tagspec/tagspec/lint"
	"github.com/tagspec/tagspec/spec"
	"github.com/tagspec/tagspec/templates"
)

func newGenerateCmd(a *app) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "generate",
		Short: "Generate a GTM container, the tracking plan or typed dataLayer helpers from a spec",
		Long: `Generate writes artefacts derived from a spec: a Google Tag Manager container
to import (generate gtm), the tracking plan for web developers (generate docs)
and typed dataLayer helpers for the site's code (generate code).`,
		Example: `  tagspec generate gtm tagspec.yaml -o gtm-container.json
  tagspec generate docs tagspec.yaml -o docs/tracking-plan
  tagspec generate code --lang ts -o src/analytics`,
		Args: usageArgs(cobra.NoArgs),
	}
	cmd.AddCommand(newGenerateGTMCmd(a), newGenerateDocsCmd(a), newGenerateCodeCmd(a))
	return cmd
}

// generateGTMConfig holds the settings of tagspec generate gtm.
type generateGTMConfig struct {
	Config
	Output        string
	Timestamp     string
	PublicID      string
	AllowOversize bool
}

func (c *generateGTMConfig) declare(d *settingSet) {
	d.String(&c.Output, "output", "o", "-", "file to write, or - for stdout")
	d.String(&c.Timestamp, "timestamp", "", "", `export time: RFC 3339, Unix seconds or "now" (default: SOURCE_DATE_EPOCH, else the Unix epoch)`)
	d.String(&c.PublicID, "public-id", "", "", "container public ID written in the file (default GTM-XXXXXXX; GTM ignores it on import)")
	d.Bool(&c.AllowOversize, "allow-oversize", "", false, "write a container larger than GTM's 200 KB limit anyway (GTM will not preview or publish it)")
}

func newGenerateGTMCmd(a *app) *cobra.Command {
	var cfg generateGTMConfig
	cmd := &cobra.Command{
		Use:   "gtm [flags] [SPEC]",
		Short: "Write a GTM web container (export format 2) to import",
		Long: `Generate gtm writes a GTM web container from the spec, ready for Admin > Import
Container (merge or overwrite): the Google tag with the measurement ID, one GA4
event tag per event with its parameters, native triggers where GTM has them, a
small Custom HTML listener tag where it has none (form start and abandonment,
time on an element, HTML5 video progress), the variables the parameters read,
the built-in variables referenced, consent settings and a folder per funnel
stage. Every generated container is checked against the container JSON Schema
and the semantic checks of tagspec import, in memory and at any size.

GTM refuses to preview or publish a container past 200 KB, counted on what it
compiles into gtm.js (the export file is several times larger). generate gtm
estimates that size and stops with exit status 2 before writing anything when
the spec is past it: first from the number of events, before building, then
on the built container. Split such a spec into several containers, or pass
--allow-oversize to write the file anyway (with a warning), for example to
read it back with tagspec import gtm or to diff it.

The output is deterministic: the same spec gives byte-identical output. The
export time and fingerprints come from --timestamp (RFC 3339, Unix seconds or
"now") or SOURCE_DATE_EPOCH; without either they are the Unix epoch and "0",
which GTM accepts.

With no SPEC, generate gtm reads tagspec.yaml. --env applies an environment's
measurement ID; --env production refuses a placeholder ID such as G-XXXXXXXXXX.

Exit status: 0 on success, 2 when the spec cannot be read, has errors or is
past GTM's size limit without --allow-oversize.`,
		Example: `  tagspec generate gtm tagspec.yaml -o gtm-container.json
  tagspec generate gtm --env production -o gtm-production.json
  SOURCE_DATE_EPOCH=$(git log -1 --format=%ct) tagspec generate gtm -o gtm.json
  tagspec generate gtm --timestamp 2026-03-01T12:00:00Z`,
		Args: usageArgs(cobra.MaximumNArgs(1)),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := a.loadConfig(cmd); err != nil {
				return err
			}
			s, err := a.loadContainerSpec(&cfg.Config, args)
			if err != nil {
				return err
			}
			ts, err := generateTimestamp(cfg.Timestamp, os.Getenv("SOURCE_DATE_EPOCH"))
			if err != nil {
				return badInput(err)
			}
			oversize := cfg.AllowOversize
			// GTM's size limit, first from the event count alone (before any
			// work), then on the built container (before anything is written).
			sizeErr := templates.CheckSpecSize(s)
			if sizeErr != nil && !oversize {
				return badInputf("%v, or write the file anyway with --allow-oversize", sizeErr)
			}
			c, err := templates.Build(s, templates.Options{Timestamp: ts, PublicID: cfg.PublicID})
			if err != nil {
				return badInput(err)
			}
			if sizeErr == nil {
				sizeErr = templates.CheckContainerSize(c, len(s.Events))
			}
			if sizeErr != nil && !oversize {
				return badInputf("%v, or write the file anyway with --allow-oversize", sizeErr)
			}
			out, err := c.Marshal()
			if err != nil {
				return failure(err)
			}
			// Every file generate writes reads back with tagspec import gtm.
			if len(out) > templates.MaxContainerBytes {
				return badInputf("the container file for %s would be %d MB, more than the %d MiB tagspec import gtm reads back: split the spec", plural(len(s.Events), "event"), (len(out)+999_999)/1_000_000, templates.MaxContainerBytes>>20)
			}
			// The self-check reads the container in memory: not back through
			// import's size bound, which is for files from outside.
			problems, err := templates.ValidateGenerated(c, out)
			if err != nil {
				return failure(err)
			}
			if len(problems) > 0 {
				var msgs []string
				for _, p := range problems {
					msgs = append(msgs, p.String())
				}
				return failure(fmt.Errorf("generated container fails its own checks:\n%s", strings.Join(msgs, "\n")))
			}
			output := cfg.Output
			if err := a.writeOutput(output, out); err != nil {
				return err
			}
			if output != "" && output != "-" {
				v := &c.Version
				summary := entitySummary(len(v.Tags), len(v.Triggers), len(v.Variables), len(v.BuiltInVariables), len(v.Folders))
				fmt.Fprintf(a.stderr, "wrote %s (%d bytes): %s; import it in GTM under Admin > Import Container\n", output, len(out), summary)
			}
			if sizeErr != nil {
				fmt.Fprintf(a.stderr, "warning: %v; written anyway (--allow-oversize), GTM will not preview or publish it\n", sizeErr)
			}
			return nil
		},
	}
	a.declare(cmd, &cfg)
	return cmd
}

// loadContainerSpec loads the spec a container is built from (args[0],
// or DefaultSpecFile), applies the environment and configuration, and
// refuses a production container with a placeholder measurement ID: the
// steps generate gtm and push gtm share.
func (a *app) loadContainerSpec(cfg *Config, args []string) (*spec.Spec, error) {
	path := DefaultSpecFile
	if len(args) == 1 {
		path = args[0]
	}
	s, err := a.loadSpec(path)
	if err != nil {
		return nil, err
	}
	fileID := s.MeasurementID
	if _, err := cfg.target(s); err != nil {
		return nil, err
	}
	if err := checkProductionID(cfg.Env, s, fileID); err != nil {
		return nil, err
	}
	return s, nil
}

// outputDir returns the folder dir (--output) for commands that write
// several files (the working folder for "" or "-"), made if missing.
func (a *app) outputDir(dir string) (string, error) {
	if dir == "" || dir == "-" {
		dir = "."
	}
	if !filepath.IsAbs(dir) {
		dir = filepath.Join(a.wd, dir)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", badInput(err)
	}
	return dir, nil
}

// checkProductionID refuses to build a production container that sends
// to a placeholder measurement ID such as G-XXXXXXXXXX: it would import
// cleanly and then collect nothing. Other environments only get lint's
// warning, since a placeholder is normal while a spec is being written.
// fileID is the top-level measurement_id of the file, before an
// environment or the config replaced it.
func checkProductionID(env string, s *spec.Spec, fileID string) error {
	if !isProductionEnv(env) || !lint.PlaceholderMeasurementID(s.MeasurementID) {
		return nil
	}
	where := fmt.Sprintf("measurement ID %q (from the config or TAGSPEC_MEASUREMENT_ID)", s.MeasurementID)
	if e, ok := s.Environment(env); ok && e.MeasurementID == s.MeasurementID {
		where = fmt.Sprintf("%s: environment %q: measurement_id %q", s.Position(e.Path+"/measurement_id"), env, s.MeasurementID)
	} else if p := s.Position("/measurement_id"); p.Line > 0 && s.MeasurementID == fileID {
		where = fmt.Sprintf("%s: measurement_id %q", p, s.MeasurementID)
	}
	return badInputf("%s is a placeholder, and generate gtm --env %s does not build a production container that sends every hit to no GA4 property: replace it with your web stream's measurement ID (GA4 Admin > Data streams)",
		where, env)
}

// isProductionEnv reports whether an environment name means the live site.
func isProductionEnv(name string) bool {
	return strings.EqualFold(name, "production") || strings.EqualFold(name, "prod")
}

// containerSummary counts what a generated container holds, in words:
// "9 tags, 7 triggers, 11 variables, 6 built-in variables, 3 folders".
func containerSummary(container []byte) (string, error) {
	var c struct {
		ContainerVersion struct {
			Tag             []json.RawMessage `json:"tag"`
			Trigger         []json.RawMessage `json:"trigger"`
			Variable        []json.RawMessage `json:"variable"`
			BuiltInVariable []json.RawMessage `json:"builtInVariable"`
			Folder          []json.RawMessage `json:"folder"`
		} `json:"containerVersion"`
	}
	if err := json.Unmarshal(container, &c); err != nil {
		return "", fmt.Errorf("reading back the generated container: %w", err)
	}
	v := c.ContainerVersion
	return entitySummary(len(v.Tag), len(v.Trigger), len(v.Variable), len(v.BuiltInVariable), len(v.Folder)), nil
}

// entitySummary writes the counts of a container's entities in words.
func entitySummary(tags, triggers, variables, builtIns, folders int) string {
	return fmt.Sprintf("%s, %s, %s, %s, %s", plural(tags, "tag"), plural(triggers, "trigger"),
		plural(variables, "variable"), plural(builtIns, "built-in variable"), plural(folders, "folder"))
}

// generateTimestamp picks the export time: the flag, then
// SOURCE_DATE_EPOCH, else the zero time (epoch, fingerprints "0").
func generateTimestamp(flag, sourceDateEpoch string) (time.Time, error) {
	switch {
	case flag == "now":
		return time.Now().UTC().Truncate(time.Second), nil
	case flag != "":
		if secs, err := strconv.ParseInt(flag, 10, 64); err == nil {
			return time.Unix(secs, 0).UTC(), nil
		}
		t, err := time.Parse(time.RFC3339, flag)
		if err != nil {
			return time.Time{}, fmt.Errorf("--timestamp %q: want RFC 3339 (2026-03-01T12:00:00Z), Unix seconds or now", flag)
		}
		return t.UTC(), nil
	case sourceDateEpoch != "":
		secs, err := strconv.ParseInt(sourceDateEpoch, 10, 64)
		if err != nil {
			return time.Time{}, fmt.Errorf("SOURCE_DATE_EPOCH %q: want Unix seconds", sourceDateEpoch)
		}
		return time.Unix(secs, 0).UTC(), nil
	}
	return time.Time{}, nil
}

// writeOutput writes data to path, or to stdout for "-" or "".
func (a *app) writeOutput(path string, data []byte) error {
	if path == "" || path == "-" {
		if _, err := a.stdout.Write(data); err != nil {
			return failure(err)
		}
		return nil
	}
	if !filepath.IsAbs(path) {
		path = filepath.Join(a.wd, path)
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		return badInput(err)
	}
	return nil
}

// generateDocsConfig holds the settings of tagspec generate docs.
type generateDocsConfig struct {
	Config
	Output string
}

func (c *generateDocsConfig) declare(d *settingSet) {
	d.String(&c.Output, "output", "o", ".", "directory to write tracking-plan.md and tracking-plan.html into")
}

func newGenerateDocsCmd(a *app) *cobra.Command {
	var cfg generateDocsConfig
	cmd := &cobra.Command{
		Use:   "docs [flags] [SPEC]",
		Short: "Write the tracking plan (Markdown and HTML) for web developers",
		Long: `Generate docs writes the hand-off for web developers: tracking-plan.md and a
self-contained tracking-plan.html with, per event, its purpose, its trigger in
words, a parameter table and the exact dataLayer.push(...) the site must run
where the event needs data from the page.

With no SPEC, generate docs reads tagspec.yaml; with no --output it writes
into the working directory.`,
		Example: `  tagspec generate docs tagspec.yaml -o docs/
  tagspec generate docs --env production`,
		Args: usageArgs(cobra.MaximumNArgs(1)),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := a.loadConfig(cmd); err != nil {
				return err
			}
			path := DefaultSpecFile
			if len(args) == 1 {
				path = args[0]
			}
			s, err := a.loadSpec(path)
			if err != nil {
				return err
			}
			if _, err := cfg.target(s); err != nil {
				return err
			}
			dir, err := a.outputDir(cfg.Output)
			if err != nil {
				return err
			}
			md, html := templates.Docs(s)
			for _, f := range []struct {
				name string
				data []byte
			}{{"tracking-plan.md", md}, {"tracking-plan.html", html}} {
				p := filepath.Join(dir, f.name)
				if err := os.WriteFile(p, f.data, 0o644); err != nil {
					return badInput(err)
				}
				fmt.Fprintf(a.stderr, "wrote %s\n", p)
			}
			return nil
		},
	}
	a.declare(cmd, &cfg)
	return cmd
}

// generateCodeConfig holds the settings of tagspec generate code.
type generateCodeConfig struct {
	Config
	Lang   string
	Output string
}

func (c *generateCodeConfig) declare(d *settingSet) {
	d.String(&c.Lang, "lang", "", "ts", "language of the helpers: ts or js")
	d.String(&c.Output, "output", "o", ".", "directory to write the helpers into")
}

func newGenerateCodeCmd(a *app) *cobra.Command {
	var cfg generateCodeConfig
	cmd := &cobra.Command{
		Use:   "code [flags] [SPEC]",
		Short: "Write typed dataLayer helpers (TypeScript or JavaScript) for the site",
		Long: `Generate code writes typed dataLayer helpers, so the site's pushes have the keys
and types the spec's GTM container reads. For every event fired by a dataLayer
push, track<Event>(params) pushes the trigger's custom event name with the
event's params; for an event GTM fires on its own trigger (a click, a page
view) that reads params from the data layer, set<Event>(params) pushes them
beforehand. Enum params are unions of their values, required params are
required, numbers are numbers and items are typed GA4 item arrays, so a wrong
call fails to compile. Doc comments carry the event's description, stage and
funnels. An ecommerce push clears the previous ecommerce object first.

--lang ts writes tagspec-events.ts; --lang js writes tagspec-events.js (an ES
module with JSDoc types, checked by editors through // @ts-check) and
tagspec-events.d.ts. The output is deterministic: the same spec gives
byte-identical files.

With no SPEC, generate code reads tagspec.yaml; with no --output it writes
into the working directory.

Exit status: 0 on success, 2 when the spec cannot be read, has errors, or asks
for a push no helper can make (two params at one dataLayer key).`,
		Example: `  tagspec generate code --lang ts -o src/analytics
  tagspec generate code --lang js tagspec.yaml -o public/js`,
		Args: usageArgs(cobra.MaximumNArgs(1)),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := a.loadConfig(cmd); err != nil {
				return err
			}
			lang, err := codegen.ParseLang(cfg.Lang)
			if err != nil {
				return badInputf("--lang: %v", err)
			}
			path := DefaultSpecFile
			if len(args) == 1 {
				path = args[0]
			}
			s, err := a.loadSpec(path)
			if err != nil {
				return err
			}
			files, err := codegen.Generate(s, lang)
			if err != nil {
				return badInput(err)
			}
			dir, err := a.outputDir(cfg.Output)
			if err != nil {
				return err
			}
			for _, f := range files {
				p := filepath.Join(dir, f.Name)
				if err := os.WriteFile(p, f.Data, 0o644); err != nil {
					return badInput(err)
				}
				fmt.Fprintf(a.stderr, "wrote %s\n", p)
			}
			return nil
		},
	}
	a.declare(cmd, &cfg)
	return cmd
}
