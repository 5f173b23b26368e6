package main

import (
	"bytes"
	"flag"
	"io"
	"log/slog"
	"testing"

	"github.com/sitrep/sitrep/index/entity"
	"github.com/sitrep/sitrep/index/entity/internal/shared"
)

// TestShippedModelIsTrained: the model the binary embeds is what make
// train-entities writes from the shared data and today's gazetteer, byte
// for byte. About 5 s; skipped under -short, under the race detector
// (make test runs it again without) and when the shared data is not
// beside the repository.
// TestTrainIsDeterministic (internal/tagger) checks determinism on a small
// set in every run.
func TestShippedModelIsTrained(t *testing.T) {
	shared.SkipRemake(t, "trains a whole model; make check-entities-model runs it alone")
	var o options
	fs := flag.NewFlagSet("train", flag.ContinueOnError)
	o.flags(fs)
	if err := fs.Parse(nil); err != nil {
		t.Fatal(err)
	}
	data, err := o.model(slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(data, entity.TaggerModel()) {
		t.Errorf("a fresh training gives %d bytes, the shipped model has %d and differs: run make train-entities, then make eval and make eval-entities-cv", len(data), len(entity.TaggerModel()))
	}
}
