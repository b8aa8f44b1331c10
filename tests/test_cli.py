"""`ctai-site` in-process: `main(argv)`, what it prints and what it returns."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from conftest import CATALOGUE, FICHES, ROOT, RunCli

from ctai_site.fiche import schema, template

DONE_WHEN = [
    "atelier.yml:12: content.summary: trop long : 111 caractères, 110 au plus",
    "atelier.yml:23: audience.french_level[2]: « Z9 » n'est pas un niveau connu (alpha, A1 … C2)",
    "atelier.yml:24: audience.precision: clé inconnue (vouliez-vous dire « precisions » ?)",
]


def test_validate_prints_every_error_in_french_and_fails(run_cli: RunCli) -> None:
    result = run_cli("validate", "tests/data/fiches/bad/done-when", cwd=ROOT)
    assert result.code == 1
    assert result.out == ""
    prefix = "tests/data/fiches/bad/done-when/"
    assert result.err.splitlines() == [prefix + line for line in DONE_WHEN] + [
        "3 erreurs dans 1 fiche"
    ]


def test_validate_reports_syntax_errors_and_field_errors_in_one_run(
    run_cli: RunCli, tmp_path: Path
) -> None:
    shutil.copytree(FICHES / "bad" / "syntax", tmp_path / "syntaxe")
    shutil.copytree(FICHES / "bad" / "done-when", tmp_path / "champs")
    result = run_cli("validate", ".", cwd=tmp_path)
    assert result.code == 1
    lines = result.err.splitlines()
    assert lines[:3] == [f"champs/{line}" for line in DONE_WHEN]
    assert (
        "syntaxe/tabulation.yml:5: erreur de syntaxe YAML : tabulation : indentez avec des espaces"
        in lines
    )
    assert lines[-1] == "15 erreurs dans 13 fiches"
    assert "Traceback" not in result.err


def test_validate_one_file(run_cli: RunCli) -> None:
    result = run_cli("validate", "atelier.yml", cwd=FICHES / "bad" / "done-when")
    assert (result.code, result.err.splitlines()) == (1, [*DONE_WHEN, "3 erreurs dans 1 fiche"])


def test_validate_defaults_to_the_actions_folder(run_cli: RunCli, tmp_path: Path) -> None:
    shutil.copytree(FICHES / "good" / "complete", tmp_path / "actions")
    result = run_cli("validate", cwd=tmp_path)
    assert (result.code, result.err) == (0, "")
    lines = result.out.splitlines()
    assert lines[0] == "actions/atelier-francais.yml : complète"
    assert lines[-1] == "1 fiche valide, 0 information à compléter"


def test_validate_a_missing_folder(run_cli: RunCli, tmp_path: Path) -> None:
    result = run_cli("validate", "fiches", cwd=tmp_path)
    assert result.code == 1
    assert result.err.splitlines() == [
        "fiches:1: dossier ou fichier introuvable",
        "1 erreur dans 1 fiche",
    ]


def test_validate_names_files_outside_the_working_folder_in_full(
    run_cli: RunCli, tmp_path: Path
) -> None:
    case = FICHES / "bad" / "service-sections"
    result = run_cli("validate", str(case), cwd=tmp_path)
    assert result.err.splitlines()[0] == (
        f"{case}/service.yml:10: content.how: au moins 1 étape « Comment faire ? » pour un service"
    )


def test_schema_prints_the_fiche_schema(run_cli: RunCli) -> None:
    result = run_cli("schema")
    assert (result.code, result.err) == (0, "")
    assert json.loads(result.out) == schema.FICHE


@pytest.mark.parametrize("of", ["fiche", "territory"])
def test_committed_schema_is_what_the_command_prints(run_cli: RunCli, of: str) -> None:
    result = run_cli("schema", of)
    committed = (ROOT / "schema" / f"{of}.schema.json").read_text(encoding="utf-8")
    assert result.out == committed, f"schema/{of}.schema.json is stale: run `make schema`"


TEMPLATE_LEFT = [
    "actions/mon-action.yml:11: carrier.name: texte du modèle à remplacer : écrivez le nom de la "
    "structure qui porte l'action",
    "actions/mon-action.yml:13: content.title: texte du modèle à remplacer : écrivez ce que la "
    "personne fait, en commençant par un verbe à l'infinitif "
    "(« Apprendre le français pour travailler »)",
    "actions/mon-action.yml:14: content.brand: texte du modèle à remplacer : écrivez le nom de "
    "l'action ou, à défaut, de la structure",
    "actions/mon-action.yml:15: content.summary: texte du modèle à remplacer : écrivez ce que "
    "propose l'action, en une phrase de 110 caractères au plus",
    "actions/mon-action.yml:16: content.what: texte du modèle à remplacer : écrivez ce qu'est "
    "l'action, en phrases courtes",
    *(
        line
        for n in (1, 2, 3)
        for line in (
            f"actions/mon-action.yml:{17 + 2 * n}: content.why[{n}].title: texte du modèle à "
            "remplacer : écrivez un argument en quelques mots (« Parler français au travail »)",
            f"actions/mon-action.yml:{18 + 2 * n}: content.why[{n}].text: texte du modèle à "
            "remplacer : écrivez en une ou deux phrases pourquoi c'est utile à la personne",
        )
    ),
    "actions/mon-action.yml:26: content.how[1].title: texte du modèle à remplacer : écrivez "
    "l'étape, en commençant par un verbe (« S'inscrire à l'accueil du centre social »)",
    "actions/mon-action.yml:27: content.how[1].text: texte du modèle à remplacer : écrivez "
    "comment s'inscrire ou venir : le lieu, les jours, qui contacter",
]


def test_new_writes_a_fiche_that_validate_refuses_until_rewritten(
    run_cli: RunCli, tmp_path: Path
) -> None:
    """Every text of the template is named, one line per field, until the carrier rewrites it:
    an untouched template must not reach the site or Réfugiés.info."""
    (tmp_path / "schema").mkdir()
    shutil.copy(ROOT / "schema" / "fiche.schema.json", tmp_path / "schema")
    shutil.copy(CATALOGUE / "territory.yml", tmp_path / "territory.yml")
    created = run_cli("new", "actions/mon-action.yml", cwd=tmp_path)
    assert created.code == 0
    written = (tmp_path / "actions" / "mon-action.yml").read_text(encoding="utf-8")
    assert (
        "  axis: 1                # axe du contrat : 1, 2, 3, 4, 5, 6 (voir territory.yml)"
        in written
    )
    assert "  years: [2024, 2025, 2026]" in written  # the territory's contract, not a town's
    assert created.out == (
        "actions/mon-action.yml créé ; complétez-le puis lancez : "
        "ctai-site validate actions/mon-action.yml\n"
    )
    fiche = tmp_path / "actions" / "mon-action.yml"
    text = fiche.read_text(encoding="utf-8")
    first = text.splitlines()[0]
    assert first == "# yaml-language-server: $schema=../schema/fiche.schema.json"
    assert (tmp_path / "actions" / first.partition("$schema=")[2]).is_file()

    refused = run_cli("validate", "actions", cwd=tmp_path)
    assert refused.code == 1
    assert refused.err.splitlines() == [*TEMPLATE_LEFT, "13 erreurs dans 1 fiche"]

    for n, placeholder in enumerate(template.PLACEHOLDERS):
        assert placeholder.text in text
        text = text.replace(placeholder.text, f"Texte écrit {n}")
    fiche.write_text(text, encoding="utf-8")
    checked = run_cli("validate", "actions", cwd=tmp_path)
    assert (checked.code, checked.err) == (0, "")
    assert checked.out.startswith("actions/mon-action.yml : à compléter (")


def test_new_writes_the_carrier_given(run_cli: RunCli, tmp_path: Path) -> None:
    assert run_cli("new", "fiche.yml", "--carrier", "Mairie de Dax", cwd=tmp_path).code == 0
    assert "  name: Mairie de Dax\n" in (tmp_path / "fiche.yml").read_text(encoding="utf-8")
    refused = run_cli("validate", "fiche.yml", cwd=tmp_path)
    assert "carrier.name" not in refused.err
    assert refused.err.splitlines()[-1] == "12 erreurs dans 1 fiche"


def test_new_points_to_the_schema_from_a_sub_folder(run_cli: RunCli, tmp_path: Path) -> None:
    assert run_cli("new", "actions/dax/mon-action.yml", cwd=tmp_path).code == 0
    first = (tmp_path / "actions" / "dax" / "mon-action.yml").read_text("utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=../../schema/fiche.schema.json"


def test_new_never_overwrites(run_cli: RunCli, tmp_path: Path) -> None:
    (tmp_path / "fiche.yml").write_text("kind: service\n", encoding="utf-8")
    result = run_cli("new", "fiche.yml", cwd=tmp_path)
    assert result.code == 1
    assert result.err == "fiche.yml existe déjà : choisissez un autre nom\n"
    assert (tmp_path / "fiche.yml").read_text(encoding="utf-8") == "kind: service\n"


def test_validate_an_empty_folder_says_so_and_fails(run_cli: RunCli, tmp_path: Path) -> None:
    (tmp_path / "actions").mkdir()
    result = run_cli("validate", "actions", cwd=tmp_path)
    assert result.code == 1
    assert result.err.splitlines()[0] == "actions:1: aucune fiche (.yml ou .yaml) dans ce dossier"


def test_a_mistyped_command_is_one_french_line(
    run_cli: RunCli, capsys: pytest.CaptureFixture[str]
) -> None:
    """argparse's errors, in the carrier's language: one line, what to type instead, exit 1."""
    cases = {
        (
            "validat",
        ): "ctai-site : commande : « validat » inconnu : vouliez-vous dire « validate » ?",
        ("validate", "--nope"): "ctai-site : argument ou option inconnu : --nope",
        (): "ctai-site : il manque : commande",
        ("export", "--format", "geojsn", "out"): "ctai-site export : --format : « geojsn » "
        "inconnu : vouliez-vous dire « geojson » ?",
    }
    for argv, start in cases.items():
        with pytest.raises(SystemExit) as stop:
            run_cli(*argv)
        assert stop.value.code == 1, argv
        err = capsys.readouterr().err
        assert err.startswith(start), err
        assert err.count("\n") == 1 and "--help pour l'aide" in err, err
        assert "usage" not in err and "error" not in err, err


def test_help_is_in_french(run_cli: RunCli, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stop:
        run_cli("validate", "--help")
    assert stop.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith("utilisation : ctai-site validate")
    assert "afficher cette aide" in out and "show this help" not in out
    assert "options:" in out and "positional arguments" not in out
