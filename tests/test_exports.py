"""Open data exports: the Dax catalogue and a complete fiche, checked against the official
data·inclusion models, the published JSON Schemas and HSDS 3.0 (with a format checker)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import uuid
import zipfile
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from data_inclusion.schema.v1 import Service, Structure
from openpyxl import load_workbook
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012
from sites import CATALOGUE

from ctai_site.cli import main
from ctai_site.fiche.loading import load_catalog
from ctai_site.fiche.model import Catalog
from ctai_site.fiche.queries import public_services
from ctai_site.opendata.data_inclusion import (
    data_inclusion_fields,
    data_inclusion_problems,
    data_inclusion_xlsx,
    quality_scores,
    records_csv,
    to_data_inclusion,
)
from ctai_site.opendata.export import FILES, write_exports
from ctai_site.opendata.geojson import to_geojson
from ctai_site.opendata.hsds import HSDS_NAMESPACE, hsds_id, hsds_objects, to_hsds
from ctai_site.opendata.spreadsheet import spreadsheet_rows, to_csv

TODAY = dt.date.today().isoformat()  # the quality score counts a fresh `date_maj` fully
ROOT = Path(__file__).resolve().parents[1]
STANDARDS = Path(__file__).resolve().parent / "data" / "standards"  # copies, see its README
DI_SCHEMAS = STANDARDS / "data-inclusion-v1.0.8"
HSDS_SCHEMAS = STANDARDS / "hsds-3.0"

COMPLETE = """\
kind: service
status: active
updated: TODAY
contract:
  axis: 6
  years: [2024, 2025]
  reports:
    - year: 2023
      results: [{indicator: Personnes accompagnées, total: 12, by_public: {EPA: 12}}]
carrier:
  name: Association Exemple
  acronym: AE
  website: https://association.example.org
  siret: "13003013300016"
  networks: [fcsf]
content:
  title: Apprendre le français pour travailler
  brand: Atelier français et emploi
  summary: Des cours de français tournés vers le travail.
  what: |
    Des cours de **français** pour parler au travail.

    - parler avec ses collègues ;
    - lire une fiche de poste.
  why:
    - {title: Parler au travail, text: Vous apprenez les mots du travail.}
    - {title: Trouver un emploi, text: Vous préparez un entretien.}
    - {title: Un petit groupe, text: "Dix personnes au plus, avec une formatrice."}
  how:
    - title: S'inscrire
      text: Appelez l'association ou écrivez-lui.
themes:
  main: french
  secondary: [work]
  types: [formation]
audience:
  public_status: [EPA, BPT]
  specific_public: [women, youths]
  french_level: [A1, A2]
  age: {min: 18, max: 30}
  precisions: Jeunes femmes arrivées depuis moins de cinq ans.
practicalities:
  conditions: [residence_permit]
  conditions_text: Venir à la réunion d'information.
  price: {amount: 5, per: month}
  commitment: {amount: 12, unit: weeks}
  frequency: {amount: 6, unit: hours, per: week}
  days: [monday, thursday]
  languages: [fr, ar, uk]
  area:
    communes: ["40088"]
    departements: ["40"]
    description: Dax et ses environs.
  access:
    by: [usagers, professionnels]
    modes: [telephoner, envoyer-un-courriel, se-presenter]
    reception: [en-presentiel]
    referral: Envoyer un courriel avec le niveau de français de la personne.
    link: https://association.example.org/inscription
places:
  - name: Local de l'association
    address: 12 rue de l'Exemple
    postcode: "40100"
    city: Dax
    insee: "40088"
    coordinates: {lat: 43.7081, lng: -1.0512, precision: exact}
    opening_hours: Mo 09:00-12:00,14:00-17:00; Th[1,3] 09:00-12:00
    phone: 05 58 00 00 00
    email: contact@association.example.org
    accessibility: Accessible en fauteuil roulant.
    practical: Bus ligne 1, arrêt Mairie.
  - name: Salle de quartier
    city: Saint-Paul-lès-Dax
    coordinates: {lat: 43.7267, lng: -1.0517, precision: approximate}
