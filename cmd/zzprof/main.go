package main

import (
	"context"
	"fmt"
	"os"
	"runtime/pprof"
	"time"

	"github.com/tagspec/tagspec/benchmark"
	"github.com/tagspec/tagspec/ga4export"
	"github.com/tagspec/tagspec/spec"
)

func main() {
	s, _, err := spec.Load(os.Args[1])
	if err != nil {
		panic(err)
	}
	f, _ := os.Create(os.Args[2])
	pprof.StartCPUProfile(f)
	t := time.Now()
	if hp := os.Getenv("HEAPAT"); hp != "" {
		d, _ := time.ParseDuration(hp)
		go func() { time.Sleep(d); h, _ := os.Create("/tmp/heap.prof"); pprof.WriteHeapProfile(h); h.Close() }()
	}
	p := benchmark.NewPlan(s, benchmark.BuiltinRanges())
	acc := p.NewAccumulator(benchmark.Options{})
	for _, path := range os.Args[3:] {
		err := ga4export.ReadEventsFileOptions(context.Background(), path, ga4export.ReadOptions{KeepParams: map[string]bool{}}, func(ev *ga4export.Event) error { acc.Add(ev); return nil })
		if err != nil {
			panic(err)
		}
	}
	t1 := time.Since(t)
	c := acc.Counts()
	t2 := time.Since(t)
	_, err = p.Build(c, "export", os.Args[3:], benchmark.Options{})
	pprof.StopCPUProfile()
	fmt.Println(c.Rows, "read", t1, "counts", t2, "build", time.Since(t))
}
