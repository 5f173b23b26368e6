package main

import (
	"context"
	"fmt"
	"io/fs"
	"log/slog"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/nats-io/nats-server/v2/server"

	"github.com/sitrep/sitrep/index"
	"github.com/sitrep/sitrep/index/cluster"
	"github.com/sitrep/sitrep/index/cluster/natstest"
	"github.com/sitrep/sitrep/search"
)

// TestReplicaThroughput measures searches through one shard's queue
// group with 1, 2 and 4 replicas, each a real sitrep serve --cluster
// process on a copy of one index (SITREP_SCALE_INDEX, an index of the
// generated corpus), behind 3 NATS servers and a coordinator in the test
// process; C clients search without pause for a fixed time. It prints a
// Markdown table (docs/CLUSTER.md, "Measured: replicas of one shard")
// and fails when a search fails or a replica answered none.
//
//	SITREP_SCALE_INDEX=/tmp/sitrep-scale/gather-20000.bleve \
//	SITREP_REPLICA_SECONDS=20 SITREP_REPLICA_CLIENTS=2,8 \
//	go test ./cmd/sitrep -run '^TestReplicaThroughput$' -v -count 1 -timeout 30m
//
// (make bench-replicas).
func TestReplicaThroughput(t *testing.T) {
	src := os.Getenv("SITREP_SCALE_INDEX")
	if src == "" || testing.Short() {
		t.Skip("set SITREP_SCALE_INDEX to an index of the generated corpus to measure replicas of one shard (make bench-replicas)")
	}
	seconds := envInts(t, "SITREP_REPLICA_SECONDS", "20")[0]
	clients := envInts(t, "SITREP_REPLICA_CLIENTS", "2,8")
	counts := envInts(t, "SITREP_REPLICA_COUNTS", "1,2,4")
	ctx := context.Background()
	dir := t.TempDir()

	// The index copied, left to merge its segments, then copied once
	// for each replica: the replicas then do nothing but answer.
	settled := filepath.Join(dir, "settled")
	copyDir(t, src, settled)
	settle(t, settled)
	// A shard's answer listing 20,000 matches is over NATS's default
	// max_payload of 1 MiB: raised as docs/CLUSTER.md says.
	nats := natstest.Start(t, 3, func(o *server.Options) { o.MaxPayload = 16 << 20 })
	l, err := cluster.Open(ctx, cluster.Config{URL: nats.URL(), Shards: 1, Replicas: 3}, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })
	g := newGather(l, search.Limits{})

	// Two workloads: four kinds of search in turn, and a phrase
	// matching few articles, where the shard's own work is most of a
	// search's and shipping matches least.
	mix := []search.Request{
		{Query: "missile"},
		{Query: `"air defence"`},
		{Query: "security", Places: []string{"Ukraine"}},
		{},
	}
	workloads := []struct {
		name string
		reqs []search.Request
	}{
		{"mix", mix},
		{`"air defence"`, mix[1:2]},
	}
	var replicas []*replicaProcess
	t.Cleanup(func() {
		for _, r := range replicas {
			r.stop()
		}
	})
	t.Logf("%d CPUs; mix: missile, \"air defence\", security with place Ukraine, every article, in turn (facets, collapsed); %d s a row", runtime.NumCPU(), seconds)
	rows := []string{
		"| searches | replicas | clients | searches/s | p50 ms | p99 ms | replicas' CPU s (each) | coordinator and NATS CPU s | CPU ms a search: replicas + coordinator and NATS | load average before → after |",
		"|---|---|---|---|---|---|---|---|---|---|",
	}
	for _, n := range counts {
		for len(replicas) < n {
			k := len(replicas)
			ixDir := filepath.Join(dir, fmt.Sprintf("r%d", k))
			copyDir(t, settled, ixDir)
			replicas = append(replicas, startReplicaProcess(t, nats.URL(), ixDir, fmt.Sprintf("r%d", k)))
		}
		for _, w := range workloads {
			for _, c := range clients {
				measureReplicas(t, ctx, g, replicas[:n], w.name, w.reqs, c, seconds, &rows)
			}
		}
	}
	for _, r := range replicas {
		t.Logf("replica %s: resident memory %d MiB", r.name, r.rss(t)>>20)
	}
	t.Log("\n" + strings.Join(rows, "\n"))
}

// measureReplicas has clients search reqs through g for seconds, and
// adds a row of what it measured to rows.
func measureReplicas(t *testing.T, ctx context.Context, g *search.Gather, replicas []*replicaProcess, name string, reqs []search.Request, clients, seconds int, rows *[]string) {
	t.Helper()
	n, c := len(replicas), clients
	// A few searches first, so every replica has its files in
	// memory.
	for _, req := range reqs {
		if _, err := g.Search(ctx, req); err != nil {
			t.Fatal(err)
		}
	}
	loadBefore := loadAverage()
	cpuBefore := make([]time.Duration, n)
	for i, r := range replicas {
		cpuBefore[i] = r.cpu(t)
	}
	selfBefore := selfCPU()
	lat, failed := searchFor(ctx, g, reqs, c, time.Duration(seconds)*time.Second)
	self := selfCPU() - selfBefore
	var each []string
	var total time.Duration
	used := make([]time.Duration, n)
	for i, r := range replicas {
		used[i] = r.cpu(t) - cpuBefore[i]
		total += used[i]
		each = append(each, fmt.Sprintf("%.1f", used[i].Seconds()))
	}
	if failed > 0 {
		t.Errorf("%d replicas, %d clients: %d searches failed", n, c, failed)
	}
	for i, u := range used {
		if u < total/time.Duration(8*n) {
			t.Errorf("%d replicas, %d clients: replica %d used %v of the replicas' %v CPU: the queue group did not hand it its share", n, c, i, u, total)
		}
	}
	slices.Sort(lat)
	searches := time.Duration(max(len(lat), 1))
	*rows = append(*rows, fmt.Sprintf("| %s | %d | %d | %.1f | %.0f | %.0f | %.1f (%s) | %.1f | %.0f + %.0f | %s → %s |",
		name, n, c, float64(len(lat))/float64(seconds), ms(percentile(lat, 50)), ms(percentile(lat, 99)),
		total.Seconds(), strings.Join(each, ", "), self.Seconds(), ms(total/searches), ms(self/searches), loadBefore, loadAverage()))
	t.Log((*rows)[len(*rows)-1])
}

