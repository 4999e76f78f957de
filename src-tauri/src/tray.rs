//! The tray icon and its menu: *Ouvrir*, *Synchroniser maintenant*, *Quitter*, in the user's
//! language. Clicking the icon itself opens the window.

use rdv_app::App;
use rdv_app::ipc::{AccountState, SyncStatus};
use rdv_app::messages::tray_labels;
use rdv_core::Language;
use tauri::menu::{Menu, MenuItem, PredefinedMenuItem};
use tauri::tray::{MouseButton, MouseButtonState, TrayIconBuilder, TrayIconEvent};
use tauri::{AppHandle, Manager, Runtime};

const TRAY_ID: &str = "main";
const OPEN: &str = "open";
const SYNC_NOW: &str = "sync-now";
const QUIT: &str = "quit";

fn menu<R: Runtime>(app: &AppHandle<R>, language: Language) -> tauri::Result<Menu<R>> {
    let labels = tray_labels(language);
    Menu::with_items(
        app,
        &[
            &MenuItem::with_id(app, OPEN, labels.open, true, None::<&str>)?,
            &MenuItem::with_id(app, SYNC_NOW, labels.sync_now, true, None::<&str>)?,
            &PredefinedMenuItem::separator(app)?,
            &MenuItem::with_id(app, QUIT, labels.quit, true, None::<&str>)?,
        ],
    )
}

/// Creates the tray icon. Without a tray host (some desktops, Xvfb) this still succeeds; the
/// window and a second launch remain the ways in.
pub(crate) fn create<R: Runtime>(app: &AppHandle<R>, language: Language) -> tauri::Result<()> {
    let mut builder = TrayIconBuilder::with_id(TRAY_ID)
        .tooltip("RDV Compagnon")
        .menu(&menu(app, language)?)
        .show_menu_on_left_click(false)
        .on_menu_event(|app, event| on_menu(app, event.id().as_ref()))
        .on_tray_icon_event(|tray, event| {
            if let TrayIconEvent::Click {
                button: MouseButton::Left,
                button_state: MouseButtonState::Up,
                ..
            } = event
            {
                crate::show_main_window(tray.app_handle());
            }
        });
    if let Some(icon) = app.default_window_icon() {
        builder = builder.icon(icon.clone());
    }
    builder.build(app)?;
    Ok(())
}

/// Shows the sync status in the tray tooltip.
pub(crate) fn show_status<R: Runtime>(app: &AppHandle<R>, status: &SyncStatus) {
    let Some(tray) = app.tray_by_id(TRAY_ID) else {
        return;
    };
    let language = app
        .try_state::<App>()
        .and_then(|a| a.settings().ok())
        .map(|s| s.language)
        .unwrap_or_default();
    let _ = tray.set_tooltip(Some(rdv_app::messages::tray_tooltip(language, status)));
}

/// Shows *reconnexion nécessaire* in the tray when Google refused the stored access.
pub(crate) fn show_account<R: Runtime>(app: &AppHandle<R>, state: &AccountState) {
    let Some(tray) = app.tray_by_id(TRAY_ID) else {
        return;
    };
    if matches!(state, AccountState::ReconnectNeeded { .. }) {
        let language = app
            .try_state::<App>()
            .and_then(|a| a.settings().ok())
            .map(|s| s.language)
            .unwrap_or_default();
        let _ = tray.set_tooltip(Some(rdv_app::messages::tray_reconnect(language)));
    }
}

/// Re-labels the menu after a language change.
pub(crate) fn relabel<R: Runtime>(app: &AppHandle<R>, language: Language) {
    let Some(tray) = app.tray_by_id(TRAY_ID) else {
        return;
    };
    match menu(app, language) {
        Ok(m) => {
            if let Err(e) = tray.set_menu(Some(m)) {
                tracing::warn!(error = %e, "cannot update the tray menu");
            }
        }
        Err(e) => tracing::warn!(error = %e, "cannot build the tray menu"),
    }
}

fn on_menu<R: Runtime>(app: &AppHandle<R>, id: &str) {
    match id {
        OPEN => crate::show_main_window(app),
        SYNC_NOW => {
            let app = app.clone();
            // Off the UI thread: it may talk to D-Bus.
            tauri::async_runtime::spawn_blocking(move || {
                if let Err(e) = app.state::<App>().request_sync() {
                    tracing::warn!(error = %e, "sync now failed");
                }
            });
        }
        QUIT => {
            tracing::info!("quit from the tray");
            app.exit(0);
        }
        other => tracing::debug!(id = other, "unknown tray menu item"),
    }
}
