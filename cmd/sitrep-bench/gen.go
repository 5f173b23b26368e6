package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// profile sets the sizes and skew of a generated corpus's entity facets.
// The pools are fixed per profile, not per N: the numbers of distinct
// values seen grow with N until the pools are exhausted.
type profile struct {
	name string
	// people, places and orgs are the sizes of the entity pools.
	people, places, orgs int
	// uniform is the share of entity draws spread evenly over a pool; the
	// rest follow a Zipf law, so a few entities are in many articles.
	uniform float64
	// extraPeople is added to the number of people each article names.
	extraPeople int
}

// profiles are the corpus shapes gen can make. At 100,000 articles the
// default profile names about 1k people, 500 places and 1.5k
// organisations; high-cardinality about 200k people, 5k places and 20k
// organisations.
var profiles = map[string]profile{
	"default":          {name: "default", people: 1_000, places: 500, orgs: 1_500, uniform: 0.2},
	"high-cardinality": {name: "high-cardinality", people: 400_000, places: 5_000, orgs: 20_000, uniform: 0.8, extraPeople: 1},
}

// record is one generated article in Sitrep's JSON input format.
type record struct {
	Title     string `json:"title"`
	Body      string `json:"body"`
	URL       string `json:"url"`
	Source    string `json:"source"`
	Published string `json:"published"`
}

func runGen(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("gen", "gen --n N [--seed S] [--profile default|high-cardinality] [--sample DIR] --out FILE.jsonl", stderr)
	n := fs.Int("n", 10_000, "number of articles")
	seed := fs.Uint64("seed", 1, "random seed: the same seed, n, profile and sample give the same bytes")
	prof := fs.String("profile", "default", "entity cardinality: default or high-cardinality")
	sample := fs.String("sample", "testdata/corpus", "directory of the sample corpus (*.jsonl) whose vocabulary and phrases are drawn on")
	out := fs.String("out", "", "file to write (JSON Lines)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	p, ok := profiles[*prof]
	switch {
	case !ok:
		return fmt.Errorf("gen: unknown profile %q: use default or high-cardinality", *prof)
	case *out == "":
		return fmt.Errorf("gen: --out FILE is required")
	case *n < 1:
		return fmt.Errorf("gen: --n %d: generate at least one article", *n)
	}
	start := time.Now()
	chain, err := loadChain(*sample)
	if err != nil {
		return fmt.Errorf("gen: %w", err)
	}
	g := newGenerator(*seed, p, chain)
	if err := os.MkdirAll(filepath.Dir(*out), 0o755); err != nil {
		return fmt.Errorf("gen: %w", err)
	}
	// Write beside the target and rename, so an interrupted run leaves no
	// truncated corpus behind.
	tmp := *out + ".partial"
	f, err := os.Create(tmp)
	if err != nil {
		return fmt.Errorf("gen: %w", err)
	}
	defer os.Remove(tmp)
	written, err := g.write(ctx, f, *n)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("gen: write %s: %w", *out, err)
	}
	if err := os.Rename(tmp, *out); err != nil {
		return fmt.Errorf("gen: %w", err)
	}
	fmt.Fprintf(stdout, "wrote %d articles (%.1f MB, profile %s, seed %d) to %s in %.1fs\n",
		*n, float64(written)/1e6, p.name, *seed, *out, time.Since(start).Seconds())
	return nil
}

// generator makes articles from a word chain and entity pools. All its
// randomness comes from its seed, so its output is reproducible.
type generator struct {
	rng     *rand.Rand
	chain   *chain
	prof    profile
	people  []person
	places  []place
	orgs    []string
	sources []source
	tail    []string

	peopleZipf, placesZipf, orgsZipf, sourceZipf, tailZipf *rand.Zipf
}

type person struct{ first, last string }

type place struct {
	name string
	// known places are in the gazetteer and may be named bare; invented
	// ones are introduced with a cue ("the town of …").
	known bool
}

type source struct{ name, domain string }

