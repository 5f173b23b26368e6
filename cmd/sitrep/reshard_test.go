package main

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/sitrep/sitrep/index"
	"github.com/sitrep/sitrep/index/cluster"
	"github.com/sitrep/sitrep/index/cluster/natstest"
	"github.com/sitrep/sitrep/index/indextest"
	"github.com/sitrep/sitrep/index/ingest"
	"github.com/sitrep/sitrep/index/parse"
	"github.com/sitrep/sitrep/search"
)

// TestReshard reshards a log of 2 shards, on 3 NATS servers, to 3
// shards: a first run interrupted part-way, then sitrep reshard, which
// goes on from there; writes and deletions made to the old log meanwhile,
// copied by a second run; a third that copies nothing. Replicas of the
// new log's shards then hold, between them, exactly the old shards'
// articles, each in the shard ShardOf names, and a coordinator over them
// answers searches as one over the old shards does. A new log written to
// directly is refused.
func TestReshard(t *testing.T) {
	if testing.Short() {
		t.Skip("runs 3 NATS servers and 5 replicas")
	}
	ctx := context.Background()
	nats := natstest.Start(t, 3)
	const newStream = "SITREP_ARTICLES_3"
	old, err := cluster.Open(ctx, cluster.Config{URL: nats.URL(), Shards: 2, Replicas: 3, TryTimeout: time.Second}, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { old.Close() })
	inputs, _, err := parse.Expand([]string{indextest.CorpusDir()})
	if err != nil {
		t.Fatal(err)
	}
	if rep, err := ingest.Run(ctx, nil, inputs, ingest.Config{BatchSize: 16, NewSink: old.NewSink}); err != nil || rep.Total() != indextest.CorpusSize {
		t.Fatalf("ingest: %v, %v", rep, err)
	}
	// A deletion, and an article written again, changed, after it.
	write := func(l *cluster.Log, articles ...*index.Article) {
		t.Helper()
		sink := l.NewSink(len(articles))
		for _, a := range articles {
			if err := sink.Add(ctx, a); err != nil {
				t.Fatal(err)
			}
		}
		if err := sink.Flush(ctx); err != nil {
			t.Fatal(err)
		}
	}
	write(old, &index.Article{Title: "Doomed", Body: "Written to be deleted.", URL: "https://x.mil/doomed"})
	doomed := index.ArticleID("https://x.mil/doomed", "", "", nil)
	if _, err := old.Delete(ctx, doomed); err != nil {
		t.Fatal(err)
	}
	write(old, &index.Article{Title: "Revised", Body: "The first version.", URL: "https://x.mil/revised"})
	write(old, &index.Article{Title: "Revised", Body: "The second version, zyxwvut.", URL: "https://x.mil/revised"})

	// A reshard interrupted after its first windows, then sitrep
	// reshard, which copies the rest.
	cut, cancel := context.WithCancel(ctx)
	_, err = cluster.Reshard(cut, cluster.ReshardConfig{URL: nats.URL(), To: newStream, Shards: 3, Window: 16, Progress: func(r cluster.ReshardReport) {
		if r.Copied >= 40 {
			cancel()
		}
	}}, slog.New(slog.DiscardHandler))
	cancel()
	if err == nil {
		t.Fatal("the interrupted reshard returned no error")
	}
	through := uint64(indextest.CorpusSize + 4)
	reshard := func(wantCopied, wantBefore uint64) {
		t.Helper()
		stdout, stderr, code := sitrep(t, "", "reshard", "--quiet", "--cluster", nats.URL(), "--to", newStream, "--shards", "3")
		if code != 0 {
			t.Fatalf("reshard: exit %d, %q %q", code, stdout, stderr)
		}
		before := fmt.Sprintf(", %d copied before, 0 skipped\n", wantBefore)
		if !strings.HasPrefix(stdout, fmt.Sprintf("reshard: copied %s of %s to %s", plural(int(wantCopied), "message"), cluster.DefaultStream, newStream)) ||
			!strings.Contains(stdout, before) || !strings.Contains(stdout, fmt.Sprintf("up to sequence %d;", through)) {
			t.Errorf("reshard printed %q, want %d copied, %d before, through %d", stdout, wantCopied, wantBefore, through)
		}
	}
	newLog, err := cluster.Open(ctx, cluster.Config{URL: nats.URL(), Stream: newStream, TryTimeout: time.Second}, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { newLog.Close() })
	copied, err := lastOfShards(ctx, newLog)
	if err != nil || copied < 40 || copied >= through {
		t.Fatalf("after the interrupted reshard the new log holds %d messages (%v), want 40 or more of %d", copied, err, through)
	}
	reshard(through-copied, copied)

	// Writes to the old log meanwhile: copied by the next run, the
	// deletion too.
	write(old, &index.Article{Title: "Late", Body: "Written during the reshard.", URL: "https://x.mil/late"})
	if _, err := old.Delete(ctx, index.ArticleID("https://x.mil/revised", "", "", nil)); err != nil {
		t.Fatal(err)
	}
	before := through
	through += 2
	reshard(2, before)
	reshard(0, through)

	// Replicas of the old log's shards and of the new one's.
	dir := t.TempDir()
	var oldNodes, newNodes []*shardNode
	for k := range 2 {
		oldNodes = append(oldNodes, startShardNodeOn(t, cluster.Config{URL: nats.URL()}, filepath.Join(dir, "old"), k, 0))
	}
	for k := range 3 {
		newNodes = append(newNodes, startShardNodeOn(t, cluster.Config{URL: nats.URL(), Stream: newStream}, filepath.Join(dir, "new"), k, 0))
	}
	waitApplied := func(l *cluster.Log, nodes []*shardNode) {
		t.Helper()
		for _, n := range nodes {
			last, err := l.LastSequence(ctx, n.shard)
			if err != nil {
				t.Fatal(err)
			}
			for deadline := time.Now().Add(60 * time.Second); n.rep.Status().Applied < last; time.Sleep(20 * time.Millisecond) {
				if time.Now().After(deadline) {
					t.Fatalf("replica of shard %d: %+v, want applied %d", n.shard, n.rep.Status(), last)
				}
			}
		}
	}
	waitApplied(old, oldNodes)
	waitApplied(newLog, newNodes)

	oldArticles := map[string]reshardedArticle{}
	for _, n := range oldNodes {
		for id, a := range shardArticles(t, n.ix) {
			oldArticles[id] = a
		}
	}
	newArticles := map[string]reshardedArticle{}
	for _, n := range newNodes {
		held := shardArticles(t, n.ix)
		if len(held) == 0 {
			t.Errorf("new shard %d holds no article", n.shard)
		}
		for id, a := range held {
			if k := cluster.ShardOf(id, 3); k != n.shard {
				t.Errorf("article %s is in new shard %d, ShardOf says %d", id, n.shard, k)
			}
			if _, twice := newArticles[id]; twice {
				t.Errorf("article %s is in two new shards", id)
			}
			newArticles[id] = a
		}
	}
	if want := indextest.CorpusSize + 1; len(oldArticles) != want {
		t.Errorf("the old shards hold %d articles, want %d (the corpus and the late one)", len(oldArticles), want)
	}
	if !reflect.DeepEqual(newArticles, oldArticles) {
		for id, a := range oldArticles {
			if newArticles[id] != a {
				t.Errorf("article %s: new shards %+v, old %+v", id, newArticles[id], a)
			}
		}
		t.Fatalf("the new shards hold %d articles, the old %d: not the same", len(newArticles), len(oldArticles))
	}
	if _, ok := oldArticles[doomed]; ok {
		t.Error("the deleted article is still there")
	}

	// Searches through a coordinator of each log.
	oldGather, newGather := newGather(old, search.Limits{}), newGather(newLog, search.Limits{})
	for _, req := range []search.Request{
		{},
		{Query: "missile"},
		{Query: "missile", Page: 2, Size: 5},
		{Query: `"air defence" OR drone*`, NoCollapse: true},
		{Query: "army -ukraine", Sort: search.Newest},
		{Query: "late OR revised OR doomed"},
	} {
		want, err := oldGather.Search(ctx, req)
		if err != nil {
			t.Fatal(err)
		}
		got, err := newGather.Search(ctx, req)
		if err != nil {
			t.Fatal(err)
		}
		if err := sameGathered(want, got); err != nil {
			t.Errorf("%+v: %v", req, err)
		}
	}

	// A write made to the new log directly, by sitrep ingest --stream:
	// sitrep search --stream finds it, as the old log's search does not;
	// the writers were switched, and a reshard refuses to go on.
	direct := filepath.Join(t.TempDir(), "direct.jsonl")
	if err := os.WriteFile(direct, []byte(`{"title": "Direct", "body": "Written to the new log, qzxdirect.", "url": "https://x.mil/direct"}`+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if stdout, stderr, code := sitrep(t, "", "ingest", "--quiet", "--no-extract", "--cluster", nats.URL(), "--stream", newStream, direct); code != 0 {
		t.Fatalf("ingest --stream: exit %d, %q %q", code, stdout, stderr)
	}
	waitApplied(newLog, newNodes)
	for _, tt := range []struct {
		stream string
		total  int
	}{{newStream, 1}, {cluster.DefaultStream, 0}} {
		stdout, stderr, code := sitrep(t, "", "search", "--cluster", nats.URL(), "--stream", tt.stream, "--json", "--size", "0", "qzxdirect")
		if code != 0 || !strings.Contains(stdout, fmt.Sprintf(`"total": %d`, tt.total)) {
			t.Errorf("search --stream %s for the article ingested into %s: exit %d, %.200q %q; want a total of %d", tt.stream, newStream, code, stdout, stderr, tt.total)
		}
	}
	if stdout, stderr, code := sitrep(t, "", "reshard", "--cluster", nats.URL(), "--to", newStream, "--shards", "3"); code != exitFailure || !strings.Contains(stderr, "writers were switched to it") {
		t.Errorf("a reshard onto a log written to: exit %d, %q %q", code, stdout, stderr)
	}
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"--cluster", nats.URL(), "--to", cluster.DefaultStream, "--shards", "3"}, "is the log being resharded: name a new stream"},
		{[]string{"--cluster", nats.URL(), "--to", newStream, "--shards", "2"}, "give --shards 3 to go on copying into it, or --to another new stream for 2 shards"},
	} {
		if stdout, stderr, code := sitrep(t, "", append([]string{"reshard"}, tt.args...)...); code != exitFailure || !strings.Contains(stderr, tt.want) {
			t.Errorf("reshard %q: exit %d, %q %q, want a refusal saying %q", tt.args, code, stdout, stderr, tt.want)
		}
	}
}

