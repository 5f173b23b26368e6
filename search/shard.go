package search

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strconv"

	"github.com/blevesearch/bleve/v2/numeric"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/sitrep/sitrep/index"
	"github.com/sitrep/sitrep/index/entity"
	"github.com/sitrep/sitrep/search/internal/scorchx"
)

// A search over several shards (indexes each holding some of the
// articles) is gathered by a coordinator (Gather) from requests it
// sends each shard; ShardRequest and ShardAnswer are those requests and
// their answers, plain data that encodes as gob or JSON, so that a shard
// may answer in the process (Engine.Serve) or across a network.

// ShardOp is what a ShardRequest asks.
type ShardOp string

// The requests of a search over shards, in the order a search sends them.
const (
	// OpNames asks for the names of the entity ids among the request's
	// filters that the shard knows.
	OpNames ShardOp = "names"
	// OpStats asks for the shard's term statistics of the request's query
	// (TermStats), to be summed over every shard.
	OpStats ShardOp = "stats"
	// OpMatches asks for every article matching the request, with what
	// ranking, counting and collapsing them needs (ShardMatches), scored
	// with the summed statistics.
	OpMatches ShardOp = "matches"
	// OpHits asks for the articles IDs as hits of the request, and the
	// articles Members as members of a hit's story.
	OpHits ShardOp = "hits"
	// OpArticle asks for the whole article ID; OpCount for the number of
	// articles the shard holds.
	OpArticle ShardOp = "article"
	OpCount   ShardOp = "count"
	// OpAnnotate asks for the article ID with the matches of the
	// request's query marked (Engine.Annotate).
	OpAnnotate ShardOp = "annotate"
)

// TermStats are a query's term statistics: the number of articles, those
// of the words it looks up, the words its prefixes and fuzzy words expand
// to. Summed over every shard (Add) they are one index's.
type TermStats = scorchx.Stats

// ShardRequest is a request of a coordinator to a shard.
type ShardRequest struct {
	Op      ShardOp    `json:"op"`
	Request Request    `json:"request"`
	Stats   *TermStats `json:"stats,omitempty"`
	// IDs are the articles OpHits shows as hits, Members those it shows as
	// members of a story; ID is the article of OpArticle.
	IDs     []string `json:"ids,omitempty"`
	Members []string `json:"members,omitempty"`
	ID      string   `json:"id,omitempty"`
}

// ShardAnswer is a shard's answer to a ShardRequest: the fields of its Op
// are set.
type ShardAnswer struct {
	Names      map[string]string `json:"names,omitempty"`
	AsNames    []string          `json:"as_names,omitempty"`
	Stats      *TermStats        `json:"stats,omitempty"`
	Matches    *ShardMatches     `json:"matches,omitempty"`
	Hits       []Hit             `json:"hits,omitempty"`
	Members    []Member          `json:"members,omitempty"`
	Article    *index.Article    `json:"article,omitempty"`
	Annotation *Annotation       `json:"annotation,omitempty"`
	Count      uint64            `json:"count,omitempty"`
	// Error is a mistake in the request (a *QueryError's), for the
	// coordinator to return as its own; Code is its code.
	Error *ShardError `json:"error,omitempty"`
}

// ShardError is a *QueryError, ErrNotFound (Code "not_found") or
// ErrBusy (Code "busy"), as a shard's answer carries it.
type ShardError struct {
	Param string `json:"param,omitempty"`
	Code  string `json:"code,omitempty"`
	Msg   string `json:"msg"`
}

// codeNotFound and codeBusy are the codes of ErrNotFound and ErrBusy in
// a ShardError.
const (
	codeNotFound = "not_found"
	codeBusy     = "busy"
)

// Err returns the error e stands for.
func (e *ShardError) Err() error {
	switch e.Code {
	case codeNotFound:
		return fmt.Errorf("%s: %w", e.Msg, ErrNotFound)
	case codeBusy:
		return ErrBusy
	}
	return &QueryError{Param: e.Param, Code: e.Code, Msg: e.Msg}
}

// ShardMatches are the articles of a shard that match a request.
type ShardMatches struct {
	// Values[f] names the values of term facet f the rows hold.
	Values [][]string   `json:"values"`
	Rows   []MatchedRow `json:"rows"`
	// DidYouMean is the shard's correction of the query, and Few its
	// correction were the search to find few articles (didYouMean).
	DidYouMean string `json:"did_you_mean,omitempty"`
	Few        string `json:"few,omitempty"`
}

