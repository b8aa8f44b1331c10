"""What the schema can't say of a fiche, checked in French: dates, texts Réfugiés.info's editor
would not keep, infocards it cannot take, phones, e-mails, coordinates, opening hours, yearly
reports, text left from the `ctai-site new` template. Each check runs on its own, so a badly
typed section (already reported by the schema) hides nothing else."""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from ctai_site.fiche import hours, richtext, schema, template, vocab
from ctai_site.fiche.messages import show
from ctai_site.fiche.reading import Path_

# Overseas départements dial like France (0590…, 0262…, 0692…) but have their own country codes:
# a landline or mobile number valid there is theirs (0596 60 00 00 is +596 596…, not +33 5 96…).
_OVERSEAS_REGIONS = ("RE", "YT", "GP", "MQ", "GF")


def normalise_phone(raw: str) -> str | None:
    """A French or international number in E.164, or None if it is not a valid number."""
    import phonenumbers  # here: `validate` on fiches without a phone starts faster

    geographic = (
        phonenumbers.PhoneNumberType.FIXED_LINE,
        phonenumbers.PhoneNumberType.MOBILE,
        phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE,
    )
    for region in (*_OVERSEAS_REGIONS, "FR"):
        try:
            number = phonenumbers.parse(raw, region)
        except phonenumbers.NumberParseException:
            return None
        if phonenumbers.is_valid_number(number) and (
            region == "FR" or phonenumbers.number_type(number) in geographic
        ):
            return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    return None


_PHONE_EXAMPLES = "par exemple 05 58 12 34 56 ou +33 5 58 12 34 56"


def _phone_problem(raw: str) -> str:
    """Why `normalise_phone` refused a number, and what a good one looks like."""
    shown, text = show(raw), raw.strip()
    digits = re.sub(r"\D", "", text)
    if not digits or re.search(r"[^\d\s.()+/-]", text):
        return (
            f"{shown} n'est pas un numéro de téléphone : écrivez le numéro seul, {_PHONE_EXAMPLES}"
        )
    if text.startswith(("+33", "0033")):
        return (
            f"{shown} n'est pas un numéro valide : après +33, un numéro français a 9 chiffres, "
            "sans le 0 (par exemple +33 5 58 12 34 56)"
        )
    if text.startswith("+") or (text.startswith("00") and len(digits) > 10):
        return f"{shown} n'est pas un numéro valide : vérifiez l'indicatif du pays et les chiffres"
    if len(digits) != 10:
        count = f"{len(digits)} chiffre{'s' if len(digits) > 1 else ''}"
        return (
            f"{shown} a {count} : un numéro français en a 10, en commençant par 0 "
            f"({_PHONE_EXAMPLES})"
        )
    if not digits.startswith("0"):
        return (
            f"{shown} ne commence pas par 0 : un numéro français a 10 chiffres, en commençant "
            f"par 0 ({_PHONE_EXAMPLES})"
        )
    return f"{shown} n'est pas un numéro attribué en France : vérifiez les chiffres"


def in_france(lat: float, lng: float) -> bool:
    return any(s <= lat <= n and w <= lng <= e for s, w, n, e in vocab.FRANCE_BOXES)


def _rich_text_fields(data: dict[str, Any]) -> Iterator[tuple[Path_, str]]:
    content = data.get("content", {})
    if isinstance(content.get("what"), str):
        yield ("content", "what"), content["what"]
    for section in ("why", "how"):
        for i, item in enumerate(content.get(section) or ()):
            if isinstance(item, dict) and isinstance(item.get("text"), str):
                yield ("content", section, i, "text"), item["text"]


def _check_dates(data: dict[str, Any], today: dt.date) -> Iterator[tuple[Path_, str]]:
    for key in ("updated", "confirmed"):
        text = data.get(key)
        if not isinstance(text, str):
            continue  # absent, or the schema says it
        try:
            day = dt.date.fromisoformat(text)
        except ValueError:
            if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):  # else the schema says it
                yield (key,), f"{show(text)} n'est pas une date du calendrier"
            continue
        if day > today:
            yield (key,), f"{show(text)} est dans le futur"


def _check_content(data: dict[str, Any], today: dt.date) -> Iterator[tuple[Path_, str]]:
    content = data["content"]
    if data.get("kind") == "service":
        why = content.get("why") or ()
        if len(why) < 3:
            yield (
                ("content", "why"),
                (f"{len(why)} argument(s) : Réfugiés.info en demande au moins 3 pour un service"),
            )
        if len(content.get("how") or ()) < 1:
            yield ("content", "how"), "au moins 1 étape « Comment faire ? » pour un service"
    for path, text in _rich_text_fields(data):
        for message in richtext.check(text):
            yield path, message


