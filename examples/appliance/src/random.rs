//! Randomness from the operating system (conference numbers, passwords).

/// A random number in `0..n` (`n` > 0; tiny modulo bias is irrelevant
/// here).
pub fn below(n: u64) -> u64 {
    let r = getrandom::u64().unwrap_or_else(|_| {
        // No OS randomness: fall back to the clock (still unique enough
        // for conference numbers, which are checked for collisions).
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos() as u64)
            .unwrap_or(0)
    });
    r % n.max(1)
}

/// A random password of `len` letters and digits.
pub fn password(len: usize) -> Result<String, String> {
    const ALPHABET: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
    let mut bytes = vec![0u8; len];
    getrandom::fill(&mut bytes).map_err(|e| format!("no OS randomness: {e}"))?;
    Ok(bytes
        .iter()
        .map(|b| char::from(ALPHABET[usize::from(*b) % ALPHABET.len()]))
        .collect())
}

/// A new random (v4) UUID.
pub fn uuid() -> String {
    uuid::Uuid::new_v4().to_string()
}

/// 16 random bytes from the operating system (a password hash's salt).
pub fn salt() -> Result<[u8; 16], String> {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes).map_err(|e| format!("no OS randomness: {e}"))?;
    Ok(bytes)
}
