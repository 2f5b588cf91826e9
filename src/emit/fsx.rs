//! Hashing, the one filesystem-independent step emit shares. (Every filesystem operation goes
//! through `safe_dir`.)

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use sha2::{Digest, Sha256};

const DIGITS: &[u8; 16] = b"0123456789abcdef";

/// Lower-case hex sha256 of some bytes (of the inputs the lock records, of the files a journal
/// lists), as [`FileSum`] writes it.
pub(crate) fn sha256_hex(bytes: &[u8]) -> String {
    FileSum::of(bytes).to_string()
}

/// 64 lower-case hex digits, as `sha256_hex` writes them (a journal's hashes are checked so).
pub(crate) fn is_sha256(text: &str) -> bool {
    FileSum::from_hex(text).is_some()
}

/// The sha256 of a generated file, held as its 32 bytes and written (in `fedc.lock`, in
/// messages) as 64 lower-case hex digits. The lock lists one per generated file (120,000 at 200
/// meshes) and `check --out` and a rebuild hold two locks at once: as text, each sum took three
/// times the memory and an allocation, and each comparison with a file on disk formatted one.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) struct FileSum([u8; 32]);

impl FileSum {
    pub(crate) fn of(bytes: &[u8]) -> FileSum {
        FileSum(Sha256::digest(bytes).into())
    }

    /// Exactly 64 lower-case hex digits, as [`fmt::Display`] writes them; `None` for anything else.
    pub(crate) fn from_hex(text: &str) -> Option<FileSum> {
        let digit = |b: u8| match b {
            b'0'..=b'9' => Some(b - b'0'),
            b'a'..=b'f' => Some(b - b'a' + 10),
            _ => None,
        };
        let bytes = text.as_bytes();
        if bytes.len() != 64 {
            return None;
        }
        let mut sum = [0u8; 32];
        for (byte, pair) in sum.iter_mut().zip(bytes.chunks_exact(2)) {
            *byte = digit(pair[0])? << 4 | digit(pair[1])?;
        }
        Some(FileSum(sum))
    }
}

impl fmt::Display for FileSum {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut hex = [0u8; 64];
        for (pair, byte) in hex.chunks_exact_mut(2).zip(self.0) {
            pair[0] = DIGITS[usize::from(byte >> 4)];
            pair[1] = DIGITS[usize::from(byte & 0xf)];
        }
        f.write_str(std::str::from_utf8(&hex).map_err(|_| fmt::Error)?)
    }
}

impl fmt::Debug for FileSum {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

impl Serialize for FileSum {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for FileSum {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<FileSum, D::Error> {
        struct Hex;
        impl serde::de::Visitor<'_> for Hex {
            type Value = FileSum;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a sha256 as 64 lower-case hex digits")
            }

            fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<FileSum, E> {
                FileSum::from_hex(text).ok_or_else(|| E::custom("a file's sha256 is not 64 lower-case hex digits"))
            }
        }
        deserializer.deserialize_str(Hex)
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_digest_is_written_as_sha256sum_writes_it() {
        assert_eq!(super::sha256_hex(b""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        assert_eq!(super::sha256_hex(b"abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    #[test]
    fn a_file_sum_reads_back_only_what_it_writes() {
        let sum = super::FileSum::of(b"abc");
        let hex = sum.to_string();
        assert_eq!(super::FileSum::from_hex(&hex), Some(sum));
        assert_eq!(serde_json::to_string(&sum).ok(), Some(format!("\"{hex}\"")));
        assert_eq!(serde_json::from_str::<super::FileSum>(&format!("\"{hex}\"")).ok(), Some(sum));
        let upper = hex.to_uppercase();
        let refused = [&hex[..63], &format!("{hex}0"), upper.as_str(), &hex.replacen('a', "g", 1), ""];
        for text in refused {
            assert_eq!(super::FileSum::from_hex(text), None, "{text}");
            assert!(serde_json::from_str::<super::FileSum>(&format!("\"{text}\"")).is_err(), "{text}");
        }
        assert!(serde_json::from_str::<super::FileSum>("12").is_err(), "a number is no sha256");
    }
}
