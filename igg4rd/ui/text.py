"""Text from users and files, shown literally in Streamlit's markdown."""
import string

_ESCAPED = str.maketrans({c: f"\\{c}" for c in string.punctuation} | {"\n": " ", "\r": " "})


def plain(text: object) -> str:
    """`text` shown literally in markdown: every ASCII punctuation mark is escaped (CommonMark
    lets any of them be) and line breaks become spaces, so a user's or a file's words never
    become emphasis, links, images, maths, icons or blocks."""
    return str(text).translate(_ESCAPED)
