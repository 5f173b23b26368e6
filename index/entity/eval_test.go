package entity_test

import (
	"testing"

	"github.com/sitrep/sitrep/index/entity"
	"github.com/sitrep/sitrep/index/entity/entityeval"
)

// floors are the scores the extractor must keep, just under what it
// reaches (docs/ENTITIES.md): a regression guard, not a target.
var floors = map[string]map[entity.Kind]struct{ P, R, F1 float64 }{
	"re3d-dev": {
		entity.Person:       {0.92, 0.78, 0.85},
		entity.Place:        {0.85, 0.93, 0.89},
		entity.Organisation: {0.84, 0.68, 0.76},
	},
	"seed": {
		entity.Person:       {1, 1, 1},
		entity.Place:        {1, 1, 1},
		entity.Organisation: {1, 1, 1},
	},
	"dvids": {
		entity.Person:       {0.96, 0.92, 0.94},
		entity.Place:        {0.94, 0.92, 0.93},
		entity.Organisation: {0.77, 0.75, 0.76},
	},
}

func TestEvaluationFloors(t *testing.T) {
	x := mustExtractor(t)
	dir, err := entityeval.FindDir(".")
	if err != nil {
		t.Fatal(err)
	}
	predict := func(d entity.Document) entityeval.Names { return entityeval.FromResult(x.Extract(d)) }
	for _, set := range entityeval.Sets {
		t.Run(set, func(t *testing.T) {
			arts, err := entityeval.Load(x, dir, set)
			if err != nil {
				t.Fatal(err)
			}
			if len(arts) == 0 {
				t.Fatal("no articles loaded")
			}
			rep := entityeval.Score(x, set, arts, predict)
			for _, k := range entityeval.Kinds {
				c, f := rep.Counts[k], floors[set][k]
				if c.TP+c.FN == 0 {
					t.Errorf("%s: no gold entities", k)
				}
				if c.Precision() < f.P || c.Recall() < f.R || c.F1() < f.F1 {
					t.Errorf("%s: P %.3f R %.3f F1 %.3f, below the floor P %.2f R %.2f F1 %.2f", k, c.Precision(), c.Recall(), c.F1(), f.P, f.R, f.F1)
				}
			}
			t.Logf("\n%s", entityeval.Table(rep))
		})
	}
}

func TestGoldFromSpans(t *testing.T) {
	x := mustExtractor(t)
	text := "Iraqi Prime Minister Haider al-Abadi met ISIL terrorists and the coalition near Palmyra, Syria. We said so."
	r := []rune(text)
	span := func(sub, typ string, conf float64) entityeval.Span {
		i := indexRunes(r, []rune(sub))
		return entityeval.Span{Begin: i, End: i + len([]rune(sub)), Type: typ, Value: sub, Confidence: conf}
	}
	spans := []entityeval.Span{
		span("Iraqi Prime Minister Haider al-Abadi", "Person", 1),
		span("Haider al-Abadi", "Person", 0),
		span("Iraqi", "Nationality", 0),
		span("ISIL terrorists", "Organisation", 1),
		span("ISIL", "Organisation", 0),
		span("the coalition", "Organisation", 1),
		span("Palmyra, Syria", "Location", 1),
		span("We", "Organisation", 1),
	}
	got := entityeval.GoldFromSpans(x, text, spans)
	want := entityeval.Names{
		entity.Person:       {"Haider al-Abadi"},
		entity.Place:        {"Palmyra", "Syria"},
		entity.Organisation: {"ISIL"},
	}
	for _, k := range entityeval.Kinds {
		if len(got[k]) != len(want[k]) {
			t.Errorf("%s: got %v, want %v", k, got[k], want[k])
			continue
		}
		for i := range want[k] {
			if got[k][i] != want[k][i] {
				t.Errorf("%s: got %v, want %v", k, got[k], want[k])
			}
		}
	}
}

func indexRunes(s, sub []rune) int {
	for i := 0; i+len(sub) <= len(s); i++ {
		if string(s[i:i+len(sub)]) == string(sub) {
			return i
		}
	}
	return -1
}
