package spec

// document is the parsed YAML behind a Spec (filled in by the loader).
type document struct{}
