//! Markings: the one place the TLP 2.0 labels are known (the STIX export and import and the
//! theme's colours look them up here), their near misses, and how restrictive each marking
//! is, so that an output quoting several briefings can carry the most restrictive of their
//! markings. TLP 2.0 is ranked CLEAR < GREEN < AMBER < AMBER+STRICT < RED (TLP 1.0's WHITE
//! is CLEAR); a marking that is not TLP cannot be ranked against them, so it is kept beside
//! the highest TLP level, never dropped for it.

/// The TLP 2.0 labels, least restrictive first, exactly as FIRST writes them.
pub const TLP: [&str; 5] = [
    "TLP:CLEAR",
    "TLP:GREEN",
    "TLP:AMBER",
    "TLP:AMBER+STRICT",
    "TLP:RED",
];

/// A TLP 2.0 level, least restrictive first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Tlp {
    Clear,
    Green,
    Amber,
    AmberStrict,
    Red,
}

impl Tlp {
    /// Every level, least restrictive first (in the order of [`TLP`]).
    pub const ALL: [Tlp; 5] = [
        Tlp::Clear,
        Tlp::Green,
        Tlp::Amber,
        Tlp::AmberStrict,
        Tlp::Red,
    ];

    /// The level `marking` is, its canonical label in any case (`tlp:red` is RED); `None` for
    /// anything else, TLP 1.0's WHITE and spaced spellings included (see [`near_miss`]).
    pub fn of(marking: &str) -> Option<Tlp> {
        (Tlp::ALL.into_iter()).find(|t| t.label().eq_ignore_ascii_case(marking))
    }

    /// The label as FIRST writes it: `TLP:AMBER+STRICT`.
    pub fn label(self) -> &'static str {
        TLP[self as usize]
    }

    /// The level alone, in lower case, as STIX's TLP 2.0 extension writes it: `amber+strict`.
    pub fn level(self) -> &'static str {
        ["clear", "green", "amber", "amber+strict", "red"][self as usize]
    }

    /// TLP 1.0's level `level` (as STIX 2.1 predefines it: `white`, `green`, `amber`, `red`,
    /// in any case) in TLP 2.0, where WHITE is CLEAR.
    pub fn of_tlp_1(level: &str) -> Option<Tlp> {
        match level.to_ascii_lowercase().as_str() {
            "white" | "clear" => Some(Tlp::Clear),
            "green" => Some(Tlp::Green),
            "amber" => Some(Tlp::Amber),
            "red" => Some(Tlp::Red),
            _ => None,
        }
    }
}

/// The canonical TLP 2.0 label `marking` nearly is, when it is not one exactly: another case
/// or spacing (`tlp:amber`, `TLP: Amber`, `TLP:AMBER + STRICT`), or TLP 1.0's `TLP:WHITE`,
/// which TLP 2.0 calls `TLP:CLEAR`. `None` for a canonical label and for markings that are
/// not TLP at all (an organisation's own).
pub fn near_miss(marking: &str) -> Option<&'static str> {
    let squeezed: String = (marking.chars())
        .filter(|c| !c.is_whitespace() && *c != '_')
        .flat_map(char::to_uppercase)
        .collect();
    let squeezed = squeezed.replace("TLP-", "TLP:");
    let label = match squeezed.as_str() {
        "TLP:WHITE" | "TLPWHITE" => "TLP:CLEAR",
        other => {
            let other = other.strip_prefix("TLP").map_or(other.to_string(), |rest| {
                format!("TLP:{}", rest.trim_start_matches(':'))
            });
            TLP.into_iter().find(|l| *l == other)?
        }
    };
    (label != marking).then_some(label)
}

/// The separate markings in `marking`: one, or several joined with " · " as
/// [`most_restrictive`] joins them.
pub fn parts(marking: &str) -> impl Iterator<Item = &str> {
    marking
        .split(" · ")
        .map(str::trim)
        .filter(|p| !p.is_empty())
}

/// The TLP level `marking` is, in any case, with TLP 1.0's WHITE as CLEAR; `None` for any
/// other marking.
pub fn level(marking: &str) -> Option<Tlp> {
    let marking = marking.trim();
    match Tlp::of(marking) {
        None if marking.eq_ignore_ascii_case("TLP:WHITE") => Some(Tlp::Clear),
        tlp => tlp,
    }
}