// newGenerator builds the pools from seed (their own random stream) and
// prepares the article stream.
func newGenerator(seed uint64, p profile, c *chain) *generator {
	pools := rand.New(rand.NewPCG(seed, 0x5eed_9001))
	names := newNamer(pools)
	g := &generator{rng: rand.New(rand.NewPCG(seed, 0xa871c1e5)), chain: c, prof: p}

	surnames := names.unique(max(p.people/8, 500), func() string { return capitalize(names.word(2, 3) + pick(pools, surnameEnds)) })
	seenPeople := make(map[person]bool, p.people)
	for len(g.people) < p.people {
		pp := person{pick(pools, firstNames), pick(pools, surnames)}
		if !seenPeople[pp] {
			seenPeople[pp] = true
			g.people = append(g.people, pp)
		}
	}
	for _, name := range knownPlaces {
		if len(g.places) < p.places {
			g.places = append(g.places, place{name: name, known: true})
		}
	}
	for _, name := range names.unique(p.places-len(g.places), func() string { return capitalize(names.word(2, 3) + pick(pools, placeEnds)) }) {
		g.places = append(g.places, place{name: name})
	}
	g.orgs = append(g.orgs, knownOrgs...)
	g.orgs = append(g.orgs, names.unique(p.orgs-len(g.orgs), func() string {
		parts := []string{capitalize(names.word(2, 3))}
		if pools.IntN(2) == 0 {
			parts = append(parts, pick(pools, orgModifiers))
		}
		return strings.Join(append(parts, pick(pools, orgHeads)), " ")
	})...)
	g.sources = sources
	g.tail = names.unique(200_000, func() string { return names.word(2, 4) })

	g.peopleZipf = rand.NewZipf(g.rng, 1.1, 2, uint64(len(g.people)-1))
	g.placesZipf = rand.NewZipf(g.rng, 1.1, 2, uint64(len(g.places)-1))
	g.orgsZipf = rand.NewZipf(g.rng, 1.1, 2, uint64(len(g.orgs)-1))
	g.sourceZipf = rand.NewZipf(g.rng, 1.3, 1, uint64(len(g.sources)-1))
	g.tailZipf = rand.NewZipf(g.rng, 1.05, 2, uint64(len(g.tail)-1))
	return g
}

// draw picks an index into a pool of n: evenly with the profile's uniform
// share, else by z.
func (g *generator) draw(z *rand.Zipf, n int) int {
	if g.rng.Float64() < g.prof.uniform {
		return g.rng.IntN(n)
	}
	return int(z.Uint64())
}

// write writes n articles as JSON Lines to w and returns the bytes written.
func (g *generator) write(ctx context.Context, w io.Writer, n int) (int64, error) {
	cw := &countingWriter{w: w}
	bw := bufio.NewWriterSize(cw, 1<<20)
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false)
	for i := range n {
		if i%1024 == 0 && ctx.Err() != nil {
			return cw.n, ctx.Err()
		}
		if err := enc.Encode(g.article(i)); err != nil {
			return cw.n, err
		}
	}
	if err := bw.Flush(); err != nil {
		return cw.n, err
	}
	return cw.n, nil
}

type countingWriter struct {
	w io.Writer
	n int64
}

func (c *countingWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}

// cast is the entities one article is about.
type cast struct {
	people []person
	places []place
	orgs   []string
	// introduced records which have been named in full already.
	introduced map[string]bool
}

