package cluster

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash/fnv"
	"log/slog"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/sitrep/sitrep/index"
	"github.com/sitrep/sitrep/index/ingest"
)

// Defaults of a Config.
const (
	// DefaultStream names the JetStream stream of the article log.
	DefaultStream = "SITREP_ARTICLES"
	// DefaultSubjectPrefix starts the subject of every article of the
	// log of DefaultStream: the article goes to <prefix>.<its shard>.<its
	// id> (Log.Subject). Another stream's articles go to
	// sitrep.<stream>.articles, so that two streams (a log and the one it
	// is resharded to) never share a subject.
	DefaultSubjectPrefix = "sitrep.articles"
	// DefaultReplicas is how many NATS servers keep a copy of the log:
	// three, which survive the loss of one.
	DefaultReplicas = 3
	// DefaultDuplicates is how long JetStream remembers the Nats-Msg-Id
	// of a publish, within which a retried publish is stored once.
	DefaultDuplicates = 2 * time.Minute
	// DefaultPublishTimeout bounds how long a publish is retried (a NATS
	// server down, the log's leader being elected again) before a write
	// fails.
	DefaultPublishTimeout = time.Minute
)

// shardsKey is the stream's metadata key holding the number of shards, so
// that every publisher routes an article to the same shard; fromKey
// names the stream a resharded log was copied from (Reshard).
const (
	shardsKey = "sitrep_shards"
	fromKey   = "sitrep_resharded_from"
)

// Config says where the article log is and how it is laid out.
type Config struct {
	// URL lists the NATS servers, comma-separated
	// (nats://a:4222,nats://b:4222): the client connects to one and
	// fails over to the others.
	URL string
	// Stream names the JetStream stream (DefaultStream when "").
	Stream string
	// SubjectPrefix starts the articles' subjects when Open creates the
	// stream (when "": DefaultSubjectPrefix for DefaultStream,
	// sitrep.<Stream>.articles for another); an existing stream's
	// subjects are its own.
	SubjectPrefix string
	// Shards is the number of shards the articles are spread over. Open
	// creates the stream with it when there is none, and refuses a
	// stream made with another; zero takes the stream's, which must then
	// exist.
	Shards int
	// Replicas is how many NATS servers keep the stream when Open creates
	// it (DefaultReplicas when 0; 1 for a single NATS server).
	Replicas int
	// Duplicates is the stream's duplicate window when Open creates it
	// (DefaultDuplicates when 0).
	Duplicates time.Duration
	// PublishTimeout bounds the retries of a publish
	// (DefaultPublishTimeout when 0).
	PublishTimeout time.Duration
	// Name names this client to the NATS servers (their monitoring
	// pages show it).
	Name string
	// SearchPrefix starts the subjects of the shards' search requests
	// (when "": DefaultSearchPrefix for DefaultStream,
	// sitrep.<Stream>.search for another, so that the replicas of two
	// streams' shards answer in queue groups of their own); TryTimeout
	// bounds one try of a search request (DefaultTryTimeout when 0).
	SearchPrefix string
	TryTimeout   time.Duration

	// from names the log a new stream is resharded from (Reshard): Open
	// records it in the stream it creates, and refuses an existing
	// stream that does not record it.
	from string
}

func (c *Config) defaults() {
	if c.Stream == "" {
		c.Stream = DefaultStream
	}
	if c.SubjectPrefix == "" {
		c.SubjectPrefix = streamPrefix(c.Stream, DefaultSubjectPrefix, "articles")
	}
	if c.Replicas == 0 {
		c.Replicas = DefaultReplicas
	}
	if c.Duplicates == 0 {
		c.Duplicates = DefaultDuplicates
	}
	if c.PublishTimeout == 0 {
		c.PublishTimeout = DefaultPublishTimeout
	}
	if c.Name == "" {
		c.Name = "sitrep"
	}
	if c.SearchPrefix == "" {
		c.SearchPrefix = streamPrefix(c.Stream, DefaultSearchPrefix, "search")
	}
	if c.TryTimeout == 0 {
		c.TryTimeout = DefaultTryTimeout
	}
}

// streamPrefix returns the prefix of the subjects of kind ("articles",
// "search") of stream: def for DefaultStream, sitrep.<stream>.<kind> for
// another.
func streamPrefix(stream, def, kind string) string {
	if stream == DefaultStream {
		return def
	}
	return "sitrep." + stream + "." + kind
}

// Log is the article log: a connection to NATS and the JetStream stream
// every write goes to before any index holds it. It is safe for
// concurrent use.
type Log struct {
	cfg    Config
	nc     *nats.Conn
	js     jetstream.JetStream
	stream jetstream.Stream
	shards int
	logger *slog.Logger
	codec  *searchCodec
}

