"""The light Markdown of fiche texts: what the validator refuses, and the HTML a reader gets.
HTML written in a fiche shows as text; only http(s), mailto and tel links become links."""

from __future__ import annotations

import pytest

from ctai_site.fiche import richtext

HTML = "le HTML n'est pas accepté : écrivez en Markdown léger (gras, listes, liens)"


def _link_refused(url: str) -> str:
    return f"lien « {url} » refusé : http://, https://, mailto: ou tel: seulement"


@pytest.mark.parametrize(
    ("text", "problems"),
    [
        ("Un texte **gras**, *italique*, [un lien](https://exemple.org).", []),
        ("### Titre\n\n- un\n- deux\n\n1. un\n2. deux", []),
        ("> Bon à savoir : venez tôt.", []),
        ("> Important : apportez vos papiers\n> et un justificatif.", []),
        ("Écrire à [la mairie](mailto:mairie@dax.fr) ou [appeler](tel:+33558900000).", []),
        ("Moins de 3 ans (< 3) et plus de 18 ans (> 18).", []),
        ("<script>alert(1)</script>", [HTML]),
        ("Un <b>gras</b> en HTML.", [HTML]),
        ('<img src="x" onerror="alert(1)">', [HTML]),
        ("<!-- commentaire -->", [HTML]),
        ("# Titre", ["seul le titre de niveau « ### » est accepté"]),
        ("## Titre", ["seul le titre de niveau « ### » est accepté"]),
        ("#### Titre", ["seul le titre de niveau « ### » est accepté"]),
        ("```\ncode\n```", ["les blocs de code ne sont pas acceptés"]),
        ("| a | b |\n|---|---|", ["les tableaux ne sont pas acceptés par Réfugiés.info"]),
        ("![photo](https://exemple.org/a.jpg)", ["les images ne sont pas acceptées"]),
        (
            "> Attention : fermé en août.",
            ["une citation « > » commence par « Bon à savoir : » ou « Important : »"],
        ),
        ("[cliquez](javascript:alert(1))", [_link_refused("javascript:alert(1)")]),
        ("[cliquez](JavaScript:void(0))", [_link_refused("JavaScript:void(0)")]),
        ("[page](data:text/html,x)", [_link_refused("data:text/html,x")]),
        ("[page](//exemple.org)", [_link_refused("//exemple.org")]),
        ("[page](www.exemple.org)", [_link_refused("www.exemple.org")]),
        (
            "<script>x</script> [a](javascript:x) <i>b</i>",
            [HTML, _link_refused("javascript:x")],
        ),
    ],
)
def test_check(text: str, problems: list[str]) -> None:
    assert richtext.check(text) == problems


@pytest.mark.parametrize(
    ("text", "html"),
    [
        ("Un texte.", "<p>Un texte.</p>"),
        ("Deux lignes\nd'un paragraphe.", "<p>Deux lignes d&#x27;un paragraphe.</p>"),
        ("Un.\n\nDeux.", "<p>Un.</p>\n<p>Deux.</p>"),
        ("### Titre", "<h3>Titre</h3>"),
        ("- un\n- deux", "<ul><li>un</li><li>deux</li></ul>"),
        ("1. un\n2) deux", "<ol><li>un</li><li>deux</li></ol>"),
        # An item wrapped onto two lines, indented or not, stays one item of the list.
        (
            "- votre titre de séjour\n  ou le récépissé ;\n- un justificatif\nde domicile.",
            "<ul><li>votre titre de séjour ou le récépissé ;</li>"
            "<li>un justificatif de domicile.</li></ul>",
        ),
        ("1. Venez\n   le mardi.\n2. Signez.", "<ol><li>Venez le mardi.</li><li>Signez.</li></ol>"),
        ("- un\n- deux\n1. trois", "<ul><li>un</li><li>deux</li></ul>\n<ol><li>trois</li></ol>"),
        (
            "**gras**, *italique* et _aussi_",
            "<p><strong>gras</strong>, <em>italique</em> et <em>aussi</em></p>",
        ),
        ("a * b * c et snake_case_word", "<p>a * b * c et snake_case_word</p>"),
        (
            "> Bon à savoir : venez\n> tôt.",
            '<div class="ctai-callout ctai-callout--info" role="note">'
            '<p class="ctai-callout__title"><strong>Bon à savoir</strong></p>'
            "<p>Venez tôt.</p></div>",
        ),
        (
            "> Important : vos papiers.",
            '<div class="ctai-callout ctai-callout--important" role="note">'
            '<p class="ctai-callout__title"><strong>Important</strong></p>'
            "<p>Vos papiers.</p></div>",
        ),
        # Links: only safe schemes, attributes escaped, never touched by emphasis.
        ("[site](https://exemple.org)", '<p><a href="https://exemple.org">site</a></p>'),
        ("[écrire](mailto:a@b.fr)", '<p><a href="mailto:a@b.fr">écrire</a></p>'),
        ("[appeler](tel:+33558900000)", '<p><a href="tel:+33558900000">appeler</a></p>'),
        (
            "[page](https://exemple.org/_a_/?q=*b*)",
            '<p><a href="https://exemple.org/_a_/?q=*b*">page</a></p>',
        ),
        (
            "[Dax](https://fr.wikipedia.org/wiki/Dax_(Landes))",
            '<p><a href="https://fr.wikipedia.org/wiki/Dax_(Landes)">Dax</a></p>',
        ),
        (
            "**Appelez le [standard](tel:+33558900000)**",
            '<p><strong>Appelez le <a href="tel:+33558900000">standard</a></strong></p>',
        ),
        (
            "[a](https://x.fr/?a=1&b=2)",
            '<p><a href="https://x.fr/?a=1&amp;b=2">a</a></p>',
        ),
        (
            '[a](https://x.fr/?q="><script>)',
            '<p><a href="https://x.fr/?q=&quot;&gt;&lt;script&gt;">a</a></p>',
        ),
        # What the validator refuses is still rendered harmless.
        ("<script>alert(1)</script>", "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>"),
        (
            '<img src="x" onerror="alert(1)">',
            "<p>&lt;img src=&quot;x&quot; onerror=&quot;alert(1)&quot;&gt;</p>",
        ),
        ("[cliquez](javascript:alert(1))", "<p>cliquez</p>"),
        ("[cliquez](JAVASCRIPT:alert(1))", "<p>cliquez</p>"),
        ("[page](data:text/html,x)", "<p>page</p>"),
        ("[**gras**](javascript:x)", "<p><strong>gras</strong></p>"),
        ("un \x000\x00 faux lien", "<p>un 0 faux lien</p>"),
    ],
)
def test_to_html(text: str, html: str) -> None:
    assert richtext.to_html(text) == html


