package index

import (
	"strings"
	"testing"
)

// TestPairsTakeTheTextsWords checks that PairsAnalyzer takes the words
// TextAnalyzer just made of the same text (bleve analyses FieldText, then
// FieldTextPairs, of each document), though the English analyzer lowers
// the case of the text it is given in place, and that a text analysed for
// a query alone is forgotten once maxRecent are held.
func TestPairsTakeTheTextsWords(t *testing.T) {
	m := NewMapping()
	text, ok := m.AnalyzerNamed(TextAnalyzer).(*textAnalyzer)
	if !ok {
		t.Fatalf("%s is a %T", TextAnalyzer, m.AnalyzerNamed(TextAnalyzer))
	}
	pairs := m.AnalyzerNamed(PairsAnalyzer)
	const s = "Coalition Aircraft Struck Positions near Kirkuk"
	words := text.Analyze([]byte(s))
	if len(text.recent) != 1 {
		t.Fatalf("after analysing a text, %d texts held, want 1", len(text.recent))
	}
	paired := pairs.Analyze([]byte(s))
	if len(text.recent) != 0 {
		t.Errorf("after pairing it, %d texts held, want 0: the words were not taken", len(text.recent))
	}
	if len(words) == 0 || len(paired) == 0 {
		t.Fatalf("%d words, %d pairs of %q", len(words), len(paired), s)
	}
	for i := range maxRecent + 3 {
		text.Analyze([]byte{byte('a' + i)})
	}
	if n := len(text.recent); n > maxRecent {
		t.Errorf("%d texts held, want at most %d", n, maxRecent)
	}
	long := []byte(strings.Repeat("Kirkuk ", maxRecentBytes/7+1))
	text.Analyze(long)
	if _, ok := text.recent[string(long)]; ok || text.held > maxRecentBytes {
		t.Errorf("a text of %d bytes held (%d bytes in all), want none over %d", len(long), text.held, maxRecentBytes)
	}
	if got := pairs.Analyze(long); len(got) == 0 {
		t.Errorf("no pairs of a long text not held")
	}
}
