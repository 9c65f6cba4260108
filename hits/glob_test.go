package hits

import (
	"math/rand/v2"
	"regexp"
	"strings"
	"testing"
)

// TestGlobAgreesWithRegexp compares glob with a regular expression built
// from the same pattern ("*" as .*, "?" as one byte) on many short random
// patterns and strings over a small alphabet, where stars and question
// marks meet every edge: leading, trailing, doubled, overlapping pieces.
func TestGlobAgreesWithRegexp(t *testing.T) {
	rng := rand.New(rand.NewPCG(18, 1))
	for range 50000 {
		pattern := randomString(rng, "ab*?", 8)
		s := randomString(rng, "ab", 10)
		var re strings.Builder
		re.WriteString(`(?s)\A`)
		for _, c := range pattern {
			switch c {
			case '*':
				re.WriteString(`.*`)
			case '?':
				re.WriteString(`.`)
			default:
				re.WriteString(regexp.QuoteMeta(string(c)))
			}
		}
		re.WriteString(`\z`)
		want := regexp.MustCompile(re.String()).MatchString(s)
		if got := glob(pattern, s); got != want {
			t.Fatalf("glob(%q, %q) = %v, want %v", pattern, s, got, want)
		}
	}
}

func randomString(rng *rand.Rand, alphabet string, max int) string {
	b := make([]byte, rng.IntN(max+1))
	for i := range b {
		b[i] = alphabet[rng.IntN(len(alphabet))]
	}
	return string(b)
}
