package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/sitrep/sitrep/index"
	"github.com/sitrep/sitrep/index/indextest"
	"github.com/sitrep/sitrep/search"
)

// Environment of a child process that runs the command line instead of
// the tests: its arguments as a JSON array, and optionally a limit on the
// size of the files it may write (RLIMIT_FSIZE), which stands in for a
// full disk.
const (
	childArgsEnv  = "SITREP_TEST_CLI_ARGS"
	childFSizeEnv = "SITREP_TEST_CLI_FSIZE"
	// childUIDEnv makes the child drop root for this user id, so that
	// file permissions apply to it.
	childUIDEnv = "SITREP_TEST_CLI_UID"
)

// TestMain runs the command line when the test binary is started as a
// child by cliProcess; otherwise it runs the tests.
func TestMain(m *testing.M) {
	if args := os.Getenv(childArgsEnv); args != "" {
		os.Exit(childMain(args))
	}
	os.Exit(m.Run())
}

// childMain is main for a child process: the real command line, with its
// signals, streams and exit codes.
func childMain(argsJSON string) int {
	var args []string
	if err := json.Unmarshal([]byte(argsJSON), &args); err != nil {
		fmt.Fprintln(os.Stderr, "child: bad", childArgsEnv, err)
		return exitUsage
	}
	if s := os.Getenv(childFSizeEnv); s != "" {
		n, err := strconv.ParseUint(s, 10, 64)
		if err == nil {
			err = syscall.Setrlimit(syscall.RLIMIT_FSIZE, &syscall.Rlimit{Cur: n, Max: n})
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, "child: limit file size:", err)
			return exitFailure
		}
	}
	if s := os.Getenv(childUIDEnv); s != "" {
		uid, err := strconv.Atoi(s)
		if err == nil {
			err = syscall.Setgid(uid)
		}
		if err == nil {
			err = syscall.Setuid(uid)
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, "child: drop root:", err)
			return exitFailure
		}
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	return exitCode(run(ctx, mainProcess(), args, os.Stdin, os.Stdout, os.Stderr), os.Stderr)
}

// cliProcess returns an unstarted command that runs "sitrep args…" in a
// child process (this test binary, through TestMain), with env added.
func cliProcess(t *testing.T, env []string, args ...string) *exec.Cmd {
	t.Helper()
	b, err := json.Marshal(args)
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(append(os.Environ(), childArgsEnv+"="+string(b)), env...)
	return cmd
}

// crashURL is the URL, and so the identity, of the n-th generated article.
func crashURL(n int) string { return fmt.Sprintf("https://crash.example.mil/dispatch/%d", n) }

// writeCrashCorpus writes n articles as JSON Lines, each long enough that
// ingesting them takes a while, all holding the word "crashword".
func writeCrashCorpus(t *testing.T, path string, n int) {
	t.Helper()
	writeCorpus(t, path, n, n)
}

// writeCorpus writes n articles as writeCrashCorpus does, those from the
// index big on ten times as long.
func writeCorpus(t *testing.T, path string, n, big int) {
	t.Helper()
	writeJSONL(t, path, n, func(i int) any {
		repeat := 12
		if i >= big {
			repeat = 120
		}
		return map[string]string{
			"title": fmt.Sprintf("Dispatch %d from the northern front", i),
			"body":  strings.Repeat(fmt.Sprintf("The crashword convoy %d moved north of Kirkuk at dawn, escorted by engineers and medics. ", i), repeat),
			"url":   crashURL(i), "source": "Crash Wire", "published": "2022-09-13",
		}
	})
}

// writeJSONL writes n records, record(0) … record(n-1), to path as JSON
// Lines.
func writeJSONL(t *testing.T, path string, n int, record func(i int) any) {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	w := bufio.NewWriter(f)
	enc := json.NewEncoder(w)
	for i := range n {
		if err := enc.Encode(record(i)); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
}

// storedRE matches a progress line and captures its count of articles
// saved in the index: flushed by the writer, so persisted.
var storedRE = regexp.MustCompile(`^ingest: \d+ records read, (\d+) saved in the index,`)

// ingestUntil runs "sitrep ingest" on corpus into dir in a child process
// and kills it with SIGKILL delay after a progress line reports at least
// target articles saved in the index (a delay lets the kill land in the middle
// of a later batch). It returns the last count reported before the kill,
// and false when the ingest ended before reaching target.
func ingestUntil(t *testing.T, dir, corpus string, target int, delay time.Duration) (reported int, killed bool) {
	t.Helper()
	cmd := cliProcess(t, nil, "ingest", "--index", dir, "--progress-interval", "20ms", "--batch-size", "64", corpus)
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(stderr)
	for sc.Scan() {
		m := storedRE.FindStringSubmatch(sc.Text())
		if m == nil {
			continue
		}
		reported, _ = strconv.Atoi(m[1])
		if reported >= target {
			time.Sleep(delay)
			if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
				t.Fatal(err)
			}
			killed = true
			break
		}
	}
	io.Copy(io.Discard, stderr)
	cmd.Wait()
	return reported, killed
}

