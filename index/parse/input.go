package parse

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// Format is the kind of content an input holds.
type Format int

// The input formats. Sniff decides between them by content.
const (
	Sniff Format = iota
	Text
	JSON
	JSONLines
	HTML
	Feed
)

func (f Format) String() string {
	switch f {
	case Text:
		return "text"
	case JSON:
		return "JSON"
	case JSONLines:
		return "JSON Lines"
	case HTML:
		return "HTML"
	case Feed:
		return "feed"
	}
	return "sniffed"
}

// Stdin is the path that names standard input.
const Stdin = "-"

// Input is one file to read.
type Input struct {
	// Path is the file's path, or Stdin, or the URL Data came from.
	Path   string
	Format Format
	// Size is the file's size in bytes, 0 for standard input.
	Size int64
	// Data, when not nil, is the content, already fetched from the web:
	// Path is then its URL, which also resolves a page's relative links and
	// names its source when the page does not.
	Data []byte
}

// formatOf returns the format a file's extension names, and false for an
// extension Sitrep does not read.
func formatOf(path string) (Format, bool) {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".txt", ".text", ".md", ".markdown":
		return Text, true
	case ".json":
		return JSON, true
	case ".jsonl", ".ndjson":
		return JSONLines, true
	case ".html", ".htm":
		return HTML, true
	case ".xml", ".rss", ".atom":
		return Feed, true
	}
	return Sniff, false
}

// Expand turns command-line paths into the inputs to read: a file is read
// whatever its extension (an unknown one is sniffed), a directory is walked
// recursively for files with known extensions (skipping hidden files and
// directories; a linked file is read, a linked directory inside is not
// followed), and "-" is standard input. It returns the inputs, the number of
// files in directories it skipped (unknown extension, linked directory),
// and an error naming the first path that cannot be read.
func Expand(paths []string) (inputs []Input, skipped int, err error) {
	for _, p := range paths {
		if p == Stdin {
			inputs = append(inputs, Input{Path: Stdin, Format: Sniff})
			continue
		}
		info, err := os.Stat(p)
		if err != nil {
			return nil, 0, fmt.Errorf("read %s: %w", p, errors.Unwrap(err))
		}
		if !info.IsDir() {
			f, _ := formatOf(p)
			inputs = append(inputs, Input{Path: p, Format: f, Size: info.Size()})
			continue
		}
		// WalkDir does not follow a symbolic link given as its root.
		root, err := filepath.EvalSymlinks(p)
		if err != nil {
			return nil, 0, fmt.Errorf("read directory %s: %w", p, err)
		}
		err = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if path != root && strings.HasPrefix(d.Name(), ".") {
				if d.IsDir() {
					return filepath.SkipDir
				}
				return nil
			}
			info, err := d.Info()
			if err != nil {
				return err
			}
			if d.Type()&fs.ModeSymlink != 0 {
				// A linked file is read; a linked directory is not
				// followed, which could loop.
				if info, err = os.Stat(path); err != nil || !info.Mode().IsRegular() {
					skipped++
					return nil
				}
			}
			if !info.Mode().IsRegular() {
				return nil
			}
			f, ok := formatOf(path)
			if !ok {
				skipped++
				return nil
			}
			inputs = append(inputs, Input{Path: path, Format: f, Size: info.Size()})
			return nil
		})
		if err != nil {
			return nil, 0, fmt.Errorf("read directory %s: %w", p, err)
		}
	}
	return inputs, skipped, nil
}
