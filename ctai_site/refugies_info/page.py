"""The French page a carrier copies from: blocks in the editor's order, a copy button on
each, the checklist; the index of drafts; the same draft as text for the terminal."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from markupsafe import Markup, escape

from ctai_site.fiche import labels, richtext, vocab
from ctai_site.fiche.model import (
    Action,
    Catalog,
)
from ctai_site.fiche.schema import SUMMARY_MAX
from ctai_site.refugies_info.checklist import ChecklistItem, draft_checklist
from ctai_site.refugies_info.editor import (
    ASSETS_DIR,
    DRAFTS_DIR,
    HOW_MIN,
    INFOCARD_LABELS,
    LIST_LABELS,
    METADATA_KEYS,
    NOT_RELEVANT_FR,
    PRIMO_ARRIVANTS_BOX,
    WHY_MIN,
)
from ctai_site.refugies_info.record import (
    drafted,
    json_files,
    logo_file,
    logo_files,
    require_draft,
    to_draft,
)
from ctai_site.templating import environment
from ctai_site.translation import l10n

# --- The page: blocks in the editor's order ----------------------------------------------------


@dataclass(frozen=True)
class Block:
    """One thing to type or paste into the editor."""

    key: str  # stable: `titreInformatif`, `why-2-text`, `frenchLevel`, `map-1`
    label: str
    plain: str  # copied as text/plain; for a missing block, what to write
    html: Markup  # shown; copied as text/html when `rich`
    rich: bool = False
    # ok | missing | null (not relevant, or none) | advice (recommended) | file (to upload)
    state: str = "ok"
    note: str = ""
    warning: str = ""  # what the editor does that the carrier must undo

    @property
    def target(self) -> str:
        return f"ctai-draft-{self.key}"

    @property
    def copyable(self) -> bool:
        return self.state not in ("missing", "advice", "file")


@dataclass(frozen=True)
class Group:
    key: str
    title: str
    help: str
    blocks: tuple[Block, ...]


def _text_block(key: str, label: str, text: str | None, todo: str, note: str = "") -> Block:
    if not text:
        return Block(key, label, todo, escape(todo), state="missing", note=note)
    return Block(key, label, text, escape(text), note=note)


def _rich_block(key: str, label: str, text: str) -> Block:
    return Block(
        key, label, richtext.to_plain(text), Markup(richtext.to_editor_html(text)), rich=True
    )


def _fmt(value: float) -> str:
    return l10n.number(value, "fr")


def _typed(value: float) -> str:
    """A number as the editor's price field takes it: « 7.5 », not « 7,5 » (ModalPrice's
    `isPriceValue` accepts digits and one « . »)."""
    return str(int(value)) if float(value).is_integer() else str(value)


def _unit(unit: str, count: float) -> str:
    one, other = labels.EDITOR_TIME_UNITS[unit]
    return one if count <= 1 else other  # i18next's French plural: 0 and 1 are « one »


def _infocard_text(key: str, value: Any) -> str:
    """The answer in the editor's words: the boxes, buttons and menus the carrier picks."""
    if key in LIST_LABELS:
        return ", ".join(LIST_LABELS[key][v] for v in value)
    if key == "timeSlots":
        return ", ".join(labels.capitalised(labels.DAYS[v]) for v in value)
    if key == "location":
        if value in ("france", "online"):
            return labels.EDITOR_LOCATIONS[value]
        return f"{labels.EDITOR_LOCATIONS['departements']} : " + ", ".join(value)
    if key == "age":
        return labels.EDITOR_AGES[value["type"]].format(*value["ages"])
    if key == "price":
        return _price_text(value)
    details = labels.EDITOR_AMOUNT_DETAILS[value["amountDetails"]]
    if key == "commitment":
        hours = value["hours"]
        amount = " et ".join(_fmt(h) for h in hours)
        return f"{details} {amount} {_unit(value['timeUnit'], hours[-1])}"
    # frequency
    per = labels.EDITOR_PERIODS[value["frequencyUnit"]]
    hours = value["hours"]
    return f"{details} {_fmt(hours)} {_unit(value['timeUnit'], hours)} {per}"


