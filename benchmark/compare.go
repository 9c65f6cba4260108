package benchmark

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/tagspec/tagspec/experiment"
	"github.com/tagspec/tagspec/ga4export"
)

// Dimensions a comparison can group users by, besides an event parameter.
const (
	DimSource       = "source"        // traffic_source.source: the user's first-touch source
	DimMedium       = "medium"        // traffic_source.medium
	DimSourceMedium = "source/medium" // both, as "google / cpc"
	DimCountry      = "country"       // geo.country
	DimDevice       = "device"        // device.category
	// DimParamPrefix names an event parameter explicitly ("param:source"
	// for a parameter called source); any other name that is not one of
	// the dimensions above is an event parameter too.
	DimParamPrefix = "param:"
)

// CompareOptions ask a benchmark to compare groups of users: the values of
// a dimension (By) or two periods (Periods).
type CompareOptions struct {
	// By is DimSource, DimMedium, DimSourceMedium, DimCountry, DimDevice
	// or the name of an event parameter (experiment_variant).
	By string
	// Periods are two date ranges (YYYYMMDD, inclusive) compared instead
	// of a dimension.
	Periods [][2]string
	// Baseline is the group the others are compared with. By default:
	// the first period; for an event parameter, the first value in sorted
	// order (A before B, control before treatment); otherwise the value
	// with the most users.
	Baseline string
	// MinLift is the relative lift (0.1 = +10%) the sample size is
	// computed for; DefaultMinLift when 0.
	MinLift float64
	// MaxGroups caps the groups compared (the baseline and the largest
	// others); DefaultMaxGroups when 0.
	MaxGroups int
}

// Defaults of CompareOptions, and the test's settings.
const (
	DefaultMinLift   = 0.10
	DefaultMaxGroups = 10
	CompareAlpha     = 0.05
	ComparePower     = 0.80
)

// Check validates the options and fills their defaults.
func (o *CompareOptions) Check() error {
	if (o.By == "") == (len(o.Periods) == 0) {
		return fmt.Errorf("compare: give either a dimension or two periods")
	}
	if len(o.Periods) > 0 {
		if len(o.Periods) != 2 {
			return fmt.Errorf("compare: %d periods, want two", len(o.Periods))
		}
		for _, pr := range o.Periods {
			for _, d := range pr {
				if !dateRE.MatchString(d) {
					return fmt.Errorf("compare: period day %q: want YYYYMMDD", d)
				}
			}
			if pr[0] > pr[1] {
				return fmt.Errorf("compare: period %s starts after it ends", periodName(pr))
			}
		}
		if a, b := o.Periods[0], o.Periods[1]; a[0] <= b[1] && b[0] <= a[1] {
			return fmt.Errorf("compare: periods %s and %s overlap", periodName(a), periodName(b))
		}
	}
	if strings.HasPrefix(o.By, DimParamPrefix) && o.paramName() == "" {
		return fmt.Errorf("compare: %q names no event parameter", o.By)
	}
	if o.MinLift == 0 {
		o.MinLift = DefaultMinLift
	}
	if o.MinLift <= -1 || o.MinLift > 100 {
		return fmt.Errorf("compare: minimum lift %g: want a relative lift such as 0.1 for +10%%", o.MinLift)
	}
	if o.MaxGroups == 0 {
		o.MaxGroups = DefaultMaxGroups
	}
	if o.MaxGroups < 2 {
		return fmt.Errorf("compare: at most %d groups: want 2 or more", o.MaxGroups)
	}
	return nil
}

// paramName is the event parameter By names, "" for another dimension.
func (o *CompareOptions) paramName() string {
	switch o.By {
	case "", DimSource, DimMedium, DimSourceMedium, DimCountry, DimDevice:
		return ""
	}
	return strings.TrimPrefix(o.By, DimParamPrefix)
}

// needsDimensions reports whether the rows must be read with their
// traffic source, geo and device records.
func (o *CompareOptions) needsDimensions() bool {
	return o.By != "" && o.paramName() == ""
}

