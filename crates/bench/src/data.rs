//! A small vocabulary of IT problems in English and Danish, from which titles, descriptions and
//! comments are drawn. Titles take fill-ins (places, systems, programs) so they vary.

use std::sync::LazyLock;

use rand::Rng;
use rand::seq::SliceRandom;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    En,
    Da,
}

/// (title template, is an incident). `{floor}`, `{room}`, `{place}`, `{system}` and `{app}` are
/// filled in.
const TITLES_EN: &[(&str, bool)] = &[
    ("Printer on the {floor} floor won't print", true),
    ("Printer in {place} says paper jam but there is none", true),
    ("Cannot connect to the VPN from home", true),
    ("Outlook keeps asking for my password", true),
    ("Laptop battery drains in less than an hour", true),
    ("Monitor flickers after docking the laptop", true),
    ("No sound in Teams calls", true),
    ("Wi-Fi drops in meeting room {room}", true),
    ("Cannot log in to {system}", true),
    ("{app} crashes when opening large files", true),
    ("Computer very slow since the last update", true),
    ("Internet is down in the {place} office", true),
    ("Phone no longer syncs mail", true),
    ("Badge reader at the {place} entrance does not open", true),
    ("Shared drive {system} is not mapped after login", true),
    ("Blue screen when undocking", true),
    ("Need access to the {system} shared folder", false),
    ("Password reset for {system}", false),
    ("Please install {app} on my laptop", false),
    ("New keyboard and mouse for a new colleague", false),
    ("Laptop for a new employee starting Monday", false),
    ("Add me to the {system} mailing list", false),
    ("Second monitor for my desk in {place}", false),
    ("Printer toner for {place} is running out", false),
];

const TITLES_DA: &[(&str, bool)] = &[
    ("Printeren på {floor} sal udskriver ikke", true),
    ("Printeren i {place} melder papirstop", true),
    ("Kan ikke forbinde til VPN hjemmefra", true),
    ("Outlook beder hele tiden om adgangskode", true),
    ("Den bærbare lader ikke op", true),
    ("Skærmen flimrer efter docking", true),
    ("Ingen lyd i Teams-møder", true),
    ("Wi-Fi falder ud i mødelokale {room}", true),
    ("Kan ikke logge ind i {system}", true),
    ("{app} går ned, når jeg åbner store filer", true),
    ("Computeren er meget langsom efter opdateringen", true),
    ("Internettet er nede på kontoret i {place}", true),
    ("Telefonen synkroniserer ikke mail", true),
    (
        "Adgangskortlæseren ved indgangen i {place} virker ikke",
        true,
    ),
    ("Netværksdrevet {system} mangler efter login", true),
    ("Behov for adgang til {system}-mappen", false),
    ("Nulstil adgangskode til {system}", false),
    ("Installer venligst {app} på min bærbare", false),
    ("Nyt tastatur og mus til ny kollega", false),
    ("Bærbar til nyansat, der starter mandag", false),
    ("Ekstra skærm til mit skrivebord i {place}", false),
    ("Toner til printeren i {place} er ved at slippe op", false),
];

const FLOORS_EN: &[&str] = &["1st", "2nd", "3rd", "4th", "5th", "ground"];
const FLOORS_DA: &[&str] = &["1.", "2.", "3.", "4.", "5.", "stuen,"];
const ROOMS: &[&str] = &[
    "Ørsted", "Bohr", "Blixen", "Jacobsen", "A2.14", "B1.03", "C4.01",
];
const PLACES_EN: &[&str] = &[
    "Aarhus",
    "Odense",
    "Copenhagen",
    "Aalborg",
    "the canteen",
    "reception",
    "the warehouse",
];
const PLACES_DA: &[&str] = &[
    "Aarhus",
    "Odense",
    "København",
    "Aalborg",
    "kantinen",
    "receptionen",
    "lageret",
];
const SYSTEMS: &[&str] = &[
    "SAP",
    "Navision",
    "Economic",
    "HR-portalen",
    "Salesforce",
    "Jira",
    "Finance",
    "Projekter",
];
const APPS: &[&str] = &[
    "Excel",
    "Word",
    "AutoCAD",
    "Adobe Reader",
    "Visual Studio Code",
    "Power BI",
    "SPSS",
];

