package spec_test

import (
	"fmt"

	"github.com/tagspec/tagspec/spec"
)

func ExampleParse() {
	src := []byte(`version: 1
events:
  - name: newsletter_signup
    kind: micro
    trigger:
      form_submit: { selector: "form#newsletter" }
  - name: pricing_view
    kind: micro
    trigger:
      page_veiw: { path: /pricing }
`)
	s, diags, err := spec.Parse("tagspec.yaml", src)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(len(s.Events), "events")
	for _, d := range diags {
		fmt.Println(d)
	}
	// Output:
	// 2 events
	// tagspec.yaml:10:7: error: event "pricing_view": trigger: unknown key "page_veiw"; did you mean "page_view"? [schema/unknown-key]
}
