package cli

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"time"

	"github.com/spf13/cobra"

	"github.com/tagspec/tagspec/diag"
	"github.com/tagspec/tagspec/report"
	"github.com/tagspec/tagspec/spec"
	"github.com/tagspec/tagspec/validator"
)

// checkHitsConfig holds the settings of tagspec check-hits.
type checkHitsConfig struct {
	Config
	Journey          string
	Consent          string
	CollectEndpoints []string
	Reports          []string
	Format           string
	Strict           bool
}

func (c *checkHitsConfig) declare(d *settingSet) {
	// --journey and --consent describe these files only: they are read
	// from the command line, never from a config file or the environment
	// (where crawl's journey list lives).
	d.String(&c.Journey, "journey", "", "", "judge the files as this spec journey (its name and consent setting)").fromCommandLineOnly()
	d.String(&c.Consent, "consent", "", spec.ConsentUntouched, "what the recorded visitor chose on the consent banner before the first hit: granted, denied or untouched",
		oneOf(spec.ConsentGranted, spec.ConsentDenied, spec.ConsentUntouched)).fromCommandLineOnly()
	d.StringArray(&c.CollectEndpoints, "collect-endpoint", "", "another URL pattern that receives GA4 hits, host or host/path with * (repeatable)")
	d.StringArray(&c.Reports, "report", "", "also write a report, FORMAT=PATH with FORMAT one of "+formatNames(diag.Formats)+" (repeatable)")
	d.String(&c.Format, "format", "f", "text", "summary on stdout: text or json", formatOf(diag.FormatText, diag.FormatJSON))
	d.Bool(&c.Strict, "strict", "", false, "count GA4 automatic events the spec does not define as unexpected")
}

func newCheckHitsCmd(a *app) *cobra.Command {
	var cfg checkHitsConfig
	cmd := &cobra.Command{
		Use:   "check-hits [flags] SPEC FILE.har...",
		Short: "Check the GA4 hits of HAR files against the spec, without a browser",
		Long: `Check-hits reads HAR files saved from a browser's developer tools (Network tab,
"Save all as HAR") or from a proxy, picks out every GA4 hit in them (GET, POST
with batched events one per body line, sendBeacon; on Google's endpoints, on
server-side tagging domains and on the spec's crawl.collect_endpoints) and
judges them like a crawl does: events the spec does not define, missing or
wrong parameters, hits before or against the consent choice, personal data,
GA4 limits, the measurement ID.

Each HAR file is one journey in the report, named after the file. A HAR file
records no journey steps, so expect steps are not judged; --journey NAME takes
the consent setting of that spec journey instead, and --consent says what the
recorded visitor chose on the consent banner before the first hit. GA4
requests that do not decode are listed on stderr.

The summary (--format text|json) goes to stdout; --report FORMAT=PATH writes
` + reportFormatsInWords() + ` reports too.

Exit status: 0 when every file passes, 1 when a finding is an error, 2 for a
bad spec, flag, or a HAR file that cannot be read (the message names the file
and the line and column).`,
		Example: `  tagspec check-hits tagspec.yaml checkout.har
  tagspec check-hits tagspec.yaml session-*.har --consent granted --format json
  tagspec check-hits tagspec.yaml blog.har --journey "newsletter from the blog" --report junit=out/har.xml`,
		Args: usageArgs(cobra.MinimumNArgs(2)),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := a.loadConfig(cmd); err != nil {
				return err
			}
			format, consent := cfg.Format, cfg.Consent
			outputs, err := parseReportFlags(cfg.Reports)
			if err != nil {
				return err
			}
			s, err := a.loadSpec(args[0])
			if err != nil {
				return err
			}
			opts := checkHitsOptions{
				Strict:        cfg.Strict,
				MeasurementID: s.MeasurementID,
				Endpoints:     cfg.CollectEndpoints,
				Consent:       consent,
			}
			if name := cfg.Journey; name != "" {
				i := slices.IndexFunc(s.Journeys, func(j spec.Journey) bool { return j.Name == name })
				if i < 0 {
					return badInputf("journey %q is not in the spec %s", name, args[0])
				}
				opts.Journey = &s.Journeys[i]
				if _, given := a.givenFlag(cmd, &cfg.Consent); !given && s.Journeys[i].Consent != "" {
					opts.Consent = s.Journeys[i].Consent
				}
			}
			names := args[1:]
			files := make([]string, len(names))
			for i, f := range names {
				files[i] = f
				if !filepath.IsAbs(f) {
					files[i] = filepath.Join(a.wd, f)
				}
			}
			r, undecoded, err := a.checkHARFiles(s, files, names, opts)
			if err != nil {
				return err
			}
			for _, u := range undecoded {
				fmt.Fprintln(a.stderr, u)
			}
			return a.writeCrawlReports(r, format, outputs)
		},
	}
	a.declare(cmd, &cfg)
	return cmd
}

