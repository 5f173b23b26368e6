package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/sitrep/sitrep/index/cluster/natstest"
	"github.com/sitrep/sitrep/index/entity"
	"github.com/sitrep/sitrep/index/indextest"
	"github.com/sitrep/sitrep/search"
)

// clusterHealth is the part of /healthz a node of a cluster adds.
type clusterHealth struct {
	Articles int `json:"articles"`
	Cluster  *struct {
		Shard   int    `json:"shard"`
		Replica string `json:"replica"`
		Applied uint64 `json:"applied"`
		Lag     uint64 `json:"lag"`
	} `json:"cluster"`
}

// TestServeCluster runs two nodes, one per shard, on one NATS server:
// the corpus ingested with sitrep ingest --cluster and an article posted
// to one node's write API end up, between the two, each in one shard,
// which /healthz shows applied.
func TestServeCluster(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("runs a NATS server and two nodes")
	}
	nats := natstest.Start(t, 1)
	dir := t.TempDir()
	var bases []string
	for shard, name := range []string{"0", "1"} {
		args := []string{"--index", filepath.Join(dir, "shard"+name), "--cluster", nats.URL(),
			"--shards", "2", "--shard", name, "--replica", "a", "--log-replicas", "1"}
		if shard == 1 {
			// The node of shard 1 searches both shards.
			args = append(args, "--coordinator")
		}
		base, stop := startServeWriting(t, args...)
		defer stop()
		var h clusterHealth
		if code := getJSON(t, base+"/healthz", &h); code != http.StatusOK || h.Cluster == nil || h.Cluster.Shard != shard || h.Cluster.Replica != "a" {
			t.Fatalf("node of shard %d: /healthz %d %+v", shard, code, h.Cluster)
		}
		bases = append(bases, base)
	}

	stdout, stderr, code := sitrep(t, "", "ingest", "--quiet", "--cluster", nats.URL(), indextest.CorpusDir())
	if code != 0 || !strings.HasPrefix(stdout, "article log: stored 108, stored before 0, rejected 0") {
		t.Fatalf("ingest --cluster: exit %d, %q %q", code, stdout, stderr)
	}
	if status, msg := postArticles(t, bases[0], strings.NewReader(`{"title": "Written through a node", "body": "Kept in the log.", "url": "https://x.mil/node"}`)); status != http.StatusOK {
		t.Fatalf("POST: %d %s", status, msg)
	}

	want := indextest.CorpusSize + 1
	deadline := time.Now().Add(30 * time.Second)
	for {
		total, caughtUp := 0, true
		for _, base := range bases {
			var h clusterHealth
			getJSON(t, base+"/healthz", &h)
			total += h.Articles
			caughtUp = caughtUp && h.Cluster.Applied > 0 && h.Cluster.Lag == 0
		}
		if total == want && caughtUp {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the two shards hold %d articles, want %d", total, want)
		}
		time.Sleep(50 * time.Millisecond)
	}
	var view struct {
		Shards []struct {
			Shard        int    `json:"shard"`
			LastSequence uint64 `json:"last_sequence"`
			Replicas     []struct {
				Replica string `json:"replica"`
				Applied uint64 `json:"applied"`
				Lag     uint64 `json:"lag"`
			} `json:"replicas"`
		} `json:"shards"`
	}
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		getJSON(t, bases[1]+"/api/cluster", &view)
		done := len(view.Shards) == 2
		for _, s := range view.Shards {
			done = done && len(s.Replicas) == 1 && s.Replicas[0].Replica == "a" && s.Replicas[0].Applied == s.LastSequence && s.Replicas[0].Lag == 0
		}
		if done {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("/api/cluster says %+v, want 2 shards, each with replica a at its last sequence", view)
		}
	}
	// The node of shard 0 searches its shard, the coordinator both.
	var own, all struct {
		Total int
		Hits  []struct{ ID string }
	}
	getJSON(t, bases[0]+"/api/search?size=0", &own)
	getJSON(t, bases[1]+"/api/search?q=%22written+through+a+node%22", &all)
	if own.Total == 0 || own.Total >= want || all.Total != 1 || len(all.Hits) != 1 {
		t.Fatalf("shard 0's node finds %d articles, want some of %d; the coordinator finds the article posted %d times, want once", own.Total, want, all.Total)
	}
	posted := all.Hits[0].ID
	if getJSON(t, bases[1]+"/api/search?size=0", &all); all.Total != want {
		t.Errorf("the coordinator finds %d articles, want %d", all.Total, want)
	}
	for _, id := range []string{posted, cluster0Article(t, bases[0])} {
		var a struct{ Title string }
		if code := getJSON(t, bases[1]+"/api/articles/"+id, &a); code != http.StatusOK || a.Title == "" {
			t.Errorf("the coordinator's /api/articles/%s: %d %+v", id, code, a)
		}
	}
	// The coordinator's pages: a search, an article of the other shard,
	// an entity.
	for _, page := range []string{"/?q=missile", "/articles/" + cluster0Article(t, bases[0]) + "?q=missile", "/entities/" + entity.ID(entity.Place, "Ukraine")} {
		resp, err := http.Get(bases[1] + page)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			t.Errorf("the coordinator's %s: %s", page, resp.Status)
		}
	}
	// The coordinator's surges are those of one index of the corpus (the
	// articles posted are undated, in no window).
	var surging struct {
		WindowArticles   uint64 `json:"window_articles"`
		BaselineArticles uint64 `json:"baseline_articles"`
		Entities         []struct {
			ID       string
			Recent   int
			Baseline int
		}
	}
	one, err := search.New(indextest.Corpus(t)).Surging(context.Background(), time.Now(), search.MaxSurging)
	if err != nil {
		t.Fatal(err)
	}
	getJSON(t, fmt.Sprintf("%s/api/entities?surging=1&size=%d", bases[1], search.MaxSurging), &surging)
	if surging.WindowArticles != one.WindowArticles || surging.BaselineArticles != one.BaselineArticles || len(surging.Entities) != len(one.Entities) || one.WindowArticles == 0 {
		t.Errorf("the coordinator's surges: %+v; one index's: %d articles in the window, %d in the baseline, %d entities", surging, one.WindowArticles, one.BaselineArticles, len(one.Entities))
	}
	for i, s := range surging.Entities {
		if i < len(one.Entities) && (s.ID != one.Entities[i].ID || s.Recent != one.Entities[i].Recent || s.Baseline != one.Entities[i].Baseline) {
			t.Errorf("the coordinator's surge %d: %+v, one index's %+v", i, s, one.Entities[i])
		}
	}
	// A write answers its log sequence; a consistent search after it,
	// sent at once to the coordinator, finds what it wrote.
	status, msg := postArticles(t, bases[0], strings.NewReader(`{"title": "Seen at once", "body": "Zyxwvut written and found.", "url": "https://x.mil/at-once"}`))
	var wrote struct{ Sequence uint64 }
	if err := json.Unmarshal([]byte(msg), &wrote); status != http.StatusOK || err != nil || wrote.Sequence == 0 {
		t.Fatalf("POST: %d %s, want a sequence", status, msg)
	}
	if getJSON(t, fmt.Sprintf("%s/api/search?q=zyxwvut&consistent=1&after=%d", bases[1], wrote.Sequence), &all); all.Total != 1 {
		t.Errorf("a consistent search after sequence %d finds the article written %d times, want once", wrote.Sequence, all.Total)
	}
	stdout, stderr, code = sitrep(t, "", "search", "--cluster", nats.URL(), "--json", "--size", "0")
	if code != 0 || !strings.Contains(stdout, fmt.Sprintf(`"total": %d`, want+1)) {
		t.Errorf("search --cluster: exit %d, %.200q %q", code, stdout, stderr)
	}
	// Exports are gathered: every article once (after the provenance
	// line), from the coordinator's API and from the command line.
	resp, err := http.Get(bases[1] + "/api/export?format=jsonl&collapse=false")
	if err != nil {
		t.Fatal(err)
	}
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil || resp.StatusCode != http.StatusOK || strings.Count(string(body), "\n") != want+2 {
		t.Errorf("the coordinator's export: %s, %d lines, want %d: %.300s", resp.Status, strings.Count(string(body), "\n"), want+2, body)
	}
	stdout, stderr, code = sitrep(t, "", "search", "--cluster", nats.URL(), "--all", "--format", "jsonl", "--collapse=false", "--sort", "newest")
	// The rows' articles, in order (a row's citation carries its time).
	ids := func(export string) []string {
		var out []string
		for _, line := range strings.Split(export, "\n")[1:] {
			var row struct{ ID string }
			if json.Unmarshal([]byte(line), &row) == nil {
				out = append(out, row.ID)
			}
		}
		return out
	}
	if code != 0 || len(ids(stdout)) != want+1 || !slices.Equal(ids(stdout), ids(string(body))) {
		t.Errorf("search --cluster --all: exit %d, %d rows, want the API's %d: %q", code, len(ids(stdout)), len(ids(string(body))), stderr)
	}
}

