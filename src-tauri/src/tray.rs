//! The tray icon and its menu, rebuilt from `App::tray_model` whenever something it shows
//! changes (sync, account, data, lock, do-not-disturb, and every minute): the day's next
//! appointments (a click opens its details), the sync state line, *Synchroniser maintenant*,
//! *Ouvrir*, *Ne pas déranger* (1 h / jusqu'à demain), *Quitter*. The icon carries a dot for
//! the offline, reconnect-needed and do-not-disturb states. Clicking the icon opens the window.

use rdv_app::App;
use rdv_app::ipc::{DoNotDisturb, TrayModel, TrayState};
use rdv_app::messages::tray_labels;
use rdv_core::Language;
use tauri::image::Image;
use tauri::menu::{Menu, MenuItem, PredefinedMenuItem, Submenu};
use tauri::tray::{MouseButton, MouseButtonState, TrayIconBuilder, TrayIconEvent};
use tauri::{AppHandle, Emitter, Manager, Runtime};

const TRAY_ID: &str = "main";
const OPEN: &str = "open";
const SYNC_NOW: &str = "sync-now";
const QUIT: &str = "quit";
const DND_HOUR: &str = "dnd-hour";
const DND_TOMORROW: &str = "dnd-tomorrow";
const DND_OFF: &str = "dnd-off";
const APPOINTMENT: &str = "appointment:";
/// The event the web view receives to open a booking's details (`{calendarId, id}`).
pub use rdv_app::ports::events::OPEN_BOOKING;

fn language<R: Runtime>(app: &AppHandle<R>) -> Language {
    app.try_state::<App>()
        .and_then(|a| a.settings().ok())
        .map(|s| s.language)
        .unwrap_or_default()
}

fn menu<R: Runtime>(
    app: &AppHandle<R>,
    language: Language,
    model: Option<&TrayModel>,
) -> tauri::Result<Menu<R>> {
    let labels = tray_labels(language);
    let menu = Menu::new(app)?;
    if let Some(model) = model {
        menu.append(&MenuItem::with_id(
            app,
            "today",
            labels.today,
            false,
            None::<&str>,
        )?)?;
        if model.next.is_empty() {
            menu.append(&MenuItem::with_id(
                app,
                "none",
                labels.none_today,
                false,
                None::<&str>,
            )?)?;
        }
        for a in &model.next {
            let id = format!("{APPOINTMENT}{}|{}", a.calendar_id, a.id);
            menu.append(&MenuItem::with_id(app, id, &a.label, true, None::<&str>)?)?;
        }
        menu.append(&PredefinedMenuItem::separator(app)?)?;
        menu.append(&MenuItem::with_id(
            app,
            "sync-line",
            &model.sync_line,
            false,
            None::<&str>,
        )?)?;
    }
    menu.append(&MenuItem::with_id(
        app,
        SYNC_NOW,
        labels.sync_now,
        true,
        None::<&str>,
    )?)?;
    menu.append(&MenuItem::with_id(
        app,
        OPEN,
        labels.open,
        true,
        None::<&str>,
    )?)?;
    let dnd_on = model.is_some_and(|m| m.state == TrayState::DoNotDisturb);
    let dnd = Submenu::with_items(
        app,
        labels.dnd,
        true,
        &[
            &MenuItem::with_id(app, DND_HOUR, labels.dnd_hour, true, None::<&str>)?,
            &MenuItem::with_id(app, DND_TOMORROW, labels.dnd_tomorrow, true, None::<&str>)?,
            &MenuItem::with_id(app, DND_OFF, labels.dnd_off, dnd_on, None::<&str>)?,
        ],
    )?;
    menu.append(&dnd)?;
    menu.append(&PredefinedMenuItem::separator(app)?)?;
    menu.append(&MenuItem::with_id(
        app,
        QUIT,
        labels.quit,
        true,
        None::<&str>,
    )?)?;
    Ok(menu)
}

