//! A source at hand: the card `i` shows for the focused statement's source (name, kind,
//! language, reliability with what it means, URL), the confirmation `x` asks before a web
//! address is opened, and which addresses may be opened at all (`http` and `https` only).

use crate::briefing::Briefing;
use crate::briefing::parts::Part;

use super::{Document, Role};

/// The source a part cites: a statement's or reaction's own, or the source itself.
pub fn of_part(b: &Briefing, part: Part) -> Option<usize> {
    let statement = match part {
        Part::Statement { party, index } => b.parties.get(party)?.statements.get(index)?,
        Part::Reaction(i) => &b.reactions.get(i)?.statement,
        Part::Source(i) => return (i < b.sources.len()).then_some(i),
        Part::KeyPoint(_) | Part::Event(_) => return None,
    };
    statement.source.filter(|&i| i < b.sources.len())
}

/// The card of source `index` of `b`.
pub fn card(b: &Briefing, index: usize) -> Document {
    let mut doc = Document::default();
    let Some(s) = b.sources.get(index) else {
        return doc;
    };
    doc.text(Role::Heading, &s.name);
    let dash = "–";
    let reliability = s.reliability.map(|r| {
        format!(
            "{} — {} (the briefing author's assessment)",
            r.letter(),
            r.meaning()
        )
    });
    for (label, value) in [
        ("Id", Some(s.id.to_string())),
        ("Kind", s.kind.as_deref().map(str::to_string)),
        ("Language", s.language.as_deref().map(str::to_string)),
        ("Reliability", reliability),
    ] {
        doc.para()
            .push(Role::Muted, label)
            .hang(13)
            .push(Role::Body, value.as_deref().unwrap_or(dash));
    }
    doc.para()
        .push(Role::Muted, "URL")
        .hang(13)
        .push(Role::Url, s.url.as_deref().unwrap_or(dash));
    doc
}

/// Why `url` may not be opened, if it may not: only `http` and `https` addresses open, and
/// only those that are one word.
pub fn refusal(url: &str) -> Option<&'static str> {
    let lower = url.get(..8).unwrap_or(url).to_ascii_lowercase();
    if !(lower.starts_with("http://") || lower.starts_with("https://")) {
        return Some("only http and https addresses are opened");
    }
    // Loading shows a control character as its symbol (U+2400 on): an address that held
    // one is not what it seems.
    let symbol = |c: char| ('\u{2400}'..='\u{243f}').contains(&c);
    if url
        .chars()
        .any(|c| c.is_whitespace() || c.is_control() || symbol(c))
    {
        return Some("the address holds spaces or control characters");
    }
    None
}

/// The confirmation before `url` is opened: the whole address, as it will be handed to the
/// browser (sanitised when the briefing was loaded: a control character shows as a symbol).
pub fn confirmation(url: &str) -> Document {
    let mut doc = Document::default();
    doc.text(Role::Body, "Open this address in the web browser?");
    doc.blank();
    doc.text(Role::Url, url);
    if let Some(why) = refusal(url) {
        doc.blank();
        doc.text(Role::Muted, &format!("It cannot be opened: {why}."));
    }
    doc
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_plain_web_addresses_may_be_opened() {
        assert_eq!(refusal("https://example.org/a?b=c"), None);
        assert_eq!(refusal("HTTP://EXAMPLE.ORG"), None);
        for bad in [
            "javascript:alert(1)",
            "file:///etc/passwd",
            "ftp://example.org",
            "example.org",
            "",
            "https://exa mple.org",
            "https://example.org/\u{1b}[2J",
            "https://example.org/␛]52;c;aGk=␇",
        ] {
            assert!(refusal(bad).is_some(), "{bad:?}");
        }
    }

    #[test]
    fn a_statement_leads_to_its_source_and_its_card_says_what_the_grade_means() {
        let b = crate::briefing::parse(crate::bundled::BRIEFINGS[0].1.to_string())
            .briefing
            .unwrap();
        let i = of_part(&b, Part::Reaction(1)).unwrap();
        assert_eq!(b.sources[i].id.as_ref(), "report");
        assert_eq!(of_part(&b, Part::KeyPoint(0)), None);
        let card = card(&b, i);
        let text: Vec<&str> = card.blocks.iter().map(|bl| bl.text.as_str()).collect();
        assert!(
            text.iter()
                .any(|t| t.starts_with("Reliability") && t.contains("C — "))
        );
    }
}
