//! Calendar API v3 under `/calendar/v3/`: routing, bearer authentication (401 `authError`),
//! per-method scopes (403 `insufficientPermissions`), access roles, and the answers' headers
//! (`ETag`, `fields`, `prettyPrint`).

mod acl;
mod calendar_list;
mod freebusy;
pub(crate) mod scopes;

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

use crate::error::{ApiError, json_body};
use crate::events::list::{Viewer, events_list, instances};
use crate::events::view::{Projection, render};
use crate::fields::Selection;
use crate::oauth::bearer;
use crate::query::Query;
use crate::world::{Role, Shared, World};
use scopes::Grant;

/// A successful answer.
#[derive(Debug)]
pub(crate) struct Reply {
    status: StatusCode,
    body: Option<Value>,
    etag: Option<String>,
}

impl Reply {
    pub(crate) fn json(body: Value) -> Self {
        Self {
            status: StatusCode::OK,
            body: Some(body),
            etag: None,
        }
    }

    /// A single resource: the `ETag` header equals the body's `etag` (notes §3, insert trace).
    pub(crate) fn resource(body: Value) -> Self {
        let etag = body.get("etag").and_then(Value::as_str).map(str::to_owned);
        Self {
            status: StatusCode::OK,
            body: Some(body),
            etag,
        }
    }

    pub(crate) fn no_content() -> Self {
        Self {
            status: StatusCode::NO_CONTENT,
            body: None,
            etag: None,
        }
    }

    fn not_modified(etag: String) -> Self {
        Self {
            status: StatusCode::NOT_MODIFIED,
            body: None,
            etag: Some(etag),
        }
    }

    fn finish(self, fields: Option<&Selection>, pretty: bool) -> Response {
        let mut response = match &self.body {
            Some(body) => {
                let body = fields
                    .map(|f| f.apply(body))
                    .unwrap_or_else(|| body.clone());
                (self.status, json_body(&body, pretty)).into_response()
            }
            None => self.status.into_response(),
        };
        let h = response.headers_mut();
        if self.body.is_some() {
            h.insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/json; charset=UTF-8"),
            );
        }
        h.insert(
            header::CACHE_CONTROL,
            HeaderValue::from_static("no-cache, no-store, max-age=0, must-revalidate"),
        );
        if let Some(etag) = self.etag.and_then(|e| HeaderValue::from_str(&e).ok()) {
            h.insert(header::ETAG, etag);
        }
        response
    }
}

/// Every `/calendar/v3/…` request.
pub(crate) async fn dispatch(
    State(shared): State<Arc<Shared>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let q = Query::parse(uri.query());
    let path = uri.path().strip_prefix("/calendar/v3/").unwrap_or("");
    let segs: Vec<String> = path
        .split('/')
        .map(|s| {
            percent_encoding::percent_decode_str(s)
                .decode_utf8_lossy()
                .into_owned()
        })
        .collect();
    let fields = match q.get("fields").map(Selection::parse) {
        None => None,
        Some(Ok(sel)) => Some(sel),
        Some(Err(bad)) => {
            return ApiError::new(
                400,
                "global",
                "invalidParameter",
                &format!("Invalid field selection {bad}"),
            )
            .located("fields")
            .into_response();
        }
    };
    let pretty = q.get("prettyPrint") != Some("false");
    let result = {
        let mut world = shared.lock();
        handle(&mut world, &method, &segs, &q, &headers, &body)
    };
    match result {
        Ok(reply) => reply.finish(fields.as_ref(), pretty),
        Err(e) => e.into_response(),
    }
}

