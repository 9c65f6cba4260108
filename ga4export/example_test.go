package ga4export_test

import (
	"context"
	"fmt"
	"strings"

	"github.com/tagspec/tagspec/ga4export"
)

// ExampleReadJSON streams rows of a GA4 BigQuery export written by
// bq extract (newline-delimited JSON, INT64 values as strings).
func ExampleReadJSON() {
	export := `{"event_date":"20250301","event_timestamp":"1740823200000000","event_name":"page_view","event_params":[{"key":"ga_session_id","value":{"string_value":null,"int_value":"1740823100"}}],"user_pseudo_id":"123.456"}
{"event_date":"20250301","event_timestamp":"1740823260000000","event_name":"purchase","event_params":[{"key":"ga_session_id","value":{"int_value":"1740823100"}}],"user_pseudo_id":"123.456","ecommerce":{"transaction_id":"T-1"}}
`
	err := ga4export.ReadJSON(context.Background(), "events_20250301.json", strings.NewReader(export), func(ev *ga4export.Event) error {
		fmt.Printf("%s %s session %d transaction %q\n", ev.Date, ev.Name, ev.SessionID, ev.TransactionID)
		return nil
	})
	if err != nil {
		fmt.Println(err)
	}
	// Output:
	// 20250301 page_view session 1740823100 transaction ""
	// 20250301 purchase session 1740823100 transaction "T-1"
}

// ExampleReadReport parses a GA4 report CSV download.
func ExampleReadReport() {
	csv := "# Events: Event name\n#\n# All Users\n# Start date: 20250201\n# End date: 20250228\nEvent name,Event count,Total users\nsession_start,2607,2080\nnewsletter_signup,41,39\n"
	rep, err := ga4export.ReadReport(context.Background(), "events.csv", strings.NewReader(csv))
	if err != nil {
		fmt.Println(err)
		return
	}
	s := rep.Sections[0]
	fmt.Println(s.Title, "|", s.Segment, "|", s.StartDate, "-", s.EndDate, "|", s.Header, len(s.Rows), "rows")
	// Output: Events: Event name | All Users | 20250201 - 20250228 | [Event name Event count Total users] 2 rows
}
