package registry

import (
	"fmt"
	"runtime"
	"syscall"
	"testing"
	"time"

	"github.com/sitrep/sitrep/index/entity"
)

// scaleArticles returns n synthetic articles naming, each, four people,
// three places and three organisations drawn from pools of the given
// sizes: a corpus with hundreds of thousands of entities.
func scaleArticles(n, people, places, orgs int) [][]Named {
	out := make([][]Named, n)
	for i := range out {
		var a []Named
		for k := range 4 {
			p := (i*7 + k*104729) % people
			name := fmt.Sprintf("Given%d Surname%d", p%5000, p)
			a = append(a, Named{Kind: entity.Person, Name: name, Resolved: name,
				Forms: []string{name, fmt.Sprintf("Surname%d", p)}, Titles: []string{"Col."}})
		}
		for k := range 3 {
			name := fmt.Sprintf("Place %d", (i*13+k*7919)%places)
			a = append(a, Named{Kind: entity.Place, Name: name, Resolved: name, Forms: []string{name}})
			name = fmt.Sprintf("Organisation %d", (i*17+k*6151)%orgs)
			a = append(a, Named{Kind: entity.Organisation, Name: name, Resolved: name, Forms: []string{name}})
		}
		out[i] = a
	}
	return out
}

// scaleN is the number of articles of BenchmarkScale, and of its people.
const scaleN = 200_000

// BenchmarkScale builds the registry of 200k articles naming 300k
// entities, and reports its memory (heap after a GC, per entity), the
// size of its file, and the time to encode and decode it.
func BenchmarkScale(b *testing.B) {
	articles := scaleArticles(scaleN, scaleN, scaleN/10, scaleN*2/5)
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	r := New()
	for chunk := 0; chunk < len(articles); chunk += 256 {
		r.Apply(uint64(chunk), nil, articles[chunk:min(chunk+256, len(articles))])
	}
	runtime.GC()
	runtime.ReadMemStats(&after)
	runtime.KeepAlive(articles) // counted in both readings
	s := r.Stats()
	data, err := r.Encode()
	if err != nil {
		b.Fatal(err)
	}
	cpu := cpuTime()
	for b.Loop() {
		if _, err := Decode(data); err != nil {
			b.Fatal(err)
		}
	}
	// CPU time, not wall time: the shared machine is often loaded.
	b.ReportMetric((cpuTime()-cpu).Seconds()/float64(b.N), "decode-cpu-s")
	b.ReportMetric(float64(s.Names), "names")
	b.ReportMetric(float64(after.HeapAlloc-before.HeapAlloc)/float64(s.Names), "heap-B/name")
	b.ReportMetric(float64(len(data))/float64(s.Names), "file-B/name")
	runtime.KeepAlive(r)
}

// cpuTime returns the CPU time the process has used.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
