"""The printable guide, read back as a reader gets it: one PDF per language in the built site,
linked from that language's home page with its size; its text extracted by pdftotext in the
right script and in logical order; its fonts embedded; its QR codes decoded (zxing-cpp) to the
page of each service in that language; the same bytes from the same sources.

The site is tests/data/guide/ (conftest.guide_site), never the live actions/ folder.
"""

from __future__ import annotations

import hashlib
import html
import os
import re
import shutil
import subprocess
import sys
import unicodedata
from pathlib import Path
from typing import Literal

import pytest
import yaml
import zxingcpp
from conftest import GUIDE_DATA, GUIDE_URL, GuideSite, guide_project
from PIL import Image
from sites import load_site

from ctai_site import config as checks
from ctai_site import translation as i18n
from ctai_site.fiche.loading import load_catalog
from ctai_site.guide import build, document, pdf
from ctai_site.translation import l10n

LANGUAGES = ("fr", "en", "ar", "fa", "ps", "ti", "ru", "uk")
SERVICES = ("atelier-francais", "permanence-sante")  # active services; the others are not
LEFT_OUT = ("Réunir les partenaires du contrat", "Faire du sport ensemble")
SCRIPTS = {  # a letter of the language's script, as unicodedata names it
    "ar": "ARABIC",
    "fa": "ARABIC",
    "ps": "ARABIC",
    "ti": "ETHIOPIC",
    "ru": "CYRILLIC",
    "uk": "CYRILLIC",
    "fr": "LATIN",
    "en": "LATIN",
}
FONTS = {"ar": "Noto-Naskh-Arabic", "fa": "Noto-Naskh-Arabic", "ps": "Noto-Naskh-Arabic"}
FONTS["ti"] = "Noto-Sans-Ethiopic"


def _run(*command: str) -> str:
    tool = shutil.which(command[0])
    if tool is None:
        pytest.fail(f"{command[0]} missing: run `bash tools/ensure-test-deps.sh` (or make test)")
    return subprocess.run([tool, *command[1:]], check=True, capture_output=True, text=True).stdout


def pdftotext(path: Path) -> str:
    # Default mode: logical order (-raw gives visual word order in right-to-left lines).
    return _run("pdftotext", "-enc", "UTF-8", str(path), "-")


def letters(text: str) -> str:
    """Letters and digits only (NFKC). pdftotext wraps right-to-left runs in U+202A-U+202C,
    drops ZWNJ and moves spaces and punctuation next to digits and colons: the sequence of
    letters still shows the script, the words' order and the numbers' digits."""
    text = unicodedata.normalize("NFKC", text)
    return "".join(ch for ch in text if unicodedata.category(ch)[0] in "LN")


def segments(text: str) -> list[str]:
    """A sentence cut at its punctuation. pdftotext orders the runs of a right-to-left line
    around an Arabic comma as if the line were left to right (a poppler heuristic: the PDF is
    laid out right), so each piece is checked on its own, in order inside itself."""
    return [letters(p) for p in re.split(r"[،,؛;:።፡.]", text) if letters(p)]


def translated(lang: str, action_id: str, field: str) -> str:
    if lang == "fr":
        catalog = load_catalog(GUIDE_DATA / "actions")
        return i18n.translatable_fields(catalog.by_id(action_id))[field]
    path = GUIDE_DATA / "translations" / lang / f"{action_id}.yml"
    text: str = yaml.safe_load(path.read_text(encoding="utf-8"))["fields"][field]["text"]
    return text


def guide_pdf(site: GuideSite, lang: str) -> Path:
    path = site.site / build.file_path(lang)
    assert path.is_file(), f"{path} missing from the built site"
    return path


@pytest.mark.parametrize("lang", LANGUAGES)
def test_each_home_page_links_its_guide_with_its_size(guide_site: GuideSite, lang: str) -> None:
    home = guide_site.site / ("" if lang == "fr" else lang) / "index.html"
    size = guide_pdf(guide_site, lang).stat().st_size
    found = re.search(r'<a class="ctai-guide-link" href="([^"]+)"[^>]*>(.*?)</a>', home.read_text())
    assert found, f"{home}: no link to the guide"
    href, label = found.groups()
    assert (home.parent / href).resolve() == guide_pdf(guide_site, lang).resolve()
    strings = load_site(guide_site.project).strings(lang)
    expected = strings("home.guide", size=l10n.file_size(size, lang))
    shown = html.unescape(re.sub(r"<[^>]+>", "", label))
    assert shown.split() == expected.split()  # the site writes CLDR's narrow space as a space
    if lang == "fr":
        assert re.fullmatch(r"Guide à imprimer \(PDF, \d+ ko\)", " ".join(shown.split()))