// cluster0Article returns the id of an article the node at base holds.
func cluster0Article(t *testing.T, base string) string {
	t.Helper()
	var res struct{ Hits []struct{ ID string } }
	if getJSON(t, base+"/api/search", &res); len(res.Hits) == 0 {
		t.Fatal("the node holds no article")
	}
	return res.Hits[0].ID
}

// TestClusterReplicaKilled kills with SIGKILL a node (a child process)
// while it applies the log, starts it again on its index, and finds it
// caught up: at the log's last message, every article there once.
func TestClusterReplicaKilled(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("runs a NATS server and a node in a child process, twice")
	}
	const n = 1500
	nats := natstest.Start(t, 1)
	dir := t.TempDir()
	corpus := filepath.Join(dir, "crash.jsonl")
	writeCrashCorpus(t, corpus, n)
	ix := filepath.Join(dir, "shard0")
	args := []string{"serve", "--index", ix, "--cluster", nats.URL(), "--shards", "1", "--shard", "0", "--replica", "a", "--log-replicas", "1"}
	start := func() (base string, cmd *exec.Cmd) {
		t.Helper()
		addr := freeAddr(t)
		cmd = cliProcess(t, nil, append(args, "--addr", addr)...)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		base = "http://" + addr
		deadline := time.Now().Add(30 * time.Second)
		for {
			if res, err := http.Get(base + "/healthz"); err == nil {
				res.Body.Close()
				return base, cmd
			}
			if time.Now().After(deadline) {
				cmd.Process.Kill()
				cmd.Wait()
				t.Fatal("the node never answered")
			}
			time.Sleep(50 * time.Millisecond)
		}
	}
	base, node := start()
	if stdout, stderr, code := sitrep(t, "", "ingest", "--quiet", "--no-extract", "--cluster", nats.URL(), corpus); code != 0 {
		t.Fatalf("ingest --cluster: exit %d, %q %q", code, stdout, stderr)
	}
	// Kill the node once it has applied some of the log and not all.
	var h clusterHealth
	for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(5 * time.Millisecond) {
		getJSON(t, base+"/healthz", &h)
		if h.Cluster.Applied > 0 || time.Now().After(deadline) {
			break
		}
	}
	node.Process.Kill()
	node.Wait()
	t.Logf("killed the node at sequence %d of %d, %d articles in its index", h.Cluster.Applied, n, h.Articles)

	base, node = start()
	defer func() { node.Process.Signal(os.Interrupt); node.Wait() }()
	for deadline := time.Now().Add(60 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		getJSON(t, base+"/healthz", &h)
		if h.Cluster.Applied == n && h.Cluster.Lag == 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("after a restart the node is at %+v, want sequence %d and no lag", h.Cluster, n)
		}
	}
	var res struct{ Total int }
	getJSON(t, base+"/api/search?q=crashword&collapse=false", &res)
	if h.Articles != n || res.Total != n {
		t.Errorf("the node holds %d articles, %d found, want %d", h.Articles, res.Total, n)
	}
}
