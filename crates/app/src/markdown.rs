//! Markdown is rendered with comrak (GitHub flavour) and then always sanitised with ammonia.

use std::sync::LazyLock;

static SANITIZER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
    let mut b = ammonia::Builder::default();
    b.link_rel(Some("noopener noreferrer nofollow"))
        .add_tags(["input"])
        .add_tag_attributes("input", ["type", "checked", "disabled"])
        // Images only from the desk's own attachment URLs.
        .url_relative(ammonia::UrlRelative::PassThrough)
        .attribute_filter(|element, attribute, value| {
            if element == "img" && attribute == "src" && !value.starts_with("/attachments/") {
                return None;
            }
            Some(value.into())
        });
    b
});

pub fn render(markdown: &str) -> String {
    let mut options = comrak::Options::default();
    options.extension.strikethrough = true;
    options.extension.table = true;
    options.extension.autolink = true;
    options.extension.tasklist = true;
    let html = comrak::markdown_to_html(markdown, &options);
    SANITIZER.clean(&html).to_string()
}

#[cfg(test)]
mod tests {
    use super::render;

    #[test]
    fn scripts_are_removed() {
        let html = render("hi <script>alert(1)</script> <img src=x onerror=alert(1)>");
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("onerror"), "{html}");
    }

    #[test]
    fn links_get_rel() {
        let html = render("[x](https://example.com)");
        assert!(html.contains("noopener noreferrer"), "{html}");
    }

    #[test]
    fn javascript_links_are_dropped() {
        let html = render("[x](javascript:alert(1))");
        assert!(!html.contains("javascript:"), "{html}");
    }

    #[test]
    fn gfm_tables_render() {
        let html = render("| a | b |\n|---|---|\n| 1 | 2 |");
        assert!(html.contains("<table>"), "{html}");
    }

    #[test]
    fn foreign_images_are_stripped() {
        assert!(!render("![x](https://evil.example/x.png)").contains("evil"));
        assert!(render("![x](/attachments/1)").contains("/attachments/1"));
    }
}
