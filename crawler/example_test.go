package crawler_test

import (
	"context"
	"fmt"
	"log"

	"github.com/tagspec/tagspec/crawler"
	"github.com/tagspec/tagspec/examplesite"
	"github.com/tagspec/tagspec/report"
	"github.com/tagspec/tagspec/spec"
)

// ExampleRun crawls the example spec's journeys against the example site
// served on loopback and prints each journey's verdict. (It needs
// Chromium, so it is compiled but not run by go test.)
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
		fmt.Printf("%-50s passed=%v findings=%d\n", j.Name, j.Passed, len(j.Findings))
	}
	_ = report.Write("text", log.Writer(), r)
}
