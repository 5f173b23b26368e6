package cluster

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"runtime"
	"strconv"
	"sync"
	"time"

	"github.com/klauspost/compress/zstd"
	"github.com/nats-io/nats.go"
)

// Searches across shards go by NATS request and reply: each replica of
// shard k subscribes to <SearchPrefix>.k in a queue group named for the
// shard, so NATS hands each request to one live replica of the shard; a
// coordinator asks every shard and retries a shard whose replica did not
// answer in time, which the queue group hands to another replica. The
// requests and answers are the search package's (ShardRequest,
// ShardAnswer), which this package carries as bytes, compressed with
// zstd.

// DefaultSearchPrefix starts the subject of a shard's search requests:
// <prefix>.<shard> (Log.SearchSubject).
const DefaultSearchPrefix = "sitrep.search"

// DefaultTryTimeout is how long a coordinator waits for a shard's answer
// before it asks again (another replica, when the first is gone).
const DefaultTryTimeout = 5 * time.Second

// errorHeader carries a shard's failure to answer, in words, instead of
// an answer.
const errorHeader = "Sitrep-Error"

// SearchSubject returns the subject shard's replicas answer search
// requests on.
func (l *Log) SearchSubject(shard int) string {
	return l.cfg.SearchPrefix + "." + strconv.Itoa(shard)
}

// searchCodec compresses requests and answers. Both coders are safe for
// concurrent use (EncodeAll, DecodeAll).
type searchCodec struct {
	enc *zstd.Encoder
	dec *zstd.Decoder
}

func newSearchCodec() (*searchCodec, error) {
	enc, err := zstd.NewWriter(nil, zstd.WithEncoderLevel(zstd.SpeedFastest), zstd.WithEncoderConcurrency(1))
	if err != nil {
		return nil, err
	}
	dec, err := zstd.NewReader(nil, zstd.WithDecoderConcurrency(0), zstd.WithDecoderMaxMemory(1<<30))
	if err != nil {
		return nil, err
	}
	return &searchCodec{enc: enc, dec: dec}, nil
}

// Answer has handle answer the search requests of shard, in the shard's
// queue group, until stop is called: handle gets each request's bytes
// and returns the answer's, or an error the asker gets in words. At most
// 4 × GOMAXPROCS requests are handled at once; more wait in NATS's
// queue of the subscription. stop unsubscribes, cancels the requests
// being handled (they get no answer: their askers ask another replica)
// and waits until their handlers have returned.
func (l *Log) Answer(shard int, handle func(ctx context.Context, req []byte) ([]byte, error)) (stop func(), err error) {
	ctx, cancel := context.WithCancel(context.Background())
	slots := make(chan struct{}, 4*runtime.GOMAXPROCS(0))
	var (
		running sync.WaitGroup
		mu      sync.Mutex
		stopped bool
	)
	sub, err := l.nc.QueueSubscribe(l.SearchSubject(shard), l.SearchSubject(shard), func(m *nats.Msg) {
		mu.Lock()
		if stopped {
			mu.Unlock()
			return
		}
		running.Add(1)
		mu.Unlock()
		select {
		case slots <- struct{}{}:
		case <-ctx.Done():
			running.Done()
			return
		}
		go func() {
			defer func() { <-slots; running.Done() }()
			l.answer(ctx, m, handle)
		}()
	})
	if err != nil {
		cancel()
		return nil, fmt.Errorf("answer searches of shard %d: %w", shard, err)
	}
	return func() {
		sub.Unsubscribe()
		mu.Lock()
		stopped = true
		mu.Unlock()
		cancel()
		running.Wait()
	}, nil
}

// answer handles one request m and sends the reply.
func (l *Log) answer(ctx context.Context, m *nats.Msg, handle func(ctx context.Context, req []byte) ([]byte, error)) {
	reply := nats.NewMsg(m.Reply)
	req, err := l.codec.dec.DecodeAll(m.Data, nil)
	var body []byte
	if err == nil {
		body, err = handle(ctx, req)
	}
	if err == nil {
		reply.Data = l.codec.enc.EncodeAll(body, nil)
		if max := l.nc.MaxPayload(); int64(len(reply.Data)) > max {
			err = fmt.Errorf("the answer is %d bytes compressed, over the NATS servers' max_payload of %d: raise max_payload in their configuration (docs/CLUSTER.md)", len(reply.Data), max)
		}
	}
	if err != nil && ctx.Err() != nil {
		// The replica is stopping: no answer, so that the asker asks
		// another replica, as it would of one that died.
		return
	}
	if err != nil {
		reply.Data = nil
		reply.Header = nats.Header{errorHeader: []string{err.Error()}}
		l.logger.Warn("search request failed", slog.String("subject", m.Subject), slog.Any("err", err))
	}
	if err := m.RespondMsg(reply); err != nil {
		l.logger.Warn("answer search request", slog.String("subject", m.Subject), slog.Any("err", err))
	}
}

// Ask sends req to shard and returns the answer of one of its replicas.
// A try waits up to the log's try timeout (Config.TryTimeout); a try
// that gets no answer — no replica subscribed, or one that died holding
// the request — is made again, to whichever replica the queue group
// hands it, until ctx is done. A replica's error is returned as it said
// it, not retried.
func (l *Log) Ask(ctx context.Context, shard int, req []byte) ([]byte, error) {
	data := l.codec.enc.EncodeAll(req, nil)
	subject := l.SearchSubject(shard)
	for tries := 1; ; tries++ {
		tctx, cancel := context.WithTimeout(ctx, l.cfg.TryTimeout)
		m, err := l.nc.RequestWithContext(tctx, subject, data)
		cancel()
		switch {
		case err == nil && m.Header.Get(errorHeader) != "":
			return nil, fmt.Errorf("shard %d: %s", shard, m.Header.Get(errorHeader))
		case err == nil:
			out, err := l.codec.dec.DecodeAll(m.Data, nil)
			if err != nil {
				return nil, fmt.Errorf("shard %d: the answer does not decode: %w", shard, err)
			}
			return out, nil
		case ctx.Err() != nil:
			return nil, fmt.Errorf("shard %d did not answer in time (%d tries): %w; is a replica of it running? (GET /api/cluster)", shard, tries, ctx.Err())
		}
		l.logger.Debug("search request not answered, asking again", slog.String("subject", subject), slog.Int("try", tries), slog.Any("err", err))
		if errors.Is(err, nats.ErrNoResponders) {
			// No replica is subscribed: one may be starting.
			select {
			case <-ctx.Done():
			case <-time.After(100 * time.Millisecond):
			}
		}
	}
}
