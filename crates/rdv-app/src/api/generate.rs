//! The files written from the command table, and the tests that keep the committed copies true:
//! the TypeScript client, the shell's permission list and its capability. `make bindings`
//! (`UPDATE_BINDINGS=1`) rewrites them.

use super::{COMMANDS, CommandSpec, STARTUP_COMMANDS};
use std::collections::BTreeSet;
use std::path::PathBuf;
use ts_rs::Config;

const HEADER: &str = "// This file is generated from rdv-app's command table (crates/rdv-app/src/api/table.rs) by `make bindings`. Do not edit.\n";

/// The client's types: 64-bit integers are numbers on the wire (outbox sequence numbers).
fn config() -> Config {
    Config::default().with_large_int("number")
}

/// `set_calendar_selected` → `setCalendarSelected`.
pub(crate) fn camel(name: &str) -> String {
    let mut out = String::new();
    let mut upper = false;
    for c in name.chars() {
        if c == '_' {
            upper = true;
        } else if upper {
            out.extend(c.to_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

/// The type names a TypeScript type expression uses from `bindings.ts`.
fn names_in(ts: &str, into: &mut BTreeSet<String>) {
    for word in ts.split(|c: char| !c.is_alphanumeric() && c != '_') {
        if word.starts_with(|c: char| c.is_ascii_uppercase()) && !matches!(word, "Array" | "Record")
        {
            into.insert(word.to_owned());
        }
    }
}

fn jsdoc(doc: &str, indent: &str) -> String {
    let lines: Vec<&str> = doc
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    if lines.is_empty() {
        return String::new();
    }
    let mut out = format!("{indent}/**\n");
    for line in lines {
        out.push_str(&format!("{indent} * {line}\n"));
    }
    out.push_str(&format!("{indent} */\n"));
    out
}

fn signature(spec: &CommandSpec, cfg: &Config) -> (String, String) {
    let args = spec
        .params
        .iter()
        .map(|p| format!("{}: {}", camel(p.name), (p.ts)(cfg)))
        .collect::<Vec<_>>()
        .join(", ");
    (args, (spec.result)(cfg))
}

/// `ui/src/lib/ipc/commands.ts`.
pub(crate) fn typescript_client() -> String {
    let cfg = config();
    let mut used = BTreeSet::new();
    for spec in COMMANDS {
        for p in spec.params {
            names_in(&(p.ts)(&cfg), &mut used);
        }
        names_in(&(spec.result)(&cfg), &mut used);
    }
    let mut out = String::from(HEADER);
    out.push_str(&format!(
        "import type {{ {} }} from \"./bindings\";\n\n",
        used.into_iter().collect::<Vec<_>>().join(", ")
    ));
    out.push_str(
        "/**\n * Sends one command with its arguments (camelCase names) to the Rust core and settles with its\n * answer; a transport rejects with an `IpcError` only.\n */\nexport type Call = (command: CommandName, params: Record<string, unknown>) => Promise<unknown>;\n\n",
    );
    out.push_str(
        "/** Every command's name, as the Rust core knows it. */\nexport const COMMAND_NAMES = [\n",
    );
    for spec in COMMANDS {
        out.push_str(&format!("  \"{}\",\n", spec.name));
    }
    out.push_str("] as const;\n\n/** A command's name. */\nexport type CommandName = (typeof COMMAND_NAMES)[number];\n\n");
    out.push_str("/** Everything the UI can ask of the Rust core, one typed method per command. */\nexport interface Commands {\n");
    for spec in COMMANDS {
        let (args, result) = signature(spec, &cfg);
        out.push_str(&jsdoc(&format!("`{}`: {}", spec.name, spec.doc), "  "));
        out.push_str(&format!(
            "  {}({args}): Promise<{result}>;\n",
            camel(spec.name)
        ));
    }
    out.push_str("}\n\n/** The typed client over a transport's `call`. */\nexport function commandClient(call: Call): Commands {\n  return {\n");
    for spec in COMMANDS {
        let (args, result) = signature(spec, &cfg);
        let fields = spec
            .params
            .iter()
            .map(|p| camel(p.name))
            .collect::<Vec<_>>()
            .join(", ");
        let params = if fields.is_empty() {
            "{}".to_owned()
        } else {
            format!("{{ {fields} }}")
        };
        out.push_str(&format!(
            "    {}: ({args}) => call(\"{}\", {params}) as Promise<{result}>,\n",
            camel(spec.name),
            spec.name
        ));
    }
    out.push_str("  };\n}\n");
    out
}

/// `src-tauri/commands.list`: the names the shell's `build.rs` makes a permission for.
pub(crate) fn command_list() -> String {
    let mut out = String::from(
        "# Generated from rdv-app's command table (crates/rdv-app/src/api/table.rs) by `make bindings`.\n# Read by build.rs: one permission `allow-<command>` each. Do not edit.\n",
    );
    for name in COMMANDS
        .iter()
        .map(|spec| spec.name)
        .chain(STARTUP_COMMANDS)
    {
        out.push_str(name);
        out.push('\n');
    }
    out
}

/// `src-tauri/capabilities/main.json`: the main window may call every command of the table and
/// listen to the app's events, nothing else.
pub(crate) fn capability() -> String {
    let mut permissions = vec![
        "core:event:allow-listen".to_owned(),
        "core:event:allow-unlisten".to_owned(),
    ];
    permissions.extend(COMMANDS.iter().map(CommandSpec::permission));
    permissions.extend(
        STARTUP_COMMANDS
            .iter()
            .map(|name| format!("allow-{}", name.replace('_', "-"))),
    );
    let value = serde_json::json!({
        "$schema": "../gen/schemas/desktop-schema.json",
        "identifier": "main",
        "description": "Generated from rdv-app's command table by `make bindings`: the main window may call every command of the table and listen to the app's events (sync status, account state, data changed). Nothing else from core plugins.",
        "windows": ["main"],
        "permissions": permissions,
    });
    // serde_json sorts keys; the schema first reads better, so the object is written in order.
    let mut out = String::from("{\n");
    let keys = [
        "$schema",
        "identifier",
        "description",
        "windows",
        "permissions",
    ];
    for (i, key) in keys.iter().enumerate() {
        let body = serde_json::to_string_pretty(&value[key])
            .unwrap_or_default()
            .replace('\n', "\n  ");
        let comma = if i + 1 < keys.len() { "," } else { "" };
        out.push_str(&format!("  \"{key}\": {body}{comma}\n"));
    }
    out.push_str("}\n");
    out
}

/// Compares a committed file with what the table generates; rewrites it with `UPDATE_BINDINGS`.
pub(crate) fn check_generated(relative: &str, want: &str) {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .join(relative);
    if std::env::var_os("UPDATE_BINDINGS").is_some() {
        std::fs::write(&path, want).unwrap();
    }
    let have = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        have == want,
        "{relative} is out of date with the command table; regenerate it with `make bindings` \
         and commit it.\n--- expected:\n{want}"
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::{Guard, dispatch};
    use crate::ipc::ErrorCode;
    use serde_json::json;

    #[test]
    fn bindings_the_typescript_client_is_generated_from_the_table() {
        check_generated("ui/src/lib/ipc/commands.ts", &typescript_client());
    }

    #[test]
    fn bindings_the_shell_permissions_are_generated_from_the_table() {
        check_generated("src-tauri/commands.list", &command_list());
        check_generated("src-tauri/capabilities/main.json", &capability());
    }

    #[test]
    fn every_command_is_named_once() {
        let mut seen = BTreeSet::new();
        for name in COMMANDS
            .iter()
            .map(|spec| spec.name)
            .chain(STARTUP_COMMANDS)
        {
            assert!(seen.insert(name), "{name} declared twice");
        }
        assert!(COMMANDS.len() > 60, "the whole surface is in the table");
    }

    #[test]
    fn names_become_camel_case() {
        assert_eq!(camel("set_calendar_selected"), "setCalendarSelected");
        assert_eq!(camel("app_info"), "appInfo");
    }

    fn run<F: std::future::Future>(f: F) -> F::Output {
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap()
            .block_on(f)
    }

    #[test]
    fn dispatch_reads_camel_case_arguments_and_answers_json() {
        let app = crate::tests::app_with(Default::default(), Default::default());
        run(async {
            let settings = dispatch(&app, "set_language", json!({ "language": "en" }))
                .await
                .unwrap();
            assert_eq!(settings, json!({ "language": "en" }));
            let settings = dispatch(&app, "get_settings", serde_json::Value::Null)
                .await
                .unwrap();
            assert_eq!(
                settings,
                json!({ "language": "en" }),
                "no arguments: null or {{}}"
            );
            let none = dispatch(&app, "activity_log", json!({ "limit": null })).await;
            assert!(none.is_ok(), "an optional argument may be null: {none:?}");
        });
    }

    #[test]
    fn dispatch_refuses_unknown_commands_and_bad_arguments_with_a_clear_error() {
        let app = crate::tests::app_with(Default::default(), Default::default());
        run(async {
            let err = dispatch(&app, "drop_database", json!({}))
                .await
                .unwrap_err();
            assert_eq!(err.code, ErrorCode::InvalidInput);
            assert!(err.message.contains("drop_database"), "{}", err.message);
            let err = dispatch(&app, "set_language", json!({ "language": "de" }))
                .await
                .unwrap_err();
            assert_eq!(err.code, ErrorCode::InvalidInput);
            assert!(err.message.contains("set_language"), "{}", err.message);
            let err = dispatch(
                &app,
                "set_language",
                json!({ "language": "en", "extra": 1 }),
            )
            .await
            .unwrap_err();
            assert_eq!(
                err.code,
                ErrorCode::InvalidInput,
                "unknown arguments are refused"
            );
        });
    }

    /// The commands a locked app still answers, each with why: what the lock screen and start-up
    /// need, and nothing that returns or changes personal or sharing data (issue 17, item 3).
    const OPEN: &[(&str, &str)] = &[
        (
            "get_settings",
            "start-up reads the interface language, which names no one",
        ),
        ("set_language", "the interface language names no one"),
        (
            "app_info",
            "name, version and folders: the start-up error screen shows them",
        ),
        (
            "keychain_status",
            "start-up tells a locked keychain apart, names no one",
        ),
        (
            "sync_status",
            "start-up reads the sync state, which names no one",
        ),
        (
            "account_status",
            "start-up: linked or not picks the first screen; names only the practitioner's account",
        ),
        (
            "cancel_linking",
            "stops a pending link: changes nothing, names no one",
        ),
        ("lock_status", "the lock screen: PIN set, locked, the wait"),
        ("lock_app", "locking is always allowed"),
        ("unlock_app", "the lock screen's PIN"),
    ];

    #[test]
    fn only_the_lock_screen_and_start_up_commands_are_open() {
        let open: std::collections::BTreeSet<&str> = COMMANDS
            .iter()
            .filter(|s| s.guard == Guard::Open)
            .map(|s| s.name)
            .collect();
        let allowed: std::collections::BTreeSet<&str> =
            OPEN.iter().map(|(name, _)| *name).collect();
        assert_eq!(
            open, allowed,
            "every command that is not on the lock screen's allow-list is refused while locked"
        );
    }

    #[test]
    fn guarded_commands_are_refused_while_locked_and_open_ones_still_answer() {
        let app = crate::tests::app_with(Default::default(), Default::default());
        run(async {
            app.set_lock_pin(None, "2468").unwrap();
            app.lock().unwrap();
            for spec in COMMANDS.iter().filter(|s| s.guard == Guard::Unlocked) {
                // Arguments are read before the guard; the lock must answer whatever they are.
                let err = crate::api::check_guard(&app, spec.guard).unwrap_err();
                assert_eq!(err.code(), ErrorCode::AppLocked, "{}", spec.name);
            }
            let err = dispatch(&app, "upcoming_bookings", json!({ "query": null }))
                .await
                .unwrap_err();
            assert_eq!(err.code, ErrorCode::AppLocked);
            let status = dispatch(&app, "lock_status", json!({})).await.unwrap();
            assert_eq!(status["locked"], json!(true));
        });
    }
}