/// The operations the sandbox serves.
enum Op<'a> {
    CalendarListList,
    CalendarListGet(&'a str),
    CalendarListInsert,
    CalendarGet(&'a str),
    EventsList(&'a str),
    EventsInsert(&'a str),
    EventsGet(&'a str, &'a str),
    EventsPatch(&'a str, &'a str),
    EventsUpdate(&'a str, &'a str),
    EventsDelete(&'a str, &'a str),
    EventsInstances(&'a str, &'a str),
    AclList(&'a str),
    AclInsert(&'a str),
    AclGet(&'a str, &'a str),
    AclPatch(&'a str, &'a str),
    AclUpdate(&'a str, &'a str),
    AclDelete(&'a str, &'a str),
    FreeBusy,
    Colors,
    NotImplemented,
}

impl Op<'_> {
    fn method_id(&self) -> &'static str {
        match self {
            Op::CalendarListList => "calendar.calendarList.list",
            Op::CalendarListGet(_) => "calendar.calendarList.get",
            Op::CalendarListInsert => "calendar.calendarList.insert",
            Op::CalendarGet(_) => "calendar.calendars.get",
            Op::EventsList(_) => "calendar.events.list",
            Op::EventsInsert(_) => "calendar.events.insert",
            Op::EventsGet(..) => "calendar.events.get",
            Op::EventsPatch(..) => "calendar.events.patch",
            Op::EventsUpdate(..) => "calendar.events.update",
            Op::EventsDelete(..) => "calendar.events.delete",
            Op::EventsInstances(..) => "calendar.events.instances",
            Op::AclList(_) => "calendar.acl.list",
            Op::AclInsert(_) => "calendar.acl.insert",
            Op::AclGet(..) => "calendar.acl.get",
            Op::AclPatch(..) => "calendar.acl.patch",
            Op::AclUpdate(..) => "calendar.acl.update",
            Op::AclDelete(..) => "calendar.acl.delete",
            Op::FreeBusy => "calendar.freebusy.query",
            Op::Colors => "calendar.colors.get",
            Op::NotImplemented => "",
        }
    }

    fn calendar(&self) -> Option<&str> {
        match self {
            Op::CalendarGet(c)
            | Op::EventsList(c)
            | Op::EventsInsert(c)
            | Op::EventsGet(c, _)
            | Op::EventsPatch(c, _)
            | Op::EventsUpdate(c, _)
            | Op::EventsDelete(c, _)
            | Op::EventsInstances(c, _)
            | Op::AclList(c)
            | Op::AclInsert(c)
            | Op::AclGet(c, _)
            | Op::AclPatch(c, _)
            | Op::AclUpdate(c, _)
            | Op::AclDelete(c, _) => Some(c),
            _ => None,
        }
    }
}

fn route<'a>(method: &Method, segs: &'a [String]) -> Option<Op<'a>> {
    let s: Vec<&str> = segs.iter().map(String::as_str).collect();
    Some(match (method.as_str(), s.as_slice()) {
        ("GET", ["users", "me", "calendarList"]) => Op::CalendarListList,
        ("GET", ["users", "me", "calendarList", c]) => Op::CalendarListGet(c),
        ("POST", ["users", "me", "calendarList"]) => Op::CalendarListInsert,
        ("GET", ["calendars", c]) => Op::CalendarGet(c),
        ("GET", ["calendars", c, "events"]) => Op::EventsList(c),
        ("POST", ["calendars", c, "events"]) => Op::EventsInsert(c),
        ("POST", ["calendars", _, "events", "watch" | "import" | "quickAdd"])
        | ("POST", ["calendars", _, "events", _, "move"])
        | ("POST", ["calendars", _, "acl", "watch"])
        | ("POST", ["channels", "stop"])
        | ("POST", ["users", "me", "calendarList", "watch"]) => Op::NotImplemented,
        ("GET", ["calendars", c, "events", e]) => Op::EventsGet(c, e),
        ("PATCH", ["calendars", c, "events", e]) => Op::EventsPatch(c, e),
        ("PUT", ["calendars", c, "events", e]) => Op::EventsUpdate(c, e),
        ("DELETE", ["calendars", c, "events", e]) => Op::EventsDelete(c, e),
        ("GET", ["calendars", c, "events", e, "instances"]) => Op::EventsInstances(c, e),
        ("GET", ["calendars", c, "acl"]) => Op::AclList(c),
        ("POST", ["calendars", c, "acl"]) => Op::AclInsert(c),
        ("GET", ["calendars", c, "acl", r]) => Op::AclGet(c, r),
        ("PATCH", ["calendars", c, "acl", r]) => Op::AclPatch(c, r),
        ("PUT", ["calendars", c, "acl", r]) => Op::AclUpdate(c, r),
        ("DELETE", ["calendars", c, "acl", r]) => Op::AclDelete(c, r),
        ("POST", ["freeBusy"]) => Op::FreeBusy,
        ("GET", ["colors"]) => Op::Colors,
        _ => return None,
    })
}

/// The authenticated account and its scopes (401 `authError` otherwise; notes §9).
fn caller(
    world: &World,
    headers: &HeaderMap,
    q: &Query,
) -> Result<(String, Vec<String>), ApiError> {
    let token = bearer(headers)
        .or_else(|| q.get("access_token").map(str::to_owned))
        .ok_or_else(ApiError::auth)?;
    let grant = world.access_grant(&token).ok_or_else(ApiError::auth)?;
    Ok((grant.email.clone(), grant.scopes.clone()))
}

pub(crate) fn parse_json(body: &Bytes) -> Result<Value, ApiError> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(json!({}));
    }
    serde_json::from_slice(body).map_err(|_| ApiError::parse_error())
}

fn header_str(headers: &HeaderMap, name: header::HeaderName) -> Option<&str> {
    headers.get(name).and_then(|v| v.to_str().ok())
}

