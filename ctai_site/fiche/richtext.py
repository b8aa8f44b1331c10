"""The light Markdown of fiche texts: exactly what Réfugiés.info's editor accepts.

Paragraphs, one heading level (`### `), bullet (`- `) and numbered (`1. `) lists, **bold**,
*italic*, [links](https://...), and two callouts written as quotes:
`> Bon à savoir : ...` and `> Important : ...`. Everything is escaped before any markup is
applied, so HTML written in a fiche shows as text and never runs.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass

CALLOUTS = {"bon à savoir": "info", "important": "important"}
# The callouts' French titles are Réfugiés.info's own: refugies-info/karfur @ e5ef018,
# apps/client/src/locales/fr/common.json lines 460-461 (`callout_info`, `callout_important`).
CALLOUT_TITLES = {"info": "Bon à savoir", "important": "Important"}
_HTML = re.compile(r"<\s*[A-Za-z/!?]")
# The target may hold one level of parentheses, so `[x](javascript:alert(1))` is seen as a link
# (and refused) rather than slipping past the check as plain text.
_LINK = re.compile(r"\[([^\]\n]+)\]\(((?:[^()\s]|\([^()\s]*\))+)\)")
_SAFE_URL = re.compile(r"^(https?://|mailto:|tel:)", re.IGNORECASE)
_BULLET = re.compile(r"^[-*] +(.*)$")
_NUMBERED = re.compile(r"^\d+[.)] +(.*)$")
_CALLOUT = re.compile(r"^(bon à savoir|important)\s*:\s*(.*)$", re.IGNORECASE | re.DOTALL)
_ITALIC = (
    re.compile(r"(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?![\w*])"),
    re.compile(r"(?<![\w_])_(?!\s)(.+?)(?<!\s)_(?![\w_])"),
)


@dataclass(frozen=True)
class Block:
    kind: str  # p, h3, ul, ol, callout
    items: tuple[str, ...]  # raw (unescaped) inline texts
    callout: str | None = None  # info | important


def check(text: str) -> list[str]:
    """French messages for what Réfugiés.info's editor would not keep."""
    problems = []
    if _HTML.search(text):
        problems.append(
            "le HTML n'est pas accepté : écrivez en Markdown léger (gras, listes, liens)"
        )
    for line in text.splitlines():
        stripped = line.strip()
        if re.match(r"^#{1,2} |^#{4,} ", stripped):
            problems.append("seul le titre de niveau « ### » est accepté")
        elif stripped.startswith(("```", "~~~")):
            problems.append("les blocs de code ne sont pas acceptés")
        elif stripped.startswith("|"):
            problems.append("les tableaux ne sont pas acceptés par Réfugiés.info")
    for chunk in re.split(r"\n\s*\n", text):  # a quote may span lines: judge it whole
        quoted = [line.strip() for line in chunk.splitlines() if line.strip().startswith(">")]
        body = " ".join(line.lstrip(">").strip() for line in quoted)
        if quoted and not _CALLOUT.match(body):
            problems.append("une citation « > » commence par « Bon à savoir : » ou « Important : »")
    if "![" in text:
        problems.append("les images ne sont pas acceptées")
    for _, url in _LINK.findall(text):
        if not _SAFE_URL.match(url):
            problems.append(f"lien « {url} » refusé : http://, https://, mailto: ou tel: seulement")
    return list(dict.fromkeys(problems))


def parse(text: str) -> tuple[Block, ...]:
    """Split text into blocks. Assumes `check` passed (anything else degrades to paragraphs)."""
    blocks: list[Block] = []
    for chunk in re.split(r"\n\s*\n", text.strip()):
        lines = [line.strip() for line in chunk.splitlines() if line.strip()]
        if not lines:
            continue
        if all(line.startswith(">") for line in lines):
            body = " ".join(line.lstrip(">").strip() for line in lines)
            m = _CALLOUT.match(body)
            if m:
                blocks.append(Block("callout", (m[2].strip(),), CALLOUTS[m[1].lower()]))
                continue
        if len(lines) == 1 and lines[0].startswith("### "):
            blocks.append(Block("h3", (lines[0][4:].strip(),)))
        elif _list_item(lines[0]):
            blocks.extend(_lists(lines))
        else:
            blocks.append(Block("p", (" ".join(lines),)))
    return tuple(blocks)


def _list_item(line: str) -> tuple[str, str] | None:
    """(`ul` or `ol`, the item's text) if the line starts a list item."""
    for kind, pattern in (("ul", _BULLET), ("ol", _NUMBERED)):
        m = pattern.match(line)
        if m:
            return kind, m[1]
    return None


def _lists(lines: list[str]) -> list[Block]:
    """The lists of a chunk that starts with an item. A line that starts no item continues the
    item above it (Markdown's « lazy continuation »): an item wrapped onto two lines, indented
    or not, stays one item, and the list stays a list. Changing from `- ` to `1. ` starts a new
    list, as in CommonMark."""
    lists: list[tuple[str, list[str]]] = []
    for line in lines:
        item = _list_item(line)
        if item is None:
            lists[-1][1][-1] += " " + line
        elif lists and lists[-1][0] == item[0]:
            lists[-1][1].append(item[1])
        else:
            lists.append((item[0], [item[1]]))
    return [Block(kind, tuple(items)) for kind, items in lists]


