package scorchx

import (
	"cmp"
	"context"
	"slices"
	"strings"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	bsearch "github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/collector"
	"github.com/blevesearch/bleve/v2/search/highlight"
	"github.com/blevesearch/bleve/v2/search/query"
	bindex "github.com/blevesearch/bleve_index_api"

	"github.com/sitrep/sitrep/index"
)

// Hit is a hit Collect found: bleve's match, with its stored fields and
// highlights, and its document number (Tables.Locate).
type Hit struct {
	*bsearch.DocumentMatch
	Doc uint64
}

// Collect runs sr (without facets of its own) on s as bleve's
// SearchInContext does for Sitrep's requests: a top-N collector over the
// query's searcher, then stored fields and highlights for the hits, which
// it returns in order. Sorts on the publication date and the ID read the
// snapshot's tables. With count set, the searcher is wrapped so that every
// match is also handed to count, with its document number and score: one
// pass where bleve's facets would decode each match's doc values into
// maps. shown, when not nil, lists the IDs of the articles to show,
// which sr's query is narrowed to here: their term locations, for the highlighter, are
// then read as they are found, unless one's text is over maxLocatedText;
// otherwise they are read afterwards, for the hits alone (locate).
// explain, when its Func is not nil and sr highlights, is handed each
// hit with its term locations (those of the text moved onto the summary
// and body) and the values of its stored fields that it names before
// the hit is highlighted: it may add locations for the highlighter to
// mark. Its errors are those of bleve's
// searchers (a cancelled ctx among them) and of reading the index.
func (s *Snapshot) Collect(ctx context.Context, sr *bleve.SearchRequest, count func(doc uint64, score float64), shown []string, explain Explainer) ([]Hit, error) {
	ctx = s.scoring(ctx)
	snap := s.snap
	sr.Sort = tableSortOrder(sr.Sort, s.tables)
	var coll *collector.TopNCollector
	if sr.SearchAfter != nil {
		coll = collector.NewTopNCollectorAfter(sr.Size, sr.Sort, sr.SearchAfter)
	} else {
		coll = collector.NewTopNCollector(sr.Size, sr.From, sr.Sort)
	}
	// Unless they are the articles shown, the matches are found without
	// their term locations: only the page's hits are highlighted, and
	// locate finds theirs afterwards.
	docs := make(map[string]bindex.Document, max(len(shown), sr.Size))
	vectors := sr.Highlight != nil && shown != nil
	q, built := sr.Query, ctx // the searchers' query and context
	if shown != nil {
		nums, err := shownDocs(snap, shown, docs, nil)
		if err != nil {
			return nil, err
		}
		for _, doc := range docs {
			vectors = vectors && storedText(doc) <= maxLocatedText
		}
		q, built = narrowTo(q, nums), withAmong(ctx, nums)
	}
	searcher, err := q.Searcher(built, s.reader(), s.mapping, bsearch.SearcherOptions{IncludeTermVectors: vectors})
	if err != nil {
		return nil, err
	}
	defer searcher.Close()
	searcher = &deadlineSearcher{Searcher: searcher, ctx: ctx}
	if count != nil {
		searcher = &countingSearcher{Searcher: searcher, count: count}
	}
	if err := coll.Collect(ctx, searcher, snap); err != nil {
		return nil, err
	}
	var highlighter highlight.Highlighter
	if sr.Highlight != nil {
		if highlighter, err = bleve.Config.Cache.HighlighterNamed(*sr.Highlight.Style); err != nil {
			return nil, err
		}
	}
	hits := coll.Results()
	r := loadedReader{IndexSnapshot: snap, docs: docs}
	switch {
	case sr.Highlight == nil:
	case vectors:
		for _, h := range hits {
			displayLocations(h, docs[h.ID])
		}
	default:
		if err := s.locate(ctx, sr.Query, hits, docs); err != nil {
			return nil, err
		}
	}
	out := make([]Hit, len(hits))
	for i, hit := range hits {
		// A stored article may be large: each hit is highlighted
		// within the request's deadline, from a bounded set of
		// locations.
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		boundLocations(hit.Locations)
		if explain.Func != nil && highlighter != nil {
			if doc := docs[hit.ID]; doc != nil {
				if hit.Locations == nil {
					hit.Locations = bsearch.FieldTermLocationMap{}
				}
				explain.Func(hit, shownOf(doc))
			}
		}
		dropContained(hit.Locations)
		if err, _ := bleve.LoadAndHighlightAllFields(hit, sr, "", r, highlighter); err != nil {
			return nil, err
		}
		out[i] = Hit{DocumentMatch: hit, Doc: hit.IndexInternalID.Value()}
	}
	return out, nil
}

