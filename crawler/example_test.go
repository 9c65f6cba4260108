package crawler_test

import (
	"context"
	"fmt"
	"log"

	"github.com/tagspec/tagspec/crawler"
	"github.com/tagspec/tagspec/examplesite"
	"github.com/tagspec/tagspec/spec"
)

// ExampleRun crawls the example spec's journeys against the example site
// served on loopback and prints each journey's verdict (the tagspec CLI
// builds a report from the result and prints it with steps, hits and
// timings). Like every crawler test, it needs Chromium.
func ExampleRun() {
	ctx := context.Background()
	site, err := examplesite.Serve(ctx, "127.0.0.1:0")
	if err != nil {
		log.Fatal(err)
	}
	defer site.Close()
	s, _, err := spec.Parse("example.yaml", examplesite.Spec())
	if err != nil {
		log.Fatal(err)
	}
	r, err := crawler.Run(ctx, s, crawler.Options{BaseURL: site.URL, Concurrency: 2})
	if err != nil {
		log.Fatal(err) // a *crawler.BrowserError when Chromium is missing
	}
	for _, j := range r.Journeys {
		fmt.Printf("%-50s passed=%v findings=%d\n", j.Journey, j.Passed, len(j.Findings))
	}
	// Output:
	// pricing visitor requests a demo                    passed=true findings=0
	// researcher downloads proof and starts a trial      passed=true findings=0
	// reader accepts cookies on the home page            passed=true findings=0
	// visitor who refuses consent is not measured        passed=true findings=0
}
