package index

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"hash"
	"net/url"
	"sort"
	"strings"
	"time"

	"github.com/sitrep/sitrep/index/registry"
)

// Field names of the index. They are also the JSON names of Article's
// fields: renaming one is an index migration.
const (
	FieldID            = "id"
	FieldTitle         = "title"
	FieldSummary       = "summary"
	FieldBody          = "body"
	FieldCaptions      = "captions"
	FieldURL           = "url"
	FieldSource        = "source"
	FieldAuthors       = "authors"
	FieldPublished     = "published"
	FieldPeople        = "people"
	FieldPlaces        = "places"
	FieldOrganisations = "organisations"
	FieldIngested      = "ingested"
	// FieldAliases holds the names and aliases of the article's entities
	// ("ISIS ISIL Daesh" for the Islamic State), indexed but not stored, so
	// that a word search for any name of an entity finds the article.
	FieldAliases = "aliases"
	// FieldText holds the article's summary, captions and body as one
	// text (SearchText), indexed but not stored: the one field a word of
	// the article is searched in, beside the title. The summary, body and
	// captions are stored apart.
	FieldText = "text"
	// FieldHash holds a digest of the article's content, stored but not
	// indexed, so that re-ingesting an unchanged article writes nothing.
	FieldHash = "hash"
	// FieldStory names the story an article belongs to: the ID of the
	// first article of a set of syndicated copies (see Writer).
	FieldStory = "story"
	// FieldFingerprint holds the SimHash of the article's body (package
	// dedup) as 32 hexadecimal digits, with doc values but not stored:
	// what the story lookup is rebuilt from when an index is opened.
	// Articles too short to fingerprint have none.
	FieldFingerprint = "fingerprint"
	// FieldEntities holds, stored only and packed into one compressed
	// value (pack), what the article says of each of its entities
	// (registry.Named, encoded): the name extraction gave it, its surface
	// forms, titles and aliases, and the name it resolved to across
	// articles, with why. The entity registry is rebuilt from
	// it, and the Writer rewrites an article's facets from it.
	FieldEntities = "entities"
	// FieldNames holds, indexed only, the article's entities' names as
	// extraction gave them (registry.Key: kind and name): the Writer finds
	// the articles to rewrite when a name joins an entity of other
	// articles, or leaves it, by a term query on it.
	FieldNames = "names"
	// FieldDateSource says where the published date came from (one of
	// the DateFrom constants), stored only.
	FieldDateSource = "date_source"
)

// Where an article's date came from (Article.DateSource).
const (
	// DateFromMetadata: the input gave it (a field, a feed's date, a
	// page's metadata).
	DateFromMetadata = "metadata"
	// DateFromDateline: the dateline opening the text ("WASHINGTON, Sept.
	// 13, 2022 —").
	DateFromDateline = "dateline"
	// DateFromURL: a date in the article's URL (/2022/09/13/).
	DateFromURL = "url"
	// DateFromText: a line of the text saying when it was published
	// ("Published Sept. 13, 2022").
	DateFromText = "text"
)

// Word fields index the values of the keyword fields a second time, split
// into lower-cased words without stemming: they serve the query scopes
// person:, place:, organisation: and source: (person:wallander matches
// "Celeste Wallander") and prefix lookups of facet values.
const (
	FieldPeopleWords        = FieldPeople + wordsSuffix
	FieldPlacesWords        = FieldPlaces + wordsSuffix
	FieldOrganisationsWords = FieldOrganisations + wordsSuffix
	FieldSourceWords        = FieldSource + wordsSuffix
	wordsSuffix             = "_words"
)

// WordsField returns the word field of a keyword field (FieldPeople →
// FieldPeopleWords).
func WordsField(field string) string { return field + wordsSuffix }

// StoredFields returns every field the index stores, in the order an
// Article declares them: the fields to load to rebuild an Article from a
// hit (StoredArticle; FieldEntities aside, which only the Writer reads). Each call
// returns a new slice, which the caller may change.
func StoredFields() []string {
	return []string{
		FieldID, FieldTitle, FieldSummary, FieldContent, FieldURL,
		FieldSource, FieldAuthors, FieldPublished, FieldPeople, FieldPlaces,
		FieldOrganisations, FieldIngested, FieldHash, FieldStory, FieldDateSource,
	}
}

