"""Safe YAML reading: hostile files are refused before they cost anything (a size cap, no
aliases, no custom tags, a depth cap), and every value keeps its line number so that an error
names `file:line`. Parsing uses libyaml's composer when available (fast); our own walk builds
the values."""

from __future__ import annotations

import datetime as dt
from typing import Any

import yaml

from ctai_site.fiche.errors import Problem

MAX_BYTES = 256 * 1024
MAX_DEPTH = 20
FICHE_SUFFIXES = (".yml", ".yaml")

Path_ = tuple[str | int, ...]

_BaseLoader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_STR = "tag:yaml.org,2002:str"
_PLAIN_TAGS: dict[str, str] = {}  # plain scalar -> its tag: keys and short values repeat
_DEFAULT_TAGS = {
    yaml.ScalarNode: "tag:yaml.org,2002:str",
    yaml.SequenceNode: "tag:yaml.org,2002:seq",
    yaml.MappingNode: "tag:yaml.org,2002:map",
}


class _Loader(_BaseLoader):  # type: ignore[misc]
    """The safe loader, with its tag resolution cached: libyaml calls these three methods in
    Python once per node (a third of the parsing time of a fiche). A safe loader has no path
    resolvers, so a plain scalar's tag depends on its text only; quoted and block scalars,
    lists and mappings take the default tag."""

    def descend_resolver(self, current_node: Any, current_index: Any) -> None:
        return None

    def ascend_resolver(self) -> None:
        return None

    def resolve(self, kind: Any, value: Any, implicit: tuple[bool, bool]) -> str:
        if kind is yaml.ScalarNode and implicit[0]:
            tag = _PLAIN_TAGS.get(value)
            if tag is None:
                tag = str(super().resolve(kind, value, implicit))
                if len(value) <= 40 and len(_PLAIN_TAGS) < 50_000:
                    _PLAIN_TAGS[value] = tag
            return tag
        return _DEFAULT_TAGS[kind]


_CONSTRUCTOR = yaml.SafeLoader("")
_SCALAR_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
}
_YAML_MESSAGES = {  # PyYAML's words -> the carrier's
    "mapping values are not allowed here": "« : » inattendu (une valeur contient « : » ? "
    "mettez-la entre guillemets)",
    "could not find expected ':'": "« : » manquant après une clé",
    "found character '\\t' that cannot start any token": "tabulation : indentez avec des espaces",
    "found undefined alias": "alias YAML inconnu",
    "expected <block end>, but found '-'": "tiret mal aligné dans une liste",
    "found unexpected end of stream": "fin de fichier inattendue (guillemet non fermé ?)",
    "did not find expected ',' or ']'": "liste entre [ ] non fermée ou virgule manquante",
    "did not find expected ',' or '}'": "champs entre { } non fermés ou virgule manquante",
    "did not find expected key": "clé attendue (indentation incorrecte ?)",
    "expected a single document in the stream": "un seul document YAML par fiche (pas de « --- »)",
    # libyaml (CSafeLoader) words the same problems differently
    "mapping values are not allowed in this context": "« : » inattendu (une valeur contient "
    "« : » ? mettez-la entre guillemets)",
    "found a tab character that violates indentation": "tabulation : indentez avec des espaces",
    "found a tab character where an indentation space is expected": "tabulation : indentez avec "
    "des espaces",
    "but found another document": "un seul document YAML par fiche (pas de « --- »)",
    "did not find expected <document start>": "texte inattendu après la fin de la fiche",
    "did not find expected '-' indicator": "tiret mal aligné dans une liste",
    "block sequence entries are not allowed in this context": "« - » inattendu (liste mal "
    "indentée ?)",
    "did not find expected node content": "valeur attendue",
    "did not find expected comment or line break": "texte inattendu après une valeur entre "
    "guillemets",
    "found character that cannot start any token": "caractère interdit en début de valeur "
    "(mettez la valeur entre guillemets)",
    "found unknown escape character": "« \\ » inconnu entre guillemets doubles (utilisez des "
    "guillemets simples)",
    "second occurrence": "ancre YAML (&nom) en double",
    "did not find expected alphabetic or numeric character": "nom d'ancre ou d'alias invalide "
    "après « & » ou « * »",
    "found undefined tag handle": "étiquette YAML (!…) inconnue",
}


def format_path(path: Path_) -> str:
    """`('places', 0, 'phone')` -> `places[1].phone` (counted from 1, as a carrier counts)."""
    out = ""
    for part in path:
        out += f"[{part + 1}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out


