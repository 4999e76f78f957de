//! `rdv sms count TEXT`: the encoding and segments of an SMS text (docs/sms.md).

use crate::Failure;
use rdv_core::sms::{SmsCount, count};
use serde::Serialize;
use std::io::Read;

/// The `rdv sms` subcommands.
#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Affiche en JSON l'encodage (GSM-7 ou UCS-2), les unités et le nombre de segments facturés
    /// d'un texte, et les caractères qui imposent l'UCS-2 avec un remplacement proposé.
    Count {
        /// Le texte du SMS ; « - » le lit sur l'entrée standard (sans le dernier saut de ligne).
        #[arg(allow_hyphen_values = true)]
        text: String,
    },
}

/// What `rdv sms count` prints.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct Output {
    encoding: &'static str,
    units: usize,
    segments: usize,
    per_segment: usize,
    remaining_in_segment: usize,
    ucs2_characters: Vec<Ucs2Output>,
}

/// A character that forces UCS-2, as printed.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct Ucs2Output {
    char: char,
    /// In characters, from 0.
    index: usize,
    /// `U+00A0`: says which character an invisible one is.
    code_point: String,
    replacement: Option<&'static str>,
}

impl From<SmsCount> for Output {
    fn from(n: SmsCount) -> Self {
        Self {
            encoding: n.encoding.name(),
            units: n.units,
            segments: n.segments,
            per_segment: n.per_segment,
            remaining_in_segment: n.remaining_in_segment,
            ucs2_characters: n
                .ucs2_characters
                .into_iter()
                .map(|u| Ucs2Output {
                    char: u.character,
                    index: u.index,
                    code_point: format!("U+{:04X}", u32::from(u.character)),
                    replacement: u.replacement,
                })
                .collect(),
        }
    }
}

/// Runs an `rdv sms` subcommand.
#[allow(
    clippy::print_stdout,
    reason = "printing the count is the command's job"
)]
pub fn run(command: &Command) -> Result<(), Failure> {
    let Command::Count { text } = command;
    let text = if text == "-" { stdin()? } else { text.clone() };
    let json = serde_json::to_string_pretty(&Output::from(count(&text)))
        .map_err(|e| Failure::Unusable(e.to_string()))?;
    println!("{json}");
    Ok(())
}

/// The standard input as text, without the one line break that ends it (`echo` adds it).
fn stdin() -> Result<String, Failure> {
    let mut bytes = Vec::new();
    std::io::stdin()
        .read_to_end(&mut bytes)
        .map_err(|e| Failure::Unusable(format!("impossible de lire l'entrée standard : {e}")))?;
    let mut text = String::from_utf8(bytes)
        .map_err(|_| Failure::Unusable("l'entrée standard n'est pas du texte UTF-8".to_owned()))?;
    if text.ends_with('\n') {
        text.pop();
        if text.ends_with('\r') {
            text.pop();
        }
    }
    Ok(text)
}