/// The window icon with a coloured dot in its lower right corner for `state`.
fn icon_for<R: Runtime>(app: &AppHandle<R>, state: TrayState) -> Option<Image<'static>> {
    let base = app.default_window_icon()?;
    let (w, h) = (base.width(), base.height());
    let mut rgba = base.rgba().to_vec();
    let colour = match state {
        TrayState::Normal => return Some(Image::new_owned(rgba, w, h)),
        TrayState::Offline => [0xd9, 0x77, 0x06],
        TrayState::ReconnectNeeded => [0xdc, 0x26, 0x26],
        TrayState::DoNotDisturb => [0x6b, 0x72, 0x80],
    };
    let r = f64::from(w.min(h)) * 0.22;
    let (cx, cy) = (f64::from(w) - r - 1.0, f64::from(h) - r - 1.0);
    for y in 0..h {
        for x in 0..w {
            let d = ((f64::from(x) - cx).powi(2) + (f64::from(y) - cy).powi(2)).sqrt();
            if d <= r {
                let i = ((y * w + x) * 4) as usize;
                let edge = d > r - 1.5;
                let c = if edge { [0xff, 0xff, 0xff] } else { colour };
                rgba[i..i + 4].copy_from_slice(&[c[0], c[1], c[2], 0xff]);
            }
        }
    }
    Some(Image::new_owned(rgba, w, h))
}

/// Creates the tray icon. Without a tray host (some desktops, Xvfb) this still succeeds; the
/// window and a second launch remain the ways in.
pub(crate) fn create<R: Runtime>(app: &AppHandle<R>, language: Language) -> tauri::Result<()> {
    let mut builder = TrayIconBuilder::with_id(TRAY_ID)
        .tooltip("RDV Compagnon")
        .menu(&menu(app, language, None)?)
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

/// Rebuilds the tray from the app's model (icon, tooltip, menu).
pub(crate) fn refresh<R: Runtime>(app: &AppHandle<R>) {
    let Some(tray) = app.tray_by_id(TRAY_ID) else {
        return;
    };
    let Some(state) = app.try_state::<App>() else {
        return;
    };
    let model = match state.tray_model() {
        Ok(m) => m,
        Err(e) => {
            tracing::debug!(error = %e, "no tray model");
            return;
        }
    };
    let language = language(app);
    let _ = tray.set_tooltip(Some(&model.tooltip));
    if let Some(icon) = icon_for(app, model.state) {
        let _ = tray.set_icon(Some(icon));
    }
    match menu(app, language, Some(&model)) {
        Ok(m) => {
            if let Err(e) = tray.set_menu(Some(m)) {
                tracing::warn!(error = %e, "cannot update the tray menu");
            }
        }
        Err(e) => tracing::warn!(error = %e, "cannot build the tray menu"),
    }
}

fn on_menu<R: Runtime>(app: &AppHandle<R>, id: &str) {
    if let Some(target) = id.strip_prefix(APPOINTMENT) {
        if let Some((calendar_id, event)) = target.split_once('|') {
            crate::show_main_window(app);
            let _ = app.emit(
                OPEN_BOOKING,
                serde_json::json!({ "calendarId": calendar_id, "id": event }),
            );
        }
        return;
    }
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
        DND_HOUR | DND_TOMORROW | DND_OFF => {
            let choice = match id {
                DND_HOUR => DoNotDisturb::OneHour,
                DND_TOMORROW => DoNotDisturb::UntilTomorrow,
                _ => DoNotDisturb::Off,
            };
            if let Err(e) = app.state::<App>().set_do_not_disturb(choice) {
                tracing::warn!(error = %e, "cannot change do not disturb");
            }
            refresh(app);
        }
        QUIT => {
            tracing::info!("quit from the tray");
            app.exit(0);
        }
        other => tracing::debug!(id = other, "unknown tray menu item"),
    }
}