// article generates the i-th article.
func (g *generator) article(i int) record {
	r := g.rng
	c := &cast{introduced: map[string]bool{}}
	for range 1 + r.IntN(4) + g.prof.extraPeople {
		c.people = appendNew(c.people, g.people[g.draw(g.peopleZipf, len(g.people))])
	}
	for range 1 + r.IntN(3) {
		c.places = appendNew(c.places, g.places[g.draw(g.placesZipf, len(g.places))])
	}
	for range 1 + r.IntN(3) {
		c.orgs = appendNew(c.orgs, g.orgs[g.draw(g.orgsZipf, len(g.orgs))])
	}
	src := g.sources[g.sourceZipf.Uint64()]

	// Dates over 20 years, more of them recent, as archives grow.
	start := time.Date(2006, 1, 1, 0, 0, 0, 0, time.UTC)
	span := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC).Sub(start)
	published := start.Add(time.Duration(math.Sqrt(r.Float64()) * float64(span))).Truncate(time.Minute)

	title := g.title(c)
	// Bodies of 300 to 1,500 words, 600 on average, most of them short.
	words := 300 + int(1200*math.Pow(r.Float64(), 3))
	var b strings.Builder
	b.Grow(words * 7)
	b.WriteString(strings.ToUpper(c.places[0].name))
	b.WriteString(" – ")
	n := 0
	for para := 0; n < words; para++ {
		if para > 0 {
			b.WriteString("\n\n")
		}
		for s := range 2 + r.IntN(4) {
			if s > 0 {
				b.WriteByte(' ')
			}
			var sentence string
			// Every entity is introduced early; later ones recur.
			if (para == 0 && s == 0) || r.IntN(4) == 0 {
				sentence = g.entitySentence(c)
			} else {
				sentence = g.chainSentence()
			}
			n += strings.Count(sentence, " ") + 1
			b.WriteString(sentence)
		}
	}
	for _, p := range c.people {
		if !c.introduced[p.first+" "+p.last] {
			b.WriteString("\n\n" + g.introducePerson(c, p))
		}
	}
	slug := strings.Join(strings.Fields(strings.Map(slugRune, strings.ToLower(title))), "-")
	return record{
		Title:     title,
		Body:      b.String(),
		URL:       fmt.Sprintf("https://%s/%s/%s-%d", src.domain, published.Format("2006/01"), slug, i),
		Source:    src.name,
		Published: published.Format(time.RFC3339),
	}
}

func appendNew[T comparable](list []T, v T) []T {
	for _, e := range list {
		if e == v {
			return list
		}
	}
	return append(list, v)
}

func slugRune(r rune) rune {
	if (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9') {
		return r
	}
	return ' '
}

// title makes a headline naming some of the cast.
func (g *generator) title(c *cast) string {
	r := g.rng
	p, pl, o := c.people[0], c.places[0].name, c.orgs[0]
	switch r.IntN(4) {
	case 0:
		return fmt.Sprintf("%s %s %s in %s", o, pick(r, headlineVerbs), pick(r, headlineObjects), pl)
	case 1:
		return fmt.Sprintf("%s %s %s %s talks in %s", pick(r, personTitles), p.first, p.last, pick(r, headlineTalks), pl)
	case 2:
		return fmt.Sprintf("%s: %s %s %s", pl, o, pick(r, headlineVerbs), pick(r, headlineObjects))
	}
	return capitalize(strings.TrimRight(g.chainWords(6+r.IntN(7)), ".,;:"))
}

// entitySentence names one member of the cast the way news does: people
// with a title or a speech verb, organisations in full, invented places
// with a cue.
func (g *generator) entitySentence(c *cast) string {
	r := g.rng
	p := c.people[r.IntN(len(c.people))]
	pl := c.places[r.IntN(len(c.places))]
	o := c.orgs[r.IntN(len(c.orgs))]
	full := p.first + " " + p.last
	if !c.introduced[full] {
		return g.introducePerson(c, p)
	}
	where := placeRef(r, pl)
	rest := strings.TrimRight(g.chainWords(8+r.IntN(10)), ".,;:")
	switch r.IntN(6) {
	case 0:
		return fmt.Sprintf("%s said the %s would %s %s.", p.last, o, pick(r, verbs), rest)
	case 1:
		return fmt.Sprintf("Officials of the %s met %s %s on %s to discuss %s.", o, where, pick(r, weekdays), pick(r, topics), rest)
	case 2:
		return fmt.Sprintf("%s told reporters %s that %s.", p.last, where, rest)
	case 3:
		return fmt.Sprintf("The %s %s %s %s.", o, pick(r, headlineVerbs), pick(r, headlineObjects), where)
	case 4:
		return fmt.Sprintf("Fighting %s continued as %s.", where, rest)
	}
	return fmt.Sprintf("According to the %s, %s.", o, rest)
}