class _Reader:
    """Walk a composed YAML node tree into plain values, remembering each field's line."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.lines: dict[Path_, int] = {}
        # Numbers as the carrier wrote them, for messages: YAML reads 01053 as 555, 14:00 as 840
        self.written: dict[Path_, str] = {}
        self.problems: list[Problem] = []
        self._reported: set[Problem] = set()
        self._seen: set[int] = set()
        self.aliases = 0

    def problem(self, path: Path_, message: str, line: int | None = None) -> None:
        if line is None:
            line = self.line(path)
        problem = Problem(self.file, line, format_path(path), message)
        if problem not in self._reported:  # jsonschema reports `required` once per missing key
            self._reported.add(problem)
            self.problems.append(problem)

    def line(self, path: Path_) -> int:
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.lines.get((), 1)

    def value(self, node: yaml.Node, path: Path_, depth: int = 0) -> Any:
        line = node.start_mark.line + 1
        self.lines.setdefault(path, line)
        if id(node) in self._seen:  # the composer shares the node of an alias
            self.aliases += 1
            if self.aliases == 1:  # one line per file: a bomb has thousands of aliases
                self.problem(
                    path,
                    "les alias YAML (*nom) ne sont pas acceptés : recopiez la valeur",
                    self.line(path[:-1]) if path and isinstance(path[-1], int) else None,
                )
            return None
        self._seen.add(id(node))
        if depth > MAX_DEPTH:
            self.problem(path, f"imbrication trop profonde (plus de {MAX_DEPTH} niveaux)", line)
            return None
        if isinstance(node, yaml.MappingNode):
            if node.tag != "tag:yaml.org,2002:map":
                return self._bad_tag(node, path)
            out: dict[str, Any] = {}
            for key_node, value_node in node.value:
                if not isinstance(key_node, yaml.ScalarNode) or key_node.tag not in _SCALAR_TAGS:
                    self.problem(
                        path,
                        "clé invalide (une clé est un mot simple)",
                        key_node.start_mark.line + 1,
                    )
                    continue
                key = str(key_node.value)
                key_line = key_node.start_mark.line + 1
                if key in out:
                    self.problem(path + (key,), "clé en double dans la fiche", key_line)
                    continue
                child = path + (key,)
                self.lines[child] = key_line
                if (  # most values: text, walked here rather than in a call of its own
                    value_node.__class__ is yaml.ScalarNode
                    and value_node.tag == _STR
                    and depth < MAX_DEPTH
                    and id(value_node) not in self._seen
                ):
                    self._seen.add(id(value_node))
                    out[key] = value_node.value
                else:
                    out[key] = self.value(value_node, child, depth + 1)
            return out
        if isinstance(node, yaml.SequenceNode):
            if node.tag != "tag:yaml.org,2002:seq":
                return self._bad_tag(node, path)
            return [self.value(item, path + (i,), depth + 1) for i, item in enumerate(node.value)]
        if node.tag not in _SCALAR_TAGS:
            return self._bad_tag(node, path)
        if node.tag == "tag:yaml.org,2002:str":
            return node.value
        try:
            value = _CONSTRUCTOR.yaml_constructors[node.tag](_CONSTRUCTOR, node)
        except ValueError:  # 2024-02-30 looks like a date, 0b_ like a number: keep the text
            return node.value
        if isinstance(value, dt.datetime | dt.date):
            return value.isoformat()  # checked as text by the schema, parsed again below
        if isinstance(value, int | float) and not isinstance(value, bool):
            self.written[path] = str(node.value)
        return value

    def _bad_tag(self, node: yaml.Node, path: Path_) -> None:
        tag = node.tag.replace("tag:yaml.org,2002:", "!!")  # as the carrier wrote it
        self.problem(path, f"étiquette YAML « {tag} » refusée", node.start_mark.line + 1)
        return None


# The composer recurses once per level: 100 000 « [ » (200 Ko) overflow libyaml's C stack (a
# segfault) or PyYAML's recursion limit before any check of ours runs. Deeper than this is
# refused from the event stream; up to it, `_Reader` names the field that is too deep.
_COMPOSE_DEPTH = 200
_NESTING_INDICATORS = "[{-:?"  # every nested collection opens with one of these


def _too_deep(text: str) -> int | None:
    """The line where nesting passes `_COMPOSE_DEPTH`, if it does."""
    if sum(text.count(c) for c in _NESTING_INDICATORS) <= _COMPOSE_DEPTH:
        return None  # too few indicators to nest that deep: skip the scan (every real fiche)
    depth = 0
    for event in yaml.parse(text, Loader=_Loader):
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > _COMPOSE_DEPTH:
                return event.start_mark.line + 1 if event.start_mark else 1
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
    return None


def read_yaml(text: str, file: str) -> tuple[Any, _Reader]:
    """Parse one fiche's text; syntax errors become problems with their line."""
    reader = _Reader(file)
    try:
        deep = _too_deep(text)
        if deep is not None:
            reader.problem((), f"imbrication trop profonde (plus de {MAX_DEPTH} niveaux)", deep)
            return None, reader
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        if exc.problem == "found unexpected end of stream" and exc.context_mark:
            mark = exc.context_mark  # where the unclosed quote opens
        line = mark.line + 1 if mark else 1
        words = _YAML_MESSAGES.get(str(exc.problem), str(exc.problem))
        if exc.problem == "found character that cannot start any token" and mark:
            # libyaml does not name the character: a tab is the usual one
            char = (text.splitlines()[mark.line :] or [""])[0][mark.column : mark.column + 1]
            if char == "\t":
                words = _YAML_MESSAGES["found character '\\t' that cannot start any token"]
            elif char:
                words = f"« {char} » ne peut pas commencer une valeur (mettez-la entre guillemets)"
        reader.problem((), f"erreur de syntaxe YAML : {words}", line)
        return None, reader
    except yaml.reader.ReaderError as exc:  # control characters
        char = exc.character if isinstance(exc.character, str) else chr(exc.character)
        line = text[: max(text.find(char), 0)].count("\n") + 1
        reader.problem(
            (), f"caractère de contrôle interdit (U+{ord(char):04X}) : supprimez-le", line
        )
        return None, reader
    except yaml.YAMLError as exc:  # pragma: no cover - every YAML error is marked or a reader's
        reader.problem((), f"erreur de syntaxe YAML : {exc}", 1)
        return None, reader
    if node is None:
        reader.problem((), "fiche vide", 1)
        return None, reader
    return reader.value(node, ()), reader