"""

MINIMAL = """\
kind: service
status: active
updated: 2026-01-10
contract: {axis: 4, years: [2024]}
carrier: {name: Centre social du Sablar}
content:
  title: Faire du sport
  summary: Du sport pour tous.
  what: Des activités sportives chaque semaine au centre social.
  why:
    - {title: Bouger, text: Pour la santé.}
    - {title: Rencontrer, text: Pour se faire des amis.}
    - {title: Découvrir, text: Pour connaître la ville.}
  how:
    - {title: Venir, text: Présentez-vous au centre social.}
themes: {main: leisure}
audience: {public_status: [BPI]}
places:
  - name: Gymnase
    city: Dax
    coordinates: {lat: 43.70, lng: -1.05, precision: approximate}
"""

PROJECT = """\
kind: project
status: active
updated: 2026-01-10
contract: {axis: 5, years: [2024]}
carrier: {name: Maison du Logement}
content:
  title: Cartographier l'offre de logement
  summary: Une étude pour les professionnels.
  what: Un diagnostic des services du logement.
themes: {main: housing}
"""

PAUSED = MINIMAL.replace("status: active", "status: paused").replace("Faire du sport", "Nager")


@pytest.fixture
def catalog(tmp_path: Path) -> Catalog:
    folder = tmp_path / "actions"
    folder.mkdir()
    for name, text in (
        ("atelier-francais", COMPLETE.replace("TODAY", TODAY)),
        ("sport", MINIMAL),
        ("diagnostic", PROJECT),
        ("piscine", PAUSED),
    ):
        (folder / f"{name}.yml").write_text(text, encoding="utf-8")
    return load_catalog(folder)


@pytest.fixture(scope="module")
def dax() -> Catalog:
    return load_catalog(CATALOGUE / "actions")


# --- Validators ----------------------------------------------------------------------------------


def _load(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def di_validator(name: str) -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(
        _load(DI_SCHEMAS / f"{name}.json"), format_checker=jsonschema.FormatChecker()
    )


def hsds_validators() -> dict[str, jsonschema.Draft202012Validator]:
    schemas = {p.stem: _load(p) for p in sorted(HSDS_SCHEMAS.glob("*.json"))}
    registry: Registry = Registry().with_resources(
        (f"{name}.json", Resource.from_contents(schema, default_specification=DRAFT202012))
        for name, schema in schemas.items()
    )
    return {
        name: jsonschema.Draft202012Validator(
            schema, registry=registry, format_checker=jsonschema.FormatChecker()
        )
        for name, schema in schemas.items()
    }


def assert_data_inclusion_valid(structures: list[dict[str, Any]], services: list[dict[str, Any]]):
    strict = {"ignore_warnings": False}
    for name, model, records in (
        ("structure", Structure, structures),
        ("service", Service, services),
    ):
        validator = di_validator(name)
        for record in records:
            model.model_validate(record, context=strict)
            errors = [f"{e.json_path}: {e.message}" for e in validator.iter_errors(record)]
            assert not errors, (record["id"], errors)
    assert data_inclusion_problems(structures, services) == []
    structure_ids = {s["id"] for s in structures}
    assert {s["structure_id"] for s in services} == structure_ids
    assert len({s["id"] for s in services}) == len(services)


def assert_hsds_valid(services: list[dict[str, Any]]) -> int:
    validators = hsds_validators()
    checked = 0
    ids: set[str] = set()
    for service in services:
        for name, obj in hsds_objects(service):
            errors = [f"{e.json_path}: {e.message}" for e in validators[name].iter_errors(obj)]
            assert not errors, (name, obj.get("id"), errors)
            assert str(uuid.UUID(obj["id"])) == obj["id"]
            checked += 1
            if name not in ("organization",):
                assert obj["id"] not in ids, (name, obj)
                ids.add(obj["id"])
    return checked


# --- The Dax catalogue -----------------------------------------------------------------------


def test_dax_data_inclusion_validates(dax: Catalog) -> None:
    structures, services = to_data_inclusion(dax, "ctai-dax")
    assert services, "aucun service actif dans actions/"
    assert_data_inclusion_valid(structures, services)
    kinds = {a.id: a for a in dax.actions}
    for record in services:
        action = kinds[record["id"].removeprefix("ctai-dax--")]
        assert action.is_service and action.status == "active"
        assert "personnes-exilees" in record["publics"]


def test_dax_hsds_validates(dax: Catalog) -> None:
    services = to_hsds(dax, source="ctai-dax")
    assert len(services) == len(dax.services)
    assert assert_hsds_valid(services) > len(services)


def test_dax_geojson_one_feature_per_located_place(dax: Catalog) -> None:
    geo = to_geojson(dax)
    expected = [
        (a.id, p.coordinates)
        for a in public_services(dax)
        for p in a.places
        if p.coordinates is not None
    ]
    assert len(geo["features"]) == len(expected)
    for feature, (action_id, coordinates) in zip(geo["features"], expected, strict=True):
        assert feature["properties"]["action_id"] == action_id
        assert feature["geometry"]["coordinates"] == [coordinates.lng, coordinates.lat]


def test_dax_quality_scores(dax: Catalog) -> None:
    _, services = to_data_inclusion(dax, "ctai-dax")
    scores = quality_scores(services)
    assert [s[0] for s in scores] == [s["id"] for s in services]
    assert all(0 <= value <= 1 for _, value, _ in scores)


# --- A complete fiche exercises every field ----------------------------------------------------


def test_complete_fiche_data_inclusion(catalog: Catalog) -> None:
    structures, services = to_data_inclusion(catalog, "ctai-test")
    assert_data_inclusion_valid(structures, services)
    assert [s["id"] for s in services] == ["ctai-test--atelier-francais", "ctai-test--sport"]
    service = services[0]
    assert service["structure_id"] == "ctai-test--association-exemple"
    assert service["nom"] == "Atelier français et emploi"
    assert service["type"] == "formation"
    assert service["thematiques"] == ["lecture-ecriture-calcul--maitriser-le-francais"]
    assert service["publics"] == ["personnes-exilees", "femmes", "jeunes"]
    precisions = service["publics_precisions"]
    for words in ("(EPA)", "(BPT)", "De 18 à 30 ans", "Jeunes femmes arrivées"):
        assert words in precisions
    assert service["frais"] == "payant"
    assert service["frais_precisions"] == "5 € par mois"
    assert service["conditions_acces"].startswith("Conditions : titre de séjour.")
    assert "Niveau de français : A1, A2." in service["conditions_acces"]
    assert "Langues parlées : français, arabe, ukrainien." in service["description"]
    assert "Durée : 12 semaine(s). Rythme : 6 heure(s) par semaine." in service["description"]
    assert service["telephone"] == "+33558000000"
    assert service["courriel"] == "contact@association.example.org"
    assert service["adresse"] == "12 rue de l'Exemple"
    assert service["code_postal"] == "40100"
    assert service["code_insee"] == "40088"
    assert (service["latitude"], service["longitude"]) == (43.7081, -1.0512)
    assert service["horaires_accueil"] == "Mo 09:00-12:00,14:00-17:00; Th[1,3] 09:00-12:00"
    assert service["modes_accueil"] == ["en-presentiel"]
    assert service["modes_mobilisation"] == ["telephoner", "envoyer-un-courriel", "se-presenter"]
    assert service["mobilisable_par"] == ["usagers", "professionnels"]
    assert service["lien_mobilisation"] == "https://association.example.org/inscription"
    assert service["zone_eligibilite"] == ["40088", "40"]
    assert service["date_maj"] == TODAY
    assert service["volume_horaire_hebdomadaire"] == 6
    assert service["nombre_semaines"] == 12
    assert "Pour les professionnels" in service["mobilisation_precisions"]
    structure = structures[0]
    assert structure == {
        "source": "ctai-test",
        "id": "ctai-test--association-exemple",
        "nom": "Association Exemple",
        "date_maj": TODAY,
        "siret": "13003013300016",
        "site_web": "https://association.example.org",
        "reseaux_porteurs": ["fcsf"],
    }
    (_, score, criteria), _ = quality_scores(services)
    assert score == 1.0, criteria


def test_a_list_item_wrapped_onto_two_lines_stays_an_item(tmp_path: Path) -> None:
    """data·inclusion's description keeps one « - » line per item, the wrapped line joined."""
    wrapped = "    - parler avec\n      ses collègues ;\n    - lire une fiche\n    de poste.\n"
    fiche = COMPLETE.replace("TODAY", TODAY).replace(
        "    - parler avec ses collègues ;\n    - lire une fiche de poste.\n", wrapped
    )
    path = tmp_path / "atelier.yml"
    path.write_text(fiche, encoding="utf-8")
    _, services = to_data_inclusion(load_catalog(path), "ctai-dax")
    assert services[0]["description"].startswith(
        "Des cours de français pour parler au travail.\n"
        "- parler avec ses collègues ;\n"
        "- lire une fiche de poste.\n"
    )


