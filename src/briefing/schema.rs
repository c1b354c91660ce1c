//! Format v1: turns a parsed TOML document into a [`Briefing`], collecting every problem.
//!
//! This walks the span-carrying tree from `toml::de::DeTable` by hand instead of deriving
//! `Deserialize`, because serde stops at the first problem and cannot point at unknown keys.
//! Here a missing key, a wrong type, an unknown key (with a did-you-mean), a dangling
//! reference or an out-of-range grade is each reported at its exact place, and the walk goes
//! on so the author sees every problem at once.

use std::collections::HashMap;
use std::fmt;
use std::ops::Range;
use std::rc::Rc;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::diagnostic::{Diagnostic, quote};
use super::marking::Tlp;
use super::model::{
    About, Briefing, Comment, Credibility, Event, Original, Party, Reaction, Reliability, Source,
    Statement, StatementKind, Summary, Text, When,
};
use super::sanitize::{DOTTED_CIRCLE, Lines, is_invisible, sanitize, visible};

/// The format version this reader understands.
pub const FORMAT: i64 = 1;

const ROOT_KEYS: &[&str] = &[
    "format",
    "briefing",
    "summary",
    "parties",
    "reactions",
    "background",
    "sources",
    "comments",
];
const BRIEFING_KEYS: &[&str] = &[
    "id", "title", "date", "region", "tags", "marking", "language",
];

/// The longest id a briefing may give itself.
pub const MAX_ID: usize = 64;

/// Whether `c` may be part of a briefing id: a letter or digit of any script, `-`, `_`, `.`.
fn id_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '-' | '_' | '.')
}

/// Whether `id` is a briefing id: 1 to [`MAX_ID`] letters, digits, `-`, `_` and `.`.
pub fn is_id(id: &str) -> bool {
    (1..=MAX_ID).contains(&id.chars().count()) && id.chars().all(id_char)
}

/// `text` made into an id as near as it goes: spaces become `-`, other characters that an id
/// cannot hold are dropped, and it is cut to [`MAX_ID`]; `None` when nothing is left.
pub fn id_from(text: &str) -> Option<String> {
    let id: String = text
        .chars()
        .map(|c| if c.is_whitespace() { '-' } else { c })
        .filter(|&c| id_char(c))
        .take(MAX_ID)
        .collect();
    (!id.is_empty()).then_some(id)
}
const SUMMARY_KEYS: &[&str] = &["bluf", "text", "key_points"];
const PARTY_KEYS: &[&str] = &["name", "role", "position", "statements"];
const STATEMENT_KEYS: &[&str] = &[
    "speaker",
    "role",
    "date",
    "kind",
    "text",
    "source",
    "credibility",
    "original",
    "original_language",
];
const EVENT_KEYS: &[&str] = &["period", "year", "title", "text"];
const COMMENT_KEYS: &[&str] = &["text", "about"];
const SOURCE_KEYS: &[&str] = &["id", "name", "kind", "url", "language", "reliability"];

/// The keys each table may hold. A reaction is a statement with an actor.
const ROOT: Known = &[ROOT_KEYS];
const BRIEFING: Known = &[BRIEFING_KEYS];
const SUMMARY: Known = &[SUMMARY_KEYS];
const PARTY: Known = &[PARTY_KEYS];
const STATEMENT: Known = &[STATEMENT_KEYS];
const REACTION: Known = &[&["actor"], STATEMENT_KEYS];
const EVENT: Known = &[EVENT_KEYS];
const SOURCE: Known = &[SOURCE_KEYS];
const COMMENT: Known = &[COMMENT_KEYS];

/// A table's known keys, in groups.
type Known = &'static [&'static [&'static str]];

/// Every key the format knows, for suggestions when a key sits in the wrong table.
pub fn all_keys() -> impl Iterator<Item = &'static str> {
    [
        ROOT, BRIEFING, SUMMARY, PARTY, REACTION, EVENT, SOURCE, COMMENT,
    ]
    .into_iter()
    .flatten()
    .flat_map(|keys| keys.iter().copied())
}

/// How messages name a table, such as `[briefing]` or ``statement 2 of party `Armenia` ``;
/// written out only when a message needs it.
#[derive(Debug, Clone)]
struct Label {
    what: &'static str,
    n: Option<usize>,
    of: Option<Rc<str>>,
}

