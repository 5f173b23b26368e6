package entity

import (
	"slices"
	"strings"
	"testing"
)

// TestCapitalisedIndexedAsRead: the positions of a capitalised word in an
// article long enough to be indexed are those a reading finds, in order.
func TestCapitalisedIndexedAsRead(t *testing.T) {
	x, err := New()
	if err != nil {
		t.Fatal(err)
	}
	body := strings.Repeat("Shares in Sony rose, and Flournoy said the convoy moved on. ", 600)
	s := x.pool.Get().(*state)
	defer x.pool.Put(s)
	s.reset(x)
	s.read(0, FieldBody, body, false)
	if len(s.fields[0].toks) <= indexFrom {
		t.Fatalf("%d tokens: the article must be longer than indexFrom (%d) to be indexed", len(s.fields[0].toks), indexFrom)
	}
	for _, key := range []string{"sony", "flournoy", "shares", "nobody"} {
		var want []tokAt
		for k, tok := range s.fields[0].toks {
			if tok.capital && tok.key == key {
				want = append(want, tokAt{0, int32(k)})
			}
		}
		if got := s.capitalised(key, nil); !slices.Equal(got, want) {
			t.Errorf("capitalised(%q): %d positions, a reading finds %d", key, len(got), len(want))
		}
	}
	if !s.traded("sony") || s.traded("flournoy") {
		t.Error("traded: Sony's shares are traded, Flournoy is no company")
	}
}
