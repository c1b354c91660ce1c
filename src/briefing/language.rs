//! Language tags (BCP 47) as a reader needs them: whether two name the same language, and the
//! English name of a tag's language, from the ISO 639-1 table in `assets/languages.tsv`.

/// `(code, English name)` lines, generated from the ISO 639-1 table.
const TABLE: &str = include_str!("../../assets/languages.tsv");

/// A tag's primary language subtag, lowercased: `id` of `id-ID`.
fn primary(tag: &str) -> String {
    tag.split(['-', '_'])
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase()
}

/// Whether `a` and `b` name the same language (`en` and `en-GB` do).
pub fn same(a: &str, b: &str) -> bool {
    primary(a) == primary(b)
}

/// The English name of `tag`'s language (`Indonesian` for `id`), when the table knows it.
pub fn name(tag: &str) -> Option<&'static str> {
    let code = primary(tag);
    TABLE
        .lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| l.split_once('\t'))
        .find(|(c, _)| *c == code)
        .map(|(_, name)| name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_name_their_language() {
        assert_eq!(name("id"), Some("Indonesian"));
        assert_eq!(name("en-GB"), Some("English"));
        assert_eq!(name("AZ"), Some("Azerbaijani"));
        assert_eq!(name("hy_AM"), Some("Armenian"));
        assert_eq!(name("qq"), None);
        assert!(same("en", "en-US"));
        assert!(!same("en", "id"));
    }
}