def _price_text(value: dict[str, Any]) -> str:
    words = labels.EDITOR_PRICE
    values = value["values"]
    if values == [0]:
        return words["free"]
    if not values:
        return f"{words['paid']}, {words['pay_what_you_can'].lower()}"
    per = labels.EDITOR_PERIODS[value["details"]]
    amounts = " à ".join(f"{_typed(v)} {words['currency']}" for v in values)
    if len(values) > 1:
        return f"{words['paid']}, {words['range'].lower()} : de {amounts} {per}"
    return f"{words['paid']}, {words['amount'].lower()} : {amounts} {per}"


def _infocard_codes(key: str, value: Any) -> str:
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False)


# The checklist's blocking items by field: what a missing block says to write.
Blocking = dict[str, ChecklistItem]


def _missing_block(blocking: Blocking, key: str, label: str, field: str) -> Block:
    """A block the fiche cannot fill yet: what to write, as the checklist says it."""
    item = blocking.get(field)
    todo = item.label if item else "à compléter"
    return Block(key, label, todo, escape(todo), state="missing")


def _infocard_blocks(blocking: Blocking, metadatas: dict[str, Any]) -> tuple[Block, ...]:
    blocks = []
    for field, key in METADATA_KEYS.items():
        label = INFOCARD_LABELS[key]
        if key not in metadatas:
            blocks.append(_missing_block(blocking, key, label, field))
        elif metadatas[key] is None:
            blocks.append(Block(key, label, NOT_RELEVANT_FR, escape(NOT_RELEVANT_FR), state="null"))
        else:
            text = _infocard_text(key, metadatas[key])
            html = Markup('{} <code class="ctai-draft-code">{}</code>').format(
                text, _infocard_codes(key, metadatas[key])
            )
            warning = _primo_arrivants_warning(metadatas[key]) if key == "publicStatus" else ""
            blocks.append(Block(key, label, text, html, warning=warning))
    return tuple(blocks)


def _primo_arrivants_warning(statuses: list[str]) -> str:
    """For a public of primo-arrivants without asylum seekers: the editor's « Primo-arrivants »
    box ticks them too (`PRIMO_ARRIVANTS_BOX`)."""
    asylum = "asile"
    if asylum in statuses or not set(PRIMO_ARRIVANTS_BOX) - {asylum} <= set(statuses):
        return ""
    box, seekers = labels.EDITOR_PRIMO_ARRIVANTS, labels.EDITOR_PUBLIC_STATUSES[asylum]
    return (
        f"dans l'éditeur, la case « {box} » coche aussi « {seekers} », que cette fiche ne compte "
        f"pas dans son public : après l'avoir cochée, décochez « {seekers} »."
    )


def _section_blocks(name: str, label: str, sections: tuple[Any, ...], minimum: int) -> list[Block]:
    blocks: list[Block] = []
    for i, section in enumerate(sections, start=1):
        blocks.append(_text_block(f"{name}-{i}-title", f"{label} {i} : titre", section.title, ""))
        blocks.append(_rich_block(f"{name}-{i}-text", f"{label} {i} : texte", section.text))
    for i in range(len(sections) + 1, minimum + 1):
        todo = f"{label} {i} à écrire (titre et texte)"
        blocks.append(
            Block(f"{name}-{i}-title", f"{label} {i}", todo, escape(todo), state="missing")
        )
    return blocks


