package crawler

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"time"

	"github.com/chromedp/chromedp"
)

// DefaultBrowser is where Debian's chromium package installs the browser.
const DefaultBrowser = "/usr/bin/chromium"

// disabledFeatures are the Chromium features the crawler turns off:
// chromedp's defaults (Translate, BlinkGenPropertyTrees) and HttpsUpgrades,
// which makes Chromium try an http:// navigation as https:// first, so a
// page the user asked for over http would be requested (and matched
// against --block and --route patterns) as an https:// URL.
const disabledFeatures = "Translate,BlinkGenPropertyTrees,HttpsUpgrades"

// browserStartTimeout bounds how long a browser may take to start.
const browserStartTimeout = 30 * time.Second

// BrowserError says that no browser could be started. The CLI maps it to
// the "tool failed" exit code.
type BrowserError struct {
	Path string // the executable that was tried; empty when none was found
	Err  error
}

// Error says which browser failed and how to install one.
func (e *BrowserError) Error() string {
	hint := "install Chromium (apt-get install chromium) or pass --browser PATH"
	if e.Path == "" {
		return fmt.Sprintf("no Chromium or Chrome browser found: %v; %s", e.Err, hint)
	}
	return fmt.Sprintf("cannot start the browser %s: %v; %s", e.Path, e.Err, hint)
}

// Unwrap returns the underlying error.
func (e *BrowserError) Unwrap() error { return e.Err }

// BrowserOptions configure the browser process.
type BrowserOptions struct {
	// ExecPath is the browser executable. Empty means /usr/bin/chromium, or
	// the first of chromium, chromium-browser, google-chrome on PATH.
	ExecPath string
	// Output, when set, receives the browser's stdout and stderr.
	Output interface{ Write([]byte) (int, error) }
	// Flags are extra command-line switches, "name" or "name=value"
	// without the leading dashes (e.g. "js-flags=--max-old-space-size=512"
	// to bound each tab's JavaScript heap).
	Flags []string
}

// Browser is one running headless Chromium, shared by every journey of a
// crawl (and, in tests, by every test of a binary). It is safe for
// concurrent use: each journey gets its own browser context.
type Browser struct {
	Path string // the executable that runs

	allocCancel context.CancelFunc
	ctx         context.Context
	cancel      context.CancelFunc
	started     bool // the browser answered; Close stops it gracefully
}

// FindBrowser resolves the browser executable StartBrowser runs: path
// when it names a file (or a command on PATH), and when path is empty
// DefaultBrowser, or the first of chromium, chromium-browser,
// google-chrome and google-chrome-stable on PATH. The error is a
// *BrowserError.
func FindBrowser(path string) (string, error) {
	if path != "" {
		if _, err := os.Stat(path); err != nil {
			if p, lerr := exec.LookPath(path); lerr == nil {
				return p, nil
			}
			return "", &BrowserError{Path: path, Err: err}
		}
		return path, nil
	}
	if _, err := os.Stat(DefaultBrowser); err == nil {
		return DefaultBrowser, nil
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p, nil
		}
	}
	return "", &BrowserError{Err: fmt.Errorf("%s does not exist and none of chromium, chromium-browser, google-chrome is on PATH", DefaultBrowser)}
}

// StartBrowser starts a headless browser with flags that keep it off the
// network except for the pages it is sent to (no background networking, no
// component updates, no QUIC, no first-run work, a fresh profile). The
// browser lives until Close, not until ctx ends; ctx only bounds the start.
func StartBrowser(ctx context.Context, opts BrowserOptions) (*Browser, error) {
	path, err := FindBrowser(opts.ExecPath)
	if err != nil {
		return nil, err
	}
	flags := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path),
		chromedp.NoSandbox,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("no-first-run", true),
		chromedp.Flag("disable-features", disabledFeatures),
		chromedp.Flag("autoplay-policy", "no-user-gesture-required"),
		chromedp.Flag("mute-audio", true),
		chromedp.WindowSize(1280, 800),
	)
	if opts.Output != nil {
		flags = append(flags, chromedp.CombinedOutput(opts.Output))
	}
	for _, f := range opts.Flags {
		name, value, hasValue := strings.Cut(strings.TrimLeft(f, "-"), "=")
		if name == "" {
			return nil, fmt.Errorf("browser flag %q: want name or name=value", f)
		}
		if name == "disable-features" && hasValue {
			// One switch holds every disabled feature: the user's are
			// added to the crawler's, never put in their place.
			value = disabledFeatures + "," + value
		}
		if hasValue {
			flags = append(flags, chromedp.Flag(name, value))
		} else {
			flags = append(flags, chromedp.Flag(name, true))
		}
	}
	// The browser must outlive the caller's deadline (a crawl timeout ends
	// journeys, not the browser), so it hangs off a context without one.
	base := context.WithoutCancel(ctx)
	allocCtx, allocCancel := chromedp.NewExecAllocator(base, flags...)
	bctx, cancel := chromedp.NewContext(allocCtx)
	b := &Browser{Path: path, allocCancel: allocCancel, ctx: bctx, cancel: cancel}

	started := make(chan error, 1)
	go func() { started <- chromedp.Do(bctx) }()
	timer := time.NewTimer(browserStartTimeout)
	defer timer.Stop()
	select {
	case err = <-started:
	case <-ctx.Done():
		err = ctx.Err()
	case <-timer.C:
		err = fmt.Errorf("no answer after %s", browserStartTimeout)
	}
	if err != nil {
		b.Close()
		return nil, &BrowserError{Path: path, Err: err}
	}
	b.started = true
	return b, nil
}

// Close stops the browser and removes its temporary profile.
func (b *Browser) Close() error {
	if b == nil || b.cancel == nil {
		return nil
	}
	var err error
	if b.started {
		done := make(chan error, 1)
		go func() { done <- chromedp.Cancel(b.ctx) }()
		select {
		case err = <-done:
		case <-time.After(10 * time.Second):
			err = errors.New("the browser did not stop within 10s")
		}
	}
	// The allocator first: it kills a browser that is still starting or
	// did not stop, which the browser context's cancel waits for.
	b.allocCancel()
	b.cancel()
	b.cancel = nil
	if errors.Is(err, context.Canceled) {
		err = nil
	}
	return err
}
