package search

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"

	bsearch "github.com/blevesearch/bleve/v2/search"

	"github.com/sitrep/sitrep/index"
)

// cursor is what an opaque cursor holds: the sort it belongs to and the
// sort values of the last hit of the page before.
type cursor struct {
	Sort  Sort     `json:"s"`
	After []string `json:"a"`
}

// encodeCursor makes the cursor continuing after hit. bleve leaves the
// placeholder "_score" among a hit's sort values; the cursor needs the
// score itself.
func encodeCursor(s Sort, hit *bsearch.DocumentMatch) string {
	after := slices.Clone(hit.Sort)
	for i, key := range sortOrders[s] {
		if strings.TrimPrefix(key, "-") == "_score" && i < len(after) {
			after[i] = strconv.FormatFloat(hit.Score, 'g', -1, 64)
		}
	}
	return cursorString(s, after)
}

// cursorString encodes the cursor of sort s after the sort values after.
func cursorString(s Sort, after []string) string {
	b, _ := json.Marshal(cursor{Sort: s, After: after})
	return base64.RawURLEncoding.EncodeToString(b)
}

// badCursor is the mistake of a cursor Sitrep did not give.
func badCursor() error {
	return &QueryError{Param: "cursor", Msg: "the cursor is not one Sitrep gave: pass next_cursor from an earlier answer unchanged, or use page"}
}

func decodeCursor(raw string, s Sort) ([]string, error) {
	var c cursor
	b, err := base64.RawURLEncoding.DecodeString(raw)
	if err == nil {
		err = json.Unmarshal(b, &c)
	}
	if err != nil || len(c.After) != len(sortOrders[s]) {
		return nil, badCursor()
	}
	if c.Sort != s {
		return nil, &QueryError{Param: "cursor", Msg: fmt.Sprintf("the cursor belongs to sort=%s, not sort=%s: keep the sort when paging with a cursor", c.Sort, s)}
	}
	return c.After, nil
}

// cursorKey reads the sort values of a cursor for sort s as a rankKey.
func cursorKey(after []string, s Sort) (rankKey, error) {
	var k rankKey
	for i, field := range sortOrders[s] {
		switch strings.TrimPrefix(field, "-") {
		case "_score":
			score, err := strconv.ParseFloat(after[i], 64)
			if err != nil {
				return k, badCursor()
			}
			k.score = score
		case index.FieldPublished:
			k.pub = after[i]
		case index.FieldID:
			k.id = after[i]
		}
	}
	return k, nil
}

// keyCursor returns the cursor continuing after the match with key k:
// the same sort values a bleve hit's cursor holds (encodeCursor).
func keyCursor(s Sort, k rankKey) string {
	after := make([]string, len(sortOrders[s]))
	for i, field := range sortOrders[s] {
		switch strings.TrimPrefix(field, "-") {
		case "_score":
			after[i] = strconv.FormatFloat(k.score, 'g', -1, 64)
		case index.FieldPublished:
			after[i] = k.pub
		case index.FieldID:
			after[i] = k.id
		}
	}
	return cursorString(s, after)
}