def draft_groups(action: Action) -> tuple[Group, ...]:
    """The page's blocks, grouped as the editor asks for them."""
    require_draft(action)
    content = action.content
    draft = to_draft(action)
    blocking = {i.field: i for i in draft_checklist(action) if i.blocking}
    summary_note = f"{len(content.summary)} / {SUMMARY_MAX} caractères"
    words = labels.EDITOR_PARTS
    groups = [
        Group(
            "titles",
            "Titres",
            f"Le {words['titreInformatif'].lower()} commence par un verbe à l'infinitif ; "
            f"le « {words['titreMarque']} » s'affiche après « Avec ».",
            (
                _text_block("titreInformatif", words["titreInformatif"], content.title, ""),
                _text_block(
                    "titreMarque",
                    words["titreMarque"],
                    content.brand,
                    f"« {words['titreMarque']} » à écrire (content.brand) : nom de l'action ou "
                    "de la structure",
                ),
            ),
        ),
        Group(
            "abstract",
            words["abstract"],
            f"Une phrase, {SUMMARY_MAX} caractères au plus.",
            (_text_block("abstract", words["abstract"], content.summary, "", note=summary_note),),
        ),
        Group(
            "what",
            f"« {words['what']} »",
            "Collez le texte mis en forme (listes, gras, liens, encadrés).",
            (_rich_block("what", f"« {words['what']} »", content.what),),
        ),
        Group(
            "why",
            f"« {words['why']} »",
            f"Au moins {WHY_MIN} arguments : un titre et un texte chacun.",
            tuple(_section_blocks("why", words["why-item"], content.why, WHY_MIN)),
        ),
        Group(
            "how",
            f"« {words['how']} »",
            f"Au moins une option « {words['how-item']} », avec un contact ou un moyen de "
            "s'inscrire.",
            tuple(_section_blocks("how", words["how-item"], content.how, HOW_MIN)),
        ),
        Group(
            "infocards",
            "Cartes d'information",
            f"Chaque carte doit avoir une réponse ; « {NOT_RELEVANT_FR} » en est une, sauf pour "
            f"« {INFOCARD_LABELS['publicStatus']} » et « {INFOCARD_LABELS['location']} ».",
            _infocard_blocks(blocking, draft["metadatas"]),
        ),
        Group(
            "themes",
            labels.EDITOR_PARTS["theme"],
            "Un thème principal et au plus 2 thèmes secondaires.",
            (
                _theme_block("theme", "Thème principal", (action.themes.main,)),
                _theme_block("secondaryThemes", "Thèmes secondaires", action.themes.secondary),
            ),
        ),
        _structure_group(action, blocking),
        Group(
            "map",
            "Carte",
            "Conseillé, pas obligatoire pour publier : cherchez l'adresse de chaque lieu dans "
            "l'éditeur, puis vérifiez le point.",
            _map_blocks(action, draft.get("map", [])),
        ),
    ]
    return tuple(groups)


def _structure_group(action: Action, blocking: Blocking) -> Group:
    """The editor's structure step: choose the structure, or create it with its name, website
    and logo (`record` says why all three)."""
    carrier, words = action.carrier, labels.EDITOR_STRUCTURE
    title = labels.EDITOR_PARTS["mainSponsor"]
    if carrier.refugies_info:
        return Group(
            "mainSponsor",
            title,
            "La structure est déjà sur Réfugiés.info : dans l'éditeur, à l'étape "
            f"« {words['search']} », cherchez-la sous ce nom et choisissez-la (ni site internet "
            "ni logo à donner).",
            (
                _text_block(
                    "mainSponsor",
                    "Nom de la structure sur Réfugiés.info",
                    carrier.refugies_info,
                    "",
                ),
            ),
        )
    return Group(
        "mainSponsor",
        title,
        f"La structure n'est pas encore sur Réfugiés.info : dans l'éditeur, « {words['create']} » "
        "demande son nom, son site internet et son logo, les trois, sans quoi la structure n'est "
        "pas créée et la fiche ne peut pas être publiée. Si elle y est déjà, écrivez son nom "
        "exact dans la fiche (carrier.refugies_info).",
        (
            _text_block("mainSponsor", words["name"], carrier.name, ""),
            _website_block(action, blocking),
            _logo_block(action, blocking),
        ),
    )


def _website_block(action: Action, blocking: Blocking) -> Block:
    key, label = "mainSponsor-link", labels.EDITOR_STRUCTURE["link"]
    if action.carrier.web_address:
        return _text_block(key, label, action.carrier.web_address, "")
    return _missing_block(blocking, key, label, "carrier.website")


