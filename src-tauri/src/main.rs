//! RDV Compagnon desktop app entry point.
// No console window on Windows release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    // `rdv-compagnon --check-keychain`: a support diagnostic (and a test hook) that checks the OS
    // keychain without starting the interface. Prints the status as JSON; exit 0 only if usable.
    if std::env::args().nth(1).as_deref() == Some("--check-keychain") {
        std::process::exit(rdv_compagnon::check_keychain());
    }
    rdv_compagnon::run();
}
