package benchmark

import (
	"bytes"
	"context"
	_ "embed"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"gopkg.in/yaml.v3"
)

// Unit is what a rate counts: sessions, users, or viewers (users who
// started a video).
type Unit string

// Units of a rate.
const (
	UnitSessions Unit = "sessions"
	UnitUsers    Unit = "users"
	UnitViewers  Unit = "viewers"
)

// viewerBase is the event that makes a user a viewer.
const viewerBase = "video_start"

// Range is one industry range: a published average band and high-performer
// threshold, together with the metric definition it was measured with and
// where it comes from. Percentages are stored as fractions (0.03 for 3%).
type Range struct {
	Key  string `json:"key"`
	Name string `json:"name"`
	// Unit and Base define the denominator: every Unit in the data, or
	// only those with a Base event. The numerator is the units of the
	// denominator that also have the spec event.
	Unit        Unit    `json:"unit"`
	Base        string  `json:"base,omitempty"`
	Numerator   string  `json:"numerator"`   // in words, as the source defines it
	Denominator string  `json:"denominator"` // in words
	Low         float64 `json:"average_low"`
	High        float64 `json:"average_high"`
	// HighPerformer is the threshold from which a site counts as a high
	// performer; nil when the source gives none.
	HighPerformer *float64 `json:"high_performer,omitempty"`
	Source        string   `json:"source"`
	Year          int      `json:"year"`
	Note          string   `json:"note,omitempty"`
	// File is where the range was read from: "built-in" or a user file.
	File string `json:"file"`
}

// Definition returns the range's metric definition in words.
func (r *Range) Definition() string {
	return r.Numerator + " / " + r.Denominator
}

// Ranges is a set of industry ranges in a stable order.
type Ranges struct {
	list []Range
}

// List returns the ranges in order: built-in ones first in file order,
// then ranges added by user files.
func (rs *Ranges) List() []Range { return rs.list }

// Lookup returns the range with the given key.
func (rs *Ranges) Lookup(key string) (*Range, bool) {
	for i := range rs.list {
		if rs.list[i].Key == key {
			return &rs.list[i], true
		}
	}
	return nil, false
}

//go:embed ranges.yaml
var builtinRanges []byte

// BuiltinRanges returns the industry ranges built into tagspec (see
// ranges.yaml in this package for their sources).
func BuiltinRanges() *Ranges {
	rs, err := ParseRanges("built-in", builtinRanges)
	if err != nil {
		panic("benchmark: built-in ranges.yaml is invalid: " + err.Error()) // caught by tests
	}
	return rs
}

// Merge returns a copy of rs in which every range of other replaces the
// range with the same key, and ranges with new keys are appended.
func (rs *Ranges) Merge(other *Ranges) *Ranges {
	out := &Ranges{list: append([]Range(nil), rs.list...)}
	at := make(map[string]int, len(out.list))
	for i, r := range out.list {
		at[r.Key] = i
	}
	for _, r := range other.list {
		if i, ok := at[r.Key]; ok {
			out.list[i] = r
			continue
		}
		at[r.Key] = len(out.list)
		out.list = append(out.list, r)
	}
	return out
}

// LoadRanges reads a user's ranges file and merges it over the built-in
// ranges (same key: replaced; new key: added).
func LoadRanges(ctx context.Context, path string) (*Ranges, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	user, err := ParseRanges(path, data)
	if err != nil {
		return nil, err
	}
	return BuiltinRanges().Merge(user), nil
}

type rangesFile struct {
	Version int         `yaml:"version"`
	Ranges  []rangeYAML `yaml:"ranges"`
}

type rangeYAML struct {
	Key              string   `yaml:"key"`
	Name             string   `yaml:"name"`
	Unit             string   `yaml:"unit"`
	Base             string   `yaml:"base"`
	Numerator        string   `yaml:"numerator"`
	Denominator      string   `yaml:"denominator"`
	AverageLowPct    *float64 `yaml:"average_low_pct"`
	AverageHighPct   *float64 `yaml:"average_high_pct"`
	HighPerformerPct *float64 `yaml:"high_performer_pct"`
	Source           string   `yaml:"source"`
	Year             int      `yaml:"year"`
	Note             string   `yaml:"note"`
}