def test_no_invented_default(catalog: Catalog) -> None:
    """A fiche without price, phone, address or hours says nothing about them."""
    _, services = to_data_inclusion(catalog, "ctai-test")
    sport = services[1]
    for field in (
        "frais",
        "frais_precisions",
        "telephone",
        "courriel",
        "adresse",
        "horaires_accueil",
        "modes_accueil",
        "modes_mobilisation",
        "mobilisable_par",
        "zone_eligibilite",
        "latitude",  # approximate: data·inclusion cannot say so
        "contact_nom_prenom",
    ):
        assert field not in sport, field
    assert sport["publics"] == ["personnes-exilees"]
    assert sport["nom"] == "Faire du sport"  # no brand: the title
    hsds = {s["name"]: s for s in to_hsds(catalog)}
    assert "fees_description" not in hsds["Faire du sport"]
    assert "cost_options" not in hsds["Faire du sport"]
    location = hsds["Faire du sport"]["service_at_locations"][0]["location"]
    assert "latitude" not in location and "addresses" not in location
    row = next(r for r in spreadsheet_rows(catalog) if r["id"] == "sport")
    assert row["price"] is None and row["phone"] is None


def test_only_active_services_go_to_data_inclusion(catalog: Catalog) -> None:
    _, services = to_data_inclusion(catalog, "ctai-test")
    ids = {s["id"] for s in services}
    assert "ctai-test--diagnostic" not in ids  # a project, for professionals
    assert "ctai-test--piscine" not in ids  # paused
    statuses = {s["name"]: s["status"] for s in to_hsds(catalog)}
    assert statuses["Nager"] == "temporarily closed"


