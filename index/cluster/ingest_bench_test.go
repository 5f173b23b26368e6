package cluster_test

import (
	"context"
	"fmt"
	"log/slog"
	"path/filepath"
	"testing"
	"time"

	"github.com/sitrep/sitrep/index"
	"github.com/sitrep/sitrep/index/cluster"
	"github.com/sitrep/sitrep/index/cluster/natstest"
	"github.com/sitrep/sitrep/index/indextest"
	"github.com/sitrep/sitrep/index/ingest"
)

// collector is a Sink that keeps the articles it is given.
type collector struct{ articles []*index.Article }

func (c *collector) Add(_ context.Context, a *index.Article) error {
	c.articles = append(c.articles, a)
	return nil
}
func (c *collector) Flush(context.Context) error { return nil }
func (c *collector) Stats() index.Stats          { return index.Stats{Indexed: len(c.articles)} }

// benchArticles returns n articles of the sample corpus as the ingest
// pipeline hands them to its writer (entities extracted), the corpus
// repeated under other URLs as often as needed.
func benchArticles(b *testing.B, n int) []*index.Article {
	b.Helper()
	var c collector
	indextest.IngestCorpus(b, nil, ingest.Config{NewSink: func(int) ingest.Sink { return &c }})
	out := make([]*index.Article, n)
	for i := range out {
		a := *c.articles[i%len(c.articles)]
		a.ID, a.URL = "", fmt.Sprintf("https://bench.example/%d", i)
		out[i] = &a
	}
	return out
}

// BenchmarkIngest writes 2,000 articles (the corpus repeated, entities
// already extracted) through a Sink: direct into one index, as sitrep
// ingest does; log to the article log, a stream of 3 replicas on 3 NATS
// servers in this process, read by one replica of each of 2 shards.
// acked/s is the rate of the Sink (for log: acknowledged by JetStream,
// what sitrep ingest --cluster reports), articles/s the rate at which
// they became searchable (for log: applied by both shards), and
// cpu-ms/article the CPU the process spent on each (for log: the NATS
// servers and both shards included), which other load on the machine
// does not inflate as it does the rates.
func BenchmarkIngest(b *testing.B) {
	const n = 2000
	articles := benchArticles(b, n)
	ctx := context.Background()
	logger := slog.New(slog.DiscardHandler)
	open := func(b *testing.B) *index.Index {
		ix, err := index.Open(ctx, filepath.Join(b.TempDir(), "ix"), index.Options{})
		if err != nil {
			b.Fatal(err)
		}
		return ix
	}
	for _, bm := range []struct {
		name string
		// setup returns the Sink to write to, a wait until what it
		// acknowledged is searchable, and what ends the run.
		setup func(b *testing.B) (sink ingest.Sink, wait, end func())
	}{
		{"direct", func(b *testing.B) (ingest.Sink, func(), func()) {
			ix := open(b)
			return ix.NewWriter(0), func() {}, func() { ix.Close() }
		}},
		{"log", func(b *testing.B) (ingest.Sink, func(), func()) {
			nats := natstest.Start(b, 3)
			l, err := cluster.Open(ctx, cluster.Config{URL: nats.URL(), Shards: 2, Replicas: 3}, logger)
			if err != nil {
				b.Fatal(err)
			}
			rctx, stop := context.WithCancel(ctx)
			var replicas []*cluster.Replica
			var ixs []*index.Index
			for shard := range 2 {
				ix := open(b)
				r, err := l.OpenReplica(ctx, ix, cluster.ReplicaConfig{Shard: shard, Replica: "a"}, logger)
				if err != nil {
					b.Fatal(err)
				}
				go r.Run(rctx)
				replicas, ixs = append(replicas, r), append(ixs, ix)
			}
			wait := func() {
				for shard, r := range replicas {
					last, err := l.LastSequence(ctx, shard)
					if err != nil {
						b.Fatal(err)
					}
					for r.Status().Applied < last {
						time.Sleep(5 * time.Millisecond)
					}
				}
			}
			return l.NewSink(0), wait, func() {
				stop()
				l.Close()
				for _, ix := range ixs {
					ix.Close()
				}
				nats.Shutdown()
			}
		}},
	} {
		b.Run(bm.name, func(b *testing.B) {
			var acked, cpu time.Duration
			for b.Loop() {
				b.StopTimer()
				sink, wait, end := bm.setup(b)
				b.StartTimer()
				start, cpuStart := time.Now(), indextest.CPUTime(b)
				for _, a := range articles {
					c := *a
					if err := sink.Add(ctx, &c); err != nil {
						b.Fatal(err)
					}
				}
				if err := sink.Flush(ctx); err != nil {
					b.Fatal(err)
				}
				acked += time.Since(start)
				wait()
				cpu += indextest.CPUTime(b) - cpuStart
				b.StopTimer()
				end()
				b.StartTimer()
			}
			b.ReportMetric(float64(n*b.N)/acked.Seconds(), "acked/s")
			b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "articles/s")
			b.ReportMetric(float64(cpu.Microseconds())/1000/float64(n*b.N), "cpu-ms/article")
		})
	}
}