def inline_html(text: str) -> str:
    """Escape, then apply bold, italic and safe links."""
    out = html.escape(text.replace("\x00", ""), quote=True)
    # Links wait behind placeholders, so that bold and italic never reach inside an href
    # (`https://x.fr/_a_/` must not become `https://x.fr/<em>a</em>/`).
    anchors: list[str] = []

    def link(m: re.Match[str]) -> str:
        url = html.unescape(m[2])
        if not _SAFE_URL.match(url):
            return m[1]
        anchors.append(f'<a href="{html.escape(url, quote=True)}">')
        return f"\x00{len(anchors) - 1}\x00{m[1]}\x00/\x00"

    out = _LINK.sub(link, out)
    out = re.sub(r"\*\*(.+?)\*\*", r"<strong>\1</strong>", out)
    for italic in _ITALIC:
        out = italic.sub(r"<em>\1</em>", out)
    out = re.sub(r"\x00(\d+)\x00", lambda m: anchors[int(m[1])], out)
    return out.replace("\x00/\x00", "</a>")


def to_html(text: str, callout_titles: dict[str, str] | None = None) -> str:
    """Safe HTML for the site and for pasting into Réfugiés.info's editor."""
    titles = callout_titles or CALLOUT_TITLES

    def callout(kind: str, body: str) -> str:
        return (
            f'<div class="ctai-callout ctai-callout--{kind}" role="note">'
            f'<p class="ctai-callout__title"><strong>{html.escape(titles[kind])}'
            f"</strong></p><p>{body}</p></div>"
        )

    return "\n".join(_blocks_html(text, callout))


def _blocks_html(text: str, callout: Callable[[str, str], str]) -> list[str]:
    """Each block as HTML; a callout through `callout(kind, inline html)`, its text starting
    as a sentence (the title stands on its own line above it)."""
    return [
        callout(block.callout or "info", inline_html(sentence(block.items[0])))
        if block.kind == "callout"
        else to_html_block(block)
        for block in parse(text)
    ]


def sentence(text: str) -> str:
    """« les places sont limitées » -> « Les places sont limitées »: the first letter in capital,
    past markup and quotes (« **votre** » -> « **Votre** »); a text that opens with an address
    (`https://…`, an e-mail) or a number is left as written."""
    m = re.search(r"[^\W_]", text)
    if m is None or not m[0].isalpha() or not m[0].islower():
        return text
    word = text[m.start() :].split(maxsplit=1)[0]
    if "@" in word or re.match(r"(https?:|mailto:|tel:|www\.)", word, re.IGNORECASE):
        return text
    return text[: m.start()] + m[0].upper() + text[m.end() :]


def to_html_block(block: Block) -> str:
    """A paragraph, a heading or a list (callouts differ between the site and the editor)."""
    if block.kind in ("ul", "ol"):
        items = "".join(f"<li>{inline_html(i)}</li>" for i in block.items)
        return f"<{block.kind}>{items}</{block.kind}>"
    if block.kind == "h3":
        return f"<h3>{inline_html(block.items[0])}</h3>"
    return f"<p>{inline_html(block.items[0])}</p>"


def to_editor_html(text: str) -> str:
    """The HTML Réfugiés.info's editor keeps when it is pasted or imported (its Lexical 0.16
    editor drops what it has no node for): the blocks of `to_html`, side by side, and each
    callout as the editor itself stores it.

    The editor reads a callout only from a `div` with a `data-callout` attribute (refugies-info/
    karfur @ e5ef018, apps/client/src/components/UI/RichTextInput/plugins/CalloutPlugin/
    CalloutNode.ts, `importDOM`); any other `div` is unwrapped into plain paragraphs. The form
    below is the one it exports and stores (apps/server/src/__fixtures__/demarche.ts, line 33):
    class, `data-callout` and a `data-title` (the site shows the title from it, and does not
    always add it itself), the text directly inside the `div`.
    """

    def callout(kind: str, body: str) -> str:
        return (
            f'<div class="callout callout--{kind}" data-callout="{kind}" '
            f'data-title="{html.escape(CALLOUT_TITLES[kind])}">{body}</div>'
        )

    return "".join(_blocks_html(text, callout))


def to_plain(text: str) -> str:
    """Plain text (for descriptions in open data and JSON-LD)."""
    lines = []
    for block in parse(text):
        strip = [_LINK.sub(r"\1", i).replace("**", "") for i in block.items]
        for italic in _ITALIC:
            strip = [italic.sub(r"\1", i) for i in strip]
        if block.kind == "callout":
            lines.append(f"{CALLOUT_TITLES[block.callout or 'info']} : {strip[0]}")
        elif block.kind in ("ul", "ol"):
            lines.extend(f"- {i}" for i in strip)
        else:
            lines.extend(strip)
    return "\n".join(lines)
