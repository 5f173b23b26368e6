package entity_test

import (
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/sitrep/sitrep/index/entity"
	"github.com/sitrep/sitrep/index/entity/entityeval"
)

// newExtractor loads the gazetteer once for all tests: an Extractor is
// immutable and safe for concurrent use.
var newExtractor = sync.OnceValues(entity.New)

// mustExtractor returns an Extractor over the embedded gazetteer.
func mustExtractor(tb testing.TB) *entity.Extractor {
	tb.Helper()
	x, err := newExtractor()
	if err != nil {
		tb.Fatalf("New: %v", err)
	}
	return x
}

// names is the outcome of an extraction as sorted canonical names.
type names struct {
	People, Places, Organisations []string
}

func namesOf(r entity.Result) names {
	n := names{r.Names(entity.Person), r.Names(entity.Place), r.Names(entity.Organisation)}
	for _, l := range [][]string{n.People, n.Places, n.Organisations} {
		slices.Sort(l)
	}
	if len(n.People) == 0 {
		n.People = nil
	}
	if len(n.Places) == 0 {
		n.Places = nil
	}
	if len(n.Organisations) == 0 {
		n.Organisations = nil
	}
	return n
}

func sorted(s ...string) []string {
	if len(s) == 0 {
		return nil
	}
	slices.Sort(s)
	return s
}

func TestSeed(t *testing.T) {
	x := mustExtractor(t)
	dir, err := entityeval.FindDir(".")
	if err != nil {
		t.Fatal(err)
	}
	arts, err := entityeval.LoadHand(dir + "/seed-gold.json")
	if err != nil {
		t.Fatal(err)
	}
	a := arts[0]
	got := namesOf(x.Extract(a.Doc))
	want := names{
		People:        sorted("Celeste Wallander", "Jumah Inad Sadun", "Nechirvan Idris Barzani"),
		Places:        sorted("Iraq", "Kirkuk", "Luhaiban", "Irbil", "Kurdistan Region", "United States"),
		Organisations: sorted("Islamic State", "US Department of Defense", "Peshmerga", "Kurdistan Regional Government", "Iraqi Security Forces"),
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("seed entities (-want +got):\n%s", diff)
	}
	r := x.Extract(a.Doc)
	if r.People[0].Name != "Celeste Wallander" || r.People[0].Count < 5 {
		t.Errorf("most mentioned person = %q (%d), want Celeste Wallander with her surname mentions", r.People[0].Name, r.People[0].Count)
	}
	for _, p := range r.Places {
		if p.Name == "Kirkuk" && (!p.HasCoords || p.Country != "IQ") {
			t.Errorf("Kirkuk: coords %v country %q, want coordinates in IQ", p.HasCoords, p.Country)
		}
	}
}