const OPENERS_EN: &[&str] = &[
    "Since this morning",
    "After the update yesterday",
    "For about a week",
    "Every time I try,",
    "Since I moved desks",
    "Since the weekend",
];
const PROBLEMS_EN: &[&str] = &[
    "it has not worked at all.",
    "it only works now and then.",
    "I get an error message that I do not understand.",
    "nothing happens when I click.",
    "it takes several minutes before anything happens.",
    "it asks me to contact the administrator.",
];
const CLOSERS_EN: &[&str] = &[
    "I have restarted the computer, but it did not help.",
    "A colleague next to me has the same problem.",
    "It is urgent because I have a deadline today.",
    "Thanks in advance.",
    "Please call me if you need more details.",
    "I have tried:\n\n- restarting\n- another cable\n- logging out and in again",
];
const OPENERS_DA: &[&str] = &[
    "Siden i morges",
    "Efter opdateringen i går",
    "I cirka en uge",
    "Hver gang jeg prøver,",
    "Siden jeg flyttede plads",
    "Siden weekenden",
];
const PROBLEMS_DA: &[&str] = &[
    "har det slet ikke virket.",
    "virker det kun en gang imellem.",
    "får jeg en fejlbesked, som jeg ikke forstår.",
    "sker der ingenting, når jeg klikker.",
    "går der flere minutter, før der sker noget.",
    "beder den mig kontakte administratoren.",
];
const CLOSERS_DA: &[&str] = &[
    "Jeg har genstartet computeren, men det hjalp ikke.",
    "Min sidemand har samme problem.",
    "Det haster, da jeg har en deadline i dag.",
    "På forhånd tak.",
    "Ring endelig, hvis I har brug for flere oplysninger.",
    "Jeg har prøvet:\n\n- at genstarte\n- et andet kabel\n- at logge ud og ind igen",
];

const AGENT_REPLIES_EN: &[&str] = &[
    "Have you tried restarting the device? If it still fails, please send a screenshot of the error.",
    "Could you tell me the asset number on the sticker under the laptop?",
    "I have reset your password; please log in again and choose a new one.",
    "The print queue was stuck; I have cleared it. Please try printing again.",
    "I have pushed the update to your computer. Please restart when convenient.",
    "Is the cable firmly plugged in at both ends? A colleague may have stepped on it.",
    "Your access has been granted. It can take up to an hour before it works.",
];
const AGENT_REPLIES_DA: &[&str] = &[
    "Har du prøvet at genstarte? Hvis det stadig fejler, så send et skærmbillede af fejlen.",
    "Kan du oplyse stregkodenummeret på mærkatet under den bærbare?",
    "Jeg har nulstillet din adgangskode; log ind igen og vælg en ny.",
    "Printerkøen hang; jeg har ryddet den. Prøv at udskrive igen.",
    "Jeg har sendt opdateringen til din computer. Genstart, når det passer dig.",
    "Sidder kablet godt fast i begge ender? En kollega kan være kommet til at træde på det.",
    "Du har nu fået adgang. Der kan gå op til en time, før det virker.",
];
const CUSTOMER_REPLIES_EN: &[&str] = &[
    "Yes, I restarted, still the same.",
    "It works now, thank you!",
    "Screenshot attached. The error says 0x80070005.",
    "The number is DK-4411.",
    "I am in the office until 15:00 if you want to come by.",
    "Still not working, sorry.",
];
const CUSTOMER_REPLIES_DA: &[&str] = &[
    "Ja, jeg har genstartet, stadig det samme.",
    "Det virker nu, tak!",
    "Skærmbillede vedhæftet. Fejlen siger 0x80070005.",
    "Nummeret er DK-4411.",
    "Jeg er på kontoret til kl. 15, hvis du vil kigge forbi.",
    "Virker stadig ikke, desværre.",
];
const INTERNAL_NOTES: &[&str] = &[
    "Known issue with driver version 4.2; see the knowledge base article.",
    "Checked the logs: the account was locked after five failed logins.",
    "Kendt fejl i firmwaren; leverandøren har en sag åben.",
    "Same problem reported from the same floor this week; watch for a pattern.",
    "Bruger har lokal admin; tjek om softwaren er installeret uden om.",
];
const ESCALATION_REASONS: &[&str] = &[
    "Needs a firewall change; level 1 has no access.",
    "Server-side problem; needs administrator rights on the mail server.",
    "Kræver ændring i netværksudstyret, som 1. niveau ikke har adgang til.",
    "Hardware fault suspected; needs on-site repair.",
    "Licensserveren skal genstartes; det kræver 2. niveau.",
];