// checkAfterKill opens the index a killed ingest left and checks that it
// holds each of the first reported articles of the corpus (the ingest
// writes in input order), that they are searchable, and that it holds no
// article twice. It returns the number of articles in the index.
func checkAfterKill(t *testing.T, dir string, reported int) int {
	t.Helper()
	ids := make([]string, reported)
	for i := range ids {
		ids[i] = (&index.Article{URL: crashURL(i)}).SetID()
	}
	ix, n := indextest.ReopenAfterKill(t, dir, ids)
	defer ix.Close()
	res, err := search.New(ix).Search(context.Background(), search.Request{Query: "crashword", Size: 1})
	if err != nil {
		t.Fatalf("search after the kill: %v", err)
	}
	if int(res.Total) != n {
		t.Errorf("crashword finds %d articles of the %d in the index", res.Total, n)
	}
	return n
}

// TestKilledCLIIngest is the crash test of the real command: "sitrep
// ingest" runs in a child process on a corpus that takes seconds, and is
// killed with SIGKILL at several points, each once its progress line has
// reported a number of articles saved in the index. After each kill the index
// must open and hold every article reported; after the last, running the
// same ingest to its end must leave exactly one copy of each.
func TestKilledCLIIngest(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("kills child ingests for several seconds")
	}
	const kills = 5
	// Enough that each ingest is still running at its kill point, which
	// the test checks; the race detector's child ingests are slower.
	articles := 12000
	if raceEnabled {
		articles = 1500
	}
	tmp := t.TempDir()
	corpus := filepath.Join(tmp, "crash.jsonl")
	writeCrashCorpus(t, corpus, articles)
	dir := filepath.Join(tmp, "ix")
	for k := range kills {
		// Kill points spread over the first two thirds of the corpus.
		target := articles * 2 * (k + 1) / (3 * kills)
		start := time.Now()
		reported, killed := ingestUntil(t, dir, corpus, target, time.Duration(k)*15*time.Millisecond)
		if !killed {
			t.Fatalf("kill %d: the ingest ended (reporting %d) before reaching %d articles: make the corpus larger", k+1, reported, target)
		}
		held := checkAfterKill(t, dir, reported)
		t.Logf("kill %d after %v: %d reported saved, %d in the index", k+1, time.Since(start).Round(time.Millisecond), reported, held)
	}

	start := time.Now()
	out, errOut, code := sitrep(t, "", "ingest", "--quiet", "--index", dir, corpus)
	if code != exitOK {
		t.Fatalf("the re-run ingest: exit %d: %s", code, errOut)
	}
	var indexed, unchanged int
	if _, err := fmt.Sscanf(out, "indexed %d, updated 0, unchanged %d,", &indexed, &unchanged); err != nil || indexed+unchanged != articles {
		t.Errorf("the re-run printed %q: want every article indexed or unchanged, none updated", out)
	}
	if n := checkAfterKill(t, dir, articles); n != articles {
		t.Errorf("after the re-run the index holds %d articles, want exactly %d", n, articles)
	}
	t.Logf("re-run in %v: %s", time.Since(start).Round(time.Millisecond), strings.TrimSpace(out))
}

