//! Partial responses (`fields=`, google-calendar-notes.md §12): a comma list of paths, `a/b`
//! for nesting, `items(id,etag)` sub-selections, `*` for everything. Like Google, a top-level
//! field that is not named is dropped — including `nextPageToken` and `nextSyncToken`.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

/// A parsed selection: named children (a leaf keeps the whole value).
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(crate) struct Selection {
    children: BTreeMap<String, Selection>,
}

impl Selection {
    /// Parses a `fields` value; `Err` names the bad selector.
    pub(crate) fn parse(text: &str) -> Result<Self, String> {
        let chars: Vec<char> = text.chars().collect();
        let mut pos = 0;
        let sel = parse_list(&chars, &mut pos)?;
        if pos != chars.len() {
            return Err(text.to_owned());
        }
        Ok(sel)
    }

    fn insert(&mut self, path: &[String], sub: Option<Selection>) {
        let Some((head, rest)) = path.split_first() else {
            return;
        };
        let node = self.children.entry(head.clone()).or_default();
        if rest.is_empty() {
            if let Some(sub) = sub {
                for (k, v) in sub.children {
                    node.children.insert(k, v);
                }
            }
        } else {
            node.insert(rest, sub);
        }
    }

    /// Keeps only the selected parts of a value.
    pub(crate) fn apply(&self, value: &Value) -> Value {
        if self.children.is_empty() {
            return value.clone();
        }
        match value {
            Value::Array(items) => Value::Array(items.iter().map(|v| self.apply(v)).collect()),
            Value::Object(map) => {
                let mut out = Map::new();
                for (k, v) in map {
                    let node = self.children.get(k).or_else(|| self.children.get("*"));
                    if let Some(node) = node {
                        out.insert(k.clone(), node.apply(v));
                    }
                }
                Value::Object(out)
            }
            other => other.clone(),
        }
    }
}

fn parse_list(chars: &[char], pos: &mut usize) -> Result<Selection, String> {
    let mut sel = Selection::default();
    loop {
        let mut path = Vec::new();
        loop {
            let start = *pos;
            while *pos < chars.len() && !matches!(chars[*pos], ',' | '/' | '(' | ')') {
                *pos += 1;
            }
            let name: String = chars[start..*pos]
                .iter()
                .collect::<String>()
                .trim()
                .to_owned();
            if name.is_empty() {
                return Err(chars.iter().collect());
            }
            path.push(name);
            if *pos < chars.len() && chars[*pos] == '/' {
                *pos += 1;
                continue;
            }
            break;
        }
        let mut sub = None;
        if *pos < chars.len() && chars[*pos] == '(' {
            *pos += 1;
            sub = Some(parse_list(chars, pos)?);
            if *pos >= chars.len() || chars[*pos] != ')' {
                return Err(chars.iter().collect());
            }
            *pos += 1;
        }
        sel.insert(&path, sub);
        if *pos < chars.len() && chars[*pos] == ',' {
            *pos += 1;
            continue;
        }
        return Ok(sel);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn the_sync_example_of_the_notes_selects_what_it_names() {
        // notes §12: tokens must be listed explicitly or they are dropped.
        let sel =
            Selection::parse("nextPageToken,nextSyncToken,items(id,etag,start/dateTime)").unwrap();
        let out = sel.apply(&json!({
            "kind": "calendar#events", "nextSyncToken": "t",
            "items": [{"id": "a", "etag": "e", "summary": "s", "start": {"dateTime": "d", "timeZone": "z"}}]
        }));
        assert_eq!(
            out,
            json!({"nextSyncToken": "t", "items": [{"id": "a", "etag": "e", "start": {"dateTime": "d"}}]})
        );
        let sel = Selection::parse("items(id)").unwrap();
        let out = sel.apply(&json!({"nextPageToken": "p", "items": []}));
        assert_eq!(
            out,
            json!({"items": []}),
            "an unnamed nextPageToken is dropped"
        );
    }

    #[test]
    fn wildcards_and_bad_selectors() {
        let sel = Selection::parse("*").unwrap();
        assert_eq!(sel.apply(&json!({"a": 1})), json!({"a": 1}));
        for bad in ["", "items(", "items(id", "a,,b", "a)", "a/"] {
            assert!(Selection::parse(bad).is_err(), "{bad:?}");
        }
    }
}
