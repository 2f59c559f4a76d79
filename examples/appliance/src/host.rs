//! Facts about the host the appliance runs on: load averages and
//! committed memory (`factory.health.query`), a MAC address
//! (`device.network.query`) and the current time (`device.query`).

use std::time::{SystemTime, UNIX_EPOCH};

/// The 1-, 5- and 15-minute load averages of `/proc/loadavg`.
pub fn load_averages() -> Option<[f64; 3]> {
    parse_loadavg(&std::fs::read_to_string("/proc/loadavg").ok()?)
}

/// Parses the first three fields of `/proc/loadavg`.
pub fn parse_loadavg(text: &str) -> Option<[f64; 3]> {
    let mut it = text.split_whitespace().map(|f| f.parse::<f64>().ok());
    Some([it.next()??, it.next()??, it.next()??])
}

/// `Committed_AS` of `/proc/meminfo`, as written there (e.g. `1234 kB`).
pub fn committed_as() -> Option<String> {
    parse_committed_as(&std::fs::read_to_string("/proc/meminfo").ok()?)
}

/// Finds `Committed_AS:` in `/proc/meminfo` text.
pub fn parse_committed_as(text: &str) -> Option<String> {
    text.lines()
        .find_map(|l| l.strip_prefix("Committed_AS:"))
        .map(|v| v.trim().to_owned())
}

/// The MAC address of the first network interface that is not loopback.
pub fn mac_address() -> Option<String> {
    let mut names: Vec<_> = std::fs::read_dir("/sys/class/net")
        .ok()?
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n != "lo")
        .collect();
    names.sort();
    names.iter().find_map(|n| {
        let mac = std::fs::read_to_string(format!("/sys/class/net/{n}/address")).ok()?;
        let mac = mac.trim();
        (mac.len() == 17 && mac != "00:00:00:00:00:00").then(|| mac.to_owned())
    })
}

/// Now as `dateTime.iso8601` text (`YYYYMMDDTHH:MM:SS`, UTC).
pub fn now_iso8601() -> String {
    let secs = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    iso8601(secs)
}

/// Seconds since the Unix epoch as `YYYYMMDDTHH:MM:SS` (UTC).
pub fn iso8601(unix_secs: u64) -> String {
    let days = i64::try_from(unix_secs / 86_400).unwrap_or(0);
    let rem = unix_secs % 86_400;
    let (y, m, d) = civil_from_days(days);
    format!(
        "{y:04}{m:02}{d:02}T{:02}:{:02}:{:02}",
        rem / 3600,
        (rem % 3600) / 60,
        rem % 60
    )
}

/// Days since 1970-01-01 to (year, month, day), proleptic Gregorian.
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = if m <= 2 { y + 1 } else { y };
    (
        y,
        u32::try_from(m).unwrap_or(1),
        u32::try_from(d).unwrap_or(1),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loadavg_and_meminfo_are_parsed() {
        assert_eq!(
            parse_loadavg("0.52 1.07 2.50 3/812 12345\n"),
            Some([0.52, 1.07, 2.5])
        );
        assert_eq!(parse_loadavg("x"), None);
        let meminfo = "MemTotal:  16000 kB\nCommitted_AS:    8123456 kB\nVmallocTotal: 1 kB\n";
        assert_eq!(parse_committed_as(meminfo).as_deref(), Some("8123456 kB"));
    }

    #[test]
    fn the_host_has_real_figures() {
        // The appliance reports the real host's figures (Linux).
        let l = load_averages().expect("/proc/loadavg");
        assert!(l.iter().all(|v| *v >= 0.0));
        assert!(committed_as().expect("Committed_AS").ends_with("kB"));
    }

    #[test]
    fn iso8601_dates() {
        assert_eq!(iso8601(0), "19700101T00:00:00");
        assert_eq!(iso8601(951_782_400), "20000229T00:00:00");
        assert_eq!(iso8601(1_700_000_000), "20231114T22:13:20");
    }
}
