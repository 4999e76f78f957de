//! Start-up when the database cannot be opened: the recovery state the window's three start-up
//! commands read and act on (`startup_state`, `recovery_retry`, `recovery_rebuild`). They are
//! the only commands that answer before the app runs — the others ask for the managed `App`,
//! which Tauri refuses (an error, not a panic) until a database is open and `launch` managed it.

use rdv_app::ipc::{IpcError, StartupState};
use rdv_app::recovery::Recovery;
use rdv_core::ports::SecretStore;
use std::sync::{Arc, Mutex};
use tauri::{AppHandle, Runtime, State};

/// Managed from the start: the recovery while the database cannot be opened (`None` once the app
/// runs), and the keychain the database key is read from.
pub(crate) struct Startup {
    pub(crate) recovery: Mutex<Option<Recovery>>,
    pub(crate) secrets: Arc<dyn SecretStore>,
}

impl Startup {
    fn state(&self) -> StartupState {
        match &*self.lock() {
            None => StartupState::Ready,
            Some(recovery) => StartupState::Recovery {
                info: recovery.info(),
            },
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Option<Recovery>> {
        self.recovery
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// Whether the app runs or the recovery screen shows. The UI asks this first.
#[tauri::command]
pub(crate) fn startup_state(startup: State<'_, Startup>) -> StartupState {
    startup.state()
}

/// *Réessayer*: opens the database again; on success the app starts (no restart needed).
#[tauri::command]
pub(crate) fn recovery_retry<R: Runtime>(
    handle: AppHandle<R>,
    startup: State<'_, Startup>,
) -> Result<StartupState, IpcError> {
    act(&handle, &startup, |recovery, secrets| {
        recovery.retry(secrets).map_err(|_| ())
    })
}

/// *Mettre le fichier de côté et reconstruire depuis Google* (confirmed in the UI): moves the
/// file aside, opens a new one with the outbox and the account put back, starts the app.
#[tauri::command]
pub(crate) fn recovery_rebuild<R: Runtime>(
    handle: AppHandle<R>,
    startup: State<'_, Startup>,
) -> Result<StartupState, IpcError> {
    act(&handle, &startup, |recovery, secrets| {
        recovery
            .rebuild(secrets, chrono::Utc::now())
            .map_err(|_| ())
    })
}

/// Runs a recovery action; a store it opens starts the app. Returns the new start-up state.
fn act<R: Runtime>(
    handle: &AppHandle<R>,
    startup: &Startup,
    action: impl FnOnce(&mut Recovery, &dyn SecretStore) -> Result<rdv_store::Store, ()>,
) -> Result<StartupState, IpcError> {
    let mut guard = startup.lock();
    let Some(recovery) = guard.as_mut() else {
        return Ok(StartupState::Ready);
    };
    let Ok(store) = action(recovery, &*startup.secrets) else {
        tracing::warn!(error = %recovery.error(), "the local database still cannot be opened");
        return Ok(StartupState::Recovery {
            info: recovery.info(),
        });
    };
    // The recovery state stays until the app runs: a failed launch leaves the screen (and what
    // it read) for another try.
    crate::launch(handle, store, startup.secrets.clone()).map_err(|e| {
        tracing::error!(error = %e, "the app could not start after recovery");
        IpcError {
            code: rdv_app::ipc::ErrorCode::Internal,
            message: e.to_string(),
        }
    })?;
    *guard = None;
    Ok(StartupState::Ready)
}