@pytest.mark.parametrize(
    ("text", "html"),
    [
        # Réfugiés.info's stored form (refugies-info/karfur @ e5ef018,
        # apps/server/src/__fixtures__/demarche.ts line 33): a div with data-callout.
        (
            "> Bon à savoir : venez\n> **tôt**.",
            '<div class="callout callout--info" data-callout="info" data-title="Bon à savoir">'
            "Venez <strong>tôt</strong>.</div>",
        ),
        (
            "Un texte.\n\n> Important : vos papiers.\n\n- un\n- deux",
            "<p>Un texte.</p>"
            '<div class="callout callout--important" data-callout="important" '
            'data-title="Important">Vos papiers.</div>'
            "<ul><li>un</li><li>deux</li></ul>",
        ),
        ("### Titre\n\n1. un", "<h3>Titre</h3><ol><li>un</li></ol>"),
        ("<script>x</script>", "<p>&lt;script&gt;x&lt;/script&gt;</p>"),
    ],
)
def test_to_editor_html(text: str, html: str) -> None:
    assert richtext.to_editor_html(text) == html


@pytest.mark.parametrize(
    ("body", "shown"),
    [
        ("venez tôt.", "Venez tôt."),
        ("*votre* titre de séjour.", "<em>Votre</em> titre de séjour."),
        ("**à** partir de 9 h.", "<strong>À</strong> partir de 9 h."),
        ("« les » places.", "« Les » places."),
        ("3 places par séance.", "3 places par séance."),
        ("contact@exemple.org répond.", "contact@exemple.org répond."),
        ("https://exemple.org répond.", "https://exemple.org répond."),
        ("[le site](https://exemple.org) répond.", '<a href="https://exemple.org">Le site</a> répond.'),
    ],
)  # fmt: skip
def test_a_callouts_text_starts_as_a_sentence(body: str, shown: str) -> None:
    """Its title stands on a line of its own above it (on the site, and on Réfugiés.info from
    `data-title`): the text after « Important : » starts with a capital letter, unless it
    opens with an address or a number."""
    assert f"<p>{shown}</p></div>" in richtext.to_html(f"> Important : {body}")
    assert f'data-title="Important">{shown}</div>' in richtext.to_editor_html(
        f"> Important : {body}"
    )
    # In plain text the title and the text stay one sentence, as written.
    assert richtext.to_plain(f"> Important : {body}").startswith("Important : ")


def test_callout_titles_follow_the_language() -> None:
    html = richtext.to_html("> Bon à savoir : x", {"info": "Good to know", "important": "!"})
    assert "<strong>Good to know</strong>" in html


@pytest.mark.parametrize(
    ("text", "plain"),
    [
        ("Un **gras**, un *italique*, un _autre_.", "Un gras, un italique, un autre."),
        ("Voir [le site](https://exemple.org).", "Voir le site."),
        ("### Titre\n\n- un\n- deux\n\n1. trois", "Titre\n- un\n- deux\n- trois"),
        ("- un\n  suite\n- deux", "- un suite\n- deux"),
        ("> Important : vos papiers.", "Important : vos papiers."),
        ("snake_case et a * b", "snake_case et a * b"),
    ],
)
def test_to_plain(text: str, plain: str) -> None:
    assert richtext.to_plain(text) == plain
