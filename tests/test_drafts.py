"""Réfugiés.info drafts: a small catalogue (tests/data/drafts/), the Dax services, a complete
fiche, an incomplete one, the checklist, the page and its copy buttons, the JSON files and
`ctai-site draft`."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
import yaml
from sites import CATALOGUE, load_site

from ctai_site.cli import main
from ctai_site.fiche import completeness, departements, vocab
from ctai_site.fiche.errors import FicheError
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
    logo_file,
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
carrier:
  name: Association Exemple
  website: https://exemple.org
  logo: logos/association-exemple.png
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
    """The fiche `text`, in a folder with the small catalogue's logos."""
    path = tmp_path / f"{name}.yml"
    path.write_text(text, encoding="utf-8")
    shutil.copytree(DRAFTS / "logos", tmp_path / "logos", dirs_exist_ok=True)
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
    # not the archived one, not the project
    drafted = {"atelier-francais", "cours-en-ligne", "sortie-culturelle"}
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
    assert "[Découvrir le théâtre à Dax](sortie-culturelle.md)" in index
    assert "Découvrir la ville" not in index  # archived
    assert "Coordonner les acteurs de l'accueil" in index  # the project, listed as left out


def test_each_draft_is_exactly_a_create_dispositif_request(small: Catalog) -> None:
    for action_id in ("atelier-francais", "cours-en-ligne", "sortie-culturelle"):
        draft = to_draft(small.by_id(action_id))
        assert set(draft) <= CREATE_DISPOSITIF_REQUEST, set(draft) - CREATE_DISPOSITIF_REQUEST
        assert set(draft["metadatas"]) <= METADATAS
        assert draft["theme"] in THEME_IDS
        assert set(draft["secondaryThemes"]) <= THEME_IDS
        if "mainSponsor" in draft:  # not for a structure already on the platform
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
    # The title stands on its own line above the text: the text starts as a sentence, though
    # the fiche writes it after « : », in small letters.
    assert (
        '<div class="callout callout--important" data-callout="important" '
        'data-title="Important">Les places sont limitées.</div>'
    ) in draft["what"]
    how = next(iter(draft["how"].values()))["text"]
    assert (
        '<div class="callout callout--info" data-callout="info" data-title="Bon à savoir">'
        "Venez avec <em>votre</em> titre de séjour.</div>"
    ) in how
    assert "ctai-callout" not in json.dumps(draft)
    # The page the carrier copies from holds the same markup.
    page = render_draft_page(small.by_id("atelier-francais"))
    assert 'data-callout="important" data-title="Important">Les places sont limitées.' in page


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
        "[Apprendre le français en ligne](cours-en-ligne.md) | Centre social Exemple | ✅ prêt"
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
    assert blocks["secondaryThemes"] == "Travail, Activités et culture"
    labels = [b.label for g in draft_groups(small.by_id("atelier-francais")) for b in g.blocks]
    for card in ("Public", "Public spécifique", "Fréquence de participation", "C'est où ?"):
        assert card in labels
    online = {b.key: b.plain for g in draft_groups(small.by_id("cours-en-ligne")) for b in g.blocks}
    assert online["location"] == "Ressource en ligne"
    assert online["age"] == "Ce n'est pas pertinent pour mon action"
    assert online["price"] == "Gratuit"
    assert online["commitment"] == "Exactement 10 séances"


# --- The structure: on Réfugiés.info already, or to create with its website and logo --------
#
# Réfugiés.info's editor creates a structure only with its name, website and logo
# (refugies-info/karfur @ e5ef018, apps/client/src/components/Pages/dispositif/Edition/Modals/
# ModalMainSponsor/functions.tsx lines 107-108, ModalMainSponsor.tsx line 69), and a fiche
# without a structure is not published (apps/server/src/modules/dispositif/
# dispositif.service.ts line 502). The editor's words: Modals/components/SponsorForm/
# SponsorForm.tsx lines 32 and 42.
WEBSITE, LOGO = "« Site internet de la structure »", "« Logo de la structure »"
EMPTY_PICTURE = {"imgId": None, "public_id": None, "secure_url": ""}  # api-types `Picture`


