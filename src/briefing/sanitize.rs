//! Makes untrusted text safe to show: nothing from a briefing may reach a terminal as a
//! control sequence, reorder text with bidi controls, or hide behind tag characters.
//!
//! Every string is cleaned once, at load time, so the UI and every printed output can trust
//! what the model holds. The same functions clean anything an error message quotes.
//!
//! A zero-width joiner is kept only where it joins something within a character (an emoji
//! sequence such as 👩‍👩‍👧): one that joins nothing would end a terminal cell, and some
//! terminals (tmux) then draw the next cell's character into it, shifting the rest of the
//! line. Text made only of invisible characters gets a visible base ([`visible`]).

use std::borrow::Cow;

use unicode_segmentation::UnicodeSegmentation;

use crate::text::ascii_run;
use unicode_width::UnicodeWidthChar;

/// Columns a tab advances to (the next multiple of this).
const TAB_STOP: usize = 4;

/// Shown in place of a C1 control, bidi control or tag character.
pub const REPLACEMENT: char = '\u{FFFD}';

/// The zero-width joiner.
const ZWJ: char = '\u{200D}';

/// The base that text made only of invisible characters is shown on (as Unicode charts show
/// a combining mark on its own).
pub const DOTTED_CIRCLE: char = '\u{25CC}';

/// Whether the text may span several lines (`\n` kept) or must stay on one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lines {
    /// Newlines become spaces: titles, names, labels.
    Single,
    /// Newlines are kept: statements, summaries, background.
    Multi,
}

/// What a character becomes when shown.
enum Fate {
    Keep,
    Newline,
    Tab,
    Replace(char),
    /// A zero-width joiner: kept where it joins within a character, dropped elsewhere.
    Joiner,
}

/// Whether sanitising would change `c`: a control, bidi, tag or line-separator character.
pub fn is_unsafe(c: char) -> bool {
    c == '\r' || !matches!(fate(c), Fate::Keep)
}

fn fate(c: char) -> Fate {
    match c {
        '\n' | '\u{2028}' | '\u{2029}' => Fate::Newline,
        '\t' => Fate::Tab,
        // C0 controls become their visible "control picture" (ESC shows as ␛).
        '\0'..='\u{1f}' => Fate::Replace(char::from_u32(0x2400 + c as u32).unwrap_or(REPLACEMENT)),
        '\u{7f}' => Fate::Replace('\u{2421}'),
        // C1 controls (U+009B is a one-byte CSI on some terminals).
        '\u{80}'..='\u{9f}' => Fate::Replace(REPLACEMENT),
        // Bidi embedding, override and isolate controls, and the marks that steer them.
        '\u{202a}'..='\u{202e}'
        | '\u{2066}'..='\u{2069}'
        | '\u{200e}'
        | '\u{200f}'
        | '\u{061c}' => Fate::Replace(REPLACEMENT),
        // Tag characters: invisible, and able to smuggle text.
        '\u{e0000}'..='\u{e007f}' => Fate::Replace(REPLACEMENT),
        // Interlinear annotation controls hide text in some renderers.
        '\u{fff9}'..='\u{fffb}' => Fate::Replace(REPLACEMENT),
        ZWJ => Fate::Joiner,
        _ => Fate::Keep,
    }
}

/// Whether `bytes` holds a C0 control (other than `\n` when `newline_ok`) or DEL. Looks at
/// eight bytes at a time and checks a word byte by byte only when it may hold one.
fn has_control(bytes: &[u8], newline_ok: bool) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let precise = |part: &[u8]| {
        part.iter()
            .any(|&b| (b < 0x20 && !(newline_ok && b == b'\n')) || b == 0x7f)
    };
    let (words, rest) = bytes.as_chunks::<8>();
    for word in words {
        let w = u64::from_le_bytes(*word);
        // A byte below 0x20, or a byte equal to 0x7f, somewhere in the word.
        let below_space = w.wrapping_sub(0x20 * ONES) & !w & HIGH;
        let x = w ^ (0x7f * ONES);
        let del = x.wrapping_sub(ONES) & !x & HIGH;
        if below_space | del != 0 && precise(word) {
            return true;
        }
    }
    precise(rest)
}

fn is_clean(text: &str, lines: Lines) -> bool {
    if has_control(text.as_bytes(), lines == Lines::Multi) {
        return false;
    }
    // Outside ASCII, look at each character (C1, bidi and tag characters are all non-ASCII),
    // skipping the ASCII runs between them eight bytes at a time.
    let mut rest = text;
    loop {
        let mut chars = rest[ascii_run(rest.as_bytes())..].chars();
        let Some(c) = chars.next() else { return true };
        if !matches!(fate(c), Fate::Keep) {
            return false;
        }
        rest = chars.as_str();
    }
}