// TestIndexPathProblems points --index at places no index can be: each
// command fails at once with a message naming the problem, and leaves
// nothing behind.
func TestIndexPathProblems(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	file := filepath.Join(dir, "afile")
	if err := os.WriteFile(file, []byte("not an index"), 0o644); err != nil {
		t.Fatal(err)
	}
	notEmpty := filepath.Join(dir, "notes")
	if err := os.MkdirAll(notEmpty, 0o755); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(notEmpty, "todo.txt"), []byte("x"), 0o644)
	tests := []struct {
		name, index, want string
		// all runs ingest and serve too, not only search (they load the
		// entity extractor first, which takes a moment)
		all bool
	}{
		{"the index is a file", file, file + " is a file, not a directory", true},
		{"its parent is a file", filepath.Join(file, "ix"), file + " is a file, not a directory", false},
		{"an ancestor is a file", filepath.Join(file, "a", "b", "ix"), file + " is a file, not a directory", false},
		{"its parent cannot be created", "/proc/sitrep-no-such/ix", `create index "/proc/sitrep-no-such/ix": mkdir /proc/sitrep-no-such`, true},
		{"a directory holding other things", notEmpty, "holds no bleve index", false},
	}
	small := indexCorpusFile(t)
	for _, tt := range tests {
		cmds := [][]string{{"search", "x"}}
		if tt.all && !testing.Short() {
			cmds = append(cmds, []string{"ingest", small}, []string{"serve", "--addr", "127.0.0.1:0"})
		}
		for _, cmd := range cmds {
			t.Run(tt.name+"/"+cmd[0], func(t *testing.T) {
				args := append([]string{cmd[0], "--index", tt.index}, cmd[1:]...)
				start := time.Now()
				_, errOut, code := sitrep(t, "", args...)
				if code != exitFailure || !strings.Contains(errOut, tt.want) {
					t.Errorf("sitrep %s: exit %d, %q; want exit %d naming %q", strings.Join(args, " "), code, errOut, exitFailure, tt.want)
				}
				if d := time.Since(start); d > 5*time.Second {
					t.Errorf("failing took %v", d)
				}
			})
		}
	}
	if entries, _ := os.ReadDir(notEmpty); len(entries) != 1 {
		t.Errorf("the directory that was not an index now holds %d entries", len(entries))
	}
	if b, _ := os.ReadFile(file); string(b) != "not an index" {
		t.Errorf("the file given as --index was changed: %q", b)
	}
}

// indexCorpusFile returns a small JSON Lines file to ingest.
func indexCorpusFile(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "small.jsonl")
	writeCrashCorpus(t, path, 3)
	return path
}

// TestFullDiskIngest runs "sitrep ingest" in a child process that may
// write no file larger than 400 KiB (RLIMIT_FSIZE: writes fail as on a
// full disk, and root is not exempt). The corpus's first articles are
// small; the batches of the big ones after them cannot be written. The
// ingest fails with a message saying what to do; the index opens
// afterwards and holds at least every article reported before the
// failure; once there is room, the same ingest completes with one copy of
// each article.
func TestFullDiskIngest(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("ingests thousands of articles in a child process")
	}
	const articles, big = 1000, 800
	tmp := t.TempDir()
	corpus := filepath.Join(tmp, "full.jsonl")
	writeCorpus(t, corpus, articles, big)
	dir := filepath.Join(tmp, "ix")
	cmd := cliProcess(t, []string{childFSizeEnv + "=" + strconv.Itoa(400<<10)},
		"ingest", "--index", dir, "--batch-size", "64", "--progress-interval", "20ms", corpus)
	out, err := cmd.CombinedOutput()
	if err == nil {
		t.Fatalf("the ingest succeeded with a 400 KiB file size limit:\n%s", out)
	}
	reported := 0
	for line := range strings.Lines(string(out)) {
		if m := storedRE.FindStringSubmatch(line); m != nil {
			reported, _ = strconv.Atoi(m[1])
		}
	}
	last := strings.TrimSpace(string(out[strings.LastIndexByte(string(out[:len(out)-1]), '\n')+1:]))
	if cmd.ProcessState.ExitCode() != exitFailure || !strings.Contains(last, "file too large") || !strings.Contains(last, "the disk is full") ||
		!strings.Contains(last, "run the same ingest again") {
		t.Errorf("exit %d, last line %q: want exit %d and the disk named as the cause", cmd.ProcessState.ExitCode(), last, exitFailure)
	}
	held := checkAfterKill(t, dir, reported)
	if held > big {
		t.Errorf("the index holds %d articles: the batches of big articles after the first %d should not fit", held, big)
	}
	t.Logf("the write failed after %d articles reported saved; the index holds %d: %s", reported, held, last)

	out2, errOut, code := sitrep(t, "", "ingest", "--quiet", "--index", dir, corpus)
	if code != exitOK {
		t.Fatalf("the ingest once there is room: exit %d: %s", code, errOut)
	}
	if n := checkAfterKill(t, dir, articles); n != articles {
		t.Errorf("after the full ingest the index holds %d articles, want %d: %s", n, articles, out2)
	}
}

