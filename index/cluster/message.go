package cluster

import (
	"encoding/json"
	"fmt"

	"github.com/sitrep/sitrep/index"
	"github.com/sitrep/sitrep/index/registry"
)

// Headers of a message of the log, beside JetStream's Nats-Msg-Id.
const (
	// headerOp says what the message does: opPut or opDelete.
	headerOp = "Sitrep-Op"
	// headerID holds the article's id.
	headerID = "Sitrep-Id"
	opPut    = "put"
	opDelete = "delete"
)

// message is the body of a put: the article as the ingest pipeline gave
// it to the index writer, its entities extracted, with the two fields
// Article's JSON leaves out (Aliases, Named) that the writer needs.
type message struct {
	Article *index.Article `json:"article"`
	Aliases []string       `json:"aliases,omitempty"`
	// Named holds each registry.Named encoded (registry.Named.Encode),
	// as the index stores them.
	Named []string `json:"named,omitempty"`
}

// encodeArticle returns the body of a put of a.
func encodeArticle(a *index.Article) ([]byte, error) {
	m := message{Article: a, Aliases: a.Aliases}
	for _, n := range a.Named {
		m.Named = append(m.Named, n.Encode())
	}
	b, err := json.Marshal(m)
	if err != nil {
		return nil, fmt.Errorf("encode article %s for the log: %w", a.ID, err)
	}
	return b, nil
}

// decodeArticle returns the article of the body of a put.
func decodeArticle(body []byte) (*index.Article, error) {
	var m message
	if err := json.Unmarshal(body, &m); err != nil {
		return nil, fmt.Errorf("decode an article of the log: %w", err)
	}
	if m.Article == nil || m.Article.ID == "" {
		return nil, fmt.Errorf("decode an article of the log: it has no article id")
	}
	a := m.Article
	a.Aliases = m.Aliases
	for _, s := range m.Named {
		n, err := registry.DecodeNamed(s)
		if err != nil {
			return nil, fmt.Errorf("decode article %s of the log: %w", a.ID, err)
		}
		a.Named = append(a.Named, n)
	}
	return a, nil
}
