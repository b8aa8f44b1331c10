"""The fiche as frozen objects: what every renderer reads. No I/O here.

An infocard is `None` when the carrier has not answered it yet (it goes to « à compléter »)
and `NOT_RELEVANT` when they answered « Ce n'est pas pertinent pour mon action » (Réfugiés.info:
null).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Literal, TypeAlias, TypeVar

from ctai_site.fiche import logos, vocab
from ctai_site.fiche.schema import NOT_RELEVANT

T = TypeVar("T")
NotRelevant = Literal["not_relevant"]
Infocard: TypeAlias = T | NotRelevant | None
FieldPath: TypeAlias = tuple[str | int, ...]  # ("places", 0, "phone"), as `reading.Path_`


@dataclass(frozen=True)
class Target:
    """An objective of a year: a sentence (`number` None), or a number of something."""

    text: str  # the sentence, or what is counted
    number: int | None = None
    unit: str | None = None
    publics: tuple[str, ...] = ()


@dataclass(frozen=True)
class Result:
    indicator: str
    total: int
    unit: str | None = None
    by_public: tuple[tuple[str, int], ...] = ()  # « dont » counts: parts overlap, never summed
    note: str | None = None


@dataclass(frozen=True)
class Funding:
    funder: str | None = None
    granted: Decimal | None = None
    spent: Decimal | None = None
    note: str | None = None

    @property
    def remainder(self) -> Decimal | None:
        """The reliquat: granted minus spent (negative when overspent), when both are known."""
        if self.granted is None or self.spent is None:
            return None
        return self.granted - self.spent


@dataclass(frozen=True)
class Report:
    """What an action did in one year (the yearly report of the contract)."""

    year: int
    targets: tuple[Target, ...] = ()
    results: tuple[Result, ...] = ()
    funding: Funding = field(default_factory=Funding)
    comment: str | None = None


@dataclass(frozen=True)
class Contract:
    axis: int
    years: tuple[int, ...]
    new_in: int | None = None
    reports: tuple[Report, ...] = ()  # at most one per year

    def report(self, year: int) -> Report | None:
        return next((r for r in self.reports if r.year == year), None)


@dataclass(frozen=True)
class Logo:
    """A structure's logo file (`carrier.logo`), as the loader read and checked it."""

    path: str  # as written: from the fiche's folder
    data: bytes = field(repr=False)

    @property
    def extension(self) -> str:
        """`png`, `jpg`, `jpeg` or `svg` (lower case)."""
        return logos.extension(self.path)


@dataclass(frozen=True)
class Carrier:
    name: str
    acronym: str | None = None
    website: str | None = None
    siret: str | None = None
    networks: tuple[str, ...] = ()
    refugies_info: str | None = None  # its exact name on Réfugiés.info, if it is there already
    # None when the fiche names none, or was checked as text alone (`loading.parse_action`
    # without its folder: its file was not read)
    logo: Logo | None = None

    @property
    def web_address(self) -> str | None:
        """`website` when it is a web address (http:// or https://), not mailto: or tel:."""
        website = self.website or ""
        return website if website.lower().startswith(("https://", "http://")) else None


@dataclass(frozen=True)
class Partner:
    name: str
    role: str | None = None
    website: str | None = None


@dataclass(frozen=True)
class Section:
    title: str
    text: str


@dataclass(frozen=True)
class Content:
    title: str
    summary: str
    what: str
    brand: str | None = None
    why: tuple[Section, ...] = ()
    how: tuple[Section, ...] = ()


@dataclass(frozen=True)
class Themes:
    main: str
    secondary: tuple[str, ...] = ()
    thematiques: tuple[str, ...] = ()  # resolved: explicit, or the main theme's default
    types: tuple[str, ...] = ()


@dataclass(frozen=True)
class Age:
    min: int | None = None
    max: int | None = None


@dataclass(frozen=True)
class Audience:
    public_status: Infocard[tuple[str, ...]] = None  # Réfugiés.info codes, shortcuts expanded
    contract_publics: tuple[str, ...] = ()  # EPA / BPI / BPT as written in the fiche
    specific_public: Infocard[tuple[str, ...]] = None
    french_level: Infocard[tuple[str, ...]] = None
    age: Infocard[Age] = None
    precisions: str | None = None


@dataclass(frozen=True)
class Price:
    free: bool = False
    pay_what_you_can: bool = False
    amount: float | None = None
    min: float | None = None
    max: float | None = None
    per: str | None = None


@dataclass(frozen=True)
class Duration:
    amount: float
    unit: str
    max: float | None = None
    per: str | None = None
    details: str | None = None


@dataclass(frozen=True)
class Access:
    by: tuple[str, ...] = ()
    modes: tuple[str, ...] = ()
    reception: tuple[str, ...] = ()
    referral: str | None = None
    link: str | None = None


