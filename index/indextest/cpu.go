package indextest

import (
	"syscall"
	"testing"
	"time"
)

// CPUTime returns the CPU time (user and system) the process has used:
// measured around a benchmark's loop, its share per operation is what the
// operation cost, which other load on the machine does not inflate as it
// does the wall-clock time.
func CPUTime(tb testing.TB) time.Duration {
	tb.Helper()
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		tb.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// ReportCPU reports, as the metric cpu-ms/op, the CPU time used since
// start (a CPUTime) divided among b.N operations.
func ReportCPU(b *testing.B, start time.Duration) {
	b.Helper()
	b.ReportMetric(float64((CPUTime(b)-start).Microseconds())/1000/float64(b.N), "cpu-ms/op")
}
