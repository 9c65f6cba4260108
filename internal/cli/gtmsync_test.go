package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tagspec/tagspec/internal/gtmapitest"
)

// TestPushPullGTM drives push gtm and pull gtm against the API stand-in:
// plan, apply, a no-op re-run, a pull that diffs clean, and bad usage.
func TestPushPullGTM(t *testing.T) {
	srv := gtmapitest.New(t, "1001", "2002")
	specFile, err := filepath.Abs("../../gtmapi/testdata/spec.yaml")
	if err != nil {
		t.Fatal(err)
	}
	api := []string{"--account", "1001", "--container", "2002", "--endpoint", srv.URL, "--credentials", "none", "--pace", "0"}
	push := append([]string{"push", "gtm"}, api...)

	code, stdout, stderr := runCLI(t, append(push, specFile)...)
	if code != ExitOK || !strings.Contains(stdout, `  + tag "GA4 - pricing_view"`) || !strings.HasSuffix(stdout, "18 to create, 0 to update, 0 to delete; 0 unchanged; 0 not owned by tagspec, left alone\n") {
		t.Fatalf("plan: exit %d\nstdout:\n%s\nstderr:\n%s", code, stdout, stderr)
	}
	if !strings.Contains(stderr, "run again with --apply") {
		t.Errorf("plan without --apply does not say how to apply: %q", stderr)
	}
	if n := len(srv.Entities("tags")); n != 0 {
		t.Fatalf("a plan without --apply wrote %d tags", n)
	}

	code, stdout, stderr = runCLI(t, append(push, "--apply", specFile)...)
	if code != ExitOK || !strings.Contains(stderr, `[18/18] create tag "GA4 - generate_lead"`) || !strings.Contains(stderr, "wrote 18 changes to accounts/1001/containers/2002/workspaces/3") {
		t.Fatalf("apply: exit %d\nstdout:\n%s\nstderr:\n%s", code, stdout, stderr)
	}
	code, stdout, _ = runCLI(t, append(push, "--apply", specFile)...)
	if code != ExitOK || !strings.Contains(stdout, "no changes: the workspace matches the spec") {
		t.Errorf("re-run: exit %d, stdout:\n%s", code, stdout)
	}

	out := filepath.Join(t.TempDir(), "workspace.json")
	code, _, stderr = runCLI(t, append(append([]string{"pull", "gtm"}, api...), "--timestamp", "2026-12-06T12:00:00Z", "-o", out)...)
	if code != ExitOK || !strings.Contains(stderr, "5 tags, 4 triggers, 2 variables, 4 built-in variables, 3 folders") {
		t.Fatalf("pull: exit %d, stderr:\n%s", code, stderr)
	}
	data, err := os.ReadFile(out)
	if err != nil || !bytes.Contains(data, []byte(`"exportTime": "2026-12-06 12:00:00"`)) {
		t.Fatalf("pulled file: %v\n%.300s", err, data)
	}
	code, stdout, stderr = runCLI(t, "diff", specFile, out)
	if code != ExitOK || !strings.HasPrefix(stdout, "no drift") {
		t.Errorf("diff of the pulled workspace: exit %d\nstdout:\n%s\nstderr:\n%s", code, stdout, stderr)
	}

	code, stdout, stderr = runCLI(t, append(append([]string{"pull", "gtm"}, api...), "--live")...)
	if code != ExitFailure || !strings.Contains(stderr, "reading the live version of accounts/1001/containers/2002: HTTP 404") {
		t.Errorf("pull --live with nothing published: exit %d\nstdout:\n%s\nstderr:\n%s", code, stdout, stderr)
	}

	for _, tt := range []struct {
		name string
		args []string
		want string
	}{
		{"publish without apply", append(push, "--publish", specFile), "--publish needs --apply"},
		{"no account", []string{"push", "gtm", "--container", "2002", specFile}, "--account is required"},
		{"public ID for container", []string{"pull", "gtm", "--account", "1001", "--container", "GTM-ABC123"}, `--container "GTM-ABC123": want the numeric ID`},
		{"live and workspace", append(append([]string{"pull", "gtm"}, api...), "--live", "--workspace", "3"), "--live and --workspace exclude each other"},
		{"unknown workspace", append(push, "--workspace", "Staging", specFile), `accounts/1001/containers/2002 has no workspace "Staging"; it has 3 (Default Workspace)`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			code, _, stderr := runCLI(t, tt.args...)
			if code == ExitOK || !strings.Contains(stderr, tt.want) {
				t.Errorf("exit %d, stderr %q; want a failure saying %q", code, stderr, tt.want)
			}
		})
	}
}
