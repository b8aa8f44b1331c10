"""The guide as one HTML document per language, for WeasyPrint: a cover with the territory, the
contents, every current service (kind `service`, status `active`) under its main theme, and the
glossary on the last page. Pure: catalogue and translations in, text out.

Each service shows its summary, places, opening hours in the reader's language, how to go
(the fiche's « Comment faire ? » steps) and a QR code (segno, inline SVG: nothing to fetch) to
its page in the same language. Every word comes from translations/ or CLDR; a fiche text whose
translation is missing stands in French, marked `lang="fr"`, as on the site.

What print needs that the site does not:
- WeasyPrint 70 ignores `<bdi>` and CSS `unicode-bidi`; it honours `dir` on an inline element.
  French names, addresses, phone numbers and URLs are `<span dir="ltr">` islands, so that in
  Arabic « 05 58 00 00 00 » does not print as « 00 00 00 58 05 ».
- Fonts are named per script, Noto Sans last for Latin letters and digits (Noto Sans Ethiopic
  has none). `pdf.py` checks that the PDF uses exactly these families.
- Arabic harakat (U+064B–U+0652: tanwin, short vowels, shadda, sukun) and the Persian ezafe
  hamza (U+0654 after heh U+0647) are left out of the PDF in ar, fa and ps. Noto Naskh Arabic
  draws these marks offset, and PDF text extraction (copy and paste, screen readers, pdftotext)
  then puts them on a line of their own and the words around them out of order. Everyday Arabic
  and Persian are written without them; the letters with hamza or madda (U+0622–U+0626) stay.
"""

from __future__ import annotations

import datetime as dt
import html
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import segno
from babel.dates import format_date
from markupsafe import Markup

from ctai_site import translation as i18n
from ctai_site.fiche import richtext, vocab
from ctai_site.fiche.model import Action, Place, Price
from ctai_site.fiche.queries import public_services
from ctai_site.site.pages import Site
from ctai_site.templating import environment
from ctai_site.translation import l10n

TEMPLATE = "guide.html.j2"
LATIN = ("Noto Sans",)
ARABIC = ("Noto Naskh Arabic", "Noto Sans")
ETHIOPIC = ("Noto Sans Ethiopic", "Noto Sans")
# Page numbers as each script writes them (CSS counter styles WeasyPrint knows).
COUNTERS = {"ar": "arabic-indic", "fa": "persian", "ps": "persian"}
QR_ERROR = "m"  # 15 % of the code can be smudged or folded and it still reads
_MARKS = re.compile("[\u064b-\u0652]|(?<=\u0647)\u0654")


def font_families(lang: str) -> tuple[str, ...]:
    """The font families the guide in `lang` is set in, main one first."""
    if lang in vocab.RTL_LANGUAGES:
        return ARABIC
    return ETHIOPIC if lang == "ti" else LATIN


def page_url(site_url: str | None, lang: str, action_id: str) -> str:
    """The action's page in `lang`. Without `site_url`, the path from the site's root
    (`ar/actions/x/`), which the guide never prints: a QR code of it opens nothing."""
    path = ("" if lang == vocab.SOURCE_LANGUAGE else f"{lang}/") + f"actions/{action_id}/"
    if not site_url:
        return path
    return site_url.rstrip("/") + "/" + path


def qr_svg(url: str) -> Markup:
    """A QR code of `url` as inline SVG (sized by the stylesheet), the same bytes every time."""
    code = segno.make(url, error=QR_ERROR, micro=False)
    return Markup(
        code.svg_inline(border=4, dark="#000", light="#fff", svgclass="qr", omitsize=True)
    )


def for_print(text: str, lang: str) -> str:
    """The document as WeasyPrint gets it: Arabic harakat left out in ar, fa and ps."""
    if lang not in vocab.RTL_LANGUAGES:
        return text
    return _MARKS.sub("", unicodedata.normalize("NFC", text))


@dataclass(frozen=True)
class Entry:
    """One service in the guide, in one language."""

    action: Action
    loc: i18n.LocalizedAction
    url: str

    def text(self, path: str) -> i18n.Text:
        return self.loc.text(path)