func periodName(p [2]string) string { return isoDay(p[0]) + ".." + isoDay(p[1]) }

// describe says in words what the groups are.
func (o *CompareOptions) describe() string {
	switch {
	case len(o.Periods) > 0:
		return "period"
	case o.paramName() != "":
		return "event parameter " + o.paramName()
	}
	return o.By
}

// notSet is the group of users whose dimension is empty, as GA4 shows it.
const notSet = "(not set)"

// GroupCounts are what a comparison counts per group: units (users, or
// users in a period) and, per plan slot, the units that did the event.
type GroupCounts struct {
	Names []string  // sorted
	Units []int64   // per group
	Has   [][]int64 // per group, per plan slot
	// WithoutValue counts the users left out because no row of theirs
	// carried the dimension (an event parameter only some rows have).
	WithoutValue int64
	// InBoth counts the users active in both periods (each is a unit in
	// both); 0 for a dimension.
	InBoth int64
}

// comparer assigns each user (or, comparing periods, each user in a
// period) to a group and records which plan slots it did, while the rows
// stream by. Per unit it keeps a group index, the time of the row that
// set it and a bitset of slots: a few dozen bytes with the map entry.
type comparer struct {
	plan  *Plan
	opts  CompareOptions
	param string
	date  [2]string // Options.From and To

	units     map[string]int32
	group     []int32 // -1: no value yet
	groupTS   []int64
	bits      []uint64
	names     []string
	nameIndex map[string]int32
	periodOf  map[string]uint8 // comparing periods: the periods each user was seen in (bit per period)
	isMacro   []bool           // per plan slot: a macro-conversion's, which also sets "any macro"
}

func (p *Plan) newComparer(opts Options) (*comparer, error) {
	co := *opts.Compare
	if err := co.Check(); err != nil {
		return nil, err
	}
	if len(p.slots) > 64 {
		return nil, fmt.Errorf("compare: the spec tracks %d events; a comparison handles at most 64", len(p.slots))
	}
	c := &comparer{plan: p, opts: co, param: co.paramName(), date: [2]string{opts.From, opts.To},
		units: map[string]int32{}, nameIndex: map[string]int32{}}
	c.isMacro = make([]bool, len(p.slots))
	for i, name := range p.slots {
		c.isMacro[i] = slices.Contains(p.macroNames, name)
	}
	if len(co.Periods) > 0 {
		c.periodOf = map[string]uint8{}
		for _, pr := range co.Periods {
			c.nameIndex[periodName(pr)] = int32(len(c.names))
			c.names = append(c.names, periodName(pr))
		}
	}
	return c, nil
}

// readOptions widens the reader's options to what the comparison needs.
func (c *comparer) readOptions(read ga4export.ReadOptions) ga4export.ReadOptions {
	if c.param != "" {
		keep := map[string]bool{c.param: true}
		for k, v := range read.KeepParams {
			keep[k] = v
		}
		read.KeepParams = keep
	}
	read.Dimensions = read.Dimensions || c.opts.needsDimensions()
	return read
}

// value is the row's value of the dimension; ok is false when the row
// does not carry it (an event parameter it lacks).
func (c *comparer) value(ev *ga4export.Event) (string, bool) {
	var v string
	switch c.opts.By {
	case DimSource:
		v = ev.Source
	case DimMedium:
		v = ev.Medium
	case DimSourceMedium:
		if ev.Source == "" && ev.Medium == "" {
			break
		}
		v = cmp.Or(ev.Source, notSet) + " / " + cmp.Or(ev.Medium, notSet)
	case DimCountry:
		v = ev.Country
	case DimDevice:
		v = ev.Device
	default:
		p, ok := ev.Param(c.param)
		if !ok || p.Kind == ga4export.ValueNone {
			return "", false
		}
		v = p.Text()
	}
	return cmp.Or(v, notSet), true
}

