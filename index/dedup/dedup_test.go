package dedup_test

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/sitrep/sitrep/index/dedup"
)

type doc struct {
	id, story, body string
}

// corpusBodies returns the bodies of the sample corpus's JSON Lines files.
func corpusBodies(t *testing.T) []doc {
	t.Helper()
	var out []doc
	for _, f := range []string{"dvids.jsonl", "re3d-dev.jsonl"} {
		file, err := os.Open("../../testdata/corpus/" + f)
		if err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(file)
		sc.Buffer(nil, 1<<20)
		for sc.Scan() {
			var r struct{ ID, Title, Body string }
			if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
				t.Fatal(err)
			}
			out = append(out, doc{id: r.ID, story: r.ID, body: r.Body})
		}
		file.Close()
	}
	if len(out) < 100 {
		t.Fatalf("only %d corpus articles", len(out))
	}
	return out
}

// syndicate makes the copies an outlet would run of a wire story: its own
// dateline and boilerplate, a trimmed ending, a reworded sentence.
func syndicate(d doc, variant int) doc {
	paras := strings.Split(d.body, "\n\n")
	switch variant {
	case 0:
		paras = append([]string{"WASHINGTON (Defense Wire) —"}, paras...)
		paras = append(paras, "© 2026 Defense Wire. All rights reserved. Sign up for our daily newsletter to get the latest defence news.")
	case 1:
		if len(paras) > 3 {
			paras = paras[:len(paras)-1]
		}
		paras[0] = strings.Replace(paras[0], " said", " stated", 1)
		paras = append(paras, "Reporting by Jane Marlow; editing by Omar Haddad.")
	case 2:
		paras = append([]string{"Read more: Army tests new glide body", "Advertisement"}, paras...)
		paras[len(paras)-1] = strings.ToUpper(paras[len(paras)-1][:1]) + paras[len(paras)-1][1:]
	}
	return doc{id: fmt.Sprintf("%s/copy%d", d.id, variant), story: d.story, body: strings.Join(paras, "\n\n")}
}

// TestDuplicateDetection measures precision and recall of "same story"
// over every pair of a set of corpus articles and their syndicated copies.
// The corpus's own near-misses — daily strike reports written from one
// template, strike-group stories, quarterly results — must stay apart.
func TestDuplicateDetection(t *testing.T) {
	originals := corpusBodies(t)
	var docs []doc
	for i, d := range originals {
		if _, ok := dedup.Fingerprint(d.body); !ok {
			continue
		}
		docs = append(docs, d)
		if i%2 == 0 { // half of the stories are syndicated, twice
			docs = append(docs, syndicate(d, i%3), syndicate(d, (i+1)%3))
		}
	}
	fps := make([]uint64, len(docs))
	for i, d := range docs {
		fps[i], _ = dedup.Fingerprint(d.body)
	}
	var tp, fp, fn int
	for i := range docs {
		for j := i + 1; j < len(docs); j++ {
			same := storyOf(docs[i].story) == storyOf(docs[j].story)
			near := dedup.Distance(fps[i], fps[j]) <= dedup.MaxDistance
			switch {
			case same && near:
				tp++
			case near:
				fp++
				t.Logf("near-miss joined (distance %d): %s ~ %s", dedup.Distance(fps[i], fps[j]), docs[i].id, docs[j].id)
			case same:
				fn++
				t.Logf("copy missed (distance %d): %s ~ %s", dedup.Distance(fps[i], fps[j]), docs[i].id, docs[j].id)
			}
		}
	}
	precision := float64(tp) / float64(max(tp+fp, 1))
	recall := float64(tp) / float64(max(tp+fn, 1))
	t.Logf("%d texts, %d pairs: true %d, false %d, missed %d: precision %.3f, recall %.3f", len(docs), len(docs)*(len(docs)-1)/2, tp, fp, fn, precision, recall)
	if precision < 0.99 || recall < 0.95 {
		t.Errorf("precision %.3f, recall %.3f: want at least 0.99 and 0.95 (docs/FEEDS.md)", precision, recall)
	}
}

// storyOf maps the corpus's one known duplicate, a DoD release filed twice
// with small differences (read and checked by hand), to one story.
func storyOf(id string) string {
	if id == "sanlee-049-policy-official-notes-cybersecurity-challenges" {
		return "sanlee-048-policy-official-notes-cybersecurity-challenges"
	}
	return id
}

func TestStoriesAssign(t *testing.T) {
	docs := corpusBodies(t)
	var s dedup.Stories
	a, _ := dedup.Fingerprint(docs[0].body)
	b, _ := dedup.Fingerprint(syndicate(docs[0], 1).body)
	c, _ := dedup.Fingerprint(docs[1].body)
	if got := s.Assign("first", a); got != "first" {
		t.Errorf("a new story is named by its first copy: got %q", got)
	}
	if got := s.Assign("second", b); got != "first" {
		t.Errorf("a syndicated copy joins the story: got %q", got)
	}
	if got := s.Assign("third", c); got != "third" {
		t.Errorf("another story starts its own: got %q", got)
	}
	if _, ok := dedup.Fingerprint("Too short to tell stories apart."); ok {
		t.Error("a short text was fingerprinted")
	}
}