// ParseRanges parses a ranges file (the shape of the built-in ranges.yaml).
// name is used in error messages, which give file:line and the field.
func ParseRanges(name string, data []byte) (*Ranges, error) {
	var root yaml.Node
	dec := yaml.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&root); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, fmt.Errorf("%s: empty ranges file", name)
		}
		return nil, fmt.Errorf("%s: %s", name, strings.TrimPrefix(err.Error(), "yaml: "))
	}
	var f rangesFile
	dec = yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&f); err != nil {
		return nil, fmt.Errorf("%s: %s", name, strings.TrimPrefix(err.Error(), "yaml: "))
	}
	if f.Version != 1 {
		return nil, fmt.Errorf("%s:1: version must be 1, got %d", name, f.Version)
	}
	lines := rangeLines(&root)
	rs := &Ranges{}
	seen := make(map[string]bool, len(f.Ranges))
	for i, y := range f.Ranges {
		line := 0
		if i < len(lines) {
			line = lines[i]
		}
		where := fmt.Sprintf("%s:%d: range %d", name, line, i+1)
		if y.Key != "" {
			where = fmt.Sprintf("%s:%d: range %q", name, line, y.Key)
		}
		r, err := y.toRange(name)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", where, err)
		}
		if seen[r.Key] {
			return nil, fmt.Errorf("%s: key defined twice", where)
		}
		seen[r.Key] = true
		rs.list = append(rs.list, r)
	}
	return rs, nil
}

// rangeLines returns the line of each item of the top-level ranges list.
func rangeLines(root *yaml.Node) []int {
	if root.Kind != yaml.DocumentNode || len(root.Content) == 0 {
		return nil
	}
	m := root.Content[0]
	if m.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == "ranges" && m.Content[i+1].Kind == yaml.SequenceNode {
			var out []int
			for _, it := range m.Content[i+1].Content {
				out = append(out, it.Line)
			}
			return out
		}
	}
	return nil
}

func (y *rangeYAML) toRange(file string) (Range, error) {
	r := Range{
		Key: y.Key, Name: y.Name, Unit: Unit(y.Unit), Base: y.Base,
		Numerator: y.Numerator, Denominator: y.Denominator,
		Source: y.Source, Year: y.Year, Note: y.Note, File: file,
	}
	switch {
	case r.Key == "":
		return r, errors.New("key is required")
	case r.Name == "":
		return r, errors.New("name is required")
	case r.Source == "":
		return r, errors.New("source is required: a range means nothing without where it comes from")
	case r.Numerator == "" || r.Denominator == "":
		return r, errors.New("numerator and denominator are required: a range means nothing without its definition")
	case y.AverageLowPct == nil || y.AverageHighPct == nil:
		return r, errors.New("average_low_pct and average_high_pct are required")
	}
	switch r.Unit {
	case UnitSessions, UnitUsers:
	case UnitViewers:
		if r.Base == "" {
			r.Base = viewerBase
		}
	case "":
		r.Unit = UnitSessions
	default:
		return r, fmt.Errorf("unit must be sessions, users or viewers, got %q", y.Unit)
	}
	r.Low, r.High = *y.AverageLowPct/100, *y.AverageHighPct/100
	if r.Low < 0 || r.High > 1 || r.Low > r.High {
		return r, fmt.Errorf("average range %g%%-%g%% must satisfy 0 <= low <= high <= 100", *y.AverageLowPct, *y.AverageHighPct)
	}
	if y.HighPerformerPct != nil {
		hp := *y.HighPerformerPct / 100
		if hp < r.High || hp > 1 {
			return r, fmt.Errorf("high_performer_pct %g%% must be between average_high_pct and 100", *y.HighPerformerPct)
		}
		r.HighPerformer = &hp
	}
	return r, nil
}
