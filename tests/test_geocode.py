"""`ctai-site geocode`: each place with an address goes on the map from the national address
base (BAN), with its precision and `source: ban`; coordinates a person wrote are never
replaced; without network, one French line and nothing written. No network here: the BAN's
answers are files under tests/data/ban/ (see its README)."""

from __future__ import annotations

import hashlib
import re
import shutil
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any

import pytest
from conftest import CATALOGUE, RunCli

from ctai_site.collect import geocode
from ctai_site.fiche.loading import load_action

BAN = Path(__file__).parent / "data" / "ban"
ANSWERS = {  # the question (q) -> the BAN's answer
    "12 rue de l'Exemple 40100 Dax": "exact.json",
    "Rue des Essais Dax": "street.json",
    "7 avenue de l'Essai 40100 Dax": "updated.json",
    "3 impasse Introuvable Dax": "unsure.json",
    "99 chemin de Nulle Part Dax": "none.json",
}
OLD_BAN = "{lat: 43.7, lng: -1.05, precision: exact, source: ban}"
TOWN_CENTRE = "{lat: 43.7102, lng: -1.0536, precision: approximate}"


class Recorded:
    """The BAN as the tests know it: each question asked, its recorded answer."""

    def __init__(self) -> None:
        self.asked: list[str] = []

    def __call__(self, url: str) -> bytes:
        parts = urllib.parse.urlsplit(url)
        assert (parts.scheme, parts.netloc, parts.path) == (
            "https",
            "api-adresse.data.gouv.fr",
            "/search/",
        )
        query = dict(urllib.parse.parse_qsl(parts.query))
        assert (query["limit"], query["citycode"]) == ("1", "40088")
        self.asked.append(query["q"])
        return (BAN / ANSWERS[query["q"]]).read_bytes()


@pytest.fixture
def ban(monkeypatch: pytest.MonkeyPatch) -> Recorded:
    recorded = Recorded()
    monkeypatch.setattr(geocode, "fetch_url", recorded)
    return recorded


def place(fiche: Path, lines: str, coordinates: str | None) -> None:
    """Give the fiche's place an address (`lines`, after its name) and these coordinates."""
    text = fiche.read_text(encoding="utf-8")
    text = re.sub(r"(\nplaces:\n  - name: .*\n)", r"\1" + lines.replace("\\", "\\\\"), text)
    new = f"    coordinates: {coordinates}\n" if coordinates else ""
    text = re.sub(r"    coordinates: .*\n", new, text, count=1)
    fiche.write_text(text, encoding="utf-8")


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """The fixture catalogue, some of its places given fictitious addresses."""
    dest = tmp_path / "project"
    shutil.copytree(CATALOGUE / "actions", dest / "actions")
    shutil.copy(CATALOGUE / "territory.yml", dest / "territory.yml")
    actions = dest / "actions"
    place(
        actions / "maison-des-citoyens-accueil.yml",
        '    address: 12 rue de l\'Exemple\n    postcode: "40100"\n',
        None,
    )
    place(actions / "maison-enfance-laep.yml", "    address: Rue des Essais\n", None)
    place(
        actions / "maison-enfance-garde.yml",
        '    address: 7 avenue de l\'Essai  # nouvelle adresse\n    postcode: "40100"\n',
        OLD_BAN,
    )
    place(
        actions / "amicale-laique-code-de-la-route.yml",
        "    address: 3 impasse Introuvable\n",
        None,
    )
    place(
        actions / "maison-des-citoyens-activites.yml",
        "    address: 99 chemin de Nulle Part\n",
        None,
    )
    # Written by a person: the town centre (approximate), an entrance (exact).
    place(
        actions / "pas-hopital-dax.yml",
        '    address: 12 rue de l\'Exemple\n    postcode: "40100"\n',
        TOWN_CENTRE,
    )
    place(
        actions / "maison-enfance-club-emploi.yml",
        "    address: 1 boulevard de la Main\n",
        "{lat: 43.709, lng: -1.051, precision: exact}",
    )
    return dest