// add reads one row: the same rows as the Accumulator's users (inside the
// date range, with a user and a session id), and for periods only the
// rows inside one of them.
func (c *comparer) add(ev *ga4export.Event) {
	if (c.date[0] != "" && ev.Date < c.date[0]) || (c.date[1] != "" && ev.Date > c.date[1]) || ev.UserPseudoID == "" || !ev.HasSessionID {
		return
	}
	key := ev.UserPseudoID
	var value string
	has := false
	if len(c.opts.Periods) > 0 {
		pi := -1
		for i, pr := range c.opts.Periods {
			if ev.Date >= pr[0] && ev.Date <= pr[1] {
				pi = i
			}
		}
		if pi < 0 {
			return
		}
		c.periodOf[key] |= 1 << pi
		key += "\x00" + strconv.Itoa(pi)
		value, has = c.names[pi], true
	} else {
		value, has = c.value(ev)
	}
	u, ok := c.units[key]
	if !ok {
		u = int32(len(c.group))
		c.units[key] = u
		c.group = append(c.group, -1)
		c.groupTS = append(c.groupTS, 0)
		c.bits = append(c.bits, 0)
	}
	if slot, tracked := c.plan.slotIndex[ev.Name]; tracked {
		c.bits[u] |= 1 << slot
		if c.isMacro[slot] {
			c.bits[u] |= 1 << c.plan.macroSlot
		}
	}
	if !has {
		return
	}
	// The unit belongs to the group of the first value seen: the row with
	// the earliest timestamp, the smaller value on a tie, whatever the
	// order rows arrive in.
	g := c.group[u]
	if g >= 0 && (c.groupTS[u] < ev.Timestamp || (c.groupTS[u] == ev.Timestamp && c.names[g] <= value)) {
		return
	}
	gi, ok := c.nameIndex[value]
	if !ok {
		gi = int32(len(c.names))
		c.names = append(c.names, value)
		c.nameIndex[value] = gi
	}
	c.group[u], c.groupTS[u] = gi, ev.Timestamp
}

// counts sums the units per group.
func (c *comparer) counts() *GroupCounts {
	slots := len(c.plan.slots)
	units := make([]int64, len(c.names))
	has := make([][]int64, len(c.names))
	for i := range has {
		has[i] = make([]int64, slots)
	}
	gc := &GroupCounts{}
	for u, g := range c.group {
		if g < 0 {
			gc.WithoutValue++
			continue
		}
		units[g]++
		for s := range slots {
			if c.bits[u]&(1<<s) != 0 {
				has[g][s]++
			}
		}
	}
	for _, seen := range c.periodOf {
		if seen == 3 {
			gc.InBoth++
		}
	}
	order := make([]int, len(c.names))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int { return cmp.Compare(c.names[a], c.names[b]) })
	for _, i := range order {
		gc.Names = append(gc.Names, c.names[i])
		gc.Units = append(gc.Units, units[i])
		gc.Has = append(gc.Has, has[i])
	}
	return gc
}

// Comparison is the report of bench --compare: every metric in every
// group against the baseline group.
type Comparison struct {
	// By says what the groups are: "period", "event parameter
	// experiment_variant", "source/medium", ...
	By string `json:"by"`
	// Unit is users: each user belongs to the group of the first value
	// of the dimension seen (comparing periods, a user active in both
	// counts in each, with that period's events).
	Unit        Unit     `json:"unit"`
	Baseline    string   `json:"baseline"`
	Alpha       float64  `json:"alpha"`
	Power       float64  `json:"power"`
	MinLift     float64  `json:"min_lift"`
	Comparisons int      `json:"comparisons"` // tests corrected for together (Holm)
	Groups      []Group  `json:"groups"`
	Metrics     []Metric `json:"metrics"`
	Warnings    []Silo   `json:"warnings"`
	// LeftOut are the groups beyond the MaxGroups largest, not compared.
	LeftOut      []string `json:"left_out,omitempty"`
	WithoutValue int64    `json:"users_without_value"`
	InBoth       int64    `json:"users_in_both_periods,omitempty"`
}

// Group is one group of a comparison.
type Group struct {
	Name  string `json:"name"`
	Users int64  `json:"users"`
}

