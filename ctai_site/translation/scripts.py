"""Which writing system a translation is in: a text imported as Arabic but written in Cyrillic
comes from the wrong file, or from a file whose header names the wrong language.

Only what no real translation does is refused: letters of another language's script, a long
text with no letter of the language's own script (a name or a brand kept in French is short),
Russian-only letters in Ukrainian and the reverse. Ranges are code points, so that no language
text sits in Python (tests/test_layout.py).
"""

from __future__ import annotations

import re

_SCRIPTS = {
    "arabe": re.compile("[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufefe]"),
    "cyrillique": re.compile("[\u0400-\u052f]"),
    "éthiopienne": re.compile("[\u1200-\u139f\u2d80-\u2ddf\uab00-\uab2f]"),
}
SCRIPT_OF = {"ar": "arabe", "fa": "arabe", "ps": "arabe", "ru": "cyrillique", "uk": "cyrillique"}
SCRIPT_OF["ti"] = "éthiopienne"
_LATIN = re.compile("[A-Za-z\u00c0-\u024f]")
LONG_LATIN = 40  # letters: more than any brand or place name kept as French writes it
# Letters one of the two Cyrillic languages has and the other has not (i, yi, ye, ghe with
# upturn in Ukrainian; yery, e, hard sign, yo in Russian), lower and upper case.
_ONLY = {
    "uk": re.compile("[\u0456\u0457\u0454\u0491\u0406\u0407\u0404\u0490]"),
    "ru": re.compile("[\u044b\u044d\u044a\u0451\u042b\u042d\u042a\u0401]"),
}
_OTHER = {"uk": "ru", "ru": "uk"}


def _of(name: str) -> str:
    """« du persan », « de l'arabe »."""
    return f"de l'{name}" if name[:1] in "aeiouy" else f"du {name}"


def script_problem(lang: str, text: str, name: str) -> str | None:
    """Why `text` cannot be `lang` (`name`: the language in French, for the message), if so."""
    own = SCRIPT_OF.get(lang)
    for script, letters in _SCRIPTS.items():
        if script != own and letters.search(text):
            return (
                f"texte en écriture {script}, pas en {name} : mauvais fichier, "
                "ou mauvaise langue (« Language ») dans l'en-tête ?"
            )
    latin = len(_LATIN.findall(text))
    if own is not None and latin >= LONG_LATIN and not _SCRIPTS[own].search(text):
        return (
            f"texte sans écriture {own} : est-ce bien {_of(name)} ? (pas encore traduit : "
            "laissez la traduction vide)"
        )
    other = _OTHER.get(lang)
    if other and len(_ONLY[other].findall(text)) >= 2 and not _ONLY[lang].search(text):
        whose = "au russe" if other == "ru" else "à l'ukrainien"
        return f"lettres propres {whose} : est-ce bien {_of(name)} ?"
    return None
