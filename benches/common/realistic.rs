//! An archive that looks like a real analyst archive, for the archive-scale benchmarks: file
//! sizes spread as real ones are (log-normal: median about 7.5 KB, mean about 8 KB, one in a
//! hundred over 20 KB), many statements per briefing, a vocabulary of over 50,000 distinct
//! words drawn by Zipf's law (so a few words are everywhere and most are rare), in the
//! scripts analysts' archives mix (English, Latin with diacritics, Azerbaijani, Cyrillic,
//! Armenian), with originals quoted in Arabic and Russian, and names of people and places in
//! all of them. Deterministic: the same seed gives the same archive.

use std::collections::HashSet;
use std::fmt::Write;

use super::Rng;

/// A word in every briefing (its bottom line says it).
pub const EVERYWHERE: &str = "ministry";

/// A word in one briefing of the archive (see [`briefing`]'s `rare`).
pub const RARE: &str = "quetzalcoatlus";

/// The most common tag.
pub const COMMON_TAG: &str = "border";

/// The English words at the top of the Zipf ranks, most common first: what news text is
/// mostly made of.
const CORE: &[&str] = &[
    "the",
    "of",
    "and",
    "to",
    "in",
    "a",
    "on",
    "said",
    "that",
    "with",
    "for",
    "by",
    "was",
    "is",
    "from",
    "at",
    "as",
    "its",
    "it",
    "have",
    "has",
    "after",
    "were",
    "be",
    "an",
    "not",
    "forces",
    "border",
    "ministry",
    "government",
    "military",
    "statement",
    "officials",
    "reported",
    "positions",
    "defence",
    "foreign",
    "minister",
    "president",
    "security",
    "attack",
    "ceasefire",
    "talks",
    "troops",
    "killed",
    "wounded",
    "villages",
    "district",
    "artillery",
    "drones",
    "shelling",
    "according",
    "sources",
    "spokesperson",
    "council",
    "envoy",
    "mission",
    "observers",
    "humanitarian",
    "corridor",
    "agreement",
    "negotiations",
    "delegation",
    "region",
    "overnight",
    "denied",
    "accused",
    "confirmed",
    "claims",
    "sides",
    "international",
    "peace",
    "conflict",
    "war",
    "civilians",
    "soldiers",
    "army",
    "fire",
    "violations",
    "sovereignty",
    "territory",
    "withdrawal",
    "sanctions",
    "embassy",
    "parliament",
    "opposition",
    "protest",
    "election",
    "economic",
    "energy",
    "pipeline",
    "gas",
    "oil",
    "refugees",
    "displaced",
    "casualties",
    "investigation",
    "evidence",
    "satellite",
    "imagery",
    "intelligence",
    "cyber",
    "campaign",
    "operation",
    "offensive",
    "counteroffensive",
    "missile",
    "strike",
    "airport",
    "port",
    "bridge",
    "road",
    "railway",
    "checkpoint",
    "monitoring",
    "mandate",
    "resolution",
    "summit",
    "leaders",
    "meeting",
    "phone",
    "call",
    "visit",
    "announced",
    "warned",
    "urged",
    "condemned",
    "welcomed",
    "expressed",
    "concern",
    "calls",
    "restraint",
    "dialogue",
    "partners",
    "allies",
    "neighbours",
    "population",
    "infrastructure",
    "damage",
    "reconstruction",
    "aid",
    "assistance",
    "supplies",
    "convoy",
    "hostages",
    "prisoners",
    "exchange",
    "bodies",
    "remains",
    "mines",
    "clearance",
    "demarcation",
    "delimitation",
    "commission",
    "treaty",
];

