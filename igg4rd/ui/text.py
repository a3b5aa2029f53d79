"""Text from users and files, shown safely in Streamlit's markdown."""

MARKDOWN_SPECIALS = "\\`*_[]()<>!|~$#"  # links, images, emphasis, code, tables, math


def plain(text: object) -> str:
    """`text` shown literally in markdown: a user's or a file's words never become links,
    images or formatting."""
    return "".join(f"\\{c}" if c in MARKDOWN_SPECIALS else c for c in str(text))