def fingerprints(folder: Path) -> dict[str, str]:
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.glob("*.yml"))
    }


def coordinates_line(fiche: Path) -> str:
    return next(
        line.strip()
        for line in fiche.read_text(encoding="utf-8").splitlines()
        if line.lstrip().startswith("coordinates:")
    )


def test_geocode_writes_coordinates_with_their_precision(
    project: Path, run_cli: RunCli, ban: Recorded
) -> None:
    actions = project / "actions"
    before = {p.name: p.read_text(encoding="utf-8") for p in actions.glob("*.yml")}

    result = run_cli("geocode", cwd=project)

    assert (result.code, result.err) == (0, "")
    assert sorted(ban.asked) == sorted(ANSWERS)  # never the places written by hand
    out = result.out.splitlines()
    assert out[-1] == "3 lieux placés d'après la Base adresse nationale, 3 fiches écrites."
    assert (
        "actions/maison-des-citoyens-accueil.yml: places[1] « Maison des Citoyens » : 43.707572, "
        "-1.052831 (exact, « 12 Rue de l'Exemple 40100 Dax », score 0,94)"
    ) in out
    assert coordinates_line(actions / "maison-des-citoyens-accueil.yml") == (
        "coordinates: {lat: 43.707572, lng: -1.052831, precision: exact, source: ban}"
    )
    assert coordinates_line(actions / "maison-enfance-laep.yml") == (
        "coordinates: {lat: 43.706913, lng: -1.051102, precision: approximate, source: ban}"
    )
    # The tool's own coordinates follow the address, in place, the comment kept.
    garde = (actions / "maison-enfance-garde.yml").read_text(encoding="utf-8")
    assert "    address: 7 avenue de l'Essai  # nouvelle adresse" in garde.splitlines()
    assert coordinates_line(actions / "maison-enfance-garde.yml") == (
        "coordinates: {lat: 43.711208, lng: -1.049315, precision: exact, source: ban}"
    )
    # Coordinates a person wrote, never replaced; an address the BAN is unsure of, untouched.
    for name in (
        "pas-hopital-dax.yml",
        "maison-enfance-club-emploi.yml",
        "amicale-laique-code-de-la-route.yml",
        "maison-des-citoyens-activites.yml",
    ):
        assert (actions / name).read_text(encoding="utf-8") == before[name], name
    text = "\n".join(out)
    assert (
        "actions/pas-hopital-dax.yml: places[1] « Permanence d'accès aux soins, hôpital de Dax » : "
        "coordonnées écrites à la main, gardées (pour que geocode les remplace : retirez-les, ou "
        "--replace-approximate)"
    ) in out
    assert (
        "maison-des-citoyens-activites.yml: places[1] « Maison des Citoyens » : adresse introuvable"
        in text
    )
    assert "la BAN propose « Dax » (score 0,32) sans certitude" in text
    # Every comment stays, the new line goes where the format puts it, the loader agrees.
    fiche = actions / "maison-des-citoyens-accueil.yml"
    lines = fiche.read_text(encoding="utf-8").splitlines()
    assert [x for x in lines if x.startswith("#")] == [
        x for x in before[fiche.name].splitlines() if x.startswith("#")
    ]
    assert lines[-2:] == [
        '    insee: "40088"',
        "    coordinates: {lat: 43.707572, lng: -1.052831, precision: exact, source: ban}",
    ]
    action, problems = load_action(fiche)
    assert problems == [] and action is not None
    coordinates = action.places[0].coordinates
    assert coordinates is not None
    assert (coordinates.precision, coordinates.source) == ("exact", "ban")

    # Once placed, a second run changes nothing.
    placed = fingerprints(actions)
    again = run_cli("geocode", cwd=project)
    assert again.code == 0
    assert (
        again.out.splitlines()[-1]
        == "0 lieu placé d'après la Base adresse nationale, 0 fiche écrite."
    )
    assert fingerprints(actions) == placed


