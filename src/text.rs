//! Text as a terminal shows it and as search compares it: width in columns and cuts by
//! grapheme cluster (what a reader sees as one character), ranges widened to whole
//! characters, excerpts around a place, the folding search compares by, and fingerprints of
//! whole texts. The ground floor of the crate: everything may use it, and it uses nothing of
//! the crate.

use std::borrow::Cow;
use std::ops::Range;

use unicode_segmentation::{GraphemeCursor, UnicodeSegmentation};
use unicode_width::UnicodeWidthStr;

/// Columns a string takes on a terminal, grapheme by grapheme, as the terminal buffer counts.
pub fn display_width(s: &str) -> usize {
    if s.is_ascii() {
        return s.bytes().filter(|b| !b.is_ascii_control()).count();
    }
    s.graphemes(true).map(grapheme_width).sum()
}

pub fn grapheme_width(g: &str) -> usize {
    if g.contains(char::is_control) {
        0
    } else {
        g.width()
    }
}

/// `s` cut to at most `width` columns at a grapheme boundary, with `…` when anything was cut.
pub fn truncate(s: &str, width: usize) -> Cow<'_, str> {
    if display_width(s) <= width {
        return Cow::Borrowed(s);
    }
    let mut out = String::new();
    let mut used = 0;
    for g in s.graphemes(true) {
        let w = grapheme_width(g);
        if used + w + 1 > width {
            break;
        }
        out.push_str(g);
        used += w;
    }
    if width > 0 {
        out.push('…');
    }
    Cow::Owned(out)
}

/// `mine` from where it stops sharing a start with `others` (names, ids, folders), widened
/// back to the separator (`-`, `_`, `.`, `/`, space) before it, with `…` for what was left
/// out: `2024-w03-weekly` among `2024-w00-weekly`… gives `…w03-weekly`, which a narrow column
/// can cut at its end and still tell apart. Differing from its first character, `mine` whole;
/// all of it the start of another's (`/a/b/` among `/a/b/c/`), from its last word (`…b/`).
pub fn differing<'a>(mine: &str, others: impl IntoIterator<Item = &'a str>) -> String {
    let separator = |c: char| matches!(c, '-' | '_' | '.' | '/' | ' ');
    let shared = (others.into_iter())
        .map(|other| {
            (mine.char_indices().zip(other.chars()))
                .find(|((_, a), b)| a != b)
                .map_or(mine.len().min(other.len()), |((at, _), _)| at)
        })
        .max()
        .unwrap_or(0);
    // All of it the start of another's: its last word is what the other goes on from.
    let shared = if shared == mine.len() {
        mine.trim_end_matches(separator).len()
    } else {
        shared
    };
    match mine[..shared].rfind(separator) {
        Some(at) if at + 1 < mine.len() => format!("…{}", &mine[at + 1..]),
        _ => mine.to_string(),
    }
}

/// `range` of `text` widened to whole characters as a reader sees them (grapheme clusters),
/// so that drawing it never splits one across cells.
pub fn whole_graphemes(text: &str, range: Range<usize>) -> Range<usize> {
    if text.is_ascii() {
        return range;
    }
    let edge = |at: usize, forward: bool| {
        let mut cursor = GraphemeCursor::new(at, text.len(), true);
        match cursor.is_boundary(text, 0) {
            Ok(true) => at,
            _ if forward => cursor
                .next_boundary(text, 0)
                .ok()
                .flatten()
                .unwrap_or(text.len()),
            _ => cursor.prev_boundary(text, 0).ok().flatten().unwrap_or(0),
        }
    };
    edge(range.start, false)..edge(range.end, true)
}

/// A short excerpt around a hit, on one line: `…no military solution to the conflict.`
/// `before` and `after` count characters as a reader sees them (grapheme clusters), so a cut
/// never splits one: half an emoji sequence could end with a joiner, which some terminals
/// join to whatever is drawn next.
pub fn excerpt(text: &str, at: usize, before: usize, after: usize) -> String {
    let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[at..].find('\n').map_or(text.len(), |i| at + i);
    let lead: Vec<&str> = text[line_start..at].graphemes(true).collect();
    let cut = lead.len() > before;
    let lead: String = lead[lead.len().saturating_sub(before)..].concat();
    let tail: String = text[at..line_end].graphemes(true).take(after).collect();
    let ellipsis_end = if text[at..line_end].graphemes(true).nth(after).is_some() {
        "…"
    } else {
        ""
    };
    format!(
        "{}{}{}{}",
        if cut { "…" } else { "" },
        lead.trim_start(),
        tail,
        ellipsis_end
    )
}

