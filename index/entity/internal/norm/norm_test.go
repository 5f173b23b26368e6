package norm

import "testing"

func TestKey(t *testing.T) {
	for in, want := range map[string]string{
		"U.S. Army":                       "us army",
		"the Pentagon":                    "pentagon",
		"Deir ez-Zor":                     "deir ez zor",
		"Da’esh":                          "da'esh",
		"  Kərkük  ":                      "kerkuk",
		"Jordan Armed Forces – Arab Army": "jordan armed forces arab army",
		"Islamic_State":                   "islamic state",
		"World Health Organisation":       "world health organization",
		"UK Defence Centre":               "uk defense center",
		"Centreville":                     "centreville",
	} {
		if got := Key(in); got != want {
			t.Errorf("Key(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestWordMatchesKey(t *testing.T) {
	for _, w := range []string{"Kirkuk", "U.S.", "Da'esh", "Kərkük", "ISIS", "peshmerga", "Defence", "organisations", "Programme"} {
		if Word(w) != Key(w) {
			t.Errorf("Word(%q) = %q, Key = %q", w, Word(w), Key(w))
		}
	}
}

func TestExactAndLatin(t *testing.T) {
	if got := Exact("U.S."); got != "US" {
		t.Errorf("Exact(U.S.) = %q", got)
	}
	if !Latin("Deir ez-Zor") || Latin("Москва") {
		t.Error("Latin misjudges scripts")
	}
}