// Open connects to the NATS servers of cfg.URL and opens the article log,
// creating its stream when there is none and cfg.Shards is set. It fails
// when no server answers, when JetStream is off, when the stream does not
// exist and cfg.Shards is zero, and when the stream was made for another
// number of shards.
func Open(ctx context.Context, cfg Config, logger *slog.Logger) (*Log, error) {
	cfg.defaults()
	if cfg.Shards < 0 {
		return nil, fmt.Errorf("article log: %d shards: give 1 or more", cfg.Shards)
	}
	if !validName.MatchString(cfg.Stream) {
		return nil, fmt.Errorf("article log: stream name %q: use 1 to 64 letters, digits, - or _", cfg.Stream)
	}
	if cfg.Stream != DefaultStream && strings.HasPrefix(cfg.SearchPrefix+".", DefaultSubjectPrefix+".") {
		// The default log's stream takes every subject
		// <DefaultSubjectPrefix>.*.*: it would store this stream's
		// search requests, and answer them with its acknowledgement.
		return nil, fmt.Errorf("article log: stream name %q would put its search requests (%s.K) among the subjects of %s's articles: choose another name", cfg.Stream, cfg.SearchPrefix, DefaultStream)
	}
	nc, err := nats.Connect(cfg.URL,
		nats.Name(cfg.Name),
		nats.MaxReconnects(-1),
		nats.ReconnectWait(250*time.Millisecond),
		nats.RetryOnFailedConnect(false),
	)
	if err != nil {
		return nil, fmt.Errorf("article log: connect to NATS at %s: %w: start the NATS servers (docs/CLUSTER.md) or correct --cluster", cfg.URL, err)
	}
	l := &Log{cfg: cfg, nc: nc, logger: logger}
	l.codec, err = newSearchCodec()
	if err == nil {
		l.js, err = jetstream.New(nc, jetstream.WithPublishAsyncTimeout(5*time.Second))
	}
	if err == nil {
		err = l.openStream(ctx)
	}
	if err != nil {
		nc.Close()
		return nil, err
	}
	return l, nil
}

// openStream finds the stream, or creates it when cfg.Shards is set, and
// learns the number of shards.
func (l *Log) openStream(ctx context.Context) error {
	s, err := l.js.Stream(ctx, l.cfg.Stream)
	switch {
	case errors.Is(err, jetstream.ErrStreamNotFound) && l.cfg.Shards == 0:
		return fmt.Errorf("article log: NATS at %s has no stream %s: start a shard first (sitrep serve --cluster … --shards S), which creates it", l.cfg.URL, l.cfg.Stream)
	case errors.Is(err, jetstream.ErrStreamNotFound):
		s, err = l.js.CreateStream(ctx, jetstream.StreamConfig{
			Name:        l.cfg.Stream,
			Description: "Sitrep's article log: every article written, by shard",
			Subjects:    []string{l.cfg.SubjectPrefix + ".*.*"},
			Retention:   jetstream.LimitsPolicy, // keep everything: a new replica reads it from the start
			Storage:     jetstream.FileStorage,
			Replicas:    l.cfg.Replicas,
			Duplicates:  l.cfg.Duplicates,
			Metadata:    l.metadata(),
		})
		if errors.Is(err, jetstream.ErrStreamNameAlreadyInUse) { // made meanwhile by another node
			s, err = l.js.Stream(ctx, l.cfg.Stream)
		}
		if err != nil {
			return fmt.Errorf("article log: create stream %s with %d replicas on NATS at %s: %w (a stream of %d replicas needs as many JetStream servers in the NATS cluster; see --log-replicas)",
				l.cfg.Stream, l.cfg.Replicas, l.cfg.URL, err, l.cfg.Replicas)
		}
	case errors.Is(err, jetstream.ErrJetStreamNotEnabled), errors.Is(err, jetstream.ErrJetStreamNotEnabledForAccount):
		return fmt.Errorf("article log: NATS at %s runs without JetStream: start nats-server with JetStream on (-js, or jetstream {} in its config)", l.cfg.URL)
	case err != nil:
		return fmt.Errorf("article log: open stream %s on NATS at %s: %w", l.cfg.Stream, l.cfg.URL, err)
	}
	l.stream = s
	sc := s.CachedInfo().Config
	meta := sc.Metadata[shardsKey]
	n, err := strconv.Atoi(meta)
	prefix, ok := "", len(sc.Subjects) == 1
	if ok {
		prefix, ok = strings.CutSuffix(sc.Subjects[0], ".*.*")
	}
	if err != nil || n < 1 || !ok {
		return fmt.Errorf("article log: stream %s says it has %q shards (metadata %s) and subjects %q: it was not made by sitrep; choose another stream", l.cfg.Stream, meta, shardsKey, sc.Subjects)
	}
	l.cfg.SubjectPrefix = prefix
	if from := sc.Metadata[fromKey]; from != l.cfg.from && l.cfg.from != "" {
		if from == "" {
			return fmt.Errorf("article log: stream %s exists and was not made by a reshard: reshard %s to a new stream", l.cfg.Stream, l.cfg.from)
		}
		return fmt.Errorf("article log: stream %s was resharded from %s, not %s: reshard to a new stream", l.cfg.Stream, from, l.cfg.from)
	}
	if l.cfg.Shards != 0 && l.cfg.Shards != n && l.cfg.from != "" {
		return fmt.Errorf("article log: stream %s, resharded from %s, spreads articles over %d shards, not %d: give --shards %d to go on copying into it, or --to another new stream for %d shards", l.cfg.Stream, l.cfg.from, n, l.cfg.Shards, n, l.cfg.Shards)
	}
	if l.cfg.Shards != 0 && l.cfg.Shards != n {
		return fmt.Errorf("article log: stream %s spreads articles over %d shards, not %d: give --shards %d, or 0 to take the log's (to change the number of shards, reshard the log to a new stream: sitrep reshard, docs/CLUSTER.md)", l.cfg.Stream, n, l.cfg.Shards, n)
	}
	l.shards = n
	return nil
}