/// How many bytes at the start of `bytes` are ASCII, looking at eight at a time.
pub fn ascii_run(bytes: &[u8]) -> usize {
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let (words, _) = bytes.as_chunks::<8>();
    for (i, word) in words.iter().enumerate() {
        let high = u64::from_le_bytes(*word) & HIGH;
        if high != 0 {
            return i * 8 + high.trailing_zeros() as usize / 8;
        }
    }
    let done = words.len() * 8;
    done + bytes[done..].iter().take_while(|b| b.is_ascii()).count()
}

/// Lowercases ASCII bytes in place, eight at a time.
fn ascii_lowercase(bytes: &mut [u8]) {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let (words, rest) = bytes.as_chunks_mut::<8>();
    for word in words {
        let w = u64::from_le_bytes(*word);
        // For bytes below 0x80: the high bit of `at_a` is set from 'A' up, of `past_z` from
        // just after 'Z' up, so their difference marks exactly the capital letters.
        let at_a = w.wrapping_add((0x80 - u64::from(b'A')) * ONES);
        let past_z = w.wrapping_add((0x80 - u64::from(b'Z') - 1) * ONES);
        let capitals = (at_a ^ past_z) & HIGH & !w;
        *word = (w | (capitals >> 2)).to_le_bytes();
    }
    rest.make_ascii_lowercase();
}

/// Appends `text` to `out` with its runs of ASCII (most of any briefing, even one full of
/// curly quotes and dashes) lowercased eight bytes at a time, and hands each character
/// between them to `other` to append.
fn by_runs(text: &str, out: &mut Vec<u8>, mut other: impl FnMut(char, &mut Vec<u8>)) {
    let mut rest = text;
    loop {
        let run = ascii_run(rest.as_bytes());
        let start = out.len();
        out.extend_from_slice(&rest.as_bytes()[..run]);
        ascii_lowercase(&mut out[start..]);
        let mut chars = rest[run..].chars();
        let Some(c) = chars.next() else { break };
        other(c, out);
        rest = chars.as_str();
    }
}

/// A fingerprint of `text`, to tell whether a briefing changed: 128 bits of SipHash-1-3 with
/// fixed keys, the same on every machine and in every version.
pub fn fingerprint(text: &str) -> Fingerprint {
    use std::hash::Hasher;
    let mut hasher = siphasher::sip128::SipHasher13::new();
    hasher.write(text.as_bytes());
    Fingerprint::from(siphasher::sip128::Hasher128::finish128(&hasher).as_u128())
}

/// What [`fingerprint`] gives: 16 bytes, most significant first, as the search index keeps
/// them (the state store writes them as 32 hex digits, at its edge). All zeros stands for
/// none known.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Fingerprint([u8; 16]);

impl Fingerprint {
    pub const fn from_bytes(bytes: [u8; 16]) -> Self {
        Self(bytes)
    }

    pub const fn to_bytes(self) -> [u8; 16] {
        self.0
    }

    /// A fingerprint as a database keeps it; none unless it is 16 bytes long.
    pub fn from_blob(blob: &[u8]) -> Option<Self> {
        blob.try_into().ok().map(Self)
    }

    /// All zeros: no fingerprint known.
    pub fn is_zero(self) -> bool {
        self.0 == [0; 16]
    }
}

impl From<u128> for Fingerprint {
    fn from(n: u128) -> Self {
        Self(n.to_be_bytes())
    }
}

impl From<Fingerprint> for u128 {
    fn from(f: Fingerprint) -> Self {
        u128::from_be_bytes(f.0)
    }
}