/// Syllables of each script words are made of, and how often a word is of it (per mille).
const SCRIPTS: &[(&[&str], u32)] = &[
    // Latin with the diacritics of European names.
    (
        &[
            "ka", "lo", "mi", "ro", "ta", "ne", "vi", "do", "ar", "el", "is", "os", "un", "ba",
            "ge", "ré", "è", "ø", "å", "ł", "źa", "ži", "šo", "ča", "ñe", "ü", "ö", "ß", "ć", "ę",
            "ő", "ţa", "ș", "ý", "ě", "ř", "ą", "ī", "ū", "ē",
        ],
        350,
    ),
    // Azerbaijani and Turkish.
    (
        &[
            "ə", "ğa", "şu", "ı", "ç", "öz", "üz", "qa", "xa", "bə", "lə", "kə", "gə", "də", "sə",
            "yə", "mə", "nə", "rə", "tə", "ağ", "oğ", "ış", "ıl", "ar", "an", "in", "un", "dam",
            "cər", "ba", "ca", "la", "li", "lu", "ma",
        ],
        250,
    ),
    // Russian.
    (
        &[
            "ка", "ла", "ми", "ро", "та", "не", "ви", "до", "ар", "ел", "ис", "ос", "ун", "ба",
            "ге", "зе", "ха", "ку", "я", "ти", "ма", "ль", "щи", "жа", "ы", "ё", "ст", "пр", "ов",
            "ев", "ер", "ван", "ск", "ий", "ая", "ое",
        ],
        250,
    ),
    // Armenian.
    (
        &[
            "Երև", "ան", "ար", "մի", "կա", "տո", "նե", "վի", "դո", "րո", "սա", "լի", "գա", "զա",
            "թա", "ու", "յան", "ց", "ղ", "շ", "ջ", "ռ", "փ", "ք", "օ", "ֆ",
        ],
        150,
    ),
];

/// Syllables of the Arabic originals.
const ARABIC: &[&str] = &[
    "ال", "م", "ح", "د", "ب", "ر", "س", "ك", "ت", "ن", "و", "ي", "ع", "ق", "ف", "ل", "ه", "ج", "ش",
    "ص", "ة", "ى", "أ", "إ", "ئ",
];

/// How many distinct words the vocabulary holds besides [`CORE`].
const DISTINCT: usize = 60_000;

/// A Zipf-distributed vocabulary of distinct words.
pub struct Vocabulary {
    words: Vec<String>,
    /// The running sum of each rank's weight (1 / rank).
    cumulative: Vec<f64>,
    arabic: Vec<String>,
}

/// A word of two to `2 + spread - 1` syllables.
fn made(r: &mut Rng, syllables: &[&str], spread: usize) -> String {
    let parts = 2 + r.below(spread);
    (0..parts)
        .map(|_| syllables[r.below(syllables.len())])
        .collect()
}

impl Vocabulary {
    pub fn new() -> Self {
        let mut r = Rng::new(0x5eed);
        let mut seen: HashSet<String> = CORE.iter().map(|w| w.to_string()).collect();
        let mut words: Vec<String> = CORE.iter().map(|w| w.to_string()).collect();
        while words.len() < CORE.len() + DISTINCT {
            let mut pick = r.below(1000) as u32;
            let syllables = SCRIPTS
                .iter()
                .find_map(|(s, share)| {
                    if pick < *share {
                        Some(*s)
                    } else {
                        pick -= share;
                        None
                    }
                })
                .unwrap_or(SCRIPTS[0].0);
            let word = made(&mut r, syllables, 3);
            if word.chars().count() >= 3 && seen.insert(word.clone()) {
                words.push(word);
            }
        }
        // Never the rare word by chance.
        words.retain(|w| w != RARE);
        let mut total = 0.0;
        let cumulative = (1..=words.len())
            .map(|rank| {
                total += 1.0 / rank as f64;
                total
            })
            .collect();
        let arabic = (0..2_000).map(|_| made(&mut r, ARABIC, 4)).collect();
        Self {
            words,
            cumulative,
            arabic,
        }
    }

    /// How many distinct words it holds.
    pub fn len(&self) -> usize {
        self.words.len()
    }