/// Cleans `text` for display: controls, bidi and tag characters become visible placeholders,
/// CRLF and lone CR become `\n` (or a space for [`Lines::Single`]), tabs become spaces.
pub fn sanitize(text: &str, lines: Lines) -> Cow<'_, str> {
    if is_clean(text, lines) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    clean_into(text, lines, &mut out, |_, _| {});
    if out.contains(ZWJ) {
        drop_dangling_joiners(&mut out, None);
    }
    Cow::Owned(out)
}

/// Like [`sanitize`], and also maps every byte offset of `text` (and its end) to the offset
/// in the cleaned text where that character now starts, so spans can follow the text.
pub fn sanitize_mapped(text: &str, lines: Lines) -> (String, Vec<usize>) {
    let mut out = String::with_capacity(text.len() + 8);
    let mut map = vec![0; text.len() + 1];
    clean_into(text, lines, &mut out, |from, to| {
        for slot in &mut map[from.clone()] {
            *slot = to;
        }
    });
    map[text.len()] = out.len();
    if out.contains(ZWJ) {
        drop_dangling_joiners(&mut out, Some(&mut map));
    }
    (out, map)
}

/// The cleaning itself; `mapped(original byte range, output offset)` is told where each
/// character went.
fn clean_into(
    text: &str,
    lines: Lines,
    out: &mut String,
    mut mapped: impl FnMut(std::ops::Range<usize>, usize),
) {
    let mut column = 0usize;
    let mut chars = text.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        let mut end = at + c.len_utf8();
        mapped(at..end, out.len());
        let c = if c == '\r' {
            if let Some(&(lf, '\n')) = chars.peek() {
                chars.next();
                end = lf + 1;
                mapped(lf..end, out.len());
            }
            '\n'
        } else {
            c
        };
        match fate(c) {
            Fate::Keep => {
                out.push(c);
                column += 1;
            }
            Fate::Newline => {
                match lines {
                    Lines::Multi => out.push('\n'),
                    Lines::Single => out.push(' '),
                }
                column = 0;
            }
            Fate::Tab => {
                let spaces = TAB_STOP - column % TAB_STOP;
                out.extend(std::iter::repeat_n(' ', spaces));
                column += spaces;
            }
            Fate::Replace(r) => {
                out.push(r);
                column += 1;
            }
            // Whether it joins anything is known once the text around it is clean.
            Fate::Joiner => out.push(c),
        }
    }
}

/// Removes every zero-width joiner that ends a character, joining nothing after it, and keeps
/// `map` (offsets into `out`) pointing at the same characters.
fn drop_dangling_joiners(out: &mut String, mut map: Option<&mut [usize]>) {
    // Removing one can change where characters end: go again until none is left.
    loop {
        let dangling: Vec<std::ops::Range<usize>> = out
            .grapheme_indices(true)
            .filter_map(|(at, g)| {
                let kept = g.trim_end_matches(ZWJ).len();
                (kept < g.len()).then_some(at + kept..at + g.len())
            })
            .collect();
        if dangling.is_empty() {
            return;
        }
        for cut in dangling.iter().rev() {
            out.replace_range(cut.clone(), "");
            for at in map.iter_mut().flat_map(|m| m.iter_mut()) {
                if *at >= cut.end {
                    *at -= cut.len();
                } else if *at > cut.start {
                    *at = cut.start;
                }
            }
        }
    }
}

/// Whether `text` holds characters and none of them shows: only zero-width ones (joiners,
/// combining marks, variation selectors, zero-width spaces) and white space.
pub fn is_invisible(text: &str) -> bool {
    !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_whitespace() || c.width().is_none_or(|w| w == 0))
}