// ParagraphSeparator joins the paragraphs of an Article's Body.
const ParagraphSeparator = "\n\n"

// Article is one news article as Sitrep stores it. Its JSON form is both the
// document indexed by bleve and the shape the JSON API returns.
type Article struct {
	ID       string   `json:"id"`
	Title    string   `json:"title"`
	Summary  string   `json:"summary,omitempty"`
	Body     string   `json:"body"`
	Captions []string `json:"captions,omitempty"`
	URL      string   `json:"url,omitempty"`
	Source   string   `json:"source,omitempty"`
	Authors  []string `json:"authors,omitempty"`
	// Published is nil when the input gave no date: such articles sort last
	// by date and are left out of date facets.
	Published *time.Time `json:"published,omitempty"`
	// DateSource says where Published came from (DateFromMetadata, …);
	// "" when there is no date.
	DateSource    string   `json:"date_source,omitempty"`
	People        []string `json:"people,omitempty"`
	Places        []string `json:"places,omitempty"`
	Organisations []string `json:"organisations,omitempty"`
	// Aliases are the names and aliases of the article's entities (see
	// FieldAliases): indexed for search, not stored, so never read back.
	Aliases []string `json:"-"`
	// Named is what the article says of each of its entities (see
	// FieldEntities), which Entities fills; the Writer sets each one's
	// Resolved name and gives the facets those names. An article written
	// without it is given one Named per facet value.
	Named []registry.Named `json:"-"`
	// Ingested is when this version of the article was written.
	Ingested time.Time `json:"ingested"`
	// Story names the story the article belongs to: the ID of the first
	// article of which it is a syndicated copy, else its own ID. The
	// Writer sets it; an input's value is ignored.
	Story string `json:"story,omitempty"`
}

// Paragraphs returns the paragraphs of the article's body.
func (a *Article) Paragraphs() []string {
	if a.Body == "" {
		return nil
	}
	return strings.Split(a.Body, ParagraphSeparator)
}

// TextSize returns the bytes of text the article holds: its title,
// summary, captions and body, what the index analyses.
func (a *Article) TextSize() int {
	n := len(a.Title) + len(a.Summary) + len(a.Body)
	for _, c := range a.Captions {
		n += len(c)
	}
	return n
}

// SetID gives the article its stable ID (see ArticleID) and returns it.
func (a *Article) SetID() string {
	a.ID = ArticleID(a.URL, a.Source, a.Title, a.Published)
	return a.ID
}

// ArticleID returns the stable ID of an article: derived from its URL when
// that is an absolute http or https URL, else from its source, title and
// publication date (a URL such as "#", "n/a" or "javascript:void(0)" says
// nothing of which article it is, so it is ignored). Two URLs that
// differ only in scheme, host case, a trailing slash, a fragment or tracking
// parameters (utm_*, fbclid, gclid) give the same ID, as do titles differing
// only in case and spacing.
func ArticleID(rawURL, source, title string, published *time.Time) string {
	h := sha256.New()
	if key := urlKey(rawURL); key != "" {
		writeParts(h, "url", key)
	} else {
		date := ""
		if published != nil {
			date = published.UTC().Format(time.DateOnly)
		}
		writeParts(h, "article", fold(source), fold(title), date)
	}
	return hex.EncodeToString(h.Sum(nil)[:10])
}

// contentHash returns a digest of everything in the article but its ID and
// ingest time: equal digests mean there is nothing to rewrite.
func (a *Article) contentHash() string {
	h := sha256.New()
	published := ""
	if a.Published != nil {
		published = a.Published.UTC().Format(time.RFC3339Nano)
	}
	writeParts(h, a.Title, a.Summary, a.Body, a.URL, a.Source, published, a.dateSource())
	for _, list := range [][]string{a.Captions, a.Authors, a.People, a.Places, a.Organisations, a.Aliases} {
		writeParts(h, list...)
	}
	return hex.EncodeToString(h.Sum(nil)[:16])
}

// writeParts writes each part length-prefixed, so that no two different
// lists of parts hash alike.
func writeParts(h hash.Hash, parts ...string) {
	var n [binary.MaxVarintLen64]byte
	h.Write(n[:binary.PutUvarint(n[:], uint64(len(parts)))])
	for _, p := range parts {
		h.Write(n[:binary.PutUvarint(n[:], uint64(len(p)))])
		h.Write([]byte(p))
	}
}

