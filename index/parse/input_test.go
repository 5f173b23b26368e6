package parse_test

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/sitrep/sitrep/index/parse"
)

// input returns the Input that Expand should give for path.
func input(tb testing.TB, path string, f parse.Format) parse.Input {
	tb.Helper()
	return parse.Input{Path: path, Format: f, Size: fileSize(tb, path)}
}

func TestExpand(t *testing.T) {
	t.Parallel()
	tree := fixture(t, "tree")
	tests := []struct {
		name        string
		paths       []string
		want        []parse.Input
		wantSkipped int
	}{
		{
			name:  "directory read recursively, hidden and unknown files skipped",
			paths: []string{tree},
			want: []parse.Input{
				input(t, filepath.Join(tree, "a.txt"), parse.Text),
				input(t, filepath.Join(tree, "sub", "b.jsonl"), parse.JSONLines),
				input(t, filepath.Join(tree, "sub", "deeper", "c.json"), parse.JSON),
				input(t, filepath.Join(tree, "sub", "deeper", "d.MD"), parse.Text),
			},
			// README and notes.csv; the hidden .hidden.txt and
			// .cache/skipped.jsonl are not counted.
			wantSkipped: 2,
		},
		{
			name:  "subdirectory",
			paths: []string{filepath.Join(tree, "sub")},
			want: []parse.Input{
				input(t, filepath.Join(tree, "sub", "b.jsonl"), parse.JSONLines),
				input(t, filepath.Join(tree, "sub", "deeper", "c.json"), parse.JSON),
				input(t, filepath.Join(tree, "sub", "deeper", "d.MD"), parse.Text),
			},
		},
		{
			name: "explicit files with unknown extensions are sniffed",
			paths: []string{
				fixture(t, "sniff/records.log"),
				fixture(t, "sniff/article.dat"),
				fixture(t, "tree/README"),
			},
			want: []parse.Input{
				input(t, fixture(t, "sniff/records.log"), parse.Sniff),
				input(t, fixture(t, "sniff/article.dat"), parse.Sniff),
				input(t, fixture(t, "tree/README"), parse.Sniff),
			},
		},
		{
			name:  "explicit hidden file is read",
			paths: []string{fixture(t, "tree/.hidden.txt")},
			want:  []parse.Input{input(t, fixture(t, "tree/.hidden.txt"), parse.Text)},
		},
		{
			name:  "hidden directory given explicitly is read",
			paths: []string{fixture(t, "tree/.cache")},
			want:  []parse.Input{input(t, fixture(t, "tree/.cache/skipped.jsonl"), parse.JSONLines)},
		},
		{
			name:  "standard input",
			paths: []string{"-"},
			want:  []parse.Input{{Path: parse.Stdin, Format: parse.Sniff}},
		},
		{
			name:  "paths kept in order",
			paths: []string{seedPath, "-", filepath.Join(tree, "sub", "deeper")},
			want: []parse.Input{
				input(t, seedPath, parse.Text),
				{Path: parse.Stdin, Format: parse.Sniff},
				input(t, filepath.Join(tree, "sub", "deeper", "c.json"), parse.JSON),
				input(t, filepath.Join(tree, "sub", "deeper", "d.MD"), parse.Text),
			},
		},
		{
			name:  "no paths",
			paths: nil,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, skipped, err := parse.Expand(tt.paths)
			if err != nil {
				t.Fatalf("Expand(%q): %v", tt.paths, err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Expand(%q) (-want +got):\n%s", tt.paths, diff)
			}
			if skipped != tt.wantSkipped {
				t.Errorf("Expand(%q) skipped %d, want %d", tt.paths, skipped, tt.wantSkipped)
			}
		})
	}
}

func TestExpandMissingPath(t *testing.T) {
	t.Parallel()
	missing := filepath.Join(fixtureDir, "no-such-file.txt")
	tests := []struct {
		name  string
		paths []string
	}{
		{"alone", []string{missing}},
		{"after good paths", []string{corpusDir, "-", missing}},
		{"before good paths", []string{missing, corpusDir}},
		{"missing directory", []string{filepath.Join(fixtureDir, "no-such-dir", "a.txt")}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			inputs, skipped, err := parse.Expand(tt.paths)
			if err == nil {
				t.Fatalf("Expand(%q) = %v, want an error", tt.paths, inputs)
			}
			var bad string
			for _, p := range tt.paths {
				if strings.HasPrefix(p, fixtureDir) {
					bad = p
				}
			}
			if !strings.Contains(err.Error(), bad) {
				t.Errorf("error %q does not name %s", err, bad)
			}
			if !errors.Is(err, fs.ErrNotExist) {
				t.Errorf("error %q is not fs.ErrNotExist", err)
			}
			if inputs != nil || skipped != 0 {
				t.Errorf("Expand returned %v, %d with its error, want nothing", inputs, skipped)
			}
		})
	}
}

