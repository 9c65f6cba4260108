package actiontest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/tagspec/tagspec/benchmark"
	"github.com/tagspec/tagspec/examplesite"
	"github.com/tagspec/tagspec/internal/cli"
	"github.com/tagspec/tagspec/spec"
)

// journeysSpec is the example spec with two journeys of the example site:
// one that passes and one on a page whose demo_request tag was removed.
// The first content_download benchmark key is misspelt, a lint warning.
func journeysSpec(t *testing.T) string {
	t.Helper()
	src := string(examplesite.Spec())
	i := strings.Index(src, "\njourneys:")
	if i < 0 {
		t.Fatal("the example spec has no journeys")
	}
	src = strings.Replace(src[:i+1], "benchmark: content_download\n", "benchmark: content_downloads\n", 1)
	return src + `journeys:
  - name: pricing visit
    start: /pricing
    consent: granted
    steps:
      - wait: { selector: "#plans" }
      - expect: { event: pricing_page_view, params: { page_path: /pricing } }
  - name: demo tag removed
    start: /broken/missing
    consent: granted
    steps:
      - fill: { selector: "form#demo-request input[name=company]", value: "Example Industries" }
      - submit: "form#demo-request"
      - wait: { selector: "#thanks" }
      - expect: demo_request
`
}

// lineOf is the 1-based line of the first line of text that starts with
// prefix, and the 1-based column where prefix's text starts.
func lineOf(t *testing.T, text, prefix string) (line, col int) {
	t.Helper()
	for n, l := range strings.Split(text, "\n") {
		if strings.HasPrefix(l, prefix) {
			return n + 1, len(prefix) - len(strings.TrimLeft(prefix, " -")) + 1
		}
	}
	t.Fatalf("no line starts with %q", prefix)
	return 0, 0
}

// runCLI runs tagspec in-process in dir and returns its stdout.
func runCLI(t *testing.T, dir string, wantCode int, args ...string) []byte {
	t.Helper()
	t.Chdir(dir)
	var stdout, stderr bytes.Buffer
	if code := cli.Run(t.Context(), args, strings.NewReader(""), &stdout, &stderr); code != wantCode {
		t.Fatalf("tagspec %s: exit %d, want %d\n%s%s", strings.Join(args, " "), code, wantCode, stdout.String(), stderr.String())
	}
	return stdout.Bytes()
}