impl Label {
    fn named(what: &'static str) -> Self {
        Self {
            what,
            n: None,
            of: None,
        }
    }
}

impl fmt::Display for Label {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.what)?;
        if let Some(n) = self.n {
            write!(f, " {n}")?;
        }
        if let Some(of) = &self.of {
            write!(f, " of {of}")?;
        }
        Ok(())
    }
}

/// A table of the document, with what a message needs to name it.
struct Table<'a, 'i> {
    map: &'a DeTable<'i>,
    span: Range<usize>,
    label: Label,
    /// The keys this table may hold.
    known: Known,
}

impl<'a, 'i> Table<'a, 'i> {
    fn new(map: &'a DeTable<'i>, span: Range<usize>, label: Label, known: Known) -> Self {
        Self {
            map,
            span,
            label,
            known,
        }
    }

    fn get(&self, key: &str) -> Option<&'a Spanned<DeValue<'i>>> {
        self.map.get(key)
    }

    fn knows(&self, key: &str) -> bool {
        self.known.iter().any(|keys| keys.contains(&key))
    }
}

/// Collects diagnostics while walking the document.
struct Walker<'t> {
    /// The file's text, to name lines in messages that refer to a second place.
    text: &'t str,
    diags: Vec<Diagnostic>,
}

/// Builds a briefing from a parsed document. Problems are appended to `diags`; the briefing is
/// returned only when none of them is an error.
pub fn build<'a>(
    text: &str,
    root: &'a Spanned<DeTable<'_>>,
    diags: &mut Vec<Diagnostic>,
) -> Option<Briefing<'a>> {
    let mut w = Walker {
        text,
        diags: std::mem::take(diags),
    };
    let briefing = w.document(root);
    *diags = w.diags;
    if diags.iter().any(Diagnostic::is_error) {
        None
    } else {
        briefing
    }
}

