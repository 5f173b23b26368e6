// Command sitrep-bench measures Sitrep at scale: it generates a
// deterministic synthetic corpus of defence news and benchmarks ingest,
// search and the HTTP API over it.
//
//	sitrep-bench gen --n 100000 --seed 1 --profile default --out /tmp/scale.jsonl
//	sitrep-bench run --corpus /tmp/scale.jsonl --index /tmp/scale.bleve [--reuse] [--http-seconds 20]
//
// gen writes JSON Lines in Sitrep's input format (title, body, url, source,
// published) whose text names people, places and organisations the way
// news does, so that the entity facets come from extraction. run builds an
// index through the real ingest path, then prints Markdown tables of ingest
// throughput, query latencies and HTTP load. See docs/PERFORMANCE.md.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

const usage = `sitrep-bench: scale benchmarks for Sitrep

Usage:
  sitrep-bench gen --n N [--seed S] [--profile default|high-cardinality] --out FILE.jsonl
  sitrep-bench run --corpus FILE.jsonl --index DIR [--reuse] [--http-seconds S]
  sitrep-bench bytes --index DIR [--raw-mb MB]

Run "sitrep-bench COMMAND --help" for a command's flags.
`

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	if err != nil && !errors.Is(err, flag.ErrHelp) {
		fmt.Fprintln(os.Stderr, "sitrep-bench:", err)
		os.Exit(1)
	}
}

// run executes the command line args (without the program name).
func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return errors.New("no command: use gen or run")
	}
	switch args[0] {
	case "gen":
		return runGen(ctx, args[1:], stdout, stderr)
	case "bytes":
		return runBytes(ctx, args[1:], stdout, stderr)
	case "run":
		return runBench(ctx, args[1:], stdout, stderr)
	case "help", "-h", "-help", "--help":
		fmt.Fprint(stdout, usage)
		return nil
	}
	fmt.Fprint(stderr, usage)
	return fmt.Errorf("unknown command %q: use gen or run", args[0])
}

// newFlagSet returns a flag set that reports to stderr and returns errors.
func newFlagSet(name, synopsis string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet("sitrep-bench "+name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(stderr, "Usage: sitrep-bench %s\n\nFlags:\n", synopsis)
		fs.PrintDefaults()
	}
	return fs
}
