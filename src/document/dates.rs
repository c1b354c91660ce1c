//! How dates and moments are written. A briefing's day: the configuration's `date_format`
//! (strftime, parsed by `time`), or `12 Sep 2022` by default. The format writes the day only;
//! a time of day and its offset, when a date has them, follow it as `00:05 UTC+04:00` whatever
//! the format, so a format can never fail on a date that has no time, nor drop one that has.
//! A moment kept as seconds since the Unix epoch (a note's, a file's): [`moment`], the one
//! place such seconds become text.

use std::fmt;
use std::sync::Arc;

use time::format_description::OwnedFormatItem;

use crate::briefing::When;

/// The default as a strftime format, for `brief config` to show: what
/// [`DateFormat::default`] writes (`12 Sep 2022`), without `time` (tested).
pub const DEFAULT_DATE_FORMAT: &str = "%-d %b %Y";

/// The months as the default writes them.
const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// The widest a formatted day may be, in columns.
pub const MAX_WIDTH: usize = 32;

/// How days are written: the default, or a checked strftime format.
#[derive(Clone, Default)]
pub struct DateFormat {
    /// The format as the user wrote it; empty for the default.
    text: String,
    items: Option<Arc<OwnedFormatItem>>,
    /// The widest day it writes, in columns.
    widest: usize,
}

impl DateFormat {
    /// Checks `text` as a strftime format of a day: it must parse, write every day of a year
    /// (no `%H`: times follow on their own), and write one line of at most [`MAX_WIDTH`]
    /// columns. The error says why not, for the configuration's diagnostics.
    pub fn parse(text: &str) -> Result<Self, String> {
        let items = time::format_description::parse_strftime_owned(text).map_err(|e| {
            crate::briefing::sanitize::quoted(&format!("not a strftime format: {e}")).into_owned()
        })?;
        let mut format = DateFormat {
            text: text.to_string(),
            items: Some(Arc::new(items)),
            widest: 0,
        };
        for date in samples() {
            let Some(written) = format.try_day(date) else {
                return Err(
                    "`date_format` writes a day: a time (%H, %M, %S, %p, %z, %s…) cannot \
                     be in it, the time of day follows on its own when a date has one"
                        .to_string(),
                );
            };
            if written.trim().is_empty() {
                return Err("`date_format` writes nothing".to_string());
            }
            if written.chars().any(char::is_control) {
                return Err(
                    "`date_format` must write one line (no %n, %t or control characters)"
                        .to_string(),
                );
            }
            let width = crate::text::display_width(&written);
            if width > MAX_WIDTH {
                return Err(format!(
                    "`date_format` writes days of more than {MAX_WIDTH} columns"
                ));
            }
            format.widest = format.widest.max(width);
        }
        Ok(format)
    }

    /// The format as written, or `None` for the default.
    pub fn text(&self) -> Option<&str> {
        self.items.is_some().then_some(self.text.as_str())
    }

    /// The day of `w`, without its time: `12 Sep 2022` by default.
    pub fn day(&self, w: When) -> String {
        let day = When {
            time: None,
            offset_minutes: None,
            ..w
        };
        time_date(day)
            .and_then(|d| self.try_day(d))
            .unwrap_or_else(|| default_day(day))
    }

    /// `w` in full: its day, then its time and offset when it has them.
    pub fn when(&self, w: When) -> String {
        let mut out = self.day(w);
        if let Some(clock) = w.clock() {
            out.push(' ');
            out.push_str(&clock);
        }
        out
    }

    /// A `YYYY-MM-DD` date (the library's rows) as this format writes it; the text itself
    /// when it is not such a date.
    pub fn iso(&self, iso: &str) -> String {
        if self.items.is_none() {
            return iso.to_string();
        }
        let mut parts = iso.splitn(3, '-').map(str::parse::<u16>);
        let (Some(Ok(year)), Some(Ok(month)), Some(Ok(day))) =
            (parts.next(), parts.next(), parts.next())
        else {
            return iso.to_string();
        };
        let w = When {
            year,
            month: month.min(255) as u8,
            day: day.min(255) as u8,
            time: None,
            offset_minutes: None,
        };
        match time_date(w).and_then(|d| self.try_day(d)) {
            Some(s) => s,
            None => iso.to_string(),
        }
    }

    /// The widest this format writes a day, in columns (for the library's date column): ISO
    /// dates' 10 by default.
    pub fn widest(&self) -> usize {
        if self.items.is_none() {
            10
        } else {
            self.widest
        }
    }

    fn try_day(&self, date: time::Date) -> Option<String> {
        self.items
            .as_deref()
            .and_then(|items| date.format(items).ok())
    }
}

/// How a moment is written, always in UTC.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Moment {
    /// `2026-12-01 14:03 UTC`, for people (a note's byline).
    Minute,
    /// `2026-12-01T14:03:09.000Z`, as STIX writes timestamps (to the millisecond).
    Stix,
    /// `2026-12-01T14:03:09Z`, RFC 3339 to the second (`brief notes --json`).
    Rfc3339,
}

