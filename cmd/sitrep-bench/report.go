package main

import (
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/sitrep/sitrep/index"
)

// report is everything one run measured.
type report struct {
	docs                 uint64
	rawBytes, indexBytes int64
	built                bool
	ingest               ingestResult
	distinct             map[string]int
	queries              []queryTiming
	http                 []httpTiming
	rssBytes             int64
	peakRSSBytes         int64
	// anonBytes and fileBytes split the RSS into the heap and the pages of
	// mapped files (the index's segments), which the kernel can reclaim.
	anonBytes, fileBytes int64
	cpus                 int
	goVersion            string
	// collapse is whether the searches showed one hit per story.
	collapse bool
}

// write prints the report as Markdown tables.
func (r *report) write(w io.Writer) {
	fmt.Fprintf(w, "### %s articles (%s, %d CPUs, load average %s)\n\n", thousands(int64(r.docs)), r.goVersion, r.cpus, loadAverage())
	fmt.Fprintln(w, "| ingest | value |")
	fmt.Fprintln(w, "|---|---|")
	if r.built {
		rep := r.ingest.report
		secs := rep.Elapsed.Seconds()
		fmt.Fprintf(w, "| articles | %s (%s rejected) |\n", thousands(int64(rep.Total())), thousands(int64(rep.Rejected)))
		fmt.Fprintf(w, "| wall time | %.1f s |\n", secs)
		fmt.Fprintf(w, "| throughput | %s articles/s, %.1f MB/s |\n", thousands(int64(float64(rep.Total())/secs)), float64(r.rawBytes)/1e6/secs)
		fmt.Fprintf(w, "| CPU time (user+sys) | %.1f s (%.2f cores busy) |\n", r.ingest.cpu.Seconds(), r.ingest.cpu.Seconds()/secs)
		fmt.Fprintf(w, "| peak RSS during ingest | %s |\n", mb(r.ingest.peakRSS))
	} else {
		fmt.Fprintln(w, "| articles | reused index: not built in this run |")
	}
	fmt.Fprintf(w, "| raw corpus | %s |\n", mb(r.rawBytes))
	fmt.Fprintf(w, "| index on disk | %s (%.2f × raw) |\n", mb(r.indexBytes), float64(r.indexBytes)/float64(max(r.rawBytes, 1)))
	fmt.Fprintf(w, "| distinct people / places / organisations / sources | %s / %s / %s / %s |\n",
		thousands(int64(r.distinct[index.FieldPeople])), thousands(int64(r.distinct[index.FieldPlaces])),
		thousands(int64(r.distinct[index.FieldOrganisations])), thousands(int64(r.distinct[index.FieldSource])))
	fmt.Fprintln(w)

	if r.collapse {
		fmt.Fprintln(w, "Searches as Sitrep answers by default: one hit per story (`hits` counts articles).")
	} else {
		fmt.Fprintln(w, "Searches with collapse=false: every article a hit.")
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "| query | hits | + facets p50 / p95 / p99 (ms) | + facets CPU (ms) | hits only p50 / p95 / p99 (ms) | reps |")
	fmt.Fprintln(w, "|---|---:|---:|---:|---:|---:|")
	for _, q := range r.queries {
		fmt.Fprintf(w, "| %s | %s | %s | %s | %s | %d / %d |\n", strings.ReplaceAll(q.name, "|", `\|`), thousands(int64(q.hits)),
			q.facets, ms(q.facetsCPU), q.hitsOnly, q.facetReps, q.hitsReps)
	}
	fmt.Fprintln(w)

	if len(r.http) > 0 {
		fmt.Fprintln(w, "| HTTP GET /api/search (keywords at 50/10/1% df, with facets) | requests/s | p50 (ms) | p99 (ms) | CPU per request (ms) | requests | errors |")
		fmt.Fprintln(w, "|---|---:|---:|---:|---:|---:|---:|")
		for _, h := range r.http {
			setup := ""
			if h.setup != "" {
				setup = ", " + h.setup
			}
			fmt.Fprintf(w, "| %d clients, %.0f s%s | %s | %s | %s | %s | %s | %d |\n", h.clients, h.seconds, setup,
				thousands(int64(float64(h.requests)/h.seconds)), ms(h.lat.p50), ms(h.lat.p99), ms(h.cpu), thousands(int64(h.requests)), h.errors)
		}
		fmt.Fprintln(w)
	}
	fmt.Fprintf(w, "Memory at the end: RSS %s (anonymous %s, mapped files %s), peak RSS %s.\n\n",
		mb(r.rssBytes), mb(r.anonBytes), mb(r.fileBytes), mb(r.peakRSSBytes))
	r.writeTargets(w)
}

// target is one of the aims of issue 6 and whether it is met.
type target struct {
	what, aim, measured string
	met                 bool
}

