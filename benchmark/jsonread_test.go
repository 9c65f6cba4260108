package benchmark

import (
	"bytes"
	"encoding/json"
	"testing"
)

// TestReportJSONReadsBack: a bench JSON report, with every section
// (momentum patterns and their windows, the predictive model, a
// comparison, data problems), reads back into a Report that writes the
// same bytes, since tagspec report summary reads saved bench reports.
func TestReportJSONReadsBack(t *testing.T) {
	reports := map[string]*Report{
		"example": exampleReportForTest(t),
		"compare": compareReportForTest(t),
	}
	for name, rep := range reports {
		t.Run(name, func(t *testing.T) {
			if name == "example" && (rep.Momentum == nil || len(rep.Momentum.Mined) == 0 || len(rep.Problems) == 0) {
				t.Fatalf("the example report should have momentum patterns and data problems to read back")
			}
			var first bytes.Buffer
			if err := WriteJSON(&first, rep); err != nil {
				t.Fatal(err)
			}
			var back Report
			if err := json.Unmarshal(first.Bytes(), &back); err != nil {
				t.Fatalf("reading the JSON report back: %v", err)
			}
			var again bytes.Buffer
			if err := WriteJSON(&again, &back); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(first.Bytes(), again.Bytes()) {
				t.Errorf("the report read back writes other JSON:\n%s\nfirst:\n%s", again.String(), first.String())
			}
		})
	}
}