/// `text` as search compares it: compatibility forms written plainly first (NFKC's mapping:
/// `ﬁ` → `fi`, `ＡＢＣ` → `ABC`), then lowercase, with diacritics taken off (`Şuşa` → `susa`) and
/// the letters that carry theirs in their shape written plainly (`Ølvå` → `olva`,
/// `Kəlbəcər` → `kelbecer`, `Łódź` → `lodz`, `straße` → `strasse`). Analysts transliterate
/// names all the time; the index and the reader fold alike, so a word found in one is found in
/// the other.
pub fn fold(text: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    let mut out = Vec::with_capacity(text.len());
    let (mut one, mut folded) = ([0u8; 4], String::new());
    // Only the characters between runs of ASCII are decomposed, one by one.
    by_runs(text, &mut out, |c, out| {
        folded.clear();
        for d in c.encode_utf8(&mut one).nfkd() {
            fold_char(d, &mut folded);
        }
        out.extend_from_slice(folded.as_bytes());
    });
    String::from_utf8(out).expect("ASCII runs and whole characters stay UTF-8")
}

/// The words of `text`, for the index and for queries alike: runs of letters and digits
/// (`char::is_alphanumeric`).
pub fn words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
}

/// Folds texts into the words the search index keeps: the [`words`] of [`fold`]ed text, each
/// followed by a space, in one pass. It remembers what each character other than ASCII
/// became (the last one seen of each 256 code points apart): a briefing in Cyrillic, Arabic
/// or Armenian asks the same few dozen again and again, and decomposing, lowercasing and
/// classifying them each time was most of the work of loading a briefing for the index.
pub struct WordFolder {
    /// A character, and what it folds to with every character not a letter or digit as a
    /// space. NUL, an ASCII character, marks a slot not yet used.
    seen: Vec<(char, String)>,
}

impl Default for WordFolder {
    fn default() -> Self {
        Self {
            seen: vec![('\0', String::new()); 256],
        }
    }
}

impl WordFolder {
    /// Appends the words of `fold(text)` to `out`, each followed by a space.
    pub fn push_words(&mut self, text: &str, out: &mut String) {
        let mut in_word = false;
        let mut put = |c: char, out: &mut String| {
            if c == ' ' {
                if in_word {
                    out.push(' ');
                    in_word = false;
                }
            } else {
                in_word = true;
                out.push(c);
            }
        };
        for c in text.chars() {
            if c.is_ascii() {
                let c = if c.is_ascii_alphanumeric() {
                    c.to_ascii_lowercase()
                } else {
                    ' '
                };
                put(c, out);
                continue;
            }
            let slot = &mut self.seen[c as usize & 0xff];
            if slot.0 != c {
                let mut one = [0u8; 4];
                let folded = fold(c.encode_utf8(&mut one));
                slot.1.clear();
                slot.1
                    .extend((folded.chars()).map(|f| if f.is_alphanumeric() { f } else { ' ' }));
                slot.0 = c;
            }
            for f in slot.1.chars() {
                put(f, out);
            }
        }
        if in_word {
            out.push(' ');
        }
    }
}

/// A text folded ([`fold`]), with where each of its bytes came from in the text as written,
/// so that a place found in the folded text can be shown in the text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Folded {
    pub text: String,
    /// For each byte of `text`, the start and end of the character of the original it came
    /// from.
    from: Vec<(u32, u32)>,
}

impl Folded {
    pub fn of(original: &str) -> Self {
        let mut text = String::with_capacity(original.len());
        let mut from = Vec::with_capacity(original.len());
        let mut one = [0u8; 4];
        for (at, c) in original.char_indices() {
            let before = text.len();
            if c.is_ascii() {
                text.push(c.to_ascii_lowercase());
            } else {
                text.push_str(&fold(c.encode_utf8(&mut one)));
            }
            let span = (u32_of(at), u32_of(at + c.len_utf8()));
            from.extend(std::iter::repeat_n(span, text.len() - before));
        }
        Self { text, from }
    }

    /// The range of the original that `range` of the folded text came from: whole
    /// characters, however a folded character was split.
    pub fn original(&self, range: Range<usize>) -> Range<usize> {
        let start = self.from.get(range.start).map_or(0, |f| f.0);
        let end = self
            .from
            .get(range.end.saturating_sub(1).max(range.start))
            .map_or(start, |f| f.1);
        start as usize..end as usize
    }
}

