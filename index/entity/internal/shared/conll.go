package shared

import (
	"bufio"
	"compress/gzip"
	"fmt"
	"os"
	"strings"
)

// ReadCoNLL reads a gzipped file of "word TAG" lines, sentences apart by
// blank lines, and calls sentence with the words and tags of each (new
// slices each time, which sentence may keep); a "-DOCSTART-" line ends
// the sentence before it and calls docStart. A line with no tag, or an
// error sentence returns, stops the reading.
func ReadCoNLL(path string, sentence func(words, tags []string) error, docStart func()) error {
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("%w (pass -ner with the folder of gmb-voa.conll.gz and wikigold.conll.gz)", err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	var words, tags []string
	flush := func() error {
		if len(words) == 0 {
			return nil
		}
		err := sentence(words, tags)
		words, tags = nil, nil
		return err
	}
	sc := bufio.NewScanner(zr)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" {
			if err := flush(); err != nil {
				return err
			}
			continue
		}
		i := strings.LastIndexAny(line, " \t")
		if line == "-DOCSTART-" || i >= 0 && line[:i] == "-DOCSTART-" {
			if err := flush(); err != nil {
				return err
			}
			docStart()
			continue
		}
		if i < 0 {
			return fmt.Errorf("%s: line %q has no tag", path, line)
		}
		words, tags = append(words, line[:i]), append(tags, line[i+1:])
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return flush()
}
