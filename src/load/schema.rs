//! The JSON Schema of the topology file, generated from the very types the loader deserializes
//! (`schemars` derives on `topology.rs`), so it cannot drift from what fedc accepts. Published as
//! `schema/fedc-topology.schema.json` (a test keeps it current); editors use it through taplo's
//! `#:schema` directive (docs/editors.md).

use super::Topology;

/// Where the published schema lives in the repository.
pub const PUBLISHED_SCHEMA: &str = "schema/fedc-topology.schema.json";

/// The schema as a JSON value.
pub fn schema() -> serde_json::Value {
    let mut schema = schemars::schema_for!(Topology).to_value();
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
pub fn schema_text() -> String {
    serde_json::to_string_pretty(&schema()).map(|s| s + "\n").unwrap_or_default()
}
