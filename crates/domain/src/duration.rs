//! Durations as people write them in settings: `7d`, `36h`, `90s`, `15m`, `500ms`.

use crate::Millis;

pub fn parse_duration(text: &str) -> Result<Millis, String> {
    let text = text.trim();
    let split = text
        .find(|c: char| !c.is_ascii_digit())
        .ok_or_else(|| format!("`{text}` has no unit; write e.g. 7d, 36h, 90s"))?;
    let (number, unit) = text.split_at(split);
    let n: i64 = number
        .parse()
        .map_err(|_| format!("`{text}` does not start with a number"))?;
    let factor = match unit {
        "ms" => 1,
        "s" => 1000,
        "m" => 60 * 1000,
        "h" => 60 * 60 * 1000,
        "d" => crate::DAY_MS,
        "w" => 7 * crate::DAY_MS,
        _ => {
            return Err(format!(
                "`{text}`: unknown unit `{unit}`; use ms, s, m, h, d or w"
            ));
        }
    };
    n.checked_mul(factor)
        .ok_or_else(|| format!("`{text}` is too long"))
}

/// The shortest exact way to write a duration, the inverse of [`parse_duration`].
pub fn format_duration(ms: Millis) -> String {
    for (unit, factor) in [
        ("w", 7 * crate::DAY_MS),
        ("d", crate::DAY_MS),
        ("h", 3_600_000),
        ("m", 60_000),
        ("s", 1000),
    ] {
        if ms != 0 && ms % factor == 0 {
            return format!("{}{unit}", ms / factor);
        }
    }
    format!("{ms}ms")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_units() {
        assert_eq!(parse_duration("7d"), Ok(7 * crate::DAY_MS));
        assert_eq!(parse_duration("36h"), Ok(36 * 3_600_000));
        assert_eq!(parse_duration("90s"), Ok(90_000));
        assert_eq!(parse_duration("15m"), Ok(900_000));
        assert!(parse_duration("7").is_err());
        assert!(parse_duration("d").is_err());
        assert!(parse_duration("7y").is_err());
    }

    proptest::proptest! {
        #[test]
        fn format_round_trips(ms in 0i64..10_000_000_000) {
            proptest::prop_assert_eq!(parse_duration(&format_duration(ms)), Ok(ms));
        }
    }
}
