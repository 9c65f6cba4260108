package gtmruntime

import (
	"context"
	"fmt"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// One headless Chromium for the whole test binary, started by the first
// browser test; every test gets its own tab in a fresh browser context.
var (
	browserOnce   sync.Once
	browserCtx    context.Context
	browserErr    error
	browserCancel []context.CancelFunc
)

func TestMain(m *testing.M) {
	code := m.Run()
	for i := len(browserCancel) - 1; i >= 0; i-- {
		browserCancel[i]()
	}
	os.Exit(code)
}

func startBrowser() {
	dir, err := os.MkdirTemp("", "tagspec-gtmruntime-chromium-")
	if err != nil {
		browserErr = err
		return
	}
	opts := []chromedp.ExecAllocatorOption{
		chromedp.Headless, chromedp.NoSandbox, chromedp.NoFirstRun,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("autoplay-policy", "no-user-gesture-required"),
		chromedp.WindowSize(1000, 700),
		chromedp.UserDataDir(dir),
	}
	if _, err := os.Stat("/usr/bin/chromium"); err == nil {
		opts = append(opts, chromedp.ExecPath("/usr/bin/chromium"))
	}
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelBrowser := chromedp.NewContext(allocCtx)
	browserCancel = append(browserCancel, cancelAlloc, cancelBrowser, func() { os.RemoveAll(dir) })
	// The first action starts the browser; it must run on the browser's own
	// context, since cancelling a derived context would close it again.
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[int]("1")); err != nil {
		browserErr = fmt.Errorf("starting headless Chromium: %w", err)
		return
	}
	browserCtx = ctx
}

// newTab opens a tab in a fresh browser context of the shared browser. A
// browser that cannot start fails the test; it never skips.
func newTab(t *testing.T) context.Context {
	t.Helper()
	browserOnce.Do(startBrowser)
	if browserErr != nil {
		t.Fatalf("browser test needs Chromium: %v", browserErr)
	}
	ctx, cancel := chromedp.NewContext(browserCtx, chromedp.WithNewBrowserContext())
	t.Cleanup(cancel)
	ctx, cancelTimeout := context.WithTimeout(ctx, 40*time.Second)
	t.Cleanup(cancelTimeout)
	return ctx
}
