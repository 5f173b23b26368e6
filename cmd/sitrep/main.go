// Command sitrep is a full-text search engine for defence news: it ingests
// articles into a bleve index on disk, searches them, and serves a JSON API.
//
//	sitrep ingest [--index DIR] PATH…
//	sitrep search [--index DIR] [--json] QUERY…
//	sitrep serve  [--index DIR] [--addr HOST:PORT]
//	sitrep extract [--verbose] FILE…
//	sitrep entities [--index DIR] [NAME|ID]…
//	sitrep reshard --cluster NATS --to STREAM --shards S
//
// Run "sitrep COMMAND --help" for each command's flags.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/sitrep/sitrep/index/entity"
	"github.com/sitrep/sitrep/search"
)

// Exit codes.
const (
	exitOK       = 0
	exitFailure  = 1
	exitUsage    = 2
	exitRejected = 3 // ingest finished, but some records were rejected
	exitSignal   = 130
)

// defaultIndex is where the index lives unless --index says otherwise.
const defaultIndex = "data/sitrep.bleve"

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, mainProcess(), os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(exitCode(err, os.Stderr))
}

// process is what a command may set for the whole process, beyond its own
// work, and what it takes from the process: its environment and the entity
// extractor. Only main passes the real one, from mainProcess; a test that
// calls run in its own process passes process{}, under which a command
// changes nothing global and sees an empty environment, or one that
// records what the command set, holds the environment the test gives it,
// or shares one extractor between commands.
type process struct {
	// limitPrefixTerms bounds, for every search in the process, how many
	// index words a prefix may expand to (search.LimitPrefixTerms); nil
	// leaves the bound as it is.
	limitPrefixTerms func(n int)
	// getenv reads a variable of the environment (os.Getenv); nil reads
	// an empty environment.
	getenv func(key string) string
	// newExtractor returns the entity extractor ingest, serve and extract
	// use; nil loads one with entity.New. An Extractor is immutable, so
	// commands may share one.
	newExtractor func() (*entity.Extractor, error)
}

// mainProcess sets the process-wide defaults every command runs under and
// returns the process that may change them: for main, and for a test's
// child process standing in for it.
func mainProcess() process {
	// Every command bounds prefix expansions; serve sets its
	// --max-prefix-terms instead.
	search.LimitPrefixTerms(search.MaxPrefixTerms)
	return process{limitPrefixTerms: search.LimitPrefixTerms, getenv: os.Getenv}
}

// env returns the value of the environment variable key, "" when p reads
// no environment.
func (p process) env(key string) string {
	if p.getenv == nil {
		return ""
	}
	return p.getenv(key)
}

// extractor returns the entity extractor a command uses.
func (p process) extractor() (*entity.Extractor, error) {
	if p.newExtractor == nil {
		return entity.New()
	}
	return p.newExtractor()
}

// setPrefixTerms bounds prefix expansions for the whole process, when p
// may.
func (p process) setPrefixTerms(n int) {
	if p.limitPrefixTerms != nil {
		p.limitPrefixTerms(n)
	}
}

// exitError carries an exit code other than exitFailure.
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string { return e.err.Error() }
func (e *exitError) Unwrap() error { return e.err }

// exitCode prints err, if any, and returns the process's exit code.
func exitCode(err error, stderr io.Writer) int {
	if err == nil {
		return exitOK
	}
	if errors.Is(err, flag.ErrHelp) {
		return exitOK
	}
	var ee *exitError
	if errors.As(err, &ee) {
		if ee.err != nil && ee.err.Error() != "" {
			fmt.Fprintln(stderr, "sitrep:", ee.err)
		}
		return ee.code
	}
	fmt.Fprintln(stderr, "sitrep:", err)
	return exitFailure
}

// env is what every command gets: its streams, a logger, and the process
// settings it may change.
type env struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	logger         *slog.Logger
	process        process
}

