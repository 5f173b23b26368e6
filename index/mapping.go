package index

import (
	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/mapping"
)

// NewMapping returns Sitrep's explicit bleve mapping. Nothing is indexed
// dynamically: a field that is not declared here is neither indexed nor
// stored.
//
//   - title, summary, body, captions: English analyzer (stemming, stop
//     words), stored, with term vectors for highlighting;
//   - id, url, source, authors, people, places, organisations: exact
//     keywords, stored, with doc values for facets and sorting;
//   - published, ingested: datetimes with doc values;
//   - hash: stored only.
func NewMapping() *mapping.IndexMappingImpl {
	text := func() *mapping.FieldMapping {
		fm := bleve.NewTextFieldMapping()
		fm.Analyzer = en.AnalyzerName
		fm.Store = true
		fm.IncludeTermVectors = true
		fm.IncludeInAll = false
		fm.DocValues = false
		return fm
	}
	keyword := func() *mapping.FieldMapping {
		fm := bleve.NewKeywordFieldMapping()
		fm.Store = true
		fm.DocValues = true
		fm.IncludeInAll = false
		fm.IncludeTermVectors = false
		return fm
	}
	datetime := func() *mapping.FieldMapping {
		fm := bleve.NewDateTimeFieldMapping()
		fm.Store = true
		fm.DocValues = true
		fm.IncludeInAll = false
		return fm
	}
	storedOnly := bleve.NewKeywordFieldMapping()
	storedOnly.Index = false
	storedOnly.Store = true
	storedOnly.DocValues = false
	storedOnly.IncludeInAll = false

	doc := bleve.NewDocumentStaticMapping()
	for _, f := range []string{FieldTitle, FieldSummary, FieldBody, FieldCaptions} {
		doc.AddFieldMappingsAt(f, text())
	}
	for _, f := range []string{FieldID, FieldURL, FieldSource, FieldAuthors, FieldPeople, FieldPlaces, FieldOrganisations} {
		doc.AddFieldMappingsAt(f, keyword())
	}
	for _, f := range []string{FieldPublished, FieldIngested} {
		doc.AddFieldMappingsAt(f, datetime())
	}
	doc.AddFieldMappingsAt(FieldHash, storedOnly)

	im := bleve.NewIndexMapping()
	im.DefaultMapping = doc
	im.DefaultAnalyzer = en.AnalyzerName
	im.IndexDynamic = false
	im.StoreDynamic = false
	im.DocValuesDynamic = false
	return im
}
