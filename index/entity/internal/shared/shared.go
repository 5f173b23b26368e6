// Package shared finds the project's shared data and scorer
// (shared/data/ner, shared/eval/entities, …), which lie beside the
// repository or above it, for the tools that learn from them.
package shared

import (
	"fmt"
	"os"
	"path/filepath"
)

// Dir returns shared/REL (as "data/ner") beside the working directory or
// one of its parents.
func Dir(rel string) (string, error) {
	abs, err := filepath.Abs(".")
	if err != nil {
		return "", err
	}
	for d := abs; ; d = filepath.Dir(d) {
		for _, c := range []string{filepath.Join(d, "shared", rel), filepath.Join(d, "..", "shared", rel)} {
			if st, err := os.Stat(c); err == nil && st.IsDir() {
				return c, nil
			}
		}
		if filepath.Dir(d) == d {
			return "", fmt.Errorf("no shared/%s found above %s; pass its folder", rel, abs)
		}
	}
}
