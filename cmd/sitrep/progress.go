package main

import (
	"cmp"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/sitrep/sitrep/index/ingest"
)

// progress reports how an ingest advances. The zero value reports nothing.
type progress struct {
	out      io.Writer
	terminal bool
	total    int64 // bytes to read; 0 when unknown (stdin)
	start    time.Time
	last     time.Time
	every    time.Duration
	shown    bool
	// savedIn is where saved articles are: "the index" when "", "the
	// article log" with --cluster.
	savedIn string
}

// Default intervals between progress reports.
const (
	terminalInterval = 100 * time.Millisecond
	lineInterval     = 5 * time.Second
)

// newProgress reports to out: a bar redrawn in place on a terminal, else a
// plain line every interval (0: every five seconds).
func newProgress(out io.Writer, totalBytes int64, interval time.Duration) progress {
	p := progress{out: out, terminal: isTerminal(out), total: totalBytes, start: time.Now(), every: lineInterval}
	if p.terminal {
		p.every = terminalInterval
	}
	if interval > 0 {
		p.every = interval
	}
	p.last = p.start
	return p
}

// update reports how far the ingest has come.
func (p *progress) update(pr ingest.Progress) {
	if p.out == nil {
		return
	}
	now := time.Now()
	if now.Sub(p.last) < p.every {
		return
	}
	p.last = now
	p.draw(pr, now)
}

func (p *progress) draw(pr ingest.Progress, now time.Time) {
	elapsed := now.Sub(p.start).Seconds()
	rate := float64(pr.Records) / max(elapsed, 1e-9)
	if !p.terminal {
		// The saved articles are those of the batches the writer has
		// flushed (persisted) before this line, or the log acknowledged:
		// a kill after it loses none of them.
		savedIn := cmp.Or(p.savedIn, "the index")
		if p.total > 0 {
			fmt.Fprintf(p.out, "ingest: %d records read, %d saved in %s, %.0f%% of input, %.0f records/s\n", pr.Records, pr.Saved, savedIn, percent(pr.Read, p.total), rate)
		} else {
			fmt.Fprintf(p.out, "ingest: %d records read, %d saved in %s, %.0f records/s\n", pr.Records, pr.Saved, savedIn, rate)
		}
		return
	}
	const width = 30
	if p.total > 0 {
		pct := percent(pr.Read, p.total)
		filled := int(pct / 100 * width)
		fmt.Fprintf(p.out, "\r[%s%s] %3.0f%%  %d records  %d saved  %.0f/s ", strings.Repeat("=", filled), strings.Repeat(" ", width-filled), pct, pr.Records, pr.Saved, rate)
	} else {
		fmt.Fprintf(p.out, "\r%d records  %d saved  %.0f/s ", pr.Records, pr.Saved, rate)
	}
	p.shown = true
}

// clear removes the bar so that a message can be printed on its own line.
func (p *progress) clear() {
	if p.out != nil && p.terminal && p.shown {
		fmt.Fprint(p.out, "\r\033[K")
		p.shown = false
	}
}

// done removes the bar at the end.
func (p *progress) done() { p.clear() }

func percent(n, total int64) float64 {
	return min(100, 100*float64(n)/float64(total))
}
