// Command tagspec specs, generates, verifies and benchmarks GA4 conversion
// tracking from one YAML file. See the README for a tour.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"github.com/tagspec/tagspec/internal/cli"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := cli.Run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}
