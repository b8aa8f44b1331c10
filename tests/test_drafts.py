"""Réfugiés.info drafts: a small catalogue (tests/data/drafts/), the Dax services, a complete
fiche, an incomplete one, the checklist, the page and its copy buttons, the JSON files and
`ctai-site draft`."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from html.parser import HTMLParser
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
from ctai_site.refugies_info.editor import CHECKLIST_KEYS, METADATA_KEYS
from ctai_site.refugies_info.page import (
    draft_files,
    draft_groups,
    draft_pages,
    readiness,
    render_draft_page,
    render_drafts_index,
)
from ctai_site.refugies_info.record import (
    draft_json,
    to_checklist,
    to_draft,
    write_draft_json,
)

ROOT = Path(__file__).resolve().parents[1]
ACTIONS = CATALOGUE / "actions"
TERRITORY = str(CATALOGUE / "territory.yml")
DRAFTS = Path(__file__).resolve().parent / "data" / "drafts"

# Réfugiés.info's own vocabularies (refugies-info/karfur @ e5ef018,
# packages/api-types/src/generics.ts and modules/dispositif.ts), written out here so that a
# change of ours shows as a failing test, not as a silent change of what we send.
CREATE_DISPOSITIF_REQUEST = {
    "typeContenu",
    "titreInformatif",
    "titreMarque",
    "abstract",
    "what",
    "why",
    "how",
    "next",
    "mainSponsor",
    "contact",
    "theme",
    "secondaryThemes",
    "sponsors",
    "administration",
    "metadatas",
    "map",
}
METADATAS = {
    "location",
    "frenchLevel",
    "publicStatus",
    "public",
    "conditions",
    "timeSlots",
    "age",
    "price",
    "commitment",
    "frequency",
}
POI = {"title", "address", "city", "lat", "lng", "description", "email", "phone"}
# migrations/1725277837812_ThemeAddImages.ts: the ten theme ids.
THEME_IDS = {
    "63286a015d31b2c0cad9960b",
    "63286a015d31b2c0cad9960a",
    "63286a015d31b2c0cad9960c",
    "63286a015d31b2c0cad9960f",
    "63286a015d31b2c0cad99610",
    "63286a015d31b2c0cad9960e",
    "63286a015d31b2c0cad9960d",
    "63450dd43e23cd7181ba0b26",
    "63286a015d31b2c0cad99611",
    "63286a015d31b2c0cad99615",
}
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


@pytest.fixture(scope="module")
def small() -> Catalog:
    return load_catalog(DRAFTS)


class _EditorPaste(HTMLParser):
    """What Réfugiés.info's editor makes of pasted or imported HTML (refugies-info/karfur @
    e5ef018): Lexical 0.16 keeps the nodes registered in apps/client/src/components/UI/
    RichTextInput/nodes/index.ts (headings, lists, links, callouts) and its own paragraphs,
    text formats and line breaks; a `div` is a callout only with `data-callout`
    (CalloutNode.ts `importDOM`), any other is unwrapped and its text becomes paragraphs."""

    KEPT = frozenset(
        {"p", "h3", "ul", "ol", "li", "a", "br", "strong", "b", "em", "i", "u", "span"}
    )

    def __init__(self) -> None:
        super().__init__()
        self.callouts: list[str] = []
        self.lost: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "div" and attributes.get("data-callout") in ("info", "important"):
            self.callouts.append(str(attributes["data-callout"]))
        elif tag not in self.KEPT:
            self.lost.append(tag)


def pasted(html: str) -> _EditorPaste:
    parser = _EditorPaste()
    parser.feed(html)
    parser.close()
    return parser


def rich_texts(draft: dict[str, Any]) -> list[str]:
    return [draft["what"]] + [
        item["text"] for section in ("why", "how") for item in draft.get(section, {}).values()
    ]


# --- A small catalogue: what each fiche gets ------------------------------------------------


def test_drafted_fiches_get_a_page_and_two_json_files(small: Catalog, tmp_path: Path) -> None:
    drafted = {"atelier-francais", "cours-en-ligne"}  # not the archived one, not the project
    assert write_draft_json(small, tmp_path) == len(drafted)
    folder = tmp_path / "refugies-info"
    assert {p.name for p in folder.iterdir()} == {
        name for i in drafted for name in (f"{i}.json", f"{i}.checklist.json")
    }
    for action_id in drafted:
        on_disk = json.loads((folder / f"{action_id}.json").read_text("utf-8"))
        assert on_disk == to_draft(small.by_id(action_id))
        checklist = json.loads((folder / f"{action_id}.checklist.json").read_text("utf-8"))
        assert list(checklist) == list(CHECKLIST_KEYS)
        assert checklist["id"] == action_id
    pages = draft_pages(small)
    assert set(pages) == {"refugies-info/index.md"} | {f"refugies-info/{i}.md" for i in drafted}
    with pytest.raises(ValueError, match="projet pour les professionnels"):
        to_draft(small.by_id("comite"))
    with pytest.raises(ValueError, match=r"archivée \(status: archived\) : pas de brouillon"):
        to_draft(small.by_id("ancien-atelier"))


def test_archived_fiches_are_not_on_the_drafts_index(small: Catalog) -> None:
    index = render_drafts_index(small)
    assert "[Apprendre le français à Dax](atelier-francais.md)" in index
    assert "[Apprendre le français en ligne](cours-en-ligne.md)" in index
    assert "Découvrir la ville" not in index  # archived
    assert "Coordonner les acteurs de l'accueil" in index  # the project, listed as left out


def test_each_draft_is_exactly_a_create_dispositif_request(small: Catalog) -> None:
    for action_id in ("atelier-francais", "cours-en-ligne"):
        draft = to_draft(small.by_id(action_id))
        assert set(draft) <= CREATE_DISPOSITIF_REQUEST, set(draft) - CREATE_DISPOSITIF_REQUEST
        assert set(draft["metadatas"]) <= METADATAS
        assert draft["theme"] in THEME_IDS
        assert set(draft["secondaryThemes"]) <= THEME_IDS
        assert set(draft["mainSponsor"]) == {"name", "logo", "link"}
        assert set(draft["mainSponsor"]["logo"]) == {"imgId", "public_id", "secure_url"}
        for point in draft.get("map", ()):
            assert set(point) <= POI
        for sponsor in draft.get("sponsors", ()):
            assert set(sponsor) <= {"name", "logo", "link"}
    draft = to_draft(small.by_id("atelier-francais"))
    assert draft["theme"] == "63286a015d31b2c0cad9960a"  # Apprendre le français
    # Trouver un travail, Activités et culture
    assert draft["secondaryThemes"] == ["63286a015d31b2c0cad9960e", "63286a015d31b2c0cad99615"]
    assert draft["mainSponsor"] == {
        "name": "Association Exemple",
        "logo": {"imgId": None, "public_id": None, "secure_url": ""},
        "link": "https://exemple.org",
    }
    assert draft["sponsors"] == [
        {"name": "Centre social", "link": "https://centre-social.exemple.org"},
        {"name": "Bibliothèque"},
    ]


def test_rich_text_keeps_its_callouts_through_the_editors_paste(small: Catalog) -> None:
    draft = to_draft(small.by_id("atelier-francais"))
    callouts = []
    for html in rich_texts(draft):
        paste = pasted(html)
        assert paste.lost == [], html
        callouts += paste.callouts
    assert callouts == ["important", "info"]
    assert (
        '<div class="callout callout--important" data-callout="important" '
        'data-title="Important">les places sont limitées.</div>'
    ) in draft["what"]
    how = next(iter(draft["how"].values()))["text"]
    assert (
        '<div class="callout callout--info" data-callout="info" data-title="Bon à savoir">'
        "venez avec <em>votre</em> titre de séjour.</div>"
    ) in how
    assert "ctai-callout" not in json.dumps(draft)
    # The page the carrier copies from holds the same markup.
    page = render_draft_page(small.by_id("atelier-francais"))
    assert 'data-callout="important" data-title="Important">les places sont limitées.' in page


def test_a_fiche_complete_but_its_map_point_is_ready_with_a_recommendation(
    small: Catalog,
) -> None:
    action = small.by_id("cours-en-ligne")
    draft = to_draft(action)
    assert "map" not in draft
    assert draft["metadatas"]["location"] == "online"
    checklist = to_checklist(action)
    assert checklist["missing"] == []
    assert [i["field"] for i in checklist["advice"]] == ["places"]
    assert "conseillé, pas obligatoire pour publier" in checklist["advice"][0]["label"]
    assert readiness(action) == "prêt à publier"
    page = render_draft_page(action)
    assert "Rien ne manque : la fiche est prête à publier sur Réfugiés.info." in page
    assert "refusera" not in page
    assert 'href="#ctai-draft-group-map">point sur la carte (conseillé' in page
    assert "Conseillé</span>" in page
    index = render_drafts_index(small)
    assert (
        "[Apprendre le français en ligne](cours-en-ligne.md) | Association Exemple | ✅ prêt"
        in (index)
    )


def test_infocards_read_as_the_editor_writes_them(small: Catalog) -> None:
    """Each answer in the words of the editor's boxes and buttons (refugies-info/karfur @
    e5ef018, apps/client/src/locales/fr/common.json and the Edition/Modals)."""
    blocks = {
        b.key: b.plain
        for group in draft_groups(small.by_id("atelier-francais"))
        for b in group.blocks
    }
    assert blocks["publicStatus"] == (
        "Demandeurs d'asile, Réfugiés statutaires, Bénéficiaires de la protection subsidiaire, "
        "Bénéficiaires de la protection temporaire, Apatrides"
    )
    assert blocks["frenchLevel"] == (
        "Alphabétisation : en cours d'alphabétisation, A1.1 et A1 : découverte du français"
    )
    assert blocks["public"] == "Jeunes, Minorités de genre"
    assert blocks["conditions"] == (
        "Avoir son titre de séjour ou son récépissé, Être inscrit à France Travail"
    )
    assert blocks["price"] == "Payant, fourchette : de 2 € à 7.5 € à chaque fois"  # typeable
    assert blocks["commitment"] == "Entre 2 et 6 mois"
    assert blocks["frequency"] == "Environ 4 heures par semaine"
    assert blocks["age"] == "Plus de 18 ans"
    assert blocks["location"] == "Départements : 40 - Landes"
    assert blocks["theme"] == "Français"
    assert blocks["secondaryThemes"] == "Travail, Loisir"
    labels = [b.label for g in draft_groups(small.by_id("atelier-francais")) for b in g.blocks]
    for card in ("Public", "Public spécifique", "Fréquence de participation", "C'est où ?"):
        assert card in labels
    online = {b.key: b.plain for g in draft_groups(small.by_id("cours-en-ligne")) for b in g.blocks}
    assert online["location"] == "Ressource en ligne"
    assert online["age"] == "Ce n'est pas pertinent pour mon action"
    assert online["price"] == "Gratuit"
    assert online["commitment"] == "Exactement 10 séances"


# --- The Dax catalogue -----------------------------------------------------------------------


def test_dax_drafts_use_refugies_info_names_and_codes(dax: Catalog) -> None:
    for action in dax.services:
        draft = to_draft(action)
        assert set(draft) <= CREATE_DISPOSITIF_REQUEST
        assert draft["typeContenu"] == "dispositif"
        assert draft["theme"] in THEME_IDS
        assert set(draft["secondaryThemes"]) <= THEME_IDS
        for html in rich_texts(draft):
            assert pasted(html).lost == [], html
        meta = draft["metadatas"]
        assert set(meta) <= METADATAS
        assert set(meta.get("publicStatus") or ()) <= PUBLIC_STATUS
        assert set(meta.get("frenchLevel") or ()) <= FRENCH_LEVEL
        assert set(meta.get("public") or ()) <= PUBLIC
        assert set(meta.get("conditions") or ()) <= CONDITIONS
        assert set(meta.get("timeSlots") or ()) <= TIME_SLOTS
        assert meta.get("publicStatus", ()) is not None  # never null: no such answer
        location = meta.get("location", ())
        if isinstance(location, list | tuple):
            assert all(LOCATION.match(label) for label in location), location
        else:
            assert location in ("france", "online")
        for section in ("why", "how"):
            for key, item in draft.get(section, {}).items():
                assert re.fullmatch(r"[0-9a-f]{8}-([0-9a-f]{4}-){3}[0-9a-f]{12}", key)
                assert set(item) == {"title", "text"}
        for point in draft.get("map", ()):
            assert {"title", "address", "lat", "lng"} <= set(point)


def test_dax_missing_lists_name_exactly_the_unanswered_cards(dax: Catalog) -> None:
    for action in dax.services:
        draft = to_draft(action)
        checklist = to_checklist(action)
        missing = {item["field"] for item in checklist["missing"]}
        advice = {item["field"] for item in checklist["advice"]}
        for field, key in METADATA_KEYS.items():
            assert (key in draft["metadatas"]) == (field not in missing), (action.id, field)
        assert "places" not in missing  # a map point is advice, never required
        assert ("map" in draft) == ("places" not in advice), action.id
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
    assert to_checklist(complete)["missing"] == []
    assert draft["titreInformatif"] and draft["titreMarque"]
    assert len(draft["abstract"]) <= 110
    assert draft["what"].startswith("<p>")
    assert len(draft["why"]) >= 3
    assert len(draft["how"]) >= 1
    assert draft["theme"] == "63286a015d31b2c0cad9960a"
    assert draft["secondaryThemes"] == ["63286a015d31b2c0cad9960e", "63286a015d31b2c0cad99615"]
    assert len(draft["secondaryThemes"]) <= 2
    assert draft["mainSponsor"]["name"] == "Association Exemple"
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
    assert readiness(complete) == "prêt à publier"
    index = render_drafts_index(Catalog((complete,)))
    assert "prêt à publier" in index
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
    checklist = to_checklist(action)
    assert {i["field"] for i in checklist["missing"]} == {
        "content.brand",
        "audience.age",
        "practicalities.price",
        "practicalities.days",
    }
    # a place without an address is no point on the map: advised, not required
    assert "places" in {i["field"] for i in checklist["advice"]}
    assert "titreMarque" not in draft and "map" not in draft
    assert "age" not in draft["metadatas"] and "price" not in draft["metadatas"]
    assert readiness(action) == "4 éléments manquants"


@pytest.mark.parametrize(
    ("area", "expected", "blocking"),
    [
        ({"departements": ["2A", "974"]}, ["2A - Corse-du-Sud", "974 - La Réunion"], 0),
        ({"communes": ["01053"]}, ["1 - Ain"], 0),
        ({"online": True}, "online", 0),
        ({"national": True}, "france", 0),
        ({"national": True, "description": "Toute la France"}, "france", 0),
        ({"departements": ["99"]}, None, 1),
        ({"description": "Le Grand Dax"}, None, 1),
    ],
)
def test_location(tmp_path: Path, area: Any, expected: Any, blocking: int) -> None:
    action = load(tmp_path, edited({"practicalities.area": area}))
    draft = to_draft(action)
    if expected is None:
        assert "location" not in draft["metadatas"]  # never null: no such answer
    else:
        assert draft["metadatas"]["location"] == expected
    missing = to_checklist(action)["missing"]
    location_items = [i for i in missing if i["field"] == "practicalities.area"]
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
    assert {i.field for i in advice} == {"content.title", "content.what", "content.how", "places"}
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
        "ctai-draft-group-map",
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
            if block.state == "advice":  # the carrier's website: advised, nothing to copy
                assert block.key == "mainSponsor-link" and selector not in page
                continue
            assert selector in page, block.key
            assert f'id="{block.target}"' in page
    assert 'data-copy-target="ctai-draft-what" data-copy-format="html"' in page
    assert 'data-copy-target="ctai-draft-titreInformatif" data-copy-format="text"' in page
    assert 'aria-label="Copier : Titre informatif"' in page
    assert "62 / 110 caractères" in page
    assert "navigator.clipboard.write" in page and "ClipboardItem" in page
    assert "execCommand" in page
    assert "Rien ne manque : la fiche est prête à publier" in page
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
        "<p>Des cours de <strong>français</strong> pour les adultes.</p>"
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
    assert drafts == draft_files(dax, 6)  # the article the fixture territory names
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
    assert "== « C'est quoi\u00a0? » ==" in out  # the editor's no-break space
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


@pytest.mark.parametrize(
    ("article", "index_says", "page_says"),
    [
        (6, "L'article 6 du contrat demande à chaque structure", "Article 6 du contrat : publiez"),
        (None, "Le contrat demande à chaque structure", "Publiez cette action sur Réfugiés.info"),
    ],
)
def test_the_contract_article_is_a_parameter(
    small: Catalog, article: int | None, index_says: str, page_says: str
) -> None:
    """The article that asks carriers to publish comes from the territory, not from us."""
    assert index_says in render_drafts_index(small, article)
    page = render_draft_page(small.by_id("atelier-francais"), article)
    assert page_says in page
    assert "Article 6" not in render_draft_page(small.by_id("atelier-francais"))
    files = draft_files(small, article)
    assert index_says in files["refugies-info/index.md"]


def test_cli_gives_no_draft_for_an_archived_fiche(capsys: pytest.CaptureFixture[str]) -> None:
    assert (
        main(["draft", "ancien-atelier", "--actions", str(DRAFTS), "--territory", TERRITORY]) == 1
    )
    err = capsys.readouterr().err
    assert "« ancien-atelier » est archivée (status: archived) : pas de brouillon" in err
    assert (
        main(
            [
                "draft",
                "cours-en-ligne",
                "--json",
                "--actions",
                str(DRAFTS),
                "--territory",
                TERRITORY,
            ]
        )
        == 0
    )
    request = json.loads(capsys.readouterr().out)
    assert set(request) <= CREATE_DISPOSITIF_REQUEST and "missing" not in request
