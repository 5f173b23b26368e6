package web

import (
	"bytes"
	"context"
	_ "embed"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"

	"github.com/sitrep/sitrep/index"
	"github.com/sitrep/sitrep/index/watch"
	"github.com/sitrep/sitrep/search"
)

// api holds the JSON API handlers.
type api struct {
	s     Searcher
	feeds FeedStatus // nil when no feeds are watched
	// shard is Config.Shard, shards Config.Shards: nil outside cluster
	// mode.
	shard    func() ShardStatus
	shards   func(context.Context) ([]ClusterShard, error)
	entities entityLookup
	geo      *geo
	// publicURL is Config.PublicURL; version Config.Version;
	// exportTimeout Config.ExportTimeout.
	publicURL     string
	version       string
	exportTimeout time.Duration
	logger        *slog.Logger
}

// corsGET lets pages on any origin read the API.
func corsGET() echo.MiddlewareFunc {
	return middleware.CORSWithConfig(middleware.CORSConfig{
		AllowOrigins: []string{"*"},
		AllowMethods: []string{http.MethodGet, http.MethodHead},
	})
}

type healthResponse struct {
	Status   string `json:"status"`
	Articles uint64 `json:"articles"`
	// Feeds is the state of each watched feed, when there are any.
	Feeds []watch.Status `json:"feeds,omitempty"`
	// Cluster is the node's shard and how far it has read the article
	// log, in cluster mode.
	Cluster *ShardStatus `json:"cluster,omitempty"`
}

// ShardStatus is what /healthz says of a node in cluster mode (sitrep
// serve --cluster): the shard its index holds and how far it has applied
// the article log (package cluster).
type ShardStatus struct {
	Shard   int    `json:"shard"`
	Shards  int    `json:"shards"`
	Replica string `json:"replica"`
	// Applied is the stream sequence of the last message of the log the
	// node's index holds; Lag counts the shard's messages not yet applied.
	Applied uint64 `json:"applied"`
	Lag     uint64 `json:"lag"`
	// Error is the last failure to read or apply the log, if the last
	// attempt failed.
	Error string `json:"error,omitempty"`
}

// openAPI is the description of the API served at /api/openapi.json.
//
//go:embed openapi.json
var openAPI []byte

func (a *api) openapi(c echo.Context) error {
	return c.Blob(http.StatusOK, echo.MIMEApplicationJSON, openAPI)
}

// ClusterShard is one shard of the answer of GET /api/cluster.
type ClusterShard struct {
	Shard int `json:"shard"`
	// LastSequence is the stream sequence of the shard's last message in
	// the article log.
	LastSequence uint64           `json:"last_sequence"`
	Replicas     []ClusterReplica `json:"replicas"`
}

// ClusterReplica is one replica of a shard in GET /api/cluster, as its
// durable consumer of the article log reports it.
type ClusterReplica struct {
	Replica string `json:"replica"`
	// Applied is the stream sequence up to which the replica has
	// acknowledged the shard's messages; Lag counts those it has not.
	Applied uint64 `json:"applied"`
	Lag     uint64 `json:"lag"`
	// LastDelivery is when the log last delivered the replica a message.
	LastDelivery *time.Time `json:"last_delivery,omitempty"`
}

type clusterResponse struct {
	Shards []ClusterShard `json:"shards"`
}

// cluster answers GET /api/cluster: the shards of the article log and
// their replicas; 404 outside cluster mode.
func (a *api) cluster(c echo.Context) error {
	if a.shards == nil {
		return echo.NewHTTPError(http.StatusNotFound, "this server is not a node of a cluster: /api/cluster answers on a sitrep serve --cluster (docs/CLUSTER.md)")
	}
	shards, err := a.shards(c.Request().Context())
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, clusterResponse{Shards: shards})
}

func (a *api) health(c echo.Context) error {
	n, err := a.s.Count(c.Request().Context())
	if err != nil {
		return err
	}
	h := healthResponse{Status: "ok", Articles: n}
	if a.feeds != nil {
		h.Feeds = a.feeds.Status()
	}
	if a.shard != nil {
		s := a.shard()
		h.Cluster = &s
	}
	return c.JSON(http.StatusOK, h)
}

