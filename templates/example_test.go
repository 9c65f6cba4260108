package templates_test

import (
	"fmt"
	"log"
	"strings"

	"github.com/tagspec/tagspec/diag"
	"github.com/tagspec/tagspec/spec"
	"github.com/tagspec/tagspec/templates"
)

func ExampleGenerate() {
	s, diags, err := spec.Parse("tagspec.yaml", []byte(`version: 1
name: Example
measurement_id: G-EXAMPLE01
events:
  - name: newsletter_signup
    kind: micro
    stage: awareness
    trigger:
      form_submit: { selector: "form#newsletter" }
    params:
      form_location: { from: "datalayer:form_location" }
`))
	if err != nil || diag.HasErrors(diags) {
		log.Fatal(err, diags)
	}
	out, err := templates.Generate(s, templates.Options{})
	if err != nil {
		log.Fatal(err)
	}
	c, err := templates.ParseContainer(out, "gtm.json")
	if err != nil {
		log.Fatal(err)
	}
	for _, t := range c.Version.Tags {
		fmt.Println("tag:", t.Name, t.Type)
	}
	for _, t := range c.Version.Triggers {
		fmt.Println("trigger:", t.Name, t.Type)
	}
	for _, v := range c.Version.Variables {
		fmt.Println("variable:", v.Name, v.Type)
	}
	// Output:
	// tag: GA4 - Google tag googtag
	// tag: GA4 - newsletter_signup gaawe
	// trigger: tagspec - newsletter_signup FORM_SUBMISSION
	// variable: tagspec - Measurement ID c
	// variable: DLV - form_location v
}

func ExampleImport() {
	container := []byte(`{
  "exportFormatVersion": 2,
  "containerVersion": {
    "container": {"name": "shop", "publicId": "GTM-ABC123", "usageContext": ["WEB"]},
    "tag": [
      {"tagId": "1", "name": "GA4", "type": "googtag",
       "parameter": [{"type": "TEMPLATE", "key": "tagId", "value": "G-SHOP0001"}],
       "firingTriggerId": ["2147479573"]},
      {"tagId": "2", "name": "GA4 - sign_up", "type": "gaawe",
       "parameter": [{"type": "TEMPLATE", "key": "eventName", "value": "sign_up"}],
       "firingTriggerId": ["3"]},
      {"tagId": "4", "name": "UA", "type": "ua",
       "parameter": [{"type": "TEMPLATE", "key": "trackType", "value": "TRACK_PAGEVIEW"}],
       "firingTriggerId": ["2147479553"]}
    ],
    "trigger": [
      {"triggerId": "3", "name": "CE - sign_up", "type": "CUSTOM_EVENT",
       "customEventFilter": [{"type": "EQUALS", "parameter": [
         {"type": "TEMPLATE", "key": "arg0", "value": "{{_event}}"},
         {"type": "TEMPLATE", "key": "arg1", "value": "sign_up"}]}]}
    ]
  }
}`)
	yml, warnings, err := templates.Import(container, "container.json")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Print(strings.SplitN(string(yml), "version:", 2)[1])
	for _, w := range warnings {
		fmt.Println(w)
	}
	// Output:
	//  1
	// name: shop
	// measurement_id: G-SHOP0001
	// events:
	//   - name: sign_up
	//     kind: micro
	//     trigger:
	//       datalayer: {event: sign_up}
	// container.json:12:7: warning: tag "UA" is a Universal Analytics tag (TRACK_PAGEVIEW): Universal Analytics stopped processing data in 2023 and GA4 specs cannot express it; not imported [import/tag]
}
