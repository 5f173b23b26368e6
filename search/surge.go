package search

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/blevesearch/bleve/v2"

	"github.com/sitrep/sitrep/index/entity"
	"github.com/sitrep/sitrep/search/internal/scorchx"
)

// This file finds the entities that surge: named in far more of the last
// week's articles than of the weeks before.

// What a surge is. The window is the SurgeDays days (UTC) ending on the
// day of the index's newest article dated no later than now — so an
// archive whose newest article is years old still has a last week — and
// the baseline the SurgeBaselineDays days before it. An entity named in r
// of the window's nW articles and b of the baseline's nB surges when r is
// at least MinSurgeCount and its share of the window, r/nW, is at least
// MinSurgeLift times its share of the baseline, b/nB (a name the baseline
// never saw, b = 0, surges on its count alone). Surges are ranked by
// Dunning's G² (G2) of the 2×2 table window or baseline × naming it or
// not. Undated articles, and those dated after now, are in neither.
const (
	SurgeDays         = 7
	SurgeBaselineDays = 12 * 7
	MinSurgeCount     = 3
	MinSurgeLift      = 3
	// MaxSurging is the most entities Surging returns.
	MaxSurging = 100
)

// DaySpan is a run of whole days (UTC): From is the first, To the last, both
// at midnight.
type DaySpan struct {
	From, To time.Time
}

// start returns the span's first instant in Unix nanoseconds.
func (s DaySpan) start() int64 { return s.From.UnixNano() }

// Surges are the entities surging in the window against the baseline.
type Surges struct {
	// Window is the last week, Baseline the weeks before it; both zero
	// when no article of the index is dated (no later than now).
	Window, Baseline DaySpan
	// WindowArticles and BaselineArticles count the articles of each (nW
	// and nB).
	WindowArticles, BaselineArticles uint64
	// Entities are the surging entities, highest Score first.
	Entities []Surge
}

// Surge is an entity named in far more of the window's articles than of
// the baseline's.
type Surge struct {
	// Facet is FacetPeople, FacetPlaces or FacetOrganisations; Value the
	// entity's canonical name; ID its entity ID (entity.ID).
	Facet, Value, ID string
	Kind             entity.Kind
	// Recent counts the window's articles naming it (r), Baseline the
	// baseline's (b).
	Recent, Baseline int
	// Lift is (r/nW) / (b/nB): how many times its share of the baseline
	// its share of the window is; +Inf when b is 0.
	Lift float64
	// Score is G² of the 2×2 table (window or baseline × naming it or
	// not): G2(r, r+b, nW, nW+nB).
	Score float64
}

// Surging returns at most k (1 to MaxSurging) entities surging at now,
// highest Score first, with the window and baseline they were counted
// in. Counts are of articles, exact, read from the snapshot's tables
// without loading a document. A k out of range is a *QueryError; other
// errors are faults of the index or a cancelled ctx.
func (e *Engine) Surging(ctx context.Context, now time.Time, k int) (*Surges, error) {
	if err := checkSurging(k); err != nil {
		return nil, err
	}
	return e.surges(ctx, now, k, "")
}

// checkSurging returns a *QueryError when k surging entities are not
// between 1 and MaxSurging.
func checkSurging(k int) error {
	if k < 1 || k > MaxSurging {
		return &QueryError{Param: "size", Msg: fmt.Sprintf("size %d: choose between 1 and %d surging entities", k, MaxSurging)}
	}
	return nil
}

// SurgeOf returns the surge of the entity with the id at now: the
// Surges with that entity alone, or with none when it does not surge.
// Its errors are those of Surging.
func (e *Engine) SurgeOf(ctx context.Context, now time.Time, id string) (*Surges, error) {
	return e.surges(ctx, now, 1, id)
}

// surges counts the window and baseline at now and returns their k
// highest-ranked surging entities: only the entity whose id is only when
// only is set (none when no article holds it).
func (e *Engine) surges(ctx context.Context, now time.Time, k int, only string) (*Surges, error) {
	c, err := e.countSurge(ctx, now, time.Time{}, only)
	if err != nil {
		return nil, err
	}
	return rankSurges(c, k), nil
}

// ShardSurge is what a shard counts of the surges at a moment (OpSurge,
// Engine.countSurge): the newest date of its articles dated no later
// than then, and the counts of the window ending on the day Last and of
// its baseline. Summed over every shard (Gather.surges), the counts are
// one index's.
type ShardSurge struct {
	// Newest is the newest date, in Unix nanoseconds; scorchx.NoDate
	// when no article is dated (no later than the moment), and then
	// nothing is counted.
	Newest int64     `json:"newest"`
	Last   time.Time `json:"last"`
	// Window and Baseline count the articles of each (nW and nB).
	Window   uint64 `json:"window"`
	Baseline uint64 `json:"baseline"`
	// Values[f] are the values of entity term facet f that the window's
	// articles name; Recent[f][i] counts the window's articles naming
	// Values[f][i], Base[f][i] the baseline's.
	Values [][]string `json:"values,omitempty"`
	Recent [][]int32  `json:"recent,omitempty"`
	Base   [][]int32  `json:"base,omitempty"`
}

// surgeSpans returns the window ending on the day last and its baseline.
func surgeSpans(last time.Time) (window, baseline DaySpan) {
	window = DaySpan{From: last.AddDate(0, 0, 1-SurgeDays), To: last}
	return window, DaySpan{From: window.From.AddDate(0, 0, -SurgeBaselineDays), To: window.From.AddDate(0, 0, -1)}
}