def _check_themes(data: dict[str, Any], today: dt.date) -> Iterator[tuple[Path_, str]]:
    themes = data["themes"]
    if themes["main"] in themes.get("secondary", ()):
        yield ("themes", "secondary"), f"« {themes['main']} » est déjà le thème principal"


# Réfugiés.info's editor has no « Ce n'est pas pertinent pour mon action » for these two cards
# (refugies-info/karfur @ e5ef018, Edition/Modals/ModalPublic/ModalPublic.tsx: the public step
# requires a status; ModalLocation.tsx: « Départements », « France entière » or « Ressource en
# ligne »), so a service must answer them; a project is never published there.
_NO_NOT_RELEVANT = {
    ("audience", "public_status"): (
        "Réfugiés.info n'a pas de réponse « Ce n'est pas pertinent » pour le public : "
        "écrivez les statuts accueillis (EPA, BPI, BPT, ou asile, refugie, subsidiaire, "
        "temporaire, apatride, french ; pour tout le monde, ces six codes)"
    ),
    ("practicalities", "area"): (
        "Réfugiés.info n'a pas de réponse « Ce n'est pas pertinent » pour « C'est où ? » : "
        "écrivez departements ou communes (la zone servie), national: true (toute la France) "
        "ou online: true (en ligne)"
    ),
}


def _check_not_relevant(data: dict[str, Any], today: dt.date) -> Iterator[tuple[Path_, str]]:
    if data.get("kind") != "service":
        return
    for (section, key), message in _NO_NOT_RELEVANT.items():
        if (data.get(section) or {}).get(key) == schema.NOT_RELEVANT:
            yield (section, key), f"« {schema.NOT_RELEVANT} » refusé pour un service : {message}"


def _check_audience(data: dict[str, Any], today: dt.date) -> Iterator[tuple[Path_, str]]:
    age = data["audience"]["age"]
    if isinstance(age, dict):
        if not age:
            yield ("audience", "age"), "indiquer min, max, ou les deux"
        elif "min" in age and "max" in age and age["min"] > age["max"]:
            yield ("audience", "age"), "min est plus grand que max"


def _check_practicalities(data: dict[str, Any], today: dt.date) -> Iterator[tuple[Path_, str]]:
    practicalities = data["practicalities"]
    price = practicalities.get("price")
    if isinstance(price, dict):
        yield from _check_price(price)
    area = practicalities.get("area")
    if isinstance(area, dict) and area.get("national") is True:
        others = [k for k in ("departements", "communes") if area.get(k)]
        others += ["online"] if area.get("online") is True else []
        if others:
            yield (
                ("practicalities", "area", "national"),
                f"national: true va seul (Réfugiés.info : « France entière ») : enlevez "
                f"{' et '.join(others)}, ou enlevez national",
            )
    commitment = practicalities.get("commitment")
    if isinstance(commitment, dict) and (commitment.get("details") == "between") != (
        "max" in commitment
    ):
        yield (
            ("practicalities", "commitment"),
            ("« details: between » va avec « max », et seulement lui"),
        )


def _check_reports(data: dict[str, Any], today: dt.date) -> Iterator[tuple[Path_, str]]:
    """One report per year; amounts in euros and cents; each public a part of the total (the
    contract counts BPI and BPT among the EPA: the parts overlap, so they are never summed)."""
    seen: set[int] = set()
    for i, report in enumerate(data["contract"].get("reports") or ()):
        path: Path_ = ("contract", "reports", i)
        if not isinstance(report, dict):
            continue
        year = report.get("year")
        if isinstance(year, int) and year in seen:
            yield (
                path + ("year",),
                f"« {year} » : cette année a déjà un bilan plus haut ; gardez une seule entrée "
                "par année",
            )
        elif isinstance(year, int):
            seen.add(year)
        funding = report.get("funding")
        for key in ("granted", "spent"):
            amount = funding.get(key) if isinstance(funding, dict) else None
            if isinstance(amount, float) and not math.isfinite(amount):
                yield (
                    path + ("funding", key),
                    f"{show(amount)} {schema.AMOUNT_TYPE_ERROR}",
                )
            elif isinstance(amount, float) and _decimals(amount) > 2:
                yield (
                    path + ("funding", key),
                    f"{show(amount)} : au plus deux chiffres après le point (les centimes)",
                )
        for j, result in enumerate(report.get("results") or ()):
            if not isinstance(result, dict) or not isinstance(result.get("total"), int):
                continue
            by_public = result.get("by_public")
            if not isinstance(by_public, dict):
                continue
            for public, count in by_public.items():
                if isinstance(count, int) and count > result["total"]:
                    yield (
                        path + ("results", j, "by_public", public),
                        f"« {count} » {public} dépasse le total ({result['total']}) : corrigez "
                        "l'un des deux (chaque public est une partie du total, et les BPI et "
                        "les BPT sont aussi comptés parmi les EPA)",
                    )