/// `secs` since the Unix epoch, written as `how` says; `None` when it is no moment `time` can
/// hold (or, for RFC 3339, write).
pub fn moment(secs: i64, how: Moment) -> Option<String> {
    let t = time::OffsetDateTime::from_unix_timestamp(secs).ok()?;
    let (year, month, day) = (t.year(), u8::from(t.month()), t.day());
    let (hour, minute, second) = (t.hour(), t.minute(), t.second());
    Some(match how {
        Moment::Minute => format!("{year:04}-{month:02}-{day:02} {hour:02}:{minute:02} UTC"),
        Moment::Stix => {
            format!("{year:04}-{month:02}-{day:02}T{hour:02}:{minute:02}:{second:02}.000Z")
        }
        Moment::Rfc3339 => t
            .format(&time::format_description::well_known::Rfc3339)
            .ok()?,
    })
}

/// Every day of a leap year and of a year before 1000: each month and weekday name, one and
/// two digit days, three digit years.
fn samples() -> impl Iterator<Item = time::Date> {
    [2024, 999].into_iter().flat_map(|year| {
        let first = time::Date::from_calendar_date(year, time::Month::January, 1);
        first
            .into_iter()
            .flat_map(|d| std::iter::successors(Some(d), |d| d.next_day()))
            .take_while(move |d| d.year() == year)
    })
}

/// The day of `w` as the default writes it: `12 Sep 2022` (a month out of range as `???`).
fn default_day(w: When) -> String {
    let month = MONTHS
        .get(usize::from(w.month).wrapping_sub(1))
        .copied()
        .unwrap_or("???");
    format!("{} {} {}", w.day, month, w.year)
}

fn time_date(w: When) -> Option<time::Date> {
    let month = time::Month::try_from(w.month).ok()?;
    time::Date::from_calendar_date(i32::from(w.year), month, w.day).ok()
}

impl PartialEq for DateFormat {
    fn eq(&self, other: &Self) -> bool {
        self.text() == other.text()
    }
}

impl Eq for DateFormat {}

impl fmt::Debug for DateFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.text() {
            Some(t) => write!(f, "DateFormat({t:?})"),
            None => write!(f, "DateFormat(default)"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn when(time: Option<(u8, u8)>, offset: Option<i16>) -> When {
        When {
            year: 2022,
            month: 9,
            day: 12,
            time,
            offset_minutes: offset,
        }
    }

    #[test]
    fn a_moment_is_written_in_utc_each_way() {
        let secs = 1_764_597_789; // 2025-12-01 14:03:09 UTC
        assert_eq!(
            moment(secs, Moment::Minute).as_deref(),
            Some("2025-12-01 14:03 UTC")
        );
        assert_eq!(
            moment(secs, Moment::Stix).as_deref(),
            Some("2025-12-01T14:03:09.000Z")
        );
        assert_eq!(
            moment(secs, Moment::Rfc3339).as_deref(),
            Some("2025-12-01T14:03:09Z")
        );
        assert_eq!(moment(i64::MAX, Moment::Minute), None);
    }

    #[test]
    fn the_default_writes_days_as_briefings_do() {
        let d = DateFormat::default();
        assert_eq!(d.when(when(None, None)), "12 Sep 2022");
        assert_eq!(
            d.when(when(Some((0, 5)), Some(240))),
            "12 Sep 2022 00:05 UTC+04:00"
        );
        assert_eq!(d.iso("2022-09-12"), "2022-09-12");
        assert_eq!(d.widest(), 10);
        // What `brief config` prints as the default writes what the default does.
        let spelled = DateFormat::parse(DEFAULT_DATE_FORMAT).unwrap();
        let day = when(Some((0, 5)), Some(240));
        assert_eq!(spelled.when(day), d.when(day));
    }

    #[test]
    fn a_format_writes_the_day_and_the_time_follows() {
        let d = DateFormat::parse("%d/%m/%Y").unwrap();
        assert_eq!(d.when(when(None, None)), "12/09/2022");
        assert_eq!(d.when(when(Some((0, 5)), Some(0))), "12/09/2022 00:05 UTC");
        assert_eq!(d.iso("2022-09-12"), "12/09/2022");
        assert_eq!(d.iso("not a date"), "not a date");
        let long = DateFormat::parse("%A %e %B %Y").unwrap();
        assert_eq!(long.day(when(None, None)), "Monday 12 September 2022");
        assert_eq!(long.widest(), "Wednesday 30 September 2024".len());
    }

    #[test]
    fn formats_that_cannot_write_a_day_are_refused() {
        for (format, says) in [
            ("%Q", "not a strftime format"),
            ("%d %H:%M", "cannot be in it"),
            ("%d%n%m", "one line"),
            ("", "writes nothing"),
            ("%B %B %B %B", "more than 32 columns"),
        ] {
            let err = DateFormat::parse(format).unwrap_err();
            assert!(err.contains(says), "{format}: {err}");
        }
    }
}