@pytest.mark.parametrize("lang", LANGUAGES)
def test_text_in_the_language_and_script(guide_site: GuideSite, lang: str) -> None:
    text = pdftotext(guide_pdf(guide_site, lang))
    flat = letters(text)
    for action_id in SERVICES:
        for field in ("content.title", "content.summary", "content.how[1].title"):
            for piece in segments(translated(lang, action_id, field)):
                assert piece in flat, f"{lang}: {field} of {action_id}: « {piece} » not extracted"
    for title in LEFT_OUT:
        assert letters(title) not in flat, f"{lang}: « {title} » is not a current service"
    assert "0558900000" in flat, "the phone number's digits are out of order"
    assert letters("Centre social Exemple") in flat  # place names stay in French
    script = [unicodedata.name(ch, "").split()[0] for ch in text if ch.isalpha()]
    share = script.count(SCRIPTS[lang]) / len(script)
    assert share > 0.5, f"{lang}: only {share:.0%} of the letters are {SCRIPTS[lang]}"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_fonts_embedded(guide_site: GuideSite, lang: str) -> None:
    rows = _run("pdffonts", str(guide_pdf(guide_site, lang))).splitlines()[2:]
    names = [row.split()[0].split("+", 1)[-1] for row in rows]
    embedded = [row.split()[-5] for row in rows]
    assert embedded and set(embedded) == {"yes"}, rows
    assert FONTS.get(lang, "Noto-Sans") in names
    assert all(name.startswith("Noto-") for name in names), names


def _qr_codes(path: Path, workdir: Path) -> set[str]:
    _run("pdftoppm", "-r", "150", "-gray", "-png", str(path), str(workdir / "page"))
    found = set()
    for png in sorted(workdir.glob("page*.png")):
        found |= {code.text for code in zxingcpp.read_barcodes(Image.open(png))}
    return found


@pytest.mark.parametrize("lang", LANGUAGES)
def test_qr_codes_open_each_page_in_the_language(
    guide_site: GuideSite, lang: str, tmp_path: Path
) -> None:
    found = _qr_codes(guide_pdf(guide_site, lang), tmp_path)
    assert found == {guide_site.page_url(lang, a) for a in SERVICES}
    for url in found:
        page = guide_site.site / url.removeprefix(GUIDE_URL) / "index.html"
        assert page.is_file(), f"the QR code leads to {url}, which the site does not have"
        assert f'lang="{lang}"' in page.read_text(encoding="utf-8")[:300]