fn handle(
    world: &mut World,
    method: &Method,
    segs: &[String],
    q: &Query,
    headers: &HeaderMap,
    body: &Bytes,
) -> Result<Reply, ApiError> {
    let op = route(method, segs).ok_or_else(ApiError::not_found)?;
    let (email, token_scopes) = caller(world, headers, q)?;
    if matches!(op, Op::NotImplemented) {
        return Err(ApiError::not_implemented());
    }
    let grant = scopes::check(op.method_id(), &token_scopes)?;
    let resolved = op.calendar().map(|c| {
        if c == "primary" {
            email.clone()
        } else {
            c.to_owned()
        }
    });
    let role = match &resolved {
        Some(cid) => {
            let role = world.role(cid, &email);
            if role == Role::None {
                return Err(ApiError::not_found());
            }
            if grant == Grant::OwnedOnly && role != Role::Owner {
                return Err(ApiError::insufficient_scopes());
            }
            role
        }
        None => Role::None,
    };
    let cid = resolved.as_deref().unwrap_or("");
    let viewer = Viewer {
        email: &email,
        role,
        freebusy_scope_only: grant == Grant::FreeBusyOnly,
    };
    let need = |min: Role, err: fn() -> ApiError| if role >= min { Ok(()) } else { Err(err()) };
    let cal_tz = world
        .calendars
        .get(cid)
        .map(|c| c.time_zone)
        .unwrap_or(chrono_tz::UTC);
    let if_match = header_str(headers, header::IF_MATCH);
    match op {
        Op::CalendarListList => calendar_list::list(world, &email, q).map(Reply::json),
        Op::CalendarListGet(c) => {
            let c = if c == "primary" { email.as_str() } else { c };
            calendar_list::get(world, &email, c).map(Reply::resource)
        }
        Op::CalendarListInsert => {
            calendar_list::insert(world, &email, &parse_json(body)?).map(Reply::resource)
        }
        Op::CalendarGet(_) => calendar_list::calendar_resource(world, cid).map(Reply::resource),
        Op::EventsList(_) => events_list(world, cid, viewer, q).map(Reply::json),
        Op::EventsInstances(_, e) => instances(world, cid, e, viewer, q).map(Reply::json),
        Op::EventsGet(_, e) => {
            let found = world.event_find(cid, e)?;
            let tz = match q.get("timeZone") {
                Some(name) => name.parse().map_err(|_| {
                    ApiError::invalid_param("timeZone", "Invalid time zone definition.")
                })?,
                None => cal_tz,
            };
            let view = render(found.body(), tz, viewer.projection(found.body(), true));
            let etag = view
                .get("etag")
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_owned();
            if header_str(headers, header::IF_NONE_MATCH).is_some_and(|h| h.trim() == etag) {
                return Ok(Reply::not_modified(etag));
            }
            Ok(Reply::resource(view))
        }
        Op::EventsInsert(_) => {
            need(Role::Writer, ApiError::writer_required)?;
            let input = parse_json(body)?;
            let stored = world.event_insert(cid, input, &email)?;
            Ok(Reply::resource(render(&stored, cal_tz, Projection::Full)))
        }
        Op::EventsPatch(_, e) => {
            need(Role::Writer, ApiError::writer_required)?;
            let input = parse_json(body)?;
            let stored = world.event_patch(cid, e, input, if_match)?;
            Ok(Reply::resource(render(&stored, cal_tz, Projection::Full)))
        }
        Op::EventsUpdate(_, e) => {
            need(Role::Writer, ApiError::writer_required)?;
            let input = parse_json(body)?;
            let stored = world.event_update(cid, e, input, if_match)?;
            Ok(Reply::resource(render(&stored, cal_tz, Projection::Full)))
        }
        Op::EventsDelete(_, e) => {
            need(Role::Writer, ApiError::writer_required)?;
            world.event_delete(cid, e, if_match)?;
            Ok(Reply::no_content())
        }
        Op::AclList(_) => {
            need(Role::Writer, ApiError::forbidden)?;
            acl::list(world, cid, q).map(Reply::json)
        }
        Op::AclGet(_, r) => {
            need(Role::Writer, ApiError::forbidden)?;
            acl::get(world, cid, r).map(Reply::resource)
        }
        Op::AclInsert(_) => {
            need(Role::Owner, ApiError::forbidden)?;
            acl::insert(world, cid, parse_json(body)?).map(Reply::resource)
        }
        Op::AclPatch(_, r) => {
            need(Role::Owner, ApiError::forbidden)?;
            acl::write(world, cid, r, parse_json(body)?, true).map(Reply::resource)
        }
        Op::AclUpdate(_, r) => {
            need(Role::Owner, ApiError::forbidden)?;
            acl::write(world, cid, r, parse_json(body)?, false).map(Reply::resource)
        }
        Op::AclDelete(_, r) => {
            need(Role::Owner, ApiError::forbidden)?;
            acl::delete(world, cid, r).map(|_| Reply::no_content())
        }
        Op::FreeBusy => freebusy::query(world, &email, parse_json(body)?).map(Reply::json),
        Op::Colors => Ok(Reply::json(freebusy::colors())),
        Op::NotImplemented => Err(ApiError::not_implemented()),
    }
}
