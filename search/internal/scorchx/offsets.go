package scorchx

import (
	"fmt"
	"slices"

	"github.com/blevesearch/bleve/v2/analysis"
	bdoc "github.com/blevesearch/bleve/v2/document"
	"github.com/blevesearch/bleve/v2/mapping"
	bsearch "github.com/blevesearch/bleve/v2/search"
	bindex "github.com/blevesearch/bleve_index_api"

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
		tokens := an.Tokenizer.Tokenize([]byte(text))
		for term, ls := range terms {
			kept := ls[:0]
			for _, l := range ls {
				// Positions count tokens from 1; the filters after the
				// tokenizer drop tokens but never renumber them.
				i := int(l.Pos) - 1
				if i < 0 || i >= len(tokens) || tokens[i].Position != int(l.Pos) {
					continue // not a token of the stored text: nothing to mark
				}
				l.Start, l.End = uint64(tokens[i].Start), uint64(tokens[i].End)
				kept = append(kept, l)
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