// SearchResponse is the JSON answer of GET /api/search, also printed by
// "sitrep search --json".
type SearchResponse struct {
	// Total counts the matching articles, Stories the stories among them.
	Total   uint64 `json:"total"`
	Stories uint64 `json:"stories"`
	// Collapsed says whether the hits are one per story (collapse=true, the
	// default): page, size and next_cursor then count stories.
	Collapsed bool    `json:"collapsed"`
	TookMS    float64 `json:"took_ms"`
	Page      int     `json:"page"`
	Size      int     `json:"size"`
	// Sort is the order of the hits: the one asked for, or the default
	// (relevance; newest when the query has no words).
	Sort       string    `json:"sort"`
	NextCursor string    `json:"next_cursor,omitempty"`
	Hits       []hitJSON `json:"hits"`
	// Facets holds the term facets and the "published" histogram.
	Facets map[string][]facetValue `json:"facets"`
	// FacetsMore says which term facets have values beyond those listed.
	FacetsMore map[string]bool `json:"facets_more"`
	// PublishedInterval is "month" or "year", the width of the
	// histogram's buckets.
	PublishedInterval string `json:"published_interval"`
	// Undated counts the matching articles without a date;
	// PublishedUndated counts them as the histogram's bars count
	// (facet_count): the bar undated=1 filters on.
	Undated          uint64 `json:"undated"`
	PublishedUndated int    `json:"published_undated"`
	// DidYouMean is the query with a word corrected to a better-known
	// word of the index, when the search found fewer than
	// search.FewResults articles and one exists; else absent.
	DidYouMean string `json:"did_you_mean,omitempty"`
	// FacetCount is what the facet counts count: "articles" or "stories".
	FacetCount string `json:"facet_count"`
	// Significant is what stands out in the matching articles, when the
	// significant parameter asks for it.
	Significant *significantJSON `json:"significant,omitempty"`
}

// hitJSON is one hit. Its entities (people, places, organisations: the
// entity facets of facetSpecs) follow its other keys, each a list.
type hitJSON struct {
	ID        string     `json:"id"`
	Title     string     `json:"title"`
	TitleHTML string     `json:"title_html"`
	URL       string     `json:"url,omitempty"`
	Source    string     `json:"source,omitempty"`
	Published *time.Time `json:"published,omitempty"`
	Snippet   string     `json:"snippet"`
	// TitleSpans are the highlights of Title, SnippetSpans those of
	// SnippetText (the snippet as plain text): [start, end) offsets in
	// UTF-16 code units, as JavaScript strings index them.
	TitleSpans   [][2]int `json:"title_spans"`
	SnippetText  string   `json:"snippet_text"`
	SnippetSpans [][2]int `json:"snippet_spans"`
	// Matched says what made the article match (search.Hit.Matched).
	Matched []matchJSON `json:"matched"`
	Score   float64     `json:"score"`
	Story   string      `json:"story"`
	// AlsoIn lists the story's other matching articles (at most
	// search.MaxAlsoIn) in a collapsed search; AlsoInTotal counts them.
	AlsoIn      []alsoInJSON `json:"also_in"`
	AlsoInTotal int          `json:"also_in_total"`
	hitEntities
}

// hitEntities are the values of each entity facet of a hit, under the
// facet's Name: a list of names, [] when there are none, as the contract
// shapes them; then "entities", an object of the same keys in byte order
// whose lists name each entity with its id (as appendEntities writes an
// article's). Static fields rather than a map encoded by a MarshalJSON of
// the hit: encoding/json checks and compacts again what a MarshalJSON
// returns, which was a tenth of the CPU of a small search's answer.
type hitEntities struct {
	People        []string       `json:"people"`
	Places        []string       `json:"places"`
	Organisations []string       `json:"organisations"`
	Entities      entityRefsJSON `json:"entities"`
}

// entityRefsJSON names a hit's entities with their ids, by entity facet.
type entityRefsJSON struct {
	Organisations []entityRef `json:"organisations"`
	People        []entityRef `json:"people"`
	Places        []entityRef `json:"places"`
}

// lists returns where the names and the named ids of the entity facet
// facet (a facetSpec's Name) go; nil for a facet that is not an
// entity's.
func (e *hitEntities) lists(facet string) (*[]string, *[]entityRef) {
	switch facet {
	case search.FacetPeople:
		return &e.People, &e.Entities.People
	case search.FacetPlaces:
		return &e.Places, &e.Entities.Places
	case search.FacetOrganisations:
		return &e.Organisations, &e.Entities.Organisations
	}
	return nil, nil
}