// lastOfShards returns the sequence of the last message of any shard of
// l: the number of messages of a log never trimmed.
func lastOfShards(ctx context.Context, l *cluster.Log) (uint64, error) {
	var last uint64
	for k := range l.Shards() {
		seq, err := l.LastSequence(ctx, k)
		if err != nil {
			return 0, err
		}
		last = max(last, seq)
	}
	return last, nil
}

// reshardedArticle is what a shard holds of an article that does not
// depend on the shard: what was written, and the names extracted.
type reshardedArticle struct {
	Title, Body, URL, Source string
	Published                string
	Names                    string
}

// shardArticles returns every article ix holds, as reshardedArticles.
func shardArticles(t *testing.T, ix *index.Index) map[string]reshardedArticle {
	t.Helper()
	out := make(map[string]reshardedArticle)
	for id, a := range natstest.Stored(t, ix) {
		published := ""
		if a.Published != nil {
			published = a.Published.UTC().Format(time.RFC3339)
		}
		out[id] = reshardedArticle{Title: a.Title, Body: a.Body, URL: a.URL, Source: a.Source, Published: published, Names: strings.Join(a.Names, "|")}
	}
	return out
}

// TestReshardUsage checks that sitrep reshard's mistakes of usage exit 2
// and say what to give, before any connection.
func TestReshardUsage(t *testing.T) {
	t.Parallel()
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"--to", "NEW", "--shards", "3"}, "give --cluster"},
		{[]string{"--cluster", "nats://127.0.0.1:1", "--shards", "3"}, "give --to, the stream of the new log (such as SITREP_ARTICLES_3)"},
		{[]string{"--cluster", "nats://127.0.0.1:1", "--to", "NEW"}, "give --shards"},
		{[]string{"--cluster", "nats://127.0.0.1:1", "--to", "NEW", "--shards", "3", "--log-replicas", "-1"}, "--log-replicas -1"},
		{[]string{"--cluster", "nats://127.0.0.1:1", "--to", "NEW", "--shards", "3", "extra"}, `unexpected arguments "extra"`},
	}
	for _, tt := range tests {
		stdout, stderr, code := sitrep(t, "", append([]string{"reshard"}, tt.args...)...)
		if code != exitUsage || !strings.Contains(stderr, tt.want) || stdout != "" {
			t.Errorf("reshard %q: exit %d, %q %q; want exit %d saying %q", tt.args, code, stdout, stderr, exitUsage, tt.want)
		}
	}
	if _, stderr, code := sitrep(t, "", "reshard", "--help"); code != exitOK || !strings.Contains(stderr, "Usage: sitrep reshard --cluster NATS-URL --to STREAM --shards S") {
		t.Errorf("reshard --help: exit %d, %q", code, stderr)
	}
}