@dataclass(frozen=True)
class Area:
    departements: tuple[str, ...] = ()
    communes: tuple[str, ...] = ()
    description: str | None = None
    online: bool = False
    national: bool = False  # all of France (Réfugiés.info « France entière »)


@dataclass(frozen=True)
class Practicalities:
    conditions: Infocard[tuple[str, ...]] = None
    conditions_text: str | None = None
    price: Infocard[Price] = None
    commitment: Infocard[Duration] = None
    frequency: Infocard[Duration] = None
    days: Infocard[tuple[str, ...]] = None
    access: Access = field(default_factory=Access)
    languages: tuple[str, ...] = ()
    area: Infocard[Area] = None
    capacity: int | None = None


@dataclass(frozen=True)
class Coordinates:
    lat: float
    lng: float
    precision: str
    source: str | None = None  # "ban": written by `ctai-site geocode`; None: by a person

    @property
    def approximate(self) -> bool:
        return self.precision == "approximate"


@dataclass(frozen=True)
class OpeningRule:
    days: tuple[str, ...]
    opens: str
    closes: str
    weeks_of_month: tuple[int, ...] = ()


@dataclass(frozen=True)
class Place:
    name: str
    city: str
    address: str | None = None
    postcode: str | None = None
    insee: str | None = None
    coordinates: Coordinates | None = None
    opening_hours: str | None = None  # OpenStreetMap syntax, always (structured form converted)
    opening_rules: tuple[OpeningRule, ...] = ()  # parsed, for display in any language
    closed_on_holidays: bool = False  # `PH off`: shown with the hours, in every language
    phone: str | None = None  # E.164
    email: str | None = None
    accessibility: str | None = None
    practical: str | None = None


@dataclass(frozen=True)
class Action:
    id: str
    source: str  # file path as given to the loader, for messages
    kind: str
    status: str
    updated: dt.date
    contract: Contract | None  # None: a service the contract does not fund
    carrier: Carrier
    content: Content
    themes: Themes
    partners: tuple[Partner, ...] = ()
    audience: Audience = field(default_factory=Audience)
    practicalities: Practicalities = field(default_factory=Practicalities)
    places: tuple[Place, ...] = ()
    confirmed: dt.date | None = None  # when the structure last confirmed the facts
    # field path (`("places", 0, "phone")`) -> line, for later reports; formatted only when a
    # report asks (`line_of`): 80 paths a fiche, rarely one asked for
    lines: tuple[tuple[FieldPath, int], ...] = ()

    @property
    def is_service(self) -> bool:
        return self.kind == "service"

    @property
    def confirmed_on(self) -> dt.date:
        """When the facts were last confirmed with the structure: `confirmed`, or `updated`
        for a fiche never confirmed since it was written."""
        return self.confirmed or self.updated

    @property
    def last_change(self) -> dt.date:
        """The latest of `updated` and `confirmed`: when the data was last touched or checked
        (data·inclusion's `date_maj`)."""
        return max(self.updated, self.confirmed or self.updated)

    def line_of(self, path: str) -> int:
        """Line of a field (`places[1].phone`) in the YAML source, or of its nearest written
        parent."""
        found = dict(self.lines)
        key = _field_path(path)
        while key:
            if key in found:
                return found[key]
            key = key[:-1]
        return 1


def _field_path(path: str) -> FieldPath:
    """`places[1].phone` -> `("places", 0, "phone")` (messages count items from 1)."""
    out: list[str | int] = []
    for part in path.split("."):
        name, *indexes = re.split(r"\[(\d+)\]", part)
        out += [name] if name else []
        out += [int(i) - 1 for i in indexes if i]
    return tuple(out)


@dataclass(frozen=True)
class Catalog:
    actions: tuple[Action, ...]

    def by_id(self, action_id: str) -> Action:
        for action in self.actions:
            if action.id == action_id:
                return action
        raise KeyError(action_id)

    @property
    def services(self) -> tuple[Action, ...]:
        return tuple(a for a in self.actions if a.is_service)


# --- Building the model from validated data ---------------------------------------------------


def _infocard(value: Any, build: Any) -> Any:
    if value is None:
        return None
    if value == NOT_RELEVANT:
        return NOT_RELEVANT
    return build(value)


def expand_public_status(values: list[str]) -> tuple[str, ...]:
    """EPA / BPI / BPT shortcuts become Réfugiés.info codes, in the platform's order."""
    codes: set[str] = set()
    for value in values:
        codes.update(vocab.PUBLIC_SHORTCUTS.get(value, (value,)))
    return tuple(c for c in vocab.PUBLIC_STATUSES if c in codes)


def _euros(value: float | None) -> Decimal | None:
    # repr: the shortest text of the YAML number (12000.5), not the binary float's expansion
    return None if value is None else Decimal(repr(value)).quantize(Decimal("0.01"))


