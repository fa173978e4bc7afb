//! Knowledge-base documents, their designations, and the images uploaded into them (SPEC §4).

use crate::named_enum;
use crate::validate::FieldError;

named_enum!(
    /// Internal documents are for agents and admins; public ones are self-service articles that
    /// customers read too.
    Visibility, "visibility" {
        Internal => "internal",
        Public => "public",
    }
);

named_enum!(
    /// The two documents an admin marks for everyone to read, customers included.
    Designation, "designation" {
        Sla => "sla",
        ServiceCatalog => "service_catalog",
    }
);

/// Documents are longer than comments (an SLA runs to pages), but still bounded.
pub const DOCUMENT_MAX_BYTES: usize = 256 * 1024;

/// The line in a document body that is replaced, when the document is shown, by the live table
/// of services, so the Service catalog document and the catalog data cannot disagree.
pub const SERVICES_MARKER: &str = "{{services}}";

/// A document's Markdown: required, at most 256 KiB.
pub fn body(raw: &str) -> Result<String, FieldError> {
    if raw.trim().is_empty() {
        return Err(FieldError::new("body", "a document needs some text"));
    }
    if raw.len() > DOCUMENT_MAX_BYTES {
        return Err(FieldError::new(
            "body",
            format!(
                "the text is {} KiB long; the limit is {} KiB",
                raw.len().div_ceil(1024),
                DOCUMENT_MAX_BYTES / 1024
            ),
        ));
    }
    Ok(raw.trim_end().to_string())
}

/// Images may be at most this large.
pub const IMAGE_MAX_BYTES: usize = 5 * 1024 * 1024;

/// The image formats a document may embed. Browsers render all four; none can carry script
/// (SVG can, so it is not accepted).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImageType {
    Png,
    Jpeg,
    Gif,
    Webp,
}

impl ImageType {
    pub fn content_type(self) -> &'static str {
        match self {
            ImageType::Png => "image/png",
            ImageType::Jpeg => "image/jpeg",
            ImageType::Gif => "image/gif",
            ImageType::Webp => "image/webp",
        }
    }

    pub fn from_content_type(ct: &str) -> Option<ImageType> {
        [
            ImageType::Png,
            ImageType::Jpeg,
            ImageType::Gif,
            ImageType::Webp,
        ]
        .into_iter()
        .find(|t| t.content_type() == ct)
    }
}

/// The image type from the file's first bytes (its magic number); the name and the declared
/// content type are not trusted.
pub fn sniff_image(bytes: &[u8]) -> Option<ImageType> {
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some(ImageType::Png)
    } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some(ImageType::Jpeg)
    } else if bytes.starts_with(b"GIF87a") || bytes.starts_with(b"GIF89a") {
        Some(ImageType::Gif)
    } else if bytes.len() >= 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
        Some(ImageType::Webp)
    } else {
        None
    }
}

/// A file name safe to show and to put in a `Content-Disposition` header: the last path
/// component, printable characters only, at most 100 characters; a fallback when nothing remains.
pub fn clean_filename(raw: &str, fallback: &str) -> String {
    let last = raw.rsplit(['/', '\\']).next().unwrap_or("");
    let cleaned: String = last
        .chars()
        .filter(|c| !c.is_control() && *c != '"')
        .take(100)
        .collect();
    let cleaned = cleaned.trim().trim_start_matches('.').to_string();
    if cleaned.is_empty() {
        fallback.to_string()
    } else {
        cleaned
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffs_by_content_not_name() {
        assert_eq!(sniff_image(b"\x89PNG\r\n\x1a\n0000"), Some(ImageType::Png));
        assert_eq!(
            sniff_image(&[0xFF, 0xD8, 0xFF, 0xE0]),
            Some(ImageType::Jpeg)
        );
        assert_eq!(sniff_image(b"GIF89a...."), Some(ImageType::Gif));
        assert_eq!(
            sniff_image(b"RIFF\x10\0\0\0WEBPVP8 "),
            Some(ImageType::Webp)
        );
        assert_eq!(sniff_image(b"<svg xmlns=..."), None);
        assert_eq!(sniff_image(b"<html><script>"), None);
        assert_eq!(sniff_image(b""), None);
    }

    #[test]
    fn filenames_are_cleaned() {
        assert_eq!(clean_filename("../../etc/passwd", "x"), "passwd");
        assert_eq!(clean_filename("C:\\Users\\a\\shot.png", "x"), "shot.png");
        assert_eq!(clean_filename("a\"b\n.png", "x"), "ab.png");
        assert_eq!(clean_filename("", "image.png"), "image.png");
        assert_eq!(clean_filename(".hidden", "x"), "hidden");
    }

    #[test]
    fn body_limits() {
        assert!(body("  ").is_err());
        assert!(body(&"a".repeat(DOCUMENT_MAX_BYTES + 1)).is_err());
        assert_eq!(body("text\n\n").unwrap(), "text");
    }

    #[test]
    fn names() {
        assert_eq!(
            "service_catalog".parse::<Designation>(),
            Ok(Designation::ServiceCatalog)
        );
        assert_eq!("public".parse::<Visibility>(), Ok(Visibility::Public));
        assert!("secret".parse::<Visibility>().is_err());
    }
}
