//! The resolved federation: what `check` validates and `plan` compiles.

mod cluster;
mod export_rule;
mod failover;
mod federation;
mod file_problem;
mod gitops;
mod import_rule;
mod index;
mod istio;
mod locality;
mod located;
mod mesh;
mod overlay;
mod peering;
mod service;

pub use cluster::*;
pub use export_rule::*;
pub use failover::*;
pub use federation::*;
pub use file_problem::{FileProblem, size};
pub use gitops::*;
pub use import_rule::*;
pub use index::Index;
pub use istio::*;
pub use locality::*;
pub use located::*;
pub use mesh::*;
pub use overlay::*;
pub use peering::*;
pub use service::*;