    /// A word, by Zipf's law.
    pub fn word(&self, r: &mut Rng) -> &str {
        let total = *self.cumulative.last().unwrap();
        let u = (r.next() >> 11) as f64 / (1u64 << 53) as f64 * total;
        let at = self.cumulative.partition_point(|c| *c < u);
        &self.words[at.min(self.words.len() - 1)]
    }

    /// A rarer word (a name's part): from beyond the common words.
    fn name_part(&self, r: &mut Rng) -> String {
        let w = &self.words[CORE.len() + r.below(self.words.len() - CORE.len())];
        let mut c = w.chars();
        c.next()
            .map_or(String::new(), |f| f.to_uppercase().chain(c).collect())
    }

    /// A person's or a body's name: two or three capitalised words of one script.
    pub fn name(&self, r: &mut Rng) -> String {
        let parts = 2 + r.below(2);
        (0..parts)
            .map(|_| self.name_part(r))
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// From `least` to `least + spread - 1` words, as a sentence.
    pub fn sentence(&self, r: &mut Rng, least: usize, spread: usize) -> String {
        let n = least + r.below(spread.max(1));
        let mut s = String::new();
        for i in 0..n {
            if i > 0 {
                s.push(if r.below(12) == 0 { ',' } else { ' ' });
                if s.ends_with(',') {
                    s.push(' ');
                }
            }
            s.push_str(self.word(r));
        }
        s.push('.');
        let mut c = s.chars();
        c.next()
            .map_or(String::new(), |f| f.to_uppercase().chain(c).collect())
    }

    /// `n` words of an Arabic original.
    fn arabic(&self, r: &mut Rng, n: usize) -> String {
        (0..n)
            .map(|_| self.arabic[r.below(self.arabic.len())].as_str())
            .collect::<Vec<_>>()
            .join(" ")
    }
}

/// A normal deviate (Box–Muller), for the log-normal file sizes.
fn normal(r: &mut Rng) -> f64 {
    let u = |r: &mut Rng| ((r.next() >> 11) as f64 + 0.5) / (1u64 << 53) as f64;
    let (a, b) = (u(r), u(r));
    (-2.0 * a.ln()).sqrt() * (std::f64::consts::TAU * b).cos()
}

/// How much content briefing `seed` is given before its statements stop: log-normal about
/// 4.5 KB; the fixed parts and the last statement make files of a median of about 7.5 KB
/// and a mean of about 8 KB (2,000 files measured), from 1.5 KB to 40 KB and more.
pub fn size(r: &mut Rng) -> usize {
    let bytes = 4_500.0 * (0.6 * normal(r)).exp();
    bytes.clamp(1_500.0, 120_000.0) as usize
}

/// Briefing number `seed` of a realistic archive; `rare` puts [`RARE`] in one statement.
pub fn briefing(v: &Vocabulary, seed: u64, rare: bool) -> String {
    let mut r = Rng::new(seed ^ 0xa5a5_5a5a);
    let bytes = size(&mut r);
    let mut t = String::with_capacity(bytes + 2048);
    let markings = [
        "TLP:CLEAR",
        "TLP:GREEN",
        "TLP:GREEN",
        "TLP:AMBER",
        "TLP:RED",
    ];
    let _ = write!(
        t,
        "format = 1\n[briefing]\nid = \"b-{seed}\"\ntitle = \"{}\"\ndate = {}-{:02}-{:02}\n\
         region = \"{}\"\nmarking = \"{}\"\nlanguage = \"en\"\ntags = [",
        v.sentence(&mut r, 5, 6).trim_end_matches('.'),
        1995 + r.below(31),
        1 + r.below(12),
        1 + r.below(28),
        v.name(&mut r),
        markings[r.below(markings.len())],
    );
    let mut tags = vec![COMMON_TAG.to_string()];
    tags.truncate(usize::from(r.below(3) == 0));
    for _ in 0..1 + r.below(4) {
        tags.push(v.word(&mut r).to_string());
    }
    let mut seen = HashSet::new();
    tags.retain(|g| seen.insert(g.clone()));
    let _ = writeln!(
        t,
        "{}]",
        tags.iter()
            .map(|g| format!("\"{g}\""))
            .collect::<Vec<_>>()
            .join(", ")
    );
    let _ = write!(
        t,
        "[summary]\nbluf = \"The {EVERYWHERE} {}\"\nkey_points = [",
        v.sentence(&mut r, 20, 20)
    );
    for k in 0..2 + r.below(4) {
        let _ = write!(
            t,
            "{}\"{}\"",
            if k > 0 { ", " } else { "" },
            v.sentence(&mut r, 8, 8)
        );
    }
    t.push_str("]\ntext = \"\"\"");
    for p in 0..1 + r.below(3) {
        if p > 0 {
            t.push_str("\n\n");
        }
        t.push_str(&v.sentence(&mut r, 40, 40));
    }
    t.push_str("\"\"\"\n");
    let sources = 2 + r.below(5);
    for s in 0..sources {
        let _ = write!(
            t,
            "[[sources]]\nid = \"s{s}\"\nname = \"{}\"\nkind = \"media\"\nreliability = \"{}\"\n",
            v.name(&mut r),
            ["A", "B", "C", "D", "E", "F"][r.below(6)]
        );
    }
    for _ in 0..r.below(6) {
        let year = 1900 + r.below(120);
        let _ = write!(
            t,
            "[[background]]\nperiod = \"{year}\"\nyear = {year}\ntitle = \"{}\"\ntext = \"{}\"\n",
            v.sentence(&mut r, 4, 1).trim_end_matches('.'),
            v.sentence(&mut r, 20, 30)
        );
    }
    // The statements: speakers of a few parties, until the size is reached.
    let speakers: Vec<String> = (0..3 + r.below(6)).map(|_| v.name(&mut r)).collect();
    let statement = |r: &mut Rng, t: &mut String, prefix: &str| {
        let speaker = &speakers[r.below(speakers.len())];
        let words = if r.below(5) == 0 {
            40 + r.below(60)
        } else {
            10 + r.below(25)
        };
        let _ = write!(
            t,
            "{prefix}speaker = \"{speaker}\"\nrole = \"{}\"\ntext = \"{}\"\nsource = \"s{}\"\n\
             credibility = {}\n",
            v.sentence(r, 2, 1).trim_end_matches('.'),
            v.sentence(r, words, 1),
            r.below(sources),
            1 + r.below(6)
        );
        if r.below(3) == 0 {
            t.push_str("kind = \"quote\"\n");
        }
        match r.below(10) {
            0 => {
                let _ = write!(
                    t,
                    "original = \"{}\"\noriginal_language = \"ar\"\n",
                    v.arabic(r, words)
                );
            }
            1 => {
                let _ = write!(
                    t,
                    "original = \"{}\"\noriginal_language = \"ru\"\n",
                    v.sentence(r, words, 1)
                );
            }
            _ => {}
        }
    };
    let mut rest = String::new();
    for _ in 0..r.below(8) {
        let _ = write!(rest, "[[reactions]]\nactor = \"{}\"\n", v.name(&mut r));
        statement(&mut r, &mut rest, "");
    }
    if rare {
        let _ = write!(
            rest,
            "[[reactions]]\nactor = \"Museum\"\nspeaker = \"Curator\"\ntext = \"A {RARE} fossil was found.\"\n"
        );
    }
    let parties = 2 + r.below(4);
    for p in 0..parties {
        let _ = write!(
            t,
            "[[parties]]\nname = \"{} {p}\"\nrole = \"{}\"\nposition = \"{}\"\n",
            v.name(&mut r),
            v.sentence(&mut r, 3, 1).trim_end_matches('.'),
            v.sentence(&mut r, 8, 1)
        );
        // Each party's share of the statements; the last party takes what is left.
        let share = (bytes.saturating_sub(t.len() + rest.len())) / (parties - p);
        let until = t.len() + share;
        loop {
            statement(&mut r, &mut t, "[[parties.statements]]\n");
            if t.len() >= until {
                break;
            }
        }
    }
    t.push_str(&rest);
    t
}
