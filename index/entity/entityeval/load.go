package entityeval

// Loading the evaluation sets: the re3d development set, the seed article
// and the hand-annotated DVIDS articles.

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/sitrep/sitrep/index/entity"
)

// Sets are the gold sets, by name, as files under the testdata/entities
// folder.
var Sets = []string{"re3d-dev", "seed", "dvids"}

// Load reads the named gold set from dir (testdata/entities).
func Load(x *entity.Extractor, dir, set string) ([]Article, error) {
	switch set {
	case "re3d-dev":
		return LoadRe3d(x, filepath.Join(dir, "re3d-dev-gold.jsonl"))
	case "seed":
		return LoadHand(filepath.Join(dir, "seed-gold.json"))
	case "dvids":
		return LoadHand(filepath.Join(dir, "dvids-gold.json"))
	}
	return nil, fmt.Errorf("unknown gold set %q (want one of %s)", set, strings.Join(Sets, ", "))
}

// FindDir returns testdata/entities in dir or the nearest parent that has it.
func FindDir(dir string) (string, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	for d := abs; ; d = filepath.Dir(d) {
		c := filepath.Join(d, "testdata", "entities")
		if st, err := os.Stat(c); err == nil && st.IsDir() {
			return c, nil
		}
		if filepath.Dir(d) == d {
			return "", fmt.Errorf("no testdata/entities above %s", abs)
		}
	}
}

// handFile is the shape of a hand-made gold file: documents with the
// distinct canonical names of each kind.
type handFile struct {
	Articles []struct {
		ID            string          `json:"id"`
		Document      entity.Document `json:"document"`
		People        []string        `json:"people"`
		Places        []string        `json:"places"`
		Organisations []string        `json:"organisations"`
	} `json:"articles"`
}

// LoadHand reads a hand-made gold file.
func LoadHand(path string) ([]Article, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var f handFile
	if err := json.Unmarshal(data, &f); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	var out []Article
	for _, a := range f.Articles {
		out = append(out, Article{ID: a.ID, Doc: a.Document, Gold: Names{
			entity.Person: a.People, entity.Place: a.Places, entity.Organisation: a.Organisations,
		}})
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("%s: no articles", path)
	}
	return out, nil
}

// Span is one re3d gold annotation: character offsets, type, value and
// annotator confidence.
type Span struct {
	Begin      int     `json:"begin"`
	End        int     `json:"end"`
	Type       string  `json:"type"`
	Value      string  `json:"value"`
	Confidence float64 `json:"confidence"`
}

type re3dRecord struct {
	ID    string `json:"id"`
	Title string `json:"title"`
	Body  string `json:"body"`
	Gold  []Span `json:"gold_entities"`
}

// LoadRe3d reads the re3d development set with its gold spans and turns the
// spans into gold entities (see GoldFromSpans). The extractor reads the
// body only, as only the body is annotated.
func LoadRe3d(x *entity.Extractor, path string) ([]Article, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out []Article
	br := bufio.NewReaderSize(f, 1<<20)
	for {
		line, err := br.ReadBytes('\n')
		if len(strings.TrimSpace(string(line))) > 0 {
			var r re3dRecord
			if jerr := json.Unmarshal(line, &r); jerr != nil {
				return nil, fmt.Errorf("%s: %w", path, jerr)
			}
			body := annotated(r.Body, r.Gold)
			out = append(out, Article{ID: r.ID, Doc: entity.Document{Body: body}, Gold: GoldFromSpans(x, body, r.Gold), Unsure: UnsureFromSpans(x, body, r.Gold)})
		}
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("%s: no articles", path)
	}
	return out, nil
}

// annotated returns the part of a re3d document its annotators read: up to
// the end of the sentence of its last annotation (of any type). In three
// daily strike reports they stopped before the closing lists of coalition
// countries; what they did not read is not scored.
func annotated(body string, spans []Span) string {
	last := 0
	for _, s := range spans {
		last = max(last, s.End)
	}
	r := []rune(body)
	if last <= 0 || last >= len(r) {
		return body
	}
	for i := last; i < len(r); i++ {
		switch r[i] {
		case '\n':
			return string(r[:i+1])
		case '.', '!', '?':
			if i+1 == len(r) || r[i+1] == ' ' || r[i+1] == '\n' || r[i+1] == '"' || r[i+1] == '”' {
				// "U.S." inside the sentence ends no sentence.
				if i > 1 && r[i-2] == '.' {
					continue
				}
				return string(r[:i+1])
			}
		}
	}
	return body
}