func writeFile(t *testing.T, path string, data []byte) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestActionEveryCheck runs the action with every check on the example
// site in real Chromium: lint (a warning), generate gtm, diff against a
// container whose demo_request tag was renamed, crawl (one journey
// fails), bench on generated GA4 export data. It asserts the annotations
// on stdout, the job summary with its links to the spec lines, the
// outputs and the inputs of the SARIF and artifact uploads.
func TestActionEveryCheck(t *testing.T) {
	a := loadAction(t)
	site, err := examplesite.Serve(t.Context(), "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = site.Close() })

	ws := t.TempDir()
	src := journeysSpec(t)
	writeFile(t, filepath.Join(ws, "site/tagspec.yaml"), []byte(src))
	// The live container: generated from the spec, then a tag renamed in
	// GTM's UI.
	container := runCLI(t, filepath.Join(ws, "site"), cli.ExitOK, "generate", "gtm", "tagspec.yaml")
	container = bytes.ReplaceAll(container, []byte(`"demo_request"`), []byte(`"demo_request_v0"`))
	writeFile(t, filepath.Join(ws, "site/live-container.json"), container)
	s, _, err := spec.Load(filepath.Join(ws, "site/tagspec.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var export bytes.Buffer
	if err := benchmark.ExampleExport(t.Context(), &export, s, benchmark.ExampleOptions{}); err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(ws, "site/exports/events_20260301.ndjson"), export.Bytes())

	res := runAction(t, a, ws, map[string]string{
		"commands":          "lint, generate gtm, diff, crawl, bench",
		"working-directory": "site",
		"base-url":          site.URL,
		"container":         "live-container.json",
		"bench-data":        "exports/events_*.ndjson",
		"crawl-args":        "--concurrency 1",
	})

	t.Logf("stdout:\n%s\njob summary:\n%s", res.stdout, res.summary)
	dir := filepath.Join(ws, "site/tagspec-reports")
	benchLine, benchCol := lineOf(t, src, "    benchmark: content_downloads")
	journeyLine, _ := lineOf(t, src, "  - name: demo tag removed")
	expectLine, _ := lineOf(t, src, "      - expect: demo_request")
	demoLine, _ := lineOf(t, src, "  - name: demo_request")
	blob := "https://github.com/acme/site/blob/" + testSHA + "/site/tagspec.yaml"

	t.Run("annotations", func(t *testing.T) {
		for _, re := range []string{
			// lint
			fmt.Sprintf(`(?m)^::warning file=site/tagspec\.yaml,line=%d,col=%d,title=benchmark/unknown-range::event "case_study_download": benchmark "content_downloads" names no industry range.*did you mean "content_download"\?$`, benchLine, benchCol+len("benchmark: ")),
			// diff: the spec's event is missing from the container, the
			// container's renamed one is not in the spec
			fmt.Sprintf(`(?m)^::error file=site/tagspec\.yaml,line=%d,col=\d+,title=tagspec diff::\+ event "demo_request": in the spec .*missing from the container$`, demoLine),
			`(?m)^::error file=site/live-container\.json,title=tagspec diff::- event "demo_request_v0": in the container`,
			// crawl
			fmt.Sprintf(`(?m)^::error file=site/tagspec\.yaml,line=%d,col=\d+,title=tagspec journey/event-missing \(journey demo tag removed\)::step 4: .*demo_request`, expectLine),
		} {
			if !regexp.MustCompile(re).MatchString(res.stdout) {
				t.Errorf("stdout has no line matching %s\nstdout:\n%s", re, res.stdout)
			}
		}
		if strings.Contains(res.stdout, "journey pricing visit") {
			t.Errorf("the passing journey has annotations:\n%s", res.stdout)
		}
	})

	t.Run("summary", func(t *testing.T) {
		for _, want := range []string{
			"## tagspec: ❌ fail\n",
			"| lint | ❌ fail | 0 errors, 1 warning in tagspec.yaml |\n",
			"| generate gtm | ✅ pass | site/tagspec-reports/gtm-container.json: ",
			"| diff | ❌ fail | 2 differences between the spec and the container |\n",
			"| crawl | ❌ fail | 2 journeys, 1 failed; ",
			"### Failing journeys (1)\n",
			fmt.Sprintf("- **demo tag removed** ([`tagspec.yaml:%d:5`](%s#L%d)): step 4: ", journeyLine, blob, journeyLine),
			fmt.Sprintf("| warning | [`tagspec.yaml:%d:%d`](%s#L%d) | lint | `benchmark/unknown-range` |", benchLine, benchCol+len("benchmark: "), blob, benchLine),
			fmt.Sprintf("](%s#L%d)<br>demo tag removed | crawl | `journey/event-missing` | step 4: ", blob, expectLine),
			"### Benchmark\n\n**",
			" sessions, ",
			"| case_study_download | ",
			"| no range |",
			"### Reports\n",
			"- `site/tagspec-reports/crawl.html`\n",
		} {
			if !strings.Contains(res.summary, want) {
				t.Errorf("the job summary lacks %q\nsummary:\n%s", want, res.summary)
			}
		}
		if strings.Contains(res.summary, "**pricing visit**") {
			t.Errorf("the passing journey is listed as failing:\n%s", res.summary)
		}
	})

	t.Run("outputs", func(t *testing.T) {
		want := map[string]string{
			"verdict": "fail", "lint-errors": "0", "lint-warnings": "1", "drift-changes": "2",
			"journeys": "2", "journeys-failed": "1", "pages-failed": "0",
			"report-dir": dir, "crawl-report": filepath.Join(dir, "crawl.json"), "container": filepath.Join(dir, "gtm-container.json"),
		}
		for k, v := range want {
			if res.outputs[k] != v {
				t.Errorf("output %s = %q, want %q", k, res.outputs[k], v)
			}
		}
		for _, k := range []string{"crawl-errors", "bench-events"} {
			if n := res.outputs[k]; n == "" || n == "0" {
				t.Errorf("output %s = %q, want a positive count", k, n)
			}
		}
	})

	t.Run("uploads", func(t *testing.T) {
		goSetup := res.useOf(t, "Set up Go")
		if !strings.HasPrefix(goSetup.Uses, "actions/setup-go@") || goSetup.With["go-version-file"] != filepath.Join(repoRoot, "go.mod") {
			t.Errorf("setup-go: %+v", goSetup)
		}
		for _, c := range []struct{ step, category, file string }{
			{"Upload lint SARIF", "tagspec-lint", "lint.sarif"},
			{"Upload crawl SARIF", "tagspec-crawl", "crawl.sarif"},
		} {
			u := res.useOf(t, c.step)
			if !strings.HasPrefix(u.Uses, "github/codeql-action/upload-sarif@") || u.With["category"] != c.category || u.With["sarif_file"] != filepath.Join(dir, c.file) {
				t.Errorf("%s: %+v", c.step, u)
			}
			checkSARIF(t, u.With["sarif_file"], true)
		}
		art := res.useOf(t, "Keep the reports")
		if !strings.HasPrefix(art.Uses, "actions/upload-artifact@") || art.With["name"] != "tagspec-reports" || art.With["path"] != dir {
			t.Errorf("upload-artifact: %+v", art)
		}
		for _, f := range []string{"crawl.html", "bench.html", "crawl-junit.xml", "crawl.json", "lint.json", "diff.json", "bench.json", "gtm-container.json"} {
			if info, err := os.Stat(filepath.Join(art.With["path"], f)); err != nil || info.Size() == 0 {
				t.Errorf("the artifact's folder lacks %s (%v)", f, err)
			}
		}
	})

	if got := res.outcomes["Verdict"]; got != "failure" {
		t.Errorf("the Verdict step's outcome is %q, want failure: the verdict is fail", got)
	}
	if !strings.Contains(res.stdout, "::error title=tagspec::verdict: fail; the job summary says why\n") {
		t.Errorf("stdout lacks the verdict annotation:\n%s", res.stdout)
	}
}

// checkSARIF fails unless path is a SARIF 2.1.0 log with one run, which
// has results or not as wantResults says.
func checkSARIF(t *testing.T, path string, wantResults bool) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var log struct {
		Version string `json:"version"`
		Runs    []struct {
			Results []json.RawMessage `json:"results"`
		} `json:"runs"`
	}
	if err := json.Unmarshal(data, &log); err != nil || log.Version != "2.1.0" || len(log.Runs) != 1 || (len(log.Runs[0].Results) > 0) != wantResults {
		t.Errorf("%s is not a SARIF 2.1.0 log with one run, results %v (%v):\n%.400s", path, wantResults, err, data)
	}
}

// TestActionVerdicts runs the action where no browser is needed: a clean
// lint passes, and bad inputs and a crawl whose browser cannot start give
// a clear error, a failed step and, where tagspec ran, the error verdict.
func TestActionVerdicts(t *testing.T) {
	a := loadAction(t)
	for _, tc := range []struct {
		name        string
		with        map[string]string
		verdict     string   // the verdict output
		summary     []string // in the job summary
		stdout      []string // in stdout
		verdictStep string   // outcome of the last step
	}{
		{
			name:        "clean lint",
			with:        map[string]string{"commands": "lint"},
			verdict:     "pass",
			summary:     []string{"## tagspec: ✅ pass\n", "| lint | ✅ pass | no problems found |\n", "- `tagspec-reports/lint.json`\n", "- `tagspec-reports/lint.sarif`\n"},
			verdictStep: "skipped",
		},
		{
			name:        "unknown check",
			with:        map[string]string{"commands": "lint, crawll"},
			stdout:      []string{`::error title=tagspec action::commands: unknown check "crawll": use lint, generate gtm, diff, crawl, merge or bench` + "\n", "::error title=tagspec::verdict: none, the checks did not run; the job summary says why\n"},
			verdictStep: "failure",
		},
		{
			name:        "diff without a container",
			with:        map[string]string{"commands": "diff"},
			stdout:      []string{"::error title=tagspec action::diff needs the container input: the GTM export to compare with the spec\n"},
			verdictStep: "failure",
		},
		{
			name:        "crawl and merge",
			with:        map[string]string{"commands": "crawl merge"},
			stdout:      []string{"::error title=tagspec action::commands: crawl and merge both write the crawl report"},
			verdictStep: "failure",
		},
		{
			name:        "browser cannot start",
			with:        map[string]string{"commands": "crawl", "install-chromium": "false", "base-url": "http://127.0.0.1:9", "crawl-args": "--browser /nonexistent/chromium"},
			verdict:     "error",
			summary:     []string{"## tagspec: ⚠️ error\n", "| crawl | ⚠️ error | crawl: no report at tagspec-reports/crawl.json: the command failed before writing it (see its log) |\n"},
			stdout:      []string{"tagspec crawl exited 3\n", "tagspec report summary exited 3\n", "::error title=tagspec::verdict: error; the job summary says why\n"},
			verdictStep: "failure",
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ws := t.TempDir()
			writeFile(t, filepath.Join(ws, "tagspec.yaml"), examplesite.Spec())
			res := runAction(t, a, ws, tc.with)
			if res.outputs["verdict"] != tc.verdict {
				t.Errorf("verdict %q, want %q", res.outputs["verdict"], tc.verdict)
			}
			for _, want := range tc.summary {
				if !strings.Contains(res.summary, want) {
					t.Errorf("the job summary lacks %q\nsummary:\n%s", want, res.summary)
				}
			}
			for _, want := range tc.stdout {
				if !strings.Contains(res.stdout, want) {
					t.Errorf("stdout lacks %q\nstdout:\n%s", want, res.stdout)
				}
			}
			if tc.verdict == "pass" && strings.Contains(res.stdout, "::") {
				t.Errorf("a clean run printed workflow commands:\n%s", res.stdout)
			}
			if got := res.outcomes["Verdict"]; got != tc.verdictStep {
				t.Errorf("the Verdict step's outcome is %q, want %q", got, tc.verdictStep)
			}
			if tc.name == "clean lint" {
				u := res.useOf(t, "Upload lint SARIF")
				checkSARIF(t, u.With["sarif_file"], false)
				if _, ok := res.outcomes["Upload crawl SARIF"]; !ok || res.outcomes["Upload crawl SARIF"] != "skipped" {
					t.Errorf("the crawl SARIF upload ran without a crawl: %v", res.outcomes)
				}
			}
		})
	}
}

