use super::*;
use serde::{Deserialize, Serialize};

#[derive(Debug, Serialize, Deserialize)]
struct Wire {
    #[serde(with = "string", skip_serializing)]
    name: Sensitive<String>,
    #[serde(default, with = "opt_string", skip_serializing_if = "Option::is_none")]
    phone: Option<Sensitive<String>>,
    #[serde(default, with = "opt_map", skip_serializing_if = "Option::is_none")]
    private: Option<BTreeMap<String, Sensitive<String>>>,
}

#[test]
fn values_cross_the_wire_but_never_print() {
    let read: Wire = serde_json::from_str(
        r#"{"name":"Jeanne Martin","phone":"0612345678","private":{"rdv.kind":"booking","rdv.patient.last":"Martin"}}"#,
    )
    .unwrap();
    assert_eq!(read.name.expose(), "Jeanne Martin");
    let printed = format!("{read:?}");
    assert!(
        !printed.contains("Martin") && !printed.contains("0612"),
        "{printed}"
    );
    assert!(
        printed.contains("rdv.kind"),
        "keys stay readable: {printed}"
    );
    let written = serde_json::to_value(&read).unwrap();
    assert_eq!(
        written,
        serde_json::json!({"phone":"0612345678","private":{"rdv.kind":"booking","rdv.patient.last":"Martin"}})
    );
}

#[test]
fn absent_and_null_optional_values_are_none() {
    for json in [
        r#"{"name":"x"}"#,
        r#"{"name":"x","phone":null,"private":null}"#,
    ] {
        let read: Wire = serde_json::from_str(json).unwrap();
        assert!(read.phone.is_none() && read.private.is_none(), "{json}");
    }
    assert!(serde_json::from_str::<Wire>(r#"{"name":3}"#).is_err());
}
