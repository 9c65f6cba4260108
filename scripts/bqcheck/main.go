// Command bqcheck is the Go half of scripts/bigquery-check.sh, the check
// that the SQL of `tagspec bench --bigquery` gives the same report as the
// local engine (`tagspec bench --data`) over the same GA4 export rows. It
// is a developer tool, not part of the tagspec binary, and not run in CI:
// the check needs a BigQuery emulator that takes a long time to build.
//
//	bqcheck gen DIR                 write the check's cases: DIR/CASE/spec.yaml, json/, parquet/
//	bqcheck load -endpoint URL -dataset PROJECT.DATASET DIR
//	                                load DIR's events_YYYYMMDD.json files into one table each
//	bqcheck compare NAME=REPORT.json NAME=REPORT.json ...
//	                                compare bench JSON reports, ignoring source and inputs
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	os.Exit(run(ctx, os.Args[1:], os.Stdout, os.Stderr))
}

// run returns 0 when the command did its job, 1 when compare found
// differences, 2 for bad usage or input.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprintln(stderr, "usage: bqcheck gen DIR | load -endpoint URL -dataset PROJECT.DATASET DIR | compare NAME=FILE NAME=FILE...")
		return 2
	}
	var err error
	switch args[0] {
	case "gen":
		err = runGen(ctx, args[1:], stderr)
	case "load":
		err = runLoad(ctx, args[1:], stderr)
	case "compare":
		var same bool
		same, err = runCompare(args[1:], stdout)
		if err == nil && !same {
			return 1
		}
	default:
		err = fmt.Errorf("unknown command %q: want gen, load or compare", args[0])
	}
	if err != nil {
		fmt.Fprintln(stderr, "bqcheck:", err)
		return 2
	}
	return 0
}
