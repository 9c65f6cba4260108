package codegen

import "testing"

// BenchmarkGenerate measures generating both languages for the largest
// starter (ecommerce: five helpers with items).
func BenchmarkGenerate(b *testing.B) {
	var c specCase
	for _, sc := range specCases(b) {
		if sc.name == "starter-ecommerce" {
			c = sc
		}
	}
	b.ReportAllocs()
	for b.Loop() {
		for _, lang := range []Lang{TypeScript, JavaScript} {
			if _, err := Generate(c.spec, lang); err != nil {
				b.Fatal(err)
			}
		}
	}
}
