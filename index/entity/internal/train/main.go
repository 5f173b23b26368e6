// Command train learns the weights of the entity tagger (internal/tagger)
// and writes them where package entity embeds them:
//
//	go run ./index/entity/internal/train            # = make train-entities
//
// It reads the Groningen Meaning Bank extract and WikiGold from
// shared/data/ner (found beside the repository or above it; -ner names
// another folder) and re3d-dev from shared/data/corpus (-re3d). -sources
// chooses among gmb, wikigold and re3d. The same data and flags give the
// same bytes.
//
//	go run ./index/entity/internal/train check  # = make check-entities-model
//
// trains a model as the first command does and fails unless it is byte for
// byte the shipped one.
//
//	go run ./index/entity/internal/train cv    # = make eval-entities-cv
//
// cross-validates the whole extractor with the shared scorer
// (shared/eval/entities): the GMB's groups of sentences and WikiGold's
// documents in folds, each scored with a model trained on the other folds;
// WikiGold with a model that read none of it; re3d-dev and the seed with a
// model that read no re3d. It prints Markdown tables and keeps the sets,
// gold and predictions for score.py -v.
//
//	go run ./index/entity/internal/train explain [-model FILE] < TEXT
//
// prints the names the tagger finds in a text, with their margins, and the
// entities the extractor makes of it.
//
//	go run ./index/entity/internal/train extract -model FILE ARTICLES.jsonl
//
// prints the facets of each article as "sitrep extract" does, with the
// model in FILE: for scoring a model trained with other -sources with the
// shared scorer (run.sh 'go run
// ./index/entity/internal/train extract -model FILE').
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"maps"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/sitrep/sitrep/index"
	"github.com/sitrep/sitrep/index/entity"
	"github.com/sitrep/sitrep/index/entity/internal/shared"
	"github.com/sitrep/sitrep/index/entity/internal/tagger"
	"github.com/sitrep/sitrep/index/parse"
)

func main() {
	var err error
	switch {
	case len(os.Args) > 1 && os.Args[1] == "extract":
		err = extract(os.Args[2:])
	case len(os.Args) > 1 && os.Args[1] == "cv":
		err = cv(os.Args[2:])
	case len(os.Args) > 1 && os.Args[1] == "check":
		err = check(os.Args[2:])
	case len(os.Args) > 1 && os.Args[1] == "explain":
		err = explain(os.Args[2:])
	default:
		err = train(os.Args[1:])
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "train:", err)
		os.Exit(1)
	}
}

// options are the training flags that the shipped model and the
// cross-validation share.
type options struct {
	shared.Sources
	repeat string
	bits   uint
	epochs int
	seed   uint64
	rounds int
	prune  float64
}

// flags registers the training flags on fs.
func (o *options) flags(fs *flag.FlagSet) {
	o.Sources.Flags(fs, "training sources")
	fs.UintVar(&o.bits, "bits", 18, "the model has 2^bits feature buckets")
	fs.IntVar(&o.epochs, "epochs", 6, "passes over the data")
	fs.Uint64Var(&o.seed, "seed", 1, "seed of the order of sentences")
	fs.IntVar(&o.rounds, "rounds", 8, "trainings in different orders (seeds seed, seed+1, …) whose weights the model averages")
	fs.Float64Var(&o.prune, "prune", 0.02, "drop averaged weights smaller than this")
	fs.StringVar(&o.repeat, "repeat", "wikigold=2,re3d=2", "sources read more than once per epoch, as SOURCE=N: hand-made annotations weigh more than the GMB's silver tags")
}

func train(args []string) error {
	fs := flag.NewFlagSet("train", flag.ContinueOnError)
	var o options
	o.flags(fs)
	out := fs.String("out", "index/entity/data/tagger.bin.gz", "model file to write")
	if err := fs.Parse(args); err != nil {
		return err
	}
	log := slog.New(slog.NewTextHandler(os.Stderr, nil))
	data, err := o.model(log)
	if err != nil {
		return err
	}
	if err := os.WriteFile(*out, data, 0o644); err != nil {
		return err
	}
	log.Info("wrote", "model", *out, "bytes", len(data))
	return nil
}

// check trains a model with the shipped model's options and fails unless
// it is byte for byte the model the binary embeds.
func check(args []string) error {
	fs := flag.NewFlagSet("check", flag.ContinueOnError)
	var o options
	o.flags(fs)
	if err := fs.Parse(args); err != nil {
		return err
	}
	log := slog.New(slog.NewTextHandler(os.Stderr, nil))
	data, err := o.model(log)
	if err != nil {
		return err
	}
	if !bytes.Equal(data, entity.TaggerModel()) {
		return fmt.Errorf("a fresh training (%d bytes) differs from the shipped index/entity/data/tagger.bin.gz (%d bytes): the gazetteer, the tagger's features or the training data changed since it was trained; run make train-entities and check make eval and make eval-entities-cv", len(data), len(entity.TaggerModel()))
	}
	log.Info("the shipped model is a fresh training's", "bytes", len(data))
	return nil
}