// TestNoSpaceIngest fills a real filesystem: "sitrep ingest" writes an
// index into a 1.5 MiB tmpfs, in a child process, until the disk is full
// (ENOSPC). The ingest fails with a message saying so; the index opens
// while the disk is still full and holds every article reported saved;
// once the filesystem is grown, the same ingest completes with one copy
// of each article.
func TestNoSpaceIngest(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("ingests thousands of articles in a child process")
	}
	const articles = 1500
	disk := indextest.SmallDisk(t, 1536<<10)
	corpus := filepath.Join(t.TempDir(), "nospace.jsonl")
	writeCrashCorpus(t, corpus, articles)
	dir := filepath.Join(disk, "ix")
	cmd := cliProcess(t, nil, "ingest", "--index", dir, "--batch-size", "64", "--progress-interval", "20ms", corpus)
	out, err := cmd.CombinedOutput()
	if err == nil {
		t.Fatalf("the ingest succeeded on a 1.5 MiB disk:\n%s", out)
	}
	reported := 0
	for line := range strings.Lines(string(out)) {
		if m := storedRE.FindStringSubmatch(line); m != nil {
			reported, _ = strconv.Atoi(m[1])
		}
	}
	last := strings.TrimSpace(string(out[strings.LastIndexByte(string(out[:len(out)-1]), '\n')+1:]))
	if cmd.ProcessState.ExitCode() != exitFailure || !strings.Contains(last, "no space left on device") ||
		!strings.Contains(last, "the disk is full") || !strings.Contains(last, "run the same ingest again") {
		t.Errorf("exit %d, last line %q: want exit %d, ENOSPC and what to do", cmd.ProcessState.ExitCode(), last, exitFailure)
	}
	held := checkAfterKill(t, dir, reported)
	if held >= articles {
		t.Fatalf("the index holds all %d articles: the disk did not fill", held)
	}
	t.Logf("the disk filled after %d articles reported saved; the index holds %d: %s", reported, held, last)

	indextest.ResizeDisk(t, disk, 256<<20)
	out2, errOut, code := sitrep(t, "", "ingest", "--quiet", "--index", dir, corpus)
	if code != exitOK {
		t.Fatalf("the ingest once there is room: exit %d: %s", code, errOut)
	}
	if n := checkAfterKill(t, dir, articles); n != articles {
		t.Errorf("after the full ingest the index holds %d articles, want %d: %s", n, articles, out2)
	}
	t.Logf("once there was room: %s", strings.TrimSpace(out2))
}

