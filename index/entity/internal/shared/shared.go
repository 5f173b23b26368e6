// Package shared finds the project's shared data and scorer
// (shared/data/ner, shared/eval/entities, …), which lie beside the
// repository or above it, for the tools that learn from them.
package shared

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

// Dir returns shared/REL (as "data/ner") beside the working directory or
// one of its parents.
func Dir(rel string) (string, error) {
	abs, err := filepath.Abs(".")
	if err != nil {
		return "", err
	}
	for d := abs; ; d = filepath.Dir(d) {
		for _, c := range []string{filepath.Join(d, "shared", rel), filepath.Join(d, "..", "shared", rel)} {
			if st, err := os.Stat(c); err == nil && st.IsDir() {
				return c, nil
			}
		}
		if filepath.Dir(d) == d {
			return "", fmt.Errorf("no shared/%s found above %s; pass its folder", rel, abs)
		}
	}
}

// Sources are the flags that name the annotated text the tools learn
// from: the folder of the CoNLL files, re3d-dev, and which to read.
type Sources struct {
	NER, Re3d, List string
}

// Flags registers -ner, -re3d and -sources on fs; what says what the
// sources are for ("training sources").
func (s *Sources) Flags(fs *flag.FlagSet, what string) {
	fs.StringVar(&s.NER, "ner", "", "folder of gmb-voa.conll.gz and wikigold.conll.gz (default: shared/data/ner beside the repo)")
	fs.StringVar(&s.Re3d, "re3d", "", "re3d-dev.jsonl (default: shared/data/corpus/re3d-dev.jsonl beside the repo)")
	fs.StringVar(&s.List, "sources", "gmb,wikigold,re3d", what+", comma-separated: gmb, wikigold, re3d")
}

// CoNLL returns the file of source src ("gmb", "wikigold") in the -ner
// folder, or in shared/data/ner when -ner is not given.
func (s *Sources) CoNLL(src string) (string, error) {
	file, ok := map[string]string{"gmb": "gmb-voa.conll.gz", "wikigold": "wikigold.conll.gz"}[src]
	if !ok {
		return "", fmt.Errorf("no CoNLL file for source %q: use gmb or wikigold", src)
	}
	if s.NER == "" {
		d, err := Dir("data/ner")
		if err != nil {
			return "", err
		}
		s.NER = d
	}
	return filepath.Join(s.NER, file), nil
}

// Re3dFile returns -re3d, or shared/data/corpus/re3d-dev.jsonl when it is
// not given.
func (s *Sources) Re3dFile() (string, error) {
	if s.Re3d == "" {
		d, err := Dir("data/corpus")
		if err != nil {
			return "", err
		}
		s.Re3d = filepath.Join(d, "re3d-dev.jsonl")
	}
	return s.Re3d, nil
}

// SkipRemake skips a test that remakes a shipped file from the shared
// data (what: how else to run it) under -short, under the race detector
// (arithmetic whose rounds share no memory, in which it finds nothing and
// which it slows ten times: make test runs such tests again without it,
// and TestTrainIsDeterministic trains rounds side by side under it) and when
// the shared data is not beside the repository.
func SkipRemake(t testing.TB, what string) {
	t.Helper()
	if testing.Short() {
		t.Skip(what)
	}
	if Race {
		t.Skip("make test runs it without the race detector")
	}
	if _, err := Dir("data/ner"); err != nil {
		t.Skipf("the shared data is not beside the repository: %v", err)
	}
}
