//! What `brief push` sends and hears back: STIX objects posted to a collection as TAXII
//! envelopes (one, or as many as the API root's `max_content_length` asks for), then the
//! status resource the server answers with for each, asked again until the server says it is
//! `complete` or a bounded wait is over.

use std::time::Duration;

use serde_json::Value;

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

/// What a push came to: the server's word on each envelope, added up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pushed {
    /// How many envelopes (requests) the objects went in.
    pub envelopes: usize,
    pub succeeded: u64,
    pub failed: u64,
    pub pending: u64,
    /// Each failed object's id, with the server's message when it gave one.
    pub failures: Vec<(String, String)>,
    /// The status ids the server had not finished with when the wait was over.
    pub unfinished: Vec<String>,
}

/// Posts `objects` to `collection`, in envelopes no larger than its API root takes, then asks
/// for each one's status every `every` until it is complete, `tries` times at most.
pub fn push(
    client: &Client,
    collection: &Address,
    objects: &[Value],
    every: Duration,
    tries: usize,
) -> Result<Pushed, Error> {
    let at = collection.join("objects/")?;
    let root = collection.api_root();
    // The API root says how large a request may be; a root that cannot be read sets no limit
    // (the server then answers 413 itself if it has one).
    let limit = (root.as_ref())
        .and_then(|r| client.get(r, &[]).ok())
        .and_then(|a| a.json.get("max_content_length")?.as_u64());
    let bodies = envelopes(objects, limit).map_err(|(id, size)| Error::Answer {
        url: at.as_str().to_string(),
        why: format!(
            "{}: {size} bytes, more than the {} bytes the server takes in one request \
             (its max_content_length)",
            crate::briefing::sanitize::sanitize(&id, crate::briefing::sanitize::Lines::Single),
            limit.unwrap_or(0)
        ),
    })?;
    let mut pushed = Pushed {
        envelopes: bodies.len(),
        succeeded: 0,
        failed: 0,
        pending: 0,
        failures: Vec::new(),
        unfinished: Vec::new(),
    };
    for body in bodies {
        let answer = client.post(&at, &body)?;
        let mut status = Status::read(&at, &answer.json)?;
        if let Some(root) = &root {
            for _ in 0..tries {
                if status.is_complete()
                    || status.id.is_empty()
                    || status.id.contains(['/', '?', '#'])
                {
                    break;
                }
                std::thread::sleep(every);
                let at = root.join(&format!("status/{}/", status.id))?;
                status = Status::read(&at, &client.get(&at, &[])?.json)?;
            }
        }
        pushed.succeeded += status.succeeded;
        pushed.failed += status.failed;
        pushed.pending += status.pending;
        pushed.failures.extend(status.failures.iter().cloned());
        if !status.is_complete() {
            pushed.unfinished.push(status.id.clone());
        }
    }
    Ok(pushed)
}

/// `objects` as TAXII envelopes (`{"objects": [...]}`), each at most `limit` bytes when there
/// is a limit; else the id and size of an object too large for any.
fn envelopes(objects: &[Value], limit: Option<u64>) -> Result<Vec<Vec<u8>>, (String, usize)> {
    const OPEN: &[u8] = b"{\"objects\":[";
    const CLOSE: &[u8] = b"]}";
    let limit = limit.map_or(usize::MAX, |l| usize::try_from(l).unwrap_or(usize::MAX));
    let mut out = Vec::new();
    let mut body = OPEN.to_vec();
    let mut held = 0;
    for o in objects {
        let one = serde_json::to_vec(o).unwrap_or_default();
        if OPEN.len() + one.len() + CLOSE.len() > limit {
            let id = o.get("id").and_then(Value::as_str).unwrap_or("an object");
            return Err((id.to_string(), one.len()));
        }
        if held > 0 && body.len() + 1 + one.len() + CLOSE.len() > limit {
            body.extend_from_slice(CLOSE);
            out.push(std::mem::replace(&mut body, OPEN.to_vec()));
            held = 0;
        }
        if held > 0 {
            body.push(b',');
        }
        body.extend_from_slice(&one);
        held += 1;
    }
    body.extend_from_slice(CLOSE);
    out.push(body);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

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

    #[test]
    fn envelopes_keep_under_the_servers_limit_and_hold_every_object_once() {
        let objects: Vec<Value> = (0..10)
            .map(
                |n| json!({"type": "note", "id": format!("note--{n}"), "content": "x".repeat(100)}),
            )
            .collect();
        let one = envelopes(&objects, None).unwrap();
        assert_eq!(one.len(), 1);
        let parsed: Value = serde_json::from_slice(&one[0]).unwrap();
        assert_eq!(parsed["objects"].as_array().unwrap().len(), 10);
        let split = envelopes(&objects, Some(400)).unwrap();
        assert!(split.len() > 1);
        let mut ids = Vec::new();
        for body in &split {
            assert!(body.len() <= 400, "{}", body.len());
            let parsed: Value = serde_json::from_slice(body).unwrap();
            for o in parsed["objects"].as_array().unwrap() {
                ids.push(o["id"].as_str().unwrap().to_string());
            }
        }
        let all: Vec<String> = (0..10).map(|n| format!("note--{n}")).collect();
        assert_eq!(ids, all);
        assert_eq!(envelopes(&objects, Some(100)).unwrap_err().0, "note--0");
    }
}
