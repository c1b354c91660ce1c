//! What `brief push` sends and hears back: STIX objects posted to a collection as one TAXII
//! envelope, then the status resource the server answers with, asked again until the server
//! says it is `complete` or a bounded wait is over.

use std::time::Duration;

use serde_json::{Value, json};

use super::{Address, Client, Error};

/// What the server says of a push.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Status {
    pub id: String,
    /// `complete` or `pending`.
    pub status: String,
    pub succeeded: u64,
    pub failed: u64,
    pub pending: u64,
    /// Each failed object's id, with the server's message when it gave one.
    pub failures: Vec<(String, String)>,
}

impl Status {
    fn read(at: &Address, json: &Value) -> Result<Status, Error> {
        let count = |k: &str| json.get(k).and_then(Value::as_u64).unwrap_or(0);
        let text = |v: &Value, k: &str| {
            let t = v.get(k).and_then(Value::as_str).unwrap_or("");
            crate::briefing::sanitize::sanitize(t, crate::briefing::sanitize::Lines::Single)
                .into_owned()
        };
        let (Some(_), Some(_)) = (json.get("id"), json.get("status")) else {
            return Err(Error::Answer {
                url: at.as_str().to_string(),
                why: "the answer is not a TAXII status resource".into(),
            });
        };
        let failures = (json.get("failures").and_then(Value::as_array).into_iter())
            .flatten()
            .map(|f| (text(f, "id"), text(f, "message")))
            .collect();
        Ok(Status {
            id: text(json, "id"),
            status: text(json, "status"),
            succeeded: count("success_count"),
            failed: count("failure_count"),
            pending: count("pending_count"),
            failures,
        })
    }

    pub fn is_complete(&self) -> bool {
        self.status == "complete"
    }
}

/// Posts `objects` to `collection`, then asks for the status every `every` until it is
/// complete, `tries` times at most.
pub fn push(
    client: &Client,
    collection: &Address,
    objects: &[Value],
    every: Duration,
    tries: usize,
) -> Result<Status, Error> {
    let at = collection.join("objects/")?;
    let body = serde_json::to_vec(&json!({ "objects": objects })).unwrap_or_default();
    let answer = client.post(&at, &body)?;
    let mut status = Status::read(&at, &answer.json)?;
    let Some(root) = collection.api_root() else {
        return Ok(status);
    };
    for _ in 0..tries {
        if status.is_complete() || status.id.is_empty() || status.id.contains(['/', '?', '#']) {
            break;
        }
        std::thread::sleep(every);
        let at = root.join(&format!("status/{}/", status.id))?;
        status = Status::read(&at, &client.get(&at, &[])?.json)?;
    }
    Ok(status)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_status_resource_is_read_with_its_failures() {
        let at = Address::parse("https://t.example/api/collections/c/objects/", false).unwrap();
        let s = Status::read(
            &at,
            &json!({"id": "s1", "status": "complete", "success_count": 3, "failure_count": 1,
                    "pending_count": 0, "failures": [{"id": "note--1", "message": "bad\u{1b}[2J"}]}),
        )
        .unwrap();
        assert!(s.is_complete());
        assert_eq!((s.succeeded, s.failed, s.pending), (3, 1, 0));
        assert_eq!(s.failures[0].0, "note--1");
        assert!(!s.failures[0].1.contains('\u{1b}'));
        assert!(Status::read(&at, &json!({"objects": []})).is_err());
    }
}
