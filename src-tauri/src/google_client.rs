//! Where this build's Google OAuth client (a Google Cloud "Desktop app" client) comes from:
//!
//! 1. a file `google-client.json` in the app's config folder
//!    (`$XDG_CONFIG_HOME/fr.librdv.compagnon/` on Linux) with `{"client_id": "…",
//!    "client_secret": "…"}` — for support staff and packagers;
//! 2. else the build-time environment `RDV_GOOGLE_CLIENT_ID` / `RDV_GOOGLE_CLIENT_SECRET`.
//!
//! Without either, only demo mode can link an account. No credentials are in the repository.

use rdv_app::GoogleClientConfig;
use rdv_core::Sensitive;
use std::path::Path;

/// The file name looked for in the config folder.
pub const FILE: &str = "google-client.json";

#[derive(serde::Deserialize)]
struct File {
    client_id: String,
    client_secret: String,
}

/// Reads the OAuth client from `config_dir`, else from the build environment.
pub fn load(config_dir: &Path) -> Option<GoogleClientConfig> {
    let path = config_dir.join(FILE);
    if let Ok(text) = std::fs::read_to_string(&path) {
        match serde_json::from_str::<File>(&text) {
            Ok(f) if !f.client_id.trim().is_empty() => {
                return Some(GoogleClientConfig {
                    client_id: f.client_id.trim().to_owned(),
                    client_secret: Sensitive::new(f.client_secret.trim().to_owned()),
                });
            }
            Ok(_) => {
                tracing::warn!(path = %path.display(), "google-client.json has an empty client_id")
            }
            Err(e) => {
                tracing::warn!(path = %path.display(), error = %e, "google-client.json is not valid")
            }
        }
    }
    match (
        option_env!("RDV_GOOGLE_CLIENT_ID"),
        option_env!("RDV_GOOGLE_CLIENT_SECRET"),
    ) {
        (Some(id), Some(secret)) if !id.is_empty() => Some(GoogleClientConfig {
            client_id: id.to_owned(),
            client_secret: Sensitive::new(secret.to_owned()),
        }),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_config_file_provides_the_client_and_hides_its_secret() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join(FILE),
            r#"{"client_id":" id.apps.googleusercontent.com ","client_secret":"s3cr3t"}"#,
        )
        .unwrap();
        let c = load(dir.path()).unwrap();
        assert_eq!(c.client_id, "id.apps.googleusercontent.com");
        assert_eq!(c.client_secret.expose(), "s3cr3t");
        assert!(!format!("{c:?}").contains("s3cr3t"));
    }

    #[test]
    fn a_broken_file_is_ignored_not_fatal() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(FILE), "{not json").unwrap();
        let empty = tempfile::tempdir().unwrap();
        // Same answer as with no file at all: the build environment's client, if any.
        assert_eq!(
            load(dir.path()).map(|c| c.client_id),
            load(empty.path()).map(|c| c.client_id)
        );
    }
}