def _cli_guide(project: Path, lang: str, out: Path, **env: str) -> bytes:
    command = [Path(sys.executable).with_name("ctai-site"), "guide", lang, out]
    result = subprocess.run(
        [str(c) for c in command],
        cwd=project,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert f"{out} écrit" in result.stdout
    return out.read_bytes()


@pytest.mark.parametrize("lang", ["ar", "ti"])
def test_same_sources_same_bytes(guide_site: GuideSite, lang: str, tmp_path: Path) -> None:
    """`ctai-site guide` from two copies of the project in other folders, in other time zones
    and hash seeds: the bytes of the PDF `mkdocs build` wrote."""
    built = guide_pdf(guide_site, lang).read_bytes()
    first = _cli_guide(
        guide_project(tmp_path / "a"), lang, tmp_path / "a.pdf", TZ="Asia/Kabul", PYTHONHASHSEED="1"
    )
    second = _cli_guide(
        guide_project(tmp_path / "b" / "deeper"),
        lang,
        tmp_path / "b.pdf",
        TZ="America/Cayenne",
        PYTHONHASHSEED="2",
    )
    digests = {hashlib.sha256(data).hexdigest() for data in (built, first, second)}
    assert len(digests) == 1


def test_rendered_again_only_when_its_text_changes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = guide_project(tmp_path / "project")
    cache = tmp_path / "cache"
    rendered: list[str] = []
    real = pdf.render_pdf

    def counting(html: str, families: tuple[str, ...], *, name: str) -> bytes:
        rendered.append(name)
        return real(html, families, name=name)

    monkeypatch.setattr(pdf, "render_pdf", counting)

    def guides() -> dict[str, bytes]:
        site = load_site(project)
        return build.render_guides(site, cache=cache, site_url=GUIDE_URL, languages=("fr", "ar"))

    first = guides()
    assert rendered == ["guide/guide-fr.pdf", "guide/guide-ar.pdf"]
    assert guides() == first and len(rendered) == 2  # nothing changed: nothing rendered

    arabic = project / "translations" / "ar" / "atelier-francais.yml"
    arabic.write_text(arabic.read_text("utf-8").replace("تعلم الفرنسية", "تعلّم اللغة الفرنسية"))
    third = guides()
    assert rendered[2:] == ["guide/guide-ar.pdf"]  # only the Arabic guide shows the change
    assert third["fr"] == first["fr"] and third["ar"] != first["ar"]
    assert len(list(cache.glob("guide-ar-*.pdf"))) == 1  # the cache keeps the latest only


@pytest.mark.parametrize(("command", "made"), [("serve", False), ("build", True)])
def test_serve_makes_no_pdf(
    command: Literal["build", "serve"], made: bool, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`mkdocs serve` rebuilds on each edit: no PDF there, and no link to one."""
    from mkdocs.config import load_config

    calls: list[str] = []

    def render_guides(*args: object, **kwargs: object) -> dict[str, bytes]:
        calls.append("rendered")
        return {"fr": b"%PDF"}

    monkeypatch.setattr(build, "render_guides", render_guides)
    project = guide_project(tmp_path / "project")
    config = load_config(str(project / "mkdocs.yml"))
    config.plugins.on_startup(command=command, dirty=False)
    config.plugins.on_config(config)
    config.plugins.on_build_error(error=RuntimeError("no build: the pages are enough"))
    home = (project / "site_src" / "catalogue" / "index.md").read_text(encoding="utf-8")
    assert bool(calls) is made
    assert ("ctai-guide-link" in home) is made


def test_without_site_url_the_codes_give_the_path(tmp_path: Path) -> None:
    assert document.page_url(None, "ar", "x") == "ar/actions/x/"
    assert document.page_url(None, "fr", "x") == "actions/x/"
    assert document.page_url("https://a.org/dax", "ti", "x") == "https://a.org/dax/ti/actions/x/"


def test_a_missing_font_is_an_error() -> None:
    html = '<html lang="fr"><body style="font-family: \'Noto Sans\'">Bonjour</body></html>'
    assert pdf.render_pdf(html, ("Noto Sans",), name="essai")
    with pytest.raises(pdf.GuideError, match="polices Police Absente attendues"):
        pdf.render_pdf(html.replace("Noto Sans", "Police Absente"), ("Police Absente",))


def test_nothing_fetched() -> None:
    html = '<html><body style="font-family: \'Noto Sans\'"><img src="https://example.org/x.png">'
    with pytest.raises(pdf.GuideError, match=re.escape("https://example.org/x.png")):
        pdf.render_pdf(html, ("Noto Sans",))


def test_cli_refuses_an_unknown_language(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    result = run_cli("guide", "xx", str(tmp_path / "x.pdf"))
    assert result.code == 1
    assert "langue « xx » inconnue" in result.err
    assert not (tmp_path / "x.pdf").exists()


@pytest.mark.parametrize(
    ("options", "key", "message"),
    [
        (
            {"tiles_url": "http://t.org/{z}/{x}/{y}.png", "tiles_attribution": "T"},
            "tiles_url",
            "https://",
        ),
        (
            {"tiles_url": "https://t.org/{z}/{x}.png", "tiles_attribution": "T"},
            "tiles_url",
            "il manque {y}",
        ),
        ({"tiles_url": "https://t.org/{z}/{x}/{y}.png"}, "tiles_attribution", "nommez la source"),
        ({"tiles_max_zoom": 30}, "tiles_max_zoom", "de 1 à 22"),
        ({"tiles_max_zoom": True}, "tiles_max_zoom", "un nombre entier"),
        ({"tiles_attribution_url": "javascript:alert(1)"}, "tiles_attribution_url", "https://"),
        ({"guide": "oui"}, "guide", "true ou false"),
    ],
)
def test_tile_and_guide_options_checked_in_french(
    options: dict[str, object], key: str, message: str, tmp_path: Path
) -> None:
    problems = checks.plugin_options(options, {}, tmp_path)
    assert any(k == key and message in text for k, text in problems), problems


def test_ign_plan_is_accepted(tmp_path: Path) -> None:
    ign = (
        "https://data.geopf.fr/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0"
        "&LAYER=GEOGRAPHICALGRIDSYSTEMS.PLANIGNV2&STYLE=normal&TILEMATRIXSET=PM"
        "&FORMAT=image/png&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}"
    )
    options = {"tiles_url": ign, "tiles_attribution": "IGN-F/Géoportail", "tiles_max_zoom": 19}
    assert checks.plugin_options(options, {}, tmp_path) == []


def test_unchanged_sources_reuse_the_guides_without_making_their_html(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A second build with the same sources takes each guide from the cache through the
    fingerprint of its inputs; a changed fiche makes the HTML again (and only the guides whose
    HTML changed are rendered again)."""
    from ctai_site.driver.generate import load, render_guides
    from ctai_site.driver.project import read_project

    project = read_project(guide_project(tmp_path / "project") / "mkdocs.yml")
    site = load(project)
    first = render_guides(project, site, languages=["fr", "ar"])
    made: list[str] = []
    source = document.guide_source

    def counted(*args: object, **kwargs: object) -> str:
        made.append(str(args[1]))
        return source(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(document, "guide_source", counted)
    again = render_guides(project, site, languages=["fr", "ar"])
    assert again == first and made == []
    fiche = next((project.root / "actions").glob("*.yml"))
    fiche.write_text(fiche.read_text(encoding="utf-8") + "\n# relue\n", encoding="utf-8")
    after = render_guides(project, load(project), languages=["fr", "ar"])
    assert made == ["fr", "ar"] and after == first  # a comment: the same guides


# --- Hours in right-to-left guides --------------------------------------------------------------

TWO_RANGES = (("09:00", "12:30"), ("14:00", "17:00"))  # tests/data/guide: atelier-francais, Tu


def glyph_runs(pdf: Path, lang: str) -> list[tuple[float, str]]:
    """(x, word) of the line that holds the two-range day, from pdftotext's word boxes: the
    order the glyphs are drawn in, left to right."""
    xml = _run("pdftotext", "-bbox-layout", str(pdf), "-")
    closes = l10n.time_range(*TWO_RANGES[0], lang).strip(l10n.FSI + l10n.PDI).split()[-1]
    for line in re.findall(r"<line [^>]*>(.*?)</line>", xml, flags=re.S):
        words = [
            (float(x), html.unescape(w))
            for x, w in re.findall(r'<word xMin="([\d.]+)"[^>]*>([^<]*)</word>', line)
        ]
        if any(closes.split("–")[-1] in w for _, w in words):
            return sorted(words)
    raise AssertionError(f"{pdf}: no line with {closes}")


@pytest.mark.parametrize("lang", ["ar", "fa", "ps"])
def test_two_ranges_read_right_to_left_in_the_guide(guide_site: GuideSite, lang: str) -> None:
    """« mardi 09:00–12:30 et 14:00–17:00 » in Arabic reads from the right: the day, the first
    range, « و », the second range; each range whole, its digits in order (the guide printed
    « 09:00–12:30 17:00–14:00و » before the ranges were isolated)."""
    words = glyph_runs(guide_pdf(guide_site, lang), lang)
    ranges = [l10n.time_range(a, b, lang).strip(l10n.FSI + l10n.PDI) for a, b in TWO_RANGES]
    xs = []
    for text in ranges:
        times = re.findall(r"\d\d?:\d\d", text)
        found = [(x, w) for x, w in words if any(t in w for t in times)]
        assert found, f"{lang}: {text} not drawn ({words})"
        if "–" in text:  # digits alone: one left-to-right run, as written
            assert any(text in w for _, w in found), f"{lang}: {text} broken up: {found}"
        else:  # « 9:00 تا 12:30 »: a right-to-left run, the opening time on the right
            start = max(x for x, w in found if times[0] in w)
            end = min(x for x, w in found if times[1] in w)
            assert start > end, f"{lang}: {text} drawn backwards: {found}"
        xs.append((min(x for x, _ in found), max(x for x, _ in found)))
    (first_left, _), (_, second_right) = xs
    assert first_left > second_right, f"{lang}: the first range is not on the right: {words}"
    assert not re.search(r"\d", max(words)[1]), f"{lang}: the day is not on the right: {words}"
    day = l10n.day_names(lang)["tuesday"]
    # The logical order the PDF is made from: the day, then the first range, then the second.
    source = document.guide_source(load_site(guide_site.project), lang)
    logical = source.index(day), source.index(ranges[0]), source.index(ranges[1])
    assert logical == tuple(sorted(logical)), f"{lang}: {logical}"


def test_without_an_address_the_guide_prints_no_qr_code(tmp_path: Path) -> None:
    """No site_url: a code would hold a path (`ar/actions/x/`) that opens nothing on a phone.
    The guide says the address is not known yet, in the reader's language, and the build and
    `validate` say what is missing."""
    project = guide_project(tmp_path / "project")
    territory = project / "territory.yml"
    territory.write_text(
        re.sub(r"^site_url: .*\n", "", territory.read_text("utf-8"), flags=re.M), "utf-8"
    )
    result = subprocess.run(
        [str(Path(sys.executable).with_name("mkdocs")), "build", "--strict"],
        cwd=project, capture_output=True, text=True, check=False,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-3000:]
    assert "territory.yml: site_url: absent : les guides à imprimer n'ont pas de code QR" in (
        result.stderr
    )
    site = load_site(project)
    for lang in ("fr", "ar", "ti"):
        pdf = project / "site" / build.file_path(lang)
        (tmp_path / lang).mkdir()
        assert _qr_codes(pdf, tmp_path / lang) == set()
        text = pdftotext(pdf)
        assert "actions/" not in text
        assert letters(site.strings(lang)("guide.no_address")) in letters(text)
    validate = subprocess.run(
        [str(Path(sys.executable).with_name("ctai-site")), "validate"],
        cwd=project, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert "territory.yml: site_url: absent" in validate.stdout
