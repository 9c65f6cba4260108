package hits_test

import (
	"fmt"
	"time"

	"github.com/tagspec/tagspec/hits"
)

// A batched hit: shared parameters in the URL, one event per body line.
func ExampleDecode() {
	url := "https://region1.google-analytics.com/g/collect?v=2&tid=G-1&cid=1.2&gcs=G100&dl=https%3A%2F%2Fshop.test%2F"
	body := "en=scroll&epn.percent_scrolled=90\r\nen=purchase&cu=EUR&epn.value=12.5&pr1=idSKU-1~nmMug~~Cup~qt2\r\n"
	if !hits.IsCollect(url, nil) {
		return
	}
	h, err := hits.Decode("POST", url, []byte(body), time.Time{})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("analytics_storage:", h.Consent.AnalyticsStorage)
	for _, e := range h.Events {
		fmt.Printf("%s on %s:", e.Name, e.PageLocation)
		for _, p := range e.Params {
			fmt.Printf(" %s=%s (%s)", p.Name, p.Value, p.Type)
		}
		for _, it := range e.Items {
			name, _ := it.Get("item_name")
			fmt.Printf(" item %q", name)
		}
		fmt.Println()
	}
	// Output:
	// analytics_storage: denied
	// scroll on https://shop.test/: percent_scrolled=90 (number)
	// purchase on https://shop.test/: value=12.5 (number) item "Mug~Cup"
}

// The consent state of a hit, in words for a message, with the wire
// values after them.
func ExampleConsent_Describe() {
	h, err := hits.Decode("GET", "https://www.google-analytics.com/g/collect?v=2&tid=G-1&gcs=G101&en=page_view", nil, time.Time{})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(h.Consent.Describe())
	// Output:
	// analytics_storage granted, ad_storage denied (gcs=G101)
}