fn u32_of(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// Appends `c`, a character of a text decomposed with compatibility mappings (NFKD), folded: a combining mark is left out.
fn fold_char(c: char, out: &mut String) {
    if unicode_normalization::char::is_combining_mark(c) {
        return;
    }
    let plain = match c {
        'ø' | 'Ø' => "o",
        'ł' | 'Ł' => "l",
        'đ' | 'Đ' | 'ð' | 'Ð' => "d",
        'ħ' | 'Ħ' => "h",
        'ı' => "i",
        'ə' | 'Ə' => "e",
        'ß' | 'ẞ' => "ss",
        'æ' | 'Æ' => "ae",
        'œ' | 'Œ' => "oe",
        'þ' | 'Þ' => "th",
        _ => {
            out.extend(c.to_lowercase());
            return;
        }
    };
    out.push_str(plain);
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_part_that_differs_is_found_with_its_words() {
        let ids = [
            "2024-w00-baltic-weekly-summary",
            "2024-w03-baltic-weekly-summary",
            "2024-w07-baltic-weekly-summary",
        ];
        assert_eq!(
            super::differing(ids[1], [ids[0], ids[2]]),
            "…w03-baltic-weekly-summary"
        );
        assert_eq!(
            super::differing("1-desk/sub/", ["2-desk/sub/"]),
            "1-desk/sub/"
        );
        let folders = [
            "/a/same-title/north/",
            "/a/same-title/south/",
            "/a/same-title/",
        ];
        assert_eq!(
            super::differing(folders[0], [folders[1], folders[2]]),
            "…north/"
        );
        // Nothing of its own: the start of another's, which goes on from its last word.
        assert_eq!(super::differing(folders[2], [folders[0]]), "…title/");
        assert_eq!(super::differing("Şuşa-2", ["Şuşa-1"]), "…2");
        assert_eq!(super::differing("a", ["b"]), "a");
    }

    use super::*;

    #[test]
    fn truncation_respects_graphemes_and_width() {
        assert_eq!(truncate("Summary", 10), "Summary");
        assert_eq!(truncate("Azerbaijan", 6), "Azerb…");
        assert_eq!(truncate("日本語テキスト", 6), "日本…");
        assert_eq!(truncate("e\u{301}e\u{301}e\u{301}", 2), "e\u{301}…");
        assert_eq!(truncate("abc", 0), "");
    }

    #[test]
    fn ranges_widen_to_whole_characters() {
        let family = "a 👩\u{200d}👩\u{200d}👧 b";
        // Inside the family emoji, after its first joiner.
        assert_eq!(whole_graphemes(family, 2..9), 2..20);
        assert_eq!(whole_graphemes(family, 6..9), 2..20);
        assert_eq!(whole_graphemes("e\u{301}x", 0..1), 0..3);
        assert_eq!(whole_graphemes("abc", 1..2), 1..2);
    }

    #[test]
    fn ascii_run_stops_at_the_first_non_ascii_byte() {
        for at in 0..20 {
            let text = format!("{}é{}", "a".repeat(at), "b".repeat(9));
            assert_eq!(ascii_run(text.as_bytes()), at, "{text}");
            assert_eq!(ascii_run("a".repeat(at).as_bytes()), at);
        }
    }

    #[test]
    fn ascii_lowercasing_eight_at_a_time_matches_std() {
        let all: Vec<u8> = (0u8..0x80).chain(0u8..0x80).collect();
        for start in 0..8 {
            let mut mine = all[start..].to_vec();
            ascii_lowercase(&mut mine);
            assert_eq!(mine, all[start..].to_ascii_lowercase());
        }
    }

    #[test]
    fn folding_takes_off_case_and_diacritics() {
        for (text, folded) in [
            ("Şuşa", "susa"),
            ("Ølvå", "olva"),
            ("Kəlbəcər", "kelbecer"),
            ("Łódź", "lodz"),
            ("Straße", "strasse"),
            ("İstanbul", "istanbul"),
            ("Ереван", "ереван"),
            ("東京", "東京"),
            ("ﬁnance", "finance"),
            ("ＡＢＣ", "abc"),
            ("Ｓｕşa", "susa"),
        ] {
            assert_eq!(fold(text), folded, "{text}");
        }
    }

    #[test]
    fn a_folded_place_is_found_in_the_text_as_written() {
        let text = "Near Şuşa, in Straße 5";
        let folded = Folded::of(text);
        assert_eq!(folded.text, "near susa, in strasse 5");
        let at = folded.text.find("susa").unwrap();
        assert_eq!(&text[folded.original(at..at + 4)], "Şuşa");
        // Half of what ß became is the whole ß.
        let at = folded.text.find("stras").unwrap();
        assert_eq!(&text[folded.original(at..at + 5)], "Straß");
        // One ligature becomes two letters: either of them is the whole ligature.
        let text = "the ﬁnance of ＡＢＣ";
        let folded = Folded::of(text);
        assert_eq!(folded.text, "the finance of abc");
        let at = folded.text.find("finance").unwrap();
        assert_eq!(&text[folded.original(at..at + 7)], "ﬁnance");
        assert_eq!(&text[folded.original(at + 1..at + 3)], "ﬁn");
        let at = folded.text.find("abc").unwrap();
        assert_eq!(&text[folded.original(at..at + 3)], "ＡＢＣ");
        assert_eq!(&text[folded.original(at + 1..at + 2)], "Ｂ");
    }

    proptest::proptest! {
        /// The word folder gives the words of the folded text, whatever the text and
        /// however often its characters come back.
        #[test]
        fn the_word_folder_gives_the_words_of_the_folded_text(
            texts in proptest::collection::vec(
                "[a-zA-Z0-9 ,.'’\\-ﬁＡ-Ｚ①½ŞşßØøəƏ\u{301}\u{200d}а-яА-ЯёԱ-Ֆա-ֆ\u{0621}-\u{064a}\u{0900}-\u{097f}ĀȀɐ-ʯ\u{1100}-\u{11ff}]{0,30}",
                1..6,
            ),
        ) {
            let mut folder = WordFolder::default();
            for text in &texts {
                let mut out = String::new();
                folder.push_words(text, &mut out);
                let folded = fold(text);
                let expected: String = words(&folded).map(|w| format!("{w} ")).collect();
                proptest::prop_assert_eq!(&out, &expected);
            }
        }
    }

    proptest::proptest! {
        /// A compatibility form folds as what it stands for, and the folded text maps back
        /// to whole characters of the text as written, however many letters one became.
        #[test]
        fn compatibility_forms_fold_as_what_they_stand_for(
            text in "[a-zA-Z ﬁﬂﬀﬃＡ-Ｚａ-ｚ０-９①㎒½ŞşßØ\u{301}]{0,40}",
        ) {
            use unicode_normalization::UnicodeNormalization;
            let plain: String = text.nfkc().collect();
            proptest::prop_assert_eq!(fold(&text), fold(&plain));
            let folded = Folded::of(&text);
            proptest::prop_assert_eq!(&folded.text, &fold(&text));
            for at in 0..folded.text.len() {
                if !folded.text.is_char_boundary(at) {
                    continue;
                }
                let back = folded.original(at..at + 1);
                proptest::prop_assert!(text.is_char_boundary(back.start));
                proptest::prop_assert!(text.is_char_boundary(back.end));
                proptest::prop_assert!(back.start < back.end);
            }
        }
    }

    proptest::proptest! {
        /// Folding by ASCII runs gives what folding each character in turn does.
        #[test]
        fn folding_by_runs_matches_char_by_char(
            text in "[a-zA-Z0-9 .,“”–À-ÿİΣßŞşəƏøØŁłЕе東ﬁＡｂ①\u{301}\n]{0,80}",
        ) {
            use unicode_normalization::UnicodeNormalization;
            let mut plain = String::new();
            for c in text.nfkd() {
                fold_char(c, &mut plain);
            }
            proptest::prop_assert_eq!(fold(&text), plain);
        }
    }
}