// TestActionShardsAndMerge runs the example workflow's pattern: two jobs
// crawl one shard each, and a third merges their JSON reports. The
// merged summary has both journeys and links the failing one to its
// spec line.
func TestActionShardsAndMerge(t *testing.T) {
	a := loadAction(t)
	site, err := examplesite.Serve(t.Context(), "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = site.Close() })
	ws := t.TempDir()
	src := journeysSpec(t)
	writeFile(t, filepath.Join(ws, "tagspec.yaml"), []byte(src))
	for _, shard := range []string{"1", "2"} {
		res := runAction(t, a, ws, map[string]string{
			"commands": "crawl", "base-url": site.URL, "crawl-args": "--shard " + shard + "/2",
			"output-dir": "shard-" + shard, "sarif": "false", "artifact-name": "tagspec-shard-" + shard,
		})
		if res.outputs["journeys"] != "1" {
			t.Fatalf("shard %s crawled %q journeys, want 1\nsummary:\n%s", shard, res.outputs["journeys"], res.summary)
		}
		if _, ok := res.outcomes["Upload crawl SARIF"]; res.outcomes["Upload crawl SARIF"] != "skipped" || !ok {
			t.Errorf("shard %s uploaded SARIF with sarif: false", shard)
		}
		if u := res.useOf(t, "Keep the reports"); u.With["name"] != "tagspec-shard-"+shard {
			t.Errorf("shard %s: artifact %+v", shard, u)
		}
	}
	res := runAction(t, a, ws, map[string]string{"commands": "merge", "merge-reports": "shard-*/crawl.json"})
	journeyLine, _ := lineOf(t, src, "  - name: demo tag removed")
	for k, v := range map[string]string{"verdict": "fail", "journeys": "2", "journeys-failed": "1"} {
		if res.outputs[k] != v {
			t.Errorf("merged output %s = %q, want %q", k, res.outputs[k], v)
		}
	}
	for _, want := range []string{
		"| crawl | ❌ fail | 2 journeys, 1 failed; 1 error, 0 warnings",
		fmt.Sprintf("- **demo tag removed** ([`tagspec.yaml:%d:5`](https://github.com/acme/site/blob/%s/tagspec.yaml#L%d)): step 4: ", journeyLine, testSHA, journeyLine),
	} {
		if !strings.Contains(res.summary, want) {
			t.Errorf("the merged summary lacks %q\nsummary:\n%s", want, res.summary)
		}
	}
	if !regexp.MustCompile(`(?m)^::error file=tagspec\.yaml,line=\d+,col=\d+,title=tagspec journey/event-missing \(journey demo tag removed\)::`).MatchString(res.stdout) {
		t.Errorf("the merge printed no annotation for the failing journey:\n%s", res.stdout)
	}
	checkSARIF(t, res.useOf(t, "Upload crawl SARIF").With["sarif_file"], true)
}