// introducePerson names p in full with a title cue.
func (g *generator) introducePerson(c *cast, p person) string {
	r := g.rng
	c.introduced[p.first+" "+p.last] = true
	o := c.orgs[r.IntN(len(c.orgs))]
	pl := placeRef(r, c.places[r.IntN(len(c.places))])
	rest := strings.TrimRight(g.chainWords(6+r.IntN(10)), ".,;:")
	switch r.IntN(3) {
	case 0:
		return fmt.Sprintf("%s %s %s said the %s had %s.", pick(r, personTitles), p.first, p.last, o, rest)
	case 1:
		return fmt.Sprintf("“We will %s,” said %s %s %s, speaking %s.", rest, pick(r, personTitles), p.first, p.last, pl)
	}
	return fmt.Sprintf("%s %s %s visited the %s %s, where %s.", pick(r, personTitles), p.first, p.last, o, pl, rest)
}

// placeRef names a place in a prepositional phrase: known places bare,
// invented ones behind a cue the extractor knows.
func placeRef(r *rand.Rand, pl place) string {
	if pl.known {
		return pick(r, []string{"in ", "near ", "outside "}) + pl.name
	}
	return pick(r, []string{"in the town of ", "near the city of ", "in the village of ", "in the province of "}) + pl.name
}

// chainSentence is one sentence of the word chain, capitalised.
func (g *generator) chainSentence() string {
	s := g.chainWords(0)
	if !strings.HasSuffix(s, ".") && !strings.HasSuffix(s, "?") && !strings.HasSuffix(s, "!") {
		s = strings.TrimRight(s, ",;:") + "."
	}
	return capitalize(s)
}

// tailShare is the share of content words replaced by a word of the long
// tail vocabulary.
const tailShare = 0.06

// chainWords walks the word chain from a sentence start for up to n words
// (to the end of the sentence when n is 0, at most 40), sprinkling in rare
// words of the tail vocabulary.
func (g *generator) chainWords(n int) string {
	limit := n
	if limit == 0 {
		limit = 40
	}
	var b strings.Builder
	prev := ""
	for i := 0; i < limit; i++ {
		next := g.chain.next(g.rng, prev)
		if next == "" {
			break
		}
		prev = next
		if i > 0 {
			b.WriteByte(' ')
		}
		w := next
		if len(w) >= 4 && isLowerWord(w) && g.rng.Float64() < tailShare {
			w = g.tail[g.tailZipf.Uint64()]
		}
		b.WriteString(w)
		if n == 0 && sentenceEnd(next) {
			break
		}
	}
	return b.String()
}

func isLowerWord(w string) bool {
	for i := 0; i < len(w); i++ {
		if w[i] < 'a' || w[i] > 'z' {
			return false
		}
	}
	return true
}

func capitalize(s string) string {
	if s == "" {
		return s
	}
	if s[0] >= 'a' && s[0] <= 'z' {
		return string(s[0]-'a'+'A') + s[1:]
	}
	return s
}

func pick[T any](r *rand.Rand, list []T) T { return list[r.IntN(len(list))] }

// namer invents pronounceable words, the same ones for the same random
// stream.
type namer struct{ r *rand.Rand }

func newNamer(r *rand.Rand) *namer { return &namer{r: r} }

var (
	onsets = []string{"b", "d", "f", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "z", "br", "dr", "kr", "tr", "st", "sh", "ch", "gr", "vl", "zh"}
	vowels = []string{"a", "e", "i", "o", "u", "a", "e", "o", "ai", "ei"}
	codas  = []string{"", "", "", "n", "r", "l", "s", "k", "v", "nd", "rt", "sk"}
)

// word returns a lower-case word of min to max syllables.
func (nm *namer) word(min, max int) string {
	var b strings.Builder
	for range min + nm.r.IntN(max-min+1) {
		b.WriteString(pick(nm.r, onsets))
		b.WriteString(pick(nm.r, vowels))
		b.WriteString(pick(nm.r, codas))
	}
	return b.String()
}

// unique returns n distinct words made by next.
func (nm *namer) unique(n int, next func() string) []string {
	if n <= 0 {
		return nil
	}
	seen := make(map[string]bool, n)
	out := make([]string, 0, n)
	for len(out) < n {
		w := next()
		if !seen[w] {
			seen[w] = true
			out = append(out, w)
		}
	}
	return out
}
