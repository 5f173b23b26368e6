package scorchx

import (
	"fmt"
	"slices"

	bdoc "github.com/blevesearch/bleve/v2/document"
	"github.com/blevesearch/bleve/v2/index/scorch"
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
	return withContent(doc)
}

// documentAt returns the stored document of the article id, which is at
// document number n of snap, as document does, without looking its ID
// up; nil when snap has no document n. It reads the stored values as
// scorch's IndexSnapshot.Document does (Sitrep never changes a field's
// mapping in place, which that skips the fields of), into one buffer
// rather than a copy of each, and decodes the content as it is read
// rather than after copying it.
func documentAt(snap *scorch.IndexSnapshot, id string, n uint64) (bindex.Document, error) {
	var first uint64 // of the segment
	for _, ss := range snap.Segments() {
		count := ss.Segment().Count()
		if n >= first+count {
			first += count
			continue
		}
		type stored struct {
			name       string
			typ        byte
			start, end int
			pos        []uint64
		}
		var (
			values         []stored
			buf            = make([]byte, 0, 1024)
			body           []byte
			captions       [][]byte
			content, taken bool
			decodeErr      error
		)
		err := ss.VisitDocument(n-first, func(name string, typ byte, value []byte, pos []uint64) bool {
			switch {
			case name == "_id":
				return true
			case name == index.FieldContent && !taken:
				content, taken = true, true
				body, captions, decodeErr = index.DecodeContentBytes(value)
				return decodeErr == nil
			}
			v := stored{name: name, typ: typ, start: len(buf), end: len(buf) + len(value)}
			if len(pos) > 0 {
				v.pos = slices.Clone(pos)
			}
			values = append(values, v)
			buf = append(buf, value...)
			return true
		})
		if err == nil {
			err = decodeErr
		}
		if err != nil {
			return nil, fmt.Errorf("article %s: %w", id, err)
		}
		doc := bdoc.NewDocument(id)
		doc.Fields = make([]bdoc.Field, 0, len(values)+1+len(captions))
		doc.StoredFieldsSize = uint64(len(buf))
		for _, v := range values {
			value := buf[v.start:v.end:v.end]
			switch v.typ {
			case 't':
				doc.AddField(bdoc.NewTextField(v.name, v.pos, value))
			case 'd':
				doc.AddField(bdoc.NewDateTimeFieldFromBytes(v.name, v.pos, value))
			default: // numbers, booleans, addresses, places: no field of Sitrep's mapping
				return nil, fmt.Errorf("article %s: stored field %s is of type %q, which no field of this sitrep's mapping is: rebuild the index with this sitrep", id, v.name, v.typ)
			}
		}
		if content {
			addContent(doc, body, captions)
		}
		return doc, nil
	}
	return nil, nil
}

// withContent returns doc with its compressed content (index.FieldContent)
// replaced by its body and captions, fields of their own.
func withContent(doc *bdoc.Document) (bindex.Document, error) {
	at := slices.IndexFunc(doc.Fields, func(f bdoc.Field) bool { return f.Name() == index.FieldContent })
	if at < 0 {
		return doc, nil
	}
	body, captions, err := index.DecodeContentBytes(doc.Fields[at].Value())
	if err != nil {
		return nil, fmt.Errorf("article %s: %w", doc.ID(), err)
	}
	doc.Fields = slices.Delete(doc.Fields, at, at+1)
	addContent(doc, body, captions)
	return doc, nil
}

// addContent adds to doc its body and captions, as fields of their own
// after its others.
func addContent(doc *bdoc.Document, body []byte, captions [][]byte) {
	doc.AddField(bdoc.NewTextField(index.FieldBody, nil, body))
	for i, c := range captions {
		doc.AddField(bdoc.NewTextField(index.FieldCaptions, []uint64{uint64(i)}, c))
	}
}