// MatchedRow is one matching article of a shard.
type MatchedRow struct {
	ID    string `json:"i"`
	Score Score  `json:"s"`
	// Date is the publication date in Unix nanoseconds, or none.
	Date int64 `json:"d,omitempty"`
	// Undated marks an article without a date.
	Undated bool `json:"u,omitempty"`
	// Vals are its facet values: scorchx.Value(f, o) for value o of
	// Values[f].
	Vals []uint32 `json:"v,omitempty"`
	// Fingerprint is its body's SimHash, "" when it has none; Ingested
	// when it was written, in Unix nanoseconds; Story the story its
	// shard gave it.
	Fingerprint string `json:"f,omitempty"`
	Ingested    int64  `json:"n"`
	Story       string `json:"t"`
}

// Serve answers a coordinator's request as the shard holding e's
// articles. Mistakes in the request are answered (ShardAnswer.Error),
// not returned; errors are faults of the index or a cancelled ctx.
func (e *Engine) Serve(ctx context.Context, r *ShardRequest) (*ShardAnswer, error) {
	a, err := e.serve(ctx, r)
	var qe *QueryError
	switch {
	case errors.As(err, &qe):
		return &ShardAnswer{Error: &ShardError{Param: qe.Param, Code: qe.Code, Msg: qe.Msg}}, nil
	case errors.Is(err, ErrNotFound):
		return &ShardAnswer{Error: &ShardError{Code: codeNotFound, Msg: err.Error()}}, nil
	case errors.Is(err, ErrBusy):
		return &ShardAnswer{Error: &ShardError{Code: codeBusy, Msg: err.Error()}}, nil
	}
	return a, err
}

func (e *Engine) serve(ctx context.Context, r *ShardRequest) (*ShardAnswer, error) {
	switch r.Op {
	case OpCount:
		n, err := e.Count(ctx)
		return &ShardAnswer{Count: n}, err
	case OpArticle:
		a, err := e.Article(ctx, r.ID)
		return &ShardAnswer{Article: a}, err
	case OpNames:
		return e.shardNames(ctx, r.Request)
	case OpAnnotate:
		a, err := e.Annotate(ctx, r.ID, r.Request.Query)
		return &ShardAnswer{Annotation: a}, err
	}
	req := r.Request
	p, err := e.prepare(ctx, &req, nil)
	if err != nil {
		return nil, err
	}
	defer p.close()
	if err := p.admit(ctx, req.Query); err != nil {
		return nil, err
	}
	snap, err := p.snapshot()
	if err != nil {
		return nil, err
	}
	if r.Op == OpStats {
		st, err := snap.RecordStats(ctx, p.q)
		if err != nil {
			return nil, searchError(req.Query, err)
		}
		return &ShardAnswer{Stats: st}, nil
	}
	if r.Stats == nil {
		return nil, fmt.Errorf("shard request %q without term statistics", r.Op)
	}
	global := snap.WithStats(r.Stats)
	switch r.Op {
	case OpMatches:
		m, err := e.shardMatches(ctx, global, p.q, req.Query)
		if err != nil {
			return nil, searchError(req.Query, err)
		}
		return &ShardAnswer{Matches: m}, nil
	case OpHits:
		var x *explainer
		if !e.unexplained {
			x = e.newExplainer(p.parsed)
		}
		hits, err := e.shardHits(ctx, global, p.q, req.Sort, r.IDs, x)
		if err != nil {
			return nil, searchError(req.Query, err)
		}
		members := make([]Member, len(r.Members))
		for i, id := range r.Members {
			if members[i], err = member(snap, id); err != nil {
				return nil, err
			}
		}
		return &ShardAnswer{Hits: hits, Members: members}, nil
	}
	return nil, fmt.Errorf("unknown shard request %q", r.Op)
}

// shardNames returns the names of the entity ids among req's entity
// filters that the shard's articles hold, by id, and those of the ids
// its articles hold as names (as param=id).
func (e *Engine) shardNames(ctx context.Context, req Request) (*ShardAnswer, error) {
	b, release, err := e.ix.Acquire()
	if err != nil {
		return nil, err
	}
	p := &prepared{e: e, b: b, release: release}
	defer p.close()
	out := &ShardAnswer{Names: map[string]string{}}
	for _, f := range termFacets {
		if !f.entity {
			continue
		}
		for _, v := range append(f.selected(&req), f.excluded(&req)...) {
			if _, ok := entity.ParseID(v); !ok {
				continue
			}
			snap, err := p.snapshot()
			if err != nil {
				return nil, err
			}
			name, found, asName, err := e.lookupName(ctx, snap, f, v)
			if err != nil {
				return nil, err
			}
			if found {
				out.Names[v] = name
			}
			if asName {
				out.AsNames = append(out.AsNames, f.param+"="+v)
			}
		}
	}
	return out, nil
}