// searchFor runs clients searching reqs in turn through g for d, and
// returns every search's time and the number that failed.
func searchFor(ctx context.Context, g *search.Gather, reqs []search.Request, clients int, d time.Duration) (lat []time.Duration, failed int) {
	var mu sync.Mutex
	var wg sync.WaitGroup
	end := time.Now().Add(d)
	for c := range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := c; time.Now().Before(end); i++ {
				start := time.Now()
				_, err := g.Search(ctx, reqs[i%len(reqs)])
				took := time.Since(start)
				mu.Lock()
				if err != nil {
					failed++
				} else {
					lat = append(lat, took)
				}
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	return lat, failed
}

// replicaProcess is a sitrep serve --cluster node in a child process.
type replicaProcess struct {
	name string
	cmd  *exec.Cmd
}

// startReplicaProcess starts a replica of shard 0 on the index ixDir and
// waits until it answers /healthz.
func startReplicaProcess(t *testing.T, url, ixDir, name string) *replicaProcess {
	t.Helper()
	addr := freeAddr(t)
	cmd := cliProcess(t, nil, "serve", "--index", ixDir, "--addr", addr, "--cluster", url, "--shard", "0", "--replica", name)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	r := &replicaProcess{name: name, cmd: cmd}
	for deadline := time.Now().Add(60 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		if res, err := http.Get("http://" + addr + "/healthz"); err == nil {
			res.Body.Close()
			return r
		}
		if time.Now().After(deadline) {
			r.stop()
			t.Fatalf("replica %s never answered", name)
		}
	}
}

func (r *replicaProcess) stop() {
	r.cmd.Process.Signal(os.Interrupt)
	r.cmd.Wait()
}

// cpu returns the CPU time the process has used, from /proc.
func (r *replicaProcess) cpu(t *testing.T) time.Duration {
	t.Helper()
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", r.cmd.Process.Pid))
	if err != nil {
		t.Fatal(err)
	}
	// The fields after the command name, in parentheses: utime and
	// stime are the 12th and 13th, in clock ticks (100 a second).
	fields := strings.Fields(string(b[strings.LastIndexByte(string(b), ')')+1:]))
	utime, _ := strconv.ParseInt(fields[11], 10, 64)
	stime, _ := strconv.ParseInt(fields[12], 10, 64)
	return time.Duration(utime+stime) * 10 * time.Millisecond
}

// rss returns the process's resident memory, from /proc.
func (r *replicaProcess) rss(t *testing.T) int64 {
	t.Helper()
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", r.cmd.Process.Pid))
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			kb, _ := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 10, 64)
			return kb << 10
		}
	}
	return 0
}

// selfCPU returns the CPU time this process has used: the coordinator's
// and the NATS servers'.
func selfCPU() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// loadAverage returns the machine's 1-minute load average.
func loadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "?"
	}
	return strings.Fields(string(b))[0]
}

// settle opens the index at dir and waits until its segments have
// merged (their number unchanged for 10 s, 3 minutes at most).
func settle(t *testing.T, dir string) {
	t.Helper()
	ix, err := index.Open(context.Background(), dir, index.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	count := func() int {
		m, _ := filepath.Glob(filepath.Join(dir, "store", "*.zap"))
		return len(m)
	}
	last, since := count(), time.Now()
	for deadline := time.Now().Add(3 * time.Minute); time.Now().Before(deadline) && time.Since(since) < 10*time.Second; time.Sleep(time.Second) {
		if n := count(); n != last {
			last, since = n, time.Now()
		}
	}
	t.Logf("the index has %d segments", last)
}

// copyDir copies the directory src to dst.
func copyDir(t *testing.T, src, dst string) {
	t.Helper()
	if err := os.CopyFS(dst, os.DirFS(src)); err != nil {
		t.Fatal(err)
	}
	// CopyFS keeps no permissions beyond the executable bit: the index
	// is the owner's.
	filepath.WalkDir(dst, func(path string, d fs.DirEntry, err error) error {
		if err == nil && d.IsDir() {
			os.Chmod(path, 0o700)
		}
		return nil
	})
}

// envInts reads the environment variable key, numbers separated by
// commas, def when unset.
func envInts(t *testing.T, key, def string) []int {
	t.Helper()
	v := os.Getenv(key)
	if v == "" {
		v = def
	}
	var out []int
	for _, s := range strings.Split(v, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || n < 1 {
			t.Fatalf("%s=%q: give positive numbers separated by commas", key, v)
		}
		out = append(out, n)
	}
	return out
}

// percentile returns the p-th percentile of sorted.
func percentile(sorted []time.Duration, p int) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	return sorted[min(len(sorted)-1, len(sorted)*p/100)]
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
