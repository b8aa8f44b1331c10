"""Words and formats in the reader's language: the site's strings, and CLDR through Babel.

Day names, times, prices, lists and language names come from CLDR (Babel knows all eight
languages, Pashto and Tigrinya included), never from a hand-written table. Interface strings
come from `translations/<lang>/_site.yml` (see `i18n`), falling back to French.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Protocol

from babel import Locale
from babel.dates import format_date, format_interval, get_day_names
from babel.lists import format_list
from babel.numbers import format_currency, format_decimal
from babel.units import format_unit

from ctai_site import translation as i18n
from ctai_site.fiche import vocab
from ctai_site.fiche.model import Duration, OpeningRule, Price

# CLDR has no code of its own for Dari: Babel names it as Persian of Afghanistan.
_CLDR_LANGUAGE = {"prs": "fa_AF"}


class Say(Protocol):
    """Anything that says an interface string: `say("key", n=3)`."""

    def __call__(self, key: str, /, **values: object) -> str: ...


@dataclass(frozen=True)
class Strings:
    """The interface strings of one language; `strings("key", n=3)` formats `{n}`."""

    lang: str
    texts: Mapping[str, i18n.Text]

    def __call__(self, key: str, /, **values: object) -> str:
        text = self.texts[key].value
        return text.format(**values) if values else text

    def has(self, key: str) -> bool:
        return key in self.texts

    def keys(self, prefix: str) -> list[str]:
        return [k for k in self.texts if k.startswith(prefix)]

    @property
    def direction(self) -> str:
        return direction(self.lang)


def strings_for(
    lang: str, translations: i18n.Translations, variables: Mapping[str, str] | None = None
) -> Strings:
    """The interface strings of `lang`, with the site's `{variables}` (the territory's name…)
    filled in; other `{placeholders}` are left for the caller."""
    site = translations.get(lang, i18n.SITE)
    texts = i18n.resolve(translations.site_source, site, lang)
    if variables:
        texts = {key: _fill(text, variables) for key, text in texts.items()}
    return Strings(lang, texts)


def _fill(text: i18n.Text, variables: Mapping[str, str]) -> i18n.Text:
    value = text.value
    for name, replacement in variables.items():
        value = value.replace("{" + name + "}", replacement)
    return i18n.Text(value, text.lang, text.state) if value != text.value else text


def direction(lang: str) -> str:
    return "rtl" if lang in vocab.RTL_LANGUAGES else "ltr"


@cache
def _locale(lang: str) -> Locale:
    return Locale.parse(lang)


def native_name(lang: str) -> str:
    """The language's name in itself, from CLDR: « Français », « Farsi / Dari » in its own script (Persian and Dari
    share the code `fa`, as on Réfugiés.info)."""
    name = _locale(lang).display_name or lang
    if lang == "fa":
        name = f"{name} / {_locale(lang).languages['fa_AF']}"
    return name[:1].upper() + name[1:]


def language_name(code: str, lang: str) -> str:
    """The name of language `code` (ISO 639) written in `lang`, e.g. ("uk", "fr") -> « ukrainien »."""
    languages = _locale(lang).languages
    return str(languages.get(_CLDR_LANGUAGE.get(code, code)) or languages.get(code) or code)


def day_names(lang: str) -> dict[str, str]:
    """monday … sunday -> CLDR's names in `lang`."""
    names = get_day_names("wide", locale=_locale(lang))
    return {day: str(names[i]) for i, day in enumerate(vocab.DAYS)}


def join(items: Iterable[str], lang: str) -> str:
    items = list(items)
    return str(format_list(items, locale=_locale(lang))) if items else ""


def _time(text: str) -> dt.time:
    hours, minutes = (int(p) for p in text.split(":"))
    return dt.time(23, 59) if hours == 24 else dt.time(hours, minutes)


# Unicode's first-strong isolate (FSI … PDI, UAX #9): in a right-to-left sentence, each time
# range stays one run, in the sentence's order: the first range, then « and », then the second
# (digits alone: a left-to-right run; Persian's range holds its word for « to »: a right-to-left
# run). Without it the ranges and the Arabic « and » were reordered (the guide's PDF printed
# « 17:00–14:00 » with the conjunction at the end). Browsers and Pango (the guide's WeasyPrint,
# which ignores <bdi>) both honour it.
FSI, PDI = "\u2068", "\u2069"