def _logo_block(action: Action, blocking: Blocking) -> Block:
    """The logo file shipped next to the draft: linked at the top of the page (a Markdown link,
    which the host resolves from the page's address), uploaded in the editor."""
    words = labels.EDITOR_STRUCTURE
    key, label = "mainSponsor-logo", words["logo"]
    name, logo = logo_file(action), action.carrier.logo
    if name is None or logo is None:
        return _missing_block(blocking, key, label, "carrier.logo")
    text = (
        f"{name} (copie de {logo.path}) : dans l'éditeur, « {words['upload']} », puis "
        "choisissez ce fichier"
    )
    html = Markup(
        "Le fichier <code>{}</code> (lien « {} » en haut de la page ; copie de <code>{}</code>) : "
        "dans l'éditeur, « {} », puis choisissez ce fichier."
    ).format(name, label, logo.path, words["upload"])
    return Block(key, label, text, html, state="file")


def _theme_block(key: str, label: str, themes: tuple[str, ...]) -> Block:
    if not themes:
        return Block(key, label, "Aucun", escape("Aucun"), state="null")
    names = [vocab.THEMES_BY_KEY[t] for t in themes]
    text = ", ".join(t.short_fr for t in names)  # the words of the editor's theme picker
    html = Markup(", ").join(
        Markup('{} <span class="ctai-draft-code">({})</span>').format(t.short_fr, t.name_fr)
        if t.name_fr != t.short_fr
        else escape(t.short_fr)
        for t in names
    )
    return Block(key, label, text, html)


def _map_blocks(action: Action, points: list[dict[str, Any]]) -> tuple[Block, ...]:
    if not points:
        todo = "un lieu avec adresse et coordonnées (places) : conseillé"
        return (Block("map-1", "Point 1", todo, escape(todo), state="advice"),)
    blocks = []
    for i, poi in enumerate(points, start=1):
        lines = [Markup("<strong>{}</strong>").format(poi["title"]), escape(poi["address"])]
        lines += [
            escape(f"{label} : {poi[k]}")
            for k, label in (("phone", "Téléphone"), ("email", "E-mail"), ("description", "Infos"))
            if k in poi
        ]
        lines.append(
            Markup('<code class="ctai-draft-code">{}, {}</code>').format(poi["lat"], poi["lng"])
        )
        blocks.append(
            Block(
                f"map-{i}",
                f"Point {i} : {poi['title']}",
                poi["address"],
                Markup("<br>").join(lines),
                note="le bouton copie l'adresse",
            )
        )
    return tuple(blocks)


# --- Rendering -------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _assets() -> tuple[Markup, Markup]:
    """Scripts that style the page and run its copy buttons, inlined so that the page works on
    any host with no wiring, and under mkdocs-static-i18n's `/<lang>/` fallback copies (where a
    relative link to a stylesheet would break). `<style>` is not allowed in `<body>` (the Nu
    HTML Checker refuses it): the first script puts the CSS into `<head>`."""
    css = (ASSETS_DIR / "drafts.css").read_text(encoding="utf-8")
    js = (ASSETS_DIR / "drafts.js").read_text(encoding="utf-8")
    style = (
        '(function () { if (document.getElementById("ctai-drafts-css")) { return; } '
        'var s = document.createElement("style"); s.id = "ctai-drafts-css"; '
        f"s.textContent = {_script_json(css)}; document.head.appendChild(s); }})();"
    )
    return Markup(style), Markup(_no_blank_lines(js))


def _script_json(text: str) -> str:
    """A JS string literal safe inside `<script>`: no `<`, so no `</script>`."""
    return json.dumps(text, ensure_ascii=False).replace("<", "\\u003c")


def _no_blank_lines(text: str) -> str:
    # A blank line ends a raw HTML block in some Markdown parsers.
    return "\n".join(line for line in text.splitlines() if line.strip())


def render_draft_page(action: Action, article: int | None = None) -> str:
    """The French page of one service's draft (Markdown with HTML blocks). `article`: the
    article of the contract that asks carriers to publish on Réfugiés.info, if known."""
    checklist = draft_checklist(action)
    style, js = _assets()
    template = environment().get_template("draft.md.j2")
    return template.render(
        action=action,
        groups=draft_groups(action),
        blocking=[i for i in checklist if i.blocking],
        advice=[i for i in checklist if not i.blocking],
        json_href=f"{action.id}.json",
        checklist_href=f"{action.id}.checklist.json",
        logo_href=logo_file(action),
        article=article,
        style=style,
        js=js,
    )