// TestNoSpaceServe writes through the write API of a server whose index
// is on a 2 MiB tmpfs until the disk is full (ENOSPC): the failing write
// is answered with a 5xx JSON error, the server goes on answering, and
// searches find every acknowledged article — while the disk is full, and
// once it is grown and the failed write is sent again. After a restart
// the index opens and holds them all.
func TestNoSpaceServe(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("starts a server")
	}
	disk := indextest.SmallDisk(t, 2<<20)
	dir := filepath.Join(disk, "ix")
	base, stop := startServeWriting(t, "--index", dir, "--corpus", "")
	post := func(batch int) (int, string) {
		var body strings.Builder
		enc := json.NewEncoder(&body)
		for i := range 64 {
			n := batch*64 + i
			enc.Encode(map[string]string{
				"title": fmt.Sprintf("Dispatch %d from the northern front", n),
				"body":  strings.Repeat(fmt.Sprintf("The crashword convoy %d moved north of Kirkuk at dawn. ", n), 12),
				"url":   crashURL(n),
			})
		}
		return postArticles(t, base, strings.NewReader(body.String()))
	}
	// searches checks that a search, the search page and a facet list
	// answer 200, the search finding from least to most articles.
	searches := func(when string, least, most int) {
		t.Helper()
		var got struct{ Total int }
		if code := getJSON(t, base+"/api/search?q=crashword&collapse=false", &got); code != http.StatusOK || got.Total < least || got.Total > most {
			t.Errorf("%s: a search answered %d finding %d articles, want 200 and the %d acknowledged (%d with the failed write)", when, code, got.Total, least, most)
		}
		for _, path := range []string{"/?q=crashword", "/api/facets/places?q=crashword&facet_count=stories"} {
			res, err := http.Get(base + path)
			if err != nil {
				t.Fatal(err)
			}
			res.Body.Close()
			if res.StatusCode != http.StatusOK {
				t.Errorf("%s: GET %s answered %d, want 200", when, path, res.StatusCode)
			}
		}
	}
	acked, failedBatch, status, answer := 0, 0, 0, ""
	for batch := 0; batch < 100 && status == 0; batch++ {
		code, body := post(batch)
		if code != http.StatusOK {
			failedBatch, status, answer = batch, code, body
			break
		}
		acked += 64
	}
	var e struct{ Error string }
	if status < 500 || json.Unmarshal([]byte(answer), &e) != nil || e.Error == "" {
		t.Fatalf("after %d articles acknowledged, the write on a full disk answered %d %s: want a 5xx with a JSON error", acked, status, answer)
	}
	// The failed write's articles may have reached the disk before the
	// failure: it was not acknowledged, and may or may not have happened.
	var health struct{ Articles int }
	if code := getJSON(t, base+"/healthz", &health); code != http.StatusOK || health.Articles < acked || health.Articles > acked+64 {
		t.Errorf("on the full disk /healthz answers %d counting %d articles, want 200 and the %d acknowledged", code, health.Articles, acked)
	}
	searches("with the disk full", acked, acked+64)

	indextest.ResizeDisk(t, disk, 64<<20)
	// Sent again, the failed write's articles that reached the index are
	// unchanged, the others indexed.
	code, body := post(failedBatch)
	var again struct{ Indexed, Updated, Unchanged, Rejected int }
	if err := json.Unmarshal([]byte(body), &again); code != http.StatusOK || err != nil ||
		again.Indexed+again.Unchanged != 64 || again.Unchanged != health.Articles-acked {
		t.Errorf("the failed write sent again once there is room: %d %s, want its 64 articles indexed but the %d the index already held, unchanged", code, body, health.Articles-acked)
	}
	searches("once there was room", acked+64, acked+64)
	stop()
	held := checkAfterKill(t, dir, acked+64)
	t.Logf("the disk filled after %d articles acknowledged (answer %d %s); searches then found them; after a restart the index holds %d",
		acked, status, strings.TrimSpace(answer), held)
}

// TestReadOnlyMount runs ingest and search on an index whose filesystem
// is mounted read-only: both fail at once naming the read-only filesystem,
// the index and what to do, and the index is unchanged.
func TestReadOnlyMount(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("mounts a filesystem")
	}
	disk := indextest.SmallDisk(t, 16<<20)
	dir := filepath.Join(disk, "ix")
	if _, errOut, code := sitrep(t, "", "ingest", "--quiet", "--index", dir, indexCorpusFile(t)); code != exitOK {
		t.Fatalf("ingest: %s", errOut)
	}
	indextest.ReadOnlyDisk(t, disk, true)
	for _, args := range [][]string{
		{"ingest", "--index", dir, indexCorpusFile(t)},
		{"search", "--index", dir, "crashword"},
	} {
		start := time.Now()
		_, errOut, code := sitrep(t, "", args...)
		if code != exitFailure || !strings.Contains(errOut, "read-only file system") || !strings.Contains(errOut, dir) ||
			!strings.Contains(errOut, "remount the filesystem read-write, or copy the index to a writable --index") {
			t.Errorf("sitrep %s on a read-only mount: exit %d, %q; want exit %d naming the read-only filesystem, the index and what to do", args[0], code, errOut, exitFailure)
		}
		if d := time.Since(start); d > 5*time.Second {
			t.Errorf("sitrep %s took %v to fail", args[0], d)
		}
		t.Logf("sitrep %s: %s", args[0], strings.TrimSpace(errOut))
	}
	indextest.ReadOnlyDisk(t, disk, false)
	if n := checkAfterKill(t, dir, 3); n != 3 {
		t.Errorf("the index holds %d articles after the attempts, want 3", n)
	}
}