// TestServeClusterStream runs the two nodes of a log in a stream other
// than the default, named by --stream, as after a reshard: sitrep ingest
// --stream writes to it, the coordinator finds every article through the
// stream's own search subjects, and no default log was made.
func TestServeClusterStream(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("runs a NATS server and two nodes")
	}
	const stream = "SITREP_ARTICLES_2"
	nats := natstest.Start(t, 1)
	dir := t.TempDir()
	var coordinator string
	for _, shard := range []string{"0", "1"} {
		base, stop := startServeWriting(t, "--index", filepath.Join(dir, "shard"+shard), "--cluster", nats.URL(), "--stream", stream,
			"--shards", "2", "--shard", shard, "--replica", "a", "--log-replicas", "1", "--coordinator")
		defer stop()
		coordinator = base
	}
	if stdout, stderr, code := sitrep(t, "", "ingest", "--quiet", "--cluster", nats.URL(), "--stream", stream, indextest.CorpusDir()); code != 0 {
		t.Fatalf("ingest --stream: exit %d, %q %q", code, stdout, stderr)
	}
	var res struct{ Total int }
	for deadline := time.Now().Add(30 * time.Second); res.Total != indextest.CorpusSize; time.Sleep(50 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("the coordinator on stream %s finds %d articles, want %d", stream, res.Total, indextest.CorpusSize)
		}
		getJSON(t, coordinator+"/api/search?size=0", &res)
	}
	if stdout, stderr, code := sitrep(t, "", "search", "--cluster", nats.URL(), "--json", "--size", "0"); code != exitFailure || !strings.Contains(stderr, "no stream "+cluster.DefaultStream) {
		t.Errorf("search --cluster on the default stream: exit %d, %.200q %q; want no such stream", code, stdout, stderr)
	}
}
