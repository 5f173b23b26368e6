package main

// The fixed word lists the generator draws on. Changing any of them changes
// the generated corpus for every seed.

// firstNames open invented people's names.
var firstNames = []string{
	"Aaron", "Adam", "Ahmed", "Alan", "Alexander", "Ali", "Amir", "Andrew", "Anna", "Anthony",
	"Barbara", "Benjamin", "Brian", "Carlos", "Catherine", "Charles", "Christopher", "Daniel",
	"David", "Dmitri", "Edward", "Elena", "Elizabeth", "Emily", "Eric", "Farid", "Fatima",
	"Frank", "George", "Hassan", "Helen", "Henry", "Hiroshi", "Ibrahim", "Ivan", "James",
	"Jane", "Jason", "Jennifer", "John", "Jonathan", "Joseph", "Karen", "Kevin", "Khalid",
	"Laura", "Linda", "Lisa", "Mark", "Mary", "Matthew", "Michael", "Mohammed", "Nadia",
	"Nicholas", "Oleg", "Olga", "Omar", "Patricia", "Paul", "Peter", "Rachel", "Richard",
	"Robert", "Samuel", "Sarah", "Sergei", "Stephen", "Steven", "Susan", "Thomas", "Timothy",
	"Victor", "Viktor", "William", "Yusuf", "Yuri", "Zainab",
}

// surnameEnds, placeEnds end invented surnames and place names.
var (
	surnameEnds = []string{"", "", "ov", "enko", "ski", "ani", "ez", "sson", "er", "ford", "elli", "ashvili"}
	placeEnds   = []string{"", "", "abad", "grad", "ovo", "iya", "stan", "pur", "dorf", "shahr"}
)

// knownPlaces are real places the gazetteer knows: the head of the places
// distribution.
var knownPlaces = []string{
	"Ukraine", "Russia", "Kyiv", "Iraq", "Syria", "China", "Taiwan", "Israel", "Gaza", "Iran",
	"Afghanistan", "Kharkiv", "Baghdad", "Kirkuk", "Irbil", "Mosul", "Damascus", "Aleppo",
	"Tehran", "Moscow", "Beijing", "Washington", "London", "Paris", "Berlin", "Brussels",
	"Warsaw", "Odesa", "Kherson", "Donetsk", "Luhansk", "Crimea", "Sevastopol", "Bakhmut",
	"Mariupol", "Zaporizhzhia", "Yemen", "Sanaa", "Aden", "Somalia", "Mogadishu", "Libya",
	"Tripoli", "Benghazi", "Sudan", "Khartoum", "Mali", "Niger", "Nigeria", "Lebanon", "Beirut",
	"Jordan", "Amman", "Egypt", "Cairo", "Turkey", "Ankara", "Istanbul", "Pakistan", "Islamabad",
	"India", "New Delhi", "Japan", "Tokyo", "South Korea", "Seoul", "North Korea", "Pyongyang",
	"Philippines", "Manila", "Vietnam", "Hanoi", "Australia", "Canberra", "Poland", "Romania",
	"Bucharest", "Estonia", "Tallinn", "Latvia", "Riga", "Lithuania", "Vilnius", "Finland",
	"Helsinki", "Sweden", "Stockholm", "Norway", "Oslo", "Germany", "France", "Italy", "Rome",
	"Spain", "Madrid", "Greece", "Athens", "Qatar", "Doha", "Bahrain", "Kuwait", "Djibouti",
	"Guam", "Okinawa", "Hawaii", "Norfolk", "San Diego", "Fallujah", "Ramadi", "Tikrit",
	"Raqqa", "Idlib", "Homs", "Basra", "Kandahar", "Kabul", "Herat", "Helmand",
}