func TestExtract(t *testing.T) {
	x := mustExtractor(t)
	tests := []struct {
		name string
		doc  entity.Document
		want names
	}{
		{
			name: "job title alone is not a person",
			doc:  entity.Document{Body: "The Assistant Secretary of Defense met senior officials. The Secretary said the talks went well."},
			want: names{},
		},
		{
			name: "minister with nationality: a person, not a place",
			doc:  entity.Document{Body: "He met Iraqi Defense Minister Jumah Inad Sadun and other defense officials."},
			want: names{People: sorted("Jumah Inad Sadun")},
		},
		{
			name: "unknown minister after a title",
			doc:  entity.Document{Body: "Talks were held with Estonian Defence Minister Hanno Pevkur on Tuesday."},
			want: names{People: sorted("Hanno Pevkur")},
		},
		{
			name: "ISIS is an organisation, never a place",
			doc:  entity.Document{Body: "ISIS fighters attacked the town. Daesh later claimed the attack, and ISIL supporters celebrated."},
			want: names{Organisations: sorted("Islamic State")},
		},
		{
			name: "photo credit agency is not an organisation",
			doc: entity.Document{
				Body:     "Soldiers trained in Kuwait.",
				Captions: []string{"Soldiers train in Kuwait. (photo credit: REUTERS/AKO RASHEED)", "A convoy moves out. (U.S. Army photo by Spc. John Doe)"},
			},
			want: names{Places: sorted("Kuwait")},
		},
		{
			name: "weekdays and months are not entities",
			doc:  entity.Document{Body: "On Tuesday officials met. March and May were quiet. Monday, December 6, was not."},
			want: names{},
		},
		{
			name: "headline case names only what is known",
			doc:  entity.Document{Title: "Coalition Strikes Mosul Hospital Used As Command Post", Body: "The strike was precise."},
			want: names{Places: sorted("Mosul")},
		},
		{
			name: "surname resolves to the full name",
			doc:  entity.Document{Body: "Gen. Joseph Votel visited Baghdad. Votel said the campaign would continue, and Votel left on Friday."},
			want: names{People: sorted("Joseph Votel"), Places: sorted("Baghdad")},
		},
		{
			name: "surname beats a town of the same name",
			doc:  entity.Document{Body: "Navy Capt. Jeff Davis briefed reporters. Davis said strikes continued near Mosul."},
			want: names{People: sorted("Jeff Davis"), Places: sorted("Mosul")},
		},
		{
			name: "acronym defined in the text",
			doc:  entity.Document{Body: "The Tigray Defense Forces (TDF) moved south. Officials said the TDF had withdrawn by evening."},
			want: names{Organisations: sorted("Tigray Defense Forces")},
		},
		{
			name: "person before a speech verb",
			doc:  entity.Document{Body: "\"We are ready,\" Anna Kowalczyk said after the exercise."},
			want: names{People: sorted("Anna Kowalczyk")},
		},
		{
			name: "a word a cue makes a place is no other kind too; the surname of a person the article names is still the person's",
			doc: entity.Document{Body: "The Point Mugu, California-based Sun Kings of Carrier Airborne Early Warning Squadron (VAW) 116 flew. " +
				"Abdul Rashid Dostum fought on. Forces loyal to Dostum, Afghanistan's vice president, retreated."},
			want: names{People: sorted("Abdul Rashid Dostum"), Places: sorted("California", "Mugu", "Afghanistan", "Dostum"),
				Organisations: sorted("Carrier Airborne Early Warning Squadron 116")},
		},
		{
			name: "place cues",
			doc:  entity.Document{Body: "Fighting continued near Kafr Nabudah and in the village of Tal Hamis, far from Zawiyat village."},
			want: names{Places: sorted("Kafr Nabudah", "Tal Hamis", "Zawiyat")},
		},
		{
			name: "spelling variants share one canonical name",
			doc:  entity.Document{Body: "Troops moved from Erbil to Raqqah, while others flew from Kiev to Kharkov."},
			want: names{Places: sorted("Irbil", "Raqqa", "Kyiv", "Kharkiv")},
		},
		{
			name: "British spellings of bodies' names are their American names' (one entity each)",
			doc: entity.Document{Body: "The Defence Intelligence Agency and the US Defence Department briefed the Organisation for Security and Cooperation in Europe. " +
				"The Defense Intelligence Agency said so."},
			want: names{Organisations: sorted("Defense Intelligence Agency", "US Department of Defense", "OSCE")},
		},
		{
			name: "a particle inside a person's name in lower case",
			doc:  entity.Document{Body: "Opposition leaders met President Daniel arap Moi on Tuesday. Coach Louis van Gaal said so."},
			want: names{People: sorted("Daniel Arap Moi", "Louis van Gaal")},
		},
		{
			name: "international bodies by their acronyms and their names, one entity each",
			doc: entity.Document{Body: "The WTO and the Organisation for Economic Co-operation and Development met the G8. " +
				"The World Trade Organisation said the OECD agreed, and Greenpeace and the Organisation of Islamic Cooperation protested."},
			want: names{Organisations: sorted("WTO", "OECD", "Group of Eight", "Greenpeace", "OIC")},
		},
		{
			name: "a party many countries have is the party of the country whose places the article names",
			doc:  entity.Document{Body: "TOKYO - The Democratic Party won seats across Japan, and the Democratic Party's leader said so."},
			want: names{Places: sorted("Tokyo", "Japan"), Organisations: sorted("Democratic Party (Japan)")},
		},
		{
			name: "... and the gazetteer's where it knows one",
			doc:  entity.Document{Body: "BERLIN - The Social Democratic Party won in Germany, and the Social Democratic Party's leader said so."},
			want: names{Places: sorted("Berlin", "Germany"), Organisations: sorted("Social Democratic Party of Germany")},
		},
		{
			name: "... and stays as written in a story of several countries",
			doc:  entity.Document{Body: "TOKYO - The Democratic Party won seats across Japan. Its allies in Germany and France lost, the Democratic Party said."},
			want: names{Places: sorted("Tokyo", "Japan", "Germany", "France"), Organisations: sorted("Democratic Party")},
		},
		{
			name: "political parties of world news by the names the press gives them",
			doc: entity.Document{Body: "Fatah officials met Likud and Kadima leaders. The BJP and the Congress Party clashed, while the ANC met. " +
				"The CDU, the SPD, the Pakistan Peoples Party, the PML-N, the AKP and the Kuomintang voted. The GOP and the U.S. Democratic Party argued. " +
				"The Baath Party was banned, and the Dawa Party took over."},
			want: names{Organisations: sorted("Fatah", "Likud", "Kadima", "Bharatiya Janata Party", "Congress Party (India)", "African National Congress",
				"Christian Democratic Union", "Social Democratic Party of Germany", "Pakistan People's Party", "Pakistan Muslim League-N",
				"Justice and Development Party", "Kuomintang", "Republican Party (US)", "Democratic Party (US)", "Baath Party", "Islamic Dawa Party")},
		},
		{
			name: "GeoNames towns named by ordinary words do not fire",
			doc:  entity.Document{Body: "Reading the report, Marines said the split was nice. Independence of Mobile units matters."},
			want: names{},
		},
		{
			name: "a country's abbreviation as an adjective is not a place",
			doc:  entity.Document{Body: "U.S. forces withdrew from the base. US-led strikes continued."},
			want: names{},
		},
		{
			name: "a country's abbreviation as a noun is a place",
			doc:  entity.Document{Body: "The U.S. will respond, officials in Washington said."},
			want: names{Places: sorted("United States", "Washington")},
		},
		{
			name: "ships are not people",
			doc:  entity.Document{Body: "The USS Ronald Reagan (CVN 76) arrived in Guam with the aircraft carrier Nimitz."},
			want: names{Places: sorted("Guam")},
		},
		{
			name: "aliases of the Pentagon collapse",
			doc:  entity.Document{Body: "The Pentagon said the Department of Defense and DoD officials agreed with the Defense Department."},
			want: names{Organisations: sorted("US Department of Defense")},
		},
		{
			name: "unknown organisation by head word",
			doc:  entity.Document{Body: "The Space Development Agency awarded contracts to York Space Systems and Lockheed Martin."},
			want: names{Organisations: sorted("Space Development Agency", "York Space Systems", "Lockheed Martin")},
		},
		{
			name: "re3d: DoD Identifies Army Casualty",
			doc: entity.Document{Body: "The Department of Defense announced today the death of a soldier who was supporting Operation Inherent Resolve.\n\n" +
				"Spc. Isiah L. Booker, of Cibolo, Texas, died Jan. 7, in Jordan, in a non-combat related incident. The incident is under investigation.\n\n" +
				"Booker was assigned to 2nd Battalion, 5th Special Forces Group, Fort Campbell, Kentucky.\n\n" +
				"For more information, media may contact the U.S. Army Special Operations Command Public Affairs Office at 910-432-3383."},
			want: names{
				People:        sorted("Isiah L. Booker"),
				Places:        sorted("Cibolo", "Texas", "Jordan", "Fort Campbell", "Kentucky"),
				Organisations: sorted("US Department of Defense", "2nd Battalion, 5th Special Forces Group", "U.S. Army Special Operations Command Public Affairs Office"),
			},
		},
		{
			name: "re3d: Death of Abu Jandal al-Kuwaiti (excerpt)",
			doc: entity.Document{Body: "Abu Jandal al-Kuwaiti, a senior ISIL leader, was killed near Tabqa Dam, Syria. " +
				"The Syrian Democratic Forces (SDF) continue to advance. Abu Jandal al-Kuwaiti was known to the SDF."},
			want: names{
				People:        sorted("Abu Jandal al-Kuwaiti"),
				Places:        sorted("Tabqa Dam", "Syria"),
				Organisations: sorted("Islamic State", "Syrian Democratic Forces"),
			},
		},
		{
			name: "DVIDS: carrier strike group with JMSDF",
			doc: entity.Document{Body: "PHILIPPINE SEA – Ships and aircraft from the USS Ronald Reagan (CVN 76) Carrier Strike Group (CSG) 5 and Japan Maritime Self-Defense Force (JMSDF) conducted integrated operations that concluded May 29.\n\n" +
				"“Operating at sea with our allies in the JMSDF ensures we can face a range of maritime challenges together,” said Rear Adm. Will Pennington, commander, Task Force 70, Carrier Strike Group (CSG) 5."},
			want: names{
				People:        sorted("Will Pennington"),
				Places:        sorted("Philippine Sea"),
				Organisations: sorted("Japan Maritime Self-Defense Force", "Task Force 70", "Carrier Strike Group 5"),
			},
		},
		{
			name: "datelines with state abbreviations, ship classes",
			doc: entity.Document{Body: "FALLS CHURCH, Va. – The company said so.\n\n" +
				"Spc. Aliyah Sharks, originally from Brandon, Fla., joined the Hyuga-class helicopter destroyer crew."},
			want: names{
				People: sorted("Aliyah Sharks"),
				Places: sorted("Falls Church", "Virginia", "Brandon", "Florida"),
			},
		},
		{
			name: "names past the capitalised run, nicknames, al- articles, units",
			doc: entity.Document{Body: "Brig. Gen. Richard \"Tex\" Coe met the Iraqi security forces and the government of Iraq, " +
				"said Col. John Dorrian. Combined Joint Task Force – Operation Inherent Resolve agreed. Coe said al-Qaida remains a threat. " +
				"Carrier Air Wing (CVW) 17 flew with the 407th AEG at the G7 Ise-Shima Summit."},
			want: names{
				People:        sorted("Richard Coe", "John Dorrian"),
				Places:        sorted("Iraq"),
				Organisations: sorted("Iraqi Security Forces", "Combined Joint Task Force – Operation Inherent Resolve", "Al-Qaeda", "Carrier Air Wing 17", "407th Air Expeditionary Group", "G7"),
			},
		},
		{
			name: "a unit named with its parent is one name",
			doc: entity.Document{Body: "Soldiers of 3rd Battalion, 321st Field Artillery Regiment trained with Abel Battery, 3rd Battalion. " +
				"The 6th Squadron, 8th Cavalry Regiment, 4th Brigade Combat Team, 3rd Infantry Division deployed."},
			want: names{Organisations: sorted("3rd Battalion, 321st Field Artillery Regiment", "Abel Battery, 3rd Battalion",
				"6th Squadron, 8th Cavalry Regiment", "4th Brigade Combat Team, 3rd Infantry Division")},
		},
		{
			name: "a head word before of or for",
			doc: entity.Document{Body: "Officials of the Iraqi Ministry of Culture, State Board of Antiquities and Heritage (SBAH) met the Program Executive Office for Missiles and Space. " +
				"The SBAH agreed. The Secretary of Defense and the Chief of Staff did not."},
			want: names{Organisations: sorted("Iraqi Ministry of Culture", "State Board of Antiquities and Heritage", "Program Executive Office for Missiles and Space")},
		},
		{
			name: "ordinary words after a title are no name",
			doc:  entity.Document{Body: "Reporters gathered in the Press Briefing Room. The Combined Joint Task Force – Inherent Resolve Commander spoke."},
			want: names{Organisations: sorted("Combined Joint Task Force – Operation Inherent Resolve")},
		},
		{
			name: "US as an adjective before a title or with other nationalities",
			doc: entity.Document{Body: "The U.S. Secretary of State authorized it. U.S., German, and Canadian companies host sites. " +
				"The U.S. Embassy paid. The U.S. reaffirms its support."},
			want: names{Places: sorted("United States"), Organisations: sorted("U.S. Embassy")},
		},
		{
			name: "a generic name after a place or nationality is that place's own",
			doc: entity.Document{Body: "F-16s from the Vermont Air National Guard flew with the Japan Coast Guard, the Philippine Coast Guard and the U.S. Coast Guard. " +
				"The Coast Guard said the launch from Cape Canaveral Space Force Station went well."},
			want: names{
				Places:        sorted("Cape Canaveral Space Force Station"),
				Organisations: sorted("Vermont Air National Guard", "Japan Coast Guard", "Philippine Coast Guard", "Coast Guard (US)"),
			},
		},
		{
			name: "a known person's name before a facility's head word names the place",
			doc: entity.Document{Body: "Pakistan beat Zimbabwe at the Gaddafi Stadium on Friday. " +
				"Police closed Ataturk Boulevard, and wreaths were laid at the Lincoln Memorial."},
			want: names{Places: sorted("Pakistan", "Zimbabwe", "Gaddafi Stadium", "Ataturk Boulevard", "Lincoln Memorial")},
		},
		{
			name: "a rank before a name made of ordinary words",
			doc:  entity.Document{Body: "Col. Burr Miller, the range director, said the Center as the Advanced Manufacturing Center of Excellence grew."},
			want: names{People: sorted("Burr Miller"), Organisations: sorted("Advanced Manufacturing Center of Excellence")},
		},
		{
			name: "a lone surname that speaks, and its full name after a title",
			doc: entity.Document{Body: "The Under Secretary of Defense for Policy, Michele Flournoy, met troops. \"You matter,\" Flournoy said.\n\n" +
				"\"We always look to build relationships,\" said Russell. Officials said so."},
			want: names{People: sorted("Michèle Flournoy", "Russell")},
		},
		{
			name: "a transcript's speaker label",
			doc:  entity.Document{Body: "QUESTION: Is it true?\n\nMR KIRBY: Thanks, everybody.\n\nGENERAL COUNSEL: No."},
			want: names{People: sorted("Kirby")},
		},
		{
			name: "leaders named by surname alone",
			doc:  entity.Document{Body: "The Asad regime attacked Daraya. President Obama condemned it, and Putin said nothing."},
			want: names{People: sorted("Bashar al-Assad", "Barack Obama", "Vladimir Putin"), Places: sorted("Daraya")},
		},
		{
			name: "conflict-zone spellings and Arabic articles",
			doc: entity.Document{Body: "Fighting in Anbar Province and Al Anbar spread to Douma, Deraa, Mayadin and the Al-Sinek neighborhood. " +
				"Officials in Al-Zawra said so."},
			want: names{Places: sorted("Anbar", "Douma", "Daraa", "Al Mayadin", "Al-Sinek", "Al-Zawra")},
		},
		{
			name: "units, sub-organisations and offices of known organisations",
			doc: entity.Document{Body: "Carrier Air Wing 5 flew over the sea today.\n\nJets of Carrier Air Wing (CVW) 17 flew with it. " +
				"He joined the Space Force Association, and Army Contracting Command-Redstone Arsenal awarded the contract. Several Iraqi Army Brigades moved north."},
			want: names{Organisations: sorted("Carrier Air Wing 5", "Carrier Air Wing 17", "Space Force Association", "Army Contracting Command", "Iraqi Army")},
		},
		{
			name: "numbered units after other names; a number ends a sentence",
			doc: entity.Document{Body: "Staffs of Task Force 70 and Destroyer Squadron (DESRON) 15 sailed with the aircraft carrier USS Carl Vinson Carrier Air Wing (CVW) 2. " +
				"It joined Carrier Strike Group 9. Later, the U.S. Army Contracting Command and the U.S. Army Corps of Engineers Buffalo District paid."},
			want: names{Organisations: sorted("Task Force 70", "Destroyer Squadron 15", "Carrier Air Wing 2", "Carrier Strike Group 9", "Army Contracting Command", "U.S. Army Corps of Engineers Buffalo District")},
		},
		{
			name: "and inside a name, slashes, members of a unit, adjectival services",
			doc: entity.Document{Body: "Officers at the Combined Air and Space Operations Center saw it, and York Space Systems and Lockheed Martin won. " +
				"The Defense POW/MIA Accounting Agency searched for an American Air Force pilot. Sailors and Marines of Nimitz Strike Group trained."},
			want: names{Organisations: sorted("Combined Air and Space Operations Center", "York Space Systems", "Lockheed Martin", "Defense POW/MIA Accounting Agency", "Nimitz Carrier Strike Group")},
		},
		{
			name: "products are not their makers; designations name no company",
			doc: entity.Document{Body: "The Marine Corps fields the Javelin Weapon System and the Patriot Weapons Systems. " +
				"Operators of Small Unmanned Aircraft Systems (SUAS) and Uncrewed Surface Systems met engineers of BAE Systems, Elbit Systems and Acme Test Systems, Inc. " +
				"The AV-8B Harrier and the MQ-9 flew over the NATO Command and Control site."},
			want: names{Organisations: sorted("US Marine Corps", "BAE Systems", "Elbit Systems", "Acme Test Systems", "NATO")},
		},
		{
			name: "a part of a known organisation, joint ventures, the same unit named two ways",
			doc: entity.Document{Body: "Naval Sea Systems Command Program Executive Office Ships (NAVSEA PEO) paid the General Dynamics/Huntington Ingalls Shipbuilding Joint Venture. " +
				"NAVSEA PEO said so. The 612th Air Operations Center met the 612th AOC, the Eisenhower Carrier Strike Group and the Eisenhower Strike Group. " +
				"Troops of the 1st and 3rd Armored Brigades and the 2nd Brigade, 1st Cavalry Division met the 2nd Brigade. " +
				"The NATO Science and Technology Organization met Intelligence Division officers."},
			want: names{Organisations: sorted("Naval Sea Systems Command Program Executive Office Ships", "General Dynamics/Huntington Ingalls Shipbuilding Joint Venture",
				"612th Air Operations Center", "Eisenhower Carrier Strike Group", "3rd Armored Brigade", "2nd Brigade, 1st Cavalry Division", "NATO", "Science and Technology Organization")},
		},
		{
			name: "units named by the abbreviation of their kind",
			doc: entity.Document{Body: "The carrier's air wing, CVW 5, flew with VFA-102. The French previously led CTF 50 and the frigate joined the Task Force (CTF) 50 on Dec. 27. " +
				"Soldiers of the 2nd BCT and the 4th ID met the 4th Infantry Division."},
			want: names{Organisations: sorted("Carrier Air Wing 5", "Strike Fighter Squadron 102", "Combined Task Force 50", "2nd Brigade Combat Team", "4th Infantry Division")},
		},
		{
			name: "landmarks are places; documents name no place",
			doc:  entity.Document{Body: "Visitors saw the Iraqi Museum and the Ishtar Gate, in accordance with the Geneva Communique of 2012."},
			want: names{Places: sorted("Iraqi Museum", "Ishtar Gate")},
		},
		{
			name: "known names with a possessive inside, after the words of a run",
			doc: entity.Document{Body: "Soldiers of the Queen's Dragoon Guards and the Duke of Lancaster's Regiment met officers of the Korean People's Army. " +
				"Officials of the People's Republic of China said the Queen's speech was long. Floods hit Hawke's Bay."},
			want: names{
				Places:        sorted("China", "Hawke's Bay"),
				Organisations: sorted("Queen's Dragoon Guards", "Duke of Lancaster's Regiment", "Korean People's Army"),
			},
		},
		{
			name: "British regiments, corps, parties and bodies by their names and short names",
			doc: entity.Document{Body: "The Black Watch and the Argylls served beside the SAS, REME and the Territorial Army. " +
				"The Tories and the Lib Dems asked Scotland Yard and the Special Investigation Branch about the Royal Scots. " +
				"The Israeli Labour Party and the Labour Party both met."},
			want: names{
				Organisations: sorted("Black Watch", "Argyll and Sutherland Highlanders", "Special Air Service", "Royal Electrical and Mechanical Engineers",
					"Territorial Army", "Conservative Party (UK)", "Liberal Democrats", "Metropolitan Police", "Special Investigation Branch", "Royal Scots",
					"Labour Party (UK)", "Israeli Labour Party"),
			},
		},
		{
			name: "British ranks and peers' titles are no part of a name",
			doc: entity.Document{Body: "Pte Mark Dobson and Fusilier Gordon Gentle were killed. Gdsmn Anthony Wakefield, Sapper Luke Allsopp " +
				"and Sqn Ldr Kristian Gover died too, Baroness Symons told MPs the Army would change."},
			want: names{People: sorted("Mark Dobson", "Gordon Gentle", "Anthony Wakefield", "Luke Allsopp", "Kristian Gover", "Symons")},
		},
		{
			name: "a town after its Arabic article, written as the article's sound",
			doc:  entity.Document{Body: "Troops moved from As Samawah to Ad Diwaniyah, then near Al Amarah and An Nasiriyah."},
			want: names{Places: sorted("Samawah", "Diwaniyah", "Amarah", "Nasiriyah")},
		},
		{
			name: "towns of the wars named as the press names them, one value for each spelling",
			doc: entity.Document{Body: "Marines moved from Musa Qala to Sangin, then to Tarinkot in Urozgan. " +
				"Dutch troops left Uruzgan. Detainees were held at Abu Ghurayb near Baqubah."},
			want: names{Places: sorted("Musa Qala", "Sangin", "Tarin Kowt", "Uruzgan", "Abu Ghraib", "Baquba")},
		},
		{
			name: "British counties, garrisons and RAF stations",
			doc:  entity.Document{Body: "The soldiers returned to Fife from Catterick Garrison, and the tankers flew from RAF Mildenhall over Salisbury Plain."},
			want: names{Places: sorted("Fife", "Catterick Garrison", "RAF Mildenhall", "Salisbury Plain")},
		},
		{
			name: "units numbered with a cardinal, not counts",
			doc: entity.Document{Body: "Troops of 16 Air Assault Brigade landed, and pilots of 2 Squadron flew. " +
				"Officers said 12 Royal Marines were hurt, and about 40 Royal Wessex Yeomanry and 250 Royal Wessex Regiment soldiers left."},
			want: names{Organisations: sorted("16 Air Assault Brigade", "2 Squadron", "Royal Marines", "Royal Wessex Yeomanry", "Royal Wessex Regiment")},
		},
		{
			name: "corps numbered in Roman numerals",
			doc:  entity.Document{Body: "The Union's VI Corps attacked at dawn, while IV Corps held the ridge."},
			want: names{Organisations: sorted("VI Corps", "IV Corps")},
		},
		{
			name: "letters English writes plain: the place as English writes it, whichever way the text does",
			doc:  entity.Document{Body: "Clashes in Diyarbakır spread to Diyarbakir's villages and to Şanlıurfa, and troops left Łódź for a base in Tromsø."},
			want: names{Places: sorted("Diyarbakir", "Şanliurfa", "Lódź", "Tromso")},
		},
		{
			name: "places named by ordinary words, like a surname or with the Persian ezafe",
			doc: entity.Document{Body: "He was born in Newark, New Jersey, and trained at Fort Worth. Jets flew from Mazar-i-Sharif to Mazar-e Sharif. " +
				"Recruits from Liverpool and Bristol arrived in Cape Town."},
			want: names{Places: sorted("New Jersey", "Newark", "Fort Worth", "Mazar-e Sharif", "Liverpool", "Bristol", "Cape Town")},
		},
		{
			name: "a known place after the state of or the city of is a place, whatever the tagger reads",
			doc:  entity.Document{Body: "They reported both federally and for the State of California. Officials in the city of Mosul agreed."},
			want: names{Places: sorted("California", "Mosul")},
		},
		{
			name: "English names of cities and provinces, one value each",
			doc: entity.Document{Body: "Pilgrims flew from Calcutta and Kolkata to Mecca and Medina, then on to Nuremberg and Gothenburg. " +
				"Fighting spread in Laghman and Parwan, and in Quneitra."},
			want: names{Places: sorted("Kolkata", "Mecca", "Medina", "Nuremberg", "Gothenburg", "Laghman", "Parwan", "Quneitra")},
		},
		{
			name: "places whose names are also English words",
			doc:  entity.Document{Body: "Talks in Muscat resumed. The minister flew from Wellington to Wales, then to Tangiers and Bologna."},
			want: names{Places: sorted("Muscat", "Wellington", "Wales", "Tangier", "Bologna")},
		},
		{
			name: "banks and a school district are organisations; the West Bank is a place",
			doc: entity.Document{Body: "The Bank of Japan kept rates on hold and the Central Bank of Iraq sold dollars. " +
				"Settlers in the West Bank protested. He taught in the Coronado Unified School District."},
			want: names{
				Places:        sorted("West Bank"),
				Organisations: sorted("Bank of Japan", "Central Bank of Iraq", "Coronado Unified School District"),
			},
		},
		{
			name: "sports clubs are organisations, and their towns are no places of the story",
			doc: entity.Document{Body: "Real Madrid beat Bayern Munich, and FC Basel drew with Manchester United. " +
				"Blackburn Rovers lost. The United Arab Emirates sent a team to London."},
			want: names{
				Places:        sorted("United Arab Emirates", "London"),
				Organisations: sorted("Real Madrid", "Bayern Munich", "FC Basel", "Manchester United", "Blackburn Rovers"),
			},
		},
		{
			name: "sides in a line of results and a table's rows are clubs, though named by their towns",
			doc: entity.Document{Body: "LONDON 1996-08-24\nResults of English league soccer matches on Saturday: Arsenal 2 West Ham 0, " +
				"Chelsea 1 Everton 1, Leicester 0 Aston Villa 1.\nStandings:\nChelsea 4 3 1 0 9 2 10\nLeicester 4 2 1 1 7 5 7"},
			want: names{
				Places:        sorted("London"),
				Organisations: sorted("Arsenal", "West Ham", "Chelsea", "Everton", "Leicester", "Aston Villa"),
			},
		},
		{
			name: "the scorers in brackets after a side's score are players, and the side after them a club",
			doc: entity.Document{Title: "SOCCER - DUTCH FIRST DIVISION SUMMARY", Body: "Summary of Dutch first division matches on Sunday:\n\n" +
				"PSV Eindhoven 2 (Nilis 30, Cocu 65) Feyenoord 2 (Van Gastel 20 pen, Blinker 88, 90). Halftime 1-1.\n\n" +
				"Netherlands 3 (Bergkamp 10) Wales 1. Pakistan 250 (Saeed Anwar 88 not out, Ijaz Ahmed 53; Streak 3-40) beat Zimbabwe."},
			want: names{
				People:        sorted("Nilis", "Cocu", "Van Gastel", "Blinker", "Bergkamp", "Saeed Anwar", "Ijaz Ahmed", "Streak"),
				Places:        sorted("Netherlands", "Wales", "Pakistan", "Zimbabwe"),
				Organisations: sorted("PSV Eindhoven", "Feyenoord"),
			},
		},
		{
			name: "a match's brackets that name no player make nobody a player, and a player's country in brackets makes no club",
			doc: entity.Document{Title: "SOCCER - RESULTS", Body: "Results of league soccer matches on Saturday:\n\n" +
				"Barnsley 2 Stoke 1 (HT 1-0). Leeds 3 (Att 38,000) Everton 1.\n\nArsenal 2 (Wright 12, Penalty 40) Chelsea 1 (Hughes 50). " +
				"Ajax 3 (Reuters 12) Feyenoord 1.\n\nLeading golf scores: Els 65 (South Africa) Frost 68 (South Africa)."},
			want: names{
				People:        sorted("Wright", "Hughes"),
				Places:        sorted("South Africa"),
				Organisations: sorted("Barnsley", "Stoke", "Leeds", "Everton", "Arsenal", "Chelsea", "Ajax", "Feyenoord"),
			},
		},
		{
			name: "a town that beats, draws or loses in a sentence with a score is a club, all through its article",
			doc: entity.Document{Body: "Leicester beat Derby 2-1 and Coventry drew 1-1 with Liverpool at Anfield in the league. " +
				"Fans travelled from Liverpool by train."},
			want: names{
				Places:        sorted("Anfield"),
				Organisations: sorted("Leicester", "Coventry", "Liverpool"),
			},
		},
		{
			name: "a team named by its town and a nickname is an organisation in an article about sport",
			doc: entity.Document{Body: "The Arizona Diamondbacks beat the Florida Marlins in the league opener, and the Chicago Bears signed a coach. " +
				"Fort Hood Soldiers watched the game in the Falkland Islands."},
			want: names{
				Places:        sorted("Fort Hood", "Falkland Islands"),
				Organisations: sorted("Arizona Diamondbacks", "Florida Marlins", "Chicago Bears"),
			},
		},
		{
			name: "national sides, players and other numbers stay what they are",
			doc: entity.Document{Body: "Pakistan 242 England 180. Scotland beat Wales 2-1 in Cardiff. " +
				"Steffi Graf beat Monica Seles 6-3 6-4. The court in Richmond ruled 5-4. " +
				"Some 70 people in Basra were hurt, and Route 66 reopened. It was redesignated 65 Fighter Wing on 24 July 1943."},
			want: names{
				People:        sorted("Steffi Graf", "Monica Seles"),
				Places:        sorted("Pakistan", "England", "Scotland", "Wales", "Cardiff", "Richmond", "Basra"),
				Organisations: sorted("65 Fighter Wing"),
			},
		},
		{
			name: "the Army alone is the army of the country whose organisations the article names",
			doc: entity.Document{Body: "The Ministry of Defence said the Black Watch would move south. " +
				"MPs said the Army was overstretched and the Navy short of ships."},
			want: names{Organisations: sorted("Ministry of Defence (UK)", "Black Watch", "British Army", "Royal Navy")},
		},
		{
			name: "the Army in American news is the US Army",
			doc: entity.Document{Body: "Army Contracting Command awarded the contract for the US Army Space and Missile Defense Command. " +
				"The Army said the work would be done in Huntsville."},
			want: names{
				Places:        sorted("Huntsville"),
				Organisations: sorted("Army Contracting Command", "US Army Space and Missile Defense Command", "US Army"),
			},
		},
		{
			name: "Parliament, the Commons and Labour alone in British news are the British bodies",
			doc: entity.Document{Body: "The Ministry of Defence told the Commons that the Black Watch would move. " +
				"Two backbenchers said ministers had misled Parliament, and the Liberal-Labour MPP for Kenora spoke. " +
				"Labour said the vote was lost."},
			want: names{
				Places:        sorted("Kenora"),
				Organisations: sorted("Ministry of Defence (UK)", "House of Commons", "Black Watch", "Labour Party (UK)", "Parliament (UK)"),
			},
		},
		{
			name: "two bodies joined by and the are two; a known name holding and the is one",
			doc: entity.Document{Body: "The ministry will appeal to the Court of Appeal and the Supreme Court. " +
				"The Ministry for the Propagation of Virtue and the Prevention of Vice closed schools."},
			want: names{Organisations: sorted("Court of Appeal", "Supreme Court", "Ministry for the Propagation of Virtue and the Prevention of Vice")},
		},
		{
			name: "Labour opening a sentence is labour unless a party's cue follows",
			doc: entity.Document{Body: "The Ministry of Defence told the Commons that the Black Watch would move. " +
				"Labour costs rose, and fuel prices fell."},
			want: names{Organisations: sorted("Ministry of Defence (UK)", "House of Commons", "Black Watch")},
		},
		{
			name: "an acronym the text calls a body, or one that denies, is an organisation; kit stays kit",
			doc: entity.Document{Body: "State broadcaster RAI interrupted its programmes. Shares rose after BT denied it was in talks. " +
				"Troops fitted new GPS receivers."},
			want: names{Organisations: sorted("RAI", "BT")},
		},
		{
			name: "a registered company is named by ordinary words, without the ordinary word that opens its sentence",
			doc: entity.Document{Body: "Rival Mitsubishi Electric Corp has also announced new plant investment. Rival Hanbo Corp said so too. " +
				"Shares of United Technologies Corp and Acme Inc rose. The Small Group met, and so did Kevin's Music LLC."},
			want: names{Organisations: sorted("Mitsubishi Electric", "Hanbo", "United Technologies", "Acme")},
		},
		{
			name: "a newspaper named by its town or its day is an organisation, and its town no place of the story",
			doc: entity.Document{Body: "The Houston Chronicle and the Boston Globe named him, and the Daily Telegraph agreed. " +
				"Sailors boarded the ship Morning Star."},
			want: names{Organisations: sorted("Houston Chronicle", "Boston Globe", "Daily Telegraph")},
		},
		{
			name: "a capitalised prefix hyphened to a name makes another word of it, and a paper's compound name is the paper's",
			doc: entity.Document{Body: "He was a consensus All-American, second-team All-America and a Pan-Arab hero. " +
				"The Anti-Corruption Commission met, and the Fort Worth Star-Telegram and the St. Louis Post-Dispatch wrote of it. " +
				"The summit of the Non-Aligned Movement in Cuba backed anti-Taliban forces."},
			want: names{
				Places:        sorted("Cuba"),
				Organisations: sorted("Anti-Corruption Commission", "Fort Worth Star-Telegram", "St. Louis Post-Dispatch", "Non-Aligned Movement", "Taliban"),
			},
		},
		{
			name: "a broadcaster or an airline named by its country or nationality is an organisation, not the place",
			doc: entity.Document{Body: "Dore Gold told Israel Radio the talks would resume, Kenya Television and Syrian TV said. " +
				"Passengers of British Airways and Turkish Airlines waited."},
			want: names{People: sorted("Dore Gold"), Organisations: sorted("Israel Radio", "Kenya Television", "Syrian TV", "British Airways", "Turkish Airlines")},
		},
		{
			name: "numbers beside names outside sport make no sides of a match",
			doc: entity.Document{Body: "Apache 6 Bravo 2 reported contact. Range 7 Tower 2 closed. " +
				"Soldiers of 2-7 Infantry trained, and the Senate voted 51-49 as Kentucky lost."},
			want: names{Places: sorted("Kentucky"), Organisations: sorted("Senate (US)")},
		},
		{
			name: "a verb, a possessive, a source, a given name and an attorney general are what they look like",
			doc: entity.Document{Body: "Maria Lopez shares her story of service. Ukraine's Parliament passed the law. " +
				"The figures (Source: NATO) show gains. Retired Navy veteran Amy Pond, 64, spoke. The Texas AG sued."},
			want: names{People: sorted("Maria Lopez", "Amy Pond"), Places: sorted("Texas", "Ukraine"), Organisations: sorted("NATO")},
		},
		{
			name: "the rows of a leaderboard and a scorecard name people, though written in capitals like headlines or named by ordinary words",
			doc: entity.Document{Body: "Leading scores (Britain unless stated):\n" +
				"65 Ian Woosnam, Colin Montgomerie\n66 Ernie Els (South Africa), Robert Allenby (Australia)\n67 Paul Broadhurst, Fred Couples\n" +
				"England first innings\nA. Stewart b Mushtaq Ahmed 44\nN. Hussain c Saeed Anwar 12\nJ. Crawley not out 94"},
			want: names{
				People: sorted("Ian Woosnam", "Colin Montgomerie", "Ernie Els", "Robert Allenby", "Paul Broadhurst", "Fred Couples", "A. Stewart", "Mushtaq Ahmed",
					"N. Hussain", "Saeed Anwar", "J. Crawley"),
				Places: sorted("United Kingdom", "South Africa", "Australia", "England"),
			},
		},
		{
			name: "lines of tennis results name their players, though their sets' scores are no bare numbers",
			doc: entity.Document{Title: "TENNIS - RESULTS AT CANADIAN OPEN", Body: "Results of quarter-final matches on Friday:\n\n" +
				"1 - Thomas Muster (Austria) beat Mark Philippoussis (Australia) 6-3 6-4\n\n" +
				"Wayne Ferreira (South Africa) beat 3 - Goran Ivanisevic (Croatia) 7-6 6-2\n\n" +
				"Todd Martin (U.S.) beat Petr Korda (Czech Republic) 6-4 3-6 6-3"},
			want: names{
				People: sorted("Thomas Muster", "Mark Philippoussis", "Wayne Ferreira", "Goran Ivanisevic", "Todd Martin", "Petr Korda"),
				Places: sorted("Austria", "Australia", "South Africa", "Croatia", "United States", "Czechia"),
			},
		},
		{
			name: "a field with a table reads every line like a row as a row, a short stack after a heading too",
			doc: entity.Document{Body: "Leading results on Friday:\n\nMen's 100 metres\n\n1. Donovan Bailey (Canada) 9.99\n\n" +
				"2. Frankie Fredericks (Namibia) 10.02\n\n3. Dennis Mitchell (U.S.) 10.07\n\nWomen's 1,500 metres\n\n" +
				"1. Natalya Masterkova (Russia) 4:00.12\n\n2. Maria Mutola (Mozambique) 4:01.36\n"},
			want: names{
				People: sorted("Donovan Bailey", "Frankie Fredericks", "Dennis Mitchell", "Natalya Masterkova", "Maria Mutola"),
				Places: sorted("Canada", "Namibia", "United States", "Russia", "Mozambique"),
			},
		},
		{
			name: "the towns of a standings table in capitals are its clubs (an abbreviation too), and the dateline stays the place it was filed from",
			doc: entity.Document{Title: "Baseball: standings", Body: "NEW YORK, Aug 25 - Baseball standings after Sunday's games:\n\n" +
				"W L PCT GB\n\nNEW YORK 74 58 .561 -\n\nBALTIMORE 70 63 .526 4 1/2\n\nTORONTO 63 71 .470 12\n\nChicago 103 LA CLIPPERS 91"},
			want: names{Places: sorted("New York"), Organisations: sorted("New York", "Baltimore", "Toronto", "Chicago", "La Clippers")},
		},
		{
			name: "a title of two words and a court's title are no part of the name, and a maiden name is",
			doc: entity.Document{Body: "Chief Justice William Rehnquist and Justice Sandra Day O'Connor wrote the opinion. " +
				"The ruling was by Chief Judge Ann Claire Williams; Col. Burr Miller agreed. Justice Anatoly Varema dissented, and Justice Rehnquist replied. " +
				"The Justice Ministry said nothing."},
			want: names{People: sorted("William Rehnquist", "Sandra Day O'Connor", "Ann Claire Williams", "Burr Miller", "Anatoly Varema"), Organisations: sorted("Justice Ministry")},
		},
		{
			name: "a role in lower case before a full name makes a person; an exercise's name is none",
			doc: entity.Document{Body: "U.N. envoy Terje Larsen and Liverpool manager Roy Evans met. " +
				"Reservists ran the 2023 New Mexico Innovative Readiness Training (IRT) Exercise Cyber Shield in support of colleges. " +
				"The envoy Monday said the judge would rule."},
			want: names{People: sorted("Terje Larsen", "Roy Evans"), Places: sorted("Liverpool", "New Mexico"), Organisations: sorted("United Nations")},
		},
		{
			name: "leagues and bodies of sport are organisations, by the names the press gives them",
			doc: entity.Document{Body: "The National Football League, the NBA and Major League Baseball met WADA, " +
				"the International Cricket Council and the Bundesliga."},
			want: names{Organisations: sorted("NFL", "NBA", "Major League Baseball", "WADA", "International Cricket Council", "Bundesliga (Germany)")},
		},
		{
			name: "initials before a surname are given names, even before a town's name; not a compass's or a label's",
			doc: entity.Document{Body: "At Lord's, J. Crawley made 94 and M. Atherton 31. Tensions rose in N. Korea. " +
				"They join Spain in Group A. Germany plays on Saturday."},
			want: names{People: sorted("J. Crawley", "M. Atherton"), Places: sorted("Spain", "Germany", "North Korea")},
		},
		{
			name: "athletics is sport: a runner before a country in brackets is a person, though her given name is a town's",
			doc: entity.Document{Title: "ATHLETICS - GRAND PRIX RESULTS", Body: "Results on Friday:\n\n1. Svetlana Masterkova (Russia) 4:00.12\n\n" +
				"2. Carla Sacramento (Portugal) 4:01.36\n\n3. Regina Jacobs (U.S.) 4:01.77\n"},
			want: names{People: sorted("Svetlana Masterkova", "Carla Sacramento", "Regina Jacobs"), Places: sorted("Russia", "Portugal", "United States")},
		},
		{
			name: "in sport, a name before a country in brackets is a player's; a club's or a company's is not",
			doc: entity.Document{Body: "Leading scores at the golf tournament:\n67 Vijay Singh (Fiji), Wayne Riley (Australia)\n" +
				"68 Sam Torrance\n69 Paul Broadhurst\nAjax Amsterdam (Netherlands) drew, and Toyota Motor (Japan) paid."},
			want: names{
				People:        sorted("Vijay Singh", "Wayne Riley", "Sam Torrance", "Paul Broadhurst"),
				Places:        sorted("Fiji", "Australia", "Netherlands", "Japan"),
				Organisations: sorted("Ajax Amsterdam", "Toyota"),
			},
		},
		{
			name: "in sport, a name before a role of a club's is the club, a name before a ground's word in lower case the ground",
			doc: entity.Document{Title: "SOCCER - JUVENTUS BEAT AJAX", Body: "TURIN 1996-10-16\n\nJuventus beat Ajax Amsterdam 1-0 in a Champions League match " +
				"at the Delle Alpi stadium on Wednesday. Juventus coach Marcello Lippi praised his defence. Ajax coach Louis van Gaal was angry, " +
				"and England captain Michael Atherton watched from the Olympic stadium."},
			want: names{
				People:        sorted("Marcello Lippi", "Louis van Gaal", "Michael Atherton"),
				Places:        sorted("Turin", "Delle Alpi", "England"),
				Organisations: sorted("Juventus", "Ajax Amsterdam"),
			},
		},
		{
			name: "in sport, a plural nickname after \"the\" is a team; peoples, parties and members are not",
			doc: entity.Document{Title: "BASKETBALL - NBA RESULTS", Body: "Michael Jordan scored 36 points for the Bulls, while Hakeem Olajuwon had 28 points " +
				"for the Houston Rockets and the Blue Jays lost. The Democrats, the Aussies, the Marines and the Canadians watched."},
			want: names{
				People:        sorted("Michael Jordan", "Hakeem Olajuwon"),
				Organisations: sorted("Bulls", "Houston Rockets", "Blue Jays"),
			},
		},
		{
			name: "in sport, the sides of a match that bat are teams, with their batsmen; players of a fixture are not",
			doc: entity.Document{Title: "CRICKET - ENGLISH COUNTY CHAMPIONSHIP SCORES", Body: "LONDON 1996-08-29\n\nClose of play scores in county " +
				"championship matches on Thursday:\n\nAt Chelmsford: Essex 356-7 (N. Hussain 128, R. Irani 71) v Surrey.\n\n" +
				"Sussex 188 (B. Lara 0) v Warwickshire 212-6 (N. Knight 90).\n\nFixtures: Leicestershire v Hampshire, Stefan Edberg v Tim Henman."},
			want: names{
				People:        sorted("N. Hussain", "R. Irani", "B. Lara", "N. Knight", "Stefan Edberg", "Tim Henman"),
				Places:        sorted("London", "Chelmsford"),
				Organisations: sorted("Essex", "Surrey", "Sussex", "Warwickshire", "Leicestershire", "Hampshire"),
			},
		},
		{
			name: "a party's one capitalised word is its name, also opening a sentence; the end of a longer name, a description or a nationality is not; a party the article qualifies is one",
			doc: entity.Document{Body: "Reform Party candidate Ross Perot spoke on Monday. The junta's Union Solidarity and Development Party won, " +
				"and Otton Solis of the Citizens' Action Party conceded. U.S. Democratic Party officials agreed. Democratic Party officials said so. " +
				"Ruling Party officials agreed. Third Party candidates rarely win. Search Party found nothing. Turkey's Welfare Party won. " +
				"He said Iraqi Party officials met."},
			want: names{
				People:        sorted("Ross Perot", "Otton Solis"),
				Places:        sorted("Turkey"),
				Organisations: sorted("Reform Party", "Union Solidarity and Development Party", "Citizens' Action Party", "Democratic Party (US)", "Welfare Party"),
			},
		},
		{
			name: "an acronym that spells an ordinary word is a body where the text calls it one, not after \"the\" alone",
			doc: entity.Document{Body: "A car bomb blamed on the separatist group ETA wounded two policemen. " +
				"The ETA of the convoy is noon, and CARE workers left."},
			want: names{Organisations: sorted("ETA")},
		},
		{
			name: "a name that ends in a company's legal form is a company, not a person, and no place ends a longer company's name",
			doc: entity.Document{Body: "Deutsche Hypothekenbank AG said on Tuesday it would buy a stake. " +
				"State oil company Petroleos de Venezuela SA said output rose."},
			want: names{Organisations: sorted("Deutsche Hypothekenbank", "Petroleos de Venezuela")},
		},
		{
			name: "two bodies the gazetteer knows joined by \"and\" are two, however the tagger reads them; a known name with \"and\" inside is one",
			doc:  entity.Document{Body: "He said the Pentagon and Congress agreed. Bosnia and Herzegovina voted."},
			want: names{Places: sorted("Bosnia and Herzegovina"), Organisations: sorted("US Department of Defense", "Congress (US)")},
		},
		{
			name: "known names with an ampersand, a possessive at their end or a word of photo credits are read; a country's possessive is the country",
			doc:  entity.Document{Body: "Standard & Poor's cut the rating. Credit Suisse reports and Moody's said. Iraq's army fought. Credit: Reuters."},
			want: names{Places: sorted("Iraq"), Organisations: sorted("Standard & Poor's", "Credit Suisse", "Moody's")},
		},
		{
			name: "a given name that also writes a month opens a person's name, but not after a word of a date",
			doc:  entity.Document{Body: "Riis finished ahead of his team mate Jan Ullrich of Germany. In June Carter resigned."},
			want: names{People: sorted("Jan Ullrich"), Places: sorted("Germany")},
		},
		{
			name: "a name a person owns, or that an apposition calls a body, is a body; a role in the apposition keeps a person",
			doc: entity.Document{Body: "Silvio Berlusconi's Forza Italia voted against the budget. Herri Batasuna, the group's political wing, " +
				"refused to comment. John Smith, the party's leader, refused too."},
			want: names{People: sorted("Silvio Berlusconi", "John Smith"), Organisations: sorted("Forza Italia", "Herri Batasuna")},
		},
		{
			name: "in sport, the team written after a rider's country and before his time or points is a team, a town there is not",
			doc: entity.Document{Title: "MOTOR RACING - FINAL STANDINGS", Body: "Formula One drivers championship standings after the season:\n\n" +
				"1. Damon Hill (Britain) Williams 97 points\n\n2. Michael Schumacher (Germany) Ferrari 59\n\n3. Jean Alesi (France) Paris 47\n"},
			want: names{
				People:        sorted("Damon Hill", "Michael Schumacher", "Jean Alesi"),
				Places:        sorted("United Kingdom", "Germany", "France", "Paris"),
				Organisations: sorted("Williams", "Ferrari"),
			},
		},
		{
			name: "chambers, federations, societies and colleges are bodies; \"and the\" before another body's head parts two names",
			doc: entity.Document{Body: "The bill passed the Chamber of Deputies on Wednesday. The Turkish Weightlifting Federation and the Royal " +
				"Society agreed. Members of the American Society of Civil Engineers and the University of California met at All Souls College."},
			want: names{Organisations: sorted("Chamber of Deputies", "Turkish Weightlifting Federation", "Royal Society",
				"American Society of Civil Engineers", "University of California", "All Souls College")},
		},
		{
			name: "a person's whole name the tagger barely reads as a place elsewhere is the person",
			doc: entity.Document{Title: "CYCLING - RIIS WINS TOUR DE FRANCE", Body: "PARIS 1996-07-21\n\nDenmark's Bjarne Riis won the Tour de France on Sunday.\n\n" +
				"Final overall standings:\n\n1. Bjarne Riis (Denmark) Telekom 95 hours 57 minutes 16 seconds\n"},
			want: names{People: sorted("Bjarne Riis"), Places: sorted("Paris", "Denmark", "France"), Organisations: sorted("Telekom")},
		},
		{
			name: "a word between \"the\" and a crossing or a gorge is a place, whatever the tagger's margin; not before a checkpoint or a tunnel",
			doc: entity.Document{Body: "Trucks passed the Erez crossing and the Karni crossing. Troops moved into the Jordan valley and the Kodori gorge. " +
				"Troops secured the Harris checkpoint and the Merkava tunnel."},
			want: names{Places: sorted("Erez", "Karni", "Jordan", "Kodori")},
		},
		{
			name: "in sport, one word after a player's or a coach's role is a person",
			doc: entity.Document{Title: "SOCCER - BARCELONA WIN", Body: "Brazilian striker Ronaldo scored twice for Barcelona in the league on Sunday. " +
				"Milan defender Baresi was injured and coach Capello was angry. Goalkeeper Taffarel saved a penalty."},
			want: names{People: sorted("Ronaldo", "Baresi", "Capello", "Taffarel"), Places: sorted("Barcelona"), Organisations: sorted("Milan")},
		},
		{
			name: "outside sport, one word after a role is no person by the role alone",
			doc:  entity.Document{Body: "The bus driver Zorbat and the coach Washington left on Monday."},
			want: names{Places: sorted("Washington")},
		},
		{
			name: "a name opening with a given name before \"of\" and a known place is someone from there; a body's name with \"of\" stays whole",
			doc: entity.Document{Body: "NEW YORK, Sept 6 - Steffi Graf of Germany beat Monica Seles 6-3 6-4 on Friday to reach the final. " +
				"He joined the Bank of England and the University of Texas."},
			want: names{
				People:        sorted("Steffi Graf", "Monica Seles"),
				Places:        sorted("New York", "Germany"),
				Organisations: sorted("Bank of England", "University of Texas"),
			},
		},
		{
			name: "unknown words before a body's role and a name are the body; nationalities and people before a role are not",
			doc: entity.Document{Body: "Communist Refoundation leader Fausto Bertinotti backed the government. Herri Batasuna spokesman " +
				"Jon Idigoras spoke. Bosnian Serb commander Ratko Mladic spoke. George Bush spokesman Ari Fleischer said so."},
			want: names{
				People:        sorted("Fausto Bertinotti", "Jon Idigoras", "Ratko Mladic", "George Bush", "Ari Fleischer"),
				Organisations: sorted("Communist Refoundation", "Herri Batasuna"),
			},
		},
		{
			name: "one name word and \"Air\" is an airline, whoever or wherever the name is; an ordinary word and \"Air\" is not",
			doc:  entity.Document{Body: "Lufthansa will buy a stake in Lauda Air from Niki Lauda. Iran Air flew on. Hot Air rose."},
			want: names{People: sorted("Niki Lauda"), Organisations: sorted("Lufthansa", "Lauda Air", "Iran Air")},
		},
		{
			name: "players of a draw with their countries or seedings in brackets are no clubs",
			doc: entity.Document{Title: "TENNIS - US OPEN DRAW", Body: "First round matches at the tournament on Monday:\n\n" +
				"Sampras (U.S.) v Agassi (U.S.)\n\nHenman (Britain) v Edberg (Sweden)\n\nCourier (3) v Chang\n"},
			want: names{Places: sorted("United States", "United Kingdom", "Sweden")},
		},
		{
			name: "a name that runs on past two known names joined by \"and\" is one",
			doc:  entity.Document{Body: "The Texas and Pacific Railway ran trains."},
			want: names{Organisations: sorted("Texas and Pacific Railway")},
		},
		{
			name: "an analyst, capitalised or not, before her name and \"at\" works at a company",
			doc:  entity.Document{Body: "Shares fell. Analyst Dale Gustafson at Morgan Keegan said so."},
			want: names{People: sorted("Dale Gustafson"), Organisations: sorted("Morgan Keegan")},
		},
		{
			name: "short names of the curated companies and chambers that are places or other bodies name them not; a federation of a land is the land",
			doc: entity.Document{Body: "Rebels shelled Duma, near Damascus. Two Marines were KIA in Helmand. " +
				"The BNP, Bangladesh's main opposition party, called a strike. The Federation of Bosnia and Herzegovina voted."},
			want: names{Places: sorted("Duma", "Damascus", "Helmand", "Bangladesh", "Bosnia and Herzegovina"), Organisations: sorted("BNP")},
		},
		{
			name: "a run of names longer than any one name is read in pieces, every name kept",
			doc: entity.Document{Body: "Ministers of Iraq and Syria and Jordan and Egypt and Turkey and Iran and Kuwait and Qatar and Oman and " +
				"Yemen and Libya and Sudan and Chad and Niger and Mali and Kenya and Uganda and Rwanda met."},
			want: names{Places: sorted("Iraq", "Syria", "Jordan", "Egypt", "Turkey", "Iran", "Kuwait", "Qatar", "Oman",
				"Yemen", "Libya", "Sudan", "Chad", "Niger", "Mali", "Kenya", "Uganda", "Rwanda")},
		},
		{
			name: "outside sport, a name before a coach is no club",
			doc:  entity.Document{Body: "Soldiers met Kabul coach Ahmad Zahir on Monday."},
			want: names{People: sorted("Ahmad Zahir"), Places: sorted("Kabul")},
		},
		{
			name: "defence news that races, swims and relays is no sport: a plural after \"the\" is no team, an arena's name no ground",
			doc: entity.Document{Body: "China is racing to field hypersonic weapons before the fighting season, and combat swimmers trained " +
				"at the Olympic pool beside a drone relay station. The Apaches and the Black Hawks flew escort over the Cyber arena."},
			want: names{Places: sorted("China")},
		},
		{
			name: "a prefixed word before a role is no club, nor is a team's town and plural a people",
			doc: entity.Document{Title: "BASKETBALL - NBA RESULTS", Body: "The Houston Astros signed All-Star pitcher Roger Clemens, " +
				"and the Washington Wizards beat the Sacramento Kings 101-99 on Friday."},
			want: names{People: sorted("Roger Clemens"), Organisations: sorted("Houston Astros", "Washington Wizards", "Sacramento Kings")},
		},
		{
			name: "a town that opens a club's name in a headline is the club the article names",
			doc: entity.Document{Title: "Manchester United Sign Striker", Body: "SOCCER - MANCHESTER UNITED SIGN NORWEGIAN STRIKER.\n\n" +
				"LONDON 1996-08-30\n\nManchester United have signed Ole Gunnar Solskjaer, the club said."},
			want: names{People: sorted("Ole Gunnar Solskjaer"), Places: sorted("London"), Organisations: sorted("Manchester United")},
		},
		{
			name: "a name after \"of\" that no given name opens ends a body's name; after a given name, the words before \"of\" are read alone",
			doc: entity.Document{Body: "Rebels of the Alliance of Democratic Forces for the Liberation of Congo-Zaire said they held Goma. " +
				"The Supreme Council for Islamic Revolution in Iraq said so too, and Secretary of State John Kerry agreed. " +
				"The jail was set up after the capture in Pakistan of Abu Zubaydah, and supporters of the Army of Laurent Nkunda said so."},
			want: names{
				People:        sorted("John Kerry", "Abu Zubaydah", "Laurent Nkunda"),
				Places:        sorted("Goma", "Iraq", "Pakistan"),
				Organisations: sorted("Alliance of Democratic Forces for the Liberation of Congo-Zaire", "Supreme Council for Islamic Revolution"),
			},
		},
		{
			name: "a title's word before a head word qualifies a body",
			doc:  entity.Document{Body: "The Foreign Ministry said on Monday that the talks would resume."},
			want: names{Organisations: sorted("Foreign Ministry")},
		},
		{
			name: "capitals and provinces' seats named like people, shortly or with ordinary words are places",
			doc:  entity.Document{Body: "Envoys flew from Colombo and The Hague to Qom, Goma and Port-au-Prince."},
			want: names{Places: sorted("Colombo", "The Hague", "Qom", "Goma", "Port-au-Prince")},
		},
		{
			name: "a weaker given name opens a name of unknown words only, and may be a town's",
			doc: entity.Document{Body: "Fans cheered Lukas Podolski and Aksel Lund Svindal. Costa Rican officials met in Gran Canaria and Al-Sadr. " +
				"Regina Jacobs won on Friday; Georgia Jacobs was second."},
			want: names{People: sorted("Lukas Podolski", "Aksel Lund Svindal", "Regina Jacobs"), Places: sorted("Gran Canaria", "Georgia")},
		},
		{
			name: "a government in lower case describes a country's; capitalised, it names one",
			doc: entity.Document{Body: "The U.S. government and the Iraqi government agreed, said the government of Syria. " +
				"The Government of Iraq signed. Officials of Iraq and the Kurdistan regional government agreed."},
			want: names{Places: sorted("Syria", "Iraq"), Organisations: sorted("Government of Iraq", "Kurdistan Regional Government")},
		},
		{
			name: "a body every country has is named by its country's possessive",
			doc:  entity.Document{Body: "Iran's Foreign Ministry said the talks would resume. Russia's Defence Ministry disagreed."},
			want: names{Places: sorted("Iran", "Russia"), Organisations: sorted("Foreign Ministry (Iran)", "Russian Ministry of Defence")},
		},
		{
			name: "a body every country has is named by the one country of the article's places",
			doc:  entity.Document{Body: "The Foreign Ministry said the talks would resume. Officials in Tehran and Isfahan agreed."},
			want: names{Places: sorted("Tehran", "Isfahan"), Organisations: sorted("Foreign Ministry (Iran)")},
		},
		{
			name: "an article with places of two countries does not say whose body it quotes",
			doc:  entity.Document{Body: "The Foreign Ministry said the talks would resume. Officials in Tehran and Washington agreed."},
			want: names{Places: sorted("Tehran", "Washington"), Organisations: sorted("Foreign Ministry")},
		},
		{
			name: "cities named by ordinary words are places, and their teams clubs",
			doc: entity.Document{Body: "The coach said the Green Bay Packers would meet in the league season. " +
				"Fans flew from New Haven and Cedar Rapids."},
			want: names{Places: sorted("New Haven", "Cedar Rapids"), Organisations: sorted("Green Bay Packers")},
		},
		{
			name: "Sox is a nickname's plural",
			doc:  entity.Document{Body: "In the league season, the New York Yankees lost to the Chicago White Sox 6-2 at the stadium."},
			want: names{Organisations: sorted("New York Yankees", "Chicago White Sox")},
		},
		{
			name: "a headline among numbered paragraphs, or with two numbers, stays a headline",
			doc: entity.Document{Body: "Coalition Strikes Kill 12 Fighters Near Mosul Airport\n\n" +
				"The coalition said 12 fighters died in the strikes near Mosul on Tuesday.\n\nIt said 3 vehicles were destroyed, officials said.\n\n" +
				"Ukraine Says 12 Drones And 3 Missiles Downed Over Kharkiv Overnight\n\nThe air force said the drones were shot down."},
			want: names{Places: sorted("Mosul", "Ukraine")},
		},
		{
			name: "two spellings of one country's body are one entity",
			doc:  entity.Document{Body: "Russia's Defence Ministry said the strike hit Kharkiv. Later Russia's Defense Ministry denied it."},
			want: names{Places: sorted("Russia", "Kharkiv"), Organisations: sorted("Russian Ministry of Defence")},
		},
		{
			name: "a headline and its deck stay headlines, numbers or not",
			doc: entity.Document{Body: "Coalition Strikes Kill 12 Fighters Near Raqqa\n" +
				"Three Brigades Return Home After 9 Months\nThe strikes were precise."},
			want: names{Places: sorted("Raqqa")},
		},
		{
			name: "nationality words in a list are no organisation",
			doc:  entity.Document{Body: "She will join ongoing U.S., U.K. and French maritime security operations in Bahrain."},
			want: names{Places: sorted("United States", "Bahrain")},
		},
		{
			name: "without a country, the Army is nobody's",
			doc:  entity.Document{Body: "The Army said the Navy would help. Reuters and Amnesty International reported it."},
			want: names{Organisations: sorted("Reuters", "Amnesty International")},
		},
		{
			name: "companies named like people are companies where they are traded or analysts work at them",
			doc: entity.Document{Body: "Analysts at Goldman Sachs and Merrill Lynch said chip makers would gain. " +
				"Deutsche Telekom shares rose 2 percent. Helmut Kohl said the deal was good."},
			want: names{
				People:        sorted("Helmut Kohl"),
				Organisations: sorted("Goldman Sachs", "Merrill Lynch", "Deutsche Telekom"),
			},
		},
		{
			name: "a company by its first word is the company, not a person or a place, and its legal form is no part of its name",
			doc:  entity.Document{Body: "Toshiba Corp cut its forecast. Toshiba said sales fell, and shares in Toshiba fell 3 percent."},
			want: names{Organisations: sorted("Toshiba")},
		},
		{
			name: "a word the tagger reads as part of a body, listed with a known body, is a body; kit is not",
			doc: entity.Document{Body: "Economists at Deutsche Bank and Commerzbank had expected no change. " +
				"The news lifted shares in Siemens, Daimler-Benz and BASF. The NATO and GPS receivers failed, and FY22 funds ran out."},
			want: names{Organisations: sorted("Deutsche Bank", "Commerzbank", "Siemens", "Daimler", "BASF", "NATO")},
		},
		{
			name: "a company that speaks, whose shares the article trades, is no person",
			doc: entity.Document{Body: "Shares in Sony rose 3 percent. Sony said profit grew. Gazprom said gas flows were normal, and Gazprom's shares rose. " +
				"Shares in Ssangyong fell on the Korea Stock Exchange, and shares in Vodafone were steady on the Stock Exchange."},
			want: names{Organisations: sorted("Sony", "Gazprom", "Ssangyong", "Korea Stock Exchange", "Vodafone", "London Stock Exchange")},
		},
		{
			name: "a country's abbreviation before a function word is the country, not an adjective",
			doc:  entity.Document{Body: "Leading first-round scores (U.S. unless stated) were posted on Thursday."},
			want: names{Places: sorted("United States")},
		},
		{
			name: "US as an adjective",
			doc:  entity.Document{Body: "Ships of the U.S. 5th Fleet protect U.S. and allied forces. The U.S. and its allies agreed."},
			want: names{
				Places:        sorted("United States"),
				Organisations: sorted("US Naval Forces Central Command"),
			},
		},
		{
			name: "a known person then \"of\" is someone of the body after it, not the first words of its name",
			doc:  entity.Document{Body: "Opposition leader Nawaz Sharif of the Pakistan Muslim League said he would contest every seat."},
			want: names{People: sorted("Nawaz Sharif"), Organisations: sorted("Pakistan Muslim League")},
		},
		{
			name: "an ordinary word the tagger reads as a place after a preposition of place is one; not the sky, a title's end or part of a longer name",
			doc: entity.Document{Body: "She told the coroner in Oxford that her husband had written home. He was born in Reading. " +
				"The probe studied the sun's role in Earth's climate and its pull toward Earth. " +
				"The film Shakespeare in Love won. A journalist was killed in Port-au-Prince."},
			want: names{Places: sorted("Oxford", "Reading", "Port-au-Prince")},
		},
		{
			name: "letters after a person's name in capitals are an office or an honour, no part of the name",
			doc:  entity.Document{Body: "Nicholas Blake QC will examine the evidence. Julian Lewis MP said so. General Sir Mike Jackson KCB spoke."},
			want: names{People: sorted("Nicholas Blake", "Julian Lewis", "Mike Jackson")},
		},
		{
			name: "a numbered unit of a known regiment is a unit of its own",
			doc:  entity.Document{Body: "Sergeant Steven Roberts, of the 2nd Royal Tank Regiment, was killed. The Royal Tank Regiment mourned."},
			want: names{People: sorted("Steven Roberts"), Organisations: sorted("2nd Royal Tank Regiment", "Royal Tank Regiment")},
		},
		{
			name: "a commission, committee or council is named with \"on\" and what it studies; not with a day",
			doc: entity.Document{Body: "The Independent International Commission on Decommissioning confirmed it. " +
				"Kenya's National Commission on Human Rights spoke. The Commission on Monday said so."},
			want: names{Places: sorted("Kenya"), Organisations: sorted("Independent International Commission on Decommissioning", "National Commission on Human Rights")},
		},
		{
			name: "a name between a role and a comma and a comma and a speech verb is a person's",
			doc:  entity.Document{Body: "Its chairman, Padam Bahadur Gurung, said veterans had fought. The minister, Adam Ingram, said so."},
			want: names{People: sorted("Padam Bahadur Gurung", "Adam Ingram")},
		},
		{
			name: "a formation numbered in words is a body of its own; a party numbered so is a description",
			doc:  entity.Document{Body: "The unit joined the Eighth Air Force and the Third Division. Third Party candidates ran."},
			want: names{Organisations: sorted("Eighth Air Force", "Third Division")},
		},
		{
			name: "in motor racing, the team before a driver or a team mate is a team",
			doc: entity.Document{Title: "MOTOR RACING - HILL ON POLE IN PORTUGAL", Body: "Damon Hill will start the Portuguese Grand Prix from pole. " +
				"His Williams team mate Jacques Villeneuve was second, a tenth slower on his last lap. Benetton driver Jean Alesi said his car was slow."},
			want: names{People: sorted("Damon Hill", "Jacques Villeneuve", "Jean Alesi"), Places: sorted("Portugal"), Organisations: sorted("Williams", "Benetton")},
		},
		{
			name: "a name of a person's shape joined by \"and\" to a person a rule reads is a person; not a known name or ordinary words",
			doc: entity.Document{Body: "Leaders of the coalition, Vuk Draskovic and Zoran Djindjic, told the crowd. " +
				"Zoran Djindjic and Dragan Soc met again. Kuala Lumpur and Zoran Djindjic agreed. Heavy Rain and Zoran Djindjic left."},
			want: names{People: sorted("Vuk Draskovic", "Zoran Djindjic", "Dragan Soc"), Places: sorted("Kuala Lumpur")},
		},
		{
			name: "unknown names between \"the\" and a body's noun are that body; creeds, peoples and a person's name are not",
			doc: entity.Document{Body: "Leaders of the Zajedno coalition, Vuk Draskovic and Zoran Djindjic, spoke at the Rot-Weiss club. The radio station B92 said so. " +
				"The Islamist group and the Shi'ite militia fought. Silvio Berlusconi spoke, and the Berlusconi coalition won. Naval Station Norfolk closed."},
			want: names{People: sorted("Vuk Draskovic", "Zoran Djindjic", "Silvio Berlusconi"), Organisations: sorted("Zajedno", "Rot-Weiss", "B92", "Naval Station Norfolk")},
		},
		{
			name: "a name joined by the particles ul, ud, ur is one name",
			doc:  entity.Document{Body: "Pakistan captain Inzamam-ul-Haq batted. Police suspect the militant group Hizb-ul-Mujahedeen."},
			want: names{People: sorted("Inzamam-ul-Haq"), Places: sorted("Pakistan"), Organisations: sorted("Hizb-ul-Mujahedeen")},
		},
		{
			name: "the last words of a person the article named in full are that person, however many",
			doc: entity.Document{Title: "TENNIS - GRAF BEATS SANCHEZ VICARIO", Body: "Top seed Steffi Graf beat Arantxa Sanchez Vicario of Spain 4-6 6-4 6-3 in the final on Sunday. " +
				"Sanchez Vicario's coach said his player had tired."},
			want: names{People: sorted("Steffi Graf", "Arantxa Sanchez Vicario"), Places: sorted("Spain")},
		},
		{
			name: "a portfolio before \"Department\" or \"Ministry\" names a body, of the country that owns it",
			doc: entity.Document{Body: "A Labor Department report showed slower growth in Washington and New York. " +
				"Egypt's Health Ministry said a boy had died."},
			want: names{
				Places:        sorted("Washington", "New York", "Egypt"),
				Organisations: sorted("Labor Department", "Health Ministry (Egypt)"),
			},
		},
		{
			name: "the firm after an analyst's or a dealer's name and \"of\" is a body; a country there stays a place",
			doc: entity.Document{Body: "Analyst Georg Stuerzer of Bayerische Vereinsbank said the figures were in line. " +
				"Dealer John Smith of Germany said so."},
			want: names{People: sorted("Georg Stuerzer", "John Smith"), Places: sorted("Germany"), Organisations: sorted("Bayerische Vereinsbank")},
		},
		{
			name: "a word the tagger barely reads as a place, listed with a place by \"and\", is a place",
			doc:  entity.Document{Body: "More than 700,000 refugees had left the camps at Mugunga and Kibumba."},
			want: names{Places: sorted("Mugunga", "Kibumba")},
		},
		{
			name: "a party's or a union's name before its nouns is the body; not a people's before the name of its group",
			doc: entity.Document{Body: "Indonesia's ruling Golkar party won. The DGB trade union federation called a rally. " +
				"The Basque separatist group ETA spoke. Police arrested members of the Basque separatist group, ETA, on Monday."},
			want: names{Places: sorted("Indonesia"), Organisations: sorted("Golkar", "DGB", "ETA")},
		},
		{
			name: "a firm's one word and its trade is a firm where the tagger is sure; analysts and dealers work at firms",
			doc:  entity.Document{Body: "The well was drilled with Saga Petroleum. A dealer at Bancomer said the market was calm."},
			want: names{Organisations: sorted("Saga Petroleum", "Bancomer")},
		},
		{
			name: "barracks are an installation, a place, whatever their name; so is a camp after a name, not after an ordinary word",
			doc: entity.Document{Body: "A barrister will review the deaths at the Princess Royal Barracks and at Catterick Barracks. " +
				"Recruits trained at Catterick Camp, not at Boot Camp."},
			want: names{Places: sorted("Princess Royal Barracks", "Catterick Barracks", "Catterick Camp")},
		},
		{
			name: "a peer is named by the title and one name, an ordinary word too; a title after the peer's is an office",
			doc:  entity.Document{Body: "The Attorney General, Lord Goldsmith, had referred the case. Goldsmith said so. The Lord Chancellor met the Lord Mayor."},
			want: names{People: sorted("Lord Goldsmith")},
		},
		{
			name: "Labour and the Commons are Britain's where no other country's body stands in the article; the Army needs more",
			doc: entity.Document{Body: "Kevin McNamara has tabled a motion in the Commons. Labour said the cuts were wrong. " +
				"The Royal Logistic Corps said the Army had lost evidence, and the Labour MP for Hull North agreed."},
			want: names{
				People:        sorted("Kevin McNamara"),
				Places:        sorted("Hull North"),
				Organisations: sorted("House of Commons", "Labour Party (UK)", "Royal Logistic Corps"),
			},
		},
		{
			name: "another country's body stands in the article: Labour is no country's",
			doc:  entity.Document{Body: "The Pentagon said so. Labour said the cuts were wrong."},
			want: names{Organisations: sorted("US Department of Defense")},
		},
		{
			name: "the seat after a member and \"for\" is a place",
			doc: entity.Document{Body: "Kevin McNamara, the MP for Hull North, has tabled a motion. The MP for Birmingham Edgbaston spoke. " +
				"The member for Sedgefield, Tony Blair, spoke."},
			want: names{People: sorted("Kevin McNamara", "Tony Blair"), Places: sorted("Hull North", "Birmingham Edgbaston", "Sedgefield")},
		},
		{
			name: "review: a pair is read with the name next to \"and\", after a preposition of place not at all, and joins a person's full name",
			doc: entity.Document{Body: "Troops moved from Zubar Khotal and Iran and President Hassan Rouhani spoke. " +
				"Arantxa Sanchez Vicario won. Sanchez Vicario and Martina Hingis met."},
			want: names{People: sorted("Hassan Rouhani", "Arantxa Sanchez Vicario", "Martina Hingis"), Places: sorted("Iran", "Zubar Khotal")},
		},
		{
			name: "review: ships' groups, given names and an article's surnames after a body's noun stay what they are",
			doc: entity.Document{Body: "The carrier group Ronald Reagan sailed. Gen. John Smith arrived, and the carrier group Smith commands sailed. " +
				"Fighters from the Serb militia fired. Ministers briefed the Council on Syria."},
			want: names{People: sorted("Ronald Reagan", "John Smith"), Places: sorted("Syria")},
		},
		{
			name: "review: peers open a sentence too; not after \"the\", nor Lady Luck; words of service life and a lone town after \"of\" are no places or firms",
			doc: entity.Document{Body: "Lord Goldsmith advised the cabinet. Lady Luck smiled. He spent three weeks in Garrison. " +
				"Defence analyst Paul Beaver of Reading said so. A Third Force emerged. " +
				"Premier Li Qiang said units qualifying for the bonus would be paid. Basra manager Ali Hassan said so."},
			want: names{People: sorted("Lord Goldsmith", "Paul Beaver", "Li Qiang", "Ali Hassan"), Places: sorted("Basra")},
		},
		{
			name: "words after a body's noun name that body, ordinary words too; not after a trade or a role that people have",
			doc: entity.Document{Body: "The human rights group Liberty and the rights group Public Interest Lawyers back the case. " +
				"British Telecom slipped after regulator Oftel said it would review charges. The Russian daily Izvestia said so. " +
				"The contractor Roy Hallums was freed. The head of the provincial council Hussein al-Tamimi was killed. " +
				"Ministers met at the weekly Cabinet meeting. The aircraft carrier Ronald Reagan sailed."},
			want: names{
				People:        sorted("Roy Hallums", "Hussein al-Tamimi"),
				Organisations: sorted("Liberty", "Public Interest Lawyers", "British Telecom", "Oftel", "Izvestia"),
			},
		},
		{
			name: "a group's member named in the singular is the group, no person; a nationality of two words is no body",
			doc: entity.Document{Body: "Tamil Tiger rebels overran a Sri Lankan army camp at Mullaitivu on Thursday. " +
				"The Sri Lankan military says suspected Tamil Tiger rebels have launched attacks. South Korean officials said so. " +
				"The area is controlled by Tamil rebels."},
			want: names{Places: sorted("Mullaitivu"), Organisations: sorted("Liberation Tigers of Tamil Eelam")},
		},
		{
			name: "sides of a match in running text that no town names are clubs; players beat each other in sets",
			doc: entity.Document{Title: "SOCCER - JUVENTUS BEAT UNITED", Body: "Soccer results: Juventus beat Manchester United 1-0 in their opening Champions League match on Wednesday. " +
				"Fenerbahce beat Rapid Vienna 1-0 in Istanbul. In tennis, Krajicek beat Stich 6-3 7-6 in the semifinal."},
			want: names{People: sorted("Krajicek"), Places: sorted("Istanbul"), Organisations: sorted("Fenerbahce", "Juventus", "Manchester United", "Rapid Vienna")},
		},
		{
			name: "a team's name before \"team\" in sport, after a nationality too",
			doc: entity.Document{Title: "CYCLING - ZUELLE KEEPS LEAD", Body: "Zuelle, riding for the Spanish ONCE team, kept the leader's jersey. " +
				"The stage went to the MG-Technogym team."},
			want: names{Organisations: sorted("MG-Technogym", "ONCE")},
		},
		{
			name: "\"team\" names no body outside sport",
			doc:  entity.Document{Body: "Fans of the Sopranos in New Jersey met the Dole team and the Pataki team in Jersey City."},
			want: names{Places: sorted("Jersey City", "New Jersey")},
		},
		{
			name: "a list of people is read as people where the tagger reads one, ordinary words too; a list of places stays places",
			doc: entity.Document{Body: "Zimbabwe: Andy Flower, Grant Flower, Paul Strang, Guy Whittall. " +
				"Ministers from Britain, France and Germany met John Major and Helmut Kohl."},
			want: names{
				People: sorted("Andy Flower", "Grant Flower", "Paul Strang", "Guy Whittall", "John Major", "Helmut Kohl"),
				Places: sorted("Zimbabwe", "United Kingdom", "France", "Germany"),
			},
		},
		{
			name: "a side in a line of results before a side whose name opens with its year",
			doc: entity.Document{Title: "SOCCER - GERMAN FIRST DIVISION RESULTS.", Body: "Results of German first division matches on Saturday (halftime in brackets):\n\n" +
				"Hansa Rostock 0 VfB Stuttgart 1 (Elber 44) (0-1)\n\nSt Pauli 1 (Driller 60) 1860 Munich 1 (Schwabl 77) (0-0)\n\nAttendance at the Olympic stadium in Munich was 52,000.\n"},
			want: names{People: sorted("Driller", "Elber", "Schwabl"), Places: sorted("Munich"), Organisations: sorted("Hansa Rostock", "St Pauli", "VfB Stuttgart")},
		},
		{
			name: "a news wire's sports headline names its sport first: a player and her country in a leaderboard",
			doc: entity.Document{Title: "GOLF - LEADING THIRD ROUND SCORES.", Body: "Leading scores after the third round on Saturday:\n\n" +
				"206 Colin Montgomerie 68 69 69\n\n211 Retief Goosen (South Africa) 71 70 70\n"},
			want: names{People: sorted("Colin Montgomerie", "Retief Goosen"), Places: sorted("South Africa")},
		},
		{
			name: "a headline of defence news names no sport",
			doc:  entity.Document{Title: "ARMY - AMMUNITION CONTRACT AWARDED.", Body: "Nammo Raufoss (Norway) won the contract on Saturday."},
			want: names{Places: sorted("Norway")},
		},
		{
			name: "the US Army writes its ordinals 2d and 3d",
			doc: entity.Document{Body: "Soldiers of the 2d Cavalry Regiment and the 3d Infantry Division trained with the 82d Airborne Division. " +
				"The printer makes 3D models."},
			want: names{Organisations: sorted("2d Cavalry Regiment", "3d Infantry Division", "82d Airborne Division")},
		},
		{
			name: "review: a list's member starts a run; a letter names a company; a word-acronym is a team's only in sport; a group's member is no person after \"said\"",
			doc: entity.Document{Body: "The USS Carl Vinson, Ronald Reagan and Theodore Roosevelt sailed. The social media company X removed the posts. " +
				"Workers in the IT union went on strike. The Sri Lankan army said Tamil Tiger rebels attacked Jaffna."},
			want: names{
				People:        sorted("Ronald Reagan", "Theodore Roosevelt"),
				Places:        sorted("Jaffna"),
				Organisations: sorted("Liberation Tigers of Tamil Eelam", "X"),
			},
		},
		{
			name: "review: players of one set are no clubs",
			doc:  entity.Document{Title: "TENNIS - RAIN STOPS PLAY", Body: "Stich beat Krajicek 7-6 before rain stopped play in Malmo."},
			want: names{Places: sorted("Malmö")},
		},
		{
			name: "review: New Jersey in a headline makes no sport",
			doc: entity.Document{Title: "New Jersey Guard unit returns home",
				Body: "Hundreds of fans of the unit greeted the soldiers at Fort Dix. The Corzine team thanked them."},
			want: names{Places: sorted("Fort Dix", "New Jersey")},
		},
		{
			name: "a company by its first word in capitals, after its full name, is that company",
			doc:  entity.Document{Body: "British Telecommunications agreed to buy MCI Communications Corp for $20 billion. MCI's Bert Roberts will be its chief executive."},
			want: names{People: sorted("Bert Roberts"), Organisations: sorted("British Telecom", "MCI Communications")},
		},
		{
			name: "a team by its nickname after its town and nickname is that team",
			doc: entity.Document{Title: "AMERICAN FOOTBALL - COWBOYS BEAT EAGLES", Body: "Troy Aikman threw two touchdown passes as the Dallas Cowboys beat the Philadelphia Eagles 21-6 on Sunday. " +
				"The Eagles, who had won four straight games, were held to two field goals."},
			want: names{People: sorted("Troy Aikman"), Organisations: sorted("Dallas Cowboys", "Philadelphia Eagles")},
		},
		{
			name: "a role after the end of a longer name names no club: West Indies",
			doc: entity.Document{Title: "CRICKET - WALSH SAYS WEST INDIES CAN FIGHT BACK.", Body: "West Indies captain Courtney Walsh said on Tuesday his side could still square the series. " +
				"His Williams team mate Jacques Villeneuve was second in qualifying for the Grand Prix."},
			want: names{People: sorted("Courtney Walsh", "Jacques Villeneuve"), Places: sorted("West Indies"), Organisations: sorted("Williams")},
		},
		{
			name: "a member's letters before a name are a title, after it letters",
			doc: entity.Document{Body: "Labour MP Tam Dalyell said so. They want parliament to censure independent MP Pauline Hanson over her speeches. " +
				"Julian Lewis MP spoke."},
			want: names{People: sorted("Tam Dalyell", "Pauline Hanson", "Julian Lewis")},
		},
		{
			name: "a body the gazetteer gives one country, named bare where every place is another's, is the other's",
			doc:  entity.Document{Body: "CANBERRA 1996-10-30\n\nThe opposition wants the House of Representatives in Canberra to pass a motion, the government said in Sydney."},
			want: names{Places: sorted("Canberra", "Sydney"), Organisations: sorted("House of Representatives (Australia)")},
		},
		{
			name: "a body the gazetteer gives one country stays that country's beside another of its bodies",
			doc:  entity.Document{Body: "A British soldier was killed in Basra in southern Iraq, the Ministry of Defence said. The British Army named him."},
			want: names{Places: sorted("Basra", "Iraq"), Organisations: sorted("British Army", "Ministry of Defence (UK)")},
		},
		{
			name: "a square or a street whose head comes first is one place",
			doc: entity.Document{Body: "Thousands celebrated in the Plaza de la Constitucion on Sunday. Mothers marched in the Plaza de Mayo in Buenos Aires. " +
				"A bomb exploded near Paseo de la Reforma."},
			want: names{Places: sorted("Buenos Aires", "Paseo de la Reforma", "Plaza de Mayo", "Plaza de la Constitucion")},
		},
		{
			name: "an acronym after \"the\" and before a force's noun that ends the phrase is a body; before a thing's noun it qualifies",
			doc: entity.Document{Body: "Warlords pledged to hand in their weapons. The ECOMOG force, led by Nigeria, has about 8,000 troops. " +
				"She supports the MWT mission set for the command."},
			want: names{Places: sorted("Nigeria"), Organisations: sorted("ECOMOG")},
		},
		{
			name: "a party its politics describe is a party, however unsure the tagger is of its ordinary words",
			doc:  entity.Document{Body: "The centre-right Democratic Alliance won the vote. The conservative Daily Mail reported it."},
			want: names{Organisations: sorted("Democratic Alliance")},
		},
		{
			name: "a town's name among a side's scorers is a player's",
			doc: entity.Document{Title: "SOCCER - GERMAN FIRST DIVISION RESULTS.", Body: "Results of German first division matches on Saturday (halftime in brackets):\n\n" +
				"Karlsruhe 2 (Dundee 31, Haessler 70 penalty) Schalke 2 (Mulder 9, Max 80) (1-1)\n"},
			want: names{People: sorted("Dundee", "Haessler", "Max", "Mulder"), Organisations: sorted("Karlsruhe", "Schalke")},
		},
		{
			name: "a country's region named by no ordinary word is a place, but for a word before a noun it qualifies",
			doc: entity.Document{Body: "Hanson represents the Queensland seat of Oxley. Three Marines were killed in western Anbar province. " +
				"He was suspected of crimes during the Balkan conflict."},
			want: names{Places: sorted("Anbar", "Oxley", "Queensland")},
		},
		{
			name: "a company's legal form with its full stop ends its name",
			doc:  entity.Document{Body: "Sony Corp. Chairman Norio Ohga said so. The deal was agreed with MCI Communications Corp. MCI's Bert Roberts will lead it."},
			want: names{People: sorted("Bert Roberts", "Norio Ohga"), Organisations: sorted("MCI Communications", "Sony")},
		},
		{
			name: "a letter after a body's noun labels it: no name",
			doc: entity.Document{Body: "Japan beat Syria 2-1 in an Asian Cup group A match on Friday. They won their group C match. The group B92 said so. " +
				"It will benefit the non-profit organization G-CAPP."},
			want: names{Places: sorted("Japan", "Syria"), Organisations: sorted("B92", "G-CAPP")},
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

func TestMentions(t *testing.T) {
	x := mustExtractor(t)
	doc := entity.Document{Body: "Gen. Joseph Votel visited Baghdad. Votel said so."}
	r := x.Extract(doc)
	if len(r.People) != 1 {
		t.Fatalf("people = %v, want one", r.People)
	}
	got := r.People[0].Mentions
	want := []entity.Mention{
		{Field: "body", Start: 5, End: 17, Text: "Joseph Votel", Rule: "title-cue"},
		{Field: "body", Start: 35, End: 40, Text: "Votel", Rule: "coref", Why: "surname of Joseph Votel in this article"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("mentions (-want +got):\n%s", diff)
	}
	for _, m := range got {
		if doc.Body[m.Start:m.End] != m.Text {
			t.Errorf("mention %q does not match its offsets", m.Text)
		}
	}
}

func TestCanonical(t *testing.T) {
	x := mustExtractor(t)
	tests := []struct {
		name string
		kind entity.Kind
		in   string
		want string
	}{
		{"Daesh", entity.Organisation, "Daesh", "Islamic State"},
		{"ISIL", entity.Organisation, "ISIL", "Islamic State"},
		{"Hizballah", entity.Organisation, "Hizballah", "Hezbollah"},
		{"Pentagon", entity.Organisation, "the Pentagon", "US Department of Defense"},
		{"Kurdish Peshmerga", entity.Organisation, "Kurdish Peshmerga", "Peshmerga"},
		{"Erbil", entity.Place, "Erbil", "Irbil"},
		{"Deir ez-Zor spelling", entity.Place, "Dayr az Zawr", "Deir ez-Zor"},
		{"U.S.", entity.Place, "U.S.", "United States"},
		{"America", entity.Place, "America", "United States"},
		{"title dropped", entity.Person, "Gen. Joseph L. Votel", "Joseph Votel"},
		{"long title dropped", entity.Person, "Secretary of State Antony Blinken", "Antony Blinken"},
		{"title alone", entity.Person, "Capt.", ""},
		{"a known name opening with an ordinary word, after a title", entity.Person, "Secretary-General Ban Ki-moon", "Ban Ki-moon"},
		{"a known name opening with an ordinary word, possessive", entity.Person, "U.N. chief Ban Ki-moon's", "Ban Ki-moon"},
		{"a known name opening with a title word", entity.Person, "Defense Minister Gen Nakatani", "Gen Nakatani"},
		{"an ordinary word after a title, in no known name", entity.Person, "General Ban Kowalski", "Kowalski"},
		{"the dictionary's spelling is named as the press names it", entity.Person, "Nuri al-Maliki", "Nouri al-Maliki"},
		{"one person of two dictionary records", entity.Person, "Omar Hassan Ahmad al-Bashir", "Omar al-Bashir"},
		{"unknown tidied", entity.Person, "  Hanno   Pevkur ", "Hanno Pevkur"},
		{"wrong kind is not looked up", entity.Person, "Kirkuk", "Kirkuk"},
		{"acronyms only in their own case", entity.Place, "us", "us"},
		{"an acronym is no part of a name", entity.Person, "ISIL Brett McGurk", "Brett McGurk"},
		{"a generic name after a nationality", entity.Organisation, "Philippine Coast Guard", "Philippine Coast Guard"},
		{"the kind of place after its name", entity.Place, "Luhaiban village", "Luhaiban"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := x.Canonical(tt.kind, tt.in); got != tt.want {
				t.Errorf("Canonical(%v, %q) = %q, want %q", tt.kind, tt.in, got, tt.want)
			}
		})
	}
}

func TestAliases(t *testing.T) {
	x := mustExtractor(t)
	got := x.Aliases(entity.Organisation, "Islamic State")
	for _, want := range []string{"ISIS", "ISIL", "Daesh", "Islamic State of Iraq and the Levant"} {
		if !slices.Contains(got, want) {
			t.Errorf("Aliases(Islamic State) = %v, lacks %q", got, want)
		}
	}
	if got := x.Aliases(entity.Person, "Nobody Known"); got != nil {
		t.Errorf("Aliases of an unknown name = %v, want nil", got)
	}
}

func TestKindString(t *testing.T) {
	for k, want := range map[entity.Kind]string{entity.Person: "person", entity.Place: "place", entity.Organisation: "organisation"} {
		if k.String() != want {
			t.Errorf("%d.String() = %q, want %q", k, k.String(), want)
		}
	}
}

func TestConcurrentExtract(t *testing.T) {
	x := mustExtractor(t)
	doc := entity.Document{Title: "US reaffirms support", Body: "Gen. Joseph Votel visited Baghdad. Votel said ISIS was weakened near Mosul."}
	want := namesOf(x.Extract(doc))
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 20 {
				if got := namesOf(x.Extract(doc)); !cmp.Equal(want, got) {
					t.Errorf("concurrent Extract differs: %v", cmp.Diff(want, got))
					return
				}
			}
		}()
	}
	wg.Wait()
}

func TestRunEndingInTheAtFieldEnd(t *testing.T) {
	// A run ending "and The" at the very end of a field read the head of
	// a name past the field's last word.
	x := mustExtractor(t)
	for _, body := range []string{"Djindjic Committee of Corp and The", "Evidence was given to the Chilcot Committee of Inquiry and The"} {
		x.Extract(entity.Document{Body: body})
	}
}

func TestEmptyDocument(t *testing.T) {
	x := mustExtractor(t)
	if got := namesOf(x.Extract(entity.Document{})); !cmp.Equal(got, names{}) {
		t.Errorf("empty document: %v", got)
	}
}

// TestHugeFieldReadUpToItsBound: of a field longer than MaxFieldBytes,
// Extract reads the first MaxFieldBytes, so that an article of many
// megabytes of names costs no more than one of a megabyte: a name before
// the bound is found, one after it is not.
func TestHugeFieldReadUpToItsBound(t *testing.T) {
	x := mustExtractor(t)
	filler := strings.Repeat("The convoy moved on and the patrol went on. ", entity.MaxFieldBytes/40)
	body := "Troops reached Kirkuk. " + filler + " Troops reached Basra."
	got := namesOf(x.Extract(entity.Document{Body: body}))
	if want := (names{Places: sorted("Kirkuk")}); !cmp.Equal(got, want) {
		t.Errorf("got %v, want %v: the name before the bound only", got, want)
	}
}

// TestLongArticleReadAsShort: an article long enough for its capitalised
// words to be indexed (capitalised) resolves its names as a short one
// does: a surname after its full name, a titled name, a company whose
// shares it trades.
func TestLongArticleReadAsShort(t *testing.T) {
	x := mustExtractor(t)
	text := "The Under Secretary of Defense for Policy, Michele Flournoy, met troops. \"You matter,\" Flournoy said. " +
		"Colonel Jan Koval said the battalion would stay. Shares in Sony rose 3 percent, and Sony said profit grew."
	filler := strings.Repeat(" the convoy moved on and the patrol went on.", 1000)
	short := namesOf(x.Extract(entity.Document{Body: text}))
	long := namesOf(x.Extract(entity.Document{Body: text + filler}))
	if want := (names{People: sorted("Michèle Flournoy", "Jan Koval"), Organisations: sorted("Sony")}); !cmp.Equal(short, want) {
		t.Errorf("short article: got %v, want %v", short, want)
	}
	if !cmp.Equal(long, short) {
		t.Errorf("long article: got %v, want what the short one gives, %v", long, short)
	}
}

func TestWritten(t *testing.T) {
	x := mustExtractor(t)
	cases := []struct {
		name string
		body string
		kind entity.Kind
		// facet is the canonical name; written how the article names it.
		facet, written string
	}{
		{"alternate spelling", "Coalition aircraft struck targets near Al Huwayjah on Tuesday.", entity.Place, "Hawija", "Al Huwayjah"},
		{"dateline in capitals", "BASRAH, Iraq — Soldiers met the governor.", entity.Place, "Basra", "Basrah"},
		{"canonical as written", "Officials in Kirkuk met on Monday.", entity.Place, "Kirkuk", "Kirkuk"},
		{"full name before acronym", "The Syrian Democratic Forces (SDF) advanced. The SDF said it held the town. The SDF moved on.", entity.Organisation, "Syrian Democratic Forces", "Syrian Democratic Forces"},
		{"acronym alone", "Kurdish fighters of the SDF advanced on the town, the SDF said.", entity.Organisation, "Syrian Democratic Forces", "SDF"},
		{"name run into lower case is wording", "Islamic State militants attacked the village.", entity.Organisation, "Islamic State", "Islamic State"},
		{"an organisation described in lower case has no name", "The town fell, and Iraqi security forces retook it.", entity.Organisation, "Iraqi Security Forces", ""},
		{"a title is no part of a name as written", "Secretary of State Colin Powell met the envoy. Powell said talks went well.", entity.Person, "Colin Powell", "Colin Powell"},
		{"a surname alone is no name as written", "Defense Secretary Ash Carter spoke. Carter said the fight goes on. Carter left.", entity.Person, "Ash Carter", "Ash Carter"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := x.Extract(entity.Document{Body: c.body})
			facets := r.Names(c.kind)
			i := slices.Index(facets, c.facet)
			if i < 0 {
				t.Fatalf("%v %q: no %q", c.kind, facets, c.facet)
			}
			if got := x.WrittenNames(r, c.kind, facets)[i]; got != c.written {
				t.Errorf("%q written as %q, want %q", c.facet, got, c.written)
			}
		})
	}
	// A value the extractor did not find (the input's own) is kept.
	if got := x.WrittenNames(entity.Result{}, entity.Place, []string{"Mosul"}); !slices.Equal(got, []string{"Mosul"}) {
		t.Errorf("a value without an entity written as %q", got)
	}
}
