// Package specscale measures how lint and generate gtm grow with the size
// of a spec: a synthetic spec of 2,000 and 20,000 events goes through the
// same commands a user runs (tagspec lint, tagspec generate gtm), and the
// 20,000-event container is written and read back with tagspec import gtm.
package specscale

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/tagspec/tagspec/diag"
	"github.com/tagspec/tagspec/internal/cli"
	"github.com/tagspec/tagspec/internal/cpuclock"
	"github.com/tagspec/tagspec/spec"
	"github.com/tagspec/tagspec/templates"
)

// triggers are the trigger kinds a large spec uses, in YAML; %d is the
// event's number, so selectors, paths and pushed events differ per event.
var triggers = []string{
	`page_view: { path_prefix: "/p%d/" }`,
	`click: { selector: "a.cta-%d", text: "Start" }`,
	`click: { url: "/downloads/%d/" }`,
	`form_submit: { selector: "form#lead-%d" }`,
	`form_start: { selector: "form#lead-%d" }`,
	`form_abandon: { selector: "form#checkout-%d" }`,
	`scroll: { percent: [50, 90], pages: "^/blog/%d/" }`,
	`video: { provider: youtube, percent: [25, 100] }`,
	`video: { provider: html5, percent: [50], selector: "video#v%d" }`,
	`visibility: { selector: "#section-%d", ratio: 0.5, seconds: 2 }`,
	`timer: { seconds: 30, pages: "^/docs/%d/" }`,
	`timer: { seconds: 90, selector: "#calc-%d" }`,
	`datalayer: { event: "lead_%d" }`,
	`history_change: { pages: "^/app/%d/" }`,
}

var (
	kinds      = []string{"micro", "micro", "micro", "macro"}
	categories = []string{"engagement", "process_milestone", "lead_qualification"}
	signals    = []string{"confidence_builder", "friction_indicator", "momentum_signal"}
	stageNames = []string{"awareness", "consideration", "decision"}
)

// SyntheticSpec writes a spec of n events as a large team's would read:
// every trigger kind, three to six params per event from every source
// (data layer keys shared between events, as a site's data layer is),
// enums, patterns and ranges, user properties, consent, and a funnel for
// every ten events.
func SyntheticSpec(n int) []byte {
	var b strings.Builder
	b.WriteString("version: 1\nname: Synthetic spec\nmeasurement_id: G-SYNTH0001\n")
	b.WriteString("consent:\n  required: [analytics_storage]\n  accept_selector: \"#cookie-accept\"\n  deny_selector: \"#cookie-deny\"\n")
	b.WriteString("user_properties:\n  plan_tier: { from: \"datalayer:user.plan\" }\n  customer_tier: { from: \"datalayer:user.tier\" }\n")
	b.WriteString("events:\n")
	for i := range n {
		name := fmt.Sprintf("feature_%05d_used", i)
		trig := triggers[i%len(triggers)]
		if strings.Contains(trig, "%d") {
			trig = fmt.Sprintf(trig, i)
		}
		fmt.Fprintf(&b, "  - name: %s\n    kind: %s\n    category: %s\n    signal: %s\n    stage: %s\n",
			name, kinds[i%len(kinds)], categories[i%len(categories)], signals[i%len(signals)], stageNames[i%len(stageNames)])
		fmt.Fprintf(&b, "    description: Visitor used feature %d of the product.\n    trigger:\n      %s\n    params:\n", i, trig)
		for j := range 3 + i%4 {
			switch j {
			case 0:
				fmt.Fprintf(&b, "      feature_area:\n        type: string\n        from: \"datalayer:feature.area_%d\"\n        required: true\n        enum: [billing, reports, settings, team]\n", i%40)
			case 1:
				b.WriteString("      page_path:\n        type: string\n        from: \"url:path\"\n        pattern: \"^/[a-z0-9/-]*$\"\n")
			case 2:
				fmt.Fprintf(&b, "      item_count:\n        type: integer\n        from: \"datalayer:feature.count_%d\"\n        min: 0\n        max: 1000\n", i%25)
			case 3:
				b.WriteString("      plan_id:\n        type: string\n        from: \"element:data-plan\"\n        max_length: 40\n")
			case 4:
				b.WriteString("      campaign:\n        type: string\n        from: \"url:query:utm_campaign\"\n")
			case 5:
				b.WriteString("      spec_version:\n        type: string\n        from: \"const:v3\"\n")
			}
		}
	}
	if n >= 10 {
		b.WriteString("funnels:\n")
		for f := 0; f+9 < n; f += 10 {
			fmt.Fprintf(&b, "  - name: flow %d\n    steps: [feature_%05d_used, feature_%05d_used, feature_%05d_used]\n", f/10, f, f+4, f+9)
		}
	}
	return []byte(b.String())
}

// run runs tagspec with args in dir and returns its exit status and output.
func run(t testing.TB, dir string, args ...string) (int, string, string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Chdir(dir); err != nil {
		t.Fatal(err)
	}
	defer os.Chdir(wd)
	code := cli.Run(context.Background(), args, strings.NewReader(""), &stdout, &stderr)
	return code, stdout.String(), stderr.String()
}

