//! Markings: the one place the TLP 2.0 labels are known (the STIX export and import and the
//! theme's colours look them up here), their near misses, and how restrictive each marking
//! is, so that an output quoting several briefings can carry the most restrictive of their
//! markings. TLP 2.0 is ranked CLEAR < GREEN < AMBER < AMBER+STRICT < RED (TLP 1.0's WHITE
//! is CLEAR); a marking that is not TLP cannot be ranked against them and is taken as more
//! restrictive than any.

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

/// How restrictive `marking` is: higher is more restrictive (1 to 5 for TLP, in any case and
/// with TLP 1.0's WHITE as CLEAR; 6 for any other marking).
pub fn rank(marking: &str) -> u8 {
    let marking = marking.trim();
    let tlp = match Tlp::of(marking) {
        None if marking.eq_ignore_ascii_case("TLP:WHITE") => Some(Tlp::Clear),
        tlp => tlp,
    };
    tlp.map_or(6, |t| t as u8 + 1)
}

/// The most restrictive of `markings` (several, joined, when they cannot be ranked against
/// each other); none when nothing is marked.
pub fn most_restrictive<'a>(markings: impl IntoIterator<Item = &'a str>) -> Option<String> {
    let mut top: Vec<&str> = Vec::new();
    let mut best = 0;
    for m in markings {
        let r = rank(m);
        if r > best {
            best = r;
            top = vec![m];
        } else if r == best && !top.iter().any(|t| t.eq_ignore_ascii_case(m)) {
            // Two spellings of one TLP level are one marking; two unknown markings are both
            // kept.
            if r == 6 {
                top.push(m);
            }
        }
    }
    (!top.is_empty()).then(|| top.join(" · "))
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
            Some("CONFIDENTIAL · SECRET")
        );
        assert_eq!(most_restrictive([]), None);
    }
}