const FIRST_NAMES: &[&str] = &[
    "Mette", "Lars", "Ahmed", "Sofie", "Peter", "Anna", "Jonas", "Emma", "Mikkel", "Ida", "Omar",
    "Freja", "Rasmus", "Laura", "Mads", "Clara", "Fatima", "Jens", "Karen", "Noah", "Sara", "Ali",
    "Julie", "Frederik",
];
const LAST_NAMES: &[&str] = &[
    "Jensen",
    "Nielsen",
    "Hansen",
    "Pedersen",
    "Andersen",
    "Christensen",
    "Larsen",
    "Sørensen",
    "Rasmussen",
    "Jørgensen",
    "Petersen",
    "Madsen",
    "Kristensen",
    "Olsen",
    "Hassan",
    "Yilmaz",
];

/// A text with its HTML (escaped and wrapped in `<p>`), prepared once.
pub struct Text {
    pub body: &'static str,
    pub html: String,
}

pub struct Vocab {
    pub agent_replies: [Vec<Text>; 2],
    pub customer_replies: [Vec<Text>; 2],
    pub internal_notes: Vec<Text>,
    pub escalations: Vec<Text>,
}

fn texts(list: &[&'static str]) -> Vec<Text> {
    list.iter()
        .map(|b| Text {
            body: b,
            html: format!("<p>{}</p>", escape_html(b)),
        })
        .collect()
}

pub static VOCAB: LazyLock<Vocab> = LazyLock::new(|| Vocab {
    agent_replies: [texts(AGENT_REPLIES_EN), texts(AGENT_REPLIES_DA)],
    customer_replies: [texts(CUSTOMER_REPLIES_EN), texts(CUSTOMER_REPLIES_DA)],
    internal_notes: texts(INTERNAL_NOTES),
    escalations: texts(ESCALATION_REASONS),
});

pub fn lang_index(lang: Lang) -> usize {
    match lang {
        Lang::En => 0,
        Lang::Da => 1,
    }
}

pub fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 16);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

fn pick<'a, R: Rng>(rng: &mut R, list: &'a [&'a str]) -> &'a str {
    list.choose(rng).copied().unwrap_or("")
}

/// A title and whether it describes an incident (otherwise a request).
pub fn title<R: Rng>(rng: &mut R, lang: Lang) -> (String, bool) {
    let (list, floors, places) = match lang {
        Lang::En => (TITLES_EN, FLOORS_EN, PLACES_EN),
        Lang::Da => (TITLES_DA, FLOORS_DA, PLACES_DA),
    };
    let (template, incident) = list[rng.gen_range(0..list.len())];
    let mut t = template.to_string();
    for (key, options) in [
        ("{floor}", floors),
        ("{room}", ROOMS),
        ("{place}", places),
        ("{system}", SYSTEMS),
        ("{app}", APPS),
    ] {
        if t.contains(key) {
            t = t.replace(key, pick(rng, options));
        }
    }
    (t, incident)
}

/// Two to four sentences, sometimes with a Markdown list.
pub fn description<R: Rng>(rng: &mut R, lang: Lang) -> String {
    let (openers, problems, closers) = match lang {
        Lang::En => (OPENERS_EN, PROBLEMS_EN, CLOSERS_EN),
        Lang::Da => (OPENERS_DA, PROBLEMS_DA, CLOSERS_DA),
    };
    let mut d = format!("{} {}", pick(rng, openers), pick(rng, problems));
    for _ in 0..rng.gen_range(1..=2) {
        d.push_str("\n\n");
        d.push_str(pick(rng, closers));
    }
    d
}

pub fn person_name<R: Rng>(rng: &mut R) -> String {
    format!("{} {}", pick(rng, FIRST_NAMES), pick(rng, LAST_NAMES))
}

/// A comment body an agent might write in a load test: varied but short.
pub fn agent_comment<R: Rng>(rng: &mut R) -> &'static str {
    let lang = if rng.gen_bool(0.5) { 0 } else { 1 };
    let list = &VOCAB.agent_replies[lang];
    list[rng.gen_range(0..list.len())].body
}

#[cfg(test)]
mod tests {
    use rand::SeedableRng;

    use super::*;

    #[test]
    fn titles_are_filled_in() {
        let mut rng = rand::rngs::StdRng::seed_from_u64(1);
        for _ in 0..500 {
            for lang in [Lang::En, Lang::Da] {
                let (t, _) = title(&mut rng, lang);
                assert!(!t.contains('{'), "{t}");
                assert!(!description(&mut rng, lang).is_empty());
            }
        }
    }

    #[test]
    fn html_is_escaped() {
        assert_eq!(
            escape_html("a<b & \"c\"'"),
            "a&lt;b &amp; &quot;c&quot;&#39;"
        );
    }
}
