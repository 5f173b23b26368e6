package search_test

import (
	"context"
	"errors"
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
		&index.Article{ID: "c", Title: "Talks in Irbil", Body: "Celeste Wallander met officials.", People: []string{"Celeste Wallander"}, URL: "https://example.mil/c"},
	)
	wallander := &search.MatchedEntity{ID: entity.ID(entity.Person, "Celeste Wallander"), Name: "Celeste Wallander", Kind: entity.Person}
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
		{"scoped entity", "person:wallander", "c", []search.Match{{Kind: search.MatchAlias, Text: "Celeste Wallander", Entity: wallander}}},
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

// TestAnnotate checks an article annotated for a query: its matches
// marked as a hit's are, the entity it matched through among them, and
// its entities' mentions found; an unknown ID is ErrNotFound.
func TestAnnotate(t *testing.T) {
	e := mustEngine(t)
	ctx := context.Background()
	res, err := e.Search(ctx, search.Request{Query: "isis", Size: 100})
	if err != nil {
		t.Fatal(err)
	}
	var hit *search.Hit
	for i, h := range res.Hits {
		if len(h.Title.Spans) > 0 && slices.ContainsFunc(h.Matched, func(m search.Match) bool { return m.Kind == search.MatchAlias }) {
			hit = &res.Hits[i]
			break
		}
	}
	if hit == nil {
		t.Fatal("no isis hit with an alias marked in its title")
	}
	a, err := e.Annotate(ctx, hit.ID, "isis")
	if err != nil {
		t.Fatal(err)
	}
	if got, want := bracketed(a.Title.Marked), bracketed(hit.Title); got != want {
		t.Errorf("title %q, want it marked as the hit's: %q", got, want)
	}
	if len(a.Body.Spans) == 0 {
		t.Errorf("body %.200q: nothing marked", a.Body.Text)
	}
	for _, sp := range a.Body.Spans {
		got := a.Body.Text[sp.Start:sp.End]
		if !slices.ContainsFunc(a.Matched, func(m search.Match) bool { return strings.EqualFold(m.Text, got) }) {
			t.Errorf("body marks %q, which is none of the matches %+v", got, a.Matched)
		}
	}
	kinds := map[entity.Kind]int{}
	for _, m := range append(a.Title.Mentions, a.Body.Mentions...) {
		kinds[m.Entity.Kind]++
		if m.Entity.ID != entity.ID(m.Entity.Kind, m.Entity.Name) {
			t.Errorf("mention %+v: wrong id", m)
		}
	}
	if kinds[entity.Organisation] == 0 {
		t.Errorf("no organisation mentioned in %q: %v", hit.Title.Text, kinds)
	}

	plain, err := e.Annotate(ctx, hit.ID, "")
	if err != nil {
		t.Fatal(err)
	}
	if len(plain.Title.Spans)+len(plain.Body.Spans) != 0 || len(plain.Matched) != 0 || len(plain.Body.Mentions) != len(a.Body.Mentions) {
		t.Errorf("without a query: %d title marks, %d body marks, %d matched, %d mentions; want none, none, none, %d",
			len(plain.Title.Spans), len(plain.Body.Spans), len(plain.Matched), len(plain.Body.Mentions), len(a.Body.Mentions))
	}
	if _, err := e.Annotate(ctx, "no-such-id", "isis"); !errors.Is(err, search.ErrNotFound) {
		t.Errorf("an unknown id: %v, want ErrNotFound", err)
	}
}

// TestScopedEntityMarked checks that the hits of a scoped entity search
// on the sample corpus (person:, organisation:) mark the names the
// article writes of the entity, or say they matched through it.
func TestScopedEntityMarked(t *testing.T) {
	for _, tc := range []struct {
		q    string
		kind entity.Kind
	}{{"person:wallander", entity.Person}, {"organisation:peshmerga", entity.Organisation}} {
		res, err := mustUncachedEngine(t).Search(context.Background(), search.Request{Query: tc.q, Size: 100, NoCollapse: true})
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Hits) == 0 {
			t.Fatalf("%s: no hits", tc.q)
		}
		for _, h := range res.Hits {
			if len(h.Matched) == 0 || len(h.Title.Spans)+len(h.Snippet.Spans) == 0 && h.Matched[0].Kind != search.MatchEntity {
				t.Errorf("%s: %s %q: marks %d, matched %+v", tc.q, h.ID, h.Title.Text, len(h.Title.Spans)+len(h.Snippet.Spans), h.Matched)
			}
			for _, m := range h.Matched {
				if m.Entity == nil || m.Entity.Kind != tc.kind {
					t.Errorf("%s: %s: match %+v is not of a %s", tc.q, h.ID, m, tc.kind)
				}
			}
		}
	}
}
