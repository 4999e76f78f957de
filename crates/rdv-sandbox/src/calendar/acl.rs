//! `calendars/{calendarId}/acl` (google-calendar-notes.md §7; samples/acl-*.libgdata.*): rule
//! ids `<type>:<value>`, 20-digit etags, deleted rules listed with `role:"none"` in sync and
//! `showDeleted` listings.

use serde_json::{Value, json};

use crate::error::ApiError;
use crate::events::list::page_into;
use crate::query::Query;
use crate::world::{AclRule, Calendar, Role, World};

pub(crate) fn rule_json(id: &str, rule: &AclRule) -> Value {
    let mut scope = json!({ "type": rule.scope_type });
    if let Some(v) = &rule.scope_value {
        scope["value"] = json!(v);
    }
    json!({
        "kind": "calendar#aclRule",
        "etag": format!("\"{:020}\"", rule.stamp),
        "id": id,
        "scope": scope,
        "role": rule.role.as_str(),
    })
}

fn calendar<'w>(world: &'w World, cid: &str) -> Result<&'w Calendar, ApiError> {
    world.calendars.get(cid).ok_or_else(ApiError::not_found)
}

/// A 20-digit ACL sync token, as in samples/acl-list.libgdata.json.
fn acl_token(stamp: i64) -> String {
    format!("{stamp:020}")
}

/// `GET calendars/{calendarId}/acl`.
pub(crate) fn list(world: &mut World, cid: &str, q: &Query) -> Result<Value, ApiError> {
    let page_fault = world.page_fault();
    let cal = calendar(world, cid)?;
    let since = match q.get("syncToken") {
        None => None,
        Some(t) => Some(
            t.parse::<i64>()
                .ok()
                .filter(|s| *s >= cal.acl_floor && *s <= cal.acl_change)
                .ok_or_else(ApiError::full_sync_required)?,
        ),
    };
    let show_deleted = q.bool("showDeleted", false)?;
    let max = q.max_results(100, 250)?;
    let (offset, snapshot) = match q.get("pageToken") {
        Some(t) => crate::events::list::decode_page_token(t)?,
        None => (0, cal.acl_change),
    };
    let items: Vec<Value> = cal
        .acl
        .iter()
        .filter(|(_, r)| match since {
            Some(s) => r.stamp > s,
            None => show_deleted || r.role != Role::None,
        })
        .map(|(id, r)| rule_json(id, r))
        .collect();
    let mut envelope = json!({
        "kind": "calendar#acl",
        "etag": format!("\"{}\"", cal.acl_change),
    });
    page_into(
        page_fault,
        &mut envelope,
        items,
        Value::clone,
        offset,
        max,
        snapshot,
        |s| Some(acl_token(s)),
    );
    world.page_served(page_fault);
    Ok(envelope)
}

/// `GET calendars/{calendarId}/acl/{ruleId}`.
pub(crate) fn get(world: &World, cid: &str, rule_id: &str) -> Result<Value, ApiError> {
    let cal = calendar(world, cid)?;
    cal.acl
        .get(rule_id)
        .filter(|r| r.role != Role::None)
        .map(|r| rule_json(rule_id, r))
        .ok_or_else(ApiError::not_found)
}

fn cannot_change_owner() -> ApiError {
    ApiError::new(
        403,
        "calendar",
        "cannotChangeOwnAcl",
        "Cannot change your own access level.",
    )
}

fn parse_role(body: &Value, required: bool) -> Result<Option<Role>, ApiError> {
    match body.get("role").and_then(Value::as_str) {
        None if required => Err(ApiError::required("Missing required field: role")),
        None => Ok(None),
        Some(r) => Role::parse(r)
            .map(Some)
            .ok_or_else(|| ApiError::invalid(&format!("Invalid role: {r}"))),
    }
}

/// `POST calendars/{calendarId}/acl` (an existing scope is updated in place).
pub(crate) fn insert(world: &mut World, cid: &str, body: Value) -> Result<Value, ApiError> {
    let scope = body
        .get("scope")
        .ok_or_else(|| ApiError::required("Missing required field: scope"))?;
    let scope_type = scope
        .get("type")
        .and_then(Value::as_str)
        .ok_or_else(|| ApiError::required("Missing required field: scope.type"))?
        .to_owned();
    if !matches!(scope_type.as_str(), "default" | "user" | "group" | "domain") {
        return Err(ApiError::invalid(&format!(
            "Invalid scope type: {scope_type}"
        )));
    }
    let value = match scope_type.as_str() {
        "default" => None,
        _ => Some(
            scope
                .get("value")
                .and_then(Value::as_str)
                .map(|v| v.trim().to_lowercase())
                .ok_or_else(|| ApiError::required("Missing required field: scope.value"))?,
        ),
    };
    let role = parse_role(&body, true)?.unwrap_or(Role::None);
    let cal = calendar(world, cid)?;
    if scope_type == "user" && value.as_deref() == Some(cal.owner.as_str()) {
        return Err(cannot_change_owner());
    }
    let id = world
        .set_rule(cid, &scope_type, value.as_deref(), role)
        .ok_or_else(ApiError::not_found)?;
    get_any(world, cid, &id)
}

fn get_any(world: &World, cid: &str, id: &str) -> Result<Value, ApiError> {
    let cal = calendar(world, cid)?;
    cal.acl
        .get(id)
        .map(|r| rule_json(id, r))
        .ok_or_else(ApiError::not_found)
}

/// `PATCH` (role optional) and `PUT` (role required) on a rule.
pub(crate) fn write(
    world: &mut World,
    cid: &str,
    rule_id: &str,
    body: Value,
    patch: bool,
) -> Result<Value, ApiError> {
    let cal = calendar(world, cid)?;
    let rule = cal
        .acl
        .get(rule_id)
        .filter(|r| r.role != Role::None)
        .cloned()
        .ok_or_else(ApiError::not_found)?;
    if rule.scope_type == "user" && rule.scope_value.as_deref() == Some(cal.owner.as_str()) {
        return Err(cannot_change_owner());
    }
    if let Some(scope) = body.get("scope") {
        let same_type = scope.get("type").and_then(Value::as_str) == Some(rule.scope_type.as_str());
        let same_value = scope
            .get("value")
            .and_then(Value::as_str)
            .map(str::to_lowercase)
            == rule.scope_value;
        if !same_type || !same_value {
            return Err(ApiError::invalid("The scope of a rule cannot be changed."));
        }
    }
    let role = parse_role(&body, !patch)?.unwrap_or(rule.role);
    world.set_rule(cid, &rule.scope_type, rule.scope_value.as_deref(), role);
    get_any(world, cid, rule_id)
}

/// `DELETE calendars/{calendarId}/acl/{ruleId}` → 204; the rule stays listed as `none`.
pub(crate) fn delete(world: &mut World, cid: &str, rule_id: &str) -> Result<(), ApiError> {
    let cal = calendar(world, cid)?;
    let rule = cal
        .acl
        .get(rule_id)
        .filter(|r| r.role != Role::None)
        .cloned()
        .ok_or_else(ApiError::not_found)?;
    if rule.scope_type == "user" && rule.scope_value.as_deref() == Some(cal.owner.as_str()) {
        return Err(cannot_change_owner());
    }
    world.set_rule(
        cid,
        &rule.scope_type,
        rule.scope_value.as_deref(),
        Role::None,
    );
    Ok(())
}