// model trains a model on the sources the options name and returns its
// file's bytes. The tagger reads the gazetteer's word classes, so the
// model is that of the embedded gazetteer.
func (o *options) model(log *slog.Logger) ([]byte, error) {
	x, err := entity.NewWithModel(nil)
	if err != nil {
		return nil, err
	}
	docs, err := o.read(x, log)
	if err != nil {
		return nil, err
	}
	m, err := o.fit(docs, log)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if err := m.Save(&buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// read reads the documents of the training sources, in the order of
// -sources.
func (o *options) read(x *entity.Extractor, log *slog.Logger) ([]doc, error) {
	var all []doc
	for _, src := range strings.Split(o.List, ",") {
		var docs []doc
		var path string
		var err error
		switch src = strings.TrimSpace(src); src {
		case "gmb", "wikigold":
			kinds := gmbKinds
			if src == "wikigold" {
				kinds = wikiKinds
			}
			if path, err = o.CoNLL(src); err == nil {
				docs, err = readCoNLL(x, path, src, tagMap(kinds))
			}
		case "re3d":
			if path, err = o.Re3dFile(); err == nil {
				docs, err = readRe3d(x, path)
			}
		default:
			return nil, fmt.Errorf("unknown source %q: use gmb, wikigold or re3d", src)
		}
		if err != nil {
			return nil, err
		}
		log.Info("read", "source", src, "documents", len(docs))
		all = append(all, docs...)
	}
	return all, nil
}

// fit trains a model on docs, each source read as often as -repeat says.
func (o *options) fit(docs []doc, log *slog.Logger) (*tagger.Model, error) {
	times := map[string]int{}
	for _, r := range strings.Split(o.repeat, ",") {
		if src, n, ok := strings.Cut(strings.TrimSpace(r), "="); ok {
			var err error
			if times[src], err = strconv.Atoi(n); err != nil || times[src] < 1 {
				return nil, fmt.Errorf("-repeat %q: want SOURCE=N with N at least 1", r)
			}
		}
	}
	var sents []tagger.Sentence
	for _, d := range docs {
		for range max(times[d.source], 1) {
			sents = append(sents, d.sents...)
		}
	}
	start := time.Now()
	m := tagger.Train(sents, tagger.TrainOptions{
		Bits: uint8(o.bits), Epochs: o.epochs, Seed: o.seed, Rounds: o.rounds, Prune: o.prune,
		Progress: func(e int, acc float64) {
			log.Debug("epoch", "n", e, "accuracy of scored tokens", fmt.Sprintf("%.4f", acc), "elapsed", time.Since(start).Round(time.Second))
		},
	})
	log.Info("trained", "sentences", len(sents), "elapsed", time.Since(start).Round(100*time.Millisecond))
	return m, nil
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// extract prints the facets of articles as "sitrep extract" does, with a
// model read from a file.
func extract(args []string) error {
	fs := flag.NewFlagSet("extract", flag.ContinueOnError)
	model := fs.String("model", "", "model file written by train (empty: the rules and gazetteer alone, no tagger)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	var data []byte
	if *model != "" {
		var err error
		if data, err = os.ReadFile(*model); err != nil {
			return err
		}
	}
	x, err := entity.NewWithModel(data)
	if err != nil {
		return err
	}
	if len(fs.Args()) == 0 {
		return errors.New("extract: name a JSONL file of articles")
	}
	return extractTo(os.Stdout, x, fs.Args()...)
}

// extractTo writes the facets of the articles in JSONL files as "sitrep
// extract" prints them (without the names as written), one JSON line per
// article.
func extractTo(w io.Writer, x *entity.Extractor, paths ...string) error {
	var inputs []parse.Input
	for _, p := range paths {
		inputs = append(inputs, parse.Input{Path: p, Format: parse.JSONLines})
	}
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	for rec, err := range parse.Read(context.Background(), inputs, nil) {
		if err != nil {
			return err
		}
		a := rec.Article
		a.SetID()
		index.Entities(x, a, true)
		line := map[string]any{"id": a.ID, "title": a.Title, "people": nonNil(a.People), "places": nonNil(a.Places), "organisations": nonNil(a.Organisations)}
		if err := enc.Encode(line); err != nil {
			return err
		}
	}
	return nil
}

// explain prints the tagger's names in the text on standard input, and
// the entities extracted from it.
func explain(args []string) error {
	fs := flag.NewFlagSet("explain", flag.ContinueOnError)
	model := fs.String("model", "", "model file written by train (default: the embedded one)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	x, err := entity.New()
	data := []byte(nil)
	if *model != "" {
		if data, err = os.ReadFile(*model); err == nil {
			x, err = entity.NewWithModel(data)
		}
	}
	if err != nil {
		return err
	}
	if data == nil {
		data = entity.TaggerModel()
	}
	m, err := tagger.Load(data)
	if err != nil {
		return err
	}
	in, err := io.ReadAll(os.Stdin)
	if err != nil {
		return err
	}
	toks, offs := x.TaggerTokens(string(in))
	var sc tagger.Scratch
	for _, sp := range m.Tag(toks, &sc, nil) {
		fmt.Printf("tagger %-4s %6.1f  %s\n", sp.Kind, sp.Margin, in[offs[sp.I][0]:offs[sp.J-1][1]])
	}
	r := x.Extract(entity.Document{Body: string(in)})
	for _, list := range [][]entity.Entity{r.People, r.Places, r.Organisations} {
		for _, e := range list {
			rules := map[string]bool{}
			for _, m := range e.Mentions {
				rules[m.Rule] = true
			}
			fmt.Printf("%-12s %s %v\n", e.Kind, e.Name, slices.Sorted(maps.Keys(rules)))
		}
	}
	return nil
}