// Metric is one spec event (or "any macro-conversion") across the groups.
type Metric struct {
	Event string `json:"event"`
	Macro bool   `json:"macro"`
	// Baseline is the baseline group's users with the event and its rate.
	Baseline     experiment.Proportion `json:"-"`
	BaselineRate float64               `json:"baseline_rate"`
	// SampleSize is the users each group needs to detect MinLift on the
	// baseline rate at Alpha (one comparison) with Power; nil when the
	// rate leaves no room for it.
	SampleSize *int64       `json:"sample_size_per_group"`
	Rows       []MetricDiff `json:"groups"`
}

// MetricDiff is one group's difference from the baseline on one metric.
type MetricDiff struct {
	Group     string   `json:"group"`
	Users     int64    `json:"users"`
	Converted int64    `json:"converted"`
	Rate      float64  `json:"rate"`
	Diff      float64  `json:"diff"` // rate minus the baseline's
	DiffLow   float64  `json:"diff_ci_low"`
	DiffHigh  float64  `json:"diff_ci_high"`
	RelLift   *float64 `json:"relative_lift"`
	Test      string   `json:"test"`
	P         float64  `json:"p"`
	PHolm     float64  `json:"p_holm"`
	// Significant: the Holm-adjusted p-value is at most Alpha.
	Significant bool `json:"significant"`
	// StillNeeded is how many more users the smaller of the two groups
	// needs before MinLift could be detected; 0 when it has enough.
	StillNeeded *int64 `json:"still_needed"`
}

// Silo is the framework's "optimizing in a silo" warning: in a group, a
// micro-conversion rose significantly while the macro-conversion fell.
type Silo struct {
	Group   string `json:"group"`
	Micro   string `json:"micro"`
	Macro   string `json:"macro"`
	Severe  bool   `json:"severe"` // the fall is significant too
	Message string `json:"message"`
}