const usage = `sitrep: full-text search for defence news

Usage:
  sitrep ingest [--index DIR] [--batch-size N] PATH…   index articles from files, directories or - (stdin)
  sitrep search [--index DIR] [--json] QUERY…          search the index from the command line
  sitrep serve  [--index DIR] [--addr HOST:PORT]       serve the search pages and JSON API (loads the sample corpus into an empty index)
  sitrep extract [--verbose] FILE…                     print each article's people, places and organisations as JSON lines
  sitrep entities [--index DIR] [NAME|ID]…             show entities across the index: names as written, and why names joined
  sitrep reshard --cluster NATS --to STREAM --shards S  copy a cluster's article log to a new one with another number of shards

The index defaults to ` + defaultIndex + `. Run "sitrep COMMAND --help" for a command's flags.
`

// run executes the command line args (without the program name). It
// changes process-wide settings only through p.
func run(ctx context.Context, p process, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return &exitError{code: exitUsage, err: errors.New("")}
	}
	e := &env{stdin: stdin, stdout: stdout, stderr: stderr, process: p}
	e.logger = slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelInfo}))
	cmd, rest := args[0], args[1:]
	switch cmd {
	case "ingest":
		return explainReadOnly(runIngest(ctx, e, rest))
	case "search":
		return explainReadOnly(runSearch(ctx, e, rest))
	case "serve":
		return explainReadOnly(runServe(ctx, e, rest))
	case "extract":
		return runExtract(ctx, e, rest)
	case "entities":
		return explainReadOnly(runEntities(ctx, e, rest))
	case "reshard":
		return runReshard(ctx, e, rest)
	case "help", "-h", "-help", "--help":
		fmt.Fprint(stdout, usage)
		return nil
	}
	fmt.Fprint(stderr, usage)
	return &exitError{code: exitUsage, err: fmt.Errorf("unknown command %q: use ingest, search, serve, extract, entities or reshard", cmd)}
}

// explainReadOnly adds what to do to an error caused by a filesystem
// mounted read-only, and returns any other error as it is. bleve does not
// always wrap the system error, so its text is checked too.
func explainReadOnly(err error) error {
	if err == nil || (!errors.Is(err, syscall.EROFS) && !strings.Contains(err.Error(), syscall.EROFS.Error())) {
		return err
	}
	return fmt.Errorf("%w (sitrep opens its index for writing, even to search: remount the filesystem read-write, or copy the index to a writable --index)", err)
}

// newFlagSet returns a flag set for a command whose usage text is
// synopsis followed by the flag defaults.
func newFlagSet(e *env, name, synopsis string) *flag.FlagSet {
	fs := flag.NewFlagSet("sitrep "+name, flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "Usage: sitrep %s\n\nFlags:\n", synopsis)
		fs.PrintDefaults()
	}
	return fs
}

// parseFlags parses args, allowing flags after positional arguments
// ("sitrep ingest corpus/ --index x"); everything after "--" is positional.
// Usage mistakes come back with exit code exitUsage.
func parseFlags(fs *flag.FlagSet, args []string) ([]string, error) {
	head, tail := args, []string(nil)
	for i, a := range args {
		if a == "--" {
			head, tail = args[:i], args[i+1:]
			break
		}
	}
	var positional []string
	for {
		if err := fs.Parse(head); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, err
			}
			return nil, &exitError{code: exitUsage, err: errors.New("")}
		}
		head = fs.Args()
		if len(head) == 0 {
			break
		}
		positional = append(positional, head[0])
		head = head[1:]
	}
	return append(positional, tail...), nil
}

// usageError reports a mistake in the command line, with the command's usage.
func usageError(fs *flag.FlagSet, format string, args ...any) error {
	fs.Usage()
	return &exitError{code: exitUsage, err: fmt.Errorf(format, args...)}
}

// indexFlag declares the --index flag every command has.
func indexFlag(fs *flag.FlagSet) *string {
	return fs.String("index", defaultIndex, "index directory (created when missing)")
}

// plural returns "1 article" or "2 articles".
func plural(n int, word string) string {
	if n == 1 {
		return fmt.Sprintf("%d %s", n, word)
	}
	if stem, ok := strings.CutSuffix(word, "y"); ok {
		return fmt.Sprintf("%d %sies", n, stem)
	}
	return fmt.Sprintf("%d %s", n, strings.TrimSuffix(word, "s")+"s")
}
