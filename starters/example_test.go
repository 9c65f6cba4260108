package starters_test

import (
	"fmt"

	"github.com/tagspec/tagspec/starters"
)

// The starter templates, in the order `tagspec init --help` lists them.
func ExampleNames() {
	for _, name := range starters.Names() {
		fmt.Println(name)
	}
	// Output:
	// b2b-saas
	// content
	// ecommerce
	// lead-gen
}

// Asking for a template that does not exist names the ones that do.
func ExampleGet() {
	_, err := starters.Get("saas")
	fmt.Println(err)
	// Output:
	// unknown starter template "saas": valid names are b2b-saas, content, ecommerce, lead-gen
}

// Each template has a one-line description for help text.
func ExampleDescribe() {
	fmt.Println(starters.Describe("lead-gen"))
	// Output:
	// Lead generation: landing pages, lead form start, abandonment and submission, then the lead and its qualification.
}
