package hits

import (
	"fmt"
	"strings"
	"testing"

	"github.com/tagspec/tagspec/internal/cpuclock"
)

// BenchmarkDecodeBatch decodes a batched POST at two sizes, 10 and 100
// events (the most a hit may carry) of 10 params and 2 items each, under
// the same URL: /10x must take at most 11 times /1x for decoding to be
// linear in the hit's size. cpu-ns/op is the CPU time per operation,
// which a busy machine does not inflate.
func BenchmarkDecodeBatch(b *testing.B) {
	u := "https://www.google-analytics.com/g/collect?v=2&tid=G-TEST01&cid=1.2&sid=3&sct=1&_p=4&gcs=G111&dl=https%3A%2F%2Fshop.example.test%2Fcart&dt=Cart&ep.page_type=cart&up.plan=pro"
	for _, size := range []struct {
		name   string
		events int
	}{{"1x", 10}, {"10x", 100}} {
		var body strings.Builder
		for i := range size.events {
			fmt.Fprintf(&body, "en=add_to_cart&_et=%d&ep.page_type=line&ep.list=summer%%20sale&epn.value=%d.5&cu=EUR", i, i)
			for p := range 5 {
				fmt.Fprintf(&body, "&ep.extra_%d=v%d&epn.n_%d=%d", p, i, p, p)
			}
			fmt.Fprintf(&body, "&pr1=idSKU-%d~nmShirt~pr19.99~qt1~k0colour~v0red&pr2=idSKU-%d~nmHat~pr9.5~qt2\r\n", i, i+1)
		}
		data := []byte(body.String())
		b.Run(size.name, func(b *testing.B) {
			b.SetBytes(int64(len(u) + len(data)))
			b.ReportAllocs()
			cpu0 := cpuclock.Now()
			for b.Loop() {
				h, err := Decode("POST", u, data, sampleTime)
				if err != nil || len(h.Events) != size.events {
					b.Fatalf("Decode: %v", err)
				}
			}
			b.ReportMetric(float64(cpuclock.Now()-cpu0)/float64(b.N), "cpu-ns/op")
		})
	}
}