// metadata returns the metadata of the stream Open creates.
func (l *Log) metadata() map[string]string {
	m := map[string]string{shardsKey: strconv.Itoa(l.cfg.Shards)}
	if l.cfg.from != "" {
		m[fromKey] = l.cfg.from
	}
	return m
}

// streamInfo reads the stream's state. A stream another node has just
// made may not be known yet to every server of the NATS cluster: one not
// found, or an answer that did not come, is asked again for up to ten
// seconds.
func (l *Log) streamInfo(ctx context.Context) (*jetstream.StreamInfo, error) {
	deadline := time.Now().Add(10 * time.Second)
	for {
		info, err := l.stream.Info(ctx)
		if err == nil {
			return info, nil
		}
		if time.Now().After(deadline) || ctx.Err() != nil ||
			!(errors.Is(err, jetstream.ErrStreamNotFound) || errors.Is(err, context.DeadlineExceeded) || errors.Is(err, nats.ErrTimeout)) {
			return nil, fmt.Errorf("article log: read stream %s: %w", l.cfg.Stream, err)
		}
		select {
		case <-ctx.Done():
		case <-time.After(200 * time.Millisecond):
		}
	}
}

// Close closes the connection to NATS, after the publishes in flight.
func (l *Log) Close() error {
	if err := l.nc.Drain(); err != nil {
		l.nc.Close()
	}
	return nil
}

// Shards returns the number of shards the log spreads articles over.
func (l *Log) Shards() int { return l.shards }

// Stream returns the name of the log's JetStream stream.
func (l *Log) Stream() string { return l.cfg.Stream }

// Subject returns the subjects of the articles of shard, a wildcard:
// each article has a subject of its own, <prefix>.<shard>.<article>, so
// the log can tell the last message of an article (Indexed).
func (l *Log) Subject(shard int) string {
	return l.cfg.SubjectPrefix + "." + strconv.Itoa(shard) + ".*"
}

// articleSubject returns the subject of the article id: the id itself as
// the last token when it may be one (Sitrep's ids are hexadecimal), else
// a hash of it.
func (l *Log) articleSubject(id string) string {
	token := id
	if !subjectToken.MatchString(id) {
		sum := sha256.Sum256([]byte(id))
		token = "h" + hex.EncodeToString(sum[:10])
	}
	return l.cfg.SubjectPrefix + "." + strconv.Itoa(ShardOf(id, l.shards)) + "." + token
}

// subjectToken is what a token of a subject may safely hold.
var subjectToken = regexp.MustCompile(`^[A-Za-z0-9_-]{1,128}$`)

// Indexed reports which of the article ids the log holds, written and
// not deleted since: the returned set holds those. It asks the log for
// the last message of each article, and fails when the log cannot be
// read. In cluster mode it answers for every shard, where a node's own
// index answers for its shard only.
func (l *Log) Indexed(ctx context.Context, ids []string) (map[string]bool, error) {
	out := make(map[string]bool, len(ids))
	for _, id := range ids {
		m, err := l.stream.GetLastMsgForSubject(ctx, l.articleSubject(id))
		switch {
		case errors.Is(err, jetstream.ErrMsgNotFound):
			continue
		case err != nil:
			return nil, fmt.Errorf("article log: look up article %s: %w", id, err)
		}
		if m.Header.Get(headerOp) == opPut && m.Header.Get(headerID) == id {
			out[id] = true
		}
	}
	return out, nil
}

