package ingest_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/sitrep/sitrep/index/entity"
	"github.com/sitrep/sitrep/index/indextest"
	"github.com/sitrep/sitrep/index/ingest"
	"github.com/sitrep/sitrep/index/parse"
	"github.com/sitrep/sitrep/search"
)

// extractor loads the entity extractor once for every test of the
// package: loading takes seconds under the race detector, and an
// Extractor is immutable.
var extractor = sync.OnceValues(entity.New)

func TestRun(t *testing.T) {
	x, err := extractor()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	feed := filepath.Join(dir, "feed.jsonl")
	lines := `{"title": "Peshmerga hold Kirkuk road", "body": "Peshmerga fighters held the road near Kirkuk, Iraq.", "url": "https://x.mil/1"}
{"title": "broken"
{"title": "Curated only", "body": "Nothing to find here.", "url": "https://x.mil/2", "people": ["Daesh"], "organisations": ["ISIL"]}
`
	if err := os.WriteFile(feed, []byte(lines), 0o644); err != nil {
		t.Fatal(err)
	}
	inputs, _, err := parse.Expand([]string{feed})
	if err != nil {
		t.Fatal(err)
	}

	tests := []struct {
		name         string
		extract      bool
		wantPlaces   bool // the first article gets extracted places
		wantRejected int
	}{
		{"with extraction", true, true, 1},
		{"without extraction", false, false, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ix := indextest.New(t)
			var rejects []error
			var progress []int
			rep, err := ingest.Run(context.Background(), ix, inputs, ingest.Config{
				Extractor: x, Extract: tt.extract,
				OnReject:   func(err error) { rejects = append(rejects, err) },
				OnProgress: func(p ingest.Progress) { progress = append(progress, p.Records) },
			})
			if err != nil {
				t.Fatal(err)
			}
			if rep.Indexed != 2 || rep.Rejected != tt.wantRejected || len(rejects) != tt.wantRejected {
				t.Errorf("report %v with %d rejections reported, want 2 indexed and %d rejected", rep, len(rejects), tt.wantRejected)
			}
			var re *parse.RecordError
			if len(rejects) > 0 && (!errors.As(rejects[0], &re) || re.Line != 2) {
				t.Errorf("rejection %v does not name line 2", rejects[0])
			}
			if len(progress) != 2 || progress[1] != 3 {
				t.Errorf("progress calls %v, want one per article counting the rejected record", progress)
			}
			eng := search.New(ix)
			res, err := eng.Search(context.Background(), search.Request{Query: "peshmerga"})
			if err != nil || len(res.Hits) != 1 {
				t.Fatalf("search: %v, %v", err, res)
			}
			if got := len(res.Hits[0].Places) > 0; got != tt.wantPlaces {
				t.Errorf("places %q: extracted = %v, want %v", res.Hits[0].Places, got, tt.wantPlaces)
			}
			// Curated values are canonicalised either way.
			res, err = eng.Search(context.Background(), search.Request{Organisations: []string{"Islamic State"}})
			if err != nil || res.Total != 1 {
				t.Errorf("the curated organisation ISIL is not indexed as Islamic State: %v, %+v", err, res)
			}
			if !strings.HasPrefix(rep.String(), "indexed 2, updated 0, unchanged 0, rejected 1 (3 records in") {
				t.Errorf("report reads %q", rep)
			}
		})
	}
}

func TestRunInterrupted(t *testing.T) {
	x, err := extractor()
	if err != nil {
		t.Fatal(err)
	}
	inputs, _, err := parse.Expand([]string{indextest.CorpusDir()})
	if err != nil {
		t.Fatal(err)
	}
	ix := indextest.New(t)
	ctx, cancel := context.WithCancel(context.Background())
	rep, err := ingest.Run(ctx, ix, inputs, ingest.Config{Extractor: x, Extract: true, OnProgress: func(p ingest.Progress) {
		if p.Records == 10 {
			cancel()
		}
	}})
	if err != nil {
		t.Fatal(err)
	}
	n, _ := ix.Count()
	if !rep.Interrupted || rep.Indexed < 10 || int(n) != rep.Indexed {
		t.Errorf("after an interrupt: report %v (interrupted %v), index holds %d: what was read must be saved", rep, rep.Interrupted, n)
	}
}

// TestRunProgressCountsSaved checks that the progress counts as saved
// only the articles whose batch was flushed: each is in the index when
// reported, and none still waiting in a batch is counted.
func TestRunProgressCountsSaved(t *testing.T) {
	x, err := extractor()
	if err != nil {
		t.Fatal(err)
	}
	inputs, _, err := parse.Expand([]string{indextest.CorpusDir()})
	if err != nil {
		t.Fatal(err)
	}
	const batch = 10
	ix := indextest.New(t)
	calls, lastSaved := 0, 0
	rep, err := ingest.Run(context.Background(), ix, inputs, ingest.Config{
		BatchSize: batch, Extractor: x, Extract: true,
		OnProgress: func(p ingest.Progress) {
			calls++
			// The corpus has no rejected record and no id twice, so the
			// writer has been given p.Records articles and has flushed
			// the whole batches among them.
			if want := p.Records / batch * batch; p.Saved != want {
				t.Errorf("after %d records: %d saved, want %d (the whole batches flushed)", p.Records, p.Saved, want)
			}
			if n, err := ix.Count(); err != nil || int(n) != p.Saved {
				t.Errorf("after %d records: %d reported saved, but the index holds %d (%v)", p.Records, p.Saved, n, err)
			}
			lastSaved = p.Saved
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	if calls != indextest.CorpusSize || rep.Total() != indextest.CorpusSize {
		t.Fatalf("%d progress calls, report %v: want %d of each", calls, rep, indextest.CorpusSize)
	}
	if want := indextest.CorpusSize / batch * batch; lastSaved != want {
		t.Errorf("the last progress counted %d saved, want %d: the last, partial batch is flushed after it", lastSaved, want)
	}
}
