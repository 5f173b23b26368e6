package search

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strconv"
	"time"

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
	// OpPrints asks for the fingerprints of the articles matching the
	// request (ShardPrints), for the coordinator to collapse stories
	// across shards.
	OpPrints ShardOp = "prints"
	// OpCounts asks for the shard's counts of the articles matching the
	// request, scored with the summed statistics, its stories as
	// ShardRequest.Stories joins them, and its best-ranked stories (or
	// articles) up to the request's page (ShardCounts).
	OpCounts ShardOp = "counts"
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
	// OpExport asks for a chunk of the rows of the request's export
	// (ShardExport) after its cursor.
	OpExport ShardOp = "export"
	// OpCorpus asks for the number of the shard's articles, and of those
	// naming each of the Values (ShardCorpus): what stands out in a
	// search is measured against them.
	OpCorpus ShardOp = "corpus"
	// OpSurge asks for the shard's counts of the surges at the request's
	// Now (ShardSurge): of the window ending on the day Last, or on the
	// day of its own newest article when Last is zero; of the entity ID
	// alone when ID is set.
	OpSurge ShardOp = "surge"
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
	// Stories are the stories of OpCounts that hold more than one
	// fingerprint; NoFacets asks it for no facets or histogram;
	// PrintIDs asks OpPrints for the articles' ids; Prints asks OpStats
	// for the prints too, when the query's matches in the shard do not
	// depend on the other shards' words (no fuzzy word: TermStats.Fuzzy),
	// sparing a round.
	Stories  *StoryMap `json:"stories,omitempty"`
	NoFacets bool      `json:"no_facets,omitempty"`
	PrintIDs bool      `json:"print_ids,omitempty"`
	Prints   bool      `json:"prints,omitempty"`
	// ExportShared asks OpExport for the matches of the stories the shard
	// shares; Rows is the most rows it sends (exportChunk when 0).
	ExportShared bool `json:"export_shared,omitempty"`
	Rows         int  `json:"rows,omitempty"`
	// Values are the values of each term facet whose articles OpCorpus
	// counts.
	Values [][]string `json:"values,omitempty"`
	// Now and Last are the moment and the window's last day of OpSurge.
	Now  time.Time `json:"now,omitzero"`
	Last time.Time `json:"last,omitzero"`
	// IDs are the articles OpHits shows as hits, Members those it shows as
	// members of a story; ID is the article of OpArticle, the entity of
	// OpSurge.
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
	Prints     *ShardPrints      `json:"prints,omitempty"`
	Counts     *ShardCounts      `json:"counts,omitempty"`
	Corpus     *ShardCorpus      `json:"corpus,omitempty"`
	Surge      *ShardSurge       `json:"surge,omitempty"`
	Export     *ShardExport      `json:"export,omitempty"`
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
	case OpCorpus:
		c, err := e.shardCorpus(ctx, r.Values)
		return &ShardAnswer{Corpus: c}, err
	case OpSurge:
		c, err := e.countSurge(ctx, r.Now, r.Last, r.ID)
		return &ShardAnswer{Surge: c}, err
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
		a := &ShardAnswer{Stats: st}
		if r.Prints && !st.Fuzzy() {
			ms, err := matchesOf(ctx, snap, p.q)
			if err != nil {
				return nil, searchError(req.Query, err)
			}
			a.Prints = printsOf(ms, snap.Tables(), false)
		}
		return a, nil
	}
	if r.Stats == nil {
		return nil, fmt.Errorf("shard request %q without term statistics", r.Op)
	}
	global := snap.WithStats(r.Stats)
	switch r.Op {
	case OpPrints:
		ms, err := matchesOf(ctx, global, p.q)
		if err != nil {
			return nil, searchError(req.Query, err)
		}
		return &ShardAnswer{Prints: printsOf(ms, global.Tables(), r.PrintIDs)}, nil
	case OpCounts:
		c, err := e.shardCounts(ctx, global, p.q, r)
		if err != nil {
			return nil, searchError(req.Query, err)
		}
		return &ShardAnswer{Counts: c}, nil
	case OpExport:
		x, err := e.shardExport(ctx, global, p.q, r)
		if err != nil {
			return nil, searchError(req.Query, err)
		}
		return &ShardAnswer{Export: x}, nil
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

// ShardCorpus counts a shard's articles, and those naming each value
// asked: Counts[f][i] name value i of term facet f.
type ShardCorpus struct {
	Articles uint64    `json:"n"`
	Counts   [][]int32 `json:"c"`
}

// shardCorpus counts the shard's live articles and those naming each of
// values (by term facet), as significance counts them.
func (e *Engine) shardCorpus(ctx context.Context, values [][]string) (*ShardCorpus, error) {
	b, release, err := e.ix.Acquire()
	if err != nil {
		return nil, err
	}
	p := &prepared{e: e, b: b, release: release}
	defer p.close()
	snap, err := p.snapshot()
	if err != nil {
		return nil, err
	}
	corpus, total, err := corpusCounts(ctx, snap)
	if err != nil {
		return nil, err
	}
	out := &ShardCorpus{Articles: total, Counts: make([][]int32, len(values))}
	st := snap.Tables()
	for f, vs := range values {
		if f >= len(st.Values) {
			return nil, fmt.Errorf("corpus counts of term facet %d: the index has %d", f, len(st.Values))
		}
		at := make(map[string]int, len(vs))
		for i, v := range vs {
			at[v] = i
		}
		out.Counts[f] = make([]int32, len(vs))
		for o, v := range st.Values[f] {
			if i, ok := at[v]; ok {
				out.Counts[f][i] += corpus[f][o]
			}
		}
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