def blocks_of(action: Action) -> dict[str, Any]:
    return {b.key: b for group in draft_groups(action) for b in group.blocks}


def test_a_structure_to_create_without_website_or_logo_lists_both_as_missing(
    small: Catalog,
) -> None:
    action = small.by_id("sortie-culturelle")
    checklist = to_checklist(action)
    missing = checklist["missing"]
    assert [i["field"] for i in missing] == ["carrier.website", "carrier.logo"]
    assert missing[0]["label"].startswith(f"{WEBSITE} (https://…) : l'éditeur l'exige pour ")
    assert missing[1]["label"].startswith(f"{LOGO} (fichier .jpeg, .png, .svg) : ")
    assert all("« Créer une nouvelle structure »" in i["label"] for i in missing)
    assert all("carrier.refugies_info" in i["label"] for i in missing)  # the other way out
    assert checklist["structure"] == {
        "exists": False,
        "name": "Compagnie Exemple",
        "link": None,
        "logo": None,
    }
    assert readiness(action) == "2 éléments manquants"
    # What we lack stays empty: nothing invented.
    assert to_draft(action)["mainSponsor"] == {
        "name": "Compagnie Exemple",
        "logo": EMPTY_PICTURE,
        "link": "",
    }
    page = render_draft_page(action)
    manquant = page[page.index('<h2 id="ctai-draft-checklist-title">') : page.index("<h3>")]
    assert "Réfugiés.info refusera la fiche tant que ces 2 éléments manquent" in manquant
    assert '<a href="#ctai-draft-block-mainSponsor-link">« Site internet de la structure »' in (
        manquant
    )
    assert '<a href="#ctai-draft-block-mainSponsor-logo">« Logo de la structure »' in manquant
    blocks = blocks_of(action)
    assert blocks["mainSponsor-link"].state == blocks["mainSponsor-logo"].state == "missing"
    assert 'id="ctai-draft-block-mainSponsor-link"' in page
    assert 'id="ctai-draft-block-mainSponsor-logo"' in page
    assert not [rel for rel in draft_files(small) if rel.startswith("refugies-info/sortie")
                and not rel.endswith((".md", ".json"))]  # fmt: skip
    # `validate` says it too (« à compléter »).
    assert {"carrier.website", "carrier.logo"} <= {m.field for m in completeness.missing(action)}


def test_a_mailto_is_no_website_for_the_editor(tmp_path: Path) -> None:
    action = load(tmp_path, edited({"carrier.website": "mailto:contact@exemple.org"}))
    [item] = to_checklist(action)["missing"]
    assert item["field"] == "carrier.website"
    assert "« mailto:contact@exemple.org » n'est pas l'adresse d'un site" in item["label"]
    assert to_draft(action)["mainSponsor"]["link"] == ""


def test_a_structure_to_create_with_its_website_and_logo(small: Catalog) -> None:
    action = small.by_id("atelier-francais")
    checklist = to_checklist(action)
    assert checklist["missing"] == []
    assert checklist["structure"] == {
        "exists": False,
        "name": "Association Exemple",
        "link": "https://exemple.org",
        "logo": "atelier-francais-logo.png",
    }
    sponsor = to_draft(action)["mainSponsor"]
    # `MainSponsor` (packages/api-types/src/generics.ts): what the editor's form fills in.
    assert sponsor == {
        "name": "Association Exemple",
        "logo": EMPTY_PICTURE,
        "link": "https://exemple.org",
    }
    # The logo is the platform's upload (a Cloudinary address); the file goes next to the draft.
    logo = (DRAFTS / "logos" / "association-exemple.png").read_bytes()
    files = draft_files(small)
    assert files["refugies-info/atelier-francais-logo.png"] == logo
    assert logo.startswith(b"\x89PNG")  # a format the editor names (SponsorForm.tsx line 46)
    page = render_draft_page(action)
    assert "· [Logo de la structure](atelier-francais-logo.png)\n" in page
    block = blocks_of(action)["mainSponsor-logo"]
    assert block.state == "file" and not block.copyable
    assert "« Télécharger un logo », puis choisissez ce fichier" in block.plain
    assert blocks_of(action)["mainSponsor-link"].plain == "https://exemple.org"
    assert "Fichier à envoyer" in page


