package scorchx

import (
	"context"
	"maps"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2/numeric"

	"github.com/sitrep/sitrep/index"
	"github.com/sitrep/sitrep/index/indextest"
)

// TestKnownReaderAsSnapshot checks that a snapshot's knownReader says of
// every term what scorch's dictionaries say, whether it is asked for the
// first time or again (the tables then answer), for the publication
// dates' terms of every shift and terms no article holds; and that date
// ranges find the same articles with the same scores through it.
func TestKnownReaderAsSnapshot(t *testing.T) {
	ctx := context.Background()
	ix := indextest.Corpus(t)
	b := ix.Bleve()
	cache := NewTableCache([]string{index.FieldPeople, index.FieldPlaces, index.FieldOrganisations, index.FieldSource})
	snap, err := Open(b, b.Mapping(), cache)
	if err != nil {
		t.Fatal(err)
	}
	defer snap.Close()
	known, ok := snap.reader().(*knownReader)
	if !ok {
		t.Fatalf("the snapshot's reader is a %T, not a knownReader", snap.reader())
	}
	theirs, err := snap.snap.FieldDictContains(index.FieldPublished)
	if err != nil {
		t.Fatal(err)
	}
	var terms [][]byte
	held := 0
	for _, tb := range snap.Tables().tables {
		for _, d := range tb.Date {
			if d == NoDate {
				continue
			}
			for shift := uint(0); shift < 64; shift += 4 {
				terms = append(terms, numeric.MustNewPrefixCodedInt64(d, shift), numeric.MustNewPrefixCodedInt64(d+1, shift))
			}
		}
	}
	for round := range 2 {
		ours, err := known.FieldDictContains(index.FieldPublished)
		if err != nil {
			t.Fatal(err)
		}
		for _, term := range terms {
			want, _ := theirs.Contains(term)
			got, err := ours.Contains(term)
			if err != nil || got != want {
				t.Fatalf("round %d: term %x: %v, %v, want %v", round, term, got, err, want)
			}
			if want && round == 0 {
				held++
			}
		}
	}
	if held < 100 || held == len(terms) {
		t.Errorf("%d of %d terms held: the test checks too little", held, len(terms))
	}
	day := func(y, m, d int) time.Time { return time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC) }
	for _, r := range [][2]time.Time{{day(2020, 1, 1), day(2021, 1, 1)}, {day(2024, 3, 5), day(2024, 9, 17)}, {day(1999, 1, 1), {}}, {{}, day(2024, 6, 1)}} {
		for range 2 {
			q := dateRange(r[0], r[1])
			want := scores(t, b, q)
			got := map[string]float64{}
			st := snap.Tables()
			if err := snap.EachMatch(ctx, q, func(doc uint64, score float64) {
				seg, local := st.Locate(doc, 0)
				got[st.Table(seg).ID[local]] = score
			}); err != nil {
				t.Fatal(err)
			}
			if !maps.Equal(got, want) {
				t.Errorf("dates %v: EachMatch found %d articles, bleve %d, or other scores", r, len(got), len(want))
			}
		}
	}
}
