package tagger

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"strings"
	"testing"
)

// sent builds a sentence from "word/TAG" items ("Jan/B-PER").
func sent(s string) Sentence {
	var out Sentence
	for i, item := range strings.Fields(s) {
		w, tag, _ := strings.Cut(item, "/")
		t := O
		for k := Per; k < numKinds; k++ {
			switch tag {
			case "B-" + k.String():
				t = B(k)
			case "I-" + k.String():
				t = I(k)
			}
		}
		out.Toks = append(out.Toks, Token{Text: w, Sentence: i == 0})
		out.Tags = append(out.Tags, t)
	}
	return out
}

// corpus is a small training set in which people are named after a title
// or before "said", and organisations end in "Battalion" or "Party".
func corpus() []Sentence {
	given := []string{"Anna", "Piotr", "Maria", "Oleh", "Tomas", "Ivana", "Marek", "Lena"}
	family := []string{"Novak", "Horvat", "Kowal", "Bondar", "Svoboda", "Dvorak", "Lis", "Marin"}
	units := []string{"5th Mountain", "2nd Signals", "7th Rifles", "1st Armoured"}
	parties := []string{"Green", "Farmers", "Unity", "Reform"}
	var out []Sentence
	for i := range 40 {
		g, f := given[i%len(given)], family[(i*3)%len(family)]
		u, p := strings.Fields(units[i%len(units)]), parties[(i*7)%len(parties)]
		out = append(out,
			sent(fmt.Sprintf("Colonel/O %s/B-PER %s/I-PER said/O the/O %s/B-ORG %s/I-ORG Battalion/I-ORG moved/O ./O", g, f, u[0], u[1])),
			sent(fmt.Sprintf("The/O %s/B-ORG Party/I-ORG backed/O %s/B-PER %s/I-PER on/O Monday/O ./O", p, g, f)),
			sent("the/O troops/O left/O at/O dawn/O and/O the/O talks/O ended/O ./O"),
		)
	}
	return out
}

var opts = TrainOptions{Bits: 14, Epochs: 5, Seed: 7}

func TestTrainIsDeterministic(t *testing.T) {
	// Rounds train side by side: their mean must not depend on which
	// finishes first.
	several := opts
	several.Rounds = 3
	var a, b bytes.Buffer
	for _, o := range []TrainOptions{opts, several} {
		a.Reset()
		b.Reset()
		if err := Train(corpus(), o).Save(&a); err != nil {
			t.Fatal(err)
		}
		if err := Train(corpus(), o).Save(&b); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(a.Bytes(), b.Bytes()) {
			t.Fatalf("%d rounds: two trainings on the same data gave different models", o.Rounds)
		}
	}
	var one bytes.Buffer
	if err := Train(corpus(), opts).Save(&one); err != nil {
		t.Fatal(err)
	}
	if bytes.Equal(a.Bytes(), one.Bytes()) {
		t.Fatal("three rounds gave the model of one")
	}
	m, err := Load(a.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	var c bytes.Buffer
	if err := m.Save(&c); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Bytes(), c.Bytes()) {
		t.Fatal("a model saved, loaded and saved again changed")
	}
}

func TestTagFindsUnseenNamesFromContext(t *testing.T) {
	several := opts
	several.Rounds = 4
	for _, o := range []TrainOptions{opts, several} {
		findsUnseenNames(t, Train(corpus(), o))
	}
}

// findsUnseenNames checks that m, trained on corpus(), finds names it has
// not seen by their context.
func findsUnseenNames(t *testing.T, m *Model) {
	t.Helper()
	var sc Scratch
	tests := []struct {
		text string
		want []string // "KIND words"
	}{
		{"Colonel Jan Koval said the 3rd Rifles Battalion moved .", []string{"PER Jan Koval", "ORG 3rd Rifles Battalion"}},
		{"The Liberty Party backed Zofia Wrona on Monday .", []string{"ORG Liberty Party", "PER Zofia Wrona"}},
		{"the troops left at dawn .", nil},
	}
	for _, tc := range tests {
		toks := sent(tc.text).Toks
		var got []string
		for range 2 { // the same answer twice: no state kept between calls
			got = got[:0]
			for _, sp := range m.Tag(toks, &sc, nil) {
				var words []string
				for _, tk := range toks[sp.I:sp.J] {
					words = append(words, tk.Text)
				}
				got = append(got, sp.Kind.String()+" "+strings.Join(words, " "))
			}
		}
		if fmt.Sprint(got) != fmt.Sprint(tc.want) {
			t.Errorf("%q: got %q, want %q", tc.text, got, tc.want)
		}
	}
}

// TestTypographicPunctuationReadsPlain: a text written with typographic
// apostrophes, quotes and dashes is tagged as the same text written
// plainly, as the training data writes it: the same names, the same
// margins.
func TestTypographicPunctuationReadsPlain(t *testing.T) {
	m := Train(append(corpus(),
		sent("The/O Green/B-ORG Party/I-ORG 's/O leader/O Anna/B-PER Novak/I-PER said/O \"/O no/O \"/O -/O again/O ./O")), opts)
	var sc Scratch
	plain := sent("The/O Unity/O Party/O 's/O leader/O Marek/O Lis/O said/O \"/O no/O \"/O -/O again/O ./O").Toks
	typo := sent("The/O Unity/O Party/O ’s/O leader/O Marek/O Lis/O said/O “/O no/O ”/O –/O again/O ./O").Toks
	want := m.Tag(plain, &sc, nil)
	if len(want) == 0 {
		t.Fatal("the plain text has no names: the test shows nothing")
	}
	if got := m.Tag(typo, &sc, nil); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("typographic text tagged %v, the same text written plainly %v", got, want)
	}
}

func TestLoadRejectsOtherData(t *testing.T) {
	for _, data := range [][]byte{nil, []byte("not gzip"), gz(t, "sitrep-tagger 9\n")} {
		if _, err := Load(data); err == nil {
			t.Errorf("Load(%q) accepted it", data)
		}
	}
}

func gz(t *testing.T, s string) []byte {
	t.Helper()
	var out bytes.Buffer
	zw := gzip.NewWriter(&out)
	if _, err := zw.Write([]byte(s)); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

func TestTagBIO(t *testing.T) {
	for _, k := range []Kind{Per, Org, Loc, Misc} {
		if B(k).Kind() != k || I(k).Kind() != k || B(k).Inside() || !I(k).Inside() {
			t.Errorf("tags of %s: B %s I %s", k, B(k), I(k))
		}
		if valid(O, I(k)) || !valid(B(k), I(k)) || valid(B(Per), I(Org)) && k == Org {
			t.Errorf("validity of I-%s wrong", k)
		}
	}
}
