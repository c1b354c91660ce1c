//! What the interface remembers of each briefing, by id, as the store last reported it: read,
//! flagged, where it was left. Changes made here show at once and are queued as requests for
//! the store, which the event loop passes on; when there is no store, they last the session
//! and the status bar says, once, that nothing will be remembered.

use std::collections::HashMap;

use crate::store::service::{Report, Request};
use crate::store::{Marks, Spot};

/// Whether anything is remembered.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Status {
    /// The store has not reported yet (it opens off the path to the first frame).
    #[default]
    Waiting,
    Remembering,
    /// Nothing will be remembered, and why.
    Off(String),
}

#[derive(Debug, Clone, Default)]
pub struct Memory {
    pub marks: HashMap<String, Marks>,
    pub spots: HashMap<String, Spot>,
    pub status: Status,
    /// Requests not yet passed to the store.
    requests: Vec<Request>,
    /// Requests passed on that the store has not yet reported back, with how many were
    /// passed on before each, so that a report from before them does not undo them.
    unconfirmed: Vec<(u64, Request)>,
    /// How many requests have been passed on.
    sent: u64,
}

impl Memory {
    /// What is remembered of briefing `id`.
    pub fn marks_of(&self, id: &str) -> Marks {
        self.marks.get(id).copied().unwrap_or_default()
    }

    /// How many of `ids` are unread.
    pub fn unread<'a>(&self, ids: impl Iterator<Item = &'a str>) -> usize {
        ids.filter(|id| !self.marks_of(id).read).count()
    }

    /// Makes `request` show at once and queues it for the store.
    fn ask(&mut self, request: Request) {
        self.apply(&request);
        self.requests.push(request);
    }

    /// What `request` changes, here.
    fn apply(&mut self, request: &Request) {
        match request {
            Request::Read(ids, read) => {
                for id in ids {
                    self.marks.entry(id.clone()).or_default().read = *read;
                }
            }
            Request::Flag(ids, flagged) => {
                for id in ids {
                    self.marks.entry(id.clone()).or_default().flagged = *flagged;
                }
            }
            Request::Spot(id, spot) => {
                self.spots.insert(id.clone(), *spot);
            }
            Request::Refresh => {}
        }
    }

    pub fn set_read(&mut self, id: &str, read: bool) {
        if self.marks_of(id).read != read {
            self.ask(Request::Read(vec![id.to_string()], read));
        }
    }

    pub fn toggle_read(&mut self, id: &str) {
        self.set_read(id, !self.marks_of(id).read);
    }

    pub fn toggle_flag(&mut self, id: &str) {
        let flagged = !self.marks_of(id).flagged;
        self.ask(Request::Flag(vec![id.to_string()], flagged));
    }

    pub fn set_spot(&mut self, id: &str, spot: Spot) {
        if self.spots.get(id) != Some(&spot) {
            self.ask(Request::Spot(id.to_string(), spot));
        }
    }

    /// Asks the store for everything again (`R`).
    pub fn refresh(&mut self) {
        self.requests.push(Request::Refresh);
    }

    /// The requests queued for the store since the last call, to be passed on in order.
    pub fn take_requests(&mut self) -> Vec<Request> {
        let requests = std::mem::take(&mut self.requests);
        for request in &requests {
            self.unconfirmed.push((self.sent, request.clone()));
            self.sent += 1;
        }
        requests
    }

    /// Takes a report from the store; returns a notice for the status bar, if it has one.
    pub fn receive(&mut self, report: Report) -> Option<String> {
        match report {
            Report::Held {
                marks,
                spots,
                applied,
                notice,
            } => {
                self.marks = marks;
                self.spots = spots;
                // What the store has not yet carried out still holds here.
                self.unconfirmed.retain(|(before, _)| *before >= applied);
                let pending: Vec<Request> = (self.unconfirmed.iter().map(|(_, r)| r))
                    .chain(&self.requests)
                    .cloned()
                    .collect();
                for request in &pending {
                    self.apply(request);
                }
                self.status = Status::Remembering;
                notice
            }
            Report::Unavailable(why) => {
                self.status = Status::Off(why.clone());
                Some(format!("nothing will be remembered: {why}"))
            }
            Report::Failed(why) => Some(format!("not saved: {why}")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn changes_show_at_once_and_are_queued_for_the_store() {
        let mut memory = Memory::default();
        memory.set_read("a", true);
        memory.set_read("a", true);
        memory.toggle_flag("a");
        assert_eq!(
            memory.marks_of("a"),
            Marks {
                read: true,
                flagged: true
            }
        );
        assert_eq!(
            memory.take_requests(),
            [
                Request::Read(vec!["a".into()], true),
                Request::Flag(vec!["a".into()], true)
            ]
        );
        assert!(memory.take_requests().is_empty());
        // A report from before the store carried them out does not undo them.
        memory.toggle_read("b");
        memory.receive(Report::Held {
            marks: HashMap::new(),
            spots: HashMap::new(),
            applied: 1,
            notice: None,
        });
        assert_eq!(
            memory.marks_of("a"),
            Marks {
                read: false,
                flagged: true
            }
        );
        assert!(memory.marks_of("b").read);
        memory.take_requests();
        memory.receive(Report::Held {
            marks: HashMap::new(),
            spots: HashMap::new(),
            applied: 3,
            notice: None,
        });
        assert_eq!(
            memory.marks_of("b"),
            Marks::default(),
            "the store has the last word"
        );
        let notice = memory.receive(Report::Unavailable("--no-state".into()));
        assert_eq!(
            notice.as_deref(),
            Some("nothing will be remembered: --no-state")
        );
    }
}
