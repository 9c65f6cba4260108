package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tagspec/tagspec/examplesite"
)

// TestCrawlShardErrors checks that a bad --shard exits 2 with a message
// saying what a share looks like, before any browser starts.
func TestCrawlShardErrors(t *testing.T) {
	dir := t.TempDir()
	specPath := filepath.Join(dir, "example.yaml")
	if err := os.WriteFile(specPath, examplesite.Spec(), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, v := range []string{"0/2", "3/2", "2", "a/b", "1/0", "-1/3"} {
		t.Run(v, func(t *testing.T) {
			code, _, stderr := runCLI(t, "crawl", specPath, "--base-url", "http://127.0.0.1:9", "--browser", "/nonexistent/chromium", "--shard", v)
			want := `tagspec: --shard "` + v + `": want K/N`
			if code != ExitBadInput || !strings.Contains(stderr, want) || !strings.Contains(stderr, "1 <= K <= N") {
				t.Errorf("exit %d, want %d; stderr %q does not contain %q", code, ExitBadInput, stderr, want)
			}
		})
	}
}
