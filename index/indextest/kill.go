package indextest

import (
	"bufio"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"
)

// KillWriterAfter runs the test binary's test named child in a process
// of its own, with env added to its environment, reads the lines
// "flushed N" it prints as its batches are saved, and kills it with
// SIGKILL once N reaches at least n. It returns N, the articles the
// child acknowledged, and fails the test when the child stopped before.
func KillWriterAfter(tb testing.TB, child string, env []string, n int) int {
	tb.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^"+child+"$", "-test.v")
	cmd.Env = append(os.Environ(), env...)
	out, err := cmd.StdoutPipe()
	if err != nil {
		tb.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		tb.Fatal(err)
	}
	acked := 0
	for sc := bufio.NewScanner(out); acked < n && sc.Scan(); {
		if v, ok := strings.CutPrefix(sc.Text(), "flushed "); ok {
			acked, _ = strconv.Atoi(v)
		}
	}
	cmd.Process.Kill()
	cmd.Wait()
	if acked < n {
		tb.Fatalf("the child %s acknowledged only %d articles before stopping, want %d", child, acked, n)
	}
	return acked
}