// TestReadOnlyIndex runs ingest and search as an unprivileged user on an
// index whose files it may read but not write: both fail at once with a
// message naming the permission, and the index is unchanged. As root the
// child drops to the user nobody for this; a non-root run uses its own
// user.
func TestReadOnlyIndex(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("starts child processes")
	}
	base := t.TempDir()
	dir := filepath.Join(base, "ix")
	if _, errOut, code := sitrep(t, "", "ingest", "--quiet", "--index", dir, indexCorpusFile(t)); code != exitOK {
		t.Fatalf("ingest: %s", errOut)
	}
	var env []string
	if os.Geteuid() == 0 {
		env = []string{childUIDEnv + "=65534"}
	}
	// Readable and traversable by all, writable by none but root.
	for p := dir; ; p = filepath.Dir(p) {
		info, err := os.Stat(p)
		if err != nil || p == "/" || p == os.TempDir() {
			break
		}
		os.Chmod(p, info.Mode().Perm()|0o555)
	}
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil {
			if d.IsDir() {
				os.Chmod(p, 0o555)
			} else {
				os.Chmod(p, 0o444)
			}
		}
		return nil
	})
	t.Cleanup(func() {
		filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
			if err == nil && d.IsDir() {
				os.Chmod(p, 0o755)
			}
			return nil
		})
	})
	for _, args := range [][]string{
		{"ingest", "--index", dir, indexCorpusFile(t)},
		{"search", "--index", dir, "crashword"},
	} {
		start := time.Now()
		out, err := cliProcess(t, env, args...).CombinedOutput()
		if err == nil || !strings.Contains(string(out), "permission denied") || !strings.Contains(string(out), dir) {
			t.Errorf("sitrep %s on a read-only index: %v\n%s\nwant a failure naming the permission and the index", args[0], err, out)
		}
		if d := time.Since(start); d > 5*time.Second {
			t.Errorf("sitrep %s took %v to fail", args[0], d)
		}
	}
	if n := checkAfterKill(t, dir, 3); n != 3 {
		t.Errorf("the read-only index holds %d articles after the attempts, want 3", n)
	}
}

// TestSearchFailsFastOnLockedIndex runs "sitrep search" on an index a
// running "sitrep serve" holds: it fails after the one-second lock wait
// instead of hanging, naming the lock file and what to do. (The bound is
// generous: this checks for a hang, not for speed on a loaded machine.)
func TestSearchFailsFastOnLockedIndex(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("starts a server")
	}
	dir := filepath.Join(t.TempDir(), "ix")
	_, stop := startServe(t, "--index", dir, "--corpus", "")
	defer stop()
	for _, args := range [][]string{{"search", "--index", dir, "kirkuk"}, {"ingest", "--index", dir, indexCorpusFile(t)}} {
		start := time.Now()
		_, errOut, code := sitrep(t, "", args...)
		took := time.Since(start)
		want := filepath.Join(dir, "store", "root.bolt") + " is held; stop the other sitrep process or choose another --index"
		if code != exitFailure || !strings.Contains(errOut, "index is locked by another process") || !strings.Contains(errOut, want) {
			t.Errorf("sitrep %s on a served index: exit %d, %q; want the lock named", args[0], code, errOut)
		}
		if took > 10*time.Second {
			t.Errorf("sitrep %s took %v to fail: it must not wait for the lock", args[0], took)
		}
	}
}

// TestIngestProgressLines checks the progress lines printed off a
// terminal: at the interval asked for, each counting the records read and
// the articles saved in the index: exactly the whole batches flushed, not
// the articles still waiting in a batch.
func TestIngestProgressLines(t *testing.T) {
	t.Parallel()
	corpus := filepath.Join(t.TempDir(), "p.jsonl")
	writeCrashCorpus(t, corpus, 300)
	_, errOut, code := sitrep(t, "", "ingest", "--index", filepath.Join(t.TempDir(), "ix"),
		"--batch-size", "50", "--progress-interval", "1ns", corpus)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	lineRE := regexp.MustCompile(`^ingest: (\d+) records read, (\d+) saved in the index, \d+% of input, \d+ records/s$`)
	lines, last := 0, 0
	for line := range strings.Lines(errOut) {
		m := lineRE.FindStringSubmatch(strings.TrimSpace(line))
		if m == nil {
			t.Errorf("unexpected line %q", line)
			continue
		}
		lines++
		read, _ := strconv.Atoi(m[1])
		stored, _ := strconv.Atoi(m[2])
		if stored != read/50*50 {
			t.Errorf("%q: want the whole batches of 50 among the records read saved, %d", line, read/50*50)
		}
		last = stored
	}
	if lines < 250 || last < 250 {
		t.Errorf("%d progress lines, the last counting %d in the index: want one a record and 250 at the end", lines, last)
	}
	for _, bad := range []string{"-1s", "soon"} {
		if _, _, code := sitrep(t, "", "ingest", "--progress-interval", bad, corpus); code != exitUsage {
			t.Errorf("--progress-interval %s: exit %d, want %d", bad, code, exitUsage)
		}
	}
}