func TestReadSniffed(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		file string
		want []outcome
	}{
		{"JSON Lines", "sniff/records.log", []outcome{
			{Line: 1, Title: "Sniffed line one"},
			{Line: 2, Title: "Sniffed line two"},
		}},
		{"JSON object", "sniff/article.dat", []outcome{{Line: 1, Title: "Sniffed object"}}},
		{"JSON array", "sniff/array.dat", []outcome{{Line: 2, Title: "Sniffed array"}}},
		{"text", "sniff/story.dat", []outcome{{Line: 1, Title: "Sniffed story"}}},
		{"text with no extension", "tree/README", []outcome{{Line: 1, Title: "Read me"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := fixture(t, tt.file)
			want := inFile(path, tt.want...)
			if diff := cmp.Diff(want, outcomes(readPaths(t, nil, path), want)); diff != "" {
				t.Errorf("Read(%s) (-want +got):\n%s", path, diff)
			}
		})
	}
}

func TestReadStdin(t *testing.T) {
	t.Parallel()
	const stdin = "(stdin)"
	tests := []struct {
		name  string
		input string
		want  []outcome
	}{
		{
			name:  "JSON Lines",
			input: "\n{\"title\": \"One\"}\n{\"title\": \"Two\"}\nnot JSON\n",
			want: []outcome{
				{Line: 2, Title: "One"},
				{Line: 3, Title: "Two"},
				{Line: 4, Err: "want a JSON object"},
			},
		},
		{
			name:  "JSON object",
			input: "{\n  \"title\": \"Object\"\n}\n",
			want:  []outcome{{Line: 1, Title: "Object"}},
		},
		{
			name:  "JSON array",
			input: "  [\n{\"title\": \"First\"},\n{\"title\": \"Second\"}]",
			want:  []outcome{{Line: 2, Title: "First"}, {Line: 3, Title: "Second"}},
		},
		{
			name:  "text",
			input: "---\nsource: Fixture Wire\n---\nA title\n\nA body.\n",
			want:  []outcome{{Line: 1, Title: "A title"}},
		},
		{
			name:  "empty",
			input: "",
			want:  []outcome{{Line: 0, Err: "no title and no body"}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			items := readPaths(t, strings.NewReader(tt.input), "-")
			want := inFile(stdin, tt.want...)
			if diff := cmp.Diff(want, outcomes(items, want)); diff != "" {
				t.Errorf("Read(-) (-want +got):\n%s", diff)
			}
		})
	}

	t.Run("between files", func(t *testing.T) {
		items := readPaths(t, strings.NewReader(`{"title": "From stdin"}`), seedPath, "-", fixture(t, "sniff/story.dat"))
		want := []outcome{
			{File: seedPath, Line: 1, Title: "US reaffirms commitment to assist Iraq and Kurdistan in fight against ISIS"},
			{File: stdin, Line: 1, Title: "From stdin"},
			{File: fixture(t, "sniff/story.dat"), Line: 1, Title: "Sniffed story"},
		}
		if diff := cmp.Diff(want, outcomes(items, want)); diff != "" {
			t.Errorf("Read (-want +got):\n%s", diff)
		}
	})
}

// TestReadVanishedFile checks that a file that disappears between Expand
// and Read is reported as an error for the whole file, and reading goes on.
func TestReadVanishedFile(t *testing.T) {
	t.Parallel()
	gone := writeTemp(t, "gone.txt", "Title\n\nBody.\n")
	inputs, _, err := parse.Expand([]string{gone, fixture(t, "sniff/story.dat")})
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(gone); err != nil {
		t.Fatal(err)
	}
	items := collect(t, parse.Read(t.Context(), inputs, nil))
	want := []outcome{
		{File: gone, Line: 0, Err: "no such file or directory"},
		{File: fixture(t, "sniff/story.dat"), Line: 1, Title: "Sniffed story"},
	}
	if diff := cmp.Diff(want, outcomes(items, want)); diff != "" {
		t.Errorf("Read (-want +got):\n%s", diff)
	}
	if len(items) > 0 && items[0].Err != nil && !errors.Is(items[0].Err, fs.ErrNotExist) {
		t.Errorf("error %q is not fs.ErrNotExist", items[0].Err)
	}
}
