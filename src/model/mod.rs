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

pub(crate) use cluster::*;
pub(crate) use export_rule::*;
pub(crate) use failover::*;
pub(crate) use federation::*;
pub(crate) use file_problem::{FileProblem, size};
pub(crate) use gitops::*;
pub(crate) use import_rule::*;
pub(crate) use index::Index;
pub(crate) use istio::*;
pub(crate) use locality::*;
pub(crate) use located::*;
pub(crate) use mesh::*;
pub(crate) use overlay::*;
pub(crate) use peering::*;
pub(crate) use service::*;
