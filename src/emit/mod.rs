//! Stage 5: put rendered files on disk.

mod write;

pub use write::write_tree;