/// How restrictive `marking` is: higher is more restrictive (1 to 5 for TLP, in any case and
/// with TLP 1.0's WHITE as CLEAR; 6 for any other marking).
pub fn rank(marking: &str) -> u8 {
    level(marking).map_or(6, |t| t as u8 + 1)
}

/// The most restrictive of `markings`, none lowered: the highest TLP level among them, then
/// every marking that is not TLP (which cannot be ranked against TLP or each other, so each
/// is kept), in order, each once, joined with " · "; none when nothing is marked. A marking
/// already joined so is taken apart first.
pub fn most_restrictive<'a>(markings: impl IntoIterator<Item = &'a str>) -> Option<String> {
    let mut tlp: Option<Tlp> = None;
    let mut others: Vec<&str> = Vec::new();
    for part in markings.into_iter().flat_map(parts) {
        match level(part) {
            Some(t) => tlp = tlp.max(Some(t)),
            None if others.iter().any(|o| o.eq_ignore_ascii_case(part)) => {}
            None => others.push(part),
        }
    }
    let all: Vec<&str> = (tlp.map(Tlp::label).into_iter()).chain(others).collect();
    (!all.is_empty()).then(|| all.join(" · "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn near_misses_of_tlp_2_0_have_their_canonical_label() {
        for (written, label) in [
            ("TLP: Amber", "TLP:AMBER"),
            ("tlp:amber", "TLP:AMBER"),
            ("TLP:WHITE", "TLP:CLEAR"),
            ("tlp:white", "TLP:CLEAR"),
            ("TLP:AMBER + STRICT", "TLP:AMBER+STRICT"),
            ("TLP-RED", "TLP:RED"),
            (" TLP:GREEN", "TLP:GREEN"),
        ] {
            assert_eq!(near_miss(written), Some(label), "{written}");
        }
        for fine in TLP
            .into_iter()
            .chain(["CONFIDENTIAL", "ACME INTERNAL", "TLP:PURPLE", ""])
        {
            assert_eq!(near_miss(fine), None, "{fine}");
        }
    }

    #[test]
    fn each_level_has_its_label_and_rank_in_any_case() {
        for (i, tlp) in Tlp::ALL.into_iter().enumerate() {
            assert_eq!(tlp.label(), TLP[i]);
            assert_eq!(Tlp::of(tlp.label()), Some(tlp));
            assert_eq!(Tlp::of(&tlp.label().to_ascii_lowercase()), Some(tlp));
            assert_eq!(rank(tlp.label()), u8::try_from(i).unwrap() + 1);
            assert_eq!(
                tlp.level(),
                tlp.label()["TLP:".len()..].to_ascii_lowercase()
            );
        }
        assert_eq!(rank(" tlp:white "), 1);
        assert_eq!((Tlp::of("TLP:WHITE"), Tlp::of(" TLP:RED")), (None, None));
        assert_eq!(rank("CONFIDENTIAL"), 6);
        assert_eq!(Tlp::of_tlp_1("WHITE"), Some(Tlp::Clear));
        assert_eq!(Tlp::of_tlp_1("amber+strict"), None);
    }

    #[test]
    fn the_most_restrictive_tlp_wins_and_unknown_markings_outrank_it() {
        assert_eq!(
            most_restrictive(["TLP:CLEAR", "TLP:AMBER", "TLP:GREEN"]).as_deref(),
            Some("TLP:AMBER")
        );
        assert_eq!(
            most_restrictive(["TLP:RED", "CONFIDENTIAL", "SECRET"]).as_deref(),
            Some("TLP:RED · CONFIDENTIAL · SECRET")
        );
        // Nothing is lowered: a statement beside TLP:RED keeps both, and a joined marking is
        // taken apart.
        assert_eq!(
            most_restrictive(["Copyright ACME", "tlp:red", "TLP:CLEAR"]).as_deref(),
            Some("TLP:RED · Copyright ACME")
        );
        assert_eq!(
            most_restrictive(["TLP:AMBER · ACME", "TLP:WHITE", "acme"]).as_deref(),
            Some("TLP:AMBER · ACME")
        );
        assert_eq!(most_restrictive([]), None);
    }
}
