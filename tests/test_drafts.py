"""Réfugiés.info drafts: the Dax services, a complete fiche, an incomplete one, the checklist,
the page and its copy buttons, the JSON files and `ctai-site draft`."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from sites import CATALOGUE, load_site

from ctai_site.cli import main
from ctai_site.fiche import departements, vocab
from ctai_site.fiche.loading import load_catalog
from ctai_site.fiche.model import Action, Catalog
from ctai_site.refugies_info.checklist import (
    draft_checklist,
    has_contact,
    starts_with_infinitive,
    unexplained_acronyms,
)
from ctai_site.refugies_info.editor import EXTRA_KEYS, METADATA_KEYS, REFUGIES_INFO_KEYS
from ctai_site.refugies_info.page import (
    draft_files,
    draft_groups,
    draft_pages,
    readiness,
    render_draft_page,
    render_drafts_index,
)
from ctai_site.refugies_info.record import draft_json, to_draft, write_draft_json

ROOT = Path(__file__).resolve().parents[1]
ACTIONS = CATALOGUE / "actions"
TERRITORY = str(CATALOGUE / "territory.yml")

# Réfugiés.info's own vocabularies (refugies-info/karfur, packages/api-types/src/generics.ts).
DISPOSITIF_KEYS = {*REFUGIES_INFO_KEYS, "next"}  # `next` is theirs too; we never write it
METADATAS = set(METADATA_KEYS.values())
PUBLIC_STATUS = set(vocab.PUBLIC_STATUSES)
FRENCH_LEVEL = set(vocab.FRENCH_LEVELS)
PUBLIC = set(vocab.SPECIFIC_PUBLICS)
CONDITIONS = set(vocab.CONDITIONS.values())
TIME_SLOTS = set(vocab.DAYS)
COORDINATES = {"lat": 43.71, "lng": -1.05, "precision": "approximate"}
LOCATION = re.compile(r"^([1-9]\d{0,2}|2[AB]) - \S.*$")

COMPLETE = """\
kind: service
status: active
updated: 2024-05-02
contract: {axis: 6, years: [2024]}
carrier: {name: Association Exemple}
content:
  title: Apprendre le français à Dax
  brand: Atelier de français de l'Association Exemple
  summary: Des cours de français pour les adultes, deux fois par semaine.
  what: |
    Des cours de **français** pour les adultes.

    - parler ;
    - lire.
  why:
    - {title: Parler, text: Vous parlez mieux.}
    - {title: Lire, text: Vous lisez mieux.}
    - {title: Écrire, text: Vous écrivez mieux.}
  how:
    - title: S'inscrire
      text: Appelez l'association au numéro du lieu.
themes: {main: french, secondary: [work, leisure]}
audience:
  public_status: [EPA, asile]
  french_level: [alpha, A1]
  age: {min: 18}
  specific_public: not_relevant
practicalities:
  conditions: [residence_permit, cir_signed]
  price: {free: true}
  commitment: {amount: 3, unit: months}
  frequency: {amount: 4, unit: hours, per: week, details: approximately}
  days: [thursday, tuesday]
  area: {departements: ["40"], communes: ["40088"]}
places:
  - name: Salle de l'Exemple
    address: 1 rue de l'Exemple
    postcode: "40100"
    city: Dax
    coordinates: {lat: 43.71, lng: -1.05, precision: exact}
    phone: 05 58 00 00 00
    opening_hours: Tu,Th 14:00-16:00
