package gtmruntime_test

import (
	"fmt"

	"github.com/tagspec/tagspec/gtmruntime"
)

// Script turns a container export into the runtime script to inject before
// any page script, and names every part of the container it cannot run.
func ExampleScript() {
	container := []byte(`{
  "exportFormatVersion": 2,
  "containerVersion": {
    "container": {"publicId": "GTM-EXAMPLE", "usageContext": ["WEB"]},
    "tag": [
      {"tagId": "1", "name": "GA4 - Google tag", "type": "googtag",
       "parameter": [{"type": "TEMPLATE", "key": "tagId", "value": "G-EXAMPLE01"}],
       "firingTriggerId": ["2147479573"]},
      {"tagId": "2", "name": "Floodlight - sale", "type": "flc", "firingTriggerId": ["2147479553"]}
    ]
  }
}`)
	js, unsupported, err := gtmruntime.Script(container)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(len(js) > 0)
	for _, u := range unsupported {
		fmt.Println(u)
	}
	// Output:
	// true
	// tag "Floodlight - sale" (flc): tag type flc is not emulated; it never fires
}