// buildComparison turns group counts into the comparison.
func (p *Plan) buildComparison(gc *GroupCounts, co CompareOptions) (*Comparison, error) {
	out := &Comparison{By: co.describe(), Unit: UnitUsers, Alpha: CompareAlpha, Power: ComparePower, MinLift: co.MinLift,
		Groups: []Group{}, Metrics: []Metric{}, Warnings: []Silo{}, WithoutValue: gc.WithoutValue, InBoth: gc.InBoth}
	idx := map[string]int{}
	for i, n := range gc.Names {
		idx[n] = i
	}
	// The baseline.
	base := -1
	switch {
	case co.Baseline != "":
		i, ok := idx[co.Baseline]
		if !ok {
			return nil, fmt.Errorf("compare: baseline %q is not a group in the data (groups: %s)", co.Baseline, groupList(gc.Names))
		}
		base = i
	case len(co.Periods) > 0:
		base = idx[periodName(co.Periods[0])]
	case co.paramName() != "":
		if len(gc.Names) > 0 {
			base = 0
		}
	default:
		for i := range gc.Names {
			if base < 0 || gc.Units[i] > gc.Units[base] {
				base = i
			}
		}
	}
	if base < 0 {
		return out, nil // no group at all: nothing to compare
	}
	out.Baseline = gc.Names[base]
	// The groups compared: the baseline and the largest others.
	others := []int{}
	for i := range gc.Names {
		if i != base {
			others = append(others, i)
		}
	}
	slices.SortStableFunc(others, func(a, b int) int { return cmp.Compare(gc.Units[b], gc.Units[a]) })
	if len(others) > co.MaxGroups-1 {
		for _, i := range others[co.MaxGroups-1:] {
			out.LeftOut = append(out.LeftOut, gc.Names[i])
		}
		slices.Sort(out.LeftOut)
		others = others[:co.MaxGroups-1]
	}
	slices.SortFunc(others, func(a, b int) int { return cmp.Compare(gc.Names[a], gc.Names[b]) })
	out.Groups = append(out.Groups, Group{Name: gc.Names[base], Users: gc.Units[base]})
	for _, i := range others {
		out.Groups = append(out.Groups, Group{Name: gc.Names[i], Users: gc.Units[i]})
	}
	// The metrics: every spec event, then any macro-conversion when the
	// spec has more than one.
	type metricSlot struct {
		name  string
		slot  int
		macro bool
	}
	var ms []metricSlot
	for _, name := range p.specEvents {
		ms = append(ms, metricSlot{name, p.slotIndex[name], slices.Contains(p.macroNames, name)})
	}
	macroMetric := -1
	switch {
	case len(p.macroNames) > 1:
		ms = append(ms, metricSlot{AnyMacro, p.macroSlot, true})
		macroMetric = len(ms) - 1
	case len(p.macroNames) == 1:
		macroMetric = slices.IndexFunc(ms, func(m metricSlot) bool { return m.macro })
	}
	var ps []float64
	for _, m := range ms {
		a := experiment.Proportion{K: gc.Has[base][m.slot], N: gc.Units[base]}
		metric := Metric{Event: m.name, Macro: m.macro, Baseline: a, BaselineRate: a.Rate(), Rows: []MetricDiff{}}
		need, ok := experiment.SampleSize(a.Rate(), co.MinLift, CompareAlpha, ComparePower)
		if ok {
			metric.SampleSize = &need
		}
		for _, g := range others {
			b := experiment.Proportion{K: gc.Has[g][m.slot], N: gc.Units[g]}
			d := experiment.Compare(a, b)
			row := MetricDiff{Group: gc.Names[g], Users: b.N, Converted: b.K, Rate: b.Rate(), Diff: d.Diff, DiffLow: d.Low, DiffHigh: d.High,
				RelLift: d.RelLift, Test: d.Test, P: d.P}
			if ok {
				still := max(0, need-min(a.N, b.N))
				row.StillNeeded = &still
			}
			ps = append(ps, d.P)
			metric.Rows = append(metric.Rows, row)
		}
		out.Metrics = append(out.Metrics, metric)
	}
	out.Comparisons = len(ps)
	adj, sig := experiment.Holm(ps, CompareAlpha)
	k := 0
	for mi := range out.Metrics {
		for ri := range out.Metrics[mi].Rows {
			out.Metrics[mi].Rows[ri].PHolm, out.Metrics[mi].Rows[ri].Significant = adj[k], sig[k]
			k++
		}
	}
	if macroMetric >= 0 {
		macro := &out.Metrics[macroMetric]
		macroName := strings.Join(p.macroNames, " or ")
		for gi := range others {
			mr := macro.Rows[gi]
			for mi, m := range out.Metrics {
				if m.Macro {
					continue
				}
				r := m.Rows[gi]
				silo, severe := experiment.InSilo(experiment.Difference{Diff: r.Diff, Low: r.DiffLow, High: r.DiffHigh}, r.Significant,
					experiment.Difference{Diff: mr.Diff, Low: mr.DiffLow, High: mr.DiffHigh}, mr.Significant)
				if !silo {
					continue
				}
				how := "fell (95% interval below 0)"
				if severe {
					how = "fell significantly after correction"
				}
				out.Warnings = append(out.Warnings, Silo{Group: r.Group, Micro: m.Event, Macro: macroName, Severe: severe,
					Message: fmt.Sprintf("optimizing in a silo? in %s, %s rose %s (significant after correction) while %s %s %s",
						r.Group, out.Metrics[mi].Event, signedPP(r.Diff), macroName, how, signedPP(mr.Diff))})
			}
		}
	}
	return out, nil
}

// groupList names up to ten groups.
func groupList(names []string) string {
	if len(names) == 0 {
		return "none"
	}
	if len(names) > 10 {
		return strings.Join(names[:10], ", ") + fmt.Sprintf(" and %d more", len(names)-10)
	}
	return strings.Join(names, ", ")
}

// signedPP prints a difference of rates in percentage points.
func signedPP(d float64) string {
	return fmt.Sprintf("%+.2f pp", d*100)
}