// setEntities fills e with the values of each entity facet of h.
func (e *hitEntities) setEntities(h *search.Hit) {
	for _, f := range facetSpecs {
		if f.hit == nil {
			continue
		}
		names, refs := e.lists(f.Name)
		*names = nonNil(*f.hit(h))
		*refs = make([]entityRef, len(*names))
		for i, name := range *names {
			(*refs)[i] = entityRef{ID: search.EntityID(f.Name, name), Name: name}
		}
	}
}

// appendEntities adds to obj, a JSON object, a key per entity facet (its
// Name) holding its values in entities: a list of names, [] when there
// are none, as the contract shapes them; then "entities", an object of
// the same keys whose lists name each entity with its id.
func appendEntities(obj []byte, entities map[string][]string) ([]byte, error) {
	b, ok := bytes.CutSuffix(obj, []byte("}"))
	if !ok {
		return nil, fmt.Errorf("add entities to %.20q: not a JSON object", obj)
	}
	refs := make(map[string][]entityRef, len(entities))
	for _, f := range facetSpecs {
		if f.hit == nil {
			continue
		}
		names := nonNil(entities[f.Name])
		values, err := json.Marshal(names)
		if err != nil {
			return nil, err
		}
		if len(b) > 1 {
			b = append(b, ',')
		}
		b = strconv.AppendQuote(b, f.Name)
		b = append(append(b, ':'), values...)
		refs[f.Name] = make([]entityRef, len(names))
		for i, name := range names {
			refs[f.Name][i] = entityRef{ID: search.EntityID(f.Name, name), Name: name}
		}
	}
	ids, err := json.Marshal(refs)
	if err != nil {
		return nil, err
	}
	if len(b) > 1 {
		b = append(b, ',')
	}
	b = append(append(b, `"entities":`...), ids...)
	return append(b, '}'), nil
}

// entityRef names an entity with its id (entity.ID), as hits and
// articles list them under "entities".
type entityRef struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

// alsoInJSON is another article of a hit's story.
type alsoInJSON struct {
	ID        string     `json:"id"`
	Title     string     `json:"title"`
	URL       string     `json:"url,omitempty"`
	Source    string     `json:"source,omitempty"`
	Published *time.Time `json:"published,omitempty"`
}

// facetValue is a term facet value or a histogram bucket (with from and
// to, the inclusive dates to filter on for that bar).
type facetValue struct {
	Value string `json:"value"`
	// ID and Name are the entity's id and canonical name (Value again),
	// for the values of people, places and organisations.
	ID       string `json:"id,omitempty"`
	Name     string `json:"name,omitempty"`
	Count    int    `json:"count"`
	Selected bool   `json:"selected,omitempty"`
	// Excluded marks a value the search leaves out (not_person=…).
	Excluded bool   `json:"excluded,omitempty"`
	From     string `json:"from,omitempty"`
	To       string `json:"to,omitempty"`
}

func (a *api) search(c echo.Context) error {
	req, err := searchRequest(c.QueryParams())
	if err != nil {
		return err
	}
	res, err := a.s.Search(c.Request().Context(), req)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, NewSearchResponse(res))
}

// NewSearchResponse shapes a search result for JSON.
func NewSearchResponse(res *search.Result) SearchResponse {
	out := SearchResponse{
		Total:             res.Total,
		Stories:           res.Stories,
		Collapsed:         res.Collapsed,
		FacetCount:        string(res.FacetCount),
		TookMS:            float64(res.Took.Microseconds()) / 1000,
		Page:              res.Page,
		Size:              res.Size,
		Sort:              string(res.Sort),
		NextCursor:        res.NextCursor,
		Hits:              hitsJSON(res.Hits),
		Facets:            make(map[string][]facetValue, len(res.Facets)+1),
		FacetsMore:        make(map[string]bool, len(res.Facets)),
		PublishedInterval: res.Published.Interval,
		Significant:       newSignificantJSON(res.Significant),
		Undated:           res.Undated,
		PublishedUndated:  res.Published.Undated,
		DidYouMean:        res.DidYouMean,
	}
	for name, f := range res.Facets {
		out.Facets[name] = facetValues(f.Values)
		out.FacetsMore[name] = f.More
	}
	out.Facets[search.FacetPublished] = histogramValues(res.Published)
	return out
}

// histogramValues shapes the bars of a histogram for JSON, each with the
// first and last day it counts.
func histogramValues(h search.Histogram) []facetValue {
	buckets := make([]facetValue, len(h.Buckets))
	for i, b := range h.Buckets {
		buckets[i] = facetValue{
			Value: b.Value, Count: b.Count,
			From: b.From.Format(time.DateOnly), To: b.To.Add(-time.Nanosecond).Format(time.DateOnly),
		}
	}
	return buckets
}

