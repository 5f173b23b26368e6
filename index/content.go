package index

import (
	"encoding/binary"
	"errors"
	"fmt"
	"sync"

	"github.com/klauspost/compress/zstd"
)

// FieldContent holds, stored only, an article's body and captions
// together, compressed with zstd (EncodeContent, pack): the bulk of what the
// index stores, in 0.44 of the bytes bleve's own snappy takes for them
// (docs/PERFORMANCE.md, issue 18). ArticleFromFields reads it back;
// package search expands it for the highlighter.
const FieldContent = "content"

// contentCodec is the zstd encoder and decoder of FieldContent. Both are
// safe for concurrent use (EncodeAll, DecodeAll) and hold no state
// between calls but their buffers: one pair serves the process.
type contentCodec struct {
	enc *zstd.Encoder
	dec *zstd.Decoder
}

// codec returns the process's contentCodec, built on first use.
var codec = sync.OnceValue(func() contentCodec {
	enc, err := zstd.NewWriter(nil, zstd.WithEncoderLevel(zstd.SpeedFastest), zstd.WithEncoderConcurrency(1))
	if err != nil {
		panic("index: zstd encoder: " + err.Error()) // fixed options: a bug, not an input
	}
	dec, err := zstd.NewReader(nil, zstd.WithDecoderConcurrency(0), zstd.WithDecoderMaxMemory(maxContent))
	if err != nil {
		panic("index: zstd decoder: " + err.Error())
	}
	return contentCodec{enc: enc, dec: dec}
})

// maxContent bounds the decoded size of a FieldContent: far above any
// article an input may hold, so that a damaged value cannot claim more.
const maxContent = 1 << 30

// EncodeContent returns the FieldContent value of an article with body
// and captions (pack).
func EncodeContent(body string, captions []string) []byte {
	return pack(append([]string{body}, captions...))
}

// DecodeContent reads a FieldContent value back into the body and
// captions; an article without captions gets nil. It fails when the
// value is not one EncodeContent wrote.
func DecodeContent(value []byte) (body string, captions []string, err error) {
	b, cs, err := DecodeContentBytes(value)
	if err != nil {
		return "", nil, err
	}
	for _, c := range cs {
		captions = append(captions, string(c))
	}
	return string(b), captions, nil
}

// DecodeContentBytes is DecodeContent giving the body and captions as
// parts of one buffer, uncopied, for a reader that hands them on as
// bytes (the highlighter's stored document).
func DecodeContentBytes(value []byte) (body []byte, captions [][]byte, err error) {
	parts, err := unpack(value)
	if err != nil {
		return nil, nil, fmt.Errorf("stored text: %w", err)
	}
	if len(parts) == 0 {
		return nil, nil, fmt.Errorf("stored text: no body: %w", errDamaged)
	}
	if len(parts) > 1 {
		captions = parts[1:]
	}
	return parts[0], captions, nil
}

// pack returns parts as one stored value: each part preceded by its
// length as a varint, compressed as one zstd frame. One value rather
// than several also keeps bleve's snappy, which compresses a document's
// stored values together, from meeting compressed bytes before text it
// could have compressed.
func pack(parts []string) []byte {
	n := 0
	for _, p := range parts {
		n += len(p) + binary.MaxVarintLen64
	}
	plain := make([]byte, 0, n)
	for _, p := range parts {
		plain = binary.AppendUvarint(plain, uint64(len(p)))
		plain = append(plain, p...)
	}
	return codec().enc.EncodeAll(plain, make([]byte, 0, len(plain)/2+64))
}

// errDamaged says that a stored value cannot be read back.
var errDamaged = errors.New("the index is damaged; ingest into a new --index directory")

// unpack reads a value pack wrote back into its parts, which share one
// buffer.
func unpack(value []byte) ([][]byte, error) {
	plain, err := codec().dec.DecodeAll(value, nil)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", err, errDamaged)
	}
	var parts [][]byte
	for len(plain) > 0 {
		n, k := binary.Uvarint(plain)
		if k <= 0 || uint64(len(plain)-k) < n {
			return nil, fmt.Errorf("a part runs past the end: %w", errDamaged)
		}
		parts = append(parts, plain[k:k+int(n):k+int(n)])
		plain = plain[k+int(n):]
	}
	return parts, nil
}