// knownOrgs are real organisations the gazetteer knows: the head of the
// organisations distribution.
var knownOrgs = []string{
	"NATO", "Islamic State", "United Nations", "European Union", "Pentagon", "Hezbollah", "Hamas",
	"Wagner Group", "Taliban", "al-Qaeda", "Peshmerga", "Syrian Democratic Forces",
	"Lockheed Martin", "Boeing", "Raytheon", "Northrop Grumman", "General Dynamics", "BAE Systems",
	"Airbus", "Rheinmetall", "Houthis", "Red Cross", "African Union", "Kurdistan Regional Government",
	"U.S. Central Command", "U.S. Army", "U.S. Navy", "U.S. Air Force", "Marine Corps",
	"Department of Defense", "State Department", "Defense Intelligence Agency", "Central Intelligence Agency",
	"Royal Navy", "British Army", "Bundeswehr", "International Atomic Energy Agency",
}

// orgModifiers and orgHeads make invented organisations' names ("Varkosh
// Maritime Agency"); every head is a head word of the extractor.
var (
	orgModifiers = []string{"National", "Maritime", "Defense", "Aerospace", "Security", "Logistics", "Cyber", "Border", "Special", "Strategic", "Armoured", "Naval"}
	orgHeads     = []string{"Agency", "Command", "Brigade", "Corporation", "Council", "Battalion", "Directorate", "Forces", "Group", "Institute", "Industries", "Regiment", "Squadron", "Systems", "Technologies", "Front", "Movement", "Militia", "Guard", "Authority"}
)

// sources are the publications, most articles from the first few.
var sources = []source{
	{"DVIDS", "www.dvidshub.net"}, {"Defense News", "www.defensenews.com"}, {"Reuters", "www.reuters.com"},
	{"Breaking Defense", "breakingdefense.com"}, {"Stars and Stripes", "www.stripes.com"},
	{"The War Zone", "www.twz.com"}, {"Janes", "www.janes.com"}, {"Military Times", "www.militarytimes.com"},
	{"Associated Press", "apnews.com"}, {"Al Jazeera", "www.aljazeera.com"}, {"Kyiv Independent", "kyivindependent.com"},
	{"Rudaw", "www.rudaw.net"}, {"Kurdistan 24", "www.kurdistan24.net"}, {"Defense One", "www.defenseone.com"},
	{"C4ISRNET", "www.c4isrnet.com"}, {"Naval News", "www.navalnews.com"}, {"Army Times", "www.armytimes.com"},
	{"Air & Space Forces Magazine", "www.airandspaceforces.com"}, {"The Defense Post", "www.thedefensepost.com"},
	{"UK Defence Journal", "ukdefencejournal.org.uk"}, {"Task & Purpose", "taskandpurpose.com"},
	{"Foreign Policy", "foreignpolicy.com"}, {"War on the Rocks", "warontherocks.com"},
	{"Defence Connect", "www.defenceconnect.com.au"}, {"Army Recognition", "www.armyrecognition.com"},
	{"Jerusalem Post", "www.jpost.com"}, {"Times of Israel", "www.timesofisrael.com"},
	{"South China Morning Post", "www.scmp.com"}, {"Nikkei Asia", "asia.nikkei.com"}, {"Politico", "www.politico.com"},
}

var (
	personTitles = []string{
		"Gen.", "Lt. Gen.", "Maj. Gen.", "Brig. Gen.", "Col.", "Adm.", "Rear Adm.", "Vice Adm.",
		"Defense Minister", "Foreign Minister", "Prime Minister", "President", "Ambassador",
		"Defense Secretary", "Deputy Defense Minister", "Sgt.", "Capt.", "Lt. Col.", "Senator", "Gov.",
	}
	headlineVerbs   = []string{"deploys", "tests", "expands", "reviews", "announces", "receives", "completes", "halts", "resumes", "orders"}
	headlineObjects = []string{"new drones", "air defence systems", "joint exercise", "training mission", "artillery ammunition", "border patrols", "naval exercise", "cyber defences", "supply convoy", "logistics hub", "armoured brigade", "missile tests", "reconnaissance flights", "counter-terrorism raid"}
	headlineTalks   = []string{"holds security", "opens ceasefire", "joins defence", "leads arms control", "hosts trade"}
	verbs           = []string{"review", "expand", "support", "strengthen", "delay", "resume", "fund", "assess"}
	weekdays        = []string{"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"}
	topics          = []string{"border security", "the ceasefire", "air defence", "logistics", "training", "humanitarian access", "maritime patrols", "the budget"}
)