impl Walker<'_> {
    fn push(&mut self, d: Diagnostic) {
        self.diags.push(d);
    }

    fn line(&self, offset: usize) -> usize {
        super::diagnostic::line_col(self.text, offset).0
    }

    fn document<'a>(&mut self, root: &'a Spanned<DeTable<'_>>) -> Option<Briefing<'a>> {
        let root = Table::new(root.get_ref(), 0..0, Label::named("the top level"), ROOT);
        // TOML, but none of a briefing's keys (a `.env` file, a configuration): one problem,
        // quoting its first key alone, not a problem per line that would quote the file back.
        if let Some((first, _)) = root.map.iter().min_by_key(|(key, _)| key.span().start)
            && !root.map.keys().any(|key| root.knows(key.get_ref()))
        {
            self.push(
                Diagnostic::error(
                    "not-a-briefing",
                    format!("this is not a briefing: none of its keys is a briefing's (the first: {})", quote(first.get_ref())),
                    Some(first.span()),
                )
                .with_help(format!("a briefing starts with `format = {FORMAT}`; `brief new FILE` writes one to start from")),
            );
            return None;
        }
        if !self.format(&root) {
            return None;
        }
        self.check_keys(&root);

        let meta = self.table(&root, "briefing", true, BRIEFING);
        let summary = self.table(&root, "summary", true, SUMMARY);
        let sources = self.sources(&root);
        let index: HashMap<&str, usize> = sources
            .iter()
            .enumerate()
            .map(|(i, s)| (s.id.as_ref(), i))
            .collect();
        let parties = self.parties(&root, &index);
        let reactions = self.reactions(&root, &index);
        let (background, event_at) = self.background(&root);
        let comments = self.comments(&root, &parties, reactions.len(), &event_at);

        let meta = meta?;
        self.check_keys(&meta);
        let id = self.id(&meta);
        let title = self.string(&meta, "title", true, Lines::Single);
        let date = self.when(&meta, "date", true, false);
        let region = self.string(&meta, "region", false, Lines::Single);
        let tags = self.strings(&meta, "tags");
        let marking = self.spanned_string(&meta, "marking", false, Lines::Single);
        if let Some((written, span)) = &marking
            && let Some(label) = super::marking::near_miss(written)
        {
            self.push(
                Diagnostic::warning(
                    "tlp-label",
                    if label == Tlp::Clear.label() && written.to_ascii_uppercase().contains("WHITE")
                    {
                        format!("`marking` is TLP 1.0's `{written}`, which TLP 2.0 calls `{label}`")
                    } else {
                        format!("`marking` is not written as TLP 2.0 writes it: `{written}`")
                    },
                    Some(span.clone()),
                )
                .with_help(format!("write `{label}`")),
            );
        }
        let marking = marking.map(|(text, _)| text);
        let language = self.string(&meta, "language", false, Lines::Single);

        let summary = summary?;
        self.check_keys(&summary);
        let bluf = self.string(&summary, "bluf", true, Lines::Multi);
        let text = self.string(&summary, "text", false, Lines::Multi);
        let key_points = self.strings(&summary, "key_points");

        Some(Briefing {
            id: id?,
            title: title?,
            date: date?,
            region,
            tags,
            marking,
            language,
            summary: Summary {
                bluf: bluf?,
                key_points,
                text: text.unwrap_or_default(),
            },
            parties,
            reactions,
            background,
            sources,
            comments,
        })
    }

    /// Checks `format = 1`; returns false when the rest of the file should not be read.
    fn format(&mut self, root: &Table<'_, '_>) -> bool {
        let Some(value) = root.get("format") else {
            self.push(
                Diagnostic::error("missing-key", "missing `format`", Some(0..0))
                    .with_help(format!("start the file with `format = {FORMAT}`")),
            );
            return true;
        };
        match value.get_ref() {
            DeValue::Integer(i) if i64::from_str_radix(i.as_str(), i.radix()) == Ok(FORMAT) => true,
            DeValue::Integer(i) => {
                self.push(
                    Diagnostic::error(
                        "unsupported-format",
                        format!(
                            "unsupported format {}: this version of brief reads format {FORMAT}",
                            quote(&i.to_string())
                        ),
                        Some(value.span()),
                    )
                    .with_help("open it with a newer brief, or rewrite it for format 1"),
                );
                false
            }
            other => {
                self.wrong_type(value, "format", "an integer", other);
                true
            }
        }
    }

    /// Reports each key of `table` that it should not hold: the first few, each at its place,
    /// and how many more, so that a file of other keys is not quoted back line by line.
    fn check_keys(&mut self, table: &Table<'_, '_>) {
        const QUOTED: usize = 5;
        let mut unknown = 0;
        for (key, _) in table.map.iter() {
            let name: &str = key.get_ref();
            if table.knows(name) {
                continue;
            }
            unknown += 1;
            if unknown > QUOTED {
                continue;
            }
            let mut d = Diagnostic::warning(
                "unknown-key",
                format!("unknown key {} in {}", quote(name), table.label),
                Some(key.span()),
            );
            let known: Vec<&str> = table.known.concat();
            if let Some(near) = nearest(name, &known) {
                d = d.with_help(format!("did you mean `{near}`?"));
            } else if let Some(near) = nearest(name, &all_keys().collect::<Vec<_>>()) {
                d = d.with_help(format!("`{near}` is a key of another table"));
            }
            self.push(d);
        }
        if let more @ 1.. = unknown.saturating_sub(QUOTED) {
            let s = if more == 1 { "" } else { "s" };
            let message = format!("{more} more unknown key{s} in {}", table.label);
            self.push(Diagnostic::warning("unknown-key", message, None));
        }
    }

    fn missing(&mut self, table: &Table<'_, '_>, key: &str) {
        self.push(Diagnostic::error(
            "missing-key",
            format!("{} is missing `{key}`", table.label),
            Some(table.span.clone()),
        ));
    }

    fn wrong_type(
        &mut self,
        value: &Spanned<DeValue<'_>>,
        key: &str,
        expected: &str,
        found: &DeValue<'_>,
    ) {
        let mut d = Diagnostic::error(
            "wrong-type",
            format!("`{key}` must be {expected}, found {}", found.type_str()),
            Some(value.span()),
        );
        if expected.contains("date") && found.is_str() {
            d = d.with_help("write the date without quotes: `date = 2022-09-12`");
        } else if expected == "a string" && !found.is_table() && !found.is_array() {
            d = d.with_help("put the text in double quotes");
        }
        self.push(d);
    }

    /// The value of `key` in `table` when it is there and `pick` takes it: a missing key is
    /// reported when it is `required`, a value `pick` refuses as not being `expected`.
    fn value<'a, 'i, T>(
        &mut self,
        table: &Table<'a, 'i>,
        key: &str,
        required: bool,
        expected: &str,
        pick: impl FnOnce(&'a DeValue<'i>) -> Option<T>,
    ) -> Option<(T, &'a Spanned<DeValue<'i>>)> {
        let Some(value) = table.get(key) else {
            if required {
                self.missing(table, key);
            }
            return None;
        };
        match pick(value.get_ref()) {
            Some(picked) => Some((picked, value)),
            None => {
                self.wrong_type(value, key, expected, value.get_ref());
                None
            }
        }
    }

    fn table<'a, 'i>(
        &mut self,
        parent: &Table<'a, 'i>,
        key: &str,
        required: bool,
        known: Known,
    ) -> Option<Table<'a, 'i>> {
        if required && parent.get(key).is_none() {
            self.push(
                Diagnostic::error("missing-key", format!("missing `[{key}]`"), Some(0..0))
                    .with_help(format!("add a `[{key}]` table")),
            );
        }
        let (map, value) = self.value(parent, key, false, "a table", |v| match v {
            DeValue::Table(map) => Some(map),
            _ => None,
        })?;
        let label = Label::named(match key {
            "briefing" => "[briefing]",
            "summary" => "[summary]",
            _ => "a table",
        });
        Some(Table::new(map, value.span(), label, known))
    }

    /// The entries of an array of tables such as `[[parties]]`, each labelled `what n`, or
    /// `what n of who` when `of` is given.
    fn tables<'a, 'i>(
        &mut self,
        parent: &Table<'a, 'i>,
        key: &str,
        what: &'static str,
        of: Option<Rc<str>>,
        known: Known,
    ) -> Vec<Table<'a, 'i>> {
        let Some((items, _)) = self.value(parent, key, false, "an array of tables", array) else {
            return Vec::new();
        };
        let mut out = Vec::with_capacity(items.len());
        for (n, item) in items.iter().enumerate() {
            match item.get_ref() {
                DeValue::Table(map) => out.push(Table::new(
                    map,
                    item.span(),
                    Label {
                        what,
                        n: Some(n + 1),
                        of: of.clone(),
                    },
                    known,
                )),
                other => self.wrong_type(item, key, "an array of tables", other),
            }
        }
        out
    }

    fn string<'a>(
        &mut self,
        table: &Table<'a, '_>,
        key: &str,
        required: bool,
        lines: Lines,
    ) -> Option<Text<'a>> {
        self.spanned_string(table, key, required, lines)
            .map(|(s, _)| s)
    }

    /// A string value, sanitised (borrowed from the document unless sanitising changed it),
    /// with its span. Empty optional strings count as absent.
    fn spanned_string<'a>(
        &mut self,
        table: &Table<'a, '_>,
        key: &str,
        required: bool,
        lines: Lines,
    ) -> Option<(Text<'a>, Range<usize>)> {
        let (s, value) = self.value(table, key, required, "a string", |v| match v {
            DeValue::String(s) => Some(s),
            _ => None,
        })?;
        let raw = s.trim();
        if raw.is_empty() {
            if required {
                self.push(Diagnostic::error(
                    "empty",
                    format!("`{key}` is empty in {}", table.label),
                    Some(value.span()),
                ));
            }
            return None;
        }
        // A name or title must show; other text made only of invisible characters (or only of
        // what cleaning drops: a joiner that joins nothing) is shown on a dotted circle.
        let clean = sanitize(raw, lines);
        if required && lines == Lines::Single && (clean.is_empty() || is_invisible(&clean)) {
            self.push(
                Diagnostic::error(
                    "empty",
                    format!("`{key}` has no visible characters in {}", table.label),
                    Some(value.span()),
                )
                .with_help(
                    "it holds only zero-width characters (joiners, combining marks, \
                     variation selectors): write text that can be seen",
                ),
            );
            return None;
        }
        Some((shown(clean), value.span()))
    }

    /// An array of one-line strings; a wrong element is reported and skipped.
    fn strings<'a>(&mut self, table: &Table<'a, '_>, key: &str) -> Vec<Text<'a>> {
        let Some((items, _)) = self.value(table, key, false, "an array of strings", array) else {
            return Vec::new();
        };
        let mut out = Vec::with_capacity(items.len());
        for item in items.iter() {
            match item.get_ref() {
                DeValue::String(s) if !s.trim().is_empty() => {
                    out.push(shown(sanitize(s.trim(), Lines::Single)));
                }
                DeValue::String(_) => {}
                other => self.wrong_type(item, key, "an array of strings", other),
            }
        }
        out
    }

    /// An `id` written as `""` is not one left out.
    fn empty_id(&mut self, t: &Table<'_, '_>) {
        if let Some(value) = t.get("id")
            && matches!(value.get_ref(), DeValue::String(s) if s.trim().is_empty())
        {
            let d = Diagnostic::error("empty", "`id` is empty", Some(value.span()));
            let help = "leave `id` out for the file's name, or write one";
            self.push(d.with_help(help));
        }
    }

    fn integer(
        &mut self,
        table: &Table<'_, '_>,
        key: &str,
        required: bool,
    ) -> Option<(i64, Range<usize>)> {
        let (i, value) = self.value(table, key, required, "an integer", |v| match v {
            DeValue::Integer(i) => Some(i),
            _ => None,
        })?;
        match i64::from_str_radix(i.as_str(), i.radix()) {
            Ok(n) => Some((n, value.span())),
            Err(_) => {
                self.push(Diagnostic::error(
                    "out-of-range",
                    format!("`{key}` is too large to be a whole number here"),
                    Some(value.span()),
                ));
                None
            }
        }
    }

    /// A date, optionally with time and offset. The briefing's own date may not be a local
    /// date-time (`local_time_ok = false`): a time without an offset would be ambiguous.
    fn when(
        &mut self,
        table: &Table<'_, '_>,
        key: &str,
        required: bool,
        local_time_ok: bool,
    ) -> Option<When> {
        let (dt, value) = self.value(table, key, required, "a date", |v| match v {
            DeValue::Datetime(dt) => Some(dt),
            _ => None,
        })?;
        let Some(date) = dt.date else {
            self.push(
                Diagnostic::error(
                    "wrong-type",
                    format!("`{key}` must be a date, found a time of day"),
                    Some(value.span()),
                )
                .with_help("write a date such as `2022-09-12`"),
            );
            return None;
        };
        let offset_minutes = dt.offset.map(|o| match o {
            toml_datetime::Offset::Z => 0,
            toml_datetime::Offset::Custom { minutes } => minutes,
        });
        if dt.time.is_some() && offset_minutes.is_none() && !local_time_ok {
            self.push(
                Diagnostic::error(
                    "wrong-type",
                    format!("`{key}` must be a date or a date-time with an offset"),
                    Some(value.span()),
                )
                .with_help(
                    "drop the time (`2022-09-12`) or add an offset (`2022-09-12T00:05:00+04:00`)",
                ),
            );
            return None;
        }
        Some(When {
            year: date.year,
            month: date.month,
            day: date.day,
            time: dt.time.map(|t| (t.hour, t.minute)),
            offset_minutes,
        })
    }

    fn sources<'a>(&mut self, root: &Table<'a, '_>) -> Vec<Source<'a>> {
        let tables = self.tables(root, "sources", "source", None, SOURCE);
        let mut seen: HashMap<Text<'a>, Range<usize>> = HashMap::new();
        let mut out = Vec::with_capacity(tables.len());
        for t in &tables {
            self.check_keys(t);
            let id = self.spanned_string(t, "id", true, Lines::Single);
            let name = self.string(t, "name", true, Lines::Single);
            let kind = self.string(t, "kind", false, Lines::Single);
            let url = self.string(t, "url", false, Lines::Single);
            let language = self.string(t, "language", false, Lines::Single);
            let reliability = self.reliability(t);
            // A source with an id but other problems still counts for references, so one
            // mistake is reported once (the briefing will not load either way).
            let Some((id, id_span)) = id else {
                continue;
            };
            let name = name.unwrap_or_default();
            if let Some(first) = seen.get(&id) {
                self.push(
                    Diagnostic::error(
                        "duplicate",
                        format!("source id {} is used twice", quote(&id)),
                        Some(id_span),
                    )
                    .with_help(format!("first used on line {}", self.line(first.start))),
                );
                continue;
            }
            seen.insert(id.clone(), id_span);
            out.push(Source {
                id,
                name,
                kind,
                url,
                language,
                reliability,
            });
        }
        out
    }

    fn reliability(&mut self, t: &Table<'_, '_>) -> Option<Reliability> {
        let (text, span) = self.spanned_string(t, "reliability", false, Lines::Single)?;
        let mut chars = text.chars();
        let parsed = match (chars.next(), chars.next()) {
            (Some(c), None) => Reliability::new(c),
            _ => None,
        };
        if parsed.is_none() {
            let mut d = Diagnostic::error(
                "out-of-range",
                format!(
                    "reliability {} is not on the Admiralty scale A–F",
                    quote(&text)
                ),
                Some(span),
            );
            let upper = text.to_uppercase();
            if upper != text && Reliability::new(upper.chars().next().unwrap_or('?')).is_some() {
                d = d.with_help(format!("write it in capitals: `\"{upper}\"`"));
            } else {
                d = d.with_help("A completely reliable … F reliability cannot be judged");
            }
            self.push(d);
        }
        parsed
    }

    fn parties<'a>(
        &mut self,
        root: &Table<'a, '_>,
        sources: &HashMap<&str, usize>,
    ) -> Vec<Party<'a>> {
        // A briefing may have no parties (a report that quotes no one): the reader shows
        // its other tabs.
        let tables = self.tables(root, "parties", "party", None, PARTY);
        let mut seen: HashMap<String, usize> = HashMap::new();
        let mut out = Vec::with_capacity(tables.len());
        for t in &tables {
            self.check_keys(t);
            let name = self.spanned_string(t, "name", true, Lines::Single);
            let role = self.string(t, "role", false, Lines::Single);
            let position = self.string(t, "position", false, Lines::Single);
            let who: Rc<str> = name
                .as_ref()
                .map_or_else(
                    || t.label.to_string(),
                    |(n, _)| format!("party {}", quote(n)),
                )
                .into();
            let statements = self
                .tables(t, "statements", "statement", Some(who), STATEMENT)
                .iter()
                .filter_map(|s| {
                    self.check_keys(s);
                    self.statement(s, sources)
                })
                .collect();
            let Some((name, span)) = name else { continue };
            if let Some(&first) = seen.get(&name.to_lowercase()) {
                self.push(
                    Diagnostic::error(
                        "duplicate",
                        format!("party {} is listed twice", quote(&name)),
                        Some(span),
                    )
                    .with_help(format!("first listed on line {}", self.line(first))),
                );
                continue;
            }
            seen.insert(name.to_lowercase(), span.start);
            out.push(Party {
                name,
                role,
                position,
                statements,
            });
        }
        out
    }

    fn reactions<'a>(
        &mut self,
        root: &Table<'a, '_>,
        sources: &HashMap<&str, usize>,
    ) -> Vec<Reaction<'a>> {
        let tables = self.tables(root, "reactions", "reaction", None, REACTION);
        let mut out = Vec::with_capacity(tables.len());
        for t in &tables {
            self.check_keys(t);
            let actor = self.string(t, "actor", true, Lines::Single);
            let statement = self.statement(t, sources);
            if let (Some(actor), Some(statement)) = (actor, statement) {
                out.push(Reaction { actor, statement });
            }
        }
        out
    }

    fn statement<'a>(
        &mut self,
        t: &Table<'a, '_>,
        sources: &HashMap<&str, usize>,
    ) -> Option<Statement<'a>> {
        let speaker = self.string(t, "speaker", true, Lines::Single);
        let role = self.string(t, "role", false, Lines::Single);
        let date = self.when(t, "date", false, true);
        let kind = self.kind(t);
        let text = self.string(t, "text", true, Lines::Multi);
        let source = self
            .spanned_string(t, "source", false, Lines::Single)
            .and_then(|(id, span)| {
                let found = sources.get(id.as_ref()).copied();
                if found.is_none() {
                    let ids: Vec<&str> = sources.keys().copied().collect();
                    let mut d = Diagnostic::error(
                        "unknown-source",
                        format!("source {} is not in [[sources]]", quote(&id)),
                        Some(span),
                    );
                    d = match nearest(&id, &ids) {
                        Some(near) => d.with_help(format!("did you mean `{near}`?")),
                        None => d.with_help("add a [[sources]] entry with this id"),
                    };
                    self.push(d);
                }
                found
            });
        let credibility = self.integer(t, "credibility", false).and_then(|(n, span)| {
            let c = Credibility::new(n);
            if c.is_none() {
                self.push(
                    Diagnostic::error(
                        "out-of-range",
                        format!("credibility {n} is not on the Admiralty scale 1–6"),
                        Some(span),
                    )
                    .with_help("1 confirmed … 6 truth cannot be judged"),
                );
            }
            c
        });
        let original = self.spanned_string(t, "original", false, Lines::Multi);
        let original_language = self.spanned_string(t, "original_language", false, Lines::Single);
        let original = match (original, original_language) {
            (Some((text, _)), Some((language, _))) => Some(Original { text, language }),
            // A language that is there but wrong has been reported already.
            (Some((_, span)), None) if t.get("original_language").is_none() => {
                self.push(
                    Diagnostic::error(
                        "missing-key",
                        format!("`original` needs `original_language` in {}", t.label),
                        Some(span),
                    )
                    .with_help("add `original_language = \"…\"` with a BCP 47 tag such as `id`"),
                );
                None
            }
            (None, Some((_, span))) if t.get("original").is_none() => {
                self.push(Diagnostic::warning(
                    "unused-key",
                    format!("`original_language` without `original` in {}", t.label),
                    Some(span),
                ));
                None
            }
            _ => None,
        };
        Some(Statement {
            speaker: speaker?,
            role,
            date,
            kind: kind?,
            text: text?,
            source,
            credibility,
            original,
        })
    }

    /// `id`: `Some(None)` when absent, `None` when it is not an id (already reported).
    fn id<'a>(&mut self, t: &Table<'a, '_>) -> Option<Option<Text<'a>>> {
        let Some((id, span)) = self.spanned_string(t, "id", false, Lines::Single) else {
            self.empty_id(t);
            return Some(None);
        };
        if is_id(&id) {
            return Some(Some(id));
        }
        let mut d = Diagnostic::error(
            "invalid-value",
            format!(
                "id {} is not a short name of letters, digits, `-`, `_` and `.` (at most {MAX_ID})",
                quote(&id)
            ),
            Some(span),
        );
        if let Some(near) = id_from(&id) {
            d = d.with_help(format!("write `id = \"{near}\"`"));
        }
        self.push(d);
        None
    }

    /// `kind`: `Some(Paraphrase)` when absent, `None` when invalid (already reported).
    fn kind(&mut self, t: &Table<'_, '_>) -> Option<StatementKind> {
        let Some((kind, span)) = self.spanned_string(t, "kind", false, Lines::Single) else {
            return Some(StatementKind::Paraphrase);
        };
        match kind.as_ref() {
            "quote" => Some(StatementKind::Quote),
            "paraphrase" => Some(StatementKind::Paraphrase),
            other => {
                self.push(
                    Diagnostic::error(
                        "invalid-value",
                        format!(
                            "kind {} is neither \"quote\" nor \"paraphrase\"",
                            quote(other)
                        ),
                        Some(span),
                    )
                    .with_help("use `kind = \"quote\"` for the speaker's own words"),
                );
                None
            }
        }
    }

    /// The timeline, ordered by year, and where each entry of the file went in it.
    fn background<'a>(&mut self, root: &Table<'a, '_>) -> (Vec<Event<'a>>, Vec<usize>) {
        let tables = self.tables(root, "background", "background entry", None, EVENT);
        let mut out = Vec::with_capacity(tables.len());
        for t in &tables {
            self.check_keys(t);
            let period = self.string(t, "period", true, Lines::Single);
            let year = self.integer(t, "year", true);
            let title = self.string(t, "title", true, Lines::Single);
            let text = self.string(t, "text", true, Lines::Multi);
            if let (Some(period), Some((year, _)), Some(title), Some(text)) =
                (period, year, title, text)
            {
                out.push(Event {
                    period,
                    year,
                    title,
                    text,
                });
            }
        }
        // Stable: entries of the same year keep file order.
        let mut order: Vec<usize> = (0..out.len()).collect();
        order.sort_by_key(|&i| out[i].year);
        let mut position = vec![0; out.len()];
        for (at, &i) in order.iter().enumerate() {
            position[i] = at;
        }
        out.sort_by_key(|e| e.year);
        (out, position)
    }

    /// The analyst comments, each placed by its `about`.
    fn comments<'a>(
        &mut self,
        root: &Table<'a, '_>,
        parties: &[Party<'_>],
        reactions: usize,
        event_at: &[usize],
    ) -> Vec<Comment<'a>> {
        let tables = self.tables(root, "comments", "comment", None, COMMENT);
        let mut out = Vec::with_capacity(tables.len());
        for t in &tables {
            self.check_keys(t);
            let text = self.string(t, "text", true, Lines::Multi);
            let about = match self.spanned_string(t, "about", false, Lines::Single) {
                None => Some(About::Summary),
                Some((about, span)) => {
                    let target = about_target(&about, parties, reactions, event_at);
                    if let Err(d) = &target {
                        self.push(d.clone().with_span(span));
                    }
                    target.ok()
                }
            };
            if let (Some(text), Some(about)) = (text, about) {
                out.push(Comment { text, about });
            }
        }
        out
    }
}

