"""Surname order for printed lists: badges and the door list come out in the same order.

The rule, for names as people type them (given names first):
  - one word ("Aroha"): that word is the name to sort by;
  - several words: the last word ("Ada Okafor" -> Okafor; "Siân Lloyd-Jones" -> Lloyd-Jones),
    together with the lower-case particles right before it ("Anna van der Berg" -> "van der
    Berg", "Maria de la Cruz" -> "de la Cruz"), which the list shows first ("van der Berg, Anna")
    but sorts past, so she is found under B, where someone who knows only "Berg" looks;
  - a name typed surname first with a comma ("Okafor, Ada") is taken as typed.
Case and accents are ignored in sorting (Ćwik sorts with the Cs). A name from a culture that
puts the family name first, typed that way without a comma, sorts by its last word: the list
still shows the name whole, so it is found by reading the page.
"""

from __future__ import annotations

import unicodedata

PARTICLES = frozenset({"van", "von", "der", "den", "de", "del", "della", "di", "da", "das", "dos",
                       "du", "la", "le", "ter", "ten", "zu", "bin", "binti", "ibn", "ap", "al", "el"})


def split(name: str) -> tuple[str, str]:
    """(surname with its particles, the rest): "Anna van der Berg" -> ("van der Berg", "Anna")."""
    if "," in name:
        surname, _, rest = name.partition(",")
        return surname.strip(), rest.strip()
    words = name.split()
    if len(words) < 2:
        return name.strip(), ""
    start = len(words) - 1
    while start > 1 and words[start - 1] in PARTICLES:  # a given name is always kept
        start -= 1
    return " ".join(words[start:]), " ".join(words[:start])


def listed(name: str) -> str:
    """The name as a surname-order list shows it: "Okafor, Ada"; a one-word name as it is."""
    surname, rest = split(name)
    return f"{surname}, {rest}" if rest else surname


def sort_key(name: str) -> tuple[str, str, str]:
    """Sort by the surname past its particles, then the given names, then the name whole."""
    surname, rest = split(name)
    words = surname.split()
    while len(words) > 1 and words[0] in PARTICLES:
        words = words[1:]
    return collation(" ".join(words)), collation(rest), collation(name)


def collation(text: str) -> str:
    """For sorting: case and accents ignored."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(char for char in decomposed if not unicodedata.combining(char)).casefold()