def test_source_is_checked(catalog: Catalog) -> None:
    with pytest.raises(ValueError, match="source"):
        to_data_inclusion(catalog, "Dax 40")


def test_complete_fiche_hsds(catalog: Catalog) -> None:
    services = to_hsds(catalog, source="ctai-test")
    assert_hsds_valid(services)
    service = services[0]
    assert service["name"] == "Atelier français et emploi"
    assert service["alternate_name"] == "Apprendre le français pour travailler"
    assert service["email"] == "contact@association.example.org"
    assert (service["minimum_age"], service["maximum_age"]) == (18, 30)
    assert service["organization"]["organization_identifiers"][0]["identifier"] == "13003013300016"
    assert [(lang["code"], lang["name"]) for lang in service["languages"]] == [
        ("fr", "French"),
        ("ar", "Arabic"),
        ("uk", "Ukrainian"),
    ]
    assert service["cost_options"][0]["amount"] == 5
    assert service["cost_options"][0]["currency"] == "EUR"
    first, second = service["service_at_locations"]
    location = first["location"]
    assert (location["latitude"], location["longitude"]) == (43.7081, -1.0512)
    assert location["addresses"][0]["postal_code"] == "40100"
    assert location["addresses"][0]["country"] == "FR"
    assert location["phones"][0]["number"] == "+33558000000"
    schedules = [(s["freq"], s["byday"], s["opens_at"], s["closes_at"]) for s in first["schedules"]]
    assert schedules == [
        ("WEEKLY", "MO", "09:00", "12:00"),
        ("WEEKLY", "MO", "14:00", "17:00"),
        ("MONTHLY", "1TH,3TH", "09:00", "12:00"),
    ]
    assert "schedules" not in second  # no hours in the fiche: no schedule
    assert "latitude" not in second["location"]
    assert "approximative" in second["location"]["description"]