// ShardOf returns the shard of the article id among shards: its FNV-1a
// hash modulo shards. Every version of an article, and its deletion, goes
// to one shard (see the package documentation for why the key is the
// article, not its story).
func ShardOf(id string, shards int) int {
	h := fnv.New32a()
	h.Write([]byte(id))
	return int(h.Sum32() % uint32(shards))
}

// NewSink returns a Sink that publishes articles to the log in batches of
// batchSize (index.DefaultBatchSize when < 1).
func (l *Log) NewSink(batchSize int) ingest.Sink { return l.newPublisher(batchSize) }

// Delete publishes the removal of the article id to its shard and reports
// true once JetStream has stored it: whether the article existed is not
// known until its shard applies the removal.
func (l *Log) Delete(ctx context.Context, id string) (bool, error) {
	p := l.newPublisher(1)
	if err := p.publish(ctx, []*nats.Msg{l.deleteMsg(id, p.msgID(id, "delete"))}); err != nil {
		return false, err
	}
	return true, nil
}

// LastSequence returns the stream sequence of the last message of shard
// the log holds, 0 when it holds none: a replica of the shard that has
// applied it holds every write acknowledged so far.
func (l *Log) LastSequence(ctx context.Context, shard int) (uint64, error) {
	m, err := l.stream.GetLastMsgForSubject(ctx, l.Subject(shard))
	switch {
	case errors.Is(err, jetstream.ErrMsgNotFound):
		return 0, nil
	case err != nil:
		return 0, fmt.Errorf("article log: read the last message of shard %d: %w", shard, err)
	}
	return m.Sequence, nil
}

// compile-time check that a Log is what a Live writer writes to.
var _ ingest.Log = (*Log)(nil)

// putMsg and deleteMsg are the log's two kinds of message.
func (l *Log) putMsg(a *index.Article, msgID string) (*nats.Msg, error) {
	body, err := encodeArticle(a)
	if err != nil {
		return nil, err
	}
	m := nats.NewMsg(l.articleSubject(a.ID))
	m.Data = body
	m.Header.Set(jetstream.MsgIDHeader, msgID)
	m.Header.Set(headerOp, opPut)
	m.Header.Set(headerID, a.ID)
	return m, nil
}

func (l *Log) deleteMsg(id, msgID string) *nats.Msg {
	m := nats.NewMsg(l.articleSubject(id))
	m.Header.Set(jetstream.MsgIDHeader, msgID)
	m.Header.Set(headerOp, opDelete)
	m.Header.Set(headerID, id)
	return m
}

// ShardInfo is what the log knows of one shard and its replicas.
type ShardInfo struct {
	Shard int
	// LastSequence is the stream sequence of the shard's last message.
	LastSequence uint64
	Replicas     []ReplicaInfo
}

// ReplicaInfo is what the log knows of one replica: its durable
// consumer's state.
type ReplicaInfo struct {
	Replica string
	// Acknowledged is the stream sequence up to which the replica has
	// acknowledged the shard's messages: applied to its index.
	Acknowledged uint64
	// Lag counts the shard's messages not yet acknowledged.
	Lag uint64
	// LastDelivery is when the consumer last delivered a message; zero
	// when it has delivered none since it was made.
	LastDelivery time.Time
}

// ShardInfo lists the log's shards with their replicas, as their durable
// consumers report them: a replica that is down is listed, its lag
// growing, until its consumer is deleted. It fails when the log cannot
// be read.
func (l *Log) ShardInfo(ctx context.Context) ([]ShardInfo, error) {
	out := make([]ShardInfo, l.shards)
	for shard := range out {
		last, err := l.LastSequence(ctx, shard)
		if err != nil {
			return nil, err
		}
		out[shard] = ShardInfo{Shard: shard, LastSequence: last}
	}
	consumers := l.stream.ListConsumers(ctx)
	for info := range consumers.Info() {
		rest, ok := strings.CutPrefix(info.Name, "sitrep-")
		shardText, replica, ok2 := strings.Cut(rest, "-")
		shard, err := strconv.Atoi(shardText)
		if !ok || !ok2 || err != nil || shard < 0 || shard >= l.shards {
			continue // not a replica's
		}
		r := ReplicaInfo{Replica: replica, Acknowledged: info.AckFloor.Stream, Lag: info.NumPending + uint64(info.NumAckPending)}
		if info.Delivered.Last != nil {
			r.LastDelivery = *info.Delivered.Last
		}
		out[shard].Replicas = append(out[shard].Replicas, r)
	}
	if err := consumers.Err(); err != nil {
		return nil, fmt.Errorf("article log: list the consumers of stream %s: %w", l.cfg.Stream, err)
	}
	for _, s := range out {
		slices.SortFunc(s.Replicas, func(a, b ReplicaInfo) int { return strings.Compare(a.Replica, b.Replica) })
	}
	return out, nil
}
