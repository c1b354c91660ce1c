//! Handling markings and how restrictive each is, so that an output quoting several briefings
//! can carry the most restrictive of their markings. TLP 2.0 is ranked CLEAR < GREEN < AMBER
//! < AMBER+STRICT < RED (TLP 1.0's WHITE is CLEAR); a marking that is not TLP cannot be ranked
//! against them and is taken as more restrictive than any.

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
