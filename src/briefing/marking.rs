//! Handling markings and how restrictive each is, so that an output quoting several briefings
//! can carry the most restrictive of their markings. TLP 2.0 is ranked CLEAR < GREEN < AMBER
//! < AMBER+STRICT < RED (TLP 1.0's WHITE is CLEAR); a marking that is not TLP cannot be ranked
//! against them and is taken as more restrictive than any.

/// The TLP 2.0 labels, least restrictive first, exactly as FIRST writes them.
pub const TLP: [&str; 5] = [
    "TLP:CLEAR",
    "TLP:GREEN",
    "TLP:AMBER",
    "TLP:AMBER+STRICT",
    "TLP:RED",
];

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

/// How restrictive `marking` is: higher is more restrictive.
pub fn rank(marking: &str) -> u8 {
    match marking.trim().to_ascii_uppercase().as_str() {
        "TLP:CLEAR" | "TLP:WHITE" => 1,
        "TLP:GREEN" => 2,
        "TLP:AMBER" => 3,
        "TLP:AMBER+STRICT" => 4,
        "TLP:RED" => 5,
        _ => 6,
    }
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
