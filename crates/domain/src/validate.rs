//! Input limits shared by every path (form, API, e-mail).

pub const TITLE_MAX_CHARS: usize = 200;
pub const BODY_MAX_BYTES: usize = 64 * 1024;
pub const NAME_MAX_CHARS: usize = 200;
pub const PASSWORD_MIN_CHARS: usize = 8;

/// A field that failed validation, with a message a person can act on.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field}: {message}")]
pub struct FieldError {
    pub field: &'static str,
    pub message: String,
}

impl FieldError {
    pub fn new(field: &'static str, message: impl Into<String>) -> Self {
        FieldError {
            field,
            message: message.into(),
        }
    }
}

/// Trims and checks a ticket title: required, at most 200 characters.
pub fn title(raw: &str) -> Result<String, FieldError> {
    let t = raw.trim();
    if t.is_empty() {
        return Err(FieldError::new("title", "a title is required"));
    }
    let n = t.chars().count();
    if n > TITLE_MAX_CHARS {
        return Err(FieldError::new(
            "title",
            format!("the title is {n} characters long; the limit is {TITLE_MAX_CHARS}"),
        ));
    }
    Ok(t.to_string())
}

/// A Markdown body (description, comment): at most 64 KiB; `required` forbids an empty one.
pub fn body(field: &'static str, raw: &str, required: bool) -> Result<String, FieldError> {
    if required && raw.trim().is_empty() {
        return Err(FieldError::new(field, "this cannot be empty"));
    }
    if raw.len() > BODY_MAX_BYTES {
        return Err(FieldError::new(
            field,
            format!(
                "the text is {} bytes long; the limit is {} KiB",
                raw.len(),
                BODY_MAX_BYTES / 1024
            ),
        ));
    }
    Ok(raw.trim_end().to_string())
}

pub fn email(raw: &str) -> Result<String, FieldError> {
    let e = raw.trim().to_lowercase();
    let valid = e.len() <= 254
        && e.split_once('@').is_some_and(|(local, domain)| {
            !local.is_empty()
                && !domain.is_empty()
                && !domain.starts_with('.')
                && !e.contains(char::is_whitespace)
        });
    if valid {
        Ok(e)
    } else {
        Err(FieldError::new("email", "this is not an e-mail address"))
    }
}

pub fn name(raw: &str) -> Result<String, FieldError> {
    let n = raw.trim();
    if n.is_empty() {
        return Err(FieldError::new("name", "a name is required"));
    }
    if n.chars().count() > NAME_MAX_CHARS {
        return Err(FieldError::new(
            "name",
            format!("at most {NAME_MAX_CHARS} characters"),
        ));
    }
    Ok(n.to_string())
}

pub fn password(raw: &str) -> Result<(), FieldError> {
    if raw.chars().count() < PASSWORD_MIN_CHARS {
        return Err(FieldError::new(
            "password",
            format!("a password needs at least {PASSWORD_MIN_CHARS} characters"),
        ));
    }
    if raw.len() > 1024 {
        return Err(FieldError::new("password", "at most 1024 bytes"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn title_limits() {
        assert_eq!(title("  Printer  "), Ok("Printer".to_string()));
        assert!(title("   ").is_err());
        assert!(title(&"x".repeat(200)).is_ok());
        let err = title(&"ø".repeat(201)).unwrap_err();
        assert!(err.message.contains("201"), "{}", err.message);
    }

    #[test]
    fn body_limits() {
        assert!(body("body", "", true).is_err());
        assert!(body("description", "", false).is_ok());
        assert!(body("body", &"a".repeat(BODY_MAX_BYTES + 1), true).is_err());
    }

    #[test]
    fn emails() {
        assert_eq!(
            email(" Carla@Example.COM "),
            Ok("carla@example.com".to_string())
        );
        assert!(email("carla").is_err());
        assert!(email("@x").is_err());
        assert!(email("a b@x").is_err());
    }
}