"""


def load(tmp_path: Path, text: str, name: str = "exemple") -> Action:
    path = tmp_path / f"{name}.yml"
    path.write_text(text, encoding="utf-8")
    return load_catalog(path).by_id(name)


def edited(changes: dict[str, Any], removed: tuple[str, ...] = ()) -> str:
    """The complete fiche with some fields replaced (`a.b: value`) or removed (`a.b`)."""
    data = yaml.safe_load(COMPLETE)
    for path, value in changes.items():
        *parents, last = path.split(".")
        target = data
        for part in parents:
            target = target[part]
        target[last] = value
    for path in removed:
        *parents, last = path.split(".")
        target = data
        for part in parents:
            target = target[part]
        del target[last]
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


@pytest.fixture(scope="module")
def dax() -> Catalog:
    return load_catalog(ACTIONS)


@pytest.fixture
def complete(tmp_path: Path) -> Action:
    return load(tmp_path, COMPLETE)


# --- The Dax catalogue -----------------------------------------------------------------------


def test_every_dax_service_has_a_draft_and_no_project_has_one(dax: Catalog, tmp_path: Path) -> None:
    services = {a.id for a in dax.services}
    projects = {a.id for a in dax.actions} - services
    assert services and projects  # the diagnosis of housing services is a study
    assert write_draft_json(dax, tmp_path) == len(services)
    written = {p.stem for p in (tmp_path / "refugies-info").glob("*.json")}
    assert written == services
    for action_id in services:
        on_disk = json.loads((tmp_path / "refugies-info" / f"{action_id}.json").read_text("utf-8"))
        assert on_disk == to_draft(dax.by_id(action_id))
    pages = draft_pages(dax)
    assert set(pages) == {"refugies-info/index.md"} | {f"refugies-info/{i}.md" for i in services}
    for action_id in projects:
        with pytest.raises(ValueError, match="projet pour les professionnels"):
            to_draft(dax.by_id(action_id))


def test_dax_drafts_use_refugies_info_names_and_codes(dax: Catalog) -> None:
    short_names = {t.short_fr for t in vocab.THEMES}
    for action in dax.services:
        draft = to_draft(action)
        assert set(draft) - set(EXTRA_KEYS) <= DISPOSITIF_KEYS
        assert draft["typeContenu"] == "dispositif"
        assert draft["theme"] in short_names
        assert set(draft["secondaryThemes"]) <= short_names
        meta = draft["metadatas"]
        assert set(meta) <= METADATAS
        assert set(meta.get("publicStatus") or ()) <= PUBLIC_STATUS
        assert set(meta.get("frenchLevel") or ()) <= FRENCH_LEVEL
        assert set(meta.get("public") or ()) <= PUBLIC
        assert set(meta.get("conditions") or ()) <= CONDITIONS
        assert set(meta.get("timeSlots") or ()) <= TIME_SLOTS
        location = meta.get("location")
        if isinstance(location, list):
            assert all(LOCATION.match(label) for label in location), location
        else:
            assert location in (None, "france", "online")
        for section in ("why", "how"):
            for key, item in draft.get(section, {}).items():
                assert re.fullmatch(r"[0-9a-f]{8}-([0-9a-f]{4}-){3}[0-9a-f]{12}", key)
                assert set(item) == {"title", "text"}
        for point in draft.get("map", ()):
            assert {"title", "address", "lat", "lng"} <= set(point)


def test_dax_missing_lists_name_exactly_the_unanswered_cards(dax: Catalog) -> None:
    for action in dax.services:
        draft = to_draft(action)
        missing = {item["field"] for item in draft["missing"]}
        for field, key in METADATA_KEYS.items():
            assert (key in draft["metadatas"]) == (field not in missing), (action.id, field)
        assert ("map" in draft) == ("places" not in missing), action.id
        assert ("titreMarque" in draft) == ("content.brand" not in missing), action.id
        assert (len(draft.get("why", {})) >= 3) == ("content.why" not in missing), action.id


def test_not_relevant_is_null_and_epa_expands(dax: Catalog) -> None:
    meta = to_draft(dax.by_id("pas-hopital-dax"))["metadatas"]
    assert meta["frenchLevel"] is None  # `not_relevant` in the fiche
    assert meta["conditions"] is None
    assert meta["publicStatus"] == ["refugie", "subsidiaire", "temporaire", "apatride"]
    assert meta["location"] == ["40 - Landes"]
    assert "price" not in meta  # not answered yet: absent, not null


# --- A complete fiche meets every publish rule (DOMAIN.md §4) ---------------------------------


def test_complete_fiche_meets_every_publish_rule(complete: Action) -> None:
    assert [i for i in draft_checklist(complete) if i.blocking] == []
    draft = to_draft(complete)
    assert draft["missing"] == []
    assert draft["titreInformatif"] and draft["titreMarque"]
    assert len(draft["abstract"]) <= 110
    assert draft["what"].startswith("<p>")
    assert len(draft["why"]) >= 3
    assert len(draft["how"]) >= 1
    assert draft["theme"] == "Français"
    assert draft["secondaryThemes"] == ["Travail", "Loisirs"]
    assert len(draft["secondaryThemes"]) <= 2
    assert draft["mainSponsor"] == "Association Exemple"
    assert set(draft["metadatas"]) == METADATAS  # every infocard answered (null allowed)
    assert len(draft["map"]) >= 1


def test_complete_fiche_values(complete: Action) -> None:
    draft = to_draft(complete)
    assert draft["metadatas"] == {
        "publicStatus": ["asile", "refugie", "subsidiaire", "temporaire", "apatride"],
        "frenchLevel": ["alpha", "A1"],
        "age": {"type": "moreThan", "ages": [18]},
        "public": None,
        "price": {"values": [0]},
        "commitment": {"amountDetails": "exactly", "hours": [3], "timeUnit": "months"},
        "frequency": {
            "amountDetails": "approximately",
            "hours": 4,
            "timeUnit": "hours",
            "frequencyUnit": "week",
        },
        "timeSlots": ["tuesday", "thursday"],
        "conditions": ["titre sejour", "cir"],
        "location": ["40 - Landes"],  # the département and Dax's commune: one label
    }
    assert draft["map"] == [
        {
            "title": "Salle de l'Exemple",
            "address": "1 rue de l'Exemple, 40100 Dax",
            "city": "Dax",
            "lat": 43.71,
            "lng": -1.05,
            "description": "Horaires : mardi, jeudi : 14:00-16:00.",
            "phone": "05 58 00 00 00",
        }
    ]
    assert to_draft(complete) == draft  # stable keys, build after build
    assert json.loads(draft_json(complete)) == draft


def test_complete_fiche_is_ready(complete: Action) -> None:
    assert readiness(complete) == "prête à publier"
    index = render_drafts_index(Catalog((complete,)))
    assert "prête à publier" in index
    assert "[Apprendre le français à Dax](exemple.md)" in index


# --- An incomplete fiche: the missing list names exactly what is absent ------------------------


def test_incomplete_fiche_lists_exactly_what_is_absent(tmp_path: Path) -> None:
    # (Fewer than 3 arguments or no step is refused earlier, by the validator.)
    text = edited(
        {"places": [{"name": "Salle", "city": "Dax", "coordinates": COORDINATES}]},
        removed=("content.brand", "audience.age", "practicalities.price", "practicalities.days"),
    )
    action = load(tmp_path, text)
    draft = to_draft(action)
    assert {i["field"] for i in draft["missing"]} == {
        "content.brand",
        "audience.age",
        "practicalities.price",
        "practicalities.days",
        "places",  # a place without an address is no point on the map
    }
    assert "titreMarque" not in draft and "map" not in draft
    assert "age" not in draft["metadatas"] and "price" not in draft["metadatas"]
    assert readiness(action) == "5 éléments manquants"


@pytest.mark.parametrize(
    ("area", "expected", "blocking"),
    [
        ({"departements": ["2A", "974"]}, ["2A - Corse-du-Sud", "974 - La Réunion"], 0),
        ({"communes": ["01053"]}, ["1 - Ain"], 0),
        ({"online": True}, "online", 0),
        ({"departements": ["99"]}, None, 1),
        ({"description": "Le Grand Dax"}, None, 1),
        ("not_relevant", None, 0),
    ],
)
def test_location(tmp_path: Path, area: Any, expected: Any, blocking: int) -> None:
    action = load(tmp_path, edited({"practicalities.area": area}))
    draft = to_draft(action)
    if expected is None and area != "not_relevant":
        assert "location" not in draft["metadatas"]
    else:
        assert draft["metadatas"]["location"] == expected
    location_items = [i for i in draft["missing"] if i["field"] == "practicalities.area"]
    assert len(location_items) == blocking


@pytest.mark.parametrize(
    ("price", "expected"),
    [
        ({"free": True}, {"values": [0]}),
        ({"pay_what_you_can": True}, {"values": []}),  # our documented assumption
        ({"amount": 5, "per": "month"}, {"values": [5], "details": "month"}),
        ({"min": 2, "max": 7.5, "per": "eachTime"}, {"values": [2, 7.5], "details": "eachTime"}),
    ],
)
def test_price(tmp_path: Path, price: dict[str, Any], expected: dict[str, Any]) -> None:
    action = load(tmp_path, edited({"practicalities.price": price}))
    assert to_draft(action)["metadatas"]["price"] == expected


def test_age_and_commitment_between(tmp_path: Path) -> None:
    action = load(
        tmp_path,
        edited(
            {
                "audience.age": {"min": 16, "max": 25},
                "practicalities.commitment": {
                    "amount": 2,
                    "max": 6,
                    "unit": "months",
                    "details": "between",
                },
            }
        ),
    )
    meta = to_draft(action)["metadatas"]
    assert meta["age"] == {"type": "between", "ages": [16, 25]}
    assert meta["commitment"] == {"amountDetails": "between", "hours": [2, 6], "timeUnit": "months"}
    action = load(tmp_path, edited({"audience.age": {"max": 25}}))
    assert to_draft(action)["metadatas"]["age"] == {"type": "lessThan", "ages": [25]}


def test_departements_table() -> None:
    assert len(departements.DEPARTEMENTS) == 101
    assert departements.label("40") == "40 - Landes"
    assert departements.label("01") == "1 - Ain"
    assert departements.label("1") == "1 - Ain"
    assert departements.label("2a") == "2A - Corse-du-Sud"
    assert departements.label("976") == "976 - Mayotte"
    assert departements.of_commune("40088") == "40"
    assert departements.of_commune("97411") == "974"
    assert departements.of_commune("2A004") == "2A"
    assert all(LOCATION.match(departements.label(code)) for code in departements.DEPARTEMENTS)


# --- Advice from the editorial charter ---------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "ok"),
    [
        ("Apprendre le français", True),
        ("Se soigner quand on arrive", True),
        ("S'inscrire à France Travail", True),
        ("S’inscrire à France Travail", True),
        ("Trouver un logement", True),
        ("Savoir habiter son logement", True),
        ("Atelier de français", False),
        ("Cours de français", False),
        ("Permanence logement", False),
        ("Centre social", False),
    ],
)
def test_title_starts_with_an_infinitive(title: str, ok: bool) -> None:
    assert starts_with_infinitive(title) is ok


def test_advice(tmp_path: Path) -> None:
    long = (
        "Les personnes qui viennent d'arriver en France peuvent venir ici chaque semaine pour "
        "parler français avec des bénévoles."
    )
    action = load(
        tmp_path,
        edited(
            {
                "content.title": "Cours de français",
                "content.what": f"Le CADA vous oriente. {long}\n\nLe LAEP (lieu d'accueil "
                "enfants-parents) et le CCAS.",
                "content.how": [{"title": "Venir", "text": "Venez au local."}],
            },
            removed=("places",),
        ),
    )
    advice = [i for i in draft_checklist(action) if not i.blocking]
    labels = "\n".join(i.label for i in advice)
    assert {i.field for i in advice} == {"content.title", "content.what", "content.how"}
    assert "verbe à l'infinitif" in labels
    assert "phrase de 18 mots" in labels
    assert "« CADA »" in labels and "« CCAS »" in labels
    assert "LAEP" not in labels  # followed by its explanation in parentheses
    assert "aucun contact" in labels
    # Each advice item points at the block it is about.
    assert {i.anchor for i in advice} == {
        "ctai-draft-block-titreInformatif",
        "ctai-draft-block-what",
        "ctai-draft-group-how",
    }


def test_acronym_explained_by_its_words_nearby(tmp_path: Path) -> None:
    action = load(
        tmp_path,
        edited(
            {
                "content.brand": "Permanence d'accès aux soins (PAS)",
                "content.what": "La PAS vous reçoit. Le CCAS est le centre communal d'action "
                "sociale.",
            }
        ),
    )
    assert unexplained_acronyms(action) == []


@pytest.mark.parametrize(
    "how",
    [
        "Écrivez à [l'association](mailto:contact@association.example.org).",
        "Inscription sur https://association.example.org/inscription.",
        "Appelez le 05 58 00 00 00.",
    ],
)
def test_contact_in_how_text(tmp_path: Path, how: str) -> None:
    action = load(
        tmp_path,
        edited({"content.how": [{"title": "S'inscrire", "text": how}]}, removed=("places",)),
    )
    assert has_contact(action)


def test_contact_in_a_place(complete: Action) -> None:
    assert has_contact(complete)  # the place has a phone number


# --- The page ------------------------------------------------------------------------------------


def test_page_is_hidden_french_and_has_a_copy_button_per_block(complete: Action) -> None:
    page = render_draft_page(complete)
    front = yaml.safe_load(page.split("---\n")[1])
    assert front["search"] == {"exclude": True}
    assert front["hide"] == ["navigation", "toc"]
    assert front["robots"].startswith("noindex")
    for group in draft_groups(complete):
        for block in group.blocks:
            assert block.state != "missing"
            selector = f'<button type="button" class="ctai-copy" data-copy-target="{block.target}"'
            assert selector in page, block.key
            assert f'id="{block.target}"' in page
    assert 'data-copy-target="ctai-draft-what" data-copy-format="html"' in page
    assert 'data-copy-target="ctai-draft-titreInformatif" data-copy-format="text"' in page
    assert 'aria-label="Copier : Titre informatif"' in page
    assert "62 / 110 caractères" in page
    assert "navigator.clipboard.write" in page and "ClipboardItem" in page
    assert "execCommand" in page
    assert "Rien ne manque" in page
    # Order of Réfugiés.info's editor.
    order = [
        "ctai-draft-titreInformatif",
        "ctai-draft-titreMarque",
        "ctai-draft-abstract",
        "ctai-draft-what",
        "ctai-draft-why-1-title",
        "ctai-draft-how-1-text",
        "ctai-draft-publicStatus",
        "ctai-draft-frenchLevel",
        "ctai-draft-age",
        "ctai-draft-public",
        "ctai-draft-price",
        "ctai-draft-commitment",
        "ctai-draft-frequency",
        "ctai-draft-timeSlots",
        "ctai-draft-conditions",
        "ctai-draft-location",
        "ctai-draft-theme",
        "ctai-draft-secondaryThemes",
        "ctai-draft-mainSponsor",
        "ctai-draft-map-1",
    ]
    positions = [page.index(f'id="{key}"') for key in order]
    assert positions == sorted(positions)


def test_page_of_an_incomplete_fiche_lists_what_is_missing(dax: Catalog) -> None:
    action = dax.by_id("pas-hopital-dax")
    page = render_draft_page(action)
    assert "Réfugiés.info refusera la fiche" in page
    for item in draft_checklist(action):
        assert f'href="#{item.anchor}"' in page
        assert f'id="{item.anchor}"' in page  # every checklist link lands on a block
    assert "À compléter" in page


def test_a_list_item_wrapped_onto_two_lines_stays_a_list(tmp_path: Path) -> None:
    """Indented or not, the second line of an item continues it (Markdown's lazy continuation):
    the editor gets the list, not one paragraph with the dashes in it."""
    wrapped = "    - votre titre de séjour\n      ou le récépissé ;\n    - un justificatif\n    de domicile.\n"
    fiche = COMPLETE.replace("    - parler ;\n    - lire.\n", wrapped)
    assert fiche != COMPLETE
    assert to_draft(load(tmp_path, fiche))["what"] == (
        "<p>Des cours de <strong>français</strong> pour les adultes.</p>\n"
        "<ul><li>votre titre de séjour ou le récépissé ;</li>"
        "<li>un justificatif de domicile.</li></ul>"
    )


def test_page_escapes_what_a_fiche_says(tmp_path: Path) -> None:
    action = load(tmp_path, edited({"content.brand": "<script>alert(1)</script> & co"}))
    page = render_draft_page(action)
    assert "<script>alert(1)" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; co" in page


def test_pages_build_with_mkdocs(dax: Catalog, tmp_path: Path) -> None:
    """What a carrier's browser gets: the buttons, the texts and the script, intact."""
    docs = tmp_path / "docs"
    for rel, text in draft_files(dax).items():
        (docs / rel).parent.mkdir(parents=True, exist_ok=True)
        (docs / rel).write_text(text, encoding="utf-8")
    (docs / "index.md").write_text("# Accueil\n", encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: Test\ntheme: {name: material, language: fr, font: false}\nplugins: [search]\n",
        encoding="utf-8",
    )
    mkdocs = Path(sys.executable).with_name("mkdocs")
    result = subprocess.run(
        [str(mkdocs), "build", "--strict", "--site-dir", str(tmp_path / "site")],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
        env={"NO_MKDOCS_2_WARNING": "1", "PATH": str(mkdocs.parent)},
    )
    assert result.returncode == 0, result.stderr[-3000:]
    html = (tmp_path / "site" / "refugies-info" / "pas-hopital-dax" / "index.html").read_text()
    assert 'button type="button" class="ctai-copy" data-copy-target="ctai-draft-what"' in html
    assert "<strong>permanence d&#x27;accès aux soins</strong>" in html
    assert "window.ctaiDraftCopy = true;" in html
    assert html.count("<script>") >= 1 and "&amp;&amp;" not in html
    assert '<a href="../pas-hopital-dax.json">' in html
    on_site = tmp_path / "site" / "refugies-info" / "pas-hopital-dax.json"
    assert json.loads(on_site.read_text("utf-8")) == to_draft(dax.by_id("pas-hopital-dax"))
    index = (tmp_path / "site" / "refugies-info" / "index.html").read_text()
    assert 'href="pas-hopital-dax/"' in index
    assert '<a href="pas-hopital-dax.json">JSON</a>' in index
    search = json.loads((tmp_path / "site" / "search" / "search_index.json").read_text())
    assert not [d for d in search["docs"] if d["location"].startswith("refugies-info/")]


def test_drafts_are_french_only_site_files(dax: Catalog) -> None:
    """Pages and JSON drafts reach the site through `build.render_site`, French only."""
    from ctai_site.site import build, pages

    fixture = load_site()
    files = build.render_site(pages.Site(dax, fixture.translations, fixture.territory))
    drafts = {rel: text for rel, text in files.items() if rel.startswith("refugies-info/")}
    assert drafts == draft_files(dax)
    assert {rel for rel in drafts if rel.endswith(".md")} == set(draft_pages(dax))
    assert not [rel for rel in drafts if re.search(r"\.[a-z]{2}\.md$", rel)]
    for action in dax.services:
        text = drafts[f"refugies-info/{action.id}.json"]
        assert json.loads(text) == to_draft(action)


# --- The command line ----------------------------------------------------------------------------


def test_cli_draft_prints_readable_french(capsys: pytest.CaptureFixture[str]) -> None:
    assert (
        main(["draft", "pas-hopital-dax", "--actions", str(ACTIONS), "--territory", TERRITORY]) == 0
    )
    out = capsys.readouterr().out
    assert "Brouillon Réfugiés.info : pas-hopital-dax" in out
    assert "== « C'est quoi ? » ==" in out
    assert "Manquant" in out
    assert "40 - Landes" in out
    assert "<p>" not in out


def test_cli_draft_json(capsys: pytest.CaptureFixture[str], dax: Catalog) -> None:
    assert (
        main(
            [
                "draft",
                "pas-hopital-dax",
                "--json",
                "--actions",
                str(ACTIONS),
                "--territory",
                TERRITORY,
            ]
        )
        == 0
    )
    assert json.loads(capsys.readouterr().out) == to_draft(dax.by_id("pas-hopital-dax"))


def test_cli_draft_errors_in_french(capsys: pytest.CaptureFixture[str], dax: Catalog) -> None:
    assert main(["draft", "inconnue", "--actions", str(ACTIONS), "--territory", TERRITORY]) == 1
    assert "« inconnue » : aucune fiche avec cet identifiant" in capsys.readouterr().err
    project = next(a for a in dax.actions if not a.is_service)
    assert main(["draft", project.id, "--actions", str(ACTIONS), "--territory", TERRITORY]) == 1
    assert "projet pour les professionnels" in capsys.readouterr().err