def test_hsds_ids_are_stable_uuid5(catalog: Catalog) -> None:
    first = to_hsds(catalog, source="ctai-test")
    again = to_hsds(catalog, source="ctai-test")
    assert first == again
    service_id = uuid.UUID(first[0]["id"])
    assert service_id.version == 5
    namespace = uuid.uuid5(HSDS_NAMESPACE, "ctai-test")
    assert service_id == uuid.uuid5(namespace, "service:atelier-francais")
    # Published ids must never change: this value is pinned.
    assert hsds_id("service", "pas-hopital-dax", "ctai-dax") == (
        "aca50c27-6091-5180-a3d5-eea57231b03a"
    )
    other = to_hsds(catalog, source="ctai-autre")
    assert other[0]["id"] != first[0]["id"]


def test_geojson_is_longitude_first(catalog: Catalog) -> None:
    geo = to_geojson(catalog, action_url=lambda a: f"https://example.org/{a.id}/")
    assert geo["type"] == "FeatureCollection"
    # the complete fiche's two places and the active minimal one; not the paused one
    assert [f["id"] for f in geo["features"]] == [
        "atelier-francais--1",
        "atelier-francais--2",
        "sport--1",
    ]
    first = geo["features"][0]
    assert first["geometry"] == {"type": "Point", "coordinates": [-1.0512, 43.7081]}
    lng, lat = first["geometry"]["coordinates"]
    assert -180 <= lng <= 180 and -90 <= lat <= 90 and lat > 40  # Dax, not the Gulf of Guinea
    props = first["properties"]
    assert props["precision"] == "exact"
    assert props["url"] == "https://example.org/atelier-francais/"
    assert props["phone"] == "+33558000000"
    assert props["publics"] == ["EPA", "BPT"]
    assert geo["features"][1]["properties"]["precision"] == "approximate"
    assert "price" not in geo["features"][2]["properties"]


def test_csv_one_row_per_service(catalog: Catalog) -> None:
    text = to_csv(catalog)
    assert text.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff")), delimiter=";"))
    assert [r["identifiant"] for r in rows] == ["atelier-francais", "piscine", "sport"]
    first = rows[0]
    assert first["téléphone"] == "+33558000000"
    assert first["prix"] == "5 € par mois"
    assert first["langues parlées"] == "français, arabe, ukrainien"
    assert first["autres lieux"] == "Salle de quartier, Saint-Paul-lès-Dax"
    assert first["précision de la position"] == "exacte"


def test_data_inclusion_csv_and_xlsx(catalog: Catalog, tmp_path: Path) -> None:
    structures, services = to_data_inclusion(catalog, "ctai-test")
    structure_fields, service_fields = data_inclusion_fields()
    rows = list(csv.DictReader(io.StringIO(records_csv(services, service_fields))))
    assert list(rows[0]) == list(service_fields)
    assert rows[0]["modes_mobilisation"] == "telephoner,envoyer-un-courriel,se-presenter"
    assert rows[1]["frais"] == ""

    path = tmp_path / "di.xlsx"
    path.write_bytes(data_inclusion_xlsx(structures, services))
    book = load_workbook(path)
    assert book.sheetnames == ["Structures", "Services"]
    sheet = book["Services"]
    header = [c.value for c in sheet[1]]
    assert header == list(service_fields)
    values = dict(zip(header, [c.value for c in sheet[2]], strict=True))
    assert values["id"] == "ctai-test--atelier-francais"
    assert values["publics"] == "personnes-exilees,femmes,jeunes"
    assert values["zone_eligibilite"] == "40088,40"
    assert values["frais"] == "payant"
    assert [c.value for c in book["Structures"][1]] == list(structure_fields)
    assert book["Structures"]["B2"].value == "ctai-test--association-exemple"
    # What the validator would read back is what the models accept.
    for record_row in sheet.iter_rows(min_row=2, values_only=True):
        record = {
            k: (v.split(",") if k in _LIST_FIELDS and v else v)
            for k, v in zip(header, record_row, strict=True)
            if v not in (None, "")
        }
        Service.model_validate(record)