// Explainer is handed each hit Collect finds, with its term locations,
// before the hit is highlighted: Func is called with the hit's stored
// title, summary, body and entity records.
type Explainer struct {
	Func func(hit *bsearch.DocumentMatch, shown Shown)
}

// Shown is what an article stores of the fields a hit shows (title,
// summary, body) and of its entities (index.FieldEntities, packed), as
// the stored document holds them: its slices are the document's own,
// read but neither changed nor kept beyond the call they are handed to.
// A field the article does not store is empty.
type Shown struct {
	Title, Summary, Body, Entities []byte
}

// shownOf returns what doc stores of the fields of Shown, without
// copying them.
func shownOf(doc bindex.Document) Shown {
	var s Shown
	doc.VisitFields(func(f bindex.Field) {
		var to *[]byte
		switch f.Name() {
		case index.FieldTitle:
			to = &s.Title
		case index.FieldSummary:
			to = &s.Summary
		case index.FieldBody:
			to = &s.Body
		case index.FieldEntities:
			to = &s.Entities
		default:
			return
		}
		if *to == nil { // the first value, as a hit shows a field's
			*to = f.Value()
		}
	})
	return s
}

// Locate returns the locations of the terms of q in the article with the
// given ID, those of the text moved onto the summary and body as a hit's
// are, and what it stores of the fields of Shown; found is false when no
// article has the ID. There are no locations when q does not match it or
// its stored text is over maxLocatedText. A nil q locates nothing: the
// stored values alone are read. Its errors are those of searching and
// reading the index.
func (s *Snapshot) Locate(ctx context.Context, q query.Query, id string) (locs bsearch.FieldTermLocationMap, shown Shown, found bool, err error) {
	ctx = s.scoring(ctx)
	hit := &bsearch.DocumentMatch{ID: id}
	docs := map[string]bindex.Document{}
	if q == nil {
		doc, err := document(s.snap, id)
		if err != nil || doc == nil {
			return nil, Shown{}, false, err
		}
		docs[id] = doc
	} else if err := s.locate(ctx, q, bsearch.DocumentMatchCollection{hit}, docs); err != nil {
		return nil, Shown{}, false, err
	}
	doc := docs[id]
	if doc == nil {
		return nil, Shown{}, false, nil
	}
	return hit.Locations, shownOf(doc), true, nil
}

// maxLocatedText bounds the stored text of an article whose term
// locations are read for highlighting: reading them holds every match's
// location in memory at once (an article of 10 MB repeating the word
// searched held 700 MB). A larger article is shown with the start of
// its text, unmarked. News articles are far smaller (the sample corpus's
// longest is 30 KB).
const maxLocatedText = 512 << 10

// Highlighting bounds. bleve's highlighter scores each candidate
// fragment by scanning the field's term locations, so its cost grows
// with the square of their number: an article repeating one word 300,000
// times took 55 s. Only the first maxTermHighlights locations of each
// term, and at most maxFieldHighlights of a field's terms in all, are
// offered to it; the passage shown is the best among them, which for an
// article of ordinary length is the best of all.
const (
	maxTermHighlights  = 64
	maxFieldHighlights = 256
)