def test_a_structure_already_on_the_platform_needs_neither(small: Catalog, tmp_path: Path) -> None:
    action = small.by_id("cours-en-ligne")
    assert action.carrier.website is None and action.carrier.logo is None
    checklist = to_checklist(action)
    assert checklist["missing"] == []
    assert checklist["structure"] == {"exists": True, "name": "Centre social Exemple (Dax)"}
    # Its id (a `string` mainSponsor) is the platform's: the carrier chooses it in the editor.
    assert "mainSponsor" not in to_draft(action)
    blocks = blocks_of(action)
    assert blocks["mainSponsor"].plain == "Centre social Exemple (Dax)"
    assert blocks["mainSponsor"].copyable
    assert "mainSponsor-link" not in blocks and "mainSponsor-logo" not in blocks
    page = render_draft_page(action)
    assert "« Cherchez si la structure existe déjà dans notre base », cherchez-la" in page
    assert "Logo de la structure" not in page
    assert not [rel for rel in draft_files(small) if "cours-en-ligne-logo" in rel]
    # A logo or a website written anyway is not asked for, nor shipped.
    action = load(tmp_path, edited({"carrier.refugies_info": "Association Exemple"}))
    assert to_checklist(action)["missing"] == []
    assert logo_file(action) is None and "mainSponsor" not in to_draft(action)


@pytest.mark.parametrize(
    ("statuses", "warned"),
    [
        (["EPA"], True),
        (["BPI", "BPT"], True),  # the same four codes
        (["EPA", "asile"], False),  # the box gives what the fiche says
        (["BPI"], False),  # no temporary protection: the box is not the way
        (["refugie", "subsidiaire", "temporaire", "apatride", "french"], True),
    ],
)
def test_the_page_warns_that_the_primo_arrivants_box_ticks_asylum_seekers(
    tmp_path: Path, statuses: list[str], warned: bool
) -> None:
    """ModalPublic.tsx lines 163-176 and ModalPublic/functions.ts lines 17-26: the box ticks
    « Demandeurs d'asile » too."""
    action = load(tmp_path, edited({"audience.public_status": statuses}))
    page = render_draft_page(action)
    warning = (
        '<p class="ctai-draft-block__warning"><strong>Attention :</strong> dans l&#39;éditeur, '
        "la case « Primo-arrivants » coche aussi « Demandeurs d&#39;asile », que cette fiche ne "
        "compte pas dans son public : après l&#39;avoir cochée, décochez « Demandeurs "
        "d&#39;asile ».</p>"
    )
    assert (warning in page) is warned
    if warned:  # under the « Public » card, outside what its button copies
        block = page[page.index('id="ctai-draft-block-publicStatus"') :]
        assert block.index(warning) < block.index('id="ctai-draft-block-frenchLevel"')
        assert "Primo-arrivants" not in blocks_of(action)["publicStatus"].plain


def test_the_small_catalogues_warnings(small: Catalog) -> None:
    warned = {
        a.id
        for a in small.services
        if a.status != "archived" and "« Primo-arrivants »" in render_draft_page(a)
    }
    assert warned == {"cours-en-ligne", "sortie-culturelle"}


def test_themes_are_named_as_the_platforms_code_names_them(small: Catalog) -> None:
    """Theme 63286a015d31b2c0cad99615 is « Activités et culture » in karfur's migrations
    (1725277837812_ThemeAddImages.ts, 1724679986699_ThemesUpdateMainColor.ts); « Loisir » is
    another id's, in its fixtures only."""
    assert vocab.THEMES_BY_KEY["leisure"].refugies_info_id == "63286a015d31b2c0cad99615"
    action = small.by_id("sortie-culturelle")
    assert to_draft(action)["theme"] == "63286a015d31b2c0cad99615"
    blocks = blocks_of(action)
    assert blocks["theme"].plain == "Activités et culture"
    assert str(blocks["theme"].html) == "Activités et culture"  # not « X (X) »
    assert blocks["secondaryThemes"].html == (
        'Français <span class="ctai-draft-code">(Apprendre le français)</span>'
    )
    for page in draft_pages(small).values():
        assert "Loisir" not in page


