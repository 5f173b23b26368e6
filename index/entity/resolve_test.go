package entity_test

import (
	"bufio"
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/sitrep/sitrep/index/entity"
)

// TestOneEntityOneName: the names of one person, place or organisation in
// an article are one entity under one name, and homonyms stay apart.
func TestOneEntityOneName(t *testing.T) {
	x := mustExtractor(t)
	tests := []struct {
		name string
		doc  entity.Document
		want names
	}{
		{
			name: "a governorate and its city, spelt two ways",
			doc:  entity.Document{Body: "BASRAH, Iraq – Soldiers in Basra met Iraqi officers. Troops left Basra and Karbala' for Karbala."},
			want: names{Places: sorted("Basra", "Iraq", "Karbala")},
		},
		{
			name: "GeoNames alternate names of one city",
			doc:  entity.Document{Body: "Shelling hit Kiev and Kharkov overnight; Kyiv and Kharkiv said so. Fighters near Surt fled Sirte."},
			want: names{Places: sorted("Kyiv", "Kharkiv", "Sirte")},
		},
		{
			name: "a place's first word left out at the start of a sentence",
			doc:  entity.Document{Body: "FORT CARSON, Colo. – Soldiers trained. Fort Carson’s 4th Infantry Division called upon the team."},
			want: names{Places: sorted("Fort Carson", "Colorado"), Organisations: sorted("4th Infantry Division")},
		},
		{
			name: "strike groups named after their carrier, and a squadron by its old name",
			doc: entity.Document{Body: "The Ronald Reagan Strike Group sailed. Sailors of the Reagan Carrier Strike Group and the Carl Vinson Strike Group met " +
				"the Cougars of Tactical Electronic Warfare Squadron (VAQ) 139."},
			want: names{Organisations: sorted("Ronald Reagan Carrier Strike Group", "Carl Vinson Carrier Strike Group", "Electronic Attack Squadron 139")},
		},
		{
			name: "the article's country decides between places of one name",
			doc:  entity.Document{Body: "Fighting broke out in Tripoli overnight. The army moved units from Beirut and Sidon."},
			want: names{Places: sorted("Tripoli (Lebanon)", "Beirut", "Sidon")},
		},
		{
			name: "the place a reader expects without the country's context",
			doc:  entity.Document{Body: "Fighting broke out in Tripoli overnight. Forces from Misrata moved in."},
			want: names{Places: sorted("Tripoli", "Misratah")},
		},
		{
			name: "a town of the United States in an article about its state",
			doc:  entity.Document{Body: "The plant in Odessa, Texas, makes parts."},
			want: names{Places: sorted("Odessa", "Texas")},
		},
		{
			name: "transliterations of one person",
			doc: entity.Document{Body: "President Zelenskiy met Volodymyr Zelenskyy's aides. Qaddafi and Muammar Kadhafi were one man. " +
				"Foreign Minister Sergei Lavrov met Bashir al-Assad's envoy, Col. Bashir Ahmed."},
			want: names{People: sorted("Volodymyr Zelensky", "Muammar Gaddafi", "Sergey Lavrov", "Bashar al-Assad", "Bashir Ahmed")},
		},
		{
			name: "a leader by surname alone, with its article",
			doc:  entity.Document{Body: "We remain committed to working with Prime Minister Al-Abadi and the Iraqi Security Forces."},
			want: names{People: sorted("Haider al-Abadi"), Organisations: sorted("Iraqi Security Forces")},
		},
		{
			name: "a nickname, a surname of two words and a name without its nisba join the full name",
			doc: entity.Document{Body: "Rear Adm. James Kirk commands the group. \"We are ready,\" said Rear Adm. Jim Kirk. " +
				"Richard De Fatta, director of the center, spoke. \"It matters,\" De Fatta said. " +
				"Abu Jandal al-Kuwaiti, a gang leader, was killed. Abu Jandal was involved in attacks, said Col. John Dorrian."},
			want: names{People: sorted("James Kirk", "Richard De Fatta", "Abu Jandal al-Kuwaiti", "John Dorrian")},
		},
		{
			name: "a hyphenated surname and one of two words after two given names join the full name",
			doc: entity.Document{Body: "U.N. envoy Terje Roed-Larsen arrived in Beirut. Roed-Larsen said he was hopeful. " +
				"Candidate Andres Manuel Lopez Obrador lost the vote. Lopez Obrador said he would appeal."},
			want: names{People: sorted("Terje Roed-Larsen", "Andres Manuel Lopez Obrador"), Places: sorted("Beirut"), Organisations: sorted("United Nations")},
		},
		{
			name: "a name the tagger read as a body is a person's where the article names the person",
			doc:  entity.Document{Body: "Qureia accused Israel of hampering efforts following the death of Yasser Arafat. Arafat said peace was near."},
			want: names{People: sorted("Yasser Arafat"), Places: sorted("Israel")},
		},
		{
			name: "an initial and a surname join the full name the article gives",
			doc: entity.Document{Body: "Captain Alistair Campbell top-scored. Sanath Jayasuriya hit 74 off 52 balls. " +
				"Scores: Zimbabwe 213-8 in 50 overs (A. Campbell 63). Sri Lanka 214-4 in 45 overs (S. Jayasuriya 74, R. Mahanama 41 not out)."},
			want: names{People: sorted("Alistair Campbell", "Sanath Jayasuriya", "R. Mahanama"), Places: sorted("Zimbabwe", "Sri Lanka")},
		},
		{
			name: "an initial names in full the given name another field writes, not one of two",
			doc: entity.Document{Body: strings.Repeat("The talks went on for hours in the hall. ", 40) +
				"Sanath Jayasuriya hit 74. Scores: Sri Lanka 214-4 in 45 overs (S. Jayasuriya 74, R. Mahanama 41 not out). Zimbabwe 213-8 in 50 overs (G. Rennie 38, A. Whittall 12).",
				Summary: "Sanath Jayasuriya hit 74, and Andy Whittall and Alan Whittall bowled."},
			want: names{People: sorted("Sanath Jayasuriya", "R. Mahanama", "G. Rennie", "A. Whittall", "Andy Whittall", "Alan Whittall"), Places: sorted("Sri Lanka", "Zimbabwe")},
		},
		{
			name: "an initial two names share stays apart",
			doc:  entity.Document{Body: "Andy Whittall and his cousin Gary Whittall batted. G. Whittall made 38. A. Whittall fell to Col. Alan Whittall's son."},
			want: names{People: sorted("Andy Whittall", "Gary Whittall", "A. Whittall", "Alan Whittall")},
		},
		{
			name: "homonyms stay apart",
			doc: entity.Document{Body: "Col. John Smith met Lt. Jane Smith and Capt. Jim Smith. \"Good,\" said Capt. Ben Miller, and Col. Burr Miller agreed. " +
				"Chris Doe and Christopher Doe spoke, as did Christine Doe."},
			want: names{People: sorted("John Smith", "Jane Smith", "Jim Smith", "Ben Miller", "Burr Miller", "Chris Doe", "Christopher Doe", "Christine Doe")},
		},
		{
			name: "a list after a plural head names each place",
			doc:  entity.Document{Body: "Dredging keeps open the channels joining Lakes Superior, Michigan, Huron, St. Clair and Erie. Lake Huron froze; Lakes Mendota and Monona did not. Lakes Oranto stayed."},
			want: names{Places: sorted("Lake Superior", "Lake Michigan", "Lake Huron", "Lake St. Clair", "Lake Erie", "Lake Mendota", "Lake Monona")},
		},
		{
			name: "a unit alone takes the parents the article gives it",
			doc: entity.Document{Body: "Fort Carson called upon the 1st Space Battalion. Soldiers of the 2nd Space Company, 1st Space Battalion, 1st Space Brigade deployed. " +
				"Sailors of Fleet Logistic Support Squadron (VRC) 30 flew."},
			want: names{Places: sorted("Fort Carson"), Organisations: sorted("1st Space Battalion, 1st Space Brigade", "2nd Space Company, 1st Space Battalion, 1st Space Brigade", "Fleet Logistics Support Squadron 30")},
		},
		{
			name: "names one acronym defines in an article are one organisation",
			doc: entity.Document{Body: "Airmen trained under the Office of the Security of Defense (OSD). " +
				"The Tarsin Relief Fund (TRF) and the Tarsin Relief Foundation (TRF) gave food; TRF said so."},
			want: names{Organisations: sorted("Office of the Secretary of Defense", "Tarsin Relief Fund")},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := namesOf(x.Extract(tt.doc))
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

// TestJoinsSayWhy: a mention written otherwise than its entity's name says
// why it names the entity.
func TestJoinsSayWhy(t *testing.T) {
	x := mustExtractor(t)
	r := x.Extract(entity.Document{Body: "BASRAH, Iraq – Troops met Rear Adm. James Kirk in Basra. \"Ready,\" said Rear Adm. Jim Kirk. Kirk left. " +
		"Lakes Huron and Erie froze. Prime Minister Al-Abadi agreed. “James knows the port,” an aide said. Navy Capt. Roberta Halvorsen agreed, Halvorson said. " +
		"Saronic Technologies cut its forecast, and Saronic said sales fell. Hadrian Automation Inc. won the order; Hadrian Automation said it would hire."})
	want := map[string]string{
		"BASRAH":             "alternate name of Basra in the gazetteer",
		"Erie":               "one of a list after \"Lakes\": Lake Erie",
		"Huron":              "one of a list after \"Lakes\": Lake Huron",
		"Al-Abadi":           "alternate name of Haider al-Abadi in the gazetteer",
		"Jim Kirk":           "short form of the given name of James Kirk in this article",
		"Kirk":               "surname of James Kirk in this article",
		"James":              "given name of James Kirk in this article",
		"Halvorson":          "misspelt surname of Roberta Halvorsen in this article",
		"Saronic":            "short name of Saronic Technologies in this article",
		"Hadrian Automation": "named as the organisation Hadrian Automation in this article",
	}
	got := map[string]string{}
	for _, es := range [][]entity.Entity{r.People, r.Places, r.Organisations} {
		for _, e := range es {
			for _, m := range e.Mentions {
				if m.Why != "" {
					got[m.Text] = m.Why
				}
			}
		}
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("why (-want +got):\n%s", diff)
	}
}

// TestAcronymJoinsOnlyInItsArticle: names one acronym defines are one
// organisation inside an article, never across articles: each article's
// definition names its own body. Names far apart stay apart also in one
// article (the gazetteer's reading of OSD is kept beside the article's
// definition there, as before the rule).
func TestAcronymJoinsOnlyInItsArticle(t *testing.T) {
	x := mustExtractor(t)
	docs := []string{
		"The Tarsin Relief Fund (TRF) gave food. TRF said so.",
		"The Tovar Rifle Front (TRF) attacked a convoy. TRF fighters fled.",
		"The Office of the Security of Defense (OSD) wrote the plan.",
		"The Office of Strategic Development (OSD) of the company met.",
		"The Tarsin Relief Fund (TRF) and the Tovar Rifle Front (TRF) fought.",
	}
	want := [][]string{
		sorted("Tarsin Relief Fund"),
		sorted("Tovar Rifle Front"),
		sorted("Office of the Secretary of Defense"),
		sorted("Office of Strategic Development", "Office of the Secretary of Defense"),
		sorted("Tarsin Relief Fund", "Tovar Rifle Front"),
	}
	for i, d := range docs {
		got := namesOf(x.Extract(entity.Document{Body: d})).Organisations
		if diff := cmp.Diff(want[i], got); diff != "" {
			t.Errorf("%q: organisations (-want +got):\n%s", d, diff)
		}
	}
	r := x.Extract(entity.Document{Body: docs[2]})
	why := ""
	for _, e := range r.Organisations {
		for _, m := range e.Mentions {
			if m.Text == "Office of the Security of Defense" {
				why = m.Why
			}
		}
	}
	if want := "defined by the same acronym OSD as Office of the Secretary of Defense in this article"; why != want {
		t.Errorf("why = %q, want %q", why, want)
	}
}

// TestSampleCorpusDuplicates: in the sample corpus's facets, no pair of
// values that the article itself shows to be one entity remains
// (docs/ENTITIES.md lists the pairs, before and after).
func TestSampleCorpusDuplicates(t *testing.T) {
	x := mustExtractor(t)
	joined := [][2]string{
		{"Basra", "Basrah"}, {"Haider al-Abadi", "Al-Abadi"}, {"Deir ez-Zor", "Dayr Az Zayr"},
		{"Michèle Flournoy", "Michele Flournoy"}, {"Abu Jandal al-Kuwaiti", "Abu Jandal"},
		{"Richard De Fatta", "De Fatta"}, {"1st Space Battalion, 1st Space Brigade", "1st Space Battalion"},
		{"Fleet Logistics Support Squadron 30", "Fleet Logistic Support Squadron 30"}, {"Fort Carson", "Carson"},
		{"Lake Huron", "Huron"}, {"Lake Erie", "Erie"},
		{"Electronic Attack Squadron 139", "Tactical Electronic Warfare Squadron 139"},
		{"Ronald Reagan Carrier Strike Group", "Ronald Reagan Strike Group"}, {"Ronald Reagan Carrier Strike Group", "Reagan Carrier Strike Group"},
		{"Office of the Secretary of Defense", "Office of the Security of Defense"},
	}
	values := map[string]bool{}
	for _, path := range []string{"../../testdata/corpus/dvids.jsonl", "../../testdata/corpus/re3d-dev.jsonl"} {
		f, err := os.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(f)
		sc.Buffer(make([]byte, 1<<20), 1<<24)
		for sc.Scan() {
			var a struct{ Title, Body string }
			if err := json.Unmarshal(sc.Bytes(), &a); err != nil {
				t.Fatalf("%s: %v", path, err)
			}
			r := x.Extract(entity.Document{Title: a.Title, Body: a.Body})
			for _, k := range []entity.Kind{entity.Person, entity.Place, entity.Organisation} {
				for _, n := range r.Names(k) {
					values[k.String()+"\t"+n] = true
				}
			}
		}
		f.Close()
		if err := sc.Err(); err != nil {
			t.Fatal(err)
		}
	}
	for _, p := range joined {
		var kinds []string
		for v := range values {
			if strings.HasSuffix(v, "\t"+p[1]) {
				kinds = append(kinds, v)
			}
		}
		if len(kinds) > 0 {
			t.Errorf("%q is still a facet value of its own (%v); want it under %q", p[1], kinds, p[0])
		}
		found := false
		for v := range values {
			found = found || strings.HasSuffix(v, "\t"+p[0])
		}
		if !found {
			t.Errorf("%q is no facet value of the sample corpus", p[0])
		}
	}
}
