//! Hashing, the one filesystem-independent step emit shares. (Every filesystem operation goes
//! through `safe_dir`.)

use sha2::{Digest, Sha256};

/// Lower-case hex sha256 of some bytes. Written digit by digit into one string: it runs for every
/// generated and every committed file, and a `format!` per byte was 32 allocations each.
pub(crate) fn sha256_hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut hex = String::with_capacity(64);
    for byte in Sha256::digest(bytes) {
        hex.push(char::from(DIGITS[usize::from(byte >> 4)]));
        hex.push(char::from(DIGITS[usize::from(byte & 0xf)]));
    }
    hex
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_digest_is_written_as_sha256sum_writes_it() {
        assert_eq!(super::sha256_hex(b""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        assert_eq!(super::sha256_hex(b"abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }
}
