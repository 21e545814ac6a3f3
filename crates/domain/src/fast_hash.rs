//! A fast non-cryptographic hasher (FxHash's mixing, eight bytes at a time) for sets of
//! the dataset's own ids: SipHash costs several times more on a bank's ids, and the data
//! is not an attacker's.

use std::hash::{BuildHasherDefault, Hasher};

/// Builds [`FastHasher`]s, for `HashSet<_, FastBuild>` and `HashMap<_, _, FastBuild>`.
pub(crate) type FastBuild = BuildHasherDefault<FastHasher>;

#[derive(Default)]
pub(crate) struct FastHasher(u64);

impl Hasher for FastHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut word = [0u8; 8];
            word.copy_from_slice(c);
            self.add(u64::from_le_bytes(word));
        }
        for b in chunks.remainder() {
            self.add(u64::from(*b));
        }
    }

    fn write_u8(&mut self, b: u8) {
        self.add(u64::from(b));
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

impl FastHasher {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x517c_c1b7_2722_0a95);
    }
}
