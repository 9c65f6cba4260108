package crawler

import (
	"context"
	"flag"
	"fmt"
	"os"
	"testing"

	"github.com/tagspec/tagspec/examplesite"
)

// One browser and one example site for the whole test binary; every test
// gets its own browser contexts.
var (
	testBrowser *Browser
	testSite    *examplesite.Server
)

func TestMain(m *testing.M) {
	os.Exit(testMain(m))
}

func testMain(m *testing.M) int {
	flag.Parse()
	if f := flag.Lookup("test.fuzz"); f != nil && f.Value.String() != "" {
		// Fuzzing (go test -run '^$' -fuzz X) runs no browser test, and
		// every fuzz worker process would start its own browser.
		return m.Run()
	}
	ctx := context.Background()
	site, err := examplesite.Serve(ctx, "127.0.0.1:0")
	if err != nil {
		fmt.Fprintln(os.Stderr, "example site:", err)
		return 1
	}
	defer site.Close()
	testSite = site
	// A browser test that cannot start Chromium fails; it never skips.
	b, err := StartBrowser(ctx, BrowserOptions{ExecPath: os.Getenv("TAGSPEC_BROWSER")})
	if err != nil {
		fmt.Fprintln(os.Stderr, "FAIL: browser tests need Chromium:", err)
		return 1
	}
	testBrowser = b
	code := m.Run()
	if err := b.Close(); err != nil {
		fmt.Fprintln(os.Stderr, "closing the browser:", err)
	}
	return code
}
