package benchmark

import (
	"encoding/json"

	"github.com/tagspec/tagspec/diag"
)

// Rule ids of the data problems bench reports: what in the data (or in the
// spec's benchmark keys) makes a rate less trustworthy than it looks. They
// are reported, never hidden, as warnings: a report with data problems
// still prints every rate.
const (
	RuleMissingDays       = "data/missing-days"
	RuleMissingExport     = "data/missing-export-days"
	RuleNeverSeen         = "data/event-never-seen"
	RuleNoSessionID       = "data/missing-session-id"
	RuleNoUserID          = "data/missing-user-id"
	RuleNoTransactionID   = "data/missing-transaction"
	RuleLateEvents        = "data/late-events"
	RuleBadDate           = "data/bad-event-date"
	RuleUnknownRange      = "data/unknown-range"
	RuleReportDefinitions = "data/report-definition"
	RuleNoData            = "data/no-data"
)

// Rules lists the data problems' rules, for the catalogue of every rule.
var Rules = []diag.Rule{
	{ID: RuleMissingDays, Severity: diag.SeverityWarning, Formerly: []string{"missing-days"},
		Summary: "Every spec event appears on every day that has data.",
		Help:    "An event absent on some days usually means its tag broke or was removed for a while, so its rate averages days with and without tracking. The problem lists the days; check the tag's history for them, or narrow --from/--to to the days it worked."},
	{ID: RuleMissingExport, Severity: diag.SeverityWarning, Formerly: []string{"missing-export-days"},
		Summary: "The export has rows on every day between its first and its last.",
		Help:    "A day without any row is a day the export did not run or a file that was not passed to --data. Add the missing daily files, or benchmark a range without the gap."},
	{ID: RuleNeverSeen, Severity: diag.SeverityWarning, Formerly: []string{"event-never-seen"},
		Summary: "Every spec event appears somewhere in the data.",
		Help:    "An event the spec defines but the data never holds has no rate: its tag never fired, or it is sent under another name. Crawl the site with tagspec crawl to see what is sent, or fix the name in the spec."},
	{ID: RuleNoSessionID, Severity: diag.SeverityWarning, Formerly: []string{"missing-session-id"},
		Summary: "Rows carry ga_session_id, so they can be grouped into sessions.",
		Help:    "Rows without a session id cannot be counted in a session rate and are left out of it. They usually come from hits sent without the GA4 session cookie (Measurement Protocol, consent mode without storage)."},
	{ID: RuleNoUserID, Severity: diag.SeverityWarning, Formerly: []string{"missing-user-id"},
		Summary: "Rows carry user_pseudo_id, so they can be grouped into users and sessions.",
		Help:    "Rows without a pseudonymous user id cannot be counted in session or user rates and are left out. Consent mode without analytics storage sends such cookieless pings."},
	{ID: RuleNoTransactionID, Severity: diag.SeverityWarning, Formerly: []string{"missing-transaction"},
		Summary: "Purchase rows carry a transaction id.",
		Help:    "GA4 de-duplicates purchases by transaction_id; without it a reloaded confirmation page counts twice. Send transaction_id with every purchase."},
	{ID: RuleLateEvents, Severity: diag.SeverityWarning, Formerly: []string{"late-events"},
		Summary: "Rows come in date order, one daily file after another.",
		Help:    "A row dated before a day the engine already closed is counted, but its session may be split in two. Pass the daily files in date order (a directory or glob is sorted for you)."},
	{ID: RuleBadDate, Severity: diag.SeverityWarning, Formerly: []string{"bad-event-date"},
		Summary: "event_date is a date in the form YYYYMMDD.",
		Help:    "Rows whose event_date cannot be read are left out. The export writes YYYYMMDD; a file converted by another tool may have changed it."},
	{ID: RuleUnknownRange, Severity: diag.SeverityWarning, Formerly: []string{"unknown-range"},
		Summary: "An event's benchmark key names a built-in industry range or one added with --ranges.",
		Help:    "The event's rate is computed but compared with nothing. Fix the key (tagspec lint suggests the closest), or add the range with --ranges FILE."},
	{ID: RuleReportDefinitions, Severity: diag.SeverityWarning, Formerly: []string{"report-definition"},
		Summary: "A GA4 report CSV can give what the range's definition counts.",
		Help:    "A report CSV holds totals, not sessions or users, so some definitions (a rate per user, a funnel, a macro-conversion's weight) cannot be computed from it. Use the BigQuery export files or --bigquery for those."},
	{ID: RuleNoData, Severity: diag.SeverityWarning, Formerly: []string{"no-data"},
		Summary: "There are rows to benchmark in the date range.",
		Help:    "Nothing could be computed: the files hold no rows, or none between --from and --to. Check the files passed to --data and the date range."},
}

// Problem is one data problem found while benchmarking: a finding whose
// rule is one of the data/ rules, with the rows or days it counts.
type Problem struct {
	diag.Finding
	Count int64    // rows (or days) concerned; 0 when not counted
	Days  []string // YYYY-MM-DD, sorted
}

// ProblemFields are the parts of a data problem, for NewProblem.
type ProblemFields struct {
	Rule    string
	Event   string
	Count   int64
	Days    []string
	Message string
}

// NewProblem returns the data problem of f: a warning of rule f.Rule.
func NewProblem(f ProblemFields) Problem {
	return Problem{
		Finding: diag.Finding{Severity: diag.SeverityWarning, Rule: f.Rule, Event: f.Event, Message: f.Message, Step: diag.NoStep, EventIndex: -1},
		Count:   f.Count, Days: f.Days,
	}
}

// problemJSON is a data problem in a report's JSON: the finding object
// every command writes, with the count and the days. Reports of earlier
// versions named the rule in "kind", without its data/ family.
type problemJSON struct {
	diag.JSONFinding
	Kind  string   `json:"kind,omitempty"`
	Count int64    `json:"count,omitempty"`
	Days  []string `json:"days,omitempty"`
}

// MarshalJSON writes the problem as a finding object with "count" and
// "days".
func (p Problem) MarshalJSON() ([]byte, error) {
	return json.Marshal(problemJSON{JSONFinding: diag.ToJSON(p.Finding), Count: p.Count, Days: p.Days})
}

// UnmarshalJSON reads what MarshalJSON writes, and the problems of earlier
// reports ({"kind": "missing-days", ...}), whose kind becomes the data/
// rule of that name.
func (p *Problem) UnmarshalJSON(data []byte) error {
	var pj problemJSON
	if err := json.Unmarshal(data, &pj); err != nil {
		return err
	}
	if pj.Rule == "" && pj.Kind != "" {
		pj.Rule = "data/" + pj.Kind
	}
	if pj.Severity == "" {
		pj.Severity = string(diag.SeverityWarning)
	}
	*p = Problem{Finding: pj.Finding(), Count: pj.Count, Days: pj.Days}
	return nil
}
