//! The JSON Schema of the topology file, generated from the very types the loader deserializes
//! (`schemars` derives on `topology.rs`), so it cannot drift from what fedc accepts. Published as
//! `schema/fedc-topology.schema.json` (a test keeps it current); editors use it through taplo's
//! `#:schema` directive (docs/editors.md).

use super::Topology;

/// The schema as a JSON value (JSON Schema draft 7; definitions under `definitions`).
pub(crate) fn schema() -> serde_json::Value {
    // Draft 7: the draft editors' schema support (taplo, VS Code's JSON language service) handles
    // best; newer drafts are read by fewer of them.
    let generator = schemars::generate::SchemaSettings::draft07().into_generator();
    let mut schema = generator.into_root_schema_for::<Topology>().to_value();
    if let Some(object) = schema.as_object_mut() {
        object.insert("title".into(), "fedc topology".into());
        object.insert(
            "description".into(),
            "One fedc topology file (TOML): clusters, meshes, peerings, exports, imports, failover, overlays. \
             Reference: docs/topology.md."
                .into(),
        );
    }
    schema
}

/// The schema as published: pretty JSON with a final newline.
pub(crate) fn schema_text() -> String {
    serde_json::to_string_pretty(&schema()).map(|s| s + "\n").unwrap_or_default()
}

/// Where the schema keeps the definition of a load type (`LocalityDef`): a JSON pointer.
pub(crate) fn definition_pointer(type_name: &str) -> String {
    format!("/definitions/{type_name}")
}
