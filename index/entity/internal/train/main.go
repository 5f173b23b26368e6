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
// -holdout keeps every fifth WikiGold document and every tenth group of 20
// GMB sentences out of training, prints the tagger's own span scores on
// them, and with -heldout-dir writes them as articles and gold in the
// shared scorer's format (score.py GOLD PRED), so that the whole extractor
// can be scored on text it was not trained on.
//
//	go run ./index/entity/internal/train explain [-model FILE] < TEXT
//
// prints the names the tagger finds in a text, with their margins, and the
// entities the extractor makes of it.
//
//	go run ./index/entity/internal/train extract -model FILE ARTICLES.jsonl
//
// prints the facets of each article as "sitrep extract" does, with the
// model in FILE: for scoring a model trained with -holdout or other
// -sources with the shared scorer (run.sh 'go run
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
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/sitrep/sitrep/index"
	"github.com/sitrep/sitrep/index/entity"
	"github.com/sitrep/sitrep/index/entity/internal/tagger"
	"github.com/sitrep/sitrep/index/parse"
)

func main() {
	var err error
	switch {
	case len(os.Args) > 1 && os.Args[1] == "extract":
		err = extract(os.Args[2:])
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

func train(args []string) error {
	fs := flag.NewFlagSet("train", flag.ContinueOnError)
	ner := fs.String("ner", "", "folder of gmb-voa.conll.gz and wikigold.conll.gz (default: shared/data/ner beside the repo)")
	re3d := fs.String("re3d", "", "re3d-dev.jsonl (default: shared/data/corpus/re3d-dev.jsonl beside the repo)")
	sources := fs.String("sources", "gmb,wikigold,re3d", "training sources, comma-separated: gmb, wikigold, re3d")
	out := fs.String("out", "index/entity/data/tagger.bin.gz", "model file to write")
	bits := fs.Uint("bits", 18, "the model has 2^bits feature buckets")
	epochs := fs.Int("epochs", 6, "passes over the data")
	seed := fs.Uint64("seed", 1, "seed of the order of sentences")
	prune := fs.Float64("prune", 0.02, "drop averaged weights smaller than this")
	repeat := fs.String("repeat", "wikigold=2,re3d=2", "sources read more than once per epoch, as SOURCE=N: hand-made annotations weigh more than the GMB's silver tags")
	holdout := fs.Bool("holdout", false, "keep every 5th WikiGold document and every 10th GMB group out of training, and score on them")
	heldoutDir := fs.String("heldout-dir", "", "with -holdout: write the held-out documents here as articles-SRC.jsonl and gold-SRC.jsonl")
	if err := fs.Parse(args); err != nil {
		return err
	}
	log := slog.New(slog.NewTextHandler(os.Stderr, nil))
	x, err := entity.NewWithModel(nil)
	if err != nil {
		return err
	}
	if *ner == "" {
		if *ner, err = findShared("ner"); err != nil {
			return err
		}
	}
	if *re3d == "" {
		if d, err := findShared("corpus"); err == nil {
			*re3d = filepath.Join(d, "re3d-dev.jsonl")
		}
	}
	var trainDocs, held []doc
	for _, src := range strings.Split(*sources, ",") {
		var docs []doc
		every := 0
		switch strings.TrimSpace(src) {
		case "gmb":
			docs, err = readCoNLL(x, filepath.Join(*ner, "gmb-voa.conll.gz"), "gmb", tagMap(gmbKinds))
			every = 10
		case "wikigold":
			docs, err = readCoNLL(x, filepath.Join(*ner, "wikigold.conll.gz"), "wikigold", tagMap(wikiKinds))
			every = 5
		case "re3d":
			docs, err = readRe3d(x, *re3d)
		default:
			return fmt.Errorf("unknown source %q: use gmb, wikigold or re3d", src)
		}
		if err != nil {
			return err
		}
		for i, d := range docs {
			if *holdout && every > 0 && i%every == 0 {
				held = append(held, d)
			} else {
				trainDocs = append(trainDocs, d)
			}
		}
		log.Info("read", "source", src, "documents", len(docs))
	}
	times := map[string]int{}
	for _, r := range strings.Split(*repeat, ",") {
		if src, n, ok := strings.Cut(strings.TrimSpace(r), "="); ok {
			if times[src], err = strconv.Atoi(n); err != nil || times[src] < 1 {
				return fmt.Errorf("-repeat %q: want SOURCE=N with N at least 1", r)
			}
		}
	}
	var sents []tagger.Sentence
	for _, d := range trainDocs {
		for range max(times[d.source], 1) {
			sents = append(sents, d.sents...)
		}
	}
	start := time.Now()
	m := tagger.Train(sents, tagger.TrainOptions{
		Bits: uint8(*bits), Epochs: *epochs, Seed: *seed, Prune: *prune,
		Progress: func(e int, acc float64) {
			log.Info("epoch", "n", e, "accuracy of scored tokens", fmt.Sprintf("%.4f", acc), "elapsed", time.Since(start).Round(time.Second))
		},
	})
	var buf bytes.Buffer
	if err := m.Save(&buf); err != nil {
		return err
	}
	if err := os.WriteFile(*out, buf.Bytes(), 0o644); err != nil {
		return err
	}
	log.Info("wrote", "model", *out, "bytes", buf.Len(), "sentences", len(sents))
	if len(held) > 0 {
		report(m, held)
		if *heldoutDir != "" {
			return writeHeldout(*heldoutDir, held)
		}
	}
	return nil
}

// findShared returns shared/data/NAME beside the working directory or one
// of its parents.
func findShared(name string) (string, error) {
	abs, err := filepath.Abs(".")
	if err != nil {
		return "", err
	}
	for d := abs; ; d = filepath.Dir(d) {
		for _, c := range []string{filepath.Join(d, "shared", "data", name), filepath.Join(d, "..", "shared", "data", name)} {
			if st, err := os.Stat(c); err == nil && st.IsDir() {
				return c, nil
			}
		}
		if filepath.Dir(d) == d {
			return "", fmt.Errorf("no shared/data/%s found above %s; pass its folder", name, abs)
		}
	}
}

// report prints the tagger's exact-span precision, recall and F1 per kind
// on the held-out documents, by source.
func report(m *tagger.Model, held []doc) {
	type prf struct{ tp, fp, fn int }
	counts := map[string]*[5]prf{}
	var sc tagger.Scratch
	var got []tagger.Span
	for _, d := range held {
		c := counts[d.source]
		if c == nil {
			c = &[5]prf{}
			counts[d.source] = c
		}
		for _, s := range d.sents {
			got = m.Tag(s.Toks, &sc, got)
			gold := tagger.Names(s.Tags)
			for _, g := range got {
				if slices.ContainsFunc(gold, func(o tagger.Span) bool { return o.I == g.I && o.J == g.J && o.Kind == g.Kind }) {
					c[g.Kind].tp++
				} else {
					c[g.Kind].fp++
				}
			}
			for _, g := range gold {
				if !slices.ContainsFunc(got, func(o tagger.Span) bool { return o.I == g.I && o.J == g.J && o.Kind == g.Kind }) {
					c[g.Kind].fn++
				}
			}
		}
	}
	srcs := make([]string, 0, len(counts))
	for s := range counts {
		srcs = append(srcs, s)
	}
	slices.Sort(srcs)
	fmt.Printf("%-9s %-5s %6s %6s %6s %6s\n", "held out", "kind", "P", "R", "F1", "gold")
	for _, src := range srcs {
		for k := tagger.Per; k <= tagger.Misc; k++ {
			c := counts[src][k]
			p := float64(c.tp) / float64(max(c.tp+c.fp, 1))
			r := float64(c.tp) / float64(max(c.tp+c.fn, 1))
			f := 0.0
			if p+r > 0 {
				f = 2 * p * r / (p + r)
			}
			fmt.Printf("%-9s %-5s %6.3f %6.3f %6.3f %6d\n", src, k, p, r, f, c.tp+c.fn)
		}
	}
}

// writeHeldout writes the held-out documents in the shared scorer's
// formats: articles (id, title, body) and document-level gold (people,
// places, organisations; miscellaneous names optional).
func writeHeldout(dir string, held []doc) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	files := map[string][2]*bytes.Buffer{}
	for n, d := range held {
		bufs, ok := files[d.source]
		if !ok {
			bufs = [2]*bytes.Buffer{{}, {}}
			files[d.source] = bufs
		}
		id := fmt.Sprintf("%s-%04d", d.source, n)
		var body []string
		lists := map[tagger.Kind][]string{}
		for _, s := range d.sents {
			body = append(body, text(s.Toks, 0, len(s.Toks)))
			for _, g := range tagger.Names(s.Tags) {
				name := text(s.Toks, g.I, g.J)
				if !slices.Contains(lists[g.Kind], name) {
					lists[g.Kind] = append(lists[g.Kind], name)
				}
			}
		}
		art := map[string]string{"id": id, "title": "document " + id, "body": strings.Join(body, " ")}
		gold := map[string]any{"id": id, "people": nonNil(lists[tagger.Per]), "places": nonNil(lists[tagger.Loc]),
			"organisations": nonNil(lists[tagger.Org]), "optional": nonNil(lists[tagger.Misc])}
		for i, v := range []any{art, gold} {
			b, err := json.Marshal(v)
			if err != nil {
				return err
			}
			bufs[i].Write(b)
			bufs[i].WriteByte('\n')
		}
	}
	for src, bufs := range files {
		for i, name := range []string{"articles-", "gold-"} {
			if err := os.WriteFile(filepath.Join(dir, name+src+".jsonl"), bufs[i].Bytes(), 0o644); err != nil {
				return err
			}
		}
	}
	return nil
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
	var inputs []parse.Input
	for _, p := range fs.Args() {
		inputs = append(inputs, parse.Input{Path: p, Format: parse.JSONLines})
	}
	if len(inputs) == 0 {
		return errors.New("extract: name a JSONL file of articles")
	}
	enc := json.NewEncoder(os.Stdout)
	enc.SetEscapeHTML(false)
	for rec, err := range parse.Read(context.Background(), inputs, os.Stdin) {
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