def _decimals(amount: float) -> int:
    """Digits after the point of a number as written (YAML 12000.5 -> 1)."""
    exponent = Decimal(repr(amount)).as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


def _check_places(data: dict[str, Any], today: dt.date) -> Iterator[tuple[Path_, str]]:
    for i, place in enumerate(data["places"]):
        yield from _check_place(place, ("places", i))


def _check_template(data: dict[str, Any], today: dt.date) -> Iterator[tuple[Path_, str]]:
    yield from template.leftovers(data)


_CHECKS = (
    _check_template,
    _check_dates,
    _check_reports,
    _check_content,
    _check_themes,
    _check_not_relevant,
    _check_audience,
    _check_practicalities,
    _check_places,
)


def check(data: dict[str, Any], today: dt.date) -> Iterator[tuple[Path_, str]]:
    """Checks beyond the schema. Each runs on its own, so a badly typed section (already
    reported by the schema) does not hide the problems of the others."""
    for check in _CHECKS:
        try:
            yield from list(check(data, today))
        except (KeyError, TypeError, ValueError, AttributeError):
            continue


def _check_price(price: dict[str, Any]) -> Iterator[tuple[Path_, str]]:
    path: Path_ = ("practicalities", "price")
    kinds = [k for k in ("free", "pay_what_you_can") if price.get(k)]
    amounts = [k for k in ("amount", "min", "max") if k in price]
    if len(kinds) + bool(amounts) != 1:
        yield (
            path,
            "choisir une seule forme : free: true, pay_what_you_can: true, amount, ou min et max",
        )
    elif amounts and "per" not in price:
        yield path + ("per",), "préciser per (once, hour, month…) avec un montant"
    elif amounts and amounts != ["amount"] and amounts != ["min", "max"]:
        yield path, "un montant (amount) ou une fourchette (min et max)"
    for key in amounts:
        value = price[key]
        if isinstance(value, bool) or not isinstance(value, int | float):
            continue  # the schema says it
        if round(value, 1) != value:
            # Réfugiés.info's price field takes one decimal at most (refugies-info/karfur @
            # e5ef018, Edition/Modals/ModalPrice/functions.ts `isPriceValue`).
            low, high = math.floor(value * 10) / 10, math.ceil(value * 10) / 10
            yield (
                path + (key,),
                f"{show(value)} : Réfugiés.info prend un prix avec un chiffre après la virgule "
                f"au plus : écrivez {_decimal(low)} ou {_decimal(high)}",
            )
        elif value == 0 and key in ("amount", "min"):
            # ModalPrice.tsx: `!priceStart` blocks the form, so 0 is no paid amount.
            fix = (
                "free: true (gratuit) à la place"
                if key == "amount"
                else "min: 1 ou plus, ou pay_what_you_can: true (montant libre)"
            )
            yield path + (key,), f"« 0 » : Réfugiés.info ne prend pas 0 comme prix : écrivez {fix}"


def _decimal(value: float) -> str:
    """12.0 -> « 12 », 12.5 -> « 12.5 » (as the carrier writes it in YAML)."""
    return f"{value:.1f}".removesuffix(".0")


def _check_place(place: dict[str, Any], path: Path_) -> Iterator[tuple[Path_, str]]:
    if "phone" in place and normalise_phone(place["phone"]) is None:
        yield path + ("phone",), _phone_problem(place["phone"])
    if "email" in place:
        from email_validator import EmailNotValidError, validate_email  # only when needed

        try:
            validate_email(place["email"], check_deliverability=False)
        except EmailNotValidError:
            yield path + ("email",), f"{show(place['email'])} n'est pas une adresse e-mail valide"
    coordinates = place.get("coordinates")
    if coordinates and not in_france(coordinates["lat"], coordinates["lng"]):
        yield (
            path + ("coordinates",),
            (
                f"({coordinates['lat']}, {coordinates['lng']}) est hors de "
                "France (latitude et longitude inversées ?)"
            ),
        )
    if isinstance(place.get("opening_hours"), str):
        try:
            hours.parse_opening_hours(place["opening_hours"])
        except hours.HoursError as exc:
            yield path + ("opening_hours",), f"horaires illisibles : {exc}"
    elif isinstance(place.get("opening_hours"), list):  # the rules form: same check as the text
        for j, rule in enumerate(place["opening_hours"]):
            opens, closes = (
                (rule.get(k) for k in ("opens", "closes")) if isinstance(rule, dict) else ("", "")
            )
            well_formed = all(
                isinstance(t, str) and re.fullmatch(schema.TIME["pattern"], t)  # else: schema
                for t in (opens, closes)
            )
            if well_formed and str(closes) <= str(opens):
                yield (
                    path + ("opening_hours", j, "closes"),
                    f"« {opens}-{closes} » : l'heure de fin est avant l'heure de début",
                )
