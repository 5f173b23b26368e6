package index

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
)

// TestOlderSchemaRefused checks that an index built with an earlier
// schema (6: offsets in its term locations, text stored uncompressed) is
// refused with the message that says to ingest again, not read wrongly.
func TestOlderSchemaRefused(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "ix")
	ix, err := Open(context.Background(), dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := ix.Bleve().SetInternal([]byte(schemaKey), []byte("6")); err != nil {
		t.Fatal(err)
	}
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
	_, err = Open(context.Background(), dir, Options{})
	if err == nil {
		t.Fatal("an index of schema 6 opened")
	}
	for _, want := range []string{`schema "6"`, `needs schema "` + schemaVersion + `"`, "ingest into a new --index directory"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not say %q", err, want)
		}
	}
}
