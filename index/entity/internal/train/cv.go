package main

// The cross-validation of the extractor (make eval-entities-cv): models
// trained without the documents they are scored on, the whole extractor
// (gazetteer, rules, coreference and tagger) run on those documents as
// "sitrep extract" runs, and its facets judged by the shared scorer
// (../shared/eval/entities: score.py, names.py, aliases.tsv).

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"

	"github.com/sitrep/sitrep/index/entity"
	"github.com/sitrep/sitrep/index/entity/internal/shared"
	"github.com/sitrep/sitrep/index/entity/internal/tagger"
)

// groupGold turns the names of a held-out document, as tagged, into the
// shared scorer's gold: its names.group merges the surfaces of one entity
// ("Payne" into "Sean Payne") as the judge's gold does.
//
//go:embed groupgold.py
var groupGold []byte

// score is the shared scorer's summary of one kind: score.py --json.
type score struct{ P, R, F1 float64 }

// kinds are the rows of a set, in the scorer's names.
var kinds = []string{"people", "places", "organisations", "all"}

// result is the scores of one set with the rules alone and with the tagger.
type result struct {
	set, note    string
	rules, model map[string]score
	gold         string // the gold file, for score.py -v
}

func cv(args []string) error {
	fs := flag.NewFlagSet("cv", flag.ContinueOnError)
	var o options
	o.flags(fs)
	folds := fs.Int("folds", 5, "GMB groups and WikiGold documents are split into this many folds by their number")
	work := fs.String("work", filepath.Join(os.TempDir(), "sitrep-cv"), "folder for the sets, gold, predictions and models (kept, for score.py -v)")
	evalDir := fs.String("eval", "", "the shared scorer's folder (default: shared/eval/entities beside the repo)")
	verbose := fs.Bool("v", false, "log each training's progress")
	baseline := fs.Bool("rules", true, "score the rules alone too (the first column; scoring the GMB takes a while)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	level := slog.LevelInfo
	if *verbose {
		level = slog.LevelDebug
	}
	log := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: level}))
	if *folds < 2 {
		return fmt.Errorf("-folds %d: want at least 2", *folds)
	}
	if *evalDir == "" {
		var err error
		if *evalDir, err = shared.Dir("eval/entities"); err != nil {
			return err
		}
	}
	if err := os.MkdirAll(*work, 0o755); err != nil {
		return err
	}
	rules, err := entity.NewWithModel(nil)
	if err != nil {
		return err
	}
	o.List = "gmb,wikigold,re3d"
	docs, err := o.read(rules, log)
	if err != nil {
		return err
	}
	c := &cvRun{o: o, log: log, work: *work, eval: *evalDir, docs: docs}
	if *baseline {
		c.rules = rules
	}
	var results []result

	// k-fold: each fold of the GMB and of WikiGold scored with a model
	// trained on the other folds and on re3d-dev.
	sets := []string{"gmb", "wikigold"}
	spans := map[string]*[5]prf{}
	pooled := map[string][2][]string{} // set → article files, prediction files
	for k := range *folds {
		held := func(d doc) bool { return d.source != "re3d" && d.n%*folds == k }
		m, x, err := c.model(func(d doc) bool { return !held(d) }, fmt.Sprintf("fold%d", k))
		if err != nil {
			return err
		}
		for _, set := range sets {
			test := slices.DeleteFunc(slices.Clone(docs), func(d doc) bool { return d.source != set || !held(d) })
			name := fmt.Sprintf("%s-fold%d", set, k)
			arts, err := c.writeSet(name, test)
			if err != nil {
				return err
			}
			pred := filepath.Join(c.work, "pred-"+name+".jsonl")
			if err := c.extract(x, arts, pred); err != nil {
				return err
			}
			p := pooled[set]
			pooled[set] = [2][]string{append(p[0], arts), append(p[1], pred)}
			if spans[set] == nil {
				spans[set] = &[5]prf{}
			}
			spanScores(m, test, spans[set])
		}
	}
	for _, set := range sets {
		name := fmt.Sprintf("%s-%dfold", set, *folds)
		r, err := c.pooled(name, pooled[set][0], pooled[set][1])
		if err != nil {
			return err
		}
		r.note = fmt.Sprintf("%d-fold: each fold by a model trained on the other folds of the GMB and WikiGold and on re3d-dev", *folds)
		results = append(results, r)
	}

	// Leave one source out: WikiGold by a model that read none of it.
	_, x, err := c.model(func(d doc) bool { return d.source != "wikigold" }, "no-wikigold")
	if err != nil {
		return err
	}
	wiki := slices.DeleteFunc(slices.Clone(docs), func(d doc) bool { return d.source != "wikigold" })
	arts, err := c.writeSet("wikigold-all", wiki)
	if err != nil {
		return err
	}
	r, err := c.score("wikigold-all", x, arts, filepath.Join(c.work, "gold-wikigold-all.jsonl"))
	if err != nil {
		return err
	}
	r.note = "source left out: model trained on the GMB and re3d-dev only"
	results = append(results, r)

	// re3d-dev and the seed by a model that read no re3d, and by the
	// shipped model (trained on re3d-dev).
	_, x, err = c.model(func(d doc) bool { return d.source != "re3d" }, "no-re3d")
	if err != nil {
		return err
	}
	shipped, err := entity.New()
	if err != nil {
		return err
	}
	for _, set := range []string{"re3d-dev", "seed"} {
		arts := filepath.Join(c.eval, "articles-"+set+".jsonl")
		gold := filepath.Join(c.eval, "gold-"+set+".jsonl")
		r, err := c.score(set+"-no-re3d", x, arts, gold)
		if err != nil {
			return err
		}
		r.set, r.note = set, "source left out: model trained on the GMB and WikiGold only"
		results = append(results, r)
		r, err = c.score(set+"-shipped", shipped, arts, gold)
		if err != nil {
			return err
		}
		r.set, r.note = set, "seen: the shipped model (run.sh 'bin/sitrep extract')"
		results = append(results, r)
	}

	printResults(os.Stdout, results)
	fmt.Println()
	fmt.Printf("The tagger alone, exact spans, pooled over the %d folds:\n\n", *folds)
	printSpans(os.Stdout, spans)
	fmt.Printf("\nSets, gold and predictions are in %s: python3 %s/score.py GOLD PRED -v lists every error.\n", c.work, c.eval)
	return nil
}