// checkHitsOptions is how check-hits judges HAR files.
type checkHitsOptions struct {
	Strict        bool
	MeasurementID string
	Endpoints     []string      // extra collection endpoints, beside the spec's
	Journey       *spec.Journey // the spec journey the files stand for; nil for none
	Consent       string        // the recorded visitor's consent choice (spec.Consent*)
}

// checkHARFiles reads each HAR file into one journey of a report and
// checks it against s. names are the files as the user named them, for
// messages and journey names. It also returns one line per GA4 request
// that did not decode. A file that cannot be read is a bad-input error
// naming it.
func (a *app) checkHARFiles(s *spec.Spec, files, names []string, opts checkHitsOptions) (*report.Report, []string, error) {
	v := validator.New(s, validator.Options{Strict: opts.Strict, MeasurementID: opts.MeasurementID})
	endpoints := append(append([]string(nil), s.Crawl.CollectEndpoints...), opts.Endpoints...)
	// No start time or duration: the same files give byte-identical
	// reports.
	r := &report.Report{Name: s.Name, Spec: s.File, Recorded: true}
	var undecoded []string
	seen := map[string]bool{}
	for i, path := range files {
		j := spec.Journey{Name: filepath.Base(names[i]), Consent: opts.Consent}
		if opts.Journey != nil {
			j.Name, j.Pos = opts.Journey.Name, opts.Journey.Pos
			if len(files) > 1 {
				j.Name = fmt.Sprintf("%s (%s)", opts.Journey.Name, names[i])
			}
		}
		if seen[j.Name] {
			j.Name = names[i]
		}
		seen[j.Name] = true
		obs, bad, err := readHARFile(a, path, j.Name, endpoints)
		if err != nil {
			return nil, nil, badInputf("%s: %v", names[i], err)
		}
		for _, b := range bad {
			undecoded = append(undecoded, fmt.Sprintf("%s: log.entries[%d]: warning: GA4 request %s does not decode: %v", names[i], b.Entry, b.URL, b.Err))
		}
		if opts.Consent == spec.ConsentGranted || opts.Consent == spec.ConsentDenied {
			// The decision came before the first recorded hit.
			action := validator.ConsentAccept
			if opts.Consent == spec.ConsentDenied {
				action = validator.ConsentDeny
			}
			obs.Consent = []validator.ConsentChange{{Step: validator.NoStep, Action: action, Time: firstEventTime(obs)}}
		}
		r.Journeys = append(r.Journeys, report.NewJourney(&j, obs, v.Check(&j, obs)))
	}
	return r, undecoded, nil
}

// readHARFile reads one HAR file. A value of the wrong JSON type is
// reported with its line, column and the kind of value expected, rather
// than with Go's type names.
func readHARFile(a *app, path, journey string, endpoints []string) (*validator.Observation, []validator.HARHit, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	// A file past the bound is refused from its size, before it is read.
	if st, err := f.Stat(); err == nil && st.Mode().IsRegular() {
		if err := validator.CheckHARSize(st.Size()); err != nil {
			return nil, nil, err
		}
	}
	data, err := io.ReadAll(io.LimitReader(f, validator.MaxHARBytes+1))
	if err != nil {
		return nil, nil, err
	}
	obs, bad, err := validator.ReadHAR(a.ctx, bytes.NewReader(data), journey, endpoints)
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		return nil, nil, fmt.Errorf("read HAR: line %s: %s is a JSON %s, want %s", textPosition(data, te.Offset-1), te.Field, te.Value, jsonKindName(te.Type))
	}
	if err != nil {
		return nil, nil, err
	}
	return obs, bad, nil
}

// textPosition formats a byte offset of data as "LINE, column COL".
func textPosition(data []byte, off int64) string {
	off = max(0, min(off, int64(len(data))))
	line, col := 1, 1
	for _, c := range data[:off] {
		if c == '\n' {
			line, col = line+1, 1
		} else {
			col++
		}
	}
	return fmt.Sprintf("%d, column %d", line, col)
}

// jsonKindName names the JSON kind of value that decodes into t.
func jsonKindName(t reflect.Type) string {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t.Kind() {
	case reflect.Slice, reflect.Array:
		return "an array"
	case reflect.Struct, reflect.Map:
		return "an object"
	case reflect.String:
		return "a string"
	case reflect.Bool:
		return "true or false"
	}
	return "a number"
}

// firstEventTime returns the earliest capture time of the observation's
// events, the moment a consent decision made before the recording is
// placed at. HAR entries without startedDateTime have no time; an
// observation with no timed event gets the zero time.
func firstEventTime(obs *validator.Observation) time.Time {
	var first time.Time
	for i := range obs.Events {
		if t := obs.Events[i].Time; !t.IsZero() && (first.IsZero() || t.Before(first)) {
			first = t
		}
	}
	return first
}
