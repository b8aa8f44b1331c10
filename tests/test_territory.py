"""Any territory: `ctai-site init` makes a site that builds at once and names its town in every
language; the territory file is checked like a fiche; a town without a contract, archived fiches
and projects show what a reader expects; the package works as a wheel outside this repository."""

from __future__ import annotations

import html
import re
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest
from conftest import RunCli
from sites import CATALOGUE, ROOT, make_project, mkdocs_build

from ctai_site.fiche import vocab
from ctai_site.fiche.errors import FicheError
from ctai_site.fiche.territory import load_territory

# « Dax » in the scripts the Dax translations used: nothing of it may reach a new town's site.
DAX = re.compile(r"dax|داكس|داکس|ዳክስ|дакс", re.IGNORECASE)


def home(site: Path, lang: str) -> str:
    prefix = "" if lang == vocab.SOURCE_LANGUAGE else f"{lang}/"
    return (site / prefix / "index.html").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def new_town(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`ctai-site init ville-test --territory Ville-Test --departement 63`, then `mkdocs build`."""
    folder = tmp_path_factory.mktemp("init") / "ville-test"
    command = [
        str(Path(sys.executable).with_name("ctai-site")),
        "init",
        str(folder),
        "--territory",
        "Ville-Test",
        "--departement",
        "63",
    ]
    made = subprocess.run(command, capture_output=True, text=True, check=False)
    assert made.returncode == 0, made.stderr
    built = mkdocs_build(folder)
    assert built.returncode == 0, built.stderr[-3000:]
    return folder


def test_init_builds_a_site_that_names_the_new_town_in_every_language(new_town: Path) -> None:
    site = new_town / "site"
    for lang in vocab.LANGUAGE_CODES:
        page = html.unescape(home(site, lang))
        assert "Ville-Test" in page, lang
        assert re.search(r"<title>[^<]*Ville-Test", page), lang
    leaks = [
        str(path.relative_to(site))
        for path in site.rglob("*")
        if path.is_file()
        and path.suffix in (".html", ".json", ".xml", ".geojson", ".csv", ".js")
        and DAX.search(path.read_text(encoding="utf-8", errors="replace"))
    ]
    assert leaks == []


def test_init_site_validates_and_lists_what_the_example_lacks(
    new_town: Path, run_cli: RunCli
) -> None:
    result = run_cli("validate", cwd=new_town)
    assert (result.code, result.err) == (0, "")
    assert result.out.splitlines()[-1].startswith("1 fiche valide")


def test_init_refuses_a_folder_in_use_and_an_unknown_departement(
    tmp_path: Path, run_cli: RunCli
) -> None:
    (tmp_path / "occupe").mkdir()
    (tmp_path / "occupe" / "notes.txt").write_text("x", encoding="utf-8")
    result = run_cli("init", "occupe", "--territory", "X", "--departement", "99", cwd=tmp_path)
    assert result.code == 1
    assert result.err.splitlines() == [
        "occupe existe déjà et n'est pas vide : choisissez un nouveau dossier",
        "--departement : « 99 » n'est pas un code de département (par exemple 63, 2A ou 974)",
    ]


def test_the_territory_file_is_checked_at_its_lines(tmp_path: Path) -> None:
    path = tmp_path / "territory.yml"
    path.write_text(
        "name: Ville-Test\n"
        "departements: [63]\n"
        "sorce: ctai-x\n"
        "contract:\n"
        "  title: Le contrat\n"
        "  years: [2025]\n"
        "  axes:\n"
        "    - {number: 1, name: Un}\n"
        "    - {number: 1, name: Deux}\n",
        encoding="utf-8",
    )
    with pytest.raises(FicheError) as error:
        load_territory(path, display_root=tmp_path)
    assert str(error.value).splitlines() == [
        'territory.yml:2: departements[1]: lu comme un nombre : écrivez-le entre guillemets : "63"',
        "territory.yml:3: sorce: clé inconnue (vouliez-vous dire « source » ?)",
        "territory.yml:9: contract.axes[2].number: axe 1 déjà défini",
    ]


def test_a_missing_territory_file_says_how_to_make_one(tmp_path: Path) -> None:
    with pytest.raises(FicheError, match=r"territory\.yml:1: fichier du territoire introuvable"):
        load_territory(tmp_path / "territory.yml", display_root=tmp_path)


@pytest.fixture
def no_contract(tmp_path: Path) -> Path:
    """A town that lists its local offer with no contract: no `contract:` anywhere."""
    project = make_project(tmp_path / "project")
    territory = project / "territory.yml"
    text = territory.read_text(encoding="utf-8")
    territory.write_text(text[: text.index("contract:")], encoding="utf-8")
    for fiche in (project / "actions").glob("*.yml"):
        fiche.write_text(
            re.sub(r"(?m)^contract:\n(?:  .*\n)+", "", fiche.read_text(encoding="utf-8")),
            encoding="utf-8",
        )
    for lang_file in (project / "translations").glob("*/_territory.yml"):
        lang_file.write_text(
            re.sub(
                r"(?ms)^  contract\.[a-z.0-9]+:\n    from: .*?\n    text: .*?\n",
                "",
                lang_file.read_text(encoding="utf-8"),
            ),
            encoding="utf-8",
        )
    return project


def test_a_town_without_a_contract_builds_with_a_glossary_page(no_contract: Path) -> None:
    result = mkdocs_build(no_contract)
    assert result.returncode == 0, result.stderr[-3000:]
    page = (no_contract / "site" / "contrat" / "index.html").read_text(encoding="utf-8")
    assert "<h1" in page and "Les sigles" in page
    assert "Axe 1" not in page
    assert "Les sigles" in home(no_contract / "site", "fr")  # the home links to it


def test_a_fiche_with_a_contract_in_a_town_without_one_is_refused(
    no_contract: Path, run_cli: RunCli
) -> None:
    shutil.copy(CATALOGUE / "actions" / "pas-hopital-dax.yml", no_contract / "actions")
    result = run_cli("validate", cwd=no_contract)
    assert result.code == 1
    assert (
        "actions/pas-hopital-dax.yml:7: contract: territory.yml ne décrit aucun contrat : retirez "
        "contract de la fiche, ou décrivez le contrat dans territory.yml"
    ) in result.err


def test_archived_fiches_are_left_out_and_projects_show_no_price_or_place(
    project_copy: Path, run_cli: RunCli
) -> None:
    fiche = project_copy / "actions" / "maison-enfance-laep.yml"
    fiche.write_text(
        fiche.read_text(encoding="utf-8").replace("status: active", "status: archived"), "utf-8"
    )
    checked = run_cli("validate", cwd=project_copy)
    assert "actions/maison-enfance-laep.yml : archivée (ni sur le site, ni dans les exports)" in (
        checked.out
    )
    result = mkdocs_build(project_copy)
    assert result.returncode == 0, result.stderr[-3000:]
    site = project_copy / "site"
    assert not (site / "actions" / "maison-enfance-laep").exists()
    assert not (site / "ar" / "actions" / "maison-enfance-laep").exists()
    assert "maison-enfance-laep" not in (site / "carte" / "index.html").read_text("utf-8")
    assert "maison-enfance-laep" not in (site / "contrat" / "index.html").read_text("utf-8")
    assert "maison-enfance-laep" not in (site / "professionnels" / "index.html").read_text("utf-8")
    project = (site / "actions" / "maison-logement-diagnostic" / "index.html").read_text("utf-8")
    assert "ctai-card--price" not in project
    assert "Où aller ?" not in project and "Voir sur la carte" not in project


def test_site_url_in_the_territory_gives_sitemap_and_canonical_links(
    project_copy: Path,
) -> None:
    territory = project_copy / "territory.yml"
    territory.write_text(
        territory.read_text(encoding="utf-8").replace(
            "# site_url: https://exemple.fr/accueil-dax/", "site_url: https://accueil.example.org/"
        ),
        encoding="utf-8",
    )
    result = mkdocs_build(project_copy)
    assert result.returncode == 0, result.stderr[-3000:]
    site = project_copy / "site"
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    assert "<loc>https://accueil.example.org/actions/pas-hopital-dax/</loc>" in sitemap
    page = (site / "ar" / "actions" / "pas-hopital-dax" / "index.html").read_text("utf-8")
    assert (
        '<link rel="canonical" href="https://accueil.example.org/ar/actions/pas-hopital-dax/">'
        in (page)
    )


def test_the_wheel_works_outside_this_repository(tmp_path: Path) -> None:
    """Build the wheel, install it alone in a fresh venv outside the repository (its
    dependencies come from this venv, read-only), then init and build a site there."""
    dist = tmp_path / "dist"
    built = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(dist),
            str(ROOT),
        ],
        capture_output=True,
        text=True,
        check=False,
        env={"PYTHONWARNINGS": "ignore", "PATH": "/usr/bin:/bin"},
    )
    assert built.returncode == 0, built.stderr[-3000:]
    wheel = next(dist.glob("ctai_site-*.whl"))
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    site_packages = Path(
        sysconfig.get_paths(vars={"base": str(venv), "platbase": str(venv)})["purelib"]
    )
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "--python",
            str(venv / "bin" / "python"),
            "install",
            "-q",
            "--no-deps",
            "--no-index",
            str(wheel),
        ],
        check=True,
        capture_output=True,
    )
    # The dependencies, without this repository: our venv's site-packages minus ctai_site.
    ours = Path(sysconfig.get_paths()["purelib"])
    (site_packages / "deps.pth").write_text(str(ours) + "\n", encoding="utf-8")
    work = tmp_path / "elsewhere"
    work.mkdir()
    python = str(venv / "bin" / "python")
    located = subprocess.run(
        [python, "-c", "import ctai_site, sys; print(ctai_site.__file__)"],
        cwd=work,
        capture_output=True,
        text=True,
        check=True,
    )
    assert str(site_packages) in located.stdout  # the wheel, not the checkout
    init = subprocess.run(
        [
            python,
            "-m",
            "ctai_site",
            "init",
            "ville-test",
            "--territory",
            "Ville-Test",
            "--departement",
            "63",
        ],
        cwd=work,
        capture_output=True,
        text=True,
        check=False,
    )
    assert init.returncode == 0, init.stderr
    build = subprocess.run(
        [python, "-m", "mkdocs", "build", "--strict", "-q"],
        cwd=work / "ville-test",
        capture_output=True,
        text=True,
        check=False,
    )
    assert build.returncode == 0, build.stderr[-3000:]
    page = html.unescape(home(work / "ville-test" / "site", "ar"))
    assert "Ville-Test" in page and 'dir="rtl"' in page
    # The term base ships with the interface: the status page says which languages to review.
    assert (site_packages / "ctai_site" / "interface" / "_terms.yml").is_file()
    status = (work / "ville-test" / "site" / "traductions" / "index.html").read_text("utf-8")
    assert 'href="#relecture-ti"' in status
    # The guides the messages name travel with the tool; its version says which it is.
    from ctai_site import __version__

    version = subprocess.run(
        [python, "-m", "ctai_site", "--version"], cwd=work, capture_output=True, text=True
    )
    assert version.stdout.strip() == f"ctai-site {__version__}"
    guide = subprocess.run(
        [python, "-m", "ctai_site", "aide", "format"], cwd=work, capture_output=True, text=True
    )
    assert guide.returncode == 0 and guide.stdout.startswith("# Le format des fiches actions")
    assert str(site_packages / "ctai_site" / "docs" / "guides" / "format.md") in guide.stderr
    ignored = (work / "ville-test" / ".gitignore").read_text(encoding="utf-8").split()
    built_paths = {p.name for p in (work / "ville-test").iterdir()} - {"actions", "translations"}
    assert {".cache/", "site/", "site_src/catalogue/"} <= set(ignored), built_paths