def time_range(opens: str, closes: str, lang: str) -> str:
    """« 09:00–12:30 » as `lang` writes it; an isolated run in ar, fa and ps."""
    text = str(format_interval(_time(opens), _time(closes), "Hm", locale=_locale(lang)))
    return f"{FSI}{text}{PDI}" if direction(lang) == "rtl" else text


def opening_hours(
    rules: Iterable[OpeningRule], lang: str, strings: Say, *, holidays_closed: bool = False
) -> list[tuple[str, str]]:
    """(days, hours) rows in `lang`, one per day pattern, e.g. ("lundi", "09:00 – 12:00, …"),
    then (« Jours fériés », « fermé ») when the place closes on public holidays (`PH off`)."""
    names = day_names(lang)
    rows: dict[tuple[tuple[str, ...], tuple[int, ...]], list[str]] = {}
    for rule in rules:
        rows.setdefault((rule.days, rule.weeks_of_month), []).append(
            time_range(rule.opens, rule.closes, lang)
        )
    out = []
    for (days, weeks), times in rows.items():
        label = join([names[d] for d in days], lang)
        if weeks:
            numbers = [strings("hours.last_week") if w == -1 else str(w) for w in weeks]
            label = strings("hours.weeks_of_month", days=label, weeks=join(numbers, lang))
        out.append((label, join(times, lang)))
    if holidays_closed and out:
        out.append((strings("hours.holidays"), strings("hours.closed")))
    return out


def display_phone(e164: str) -> str:
    """+33558000000 -> 05 58 00 00 00 (as written in France), other countries international."""
    import phonenumbers  # here: `validate` prints dates, never a phone (20 ms of imports)

    number = phonenumbers.parse(e164)
    fmt = phonenumbers.PhoneNumberFormat
    return phonenumbers.format_number(
        number, fmt.NATIONAL if number.country_code == 33 else fmt.INTERNATIONAL
    )


def file_size(size: int, lang: str) -> str:
    """A file's size as CLDR writes it in `lang`: 38 400 bytes -> « 39 ko » in French, « 39 kB »
    in English (1 ko = 1 000 bytes, rounded up; megabytes from 1 000 ko, one decimal)."""
    if size < 1_000_000:
        value: float = max(1, math.ceil(size / 1000))
        unit = "digital-kilobyte"
    else:
        value, unit = round(size / 1_000_000, 1), "digital-megabyte"
    return str(format_unit(value, unit, length="short", locale=_locale(lang)))


def number(value: float, lang: str, pattern: str | None = None) -> str:
    """A number as `lang` writes it (« 1 234,5 » in French); `pattern` as Babel's, e.g. "0.00"."""
    return str(format_decimal(value, format=pattern, locale=_locale(lang)))


def price(value: Price, lang: str, strings: Say) -> str:
    if value.free:
        return strings("price.free")
    if value.pay_what_you_can:
        return strings("price.pay_what_you_can")
    per = strings(f"price.per.{value.per}") if value.per else ""

    def euros(amount: float | None) -> str:
        return str(format_currency(amount or 0, "EUR", locale=_locale(lang)))

    if value.amount is not None:
        return strings("price.amount", amount=euros(value.amount), per=per).strip()
    return strings("price.range", min=euros(value.min), max=euros(value.max), per=per).strip()


def duration(value: Duration, lang: str, strings: Say) -> str:
    """« 3 months », « 2 to 4 hours per week »: units from our strings (CLDR's units are
    incomplete in Arabic), numbers from CLDR."""
    amount = number(value.amount, lang)
    if value.details == "between" and value.max is not None:
        amount = strings("amount.between", min=amount, max=number(value.max, lang))
    text = strings(f"unit.{value.unit}", n=amount)
    if value.details and value.details not in ("between", "exactly"):
        text = strings(f"amount.{value.details}", value=text)
    if value.per:
        text = strings(f"per.{value.per}", value=text)
    return text


def date_fr(value: dt.date) -> str:
    """« 1er juin 2024 », « 28 novembre 2026 » (Babel writes « 1er » nowhere: French usage wants
    it for the first)."""
    text = str(format_date(value, "d MMMM y", locale="fr"))
    return "1er" + text[1:] if value.day == 1 else text
