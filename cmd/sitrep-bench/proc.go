package main

// The process's own measures: CPU profiles, CPU time and memory.

import (
	"fmt"
	"os"
	"runtime/pprof"
	"strings"
	"syscall"
	"time"
)

// startProfile starts a CPU profile PREFIX-phase.pprof when prefix is set;
// the function returned stops it.
func startProfile(prefix, phase string) (func(), error) {
	if prefix == "" {
		return func() {}, nil
	}
	f, err := os.Create(prefix + "-" + phase + ".pprof")
	if err != nil {
		return nil, fmt.Errorf("run: cpu profile: %w", err)
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, fmt.Errorf("run: cpu profile: %w", err)
	}
	return func() { pprof.StopCPUProfile(); f.Close() }, nil
}

// cpuTime returns the user and system CPU time the process has used.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// memory returns the process's resident set size and its peak, from
// /proc/self/status (VmRSS, VmHWM); zero where that is not available.
func memory() (rss, peak int64) {
	m := procStatus()
	return m["VmRSS"], m["VmHWM"]
}

// procStatus returns the sizes in /proc/self/status (in bytes) by name,
// empty where that file is not available.
func procStatus() map[string]int64 {
	out := make(map[string]int64)
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return out
	}
	for _, line := range strings.Split(string(b), "\n") {
		name, value, ok := strings.Cut(line, ":")
		var kb int64
		if ok && strings.HasSuffix(value, " kB") {
			if _, err := fmt.Sscan(strings.TrimSuffix(strings.TrimSpace(value), " kB"), &kb); err == nil {
				out[name] = kb << 10
			}
		}
	}
	return out
}
