"""Site pages as Markdown files any MkDocs host can build, in every language.

Paths are relative to the generated folder (`site_src/catalogue/`, mounted at the site root by
the plugin). `page.md` is French, `page.<lang>.md` the other languages (mkdocs-static-i18n's
suffix layout): every page exists in every language, and a text whose translation is missing or
stale is shown in French, marked `lang="fr"`, under a notice in the reader's language.

- `index.md`: the home, « What do you need? » as theme tiles, then who the site is for;
- `themes/<theme>.md`: the services of a theme (title, summary, place, free or not);
- `actions/<id>.md`: one action, with schema.org JSON-LD; not in the navigation (500 actions
  in the nav made builds 3.7x slower and 7x bigger): index pages list them;
- `professionnels.md`: every service in one table, filtered in the browser, printable;
- `contrat.md`: the contract's axes and their actions (new ones flagged), and the glossary
  (the glossary alone for a territory without a contract);
- `traductions.md`: translation status for the coordinator (French only);
- `mentions-legales.md`, `accessibilite.md`, `donnees-personnelles.md`: what a French public
  body's site must publish, from territory.yml's `legal:` (« à compléter » where it is silent),
  linked from every page's footer (`footer`).

The map, the open data page and the Réfugiés.info drafts add their own pages: `build.py`
puts them all together.

Every text of a fiche reaches the page through `richtext` (escaped first, then the light markup)
or through the `md` filter (escaped for Markdown and HTML): hostile text stays inert.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import posixpath
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any

from babel.dates import format_date
from markupsafe import Markup

from ctai_site import translation as i18n
from ctai_site.site import facts
from ctai_site.site.facts import cards, is_free, json_ld, osm_link
from ctai_site.translation import l10n
from ctai_site.translation.l10n import display_phone
from ctai_site.fiche import richtext, vocab
from ctai_site.files import write_if_changed
from ctai_site.templating import environment
from ctai_site.fiche.errors import Problem
from ctai_site.fiche.model import Action, Catalog, Place, Price
from ctai_site.fiche.territory import Legal, Territory
from ctai_site.fiche.schema import NOT_RELEVANT
from ctai_site.site.settings import Settings

HOME = "index.md"
PROFESSIONALS = "professionnels.md"
CONTRACT = "contrat.md"
STATUS = "traductions.md"
# The pages a French public body's site must have, linked from every page's footer.
LEGAL = "mentions-legales.md"
ACCESSIBILITY = "accessibilite.md"
PRIVACY = "donnees-personnelles.md"

def theme_page(key: str) -> str:
    return f"themes/{key}.md"


def action_page(action_id: str) -> str:
    return f"actions/{action_id}.md"


def localized_path(path: str, lang: str) -> str:
    """`actions/x.md` -> `actions/x.ar.md` (French keeps the plain name)."""
    if lang == vocab.SOURCE_LANGUAGE:
        return path
    stem, ext = posixpath.splitext(path)
    return f"{stem}.{lang}{ext}"


def to_root(lang: str, depth: int) -> str:
    """Relative URL from a page to the site root. `depth` counts the French page's folders
    (`carte/` = 1); the other languages live one folder deeper (`ar/carte/`)."""
    return "../" * (depth + (lang != vocab.SOURCE_LANGUAGE))


def render_template(name: str, **context: Any) -> str:
    return environment().get_template(name).render(**context)


@dataclass(frozen=True)
class Site:
    """What pages are made of: the fiches, their translations, the interface strings, and the
    territory (its name fills the strings' `{territory}`; its contract and glossary)."""

    catalog: Catalog
    translations: i18n.Translations
    territory: Territory
    languages: tuple[str, ...] = vocab.LANGUAGE_CODES
    settings: Settings = field(default_factory=Settings)
    _cache: dict[Any, Any] = field(default_factory=dict, compare=False, repr=False)

    def territory_texts(self, lang: str) -> dict[str, i18n.Text]:
        key = ("territory", lang)
        if key not in self._cache:
            self._cache[key] = i18n.localize_territory(
                self.territory.texts(), lang, self.translations
            )
        return self._cache[key]  # type: ignore[no-any-return]

    def variables(self, lang: str) -> dict[str, str]:
        """What the interface strings' `{territory}` and `{contract}` stand for in `lang`."""
        contract = self.territory.contract
        return {
            "territory": self.territory_texts(lang)["name"].value,
            "contract": (contract.acronym or "") if contract else "",
        }

    def strings(self, lang: str) -> l10n.Strings:
        key = ("strings", lang)
        if key not in self._cache:
            self._cache[key] = l10n.strings_for(lang, self.translations, self.variables(lang))
        return self._cache[key]  # type: ignore[no-any-return]

    def glossary(self, lang: str) -> dict[str, str]:
        """Acronym -> its explanation in `lang`: the interface's national terms (CAF, OFII…),
        then the territory's own, which may also reword a national one."""
        strings, texts = self.strings(lang), self.territory_texts(lang)
        out = {key.split(".", 1)[1]: strings(key) for key in strings.keys("glossary.")}
        contract = self.territory.contract
        for acronym in vocab.CONTRACT_ACRONYMS:  # the contract's kinds: only the site's own
            if contract is None or contract.acronym != acronym:
                out.pop(acronym, None)
        out.update({acronym: texts[f"glossary.{acronym}"].value for acronym, _ in self.territory.glossary})
        return out

    def string_values(self, lang: str) -> dict[str, str]:
        """The interface strings of `lang` as plain text (French where one is missing or stale)."""
        return {key: text.value for key, text in self.strings(lang).texts.items()}

    def localized(self, action: Action, lang: str) -> i18n.LocalizedAction:
        key = ("action", action.id, lang)
        if key not in self._cache:
            self._cache[key] = i18n.localize(action, lang, self.translations)
        return self._cache[key]  # type: ignore[no-any-return]

    @cached_property
    def themes(self) -> tuple[vocab.Theme, ...]:
        """Themes with at least one active service, in Réfugiés.info's order."""
        used = {k for a in self.services for k in (a.themes.main, *a.themes.secondary)}
        return tuple(t for t in vocab.THEMES if t.key in used)

    @cached_property
    def current(self) -> tuple[Action, ...]:
        """The fiches the site shows: archived ones are left out everywhere (docs/format.md)."""
        return tuple(a for a in self.catalog.actions if a.status != "archived")

    @cached_property
    def services(self) -> tuple[Action, ...]:
        return tuple(a for a in self.current if a.is_service)

    def services_of(self, theme: str) -> tuple[Action, ...]:
        main = [a for a in self.services if a.themes.main == theme]
        secondary = [a for a in self.services if theme in a.themes.secondary]
        return tuple(main + secondary)


# --- Escaping and the glossary -------------------------------------------------------------

_TAG = re.compile(r"(<[^>]*>)")


@lru_cache(maxsize=16)
def _acronyms(words: tuple[str, ...]) -> re.Pattern[str]:
    longest_first = sorted(map(re.escape, words), key=len, reverse=True)
    return re.compile(r"(?<![\w&#])(" + "|".join(longest_first) + r")(?!\w)")


def add_abbr(fragment: str, glossary: Mapping[str, str]) -> str:
    """Wrap glossary acronyms found in the text of an HTML fragment in `<abbr title>`.

    Only text between tags is touched (never attributes), and never inside `abbr`, `script`,
    `style` or a heading's id: the fragment is HTML we escaped ourselves.
    """
    if not glossary:
        return fragment
    pattern = _acronyms(tuple(glossary))
    out = []
    skip = 0
    for part in _TAG.split(fragment):
        if part.startswith("<"):
            name = re.match(r"</?\s*([a-zA-Z0-9]+)", part)
            tag = name[1].lower() if name else ""
            if tag in ("abbr", "script", "style"):
                skip += -1 if part.startswith("</") else 1
            out.append(part)
        elif skip or not part:
            out.append(part)
        else:
            out.append(
                pattern.sub(
                    lambda m: (
                        f'<abbr title="{html.escape(glossary[m[1]], quote=True)}">{m[1]}</abbr>'
                    ),
                    part,
                )
            )
    return "".join(out)


# --- Rendering ---------------------------------------------------------------------------


@dataclass(frozen=True)
class _PageStrings:
    """The interface strings as a page uses them: one that stands in French for a missing or
    stale translation marks the page, which then says so (the same rule as a fiche's texts)."""

    page: _Page
    strings: l10n.Strings

    def __call__(self, key: str, /, **values: object) -> str:
        self.page.text(self.strings.texts[key])
        return self.strings(key, **values)

    def has(self, key: str) -> bool:
        return self.strings.has(key)

    def keys(self, prefix: str) -> list[str]:
        return self.strings.keys(prefix)


@dataclass
class _Page:
    """What every template gets: the reader's language, strings, links from this page."""

    site: Site
    lang: str
    path: str  # French path of the page, links are computed from it
    fallback: bool = False  # set when a French text had to stand in

    @cached_property
    def s(self) -> _PageStrings:
        return _PageStrings(self, self.site.strings(self.lang))

    @cached_property
    def glossary(self) -> dict[str, str]:
        return self.site.glossary(self.lang)

    @property
    def dir(self) -> str:
        return l10n.direction(self.lang)

    def link(self, target: str) -> str:
        return posixpath.relpath(target, posixpath.dirname(self.path) or ".")

    def text(self, item: i18n.Text) -> i18n.Text:
        if item.fallback:
            self.fallback = True
        return item

    # Filters and helpers, bound to the page -------------------------------------------------

    def attrs(self, item: i18n.Text) -> Markup:
        """` lang="fr" dir="ltr"` on an element whose text stood in for a translation."""
        self.text(item)
        if item.lang == self.lang:
            return Markup("")
        return Markup(f' lang="{item.lang}" dir="{l10n.direction(item.lang)}"')

    def heading_attrs(self, item: i18n.Text) -> Markup:
        """attr_list for a Markdown heading whose text stood in for a translation."""
        self.text(item)
        if item.lang == self.lang:
            return Markup("")
        return Markup(f' {{ lang="{item.lang}" dir="{l10n.direction(item.lang)}" }}')

    def inline(self, item: i18n.Text | str) -> Markup:
        value = item.value if isinstance(item, i18n.Text) else item
        return Markup(add_abbr(richtext.inline_html(value), self.glossary))

    def rich(self, item: i18n.Text) -> Markup:
        titles = {k: self.s(f"callout.{k}") for k in richtext.CALLOUT_TITLES}
        return Markup(add_abbr(richtext.to_html(self.text(item).value, titles), self.glossary))

    def plain(self, value: str) -> Markup:
        return Markup(add_abbr(html.escape(value, quote=False), self.glossary))

    def theme_name(self, key: str) -> str:
        return self.s(f"theme.{key}.name")

    def icon(self, key: str) -> Markup:
        """A Material icon as a pymdownx.emoji shortcode (inline SVG, nothing fetched)."""
        name = vocab.THEMES_BY_KEY[key].icon.replace("/", "-")
        return Markup(f":{name}:")

    def date(self, value: Any) -> str:
        return str(format_date(value, "long", locale=self.lang))

    def join(self, items: Iterable[str]) -> str:
        return l10n.join(items, self.lang)

    def labels(self, prefix: str, codes: Iterable[str]) -> str:
        """("access.by.", ["usagers"]) -> the strings of those codes, as a list in `lang`."""
        return self.join(self.s(prefix + code) for code in codes)

    def languages(self, codes: Iterable[str]) -> str:
        return self.join(l10n.language_name(code, self.lang) for code in codes)


def _render(name: str, page: _Page, templates: Path | None, **context: Any) -> str:
    template = environment(templates).get_template(name)
    body = template.render(p=page, s=page.s, lang=page.lang, dir=page.dir, vocab=vocab, **context)
    return re.sub(r"\n{3,}", "\n\n", body)


# --- The pages ----------------------------------------------------------------------------


def render_action_page(site: Site, action: Action, lang: str, templates: Path | None = None) -> str:
    page = _Page(site, lang, action_page(action.id))
    loc = site.localized(action, lang)
    body = _render(
        "action.md.j2",
        page,
        templates,
        loc=loc,
        a=action,
        cards=cards(action, lang, page.s),
        hours=lambda place: l10n.opening_hours(
            place.opening_rules, lang, page.s, holidays_closed=place.closed_on_holidays
        ),
        osm_link=osm_link,
        json_ld=Markup(json_ld(loc)),
        themes=[action.themes.main, *action.themes.secondary],
        theme_pages={t.key for t in site.themes},
        phone=display_phone,
    )
    return _with_notices(body, page, loc.unreviewed)


def _listing(site: Site, page: _Page, actions: Iterable[Action]) -> list[dict[str, Any]]:
    """What index pages show of each action; notes whether French had to stand in."""
    out = []
    for action in actions:
        loc = site.localized(action, page.lang)
        place = action.places[0] if action.places else None
        out.append(
            {
                "action": action,
                "loc": loc,
                "title": page.text(loc.text("content.title")),
                "summary": page.text(loc.text("content.summary")),
                "link": page.link(action_page(action.id)),
                "place": place,
                "free": is_free(action),
            }
        )
    return out


def _any_unreviewed(site: Site, lang: str, actions: Iterable[Action]) -> bool:
    return any(
        site.localized(a, lang).text(k).state == i18n.UNREVIEWED
        for a in actions
        for k in ("content.title", "content.summary")
    )


def render_theme_page(site: Site, theme: str, lang: str, templates: Path | None = None) -> str:
    page = _Page(site, lang, theme_page(theme))
    actions = site.services_of(theme)
    body = _render(
        "theme.md.j2",
        page,
        templates,
        theme=vocab.THEMES_BY_KEY[theme],
        items=_listing(site, page, actions),
        others=[t for t in site.themes if t.key != theme],
    )
    return _with_notices(body, page, _any_unreviewed(site, lang, actions))


def render_home_page(site: Site, lang: str, templates: Path | None = None) -> str:
    page = _Page(site, lang, HOME)
    counts = {t.key: len(site.services_of(t.key)) for t in site.themes}
    texts = site.territory_texts(lang)
    presentation = page.text(texts["presentation"]) if "presentation" in texts else None
    contract = page.text(texts["contract.title"]) if "contract.title" in texts else None
    guide = site.settings.guides.get(lang)
    body = _render(
        "home.md.j2",
        page,
        templates,
        themes=site.themes,
        counts=counts,
        presentation=presentation,
        contract=contract,
        # « Tous les services … sont gratuits » only when every fiche says so (none unpriced).
        all_free=bool(site.services) and all(is_free(a) is True for a in site.services),
        guide_href=to_root(lang, 0) + guide.path if guide else None,
        guide_size=l10n.file_size(guide.size, lang) if guide else None,
    )
    return _with_notices(body, page, False)


def render_professionals_page(site: Site, lang: str, templates: Path | None = None) -> str:
    page = _Page(site, lang, PROFESSIONALS)
    rows = _listing(site, page, site.services)
    legend = {p: page.s(f"public.contract.{p}") for p in vocab.CONTRACT_PUBLICS}
    for row in rows:
        action = row["action"]
        row["cards"] = {c.key: c.value for c in cards(action, lang, page.s)}
        row["publics"] = _short_publics(action, page)
        row["referral"] = (
            page.text(row["loc"].text("practicalities.access.referral"))
            if action.practicalities.access.referral
            else None
        )
    projects = _listing(site, page, [a for a in site.current if not a.is_service])
    body = _render(
        "professionals.md.j2",
        page,
        templates,
        rows=rows,
        legend={p: text[:1].upper() + text[1:] for p, text in legend.items()},
        projects=projects,
        phone=display_phone,
        hours=lambda place: l10n.opening_hours(
            place.opening_rules, lang, page.s, holidays_closed=place.closed_on_holidays
        ),
    )
    return _with_notices(body, page, _any_unreviewed(site, lang, site.current))


def _short_publics(action: Action, page: _Page) -> list[str]:
    """The professionals' table's « Public »: the contract's publics by their acronyms (the
    legend above the table says them once), then any other status the fiche names."""
    statuses = action.audience.public_status
    if statuses is None or statuses == NOT_RELEVANT:
        return list(facts.for_whom(action.audience, page.lang, page.s))
    named, others = facts.publics(action.audience)
    return named + [page.s(f"public.{code}") for code in others]


def render_contract_page(site: Site, lang: str, templates: Path | None = None) -> str:
    page = _Page(site, lang, CONTRACT)
    contract = site.territory.contract
    texts = site.territory_texts(lang)
    axes = []
    for axis in contract.axes if contract else ():
        actions = [a for a in site.current if a.contract and a.contract.axis == axis.number]
        axes.append((axis.number, page.text(texts[f"contract.axes.{axis.number}"]), _listing(site, page, actions)))
    title = page.text(texts["contract.title"]) if contract else None
    intro = page.text(texts["contract.description"]) if "contract.description" in texts else None
    body = _render("contract.md.j2", page, templates, axes=axes, title=title, intro=intro)
    return _with_notices(body, page, _any_unreviewed(site, lang, site.current))


def render_status_page(site: Site, templates: Path | None = None) -> str:
    page = _Page(site, vocab.SOURCE_LANGUAGE, STATUS)
    texts = site.territory.texts()
    report = i18n.language_coverage(site.catalog, site.translations, texts)
    terms: dict[str, list[Problem]] = {c.lang: [] for c in report}
    for problem in i18n.term_problems(site.catalog, site.translations, texts):
        terms[posixpath.basename(posixpath.dirname(problem.file))].append(problem)  # <lang>/…
    return _render(
        "translation_status.md.j2",
        page,
        templates,
        report=report,
        terms=terms,
        reviews=site.translations.terms.languages,
        native_name=l10n.native_name,
        translations=site.translations,
        links={a.id: page.link(action_page(a.id)) for a in site.current},
    )


def _with_notices(body: str, page: _Page, unreviewed: bool) -> str:
    """Insert the notices after the front matter, once the page knows what stood in."""
    if page.lang == vocab.SOURCE_LANGUAGE:
        return body
    notes = []
    if page.fallback:
        notes.append(
            f'<p class="ctai-notice ctai-notice--fallback" role="note">'
            f"{html.escape(page.s('notice.fallback'))}</p>"
        )
    elif unreviewed:
        notes.append(
            f'<p class="ctai-notice ctai-notice--unreviewed">'
            f"{html.escape(page.s('notice.unreviewed'))}</p>"
        )
    if not notes:
        return body
    head, sep, rest = body.partition("\n---\n")  # after the front matter
    return f"{head}{sep}\n" + "\n".join(notes) + "\n\n" + rest.lstrip("\n")


# --- The pages a public body's site must have ------------------------------------------------


def accessibility_level(legal: Legal) -> str:
    """The statement's conformity level, as the RGAA defines it: « totalement » at 100 % of
    the criteria, « partiellement » from 50 %, « non conforme » below or without an audit."""
    if legal.audit is None or legal.audit.rate < 50:
        return "none"
    return "full" if legal.audit.rate >= 100 else "partial"


def footer(site: Site, lang: str) -> dict[str, Any]:
    """The footer's links in `lang` (Material's `main.html` of our overrides shows them): each
    with its URL from the site's root, with and without MkDocs' directory URLs."""
    strings = site.strings(lang)
    prefix = "" if lang == vocab.SOURCE_LANGUAGE else f"{lang}/"
    level = strings(f"a11y.level.{accessibility_level(site.territory.legal)}")
    titles = (
        (LEGAL, strings("footer.legal")),
        (ACCESSIBILITY, strings("footer.accessibility", level=level)),
        (PRIVACY, strings("footer.privacy")),
    )
    return {
        "label": strings("footer.legal"),
        "items": [
            {"title": title, "dir": f"{prefix}{path[:-3]}/", "file": f"{prefix}{path[:-3]}.html"}
            for path, title in titles
        ],
    }


def render_legal_page(site: Site, lang: str, name: str, templates: Path | None = None) -> str:
    """One of LEGAL, ACCESSIBILITY, PRIVACY in `lang`."""
    page = _Page(site, lang, name)
    legal = site.territory.legal
    template = {LEGAL: "legal.md.j2", ACCESSIBILITY: "accessibility.md.j2", PRIVACY: "privacy.md.j2"}
    body = _render(
        template[name],
        page,
        templates,
        legal=legal,
        level=accessibility_level(legal),
        audit_date=page.date(dt.date.fromisoformat(legal.audit.date)) if legal.audit else None,
        statement_date=(
            page.date(dt.date.fromisoformat(legal.statement_date))
            if legal.statement_date
            else None
        ),
        rate=l10n.number(legal.audit.rate, lang) if legal.audit else None,
        phone=display_phone,
        tiles=site.settings.tiles,
        analytics=site.settings.analytics,
    )
    return _with_notices(body, page, False)


# --- All files ------------------------------------------------------------------------------


def site_pages(site: Site, templates: Path | None = None) -> dict[str, str]:
    """Relative path -> Markdown, for the pages of this module in every language."""
    files: dict[str, str] = {}
    for lang in site.languages:
        files[localized_path(HOME, lang)] = render_home_page(site, lang, templates)
        for theme in site.themes:
            files[localized_path(theme_page(theme.key), lang)] = render_theme_page(
                site, theme.key, lang, templates
            )
        for action in site.current:
            files[localized_path(action_page(action.id), lang)] = render_action_page(
                site, action, lang, templates
            )
        files[localized_path(PROFESSIONALS, lang)] = render_professionals_page(
            site, lang, templates
        )
        files[localized_path(CONTRACT, lang)] = render_contract_page(site, lang, templates)
        for name in (LEGAL, ACCESSIBILITY, PRIVACY):
            files[localized_path(name, lang)] = render_legal_page(site, lang, name, templates)
    return files
