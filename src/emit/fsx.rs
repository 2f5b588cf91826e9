//! Hashing, the one filesystem-independent step emit shares. (Every filesystem operation goes
//! through `safe_dir`.)

use sha2::{Digest, Sha256};

/// Lower-case hex sha256 of some bytes.
pub(crate) fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}