/// What `about = "…"` names: `summary`, `reactions`, `background` or `sources`; a party's
/// name; or `NAME #n`, `reactions #n`, `background #n` for an item of one (counted from 1 in
/// file order). Case is ignored. The problem, without its place, when it names nothing.
pub(crate) fn about_target(
    about: &str,
    parties: &[Party<'_>],
    reactions: usize,
    event_at: &[usize],
) -> Result<About, Diagnostic> {
    let (name, n) = match about.rsplit_once('#') {
        Some((name, n)) => (name.trim(), Some(n.trim())),
        None => (about.trim(), None),
    };
    let party = parties
        .iter()
        .position(|p| p.name.to_lowercase() == name.to_lowercase());
    let section = name.to_ascii_lowercase();
    let Some(n) = n else {
        return match (section.as_str(), party) {
            ("summary", _) => Ok(About::Summary),
            ("reactions", _) => Ok(About::Reactions),
            ("background", _) => Ok(About::Background),
            ("sources", _) => Ok(About::Sources),
            (_, Some(p)) => Ok(About::Party(p)),
            _ => {
                let mut known = vec!["summary", "reactions", "background", "sources"];
                known.extend(parties.iter().map(|p| p.name.as_ref()));
                let d = Diagnostic::error(
                    "invalid-value",
                    format!(
                        "the comment is about {}, which this briefing does not have",
                        quote(about)
                    ),
                    None,
                );
                Err(match nearest(about, &known) {
                    Some(near) => d.with_help(format!("did you mean `{near}`?")),
                    None => d.with_help(
                        "name `summary`, `reactions`, `background`, `sources` or a party, \
                         with `#n` for its n-th statement or entry",
                    ),
                })
            }
        };
    };
    let count = |what: &str, have: usize| -> Result<usize, Diagnostic> {
        match n.parse::<usize>() {
            Ok(i) if (1..=have).contains(&i) => Ok(i - 1),
            _ => Err(Diagnostic::error(
                "out-of-range",
                format!("{} names {what} #{n}, but there are {have}", quote(about)),
                None,
            )
            .with_help("count from 1, in the order of the file")),
        }
    };
    match (section.as_str(), party) {
        ("reactions", _) => count("reaction", reactions).map(About::Reaction),
        ("background", _) => {
            count("background entry", event_at.len()).map(|i| About::Event(event_at[i]))
        }
        (_, Some(p)) => {
            count("statement", parties[p].statements.len()).map(|s| About::Statement(p, s))
        }
        _ => Err(match about_target(name, parties, reactions, event_at) {
            Err(unknown) => unknown,
            Ok(_) => Diagnostic::error(
                "invalid-value",
                format!("{} has no numbered items", quote(name)),
                None,
            )
            .with_help("use `#n` after a party, `reactions` or `background`"),
        }),
    }
}

/// An array value's items, for [`Walker::value`].
/// Cleaned text as it is shown: on a dotted circle when it holds only invisible characters, or
/// nothing at all once cleaning dropped what cannot be shown (a joiner that joins nothing).
fn shown(clean: Text<'_>) -> Text<'_> {
    if clean.is_empty() {
        Text::Owned(DOTTED_CIRCLE.to_string())
    } else {
        visible(clean)
    }
}

fn array<'a, 'i>(value: &'a DeValue<'i>) -> Option<&'a toml::de::DeArray<'i>> {
    match value {
        DeValue::Array(items) => Some(items),
        _ => None,
    }
}

/// The known word closest to `word`, when it is close enough to be a likely typo.
pub fn nearest<'k>(word: &str, known: &[&'k str]) -> Option<&'k str> {
    known
        .iter()
        .map(|k| (strsim::damerau_levenshtein(word, k), *k))
        .filter(|(d, k)| *d <= (k.chars().count() / 3).max(1))
        .min_by_key(|(d, _)| *d)
        .map(|(_, k)| k)
}