// hitsJSON shapes hits for JSON; the list is never null.
func hitsJSON(hits []search.Hit) []hitJSON {
	out := make([]hitJSON, len(hits))
	for i, h := range hits {
		out[i] = hitJSON{
			ID: h.ID, Title: h.Title.Text, TitleHTML: string(markedHTML(h.Title)), URL: h.URL, Source: h.Source,
			Published: h.Published, Snippet: string(markedHTML(h.Snippet)), Score: h.Score,
			TitleSpans: utf16Spans(h.Title), SnippetText: h.Snippet.Text, SnippetSpans: utf16Spans(h.Snippet),
			Matched: matchesJSON(h.Matched),
			Story:   h.Story, AlsoIn: make([]alsoInJSON, len(h.AlsoIn)), AlsoInTotal: h.AlsoInTotal,
		}
		out[i].setEntities(&h)
		for j, m := range h.AlsoIn {
			out[i].AlsoIn[j] = alsoInJSON{ID: m.ID, Title: m.Title, URL: m.URL, Source: m.Source, Published: m.Published}
		}
	}
	return out
}

func facetValues(values []search.FacetValue) []facetValue {
	out := make([]facetValue, len(values))
	for i, v := range values {
		out[i] = facetValue{Value: v.Value, ID: v.ID, Count: v.Count, Selected: v.Selected, Excluded: v.Excluded}
		if v.ID != "" {
			out[i].Name = v.Value
		}
	}
	return out
}

// FacetResponse is the JSON answer of GET /api/facets/{facet}.
type FacetResponse struct {
	Facet  string       `json:"facet"`
	Values []facetValue `json:"values"`
	More   bool         `json:"more"`
}

func (a *api) facet(c echo.Context) error {
	params := c.QueryParams()
	req, err := searchRequest(params)
	if err != nil {
		return err
	}
	size, err := intParam(params, "size")
	if err != nil {
		return err
	}
	res, err := a.s.FacetValues(c.Request().Context(), search.FacetRequest{
		Request: req, Facet: c.Param("facet"), Prefix: params.Get("prefix"), Size: size,
	})
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, FacetResponse{Facet: res.Name, Values: facetValues(res.Values), More: res.More})
}

// nonNil makes an absent list encode as [] rather than null.
func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

func (a *api) article(c echo.Context) error {
	art, err := a.s.Article(c.Request().Context(), c.Param("id"))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, articleJSON(art))
}

// SimilarResponse is the JSON answer of GET /api/articles/{id}/similar:
// the articles most like the article id, best first.
type SimilarResponse struct {
	ID   string    `json:"id"`
	Hits []hitJSON `json:"hits"`
}

// similar answers GET /api/articles/:id/similar?size=: "more like this",
// as the article page shows it.
func (a *api) similar(c echo.Context) error {
	size, err := intParam(c.QueryParams(), "size")
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	art, err := a.s.Article(ctx, c.Param("id"))
	if err != nil {
		return err
	}
	hits, err := a.s.SimilarTo(ctx, art, size)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, SimilarResponse{ID: c.Param("id"), Hits: hitsJSON(hits)})
}

// articleResponse is one whole article; lists are never null. Its
// entities follow its other keys, as a hit's do.
type articleResponse struct {
	*index.Article
	Paragraphs []string `json:"paragraphs"`
	Captions   []string `json:"captions"`
	Authors    []string `json:"authors"`
}

func articleJSON(a *index.Article) articleResponse {
	return articleResponse{
		Article: a, Paragraphs: nonNil(a.Paragraphs()), Captions: nonNil(a.Captions),
		Authors: nonNil(a.Authors),
	}
}

// MarshalJSON encodes r with its entities.
func (r articleResponse) MarshalJSON() ([]byte, error) {
	type fields articleResponse // without this method
	a := *r.Article
	entities := map[string][]string{}
	for _, f := range facetSpecs {
		if f.article != nil {
			entities[f.Name], *f.article(&a) = *f.article(&a), nil
		}
	}
	b, err := json.Marshal(fields{Article: &a, Paragraphs: r.Paragraphs, Captions: r.Captions, Authors: r.Authors})
	if err != nil {
		return nil, err
	}
	return appendEntities(b, entities)
}
