package validator

import "github.com/tagspec/tagspec/spec"

type checker struct{}

func newChecker(s *spec.Spec, j *spec.Journey, obs *Observation, opts Options) *checker {
	return &checker{}
}

func (c *checker) run() []Finding { return nil }
