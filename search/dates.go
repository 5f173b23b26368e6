package search

import (
	"fmt"
	"strings"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/sitrep/sitrep/index"
)

// periodLayouts are the forms of a date in a query or a parameter, most
// precise first, with the start of the next period of each.
var periodLayouts = []struct {
	layout string
	next   func(time.Time) time.Time
}{
	{time.DateOnly, func(t time.Time) time.Time { return t.AddDate(0, 0, 1) }},
	{"2006-01", func(t time.Time) time.Time { return t.AddDate(0, 1, 0) }},
	{"2006", func(t time.Time) time.Time { return t.AddDate(1, 0, 0) }},
}

// ParsePeriod reads a date written YYYY, YYYY-MM or YYYY-MM-DD as the
// period it names, in UTC: its first instant, and the first instant of the
// next period (a year, a month or a day later). ok is false for any other
// text.
func ParsePeriod(s string) (start, next time.Time, ok bool) {
	for _, d := range periodLayouts {
		if len(s) != len(d.layout) {
			continue
		}
		t, err := time.Parse(d.layout, s)
		if err != nil {
			return time.Time{}, time.Time{}, false
		}
		return t, d.next(t), true
	}
	return time.Time{}, time.Time{}, false
}

// The date scopes of the query language: date:PERIOD or
// date:FROM..TO (either end may be left out), after:DATE (from the start
// of DATE on) and before:DATE (up to the start of DATE, not including it).
const (
	scopeDate   = "date"
	scopeAfter  = "after"
	scopeBefore = "before"
)

// isDateScope reports whether a scope name (lower case) is a date scope.
func isDateScope(name string) bool {
	return name == scopeDate || name == scopeAfter || name == scopeBefore
}

// dateBounds returns the span of publication dates a date term matches:
// from its start (inclusive) to its end (exclusive), a zero time for an
// open end. It fails with a message (without the term's position) when
// value is no date or range of dates.
func dateBounds(scope, value string) (from, to time.Time, err error) {
	bad := func() (time.Time, time.Time, error) {
		how := "a date as YYYY, YYYY-MM or YYYY-MM-DD"
		if scope == scopeDate {
			how += ", or a range FROM..TO such as 2024-03..2024-06 (either end may be left out)"
		}
		return time.Time{}, time.Time{}, fmt.Errorf(`"%s:%s" is not a date: write %s`, scope, value, how)
	}
	// A date outside the years the index can hold would read as an open
	// end (its zero time), so it is no date here.
	period := func(s string) (start, next time.Time, ok bool) {
		start, next, ok = ParsePeriod(s)
		return start, next, ok && index.InDateSpan(start)
	}
	if scope != scopeDate {
		start, _, ok := period(value)
		if !ok {
			return bad()
		}
		if scope == scopeAfter {
			return start, time.Time{}, nil
		}
		return time.Time{}, start, nil
	}
	lo, hi, isRange := strings.Cut(value, "..")
	if !isRange {
		start, next, ok := period(value)
		if !ok {
			return bad()
		}
		return start, next, nil
	}
	if lo == "" && hi == "" {
		return bad()
	}
	if lo != "" {
		var ok bool
		if from, _, ok = period(lo); !ok {
			return bad()
		}
	}
	if hi != "" {
		var ok bool
		if _, to, ok = period(hi); !ok {
			return bad()
		}
	}
	if !from.IsZero() && !to.IsZero() && !to.After(from) {
		return time.Time{}, time.Time{}, fmt.Errorf(`"%s:%s" ends before it starts: write the earlier date first`, scope, value)
	}
	return from, to, nil
}

// undatedQuery matches the articles without a date.
func undatedQuery() query.Query {
	return query.NewBooleanQuery(nil, nil, []query.Query{datedQuery()})
}

// datedQuery matches the articles with a date.
func datedQuery() query.Query {
	return dateQuery(time.Date(index.FirstYear, 1, 1, 0, 0, 0, 0, time.UTC), time.Time{})
}

// dateQuery matches the articles published from from (inclusive) to to
// (exclusive); a zero time leaves that end open. Articles without a date
// never match.
func dateQuery(from, to time.Time) query.Query {
	if !from.IsZero() {
		from = index.ClampDate(from)
	}
	if !to.IsZero() {
		to = index.ClampDate(to)
	}
	yes, no := true, false
	dq := bleve.NewDateRangeInclusiveQuery(from, to, &yes, &no)
	dq.SetField(index.FieldPublished)
	return dq
}

// DateBounds returns the span of publication dates the query's date terms
// (date:, after:, before:) keep when they bound the whole query: the query
// is one, or they are among the terms ANDed at its top (not within an OR
// and not left out with "-"). from is inclusive and to exclusive; a zero
// time is an open end. ok is false when no date term bounds the query.
func (q *Query) DateBounds() (from, to time.Time, ok bool) {
	if q.IsEmpty() {
		return from, to, false
	}
	terms := []*node{q.root}
	if q.root.kind == andNode {
		terms = q.root.kids
	}
	for _, n := range terms {
		if n.kind != dateNode {
			continue
		}
		f, t, err := dateBounds(n.field, n.text)
		if err != nil {
			continue // the parser checked it
		}
		ok = true
		if !f.IsZero() && f.After(from) {
			from = f
		}
		if !t.IsZero() && (to.IsZero() || t.Before(to)) {
			to = t
		}
	}
	return from, to, ok
}