// lastDay returns the day (UTC, at midnight) of the date newest, in Unix
// nanoseconds.
func lastDay(newest int64) time.Time {
	return time.Unix(0, newest).UTC().Truncate(24 * time.Hour)
}

// countSurge counts the articles of e dated no later than now: the window
// ending on the day last (on the day of their newest date when last is
// zero) and its baseline, and by entity the articles of each naming it,
// of the entities the window's articles name (only the entity whose id
// is only, when only is set). Counts are of articles, exact, read from
// the snapshot's tables without loading a document.
func (e *Engine) countSurge(ctx context.Context, now, last time.Time, only string) (*ShardSurge, error) {
	b, release, err := e.ix.Acquire()
	if err != nil {
		return nil, err
	}
	defer release()
	snap, err := scorchx.Open(b, e.mapping, e.tables)
	if err != nil {
		return nil, err
	}
	defer snap.Close()
	st := snap.Tables()
	keep := func(int, string) bool { return true }
	if only != "" {
		// The id is looked up once, not hashed for each candidate.
		f, name := -1, ""
		if k, ok := entity.ParseID(only); ok {
			if n, ok := e.ids.name(st, only); ok {
				f, name = slices.IndexFunc(termFacets, func(tf termFacet) bool { return tf.entity && tf.kind == k }), n
			}
		}
		keep = func(fi int, value string) bool { return fi == f && value == name }
	}

	// One walk finds the newest date and the articles dated up to now.
	limit := now.UnixNano()
	out := &ShardSurge{Newest: scorchx.NoDate}
	var dated []uint64
	seg := 0
	err = snap.EachMatch(ctx, bleve.NewMatchAllQuery(), func(doc uint64, _ float64) {
		var local uint64
		seg, local = st.Locate(doc, seg)
		if d := st.Table(seg).Date[local]; d != scorchx.NoDate && d <= limit {
			dated = append(dated, doc)
			out.Newest = max(out.Newest, d)
		}
	})
	if err != nil {
		return nil, err
	}
	if out.Newest == scorchx.NoDate {
		return out, nil
	}
	out.Last = last
	if last.IsZero() {
		out.Last = lastDay(out.Newest)
	}
	window, baseline := surgeSpans(out.Last)

	// The other counts the window's and the baseline's articles by value.
	recent, base := make([][]int32, len(st.Values)), make([][]int32, len(st.Values))
	for f := range st.Values {
		recent[f], base[f] = make([]int32, len(st.Values[f])), make([]int32, len(st.Values[f]))
	}
	wFrom, wTo, bFrom := window.start(), window.To.AddDate(0, 0, 1).UnixNano(), baseline.start()
	for _, doc := range dated {
		var local uint64
		seg, local = st.Locate(doc, seg)
		t := st.Table(seg)
		var counts [][]int32
		switch d := t.Date[local]; {
		case d >= wTo:
			continue
		case d >= wFrom:
			counts = recent
			out.Window++
		case d >= bFrom:
			counts = base
			out.Baseline++
		default:
			continue
		}
		for _, v := range t.Vals[t.Start[local]:t.Start[local+1]] {
			counts[scorchx.Facet(v)][scorchx.Ord(v)]++
		}
	}
	out.Values = make([][]string, len(termFacets))
	out.Recent, out.Base = make([][]int32, len(termFacets)), make([][]int32, len(termFacets))
	for f, tf := range termFacets {
		if !tf.entity || f >= len(recent) {
			continue
		}
		for o, r := range recent[f] {
			if r > 0 && keep(f, st.Values[f][o]) {
				out.Values[f] = append(out.Values[f], st.Values[f][o])
				out.Recent[f], out.Base[f] = append(out.Recent[f], r), append(out.Base[f], base[f][o])
			}
		}
	}
	return out, nil
}

// rankSurges returns the k highest-ranked entities surging in c.
func rankSurges(c *ShardSurge, k int) *Surges {
	out := &Surges{Entities: []Surge{}, WindowArticles: c.Window, BaselineArticles: c.Baseline}
	if c.Newest == scorchx.NoDate {
		return out
	}
	out.Window, out.Baseline = surgeSpans(c.Last)
	if out.BaselineArticles == 0 {
		return out // nothing to compare the window with
	}
	nW, nB := float64(out.WindowArticles), float64(out.BaselineArticles)
	for f, tf := range termFacets {
		if f >= len(c.Values) {
			break
		}
		for i, r := range c.Recent[f] {
			if r < MinSurgeCount {
				continue
			}
			b := c.Base[f][i]
			lift := math.Inf(1)
			if b > 0 {
				lift = (float64(r) / nW) / (float64(b) / nB)
			}
			if lift < MinSurgeLift {
				continue
			}
			s := Surge{Facet: tf.name, Value: c.Values[f][i], Kind: tf.kind, Recent: int(r), Baseline: int(b), Lift: lift,
				Score: G2(int(r), int(r+b), out.WindowArticles, out.WindowArticles+out.BaselineArticles)}
			out.Entities = insertRanked(out.Entities, s, k, compareSurge)
		}
	}
	for i := range out.Entities {
		out.Entities[i].ID = entity.ID(out.Entities[i].Kind, out.Entities[i].Value)
	}
	return out
}

// compareSurge orders by Score, then Recent, highest first, then by facet
// and value.
func compareSurge(a, b Surge) int {
	return cmp.Or(cmp.Compare(b.Score, a.Score), cmp.Compare(b.Recent, a.Recent),
		strings.Compare(a.Facet, b.Facet), strings.Compare(a.Value, b.Value))
}