// fold lower-cases s and collapses its runs of white space to one space.
func fold(s string) string {
	return strings.Join(strings.Fields(strings.ToLower(s)), " ")
}

// urlKey normalises a URL for identity: the scheme is ignored, the host is
// lower-cased without "www." or a default port, the fragment, tracking
// parameters and a trailing slash are dropped, and the query is sorted.
// It returns "" for anything but an absolute http or https URL.
func urlKey(raw string) string {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil || u.Host == "" || (!strings.EqualFold(u.Scheme, "http") && !strings.EqualFold(u.Scheme, "https")) {
		return ""
	}
	host := strings.TrimPrefix(strings.ToLower(u.Hostname()), "www.")
	if port := u.Port(); port != "" && port != "80" && port != "443" {
		host += ":" + port
	}
	q := u.Query()
	for k := range q {
		lk := strings.ToLower(k)
		if strings.HasPrefix(lk, "utm_") || lk == "fbclid" || lk == "gclid" {
			q.Del(k)
		}
	}
	keys := make([]string, 0, len(q))
	for k := range q {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	b.WriteString(host)
	b.WriteString(strings.TrimRight(u.EscapedPath(), "/"))
	for i, k := range keys {
		if i == 0 {
			b.WriteByte('?')
		} else {
			b.WriteByte('&')
		}
		b.WriteString(url.QueryEscape(k) + "=" + url.QueryEscape(strings.Join(q[k], ",")))
	}
	return b.String()
}

// document returns the article as the map bleve indexes, with its content
// hash and body fingerprint ("" for none). Missing optional values are
// left out rather than indexed as empty.
func (a *Article) document(contentHash, fingerprint string) map[string]any {
	doc := map[string]any{
		FieldID:       a.ID,
		FieldTitle:    a.Title,
		FieldContent:  string(EncodeContent(a.Body, a.Captions)),
		FieldText:     SearchText(a.Summary, a.Captions, a.Body),
		FieldIngested: a.Ingested.UTC().Format(time.RFC3339Nano),
		FieldHash:     contentHash,
	}
	for name, v := range map[string]string{
		FieldSummary: a.Summary, FieldURL: a.URL, FieldSource: a.Source,
		FieldStory: a.Story, FieldFingerprint: fingerprint, FieldDateSource: a.dateSource(),
	} {
		if v != "" {
			doc[name] = v
		}
	}
	for name, v := range map[string][]string{
		FieldAuthors: a.Authors, FieldPeople: a.People,
		FieldPlaces: a.Places, FieldOrganisations: a.Organisations, FieldAliases: a.Aliases,
	} {
		if len(v) > 0 {
			doc[name] = v
		}
	}
	if a.Published != nil {
		doc[FieldPublished] = a.Published.UTC().Format(time.RFC3339Nano)
	}
	if len(a.Named) > 0 {
		records := make([]string, len(a.Named))
		keys := make([]string, len(a.Named))
		for i, n := range a.Named {
			records[i], keys[i] = n.Encode(), registry.Key(n.Kind, n.Name)
		}
		doc[FieldEntities], doc[FieldNames] = string(pack(records)), keys
	}
	return doc
}

// namedFromFields decodes the FieldEntities of a stored article.
func namedFromFields(fields map[string]any) ([]registry.Named, error) {
	return DecodeNamed(str(fields[FieldID]), str(fields[FieldEntities]))
}

// DecodeNamed decodes the FieldEntities value of the article id: its
// records packed together (pack), "" for none.
func DecodeNamed(id, value string) ([]registry.Named, error) {
	if value == "" {
		return nil, nil
	}
	records, err := unpack([]byte(value))
	if err != nil {
		return nil, fmt.Errorf("article %s: entities: %w", id, err)
	}
	named := make([]registry.Named, 0, len(records))
	for _, s := range records {
		n, err := registry.DecodeNamed(string(s))
		if err != nil {
			return nil, fmt.Errorf("article %s: %w: %w", id, err, errDamaged)
		}
		named = append(named, n)
	}
	return named, nil
}

// dateSource returns where the article's date came from: DateSource, or
// DateFromMetadata for a date whose source was not said (an article built
// by a program, not read by package parse); "" when there is no date.
func (a *Article) dateSource() string {
	switch {
	case a.Published == nil:
		return ""
	case a.DateSource == "":
		return DateFromMetadata
	}
	return a.DateSource
}

// SearchText returns the value of FieldText for an article: its summary,
// captions and body, in that order, joined by ParagraphSeparator. One
// string rather than a list keeps the index free of array positions (four
// percent of its size), and the body last lets a highlighter find it from
// the summary and captions alone (BodyStart).
func SearchText(summary string, captions []string, body string) string {
	parts := make([]string, 0, len(captions)+2)
	if summary != "" {
		parts = append(parts, summary)
	}
	parts = append(parts, captions...)
	return strings.Join(append(parts, body), ParagraphSeparator)
}

// BodyStart returns the byte offset at which the body starts in the
// SearchText of an article with summary and captions.
func BodyStart(summary string, captions []string) int {
	n := len(summary)
	if summary != "" {
		n += len(ParagraphSeparator)
	}
	for _, c := range captions {
		n += len(c) + len(ParagraphSeparator)
	}
	return n
}

// StoredArticle rebuilds an Article from the stored fields of a hit
// that loaded StoredFields, its body and captions read back from
// FieldContent; it fails when that cannot be read.
func StoredArticle(fields map[string]any) (*Article, error) {
	a := ArticleFromFields(fields)
	var err error
	if a.Body, a.Captions, err = DecodeContent([]byte(str(fields[FieldContent]))); err != nil {
		return nil, fmt.Errorf("article %s: %w", a.ID, err)
	}
	return a, nil
}

// ArticleFromFields rebuilds an Article from the stored fields of a hit
// (bleve returns a single value as itself and several as a slice),
// without its body and captions (see StoredArticle): what lists of
// articles show.
func ArticleFromFields(fields map[string]any) *Article {
	a := &Article{
		ID:            str(fields[FieldID]),
		Title:         str(fields[FieldTitle]),
		Summary:       str(fields[FieldSummary]),
		URL:           str(fields[FieldURL]),
		Source:        str(fields[FieldSource]),
		Authors:       strs(fields[FieldAuthors]),
		People:        strs(fields[FieldPeople]),
		Places:        strs(fields[FieldPlaces]),
		Organisations: strs(fields[FieldOrganisations]),
		Story:         str(fields[FieldStory]),
		DateSource:    str(fields[FieldDateSource]),
	}
	if t, err := time.Parse(time.RFC3339Nano, str(fields[FieldPublished])); err == nil {
		t = t.UTC()
		a.Published = &t
	}
	if t, err := time.Parse(time.RFC3339Nano, str(fields[FieldIngested])); err == nil {
		a.Ingested = t.UTC()
	}
	return a
}

func str(v any) string {
	switch v := v.(type) {
	case string:
		return v
	case []any:
		if len(v) > 0 {
			return str(v[0])
		}
	}
	return ""
}

func strs(v any) []string {
	switch v := v.(type) {
	case string:
		return []string{v}
	case []any:
		out := make([]string, 0, len(v))
		for _, e := range v {
			if s, ok := e.(string); ok {
				out = append(out, s)
			}
		}
		return out
	}
	return nil
}

// The years a publication date can have: bleve keeps a date as nanoseconds
// since 1970 in an int64, which spans 1677-09-21 to 2262-04-11, and Sitrep
// takes the whole years within that span.
const (
	FirstYear = 1678
	LastYear  = 2261
)

// InDateSpan reports whether t lies within the years FirstYear to LastYear.
func InDateSpan(t time.Time) bool {
	y := t.UTC().Year()
	return y >= FirstYear && y <= LastYear
}

// ClampDate brings t within the years FirstYear to LastYear: a bound
// beyond them (a search from the year 1, or to 9999) then selects what
// the span's edge does.
func ClampDate(t time.Time) time.Time {
	first := time.Date(FirstYear, 1, 1, 0, 0, 0, 0, time.UTC)
	end := time.Date(LastYear+1, 1, 1, 0, 0, 0, 0, time.UTC)
	switch {
	case t.Before(first):
		return first
	case !t.Before(end):
		return end.Add(-time.Nanosecond)
	}
	return t
}
