//! What a TAXII server lists, for `brief pull --list`: from a server's discovery URL, its API
//! roots and each one's collections; from an API root, its collections; from a collection,
//! itself. Each collection with its title, id, whether the account can read and write it, and
//! the URL `brief pull` and `brief push` take.

use serde_json::Value;

use super::{Address, Client, Error};

/// An API root and what it holds.
#[derive(Debug)]
pub struct Root {
    /// Its URL as the server gave it (made safe to show), or as `brief` reached it.
    pub url: String,
    pub title: String,
    /// Its collections, or why they could not be listed.
    pub collections: Result<Vec<Collection>, Error>,
}

/// A collection as the server describes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Collection {
    pub id: String,
    pub title: String,
    pub can_read: bool,
    pub can_write: bool,
    pub address: Address,
}

fn text(json: &Value, key: &str) -> String {
    let t = json.get(key).and_then(Value::as_str).unwrap_or("");
    crate::briefing::sanitize::sanitize(t, crate::briefing::sanitize::Lines::Single).into_owned()
}

/// What `address` (a server's discovery URL, an API root or a collection) lists.
pub fn list(client: &Client, address: &Address) -> Result<Vec<Root>, Error> {
    let answer = client.get(address, &[])?;
    let json = answer.json;
    if let Some(roots) = json.get("api_roots").and_then(Value::as_array) {
        let mut out = Vec::new();
        for root in roots.iter().filter_map(Value::as_str) {
            // An API root elsewhere (another host or scheme) is named, not followed: the
            // credentials are for this one.
            let at = match address.join(root) {
                Ok(at) => at,
                Err(e) => {
                    out.push(Root {
                        url: crate::briefing::sanitize::sanitize(
                            root,
                            crate::briefing::sanitize::Lines::Single,
                        )
                        .into_owned(),
                        title: String::new(),
                        collections: Err(e),
                    });
                    continue;
                }
            };
            out.push(match client.get(&at, &[]) {
                Ok(a) => Root {
                    title: text(&a.json, "title"),
                    collections: collections(client, &at),
                    url: at.as_str().to_string(),
                },
                Err(e) => Root {
                    title: String::new(),
                    collections: Err(e),
                    url: at.as_str().to_string(),
                },
            });
        }
        return Ok(out);
    }
    if json.get("can_read").is_some() {
        let root = address.api_root().unwrap_or_else(|| address.clone());
        return Ok(vec![Root {
            title: String::new(),
            collections: Ok(vec![collection(address.clone(), &json)]),
            url: root.as_str().to_string(),
        }]);
    }
    if json.get("versions").is_some() || json.get("max_content_length").is_some() {
        return Ok(vec![Root {
            title: text(&json, "title"),
            collections: collections(client, address),
            url: address.as_str().to_string(),
        }]);
    }
    Err(Error::Answer {
        url: address.as_str().to_string(),
        why: "not a TAXII 2.1 discovery, API root or collection".into(),
    })
}

fn collection(address: Address, json: &Value) -> Collection {
    let flag = |k: &str| json.get(k).and_then(Value::as_bool).unwrap_or(false);
    Collection {
        id: text(json, "id"),
        title: text(json, "title"),
        can_read: flag("can_read"),
        can_write: flag("can_write"),
        address,
    }
}

/// The collections of the API root at `root`.
fn collections(client: &Client, root: &Address) -> Result<Vec<Collection>, Error> {
    let at = root.join("collections/")?;
    let answer = client.get(&at, &[])?;
    let mut out = Vec::new();
    for c in (answer.json.get("collections").and_then(Value::as_array))
        .into_iter()
        .flatten()
    {
        let id = text(c, "id");
        if id.is_empty() || id.contains(['/', '?', '#']) {
            continue;
        }
        out.push(collection(at.join(&format!("{id}/"))?, c));
    }
    Ok(out)
}