def readiness(action: Action) -> str:
    """The draft's state: « prêt à publier » or « 3 éléments manquants » (advice never holds
    a draft back)."""
    n = sum(1 for i in draft_checklist(action) if i.blocking)
    if not n:
        return "prêt à publier"
    return f"{n} élément{'s' if n > 1 else ''} manquant{'s' if n > 1 else ''}"


def render_drafts_index(
    catalog: Catalog, article: int | None = None, *, contract: bool = True
) -> str:
    """The carriers' index: every drafted fiche with its readiness, and the projects left out
    (archived fiches are not listed). `contract`: whether the territory has one (the page then
    says it asks for the drafts; `article`, which article does)."""
    rows = []
    for action in sorted(drafted(catalog), key=lambda a: a.content.title.lower()):
        checklist = draft_checklist(action)
        rows.append(
            {
                "action": action,
                "blocking": sum(1 for i in checklist if i.blocking),
                "advice": sum(1 for i in checklist if not i.blocking),
                "readiness": readiness(action),
                "json_href": f"{action.id}.json",
            }
        )
    projects = [a for a in catalog.actions if not a.is_service and a.status != "archived"]
    return (
        environment()
        .get_template("drafts_index.md.j2")
        .render(rows=rows, projects=projects, article=article, contract=contract)
    )


def draft_pages(
    catalog: Catalog, article: int | None = None, *, contract: bool = True
) -> dict[str, str]:
    """Relative path -> Markdown: `refugies-info/index.md` and one page per drafted fiche,
    French only (no `.<lang>.md` variants). They link to the JSON files (`draft_files`)."""
    out = {f"{DRAFTS_DIR}/index.md": render_drafts_index(catalog, article, contract=contract)}
    for action in drafted(catalog):
        out[f"{DRAFTS_DIR}/{action.id}.md"] = render_draft_page(action, article)
    return out


def draft_files(
    catalog: Catalog, article: int | None = None, *, contract: bool = True
) -> dict[str, str | bytes]:
    """The pages and, next to them, `refugies-info/<id>.json` (the request),
    `<id>.checklist.json` and the structure's logo to upload (`<id>-logo.png`): written into
    the docs folder, they are static files MkDocs copies to `site/refugies-info/`, and it
    resolves the pages' links to them."""
    files: dict[str, str | bytes] = {}
    files.update(draft_pages(catalog, article, contract=contract))
    files.update(json_files(catalog))
    files.update(logo_files(catalog))
    return files


def render_draft_text(action: Action) -> str:
    """The draft as readable French text, for the terminal."""
    checklist = draft_checklist(action)
    blocking = [i for i in checklist if i.blocking]
    advice = [i for i in checklist if not i.blocking]
    lines = [
        f"Brouillon Réfugiés.info : {action.id} ({action.source})",
        f"État : {readiness(action)}",
        "",
    ]
    if blocking:
        lines.append(f"Manquant, Réfugiés.info refusera la fiche ({len(blocking)}) :")
        lines += [f"  - {item}" for item in blocking]
        lines.append("")
    if advice:
        lines.append(f"Conseils ({len(advice)}) :")
        lines += [f"  - {item}" for item in advice]
        lines.append("")
    for group in draft_groups(action):
        lines.append(f"== {group.title} ==")
        for block in group.blocks:
            head = f"-- {block.label}" + (f" ({block.note})" if block.note else "") + " --"
            if len(group.blocks) > 1 or block.label != group.title:
                lines.append(head)
            elif block.note:
                lines.append(f"({block.note})")
            if block.state == "missing":
                lines.append(f"[À COMPLÉTER] {block.plain}")
            elif block.state == "advice":
                lines.append(f"[CONSEILLÉ] {block.plain}")
            elif block.state == "file":
                lines.append(f"[FICHIER] {block.plain}")
            else:
                lines.append(block.plain)
            if block.warning:
                lines.append(f"[ATTENTION] {labels.capitalised(block.warning)}")
        lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"