// shardMatches returns every match of q in snap, scored as snap scores,
// with the values, dates, fingerprints and stories of the matches.
func (e *Engine) shardMatches(ctx context.Context, snap *scorchx.Snapshot, q query.Query, text string) (*ShardMatches, error) {
	st := snap.Tables()
	out := &ShardMatches{Values: make([][]string, len(st.Values)), Rows: []MatchedRow{}}
	// Each facet value the rows hold is numbered afresh, in the order met.
	ords := make([]map[uint32]uint32, len(st.Values))
	for f := range ords {
		ords[f] = map[uint32]uint32{}
	}
	var docs []uint64
	err := snap.EachMatch(ctx, q, func(doc uint64, score float64) {
		seg, local := st.Locate(doc, 0)
		t := st.Table(seg)
		row := MatchedRow{ID: t.ID[local], Score: Score(score), Date: t.Date[local], Story: st.Stories[t.Story[local]]}
		if row.Date == scorchx.NoDate {
			row.Date, row.Undated = 0, true
		}
		for _, v := range t.Vals[t.Start[local]:t.Start[local+1]] {
			f, o := scorchx.Facet(v), scorchx.Ord(v)
			n, ok := ords[f][o]
			if !ok {
				n = uint32(len(out.Values[f]))
				ords[f][o] = n
				out.Values[f] = append(out.Values[f], st.Values[f][o])
			}
			row.Vals = append(row.Vals, scorchx.Value(f, n))
		}
		out.Rows = append(out.Rows, row)
		docs = append(docs, doc)
	})
	if err != nil {
		return nil, err
	}
	err = snap.VisitDocValues(docs, []string{index.FieldFingerprint, index.FieldIngested}, func(i int, field string, term []byte) {
		switch field {
		case index.FieldFingerprint:
			out.Rows[i].Fingerprint = string(term)
		case index.FieldIngested:
			if shift, err := numeric.PrefixCoded(term).Shift(); err == nil && shift == 0 {
				out.Rows[i].Ingested, _ = numeric.PrefixCoded(term).Int64()
			}
		}
	})
	if err != nil {
		return nil, err
	}
	if out.DidYouMean, err = e.didYouMean(ctx, snap, text, false); err != nil {
		return nil, err
	}
	if out.Few, err = e.didYouMean(ctx, snap, text, true); err != nil {
		return nil, err
	}
	return out, nil
}

// shardHits loads and highlights the articles ids as hits of q, in that
// order, x (when not nil) explaining them; their Story is left for the
// coordinator. An id q does not match in snap is left out.
func (e *Engine) shardHits(ctx context.Context, snap *scorchx.Snapshot, q query.Query, s Sort, ids []string, x *explainer) ([]Hit, error) {
	found, err := e.loadHits(ctx, snap, q, s, ids, x)
	if err != nil {
		return nil, err
	}
	hits := make([]Hit, 0, len(ids))
	for _, id := range ids {
		if h, ok := found[id]; ok {
			// The score is the matches' (the coordinator's to set), not
			// the narrowed query's, which may not be a number.
			h.Score = 0
			hits = append(hits, toHit(h, "", x.hitMatches(id)))
		}
	}
	return hits, nil
}

// member returns the article id as a Member of a story.
func member(snap *scorchx.Snapshot, id string) (Member, error) {
	fields, err := snap.Stored(id, memberFields)
	if err != nil {
		return Member{}, fmt.Errorf("load article %s: %w", id, err)
	}
	a := index.ArticleFromFields(fields)
	return Member{ID: id, Title: a.Title, URL: a.URL, Source: a.Source, Published: a.Published}, nil
}

// publishedKey is the sort key of a row's date as the ranker reads it
// from a Table (Table.Published).
func publishedKey(r *MatchedRow) string {
	if r.Undated {
		return ""
	}
	return scorchx.PublishedTerm(r.Date)
}

// Score is a match's score, which encodes as JSON even when it is not a
// number (a search of every article scores NaN): as a string then.
type Score float64

// MarshalJSON implements json.Marshaler.
func (s Score) MarshalJSON() ([]byte, error) {
	f := float64(s)
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return json.Marshal(strconv.FormatFloat(f, 'g', -1, 64))
	}
	return json.Marshal(f)
}

// UnmarshalJSON implements json.Unmarshaler.
func (s *Score) UnmarshalJSON(b []byte) error {
	var f float64
	if err := json.Unmarshal(b, &f); err == nil {
		*s = Score(f)
		return nil
	}
	var text string
	if err := json.Unmarshal(b, &text); err != nil {
		return fmt.Errorf("score %s: %w", b, err)
	}
	f, err := strconv.ParseFloat(text, 64)
	*s = Score(f)
	return err
}