// BenchmarkLintGenerate runs tagspec lint and tagspec generate gtm
// (--allow-oversize, written to disk) on specs of 2,000 and 20,000 events.
// cpu-ns/op of /20k over /2k is the growth factor; linear work gives 10.
// Once measured, the written container is read back: import gtm must find
// every event and diff must find no drift from the spec.
func BenchmarkLintGenerate(b *testing.B) {
	for _, size := range []struct {
		name string
		n    int
	}{{"2k", 2000}, {"20k", 20000}} {
		b.Run(size.name, func(b *testing.B) {
			dir := b.TempDir()
			if err := os.WriteFile(filepath.Join(dir, "tagspec.yaml"), SyntheticSpec(size.n), 0o644); err != nil {
				b.Fatal(err)
			}
			cpuclock.Measure(b, func() {
				if code, _, stderr := run(b, dir, "lint", "tagspec.yaml"); code > 1 {
					b.Fatalf("lint: exit %d\n%s", code, stderr)
				}
				if code, _, stderr := run(b, dir, "generate", "gtm", "--allow-oversize", "tagspec.yaml", "-o", "gtm.json"); code != 0 {
					b.Fatalf("generate gtm: exit %d\n%s", code, stderr)
				}
			})
			st, err := os.Stat(filepath.Join(dir, "gtm.json"))
			if err != nil {
				b.Fatal(err)
			}
			b.ReportMetric(float64(st.Size()), "container-bytes")
			code, back, stderr := run(b, dir, "import", "gtm", "gtm.json")
			if got := strings.Count(back, "\n  - name: feature_"); code != 0 || got != size.n {
				b.Fatalf("import gtm: exit %d, %d of %d events\n%s", code, got, size.n, stderr)
			}
			if code, stdout, stderr := run(b, dir, "diff", "tagspec.yaml", "gtm.json"); code != 0 {
				b.Fatalf("diff: exit %d\n%s%s", code, stdout, stderr)
			}
		})
	}
}

// compiledSize is templates.CompiledSize of the container of
// SyntheticSpec(n).
func compiledSize(t *testing.T, n int) int {
	t.Helper()
	s, diags, err := spec.Parse("tagspec.yaml", SyntheticSpec(n))
	if err != nil || diag.HasErrors(diags) {
		t.Fatalf("SyntheticSpec(%d): %v %v", n, err, diags)
	}
	c, err := templates.Build(s, templates.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return templates.CompiledSize(c)
}

// TestGenerateGTMSizeLimit runs generate gtm on the largest synthetic spec
// that fits in GTM's limit and on one event more.
func TestGenerateGTMSizeLimit(t *testing.T) {
	fits := sort.Search(500, func(n int) bool { return compiledSize(t, n+1) > templates.GTMSizeLimit })
	if fits < 10 || fits >= 500 {
		t.Fatalf("%d synthetic events fit in GTM's limit", fits)
	}
	dir := t.TempDir()
	write := func(n int) {
		if err := os.WriteFile(filepath.Join(dir, "tagspec.yaml"), SyntheticSpec(n), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write(fits)
	if code, _, stderr := run(t, dir, "generate", "gtm", "tagspec.yaml", "-o", "fits.json"); code != 0 || !strings.HasPrefix(stderr, "wrote fits.json") {
		t.Fatalf("%d events: exit %d\n%s", fits, code, stderr)
	}

	write(fits + 1)
	size := compiledSize(t, fits+1)
	code, stdout, stderr := run(t, dir, "generate", "gtm", "tagspec.yaml", "-o", "past.json")
	want := fmt.Sprintf("tagspec: the GTM container for %d events would be %d KB compiled (tagspec's estimate of what GTM serves as gtm.js), more than the 200 KB GTM allows in one container (GTM will not preview or publish a larger one): split the spec into containers of at most about %d events each (one per site or site section), or write the file anyway with --allow-oversize\n",
		fits+1, (size+999)/1000, templates.GTMSizeLimit*(fits+1)/size)
	if code != cli.ExitBadInput || stdout != "" || stderr != want {
		t.Fatalf("%d events: exit %d, stdout %q, stderr\n%s\nwant\n%s", fits+1, code, stdout, stderr, want)
	}
	if _, err := os.Stat(filepath.Join(dir, "past.json")); !os.IsNotExist(err) {
		t.Fatalf("past.json was written (stat: %v)", err)
	}

	// --allow-oversize writes it, says so, and it reads back.
	code, _, stderr = run(t, dir, "generate", "gtm", "--allow-oversize", "tagspec.yaml", "-o", "past.json")
	if code != 0 || !strings.Contains(stderr, "warning: the GTM container for ") || !strings.Contains(stderr, "written anyway (--allow-oversize)") {
		t.Fatalf("--allow-oversize: exit %d\n%s", code, stderr)
	}
	code, back, stderr := run(t, dir, "import", "gtm", "past.json")
	if code != 0 || strings.Count(back, "\n  - name: feature_") != fits+1 {
		t.Fatalf("import gtm: exit %d, %d events\n%s", code, strings.Count(back, "\n  - name: feature_"), stderr)
	}
}