// dropContained removes from each field of locs the locations that lie
// within another location of the field (the same value of it): a name
// and a longer name it begins ("ISIL", "ISIL fighters"), or a word
// inside a phrase. bleve's highlighter merges overlapping locations in
// the order it sorts them, by start only and not stably, and gives the
// merged mark the end of the later one: with a location inside another,
// the mark's end changed from one search to the next. Without them its
// marks are the union of the overlapping locations, every time.
func dropContained(locs bsearch.FieldTermLocationMap) {
	for field, terms := range locs {
		if countLocations(terms) < 2 {
			continue
		}
		all := fieldLocations(terms)
		// By value, then start, the longest first, then term: a
		// location is contained when an earlier one of its value ends
		// at or after its end.
		slices.SortFunc(all, func(a, b located) int {
			return cmp.Or(slices.Compare(a.l.ArrayPositions, b.l.ArrayPositions),
				cmp.Compare(a.l.Start, b.l.Start), cmp.Compare(b.l.End, a.l.End), strings.Compare(a.term, b.term))
		})
		var cover *bsearch.Location
		dropped := 0
		for i, x := range all {
			if cover != nil && slices.Equal(cover.ArrayPositions, x.l.ArrayPositions) && x.l.End <= cover.End {
				all[i].l = nil
				dropped++
				continue
			}
			cover = x.l
		}
		if dropped == 0 {
			continue
		}
		// Only a hit with a location inside another pays for new lists.
		kept := make(bsearch.TermLocationMap, len(terms))
		for _, x := range all {
			if x.l != nil {
				kept[x.term] = append(kept[x.term], x.l)
			}
		}
		locs[field] = kept
	}
}

// located is a term's location in a field.
type located struct {
	term string
	l    *bsearch.Location
}

// fieldLocations returns every location of a field's terms, in no order.
func fieldLocations(terms bsearch.TermLocationMap) []located {
	all := make([]located, 0, countLocations(terms))
	for term, ls := range terms {
		for _, l := range ls {
			all = append(all, located{term, l})
		}
	}
	return all
}

// countLocations returns the number of locations of a field's terms.
func countLocations(terms bsearch.TermLocationMap) int {
	n := 0
	for _, ls := range terms {
		n += len(ls)
	}
	return n
}

// boundLocations cuts the term locations of each field in locs to the
// first maxTermHighlights of each term (they are in the order of the
// text), then, when the field still has more than maxFieldHighlights (a
// prefix matching thousands of words), to the first maxFieldHighlights
// of the text, whatever their terms.
func boundLocations(locs bsearch.FieldTermLocationMap) {
	for field, terms := range locs {
		n := 0
		for term, ls := range terms {
			if len(ls) > maxTermHighlights {
				ls = ls[:maxTermHighlights:maxTermHighlights]
				terms[term] = ls
			}
			n += len(ls)
		}
		if n <= maxFieldHighlights {
			continue
		}
		all := fieldLocations(terms)
		slices.SortFunc(all, func(a, b located) int {
			return cmp.Or(cmp.Compare(a.l.Start, b.l.Start), strings.Compare(a.term, b.term))
		})
		kept := bsearch.TermLocationMap{}
		for _, x := range all[:maxFieldHighlights] {
			kept[x.term] = append(kept[x.term], x.l)
		}
		locs[field] = kept
	}
}

// loadedReader reads snap, except for the stored documents in docs, by
// ID, which were loaded already: bleve's field loading and highlighting
// ask for each hit's document again.
type loadedReader struct {
	*scorch.IndexSnapshot
	docs map[string]bindex.Document
}

// Document implements index.IndexReader.
func (r loadedReader) Document(id string) (bindex.Document, error) {
	if d, ok := r.docs[id]; ok {
		return d, nil
	}
	return document(r.IndexSnapshot, id)
}

