"""What counts as a reason for an identifiable export (it is recorded in the audit trail, and a
reviewer must be able to judge it later).

The rule (docs/security.md): at least 20 characters and at least 4 words of two or more
letters, at least 3 of them different, and no one character making up half the text. So
"Monthly return to the safeguarding partnership" passes; "aaaaaaaaaa", "asdf asdf asdf asdf"
and "because" do not. It cannot tell truth from invention; it refuses the reason that says
nothing, which is what the audit trail cannot use.
"""

import re
from collections import Counter

MIN_CHARACTERS = 20
MIN_WORDS = 4
MIN_DIFFERENT_WORDS = 3
WORD = re.compile(r"[^\W\d_]{2,}")

RULE = (
    f"Say why you need this export in at least {MIN_CHARACTERS} characters and "
    f"{MIN_WORDS} words, for example: monthly return to the safeguarding partnership"
)


def reason_problem(text: str) -> str | None:
    """The GOV.UK error message for a reason that says nothing, or None when it will do."""
    text = " ".join(text.split())
    words = [word.casefold() for word in WORD.findall(text)]
    commonest = Counter(text.replace(" ", "").casefold()).most_common(1)
    if (
        len(text) < MIN_CHARACTERS
        or len(words) < MIN_WORDS
        or len(set(words)) < MIN_DIFFERENT_WORDS
        or (commonest and commonest[0][1] * 2 >= len(text.replace(" ", "")))
    ):
        return RULE
    return None
