package entity_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/sitrep/sitrep/index/entity"
	"github.com/sitrep/sitrep/index/entity/internal/tagger"
)

// TestNamesFromContext: names no list knows are found from the words
// around them (the tagger), and what defence writing capitalises without
// naming anything stays out.
func TestNamesFromContext(t *testing.T) {
	x := mustExtractor(t)
	tests := []struct {
		name string
		body string
		want names
	}{
		{
			name: "an unseen officer after a title, and his surname later",
			body: "Colonel Jan Koval said the battalion would stay. Later Koval left for the front.",
			want: names{People: sorted("Jan Koval")},
		},
		{
			name: "unseen regiments and a battalion",
			body: "Soldiers from the Tarvik Watch returned to camp, and the 3rd Rifles Battalion took over the patrols. The Dunmore Scots stayed in Basra.",
			want: names{Places: sorted("Basra"), Organisations: sorted("Tarvik Watch", "3rd Rifles Battalion", "Dunmore Scots")},
		},
		{
			name: "small places named like words of the news are places only where the text makes them one",
			body: "The Olympic torch passed through Athens on Monday. The Dalai Lama arrived later, and ministers met in Sofia.",
			want: names{Places: sorted("Athens", "Sofia")},
		},
		{
			name: "a small place after a preposition of place or in an address stays one",
			body: "Police in Olympic arrested two men. The order went to Raytheon Company Tucson, Arizona for missiles.",
			want: names{Places: sorted("Arizona", "Olympic", "Tucson"), Organisations: sorted("RTX")},
		},
		{
			name: "a person of an organisation is two names",
			body: "Basketball coach Mike Krzyzewski of Duke University has been named coach of the national team.",
			want: names{People: sorted("Mike Krzyzewski"), Organisations: sorted("Duke University")},
		},
		{
			name: "people in general news",
			body: "Opposition leader Ravi Khanna told reporters on Monday that talks with Prime Minister Tomas Verhoef had failed. Khanna said the Liberal Party would vote against the budget.",
			want: names{People: sorted("Ravi Khanna", "Tomas Verhoef"), Organisations: sorted("Liberal Party")},
		},
		{
			name: "bodies of public life named by ordinary words",
			body: "The Metropolitan Police said the case would go to the High Court next month. Ministers were criticised by Liberty and the Stop the War Coalition.",
			want: names{Organisations: sorted("High Court", "Metropolitan Police", "Stop the War Coalition")},
		},
		{
			name: "services, brigades and regiments named by ordinary words",
			body: "Officers said Fire Brigade crews had arrived, and a Prison Service spokesman agreed. He joined Parachute Regiment in 1990.",
			want: names{Organisations: sorted("Fire Brigade", "Parachute Regiment", "Prison Service")},
		},
		{
			name: "words of a credit inside running text end with its sentence",
			body: "The anthem was written by a poet in 1890. It was sung in Angola, Mozambique and France.",
			want: names{Places: sorted("Angola", "France", "Mozambique")},
		},
		{
			name: "a given name alone and a misspelt surname are the person named in full",
			body: "Defence Minister Anneliese Thorvaldsen announced her resignation today, the ministry said. “In our talks, Anneliese made clear that her decision is final,” the prime minister said. He lauded Thorvaldson for her work within the department.",
			want: names{People: sorted("Anneliese Thorvaldsen")},
		},
		{
			name: "a name running on from a capitalised word before it is no person",
			body: "Principal Deputy Director for NGA Fern Sumpter Winbush had the opportunity to showcase the organization.",
			want: names{Organisations: sorted("National Geospatial-Intelligence Agency")},
		},
		{
			name: "a name after the words of a role is a person's",
			body: "Fans gathered on Sunday. Archaeologist Susanne Ostrander was freed in Baghdad, and Republican Tomas Verhoef welcomed the news.",
			want: names{People: sorted("Susanne Ostrander", "Tomas Verhoef"), Places: sorted("Baghdad")},
		},
		{
			name: "a given name alone in apposition to a kinsman is a person",
			body: "With his second wife, Karen, he has two children, and his brother, Joseph, lives nearby.",
			want: names{People: sorted("Joseph", "Karen")},
		},
		{
			name: "a person's name is no place",
			body: "On Libya, Clinton said the U.S. goal is to see Bashir al-Assad’s government stop killing its own people.",
			want: names{People: sorted("Clinton", "Bashar al-Assad"), Places: sorted("Libya")},
		},
		{
			name: "a capitalised word opening a sentence is no surname unless the tagger is very sure",
			body: "The site is clean. Groundwater wells will be sampled annually for beryllium, lead, and uranium.",
			want: names{},
		},
		{
			name: "an operation's name alone later is no organisation",
			body: "The linchpin in this whole process is Operation Iron Sentry, run by the 379th Expeditionary Operations Squadron. The Iron Sentry team tracks signals. \"The Iron Sentry antennas and our satellites represent two known locations,\" he said.",
			want: names{Organisations: sorted("379th Expeditionary Operations Squadron")},
		},
		{
			name: "ordinary words cut from a longer name are none",
			body: "said Sgt. Ana Ruiz, a platoon sergeant with 3rd Advise and Assist Brigade, 4th Inf. Div.",
			want: names{People: sorted("Ana Ruiz")},
		},
		{
			name: "installations named by their prefix, also opening a sentence",
			body: "Fort Mendel called upon the 2nd Battalion. Camp Talbrook hosted the exercise.",
			want: names{Places: sorted("Fort Mendel", "Camp Talbrook"), Organisations: sorted("2nd Battalion")},
		},
		{
			name: "an acronym named with the is an organisation",
			body: "Thousands of supporters of the UPND, the main opposition, gathered outside the court on Tuesday. Police said the UPND had not asked for a permit.",
			want: names{Organisations: sorted("UPND")},
		},
		{
			name: "an acronym that speaks or is spoken to is an organisation, kit is not",
			body: "The space agency NASA says the launch will wait. Engineers checked the GPS receivers and the SATCOM link. Officials told UNICEF the camp was full.",
			want: names{Organisations: sorted("NASA", "UNICEF")},
		},
		{
			name: "an acronym that owns, or named with the before a function word, is an organisation",
			body: "The album was certified platinum by the RIAA in January. Fans voted on AFI's website.",
			want: names{Organisations: sorted("AFI", "RIAA")},
		},
		{
			name: "an acronym spelled by lower-case words before it is a thing",
			body: "The threat is electromagnetic interference, or EMI, which jams the signal. If the EMI is intentional, crews report it.",
			want: names{},
		},
		{
			name: "a leader the gazetteer lists as a group is a person where the tagger is sure",
			body: "Al-Qaida leader Osama bin Laden has called for new attacks. Later, bin Laden praised the fighters. Rebel leader Joseph Kony is sought by the International Criminal Court.",
			want: names{People: sorted("Joseph Kony", "Osama bin Laden"), Organisations: sorted("Al-Qaeda", "International Criminal Court")},
		},
		{
			name: "a regnal number ends a person's name",
			body: "The museum holds letters from Ludwig XIV and his court, and a portrait of Ludwig XIV hangs in the hall.",
			want: names{People: sorted("Ludwig XIV")},
		},
		{
			name: "a syllable a hyphen joins is part of the name, a compound is not",
			body: "Foreign Minister Yu Woo-ik met President Tomas Verhoef in the capital. The Verhoef-era reforms were discussed.",
			want: names{People: sorted("Tomas Verhoef", "Yu Woo-ik")},
		},
		{
			name: "one word the tagger reads as a place",
			body: "The band formed in Liverpool in 1998 and toured Europe the next year.",
			want: names{Places: sorted("Europe", "Liverpool")},
		},
		{
			name: "acronyms of kit and jargon are no organisations",
			body: "This MOU will guide the work. An IED struck the convoy, and UAVs watched the road. The GPS signal was lost near the base.",
			want: names{},
		},
		{
			name: "an acronym the tagger is sure of is a body; one that qualifies, a company's ticker, jargon are none",
			body: "She worked for CBS and NBC before she left the network. GAAP EPS was $1.41 and adjusted EPS was $1.70. " +
				"Northrop Grumman Corporation (NYSE: NOC) reported results, and MWT crews tested SATCOM links.",
			want: names{Organisations: sorted("CBS", "NBC", "Northrop Grumman")},
		},
		{
			name: "waters and lands are places, a channel that broadcasts and members beside a body are not",
			body: "The river is formed by the union of the Tittabawassee and Shiawassee Rivers. Ships sailed through the Kiel Canal. " +
				"The Disney Channel said ratings rose. I brought the director to show off our Airmen and University.",
			want: names{Places: sorted("Kiel Canal", "Shiawassee Rivers", "Tittabawassee"), Organisations: sorted("Disney Channel")},
		},
		{
			name: "a name ending in a water is a place, though the tagger reads a person",
			body: "Hancock Pond is a lake in Oxford County.",
			want: names{Places: sorted("Hancock Pond", "Oxford")},
		},
		{
			name: "descriptions, products and ships are no names",
			body: "The Small Group met aboard USS Abraham Lincoln. The Army awarded a Firm-Fixed-Price contract for the TOW Weapon System and PAC-3 interceptors in Fiscal Year 2024.",
			want: names{},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := namesOf(x.Extract(entity.Document{Body: tt.body}))
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

// TestStartsNotThroughPossessive: a surname that opens known names only
// as their owner ("Moore's Island", "Smith's Parish") is no first word of
// a known name to the tagger, which would read the people named Moore
// and Smith otherwise; a word that opens a name itself is.
func TestStartsNotThroughPossessive(t *testing.T) {
	x := mustExtractor(t)
	for w, want := range map[string]bool{"Moore": false, "Smith": false, "Cox": false, "Korean": true, "Royal": true} {
		if got := x.WordClass(w)&tagger.Starts != 0; got != want {
			t.Errorf("%s: Starts %v, want %v", w, got, want)
		}
	}
}

// TestTaggerDeterministic: the same text gives the same entities, from one
// extractor or two, and without the tagger the unseen name is not found
// (the test above would pass for another reason otherwise).
func TestTaggerDeterministic(t *testing.T) {
	doc := entity.Document{Body: "Colonel Jan Koval said the Tarvik Watch would stay near the village."}
	x := mustExtractor(t)
	y, err := entity.New()
	if err != nil {
		t.Fatal(err)
	}
	first := x.Extract(doc)
	for range 3 {
		if diff := cmp.Diff(first, x.Extract(doc)); diff != "" {
			t.Fatalf("a second extraction differs (-first +again):\n%s", diff)
		}
		if diff := cmp.Diff(first, y.Extract(doc)); diff != "" {
			t.Fatalf("another extractor differs (-first +other):\n%s", diff)
		}
	}
	rules, err := entity.NewWithModel(nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := namesOf(rules.Extract(doc)).Organisations; len(got) != 0 {
		t.Errorf("without the tagger the rules found organisations %q: the test no longer shows the tagger's part", got)
	}
}