def _report(r: dict[str, Any]) -> Report:
    f = r.get("funding", {})
    return Report(
        year=r["year"],
        targets=tuple(
            Target(t)
            if isinstance(t, str)
            else Target(t["indicator"], t["number"], t.get("unit"), tuple(t.get("publics", ())))
            for t in r.get("targets", ())
        ),
        results=tuple(
            Result(
                x["indicator"],
                x["total"],
                x.get("unit"),
                tuple(
                    (p, x["by_public"][p])
                    for p in vocab.CONTRACT_PUBLICS
                    if p in x.get("by_public", {})
                ),
                x.get("note"),
            )
            for x in r.get("results", ())
        ),
        funding=Funding(
            f.get("funder"), _euros(f.get("granted")), _euros(f.get("spent")), f.get("note")
        ),
        comment=r.get("comment"),
    )


def build_action(
    data: dict[str, Any],
    *,
    action_id: str,
    source: str,
    updated: dt.date,
    places: tuple[Place, ...],
    lines: Mapping[FieldPath, int],
    logo: bytes | None = None,
) -> Action:
    """Turn validated fiche data into an `Action` (places are built by the loader, which reads
    the carrier's `logo` file too)."""
    c = data.get("contract")
    contract = (
        None
        if c is None
        else Contract(
            axis=c["axis"],
            years=tuple(c["years"]),
            new_in=c.get("new_in"),
            reports=tuple(_report(r) for r in c.get("reports", ())),
        )
    )
    ct = data["content"]
    content = Content(
        title=ct["title"],
        summary=ct["summary"],
        what=ct["what"],
        brand=ct.get("brand"),
        why=tuple(Section(s["title"], s["text"]) for s in ct.get("why", ())),
        how=tuple(Section(s["title"], s["text"]) for s in ct.get("how", ())),
    )
    th = data["themes"]
    main = vocab.THEMES_BY_KEY[th["main"]]
    themes = Themes(
        main=th["main"],
        secondary=tuple(th.get("secondary", ())),
        thematiques=tuple(th.get("thematiques") or main.thematiques),
        types=tuple(th.get("types") or (main.service_type,)),
    )
    au = data.get("audience", {})
    raw_status = au.get("public_status")
    audience = Audience(
        public_status=_infocard(raw_status, expand_public_status),
        contract_publics=tuple(v for v in raw_status or () if v in vocab.CONTRACT_PUBLICS)
        if raw_status != NOT_RELEVANT
        else (),
        specific_public=_infocard(au.get("specific_public"), tuple),
        french_level=_infocard(au.get("french_level"), tuple),
        age=_infocard(au.get("age"), lambda a: Age(a.get("min"), a.get("max"))),
        precisions=au.get("precisions"),
    )
    pr = data.get("practicalities", {})
    acc = pr.get("access", {})
    practicalities = Practicalities(
        conditions=_infocard(pr.get("conditions"), tuple),
        conditions_text=pr.get("conditions_text"),
        price=_infocard(pr.get("price"), lambda p: Price(**p)),
        commitment=_infocard(pr.get("commitment"), lambda d: Duration(**d)),
        frequency=_infocard(pr.get("frequency"), lambda d: Duration(**d)),
        days=_infocard(pr.get("days"), lambda days: tuple(d for d in vocab.DAYS if d in days)),
        access=Access(
            by=tuple(acc.get("by", ())),
            modes=tuple(acc.get("modes", ())),
            reception=tuple(acc.get("reception", ())),
            referral=acc.get("referral"),
            link=acc.get("link"),
        ),
        languages=tuple(pr.get("languages", ())),
        area=_infocard(
            pr.get("area"),
            lambda a: Area(
                tuple(a.get("departements", ())),
                tuple(a.get("communes", ())),
                a.get("description"),
                a.get("online", False),
                a.get("national", False),
            ),
        ),
        capacity=pr.get("capacity"),
    )
    ca = data["carrier"]
    return Action(
        id=action_id,
        source=source,
        kind=data["kind"],
        status=data["status"],
        updated=updated,
        contract=contract,
        carrier=Carrier(
            ca["name"],
            ca.get("acronym"),
            ca.get("website"),
            ca.get("siret"),
            tuple(ca.get("networks", ())),
            ca.get("refugies_info"),
            Logo(ca["logo"], logo) if "logo" in ca and logo is not None else None,
        ),
        content=content,
        themes=themes,
        partners=tuple(
            Partner(p["name"], p.get("role"), p.get("website")) for p in data.get("partners", ())
        ),
        audience=audience,
        practicalities=practicalities,
        places=places,
        confirmed=dt.date.fromisoformat(data["confirmed"]) if "confirmed" in data else None,
        lines=tuple(lines.items()),
    )
