package search_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/sitrep/sitrep/index"
	"github.com/sitrep/sitrep/index/entity"
	"github.com/sitrep/sitrep/index/indextest"
	"github.com/sitrep/sitrep/search"
)

// TestEveryIsisHitSaysWhy checks that each hit of isis on the sample
// corpus, most of which write ISIL, Daesh or Islamic State instead,
// marks what matched in its title or snippet, or names the entity it
// matched through; and that every span marks a name of the Islamic
// State (or of a coalition against it) as the matches list it.
func TestEveryIsisHitSaysWhy(t *testing.T) {
	res, err := mustUncachedEngine(t).Search(context.Background(), search.Request{Query: "isis", Size: 100, NoCollapse: true})
	if err != nil {
		t.Fatal(err)
	}
	if res.Total < 20 || len(res.Hits) != int(res.Total) {
		t.Fatalf("isis: %d hits of %d, want all of at least 20", len(res.Hits), res.Total)
	}
	aliases := 0
	for _, h := range res.Hits {
		marked := len(h.Title.Spans) + len(h.Snippet.Spans)
		entityOnly := slices.ContainsFunc(h.Matched, func(m search.Match) bool { return m.Kind == search.MatchEntity })
		if marked == 0 && !entityOnly {
			t.Errorf("%s %q: nothing marked and no entity match: %+v", h.ID, h.Title.Text, h.Matched)
		}
		if len(h.Matched) == 0 {
			t.Errorf("%s %q: no matches listed", h.ID, h.Title.Text)
		}
		for _, m := range h.Matched {
			switch m.Kind {
			case search.MatchAlias, search.MatchEntity:
				aliases++
				if m.Entity == nil || m.Entity.Kind != entity.Organisation || m.Entity.ID != entity.ID(entity.Organisation, m.Entity.Name) {
					t.Errorf("%s: %s match %q names entity %+v", h.ID, m.Kind, m.Text, m.Entity)
				}
			case search.MatchWord:
				if !strings.EqualFold(m.Text, "isis") {
					t.Errorf("%s: word match %q, want isis", h.ID, m.Text)
				}
			default:
				t.Errorf("%s: unexpected %s match %q", h.ID, m.Kind, m.Text)
			}
		}
		for _, mk := range []search.Marked{h.Title, h.Snippet} {
			for _, sp := range mk.Spans {
				got := mk.Text[sp.Start:sp.End]
				if !slices.ContainsFunc(h.Matched, func(m search.Match) bool {
					return strings.Contains(strings.ToLower(got), strings.ToLower(m.Text)) || strings.Contains(strings.ToLower(m.Text), strings.ToLower(got))
				}) {
					t.Errorf("%s: marked %q is none of the matches %+v", h.ID, got, h.Matched)
				}
			}
		}
	}
	if aliases == 0 {
		t.Error("no hit matched through an alias")
	}
}

// TestMatchKinds checks what each kind of term says of a hit, on a
// small index: a word as written, a stem, a phrase, a prefix, a near
// word, and an entity the text never names.
func TestMatchKinds(t *testing.T) {
	ix := indextest.New(t)
	indextest.Add(t, ix,
		&index.Article{ID: "a", Title: "Missiles over Kirkuk", Body: "The missile strike group sailed. Peshmerga forces held the line.", URL: "https://example.mil/a"},
		&index.Article{ID: "b", Title: "A quiet day", Body: "The group claimed nothing.", Organisations: []string{"Islamic State"}, URL: "https://example.mil/b"},
	)
	e := search.New(ix)
	for _, tc := range []struct {
		name, q string
		id      string
		want    []search.Match
	}{
		{"word and stem", "missile", "a", []search.Match{{Kind: search.MatchStem, Text: "Missiles"}, {Kind: search.MatchWord, Text: "missile"}}},
		{"phrase", `"strike group"`, "a", []search.Match{{Kind: search.MatchPhrase, Text: "strike group"}}},
		{"prefix", "kirk*", "a", []search.Match{{Kind: search.MatchPrefix, Text: "Kirkuk"}}},
		{"fuzzy", "peshmerga~", "a", []search.Match{{Kind: search.MatchWord, Text: "Peshmerga"}}},
		{"near word", "pesmerga~", "a", []search.Match{{Kind: search.MatchFuzzy, Text: "Peshmerga"}}},
		{"entity alone", "islamic", "b", []search.Match{{Kind: search.MatchEntity, Text: "Islamic State",
			Entity: &search.MatchedEntity{ID: entity.ID(entity.Organisation, "Islamic State"), Name: "Islamic State", Kind: entity.Organisation}}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res, err := e.Search(context.Background(), search.Request{Query: tc.q})
			if err != nil {
				t.Fatal(err)
			}
			i := slices.IndexFunc(res.Hits, func(h search.Hit) bool { return h.ID == tc.id })
			if i < 0 {
				t.Fatalf("%s: no hit %s among %d", tc.q, tc.id, len(res.Hits))
			}
			got := res.Hits[i].Matched
			if !slices.EqualFunc(got, tc.want, func(a, b search.Match) bool {
				return a.Kind == b.Kind && a.Text == b.Text && (a.Entity == nil) == (b.Entity == nil) && (a.Entity == nil || *a.Entity == *b.Entity)
			}) {
				t.Errorf("%s: matched %+v, want %+v", tc.q, got, tc.want)
			}
		})
	}
}