/// `text`, or when it is invisible ([`is_invisible`]), the same on a dotted circle, so that
/// it takes a cell and can be seen to be there.
pub fn visible(text: Cow<'_, str>) -> Cow<'_, str> {
    if is_invisible(&text) {
        Cow::Owned(format!("{DOTTED_CIRCLE}{}", text.trim_start()))
    } else {
        text
    }
}

/// Cleans text that an error message quotes back: always one line.
pub fn quoted(text: &str) -> Cow<'_, str> {
    sanitize(text, Lines::Single)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_are_found_wherever_they_sit_in_a_word() {
        let base = "abcdefghijklmnopqrstuvwxyz0123456789".to_string();
        for at in 0..base.len() {
            for bad in ['\u{1}', '\u{1f}', '\u{7f}', '\t', '\r'] {
                let mut text = base.clone();
                text.replace_range(at..at + 1, &bad.to_string());
                assert!(!is_clean(&text, Lines::Multi), "{at} {bad:?}");
            }
            let mut text = base.clone();
            text.replace_range(at..at + 1, "\n");
            assert!(is_clean(&text, Lines::Multi));
            assert!(!is_clean(&text, Lines::Single));
        }
        assert!(is_clean("caf\u{e9} \u{2014} \u{1f600}", Lines::Single));
        assert!(!is_clean("caf\u{e9}\u{9b}", Lines::Single));
    }

    #[test]
    fn clean_text_is_borrowed() {
        assert!(matches!(
            sanitize("Goris, Sok", Lines::Single),
            Cow::Borrowed(_)
        ));
        assert!(matches!(sanitize("a\nb", Lines::Multi), Cow::Borrowed(_)));
    }

    #[test]
    fn escape_sequences_become_visible() {
        let s = sanitize("\u{1b}]0;pwned\u{7}title\u{1b}[2J", Lines::Single);
        assert_eq!(s, "␛]0;pwned␇title␛[2J");
        assert!(!s.contains('\u{1b}'));
    }

    #[test]
    fn c1_bidi_and_tags_are_replaced() {
        let s = sanitize(
            "a\u{9b}2Jb\u{202e}c\u{2067}d\u{e0041}e\u{200f}f\u{61c}",
            Lines::Single,
        );
        assert_eq!(s, "a�2Jb�c�d�e�f�");
    }

    #[test]
    fn del_and_nul_are_visible() {
        assert_eq!(sanitize("a\u{7f}b\0", Lines::Single), "a␡b␀");
    }

    #[test]
    fn line_endings_are_normalised() {
        assert_eq!(sanitize("a\r\nb\rc\nd", Lines::Multi), "a\nb\nc\nd");
        assert_eq!(sanitize("a\r\nb\rc", Lines::Single), "a b c");
        assert_eq!(sanitize("a\u{2028}b", Lines::Multi), "a\nb");
    }

    #[test]
    fn tabs_expand_to_stops() {
        assert_eq!(sanitize("a\tb", Lines::Single), "a   b");
        assert_eq!(sanitize("abcd\tb", Lines::Single), "abcd    b");
        assert_eq!(sanitize("x\n\ty", Lines::Multi), "x\n    y");
    }

    #[test]
    fn words_are_never_glued() {
        assert_eq!(sanitize("one\rtwo", Lines::Single), "one two");
        assert_eq!(sanitize("one\ttwo", Lines::Single), "one two");
    }

    #[test]
    fn mapped_offsets_follow_the_text() {
        let text = "a\u{1b}b\tc";
        let (clean, map) = sanitize_mapped(text, Lines::Single);
        assert_eq!(clean, "a␛b c");
        // `b` was byte 2 and is now after the three-byte ␛.
        assert_eq!(&clean[map[2]..map[3]], "b");
        assert_eq!(&clean[map[4]..map[5]], "c");
        assert_eq!(map[text.len()], clean.len());
    }

    #[test]
    fn a_joiner_that_joins_nothing_is_dropped() {
        let family = "👩\u{200d}👩\u{200d}👧";
        assert_eq!(sanitize(family, Lines::Single), family);
        assert_eq!(sanitize("\u{200d}", Lines::Single), "");
        assert_eq!(sanitize("A\u{200d}", Lines::Single), "A");
        assert_eq!(sanitize("A\u{200d} B", Lines::Single), "A B");
        assert_eq!(sanitize("\u{200d}\u{200d}日本", Lines::Single), "日本");
        assert_eq!(sanitize("👩\u{200d}\u{1b}", Lines::Single), "👩␛");
        // Before a combining mark it stays inside the character.
        assert_eq!(
            sanitize("a\u{200d}\u{301}", Lines::Single),
            "a\u{200d}\u{301}"
        );
        // A tag character would have joined it; the symbol shown in its place does not.
        assert_eq!(sanitize("a\u{200d}\u{e0041}", Lines::Single), "a�");
        let (clean, map) = sanitize_mapped("x\u{200d}\u{1b}y", Lines::Single);
        assert_eq!(clean, "x␛y");
        assert_eq!(&clean[map[4]..map[5]], "␛");
        assert_eq!(&clean[map[5]..map[6]], "y");
    }

    #[test]
    fn invisible_text_is_shown_on_a_dotted_circle() {
        for text in ["\u{301}", "\u{fe0f}", "\u{200b}", "\u{301}\u{302}"] {
            assert!(is_invisible(text), "{text:?}");
            assert_eq!(visible(text.into()), format!("◌{text}"));
        }
        for text in ["", "a", "e\u{301}", "👩\u{200d}👧", "日"] {
            assert!(!is_invisible(text), "{text:?}");
            assert_eq!(visible(text.into()), text);
        }
    }

    #[test]
    fn wide_and_combining_text_is_untouched() {
        let text = "日本語 e\u{301} 👩‍👩‍👧";
        assert_eq!(sanitize(text, Lines::Single), text);
    }
}