// cvRun holds what the steps of a cross-validation share.
type cvRun struct {
	o          options
	log        *slog.Logger
	work, eval string
	rules      *entity.Extractor // nil: the rules alone are not scored
	docs       []doc
}

// model trains a model on the documents keep accepts and returns it with
// an extractor that uses it.
func (c *cvRun) model(keep func(doc) bool, name string) (*tagger.Model, *entity.Extractor, error) {
	train := slices.DeleteFunc(slices.Clone(c.docs), func(d doc) bool { return !keep(d) })
	c.log.Info("training", "model", name, "documents", len(train))
	m, err := c.o.fit(train, c.log)
	if err != nil {
		return nil, nil, err
	}
	var buf bytes.Buffer
	if err := m.Save(&buf); err != nil {
		return nil, nil, err
	}
	if err := os.WriteFile(filepath.Join(c.work, "model-"+name+".bin.gz"), buf.Bytes(), 0o644); err != nil {
		return nil, nil, err
	}
	x, err := entity.NewWithModel(buf.Bytes())
	return m, x, err
}

// writeSet writes held-out documents as articles (id, title, body) and as
// the shared scorer's gold, and returns the articles' path. The gold lists
// the tagged names of each document, merged into entities by the shared
// names.group; miscellaneous names are optional.
func (c *cvRun) writeSet(name string, held []doc) (string, error) {
	var arts, surfaces bytes.Buffer
	for _, d := range held {
		id := fmt.Sprintf("%s-%04d", d.source, d.n)
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
		for _, p := range []struct {
			buf *bytes.Buffer
			v   any
		}{{&arts, art}, {&surfaces, gold}} {
			b, err := json.Marshal(p.v)
			if err != nil {
				return "", err
			}
			p.buf.Write(b)
			p.buf.WriteByte('\n')
		}
	}
	path := filepath.Join(c.work, "articles-"+name+".jsonl")
	if err := os.WriteFile(path, arts.Bytes(), 0o644); err != nil {
		return "", err
	}
	script := filepath.Join(c.work, "groupgold.py")
	if err := os.WriteFile(script, groupGold, 0o644); err != nil {
		return "", err
	}
	gold, err := c.python(&surfaces, script, c.eval)
	if err != nil {
		return "", err
	}
	return path, os.WriteFile(filepath.Join(c.work, "gold-"+name+".jsonl"), gold, 0o644)
}

// python runs a Python script of the shared scorer's (or ours) and
// returns its output.
func (c *cvRun) python(stdin io.Reader, args ...string) ([]byte, error) {
	cmd := exec.Command("python3", args...)
	cmd.Stdin = stdin
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("python3 %s: %w: %s (the shared scorer needs python3)", strings.Join(args, " "), err, strings.TrimSpace(errb.String()))
	}
	return out.Bytes(), nil
}

// extract writes the facets of the articles in arts, as "sitrep extract"
// prints them, to pred.
func (c *cvRun) extract(x *entity.Extractor, arts, pred string) error {
	var buf bytes.Buffer
	if err := extractTo(&buf, x, arts); err != nil {
		return err
	}
	return os.WriteFile(pred, buf.Bytes(), 0o644)
}

// score extracts the articles with x and with the rules alone, and
// scores both against gold with the shared scorer.
func (c *cvRun) score(name string, x *entity.Extractor, arts, gold string) (result, error) {
	r := result{set: name, gold: gold}
	for _, run := range []struct {
		x   *entity.Extractor
		tag string
		out *map[string]score
	}{{c.rules, "rules", &r.rules}, {x, "model", &r.model}} {
		if run.x == nil {
			continue
		}
		pred := filepath.Join(c.work, "pred-"+name+"-"+run.tag+".jsonl")
		if err := c.extract(run.x, arts, pred); err != nil {
			return r, err
		}
		var err error
		if *run.out, err = c.judge(arts, gold, pred); err != nil {
			return r, err
		}
	}
	return r, nil
}