@dataclass
class _Guide:
    """What the template calls: strings, and formats bound to the reader's language."""

    lang: str
    s: l10n.Strings

    def attrs(self, item: i18n.Text) -> Markup:
        """` lang="fr" dir="ltr"` on an element whose text stands in for a translation."""
        if item.lang == self.lang:
            return Markup("")
        return Markup(f' lang="{item.lang}" dir="{l10n.direction(item.lang)}"')

    def inline(self, item: i18n.Text) -> Markup:
        return Markup(richtext.inline_html(item.value))

    def rich(self, item: i18n.Text) -> Markup:
        titles = {k: self.s(f"callout.{k}") for k in richtext.CALLOUT_TITLES}
        return Markup(richtext.to_html(item.value, titles))

    def hours(self, place: Place) -> list[tuple[str, str]]:
        return l10n.opening_hours(
            place.opening_rules, self.lang, self.s, holidays_closed=place.closed_on_holidays
        )

    def phone(self, e164: str) -> str:
        return l10n.display_phone(e164)

    def address(self, place: Place) -> str:
        city = " ".join(p for p in (place.postcode, place.city) if p)
        return ", ".join(p for p in (place.address, city) if p)

    def price(self, action: Action) -> str | None:
        value = action.practicalities.price
        return l10n.price(value, self.lang, self.s) if isinstance(value, Price) else None

    def languages(self, codes: Iterable[str]) -> str:
        return l10n.join((l10n.language_name(c, self.lang) for c in codes), self.lang)

    def qr(self, url: str) -> Markup:
        return Markup(_QR_MARK.format(html.escape(url)))  # drawn by `with_qr_codes`

    def date(self, value: dt.date) -> str:
        return str(format_date(value, "long", locale=self.lang))


def entries_by_theme(
    site: Site, lang: str, site_url: str | None
) -> list[tuple[vocab.Theme, list[Entry]]]:
    """Current services under their main theme, themes in Réfugiés.info's order."""
    groups: dict[str, list[Entry]] = {}
    for action in public_services(site.catalog):
        loc = site.localized(action, lang)
        entry = Entry(action, loc, page_url(site_url, lang, action.id))
        groups.setdefault(action.themes.main, []).append(entry)
    return [(t, groups[t.key]) for t in vocab.THEMES if t.key in groups]


def _css_list(families: Iterable[str]) -> str:
    return ", ".join(f'"{name}"' for name in families)


_QR_MARK = '<ctai-qr data-url="{}"></ctai-qr>'
_QR_MARKS = re.compile(r'<ctai-qr data-url="([^"]*)"></ctai-qr>')


def with_qr_codes(source: str) -> str:
    """The guide's source (`guide_source`) with its QR codes drawn."""
    return _QR_MARKS.sub(lambda m: str(qr_svg(html.unescape(m[1]))), source)


def guide_html(
    site: Site,
    lang: str,
    *,
    site_url: str | None = None,
    templates: Path | None = None,
) -> str:
    """The guide in `lang` as one HTML document (the stylesheet inside: nothing to fetch)."""
    return with_qr_codes(guide_source(site, lang, site_url=site_url, templates=templates))


def guide_source(
    site: Site,
    lang: str,
    *,
    site_url: str | None = None,
    templates: Path | None = None,
) -> str:
    """The guide's HTML with each QR code as a mark naming its URL: what the guide shows,
    cheaply (drawing a QR code takes 4 ms: a hundred services in eight languages, 3 s), for
    the cache key."""
    strings = site.strings(lang)  # the territory's name in `{territory}`
    themes = entries_by_theme(site, lang, site_url)
    dates = [e.action.updated for _, entries in themes for e in entries]
    glossary = list(site.glossary(lang).items())  # the interface's terms, then the territory's
    context: dict[str, Any] = {
        "g": _Guide(lang, strings),
        "s": strings,
        "lang": lang,
        "dir": l10n.direction(lang),
        "themes": themes,
        "site_url": site_url,
        "updated": max(dates) if dates else None,
        "glossary": glossary,
        "font": Markup(_css_list(font_families(lang))),
        "latin_font": Markup(_css_list(LATIN)),
        "counter": COUNTERS.get(lang, "decimal"),
    }
    text = environment(templates).get_template(TEMPLATE).render(**context)
    return for_print(text, lang)
