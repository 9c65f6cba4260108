package gtmruntime

import (
	"os"
	"testing"
)

// BenchmarkScript measures turning a container export into the runtime
// script: parsing, compiling the model and embedding it.
func BenchmarkScript(b *testing.B) {
	data, err := os.ReadFile("../templates/testdata/golden/starter-ecommerce.gtm.json")
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, _, err := Script(data); err != nil {
			b.Fatal(err)
		}
	}
}
