//! Tauri build script: generates the context and one permission per app command
//! (`allow-<command>`), so a command is callable only where a capability grants it. The command
//! names come from `commands.list`, generated from rdv-app's command table by `make bindings`.

fn main() {
    println!("cargo:rerun-if-changed=commands.list");
    let list = std::fs::read_to_string("commands.list").expect("src-tauri/commands.list");
    let names: Vec<&'static str> = list
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|l| &*Box::leak(l.to_owned().into_boxed_str()))
        .collect();
    let names: &'static [&'static str] = Box::leak(names.into_boxed_slice());
    tauri_build::try_build(
        tauri_build::Attributes::new()
            .app_manifest(tauri_build::AppManifest::new().commands(names)),
    )
    .expect("tauri-build failed");
}
