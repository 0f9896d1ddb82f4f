"""Does a short note hold a person's name? A cautious check for casework's free text.

Clients are codes, never names, so a note that looks like it names someone is refused with the
words that tripped the check. What counts as name-shaped:

* a title followed by a capitalised word ("Mr Smith", "Dr. Olsen", "Frau Berg");
* two or three capitalised words in a row ("John Smith", "Anne-Marie Dubois"), unless one of them
  is a word places and agencies are named with ("Harbour Clinic", "Main Street");
* a capitalised word joined to a name particle ("van Dijk", "de Vries", "O'Brien").

It errs on the side of asking: a worker can always reword ("the clinic on the harbour").
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

_WORD = r"[A-ZÀ-ÖØ-Þ][a-zß-öø-ÿ]+(?:[-'][A-ZÀ-ÖØ-Þ]?[a-zß-öø-ÿ]+)?"
_TITLES = r"(?:Mr|Mrs|Ms|Miss|Mx|Dr|Herr|Frau|Mme|Mlle|Hr|Dhr|Mevr)"
_TITLED = re.compile(rf"\b{_TITLES}\.?\s+{_WORD}")
_PAIR = re.compile(rf"\b{_WORD}(?:\s+{_WORD}){{1,2}}\b")
_PARTICLE = re.compile(rf"\b(?:van|von|de|der|den|du|le|la|di|da)\s+{_WORD}")
_APOSTROPHE = re.compile(r"\b(?:O|D|Mc|Mac)'?[A-Z][a-z]{2,}\b")

# Words that make a capitalised run a place, an agency or a service rather than a person.
PLACE_WORDS = frozenset(
    """
    clinic centre center house hospital shelter services service street road avenue park station
    office team programme program project housing health community mental detox rehab court
    benefits council city municipality nav kommune library church mission pharmacy school
    trust foundation society association unit ward hall bank legal aid food recovery
    monday tuesday wednesday thursday friday saturday sunday january february march april may june
    july august september october november december
    """.split()  # noqa: SIM905 (a word list reads best as words)
)
_SENTENCE_START = re.compile(r"(?:^|[.!?:;]\s*)$")


def name_like(text: str) -> str | None:
    """The first fragment of ``text`` shaped like a person's name, or None."""
    text = text or ""
    for pattern in (_TITLED, _PARTICLE):
        match = pattern.search(text)
        if match:
            return match.group(0)
    for match in _PAIR.finditer(text):
        words = match.group(0).split()
        if len(words) > 2 and _SENTENCE_START.search(text[: match.start()]):
            words = words[1:]  # "Met John Smith": the first word is only capitalised as a sentence's first
        if not any(word.lower() in PLACE_WORDS for word in words):
            return " ".join(words)
    match = _APOSTROPHE.search(text)
    if match:
        return match.group(0)
    return None


def check_no_names(text: str, field: str) -> str:
    """``text`` stripped, or a ValidationError on ``field`` saying which words look like a name."""
    text = (text or "").strip()
    found = name_like(text)
    if found:
        raise ValidationError(
            {
                field: _(
                    "“%(words)s” looks like a person's name. Notes hold no names: "
                    "write “the client”, a role or a place instead."
                )
                % {"words": found}
            }
        )
    return text