LOGO_LINE = "logo: logos/association-exemple.png"  # line 8 of COMPLETE
PNG = (DRAFTS / "logos" / "association-exemple.png").read_bytes()


@pytest.mark.parametrize(
    ("written", "files", "message"),
    [
        ("logos/absent.png", {}, "« logos/absent.png » : fichier introuvable dans le dossier de la fiche"),
        ("../logo.png", {"../logo.png": PNG}, "« ../logo.png » : écrivez le chemin depuis le dossier de la fiche, sans « .. » ni chemin absolu"),
        ("/tmp/logo.png", {}, "« /tmp/logo.png » : écrivez le chemin depuis le dossier de la fiche"),
        ("logos/logo.gif", {"logos/logo.gif": b"GIF89a"}, "« logos/logo.gif » n'est pas un logo que Réfugiés.info accepte : un fichier .png, .jpeg, .jpg ou .svg"),
        ("logos/photo.png", {"logos/photo.png": b"%PDF-1.7"}, "« logos/photo.png » n'est pas une image PNG"),
        ("logos/photo.jpg", {"logos/photo.jpg": PNG}, "« logos/photo.jpg » n'est pas une image JPEG"),
        ("logos/gros.png", {"logos/gros.png": PNG + bytes(1_050_000)}, "« logos/gros.png » : fichier trop gros (1,1 Mo ; 1 Mo au plus pour un logo"),
        ("logos/actif.svg", {"logos/actif.svg": b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'}, "« logos/actif.svg » : un SVG qui contient du code"),
        ("logos/texte.svg", {"logos/texte.svg": b"Bonjour"}, "« logos/texte.svg » n'est pas une image SVG"),
    ],
)  # fmt: skip
def test_a_logo_file_is_checked(
    tmp_path: Path, written: str, files: dict[str, bytes], message: str
) -> None:
    """Only a file of the fiche's folder, in a format the editor takes, is copied into the
    public site: anything else is an error, in French, at its line."""
    folder = tmp_path / "actions"
    for name, data in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(data)
    folder.mkdir(exist_ok=True)
    (folder / "exemple.yml").write_text(COMPLETE.replace(LOGO_LINE, f"logo: {written}"), "utf-8")
    with pytest.raises(FicheError) as caught:
        load_catalog(folder, display_root=folder)
    [problem] = caught.value.problems
    assert str(problem).startswith(f"exemple.yml:8: carrier.logo: {message}"), str(problem)


def test_a_logo_is_never_read_out_of_the_fiches_folder(tmp_path: Path) -> None:
    folder = tmp_path / "actions"
    (folder / "logos").mkdir(parents=True)
    (tmp_path / "secret.png").write_bytes(PNG)
    (folder / "logos" / "lien.png").symlink_to(tmp_path / "secret.png")
    (folder / "exemple.yml").write_text(
        COMPLETE.replace(LOGO_LINE, "logo: logos/lien.png"), "utf-8"
    )
    with pytest.raises(FicheError, match="mène hors du dossier de la fiche"):
        load_catalog(folder)


def test_a_plain_svg_logo_ships_as_it_is(tmp_path: Path) -> None:
    svg = (
        b'<?xml version="1.0"?>\n<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" '
        b'"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">\n'
        b'<svg xmlns="http://www.w3.org/2000/svg" width="16" height="16"><rect width="16" '
        b'height="16" fill="#1b6e3a"/></svg>\n'
    )
    (tmp_path / "Logo.SVG").write_bytes(svg)
    action = load(tmp_path, COMPLETE.replace(LOGO_LINE, "logo: Logo.SVG"))
    assert logo_file(action) == "exemple-logo.svg"
    files = draft_files(Catalog((action,)))
    assert files["refugies-info/exemple-logo.svg"] == svg


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
            if not block.copyable:  # the logo: a file to upload, nothing to copy
                assert block.key == "mainSponsor-logo" and selector not in page
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
        assert isinstance(text, str)  # no fiche of this catalogue names a logo
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