// writeTargets compares the run with the aims for its scale: those for
// 1M articles from 500,000 articles up, else those for 100k.
func (r *report) writeTargets(w io.Writer) {
	q := func(prefix string) *queryTiming {
		for i := range r.queries {
			if strings.HasPrefix(r.queries[i].name, prefix) {
				return &r.queries[i]
			}
		}
		return nil
	}
	var ts []target
	million := r.docs >= 500_000
	rep := r.ingest.report
	if r.built {
		rate := float64(rep.Total()) / rep.Elapsed.Seconds()
		if million {
			ts = append(ts, target{"build", "≤ 10 min", fmt.Sprintf("%.1f min", rep.Elapsed.Minutes()), rep.Elapsed <= 10*time.Minute})
		} else {
			ts = append(ts, target{"ingest incl. extraction", "≥ 4,500 articles/s", thousands(int64(rate)) + " articles/s", rate >= 4500})
		}
	}
	ratio := float64(r.indexBytes) / float64(max(r.rawBytes, 1))
	if !million {
		ts = append(ts, target{"index size ÷ raw text", "≤ 1.0", fmt.Sprintf("%.2f", ratio), ratio <= 1.0})
	}
	browse, uncachedBrowse, afterWrite := q("browse: match-all, repeated"), q("browse: match-all, no result cache"), q("browse, first after a write")
	var keywords []*queryTiming
	for i := range r.queries {
		if strings.HasPrefix(r.queries[i].name, "term ") {
			keywords = append(keywords, &r.queries[i])
		}
	}
	phrase := q("common phrase")
	switch {
	case million:
		if browse != nil {
			ts = append(ts, target{"browse p50, repeated (result cache)", "≤ 50 ms", ms(browse.facets.p50), browse.facets.p50 <= 50*time.Millisecond})
		}
		if uncachedBrowse != nil {
			ts = append(ts, target{"browse p50, no result cache", "≤ 50 ms", ms(uncachedBrowse.facets.p50), uncachedBrowse.facets.p50 <= 50*time.Millisecond})
		}
		if afterWrite != nil {
			ts = append(ts, target{"browse p50, first after a write", "≤ 50 ms", ms(afterWrite.facets.p50), afterWrite.facets.p50 <= 50*time.Millisecond})
		}
		if len(keywords) > 0 {
			worst := keywords[0].facets.p99
			for _, k := range keywords {
				worst = max(worst, k.facets.p99)
			}
			ts = append(ts, target{"keyword + facets p99 (worst term)", "≤ 100 ms", ms(worst), worst <= 100*time.Millisecond})
		}
		// This process also built (or opened) the index and ran every
		// query class: its mapped pages are more than a server's would be.
		ts = append(ts, target{"server RSS (this bench process's, an upper bound)", "≤ 3 GB", mb(r.rssBytes), r.rssBytes <= 3<<30})
	default:
		if browse != nil {
			ts = append(ts, target{"browse (match-all + facets + histogram) p50, repeated (result cache)", "≤ 6 ms", ms(browse.facets.p50), browse.facets.p50 <= 6*time.Millisecond})
		}
		if uncachedBrowse != nil {
			ts = append(ts, target{"browse p50, no result cache", "≤ 6 ms", ms(uncachedBrowse.facets.p50), uncachedBrowse.facets.p50 <= 6*time.Millisecond})
		}
		if afterWrite != nil {
			ts = append(ts, target{"browse p50, first after a write", "≤ 6 ms", ms(afterWrite.facets.p50), afterWrite.facets.p50 <= 6*time.Millisecond})
		}
		if len(keywords) >= 3 {
			ts = append(ts, target{"keyword (50% of docs) + facets p50", "≤ 7 ms", ms(keywords[0].facets.p50), keywords[0].facets.p50 <= 7*time.Millisecond})
		}
		if phrase != nil {
			ts = append(ts, target{"common-word phrase + facets p50", "≤ 50 ms", ms(phrase.facets.p50), phrase.facets.p50 <= 50*time.Millisecond})
		}
		if len(keywords) >= 3 {
			ts = append(ts, target{"selective keyword (1%) + facets p50", "≤ 3 ms", ms(keywords[2].facets.p50), keywords[2].facets.p50 <= 3*time.Millisecond})
		}
		for _, h := range r.http {
			if h.clients == 8 {
				rate, what := float64(h.requests)/h.seconds, "HTTP keyword + facets, 8 clients"
				if h.setup != "" {
					what += ", " + h.setup
				}
				ts = append(ts, target{what, "≥ 1,000 req/s, p99 ≤ 30 ms",
					fmt.Sprintf("%s req/s, p99 %s ms", thousands(int64(rate)), ms(h.lat.p99)), rate >= 1000 && h.lat.p99 <= 30*time.Millisecond})
			}
		}
	}
	scale := "100k"
	if million {
		scale = "1M"
	}
	fmt.Fprintf(w, "| target (for %s articles) | aim | measured | met |\n", scale)
	fmt.Fprintln(w, "|---|---|---|---|")
	for _, t := range ts {
		met := "no"
		if t.met {
			met = "yes"
		}
		fmt.Fprintf(w, "| %s | %s | %s | %s |\n", t.what, t.aim, t.measured, met)
	}
}

// String formats percentiles as "p50 / p95 / p99" in milliseconds.
func (p percentiles) String() string {
	return ms(p.p50) + " / " + ms(p.p95) + " / " + ms(p.p99)
}

// ms formats d in milliseconds with three significant digits or so.
func ms(d time.Duration) string {
	v := float64(d) / float64(time.Millisecond)
	switch {
	case v >= 100:
		return fmt.Sprintf("%.0f", v)
	case v >= 10:
		return fmt.Sprintf("%.1f", v)
	}
	return fmt.Sprintf("%.2f", v)
}

// mb formats a byte count in megabytes.
func mb(n int64) string { return fmt.Sprintf("%.1f MB", float64(n)/1e6) }

// thousands formats n with comma separators.
func thousands(n int64) string {
	s := fmt.Sprint(n)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

// loadAverage returns the one-minute load average, "?" when unknown: the
// machine's other work is part of every number.
func loadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "?"
	}
	if f := strings.Fields(string(b)); len(f) > 0 {
		return f[0]
	}
	return "?"
}