// pooled scores the folds of one set together: their articles, gold and
// predictions (each fold's by its own model) joined into one file each.
func (c *cvRun) pooled(name string, arts, preds []string) (result, error) {
	join := func(kind string, files []string) (string, error) {
		var buf bytes.Buffer
		for _, f := range files {
			b, err := os.ReadFile(f)
			if err != nil {
				return "", err
			}
			buf.Write(b)
		}
		path := filepath.Join(c.work, kind+"-"+name+".jsonl")
		return path, os.WriteFile(path, buf.Bytes(), 0o644)
	}
	golds := make([]string, len(arts))
	for i, a := range arts {
		golds[i] = filepath.Join(filepath.Dir(a), "gold-"+strings.TrimPrefix(filepath.Base(a), "articles-"))
	}
	all, err := join("articles", arts)
	if err != nil {
		return result{}, err
	}
	gold, err := join("gold", golds)
	if err != nil {
		return result{}, err
	}
	pred, err := join("pred", preds)
	if err != nil {
		return result{}, err
	}
	r := result{set: name, gold: gold}
	if r.model, err = c.judge(all, gold, pred); err != nil {
		return r, err
	}
	if c.rules == nil {
		return r, nil
	}
	rulesPred := filepath.Join(c.work, "pred-"+name+"-rules.jsonl")
	if err := c.extract(c.rules, all, rulesPred); err != nil {
		return r, err
	}
	r.rules, err = c.judge(all, gold, rulesPred)
	return r, err
}

// judge gives predictions the ids of their articles (realign.py) and
// scores them (score.py --json), as run.sh does.
func (c *cvRun) judge(arts, gold, pred string) (map[string]score, error) {
	aligned, err := c.python(nil, filepath.Join(c.eval, "realign.py"), arts, pred)
	if err != nil {
		return nil, err
	}
	path := strings.TrimSuffix(pred, ".jsonl") + ".aligned.jsonl"
	if err := os.WriteFile(path, aligned, 0o644); err != nil {
		return nil, err
	}
	out, err := c.python(nil, filepath.Join(c.eval, "score.py"), gold, path, "--json")
	if err != nil {
		return nil, err
	}
	var s map[string]score
	if err := json.Unmarshal(out, &s); err != nil {
		return nil, fmt.Errorf("score.py --json printed %q: %w", out, err)
	}
	return s, nil
}

// printResults prints the scores as a Markdown table.
func printResults(w io.Writer, results []result) {
	fmt.Fprintln(w, "| set | kind | rules alone P / R / F1 | with the tagger P / R / F1 |")
	fmt.Fprintln(w, "|---|---|---|---|")
	for _, r := range results {
		for i, k := range kinds {
			set := ""
			if i == 0 {
				set = r.set + " (" + r.note + ")"
			}
			fmt.Fprintf(w, "| %s | %s | %s | %s |\n", set, k, r.rules[k], r.model[k])
		}
	}
}

func (s score) String() string { return fmt.Sprintf("%.3f / %.3f / %.3f", s.P, s.R, s.F1) }

// prf counts a kind's spans: true positives, false positives, misses.
type prf struct{ tp, fp, fn int }

// spanScores adds the tagger's exact-span counts on docs to c, by kind.
func spanScores(m *tagger.Model, docs []doc, c *[5]prf) {
	var sc tagger.Scratch
	var got []tagger.Span
	same := func(a tagger.Span) func(tagger.Span) bool {
		return func(b tagger.Span) bool { return a.I == b.I && a.J == b.J && a.Kind == b.Kind }
	}
	for _, d := range docs {
		for _, s := range d.sents {
			got = m.Tag(s.Toks, &sc, got)
			gold := tagger.Names(s.Tags)
			for _, g := range got {
				if slices.ContainsFunc(gold, same(g)) {
					c[g.Kind].tp++
				} else {
					c[g.Kind].fp++
				}
			}
			for _, g := range gold {
				if !slices.ContainsFunc(got, same(g)) {
					c[g.Kind].fn++
				}
			}
		}
	}
}

// printSpans prints the tagger's exact-span scores by set and kind.
func printSpans(w io.Writer, counts map[string]*[5]prf) {
	fmt.Fprintln(w, "| set | PER P / R / F1 | ORG | LOC | MISC |")
	fmt.Fprintln(w, "|---|---|---|---|---|")
	for _, set := range slices.Sorted(maps.Keys(counts)) {
		fmt.Fprintf(w, "| %s |", set)
		for k := tagger.Per; k <= tagger.Misc; k++ {
			c := counts[set][k]
			p := float64(c.tp) / float64(max(c.tp+c.fp, 1))
			r := float64(c.tp) / float64(max(c.tp+c.fn, 1))
			f := 0.0
			if p+r > 0 {
				f = 2 * p * r / (p + r)
			}
			fmt.Fprintf(w, " %s |", score{P: p, R: r, F1: f})
		}
		fmt.Fprintln(w)
	}
}
