package scorchx

import (
	"fmt"
	"slices"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
	bdoc "github.com/blevesearch/bleve/v2/document"
	"github.com/blevesearch/bleve/v2/mapping"
	bsearch "github.com/blevesearch/bleve/v2/search"
	bindex "github.com/blevesearch/bleve_index_api"
	"github.com/blevesearch/segment"

	"github.com/sitrep/sitrep/index"
)

// document returns the stored document of the article id, as the
// highlighter reads it: its body and captions, which the index stores
// compressed together (index.FieldContent), as fields of their own. It
// returns nil when the snapshot does not hold the article.
func document(r bindex.IndexReader, id string) (bindex.Document, error) {
	d, err := r.Document(id)
	if err != nil || d == nil {
		return nil, err
	}
	doc, ok := d.(*bdoc.Document)
	if !ok {
		return nil, fmt.Errorf("article %s: stored document is a %T, not a bleve document", id, d)
	}
	at := slices.IndexFunc(doc.Fields, func(f bdoc.Field) bool { return f.Name() == index.FieldContent })
	if at < 0 {
		return doc, nil
	}
	body, captions, err := index.DecodeContent(doc.Fields[at].Value())
	if err != nil {
		return nil, fmt.Errorf("article %s: %w", id, err)
	}
	doc.Fields = slices.Delete(doc.Fields, at, at+1)
	doc.AddField(bdoc.NewTextField(index.FieldBody, nil, []byte(body)))
	for i, c := range captions {
		doc.AddField(bdoc.NewTextField(index.FieldCaptions, []uint64{uint64(i)}, []byte(c)))
	}
	return doc, nil
}

// storedArticle is the text an article stores, as the highlighter needs
// it.
type storedArticle struct {
	title, summary, body string
	captions             []string
}

// readStored reads the text fields of a stored document.
func readStored(doc bindex.Document) storedArticle {
	var a storedArticle
	doc.VisitFields(func(f bindex.Field) {
		switch f.Name() {
		case index.FieldTitle:
			a.title = string(f.Value())
		case index.FieldSummary:
			a.summary = string(f.Value())
		case index.FieldBody:
			a.body = string(f.Value())
		case index.FieldCaptions:
			a.captions = append(a.captions, string(f.Value()))
		}
	})
	return a
}

// placeOffsets gives the term locations in m of the title and text fields
// their offsets in the article's text, which the index does not keep
// (index.TextAnalyzer): the text is tokenized again, as it was when it
// was indexed, and each location takes the offsets of the token at its
// position. Locations that carry offsets (an index that stored them) are
// left as they are.
func placeOffsets(m *bsearch.DocumentMatch, a storedArticle, im mapping.IndexMapping) error {
	for _, field := range []string{index.FieldTitle, index.FieldText} {
		terms := m.Locations[field]
		if len(terms) == 0 || hasOffsets(terms) {
			continue
		}
		text := a.title
		if field == index.FieldText {
			text = index.SearchText(a.summary, a.captions, a.body)
		}
		name := im.AnalyzerNameForPath(field)
		an, ok := im.AnalyzerNamed(name).(*analysis.DefaultAnalyzer)
		if !ok || an.Tokenizer == nil {
			return fmt.Errorf("highlight %s: analyzer %q of field %s has no tokenizer to place its words", m.ID, name, field)
		}
		var wanted []int
		for _, ls := range terms {
			for _, l := range ls {
				wanted = append(wanted, int(l.Pos))
			}
		}
		placed := tokenOffsets(an.Tokenizer, []byte(text), wanted)
		for term, ls := range terms {
			kept := ls[:0]
			for _, l := range ls {
				if at, ok := placed[int(l.Pos)]; ok {
					l.Start, l.End = uint64(at[0]), uint64(at[1])
					kept = append(kept, l)
				} // else not a token of the stored text: nothing to mark
			}
			if len(kept) == 0 {
				delete(terms, term)
			} else {
				terms[term] = kept
			}
		}
	}
	return nil
}

// tokenOffsets returns the offsets in text of the tokens at the positions
// wanted, as tok gives them (positions count tokens from 1; the filters
// after a tokenizer drop tokens but never renumber them). For bleve's
// unicode tokenizer, which the text fields use, it walks the word
// segmenter as that tokenizer does, without building tokens, and stops
// after the last position wanted: a hit's matches are often early in a
// long body, and tokenizing it whole took 1 ms a page.
func tokenOffsets(tok analysis.Tokenizer, text []byte, wanted []int) map[int][2]int {
	slices.Sort(wanted)
	wanted = slices.Compact(wanted)
	for len(wanted) > 0 && wanted[0] < 1 {
		wanted = wanted[1:] // no token has it
	}
	out := make(map[int][2]int, len(wanted))
	if len(wanted) == 0 {
		return out
	}
	if _, ok := tok.(*unicode.UnicodeTokenizer); !ok {
		for _, t := range tok.Tokenize(text) {
			if _, found := slices.BinarySearch(wanted, t.Position); found {
				out[t.Position] = [2]int{t.Start, t.End}
			}
		}
		return out
	}
	// As unicode.UnicodeTokenizer.Tokenize: a token per segment of a
	// type other than segment.None, numbered from 1.
	seg := segment.NewWordSegmenterDirect(text)
	start, pos := 0, 1
	for len(wanted) > 0 && seg.Segment() {
		end := start + len(seg.Bytes())
		if seg.Type() != segment.None {
			if pos == wanted[0] {
				out[pos] = [2]int{start, end}
				wanted = wanted[1:]
			}
			pos++
		}
		start = end
	}
	return out
}

// hasOffsets reports whether any of the locations has offsets.
func hasOffsets(terms bsearch.TermLocationMap) bool {
	for _, ls := range terms {
		for _, l := range ls {
			if l.End > 0 {
				return true
			}
		}
	}
	return false
}