// locate gives hits the locations of the terms of q that match them, for
// the highlighter: q is searched again, with term vectors, among the hits
// alone, which costs a few postings lookups instead of reading the
// locations of every match of the first pass. Hits whose stored text is
// over maxLocatedText get none. The stored documents it loads are kept in
// docs, which may hold some already.
func (s *Snapshot) locate(ctx context.Context, q query.Query, hits bsearch.DocumentMatchCollection, docs map[string]bindex.Document) error {
	ids := make([]string, len(hits))
	for i, h := range hits {
		ids[i] = h.ID
	}
	nums, err := shownDocs(s.snap, ids, docs, func(doc bindex.Document) bool { return storedText(doc) <= maxLocatedText })
	if err != nil {
		return err
	}
	if len(nums) == 0 {
		return nil
	}
	searcher, err := narrowTo(q, nums).Searcher(withAmong(ctx, nums), s.reader(), s.mapping, bsearch.SearcherOptions{IncludeTermVectors: true})
	if err != nil {
		return err
	}
	defer searcher.Close()
	coll := collector.NewTopNCollector(len(hits), 0, bsearch.SortOrder{&bsearch.SortDocID{}})
	if err := coll.Collect(ctx, searcher, s.snap); err != nil {
		return err
	}
	byID := make(map[string]*bsearch.DocumentMatch, len(hits))
	for _, m := range coll.Results() {
		byID[m.ID] = m
	}
	for _, h := range hits {
		m := byID[h.ID]
		if m == nil {
			continue
		}
		displayLocations(m, docs[m.ID])
		h.Locations = m.Locations
	}
	return nil
}

// displayLocations moves the locations in m of the text field
// (index.SearchText: summary, captions, body) to the stored fields the
// highlighter reads, summary and body, with offsets into them; the
// captions' are dropped, and the other fields' stay as they are. doc is
// the article's stored document.
func displayLocations(m *bsearch.DocumentMatch, doc bindex.Document) {
	text, ok := m.Locations[index.FieldText]
	if !ok {
		return
	}
	delete(m.Locations, index.FieldText)
	if doc == nil {
		return
	}
	var summary string
	var captions []string
	doc.VisitFields(func(f bindex.Field) {
		switch f.Name() {
		case index.FieldSummary:
			summary = string(f.Value())
		case index.FieldCaptions:
			captions = append(captions, string(f.Value()))
		}
	})
	summaryEnd, bodyStart := uint64(len(summary)), uint64(index.BodyStart(summary, captions))
	for term, ls := range text {
		for _, l := range ls {
			field, shift := index.FieldBody, bodyStart
			switch {
			case l.End <= summaryEnd:
				field, shift = index.FieldSummary, 0
			case l.Start < bodyStart:
				continue // a caption
			}
			if m.Locations[field] == nil {
				m.Locations[field] = bsearch.TermLocationMap{}
			}
			moved := *l
			moved.Start -= shift
			moved.End -= shift
			m.Locations[field][term] = append(m.Locations[field][term], &moved)
		}
	}
}

// storedText returns the bytes of text doc stores.
func storedText(doc bindex.Document) int {
	n := 0
	doc.VisitFields(func(f bindex.Field) { n += len(f.Value()) })
	return n
}

// countingSearcher hands a searcher's matches on unchanged, counting
// each one's facets on the way.
type countingSearcher struct {
	bsearch.Searcher
	count func(doc uint64, score float64)
}

// Next returns the searcher's next match, counted.
func (s *countingSearcher) Next(ctx *bsearch.SearchContext) (*bsearch.DocumentMatch, error) {
	dm, err := s.Searcher.Next(ctx)
	if dm != nil {
		s.count(dm.IndexInternalID.Value(), dm.Score)
	}
	return dm, err
}

// Advance moves the searcher to ID or beyond, counting the match it
// returns.
func (s *countingSearcher) Advance(ctx *bsearch.SearchContext, id bindex.IndexInternalID) (*bsearch.DocumentMatch, error) {
	dm, err := s.Searcher.Advance(ctx, id)
	if dm != nil {
		s.count(dm.IndexInternalID.Value(), dm.Score)
	}
	return dm, err
}
