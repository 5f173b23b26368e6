package index

import (
	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/custom"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/analysis/token/lowercase"
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
	"github.com/blevesearch/bleve/v2/mapping"
)

// WordsAnalyzer splits facet values into lower-cased words, without
// stemming or stop words, for the word fields (FieldPeopleWords, …).
const WordsAnalyzer = "sitrep_words"

// NewMapping returns Sitrep's explicit bleve mapping. Nothing is indexed
// dynamically: a field that is not declared here is neither indexed nor
// stored.
//
//   - title: English analyzer (stemming, stop words), stored, with term
//     vectors (positions for phrases, offsets for highlighting);
//   - text: the summary, captions and body as one text (SearchText),
//     English analyzer (as TextAnalyzer makes its terms), with term
//     vectors, not stored: a word is searched in two fields (title and
//     text), not four;
//   - text_pairs: the same text's adjacent common words in pairs
//     (PairsAnalyzer), indexed only, without term vectors: phrases look
//     their pairs up;
//   - summary: stored only, for display;
//   - content: the body and captions, compressed together (EncodeContent),
//     stored only, for display: neither is stored as itself;
//   - id, url, source, authors, people, places, organisations: exact
//     keywords, stored, with doc values for facets and sorting;
//   - published, ingested: datetimes with doc values;
//   - people_words, places_words, organisations_words, source_words: the
//     same values split into lower-cased words (WordsAnalyzer), indexed only;
//   - aliases: the names of the article's entities, English analyzer,
//     indexed only;
//   - story: a keyword, stored, with doc values (collapsing and counting
//     stories);
//   - fingerprint: a keyword with doc values, not stored (rebuilding the
//     story lookup);
//   - hash, entities, date_source: stored only;
//   - names: exact keywords, indexed only (finding an entity's articles
//     to rewrite).
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

	words := func(name string) *mapping.FieldMapping {
		fm := bleve.NewTextFieldMapping()
		fm.Name = name
		fm.Analyzer = WordsAnalyzer
		fm.Store = false
		fm.IncludeTermVectors = true // phrase queries need positions
		fm.IncludeInAll = false
		fm.DocValues = false
		return fm
	}

	doc := bleve.NewDocumentStaticMapping()
	doc.AddFieldMappingsAt(FieldTitle, text())
	searchText := text()
	searchText.Analyzer = TextAnalyzer // en's terms, made faster
	searchText.Store = false
	textPairs := bleve.NewTextFieldMapping()
	textPairs.Name = FieldTextPairs
	textPairs.Analyzer = PairsAnalyzer
	textPairs.Store = false
	textPairs.IncludeTermVectors = false
	textPairs.IncludeInAll = false
	textPairs.DocValues = false
	doc.AddFieldMappingsAt(FieldText, searchText, textPairs)
	summary := text()
	summary.Index = false
	summary.IncludeTermVectors = false
	doc.AddFieldMappingsAt(FieldSummary, summary)
	aliases := text()
	aliases.Store = false
	doc.AddFieldMappingsAt(FieldAliases, aliases)
	for _, f := range []string{FieldID, FieldURL, FieldAuthors, FieldStory} {
		doc.AddFieldMappingsAt(f, keyword())
	}
	// Doc values need the field indexed: bleve builds them from its terms.
	fingerprint := keyword()
	fingerprint.Store = false
	doc.AddFieldMappingsAt(FieldFingerprint, fingerprint)
	for _, f := range []string{FieldSource, FieldPeople, FieldPlaces, FieldOrganisations} {
		doc.AddFieldMappingsAt(f, keyword(), words(WordsField(f)))
		// Declared at its own path too, so that the mapping names the words
		// analyzer for it (queries analyse with AnalyzerNameForPath). No
		// document has this property: nothing is indexed twice.
		doc.AddFieldMappingsAt(WordsField(f), words(""))
	}
	for _, f := range []string{FieldPublished, FieldIngested} {
		doc.AddFieldMappingsAt(f, datetime())
	}
	doc.AddFieldMappingsAt(FieldContent, storedOnly)
	doc.AddFieldMappingsAt(FieldHash, storedOnly)
	doc.AddFieldMappingsAt(FieldEntities, storedOnly)
	names := keyword()
	names.Store = false
	names.DocValues = false
	doc.AddFieldMappingsAt(FieldNames, names)
	doc.AddFieldMappingsAt(FieldDateSource, storedOnly)

	// No field is included in bleve's composite _all field: building it
	// for each document would cost 6 % of indexing for a field without
	// terms.
	doc.AddSubDocumentMapping("_all", bleve.NewDocumentDisabledMapping())

	im := bleve.NewIndexMapping()
	err := im.AddCustomAnalyzer(WordsAnalyzer, map[string]any{
		"type":          custom.Name,
		"tokenizer":     unicode.Name,
		"token_filters": []any{lowercase.Name},
	})
	if err != nil {
		panic("index: words analyzer: " + err.Error()) // a bug in this mapping, not an input
	}
	im.DefaultMapping = doc
	im.DefaultAnalyzer = en.AnalyzerName
	im.IndexDynamic = false
	im.StoreDynamic = false
	im.DocValuesDynamic = false
	return im
}