def test_replace_approximate_replaces_the_town_centre_not_an_exact_point(
    project: Path, run_cli: RunCli, ban: Recorded
) -> None:
    result = run_cli("geocode", "pas-hopital-dax", "--replace-approximate", cwd=project)
    assert (result.code, result.err) == (0, "")
    assert coordinates_line(project / "actions" / "pas-hopital-dax.yml") == (
        "coordinates: {lat: 43.707572, lng: -1.052831, precision: exact, source: ban}"
    )
    result = run_cli("geocode", "maison-enfance-club-emploi", "--replace-approximate", cwd=project)
    assert result.code == 0
    assert (
        "coordonnées écrites à la main, gardées (pour que geocode les remplace : retirez-les)"
        in result.out
    )
    assert ban.asked == ["12 rue de l'Exemple 40100 Dax"]


@pytest.mark.parametrize(
    "failure",
    [
        urllib.error.URLError(OSError(-3, "Temporary failure in name resolution")),
        TimeoutError("timed out"),
        ConnectionResetError(104, "Connection reset by peer"),
    ],
    ids=["dns", "timeout", "reset"],
)
def test_without_network_one_line_and_nothing_written(
    project: Path, run_cli: RunCli, monkeypatch: pytest.MonkeyPatch, failure: Exception
) -> None:
    def offline(url: str) -> bytes:
        raise failure

    monkeypatch.setattr(geocode, "fetch_url", offline)
    before = fingerprints(project / "actions")
    result = run_cli("geocode", cwd=project)
    assert (result.code, result.out) == (1, "")
    assert result.err == "BAN injoignable : vérifiez la connexion, rien n'a été modifié\n"
    assert fingerprints(project / "actions") == before


def test_a_busy_ban_is_said_too(
    project: Path, run_cli: RunCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    def busy(url: str) -> bytes:
        raise urllib.error.HTTPError(url, 503, "Service Unavailable", {}, None)  # type: ignore[arg-type]

    monkeypatch.setattr(geocode, "fetch_url", busy)
    before = fingerprints(project / "actions")
    result = run_cli("geocode", cwd=project)
    assert result.code == 1
    assert result.err == "BAN : erreur HTTP 503, réessayez plus tard ; rien n'a été modifié\n"
    assert fingerprints(project / "actions") == before


def test_the_dax_fiches_have_no_address_so_nothing_is_asked(
    tmp_path: Path, run_cli: RunCli, ban: Recorded
) -> None:
    shutil.copytree(CATALOGUE, tmp_path / "dax")
    before = fingerprints(tmp_path / "dax" / "actions")
    result = run_cli("geocode", cwd=tmp_path / "dax")
    assert (result.code, result.err) == (0, "")
    assert result.out.startswith("Aucun lieu n'a d'adresse (address) : rien à chercher")
    assert ban.asked == []
    assert fingerprints(tmp_path / "dax" / "actions") == before


def test_an_unknown_id_is_refused(project: Path, run_cli: RunCli, ban: Recorded) -> None:
    result = run_cli("geocode", "hopital", cwd=project)
    assert result.code == 1
    assert result.err == "« hopital » : aucune fiche avec cet identifiant dans actions\n"


def test_the_request_names_the_tool_and_has_a_timeout(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: dict[str, Any] = {}

    class Response:
        def __enter__(self) -> Response:
            return self

        def __exit__(self, *exc: object) -> None:
            return None

        def read(self, size: int) -> bytes:
            return (BAN / "none.json").read_bytes()

    def urlopen(request: Any, timeout: float) -> Response:
        seen["request"], seen["timeout"] = request, timeout
        return Response()

    monkeypatch.setattr(urllib.request, "urlopen", urlopen)
    url = geocode.search_url({"address": "12 rue de l'Exemple", "city": "Dax", "insee": "40088"})
    assert url == (
        "https://api-adresse.data.gouv.fr/search/?q=12+rue+de+l%27Exemple+Dax&limit=1"
        "&citycode=40088"
    )
    assert geocode.read_answer(geocode.fetch_url(url)) is None
    assert seen["timeout"] == geocode.TIMEOUT
    assert seen["request"].get_header("User-agent").startswith("ctai-site/")