_LIST_FIELDS = {
    "thematiques",
    "publics",
    "modes_accueil",
    "zone_eligibilite",
    "modes_mobilisation",
    "mobilisable_par",
    "reseaux_porteurs",
}


def test_write_exports_stable_names(catalog: Catalog, tmp_path: Path) -> None:
    paths = write_exports(catalog, tmp_path / "donnees", "ctai-test")
    assert sorted(p.name for p in paths) == sorted(FILES.values())
    before = {p: p.stat().st_mtime_ns for p in paths}
    assert write_exports(catalog, tmp_path / "donnees", "ctai-test") == paths
    assert {p: p.stat().st_mtime_ns for p in paths} == before  # unchanged files not rewritten
    assert json.loads((tmp_path / "donnees" / "lieux.geojson").read_text())["features"]


def test_cli_export(catalog: Catalog, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    actions = tmp_path / "actions"
    out = tmp_path / "out"
    code = main(
        [
            "export",
            "--format",
            "all",
            str(out),
            "--actions",
            str(actions),
            "--source",
            "ctai-t",
            "--territory",
            str(CATALOGUE / "territory.yml"),
        ]
    )
    printed = capsys.readouterr().out
    assert code == 0
    assert sorted(p.name for p in out.iterdir()) == sorted(FILES.values())
    assert "ctai-t--atelier-francais : 1,00" in printed
    assert "ctai-t--sport : " in printed
    assert (
        main(
            [
                "export",
                "--format",
                "geojson",
                str(tmp_path / "x.geojson"),
                "--actions",
                str(actions),
                "--territory",
                str(CATALOGUE / "territory.yml"),
            ]
        )
        == 0
    )
    assert json.loads((tmp_path / "x.geojson").read_text())["type"] == "FeatureCollection"
    assert "ctai-dax--sport" in capsys.readouterr().out  # the territory's source by default


def test_cli_export_reports_fiche_errors(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.yml"
    bad.write_text("kind: service\n", encoding="utf-8")
    territory = str(CATALOGUE / "territory.yml")
    args = ["export", "--format", "csv", str(tmp_path / "x.csv"), "--actions", str(bad)]
    assert main([*args, "--territory", territory]) == 1
    assert "champ obligatoire manquant" in capsys.readouterr().err


def test_xlsx_bytes_depend_only_on_the_data(catalog: Catalog) -> None:
    structures, services = to_data_inclusion(catalog, "ctai-test")
    data = data_inclusion_xlsx(structures, services)
    with zipfile.ZipFile(io.BytesIO(data)) as book:
        assert {info.date_time[:3] for info in book.infolist()} == {
            tuple(int(p) for p in TODAY.split("-"))
        }
        core = book.read("docProps/core.xml").decode()
    assert f'<dcterms:modified xsi:type="dcterms:W3CDTF">{TODAY}T00:00:00Z<' in core


def test_xlsx_text_that_looks_like_a_formula_stays_text(catalog: Catalog, tmp_path: Path) -> None:
    structures, services = to_data_inclusion(catalog, "ctai-test")
    services[0]["description"] = '=HYPERLINK("https://example.org","clic")'
    services[0]["nom"] = "@SUM(1+1)"
    path = tmp_path / "di.xlsx"
    path.write_bytes(data_inclusion_xlsx(structures, services))
    sheet = load_workbook(path)["Services"]
    header = [c.value for c in sheet[1]]
    cells = dict(zip(header, sheet[2], strict=True))
    for field in ("description", "nom"):
        assert cells[field].data_type == "s" and cells[field].value == services[0][field]
