"""Text from users and files, shown literally in Streamlit's markdown."""
import re
import string

_ESCAPED = str.maketrans({c: f"\\{c}" for c in string.punctuation} | {"\n": " ", "\r": " "})
# what GitHub-flavoured Markdown links on its own, escapes or not: a URL's scheme, 'www.', an
# e-mail address's '@'; an invisible word joiner (U+2060) keeps each from being recognised
_AUTOLINKED = re.compile(r"(?i)(?<=https)(?=:)|(?<=http)(?=:)|(?<=ftp)(?=:)|(?<=www)(?=\.)|(?=@)")


def plain(text: object) -> str:
    """`text` shown literally in markdown: every ASCII punctuation mark is escaped (CommonMark
    lets any of them be), line breaks become spaces, and what Markdown would link by itself
    (http://…, www.…, a@b) is kept from being linked, so a user's or a file's words never become
    emphasis, links, images, maths, icons or blocks."""
    return _AUTOLINKED.sub("\u2060", str(text)).translate(_ESCAPED)
