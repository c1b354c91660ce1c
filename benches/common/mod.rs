//! Generated briefings for benchmarks: realistic shape (parties, quotes, paraphrases, sources,
//! a timeline), deterministic content, any size.

#![allow(dead_code)]

use std::fmt::Write;

pub mod realistic;

/// Words for the generated text; a few carry the curly quotes, dashes and apostrophes that
/// real briefings are full of, and the names with diacritics and other scripts that analysts'
/// archives are full of, so the non-ASCII paths are measured too.
const WORDS: &[&str] = &[
    "Şuşa",
    "Kəlbəcər",
    "Ølvå",
    "Łódź",
    "Ереван",
    "Gəncə",
    "Ağdam",
    "“firm”",
    "–",
    "partners’",
    "ministry",
    "border",
    "ceasefire",
    "talks",
    "statement",
    "forces",
    "positions",
    "shelling",
    "delegation",
    "agreement",
    "region",
    "officials",
    "reported",
    "said",
    "denied",
    "accused",
    "confirmed",
    "overnight",
    "district",
    "villages",
    "artillery",
    "drones",
    "negotiations",
    "envoy",
    "council",
    "security",
    "humanitarian",
    "corridor",
    "observers",
    "mission",
    "the",
    "a",
    "of",
    "in",
    "on",
    "and",
    "to",
    "with",
    "after",
    "before",
    "near",
    "against",
    "from",
    "according",
    "sources",
    "government",
    "spokesperson",
    "defence",
    "foreign",
    "minister",
];

/// A small deterministic generator, so every run benchmarks the same text.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Self(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }

    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    pub fn sentence(&mut self, words: usize) -> String {
        let mut s = String::new();
        for i in 0..words {
            if i > 0 {
                s.push(' ');
            }
            s.push_str(WORDS[self.below(WORDS.len())]);
        }
        s.push('.');
        let mut c = s.chars();
        c.next()
            .map_or(String::new(), |f| f.to_uppercase().chain(c).collect())
    }
}

/// A briefing of about `bytes` bytes of TOML. A small fixed part (summary, sources, timeline,
/// a reaction, a second party) and then statements of the first party until the size is
/// reached, so that party's tab is the long one, a screenful or more even at 4 KB.
pub fn briefing(bytes: usize, seed: u64) -> String {
    let mut r = Rng::new(seed);
    let mut t = String::with_capacity(bytes + 4096);
    let year = 2000 + r.below(25);
    let _ = write!(
        t,
        "format = 1\n[briefing]\ntitle = \"{}\"\ndate = {year}-{:02}-{:02}\nregion = \"Region {}\"\n\
         tags = [\"tag{}\", \"tag{}\"]\nmarking = \"TLP:CLEAR\"\n[summary]\nbluf = \"{}\"\n\
         key_points = [\"{}\"]\ntext = \"{}\"\n",
        r.sentence(8),
        1 + r.below(12),
        1 + r.below(28),
        r.below(20),
        r.below(50),
        r.below(50),
        r.sentence(16),
        r.sentence(8),
        r.sentence(20),
    );
    for id in ["wire", "paper"] {
        let _ = write!(
            t,
            "[[sources]]\nid = \"{id}\"\nname = \"{}\"\nreliability = \"B\"\n",
            r.sentence(3)
        );
    }
    for event in 0..2 {
        let _ = write!(
            t,
            "[[background]]\nperiod = \"{0}\"\nyear = {0}\ntitle = \"{1}\"\ntext = \"{2}\"\n",
            1990 + event * 8,
            r.sentence(3),
            r.sentence(10)
        );
    }
    let _ = write!(
        t,
        "[[reactions]]\nactor = \"Observer\"\nspeaker = \"Envoy\"\ntext = \"{}\"\n",
        r.sentence(8)
    );
    let _ = write!(
        t,
        "[[parties]]\nname = \"Alpha\"\nposition = \"Holds its line.\"\n"
    );
    let beta = format!(
        "[[parties]]\nname = \"Beta\"\n[[parties.statements]]\nspeaker = \"Ministry\"\ntext = \"{}\"\n",
        r.sentence(10)
    );
    let mut n = 0;
    while t.len() + beta.len() < bytes {
        let quote = n % 3 == 0;
        // Mostly one-line statements, with a long one now and then.
        let words = if n % 5 == 4 {
            20 + r.below(40)
        } else {
            4 + r.below(9)
        };
        let _ = write!(
            t,
            "[[parties.statements]]\nspeaker = \"Speaker {}\"\ntext = \"{}\"\nsource = \"wire\"\n",
            n % 17,
            r.sentence(words),
        );
        if quote {
            let _ = writeln!(t, "kind = \"quote\"\ncredibility = {}", 1 + n % 6);
        }
        n += 1;
    }
    t.push_str(&beta);
    t
}
