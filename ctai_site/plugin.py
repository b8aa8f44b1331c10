"""MkDocs glue, and the only module that imports MkDocs.

Everything happens before MkDocs touches `site/`: `on_config` loads and checks the catalogue and
writes the generated pages (`site.build.generate`), so a broken fiche stops the build with its
`file:line` errors and leaves the last good site in place (MkDocs cleans `site_dir` only after
`on_config`). Pages are files in `<docs_dir>/<generated_dir>/` because mkdocs-static-i18n 1.3.1
cannot take in-memory files (ultrabug/mkdocs-static-i18n#263); `on_files` mounts them at the site
root (`catalogue/actions/x.ar.md` -> `/ar/actions/x/`). mkdocs-static-i18n re-runs the whole
build once per language, calling every event again (`mkdocs_static_i18n/plugin.py`,
`on_post_build`): the sources' signature makes the seven reruns skip the work. The folders that
are French only (`build.SOURCE_ONLY`) are built once, in the French build.

`mkdocs build` builds the languages at the same time, one process per core (`jobs`): in
`on_config`, once the pages are written, the plugin forks processes that each build a group of
languages into a folder of their own, the way mkdocs-static-i18n builds them (its
`current_language`, then MkDocs' `build`), while this process builds French. In `on_post_build`,
before mkdocs-static-i18n would build the others one after the other, it waits for them and
moves their files into `site_dir` (`site.merge`: what the one-process build leaves, byte for
byte), then merges the search entries with mkdocs-static-i18n's own code. A language that fails
fails the build. Forking shares the loaded site and imports; `serve` never forks (its server has
threads).

`mkdocs serve`, after an edit, builds the language of the page read last first (the browser's
live-reload poll names it), and only its pages whose Markdown changed (the generator rewrites
only those; MkDocs' `dirty` build skips the others), then tells the browsers to reload; the full
build of every language follows in the same rebuild, without emptying the served folder.

Long on purpose: the one module that may import MkDocs holds the three ways of building (one
process, every core, the reader first), each leaning on MkDocs and mkdocs-static-i18n internals
named where they are used; the rest of the work is in `site.merge` and `workers`.

The printable guides (one PDF per language, `guide/`) are made by `mkdocs build` and
`gh-deploy` only, never by `mkdocs serve`: WeasyPrint takes about half a second per language,
too slow for the edit loop, and a reader of the local preview does not need the PDF. `on_startup`
tells which command runs; the guides are rendered in `on_config` (their sizes go into the home
pages, and a failure leaves the previous site in place), from a cache in `.cache/guide/` that
keeps the PDFs of unchanged guides, and written into the site in `on_post_build`.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import logging
import os
import signal
import sys
import tempfile
import threading
import traceback
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal
from urllib.parse import urlsplit

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files

from ctai_site import config as checks
from ctai_site.fiche import vocab
from ctai_site.fiche.errors import FicheError
from ctai_site.guide import build as guide
from ctai_site.guide.pdf import GuideError
from ctai_site.opendata.export import site_action_url, write_exports
from ctai_site.site import build, html, maps, merge, opendata_page
from ctai_site.site.settings import OSM_MAX_ZOOM, Download, Settings, Tiles
from ctai_site.templating import MemoryBytecodeCache
from ctai_site.translation import fallback_lines
from ctai_site.workers import cores, weighted_shares

if TYPE_CHECKING:
    from jinja2 import Environment
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.livereload import LiveReloadServer
    from mkdocs.structure.pages import Page

log = get_plugin_logger(__name__)

CSS = "assets/ctai/ctai.css"
JS = "assets/ctai/ctai.js"
GUIDE_CACHE = ".cache/guide"  # next to mkdocs.yml


class CtaiSiteConfig(base.Config):
    enabled = c.Type(bool, default=True)
    """Turn the plugin off (the hand-written pages still build)."""
    actions = c.Type(str, default="actions")
    """Folder of the fiches, relative to mkdocs.yml."""
    translations = c.Type(str, default="translations")
    """Folder of the translations, relative to mkdocs.yml."""
    generated_dir = c.Type(str, default="catalogue")
    """Folder inside docs_dir where pages are written (git-ignored), mounted at the site root."""
    territory = c.Type(str, default="territory.yml")
    """The territory file (name, contract, glossary, data·inclusion source), relative to
    mkdocs.yml."""
    templates = c.Optional(c.Type(str))
    """Folder of templates overriding ours by name, relative to mkdocs.yml."""
    guide = c.Type(bool, default=True)
    """Make the printable guide (a PDF per language) in `mkdocs build`; never in `serve`."""
    tiles_url = c.Optional(c.Type(str))
    """The map's tile server, an XYZ template (`{z}`, `{x}`, `{y}`); OpenStreetMap if unset."""
    tiles_attribution = c.Optional(c.Type(str))
    """Whom the map credits for its background (required with `tiles_url`)."""
    tiles_attribution_url = c.Optional(c.Type(str))
    """Where the credit links to (https)."""
    tiles_max_zoom = c.Type(int, default=OSM_MAX_ZOOM)
    """The closest zoom the tile server has."""
    jobs = c.Optional(c.Type(int))
    """Processes building the languages at once in `mkdocs build`: one per core if unset; 1
    builds them one after the other in one process, as mkdocs-static-i18n does."""


PART = "CTAI_SITE_PART"  # `en,ar`: this `mkdocs build` builds these languages only, a part
PARTS = "CTAI_SITE_PARTS"  # folders of parts built elsewhere, to merge (a CI job per part)


@dataclasses.dataclass(frozen=True)
class _Part:
    """Languages built into a folder of their own: by a forked process, or by another job
    (`pid` 0, `CTAI_SITE_PARTS`)."""

    pid: int
    languages: tuple[str, ...]
    site_dir: Path

    @property
    def manifest(self) -> Path:
        """Its languages and search entries, next to its folder (JSON)."""
        return self.site_dir.with_name(self.site_dir.name + ".json")

    def entries(self) -> list[Any]:
        return list(json.loads(self.manifest.read_text(encoding="utf-8"))["search"])


def _given_part(site_dir: Path) -> _Part:
    """A part built by another job: its folder and, next to it, its manifest."""
    part = _Part(0, (), site_dir)
    try:
        languages = json.loads(part.manifest.read_text(encoding="utf-8"))["languages"]
    except (OSError, ValueError, KeyError) as error:
        raise PluginError(
            f"ctai-site : {PARTS} : {site_dir} n'est pas une partie ({error})"
        ) from None
    return _Part(0, tuple(languages), site_dir)


def _keep_directory(directory: str) -> None:
    """`mkdocs.utils.clean_directory` in `serve`: the served folder keeps its files."""


class _Quiet(logging.Filter):
    """MkDocs' lines that a part would repeat (as mkdocs-static-i18n's `I18nLoggingFilter`)."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        return not message.startswith(
            (
                "Cleaning site directory",
                "Building documentation to",
                "Documentation built in",
                "A 'dirty' build is being performed",
            )
        )


class CtaiSitePlugin(BasePlugin[CtaiSiteConfig]):
    def __init__(self) -> None:
        super().__init__()
        self.site: Any = None  # site.pages.Site once loaded
        self._signature: tuple[Any, ...] | None = None
        self.command: str | None = None
        self.guides: dict[str, bytes] = {}
        self._parts: list[_Part] = []  # the languages building in other processes
        self._part = False  # this process builds a part
        self._own: tuple[str, ...] = ()  # the languages this process builds after French
        self._parallel = False  # this build shares its languages with parts
        self._nested = False  # building this process's other languages, after French
        self._error_page: bytes | None = None  # the first build's 404.html (`site.merge`)
        # `serve`
        self._server: LiveReloadServer | None = None
        self._reader = vocab.SOURCE_LANGUAGE  # the language of the page read last
        self._quick = False  # building the reader's language, before the others
        self._clean_directory: Callable[[str], None] | None = None  # MkDocs', kept aside
        self._bytecode = MemoryBytecodeCache()

    def on_startup(self, *, command: Literal["build", "gh-deploy", "serve"], dirty: bool) -> None:
        self.command = command  # MkDocs keeps this plugin across `serve` rebuilds (1.4+)

    def load_config(
        self, options: dict[str, Any], config_file_path: str | None = None
    ) -> tuple[list[tuple[str, Exception]], list[tuple[str, str]]]:
        """MkDocs' checks, then ours; every problem as one French line naming its option."""
        errors, warnings = super().load_config(options, config_file_path)
        root = Path(config_file_path).parent if config_file_path else Path.cwd()
        problems = checks.plugin_options(options, dict(self.config), root, failed=errors)
        return [(key, base.ValidationError(msg)) for key, msg in problems], [
            w for w in warnings if w[0] in self.config
        ]

    def _sources(self, config: MkDocsConfig) -> build.Sources:
        root = Path(config.config_file_path).parent
        templates = self.config.templates
        return build.Sources(
            actions=root / self.config.actions,
            translations=root / self.config.translations,
            territory=root / self.config.territory,
            templates=root / templates if templates else None,
            display_root=root,
        )

    def _generated(self, config: MkDocsConfig) -> Path:
        return Path(config.docs_dir) / self.config.generated_dir

    def _tiles(self) -> Tiles:
        if self.config.tiles_url is None:
            return Tiles(max_zoom=self.config.tiles_max_zoom)
        return Tiles(
            self.config.tiles_url,
            self.config.tiles_attribution or "",
            self.config.tiles_attribution_url,
            self.config.tiles_max_zoom,
        )

    def _make_guides(self, site: Any, sources: build.Sources, config: MkDocsConfig) -> None:
        """Render the guides (or take them from the cache) when this command publishes."""
        self.guides = {}
        if not self.config.guide or self.command == "serve":
            return
        if not config.site_url:
            log.info(  # INFO: a site without an address is fine to build (`--strict`)
                "guide PDF : site_url absent de territory.yml, les codes QR donnent le chemin de "
                "chaque page depuis la racine du site (ar/actions/…), pas son adresse complète"
            )
        root = Path(config.config_file_path).parent
        self.guides = guide.render_guides(
            site,
            cache=root / GUIDE_CACHE,
            site_url=config.site_url,
            templates=sources.templates,
            jobs=self._jobs() if threading.active_count() == 1 else 1,  # `serve --clean`
        )

    @event_priority(0)
    def _load(self, config: MkDocsConfig) -> MkDocsConfig | None:
        if not self.config.enabled:
            return config
        missing = [e for e in checks.REQUIRED_EXTENSIONS if e not in config.markdown_extensions]
        if missing:
            raise PluginError(checks.missing_extensions(missing))
        # Material ships no Pashto or Tigrinya strings (its build fails without them): ours come
        # after a site's own custom_dir, before Material's templates.
        overrides = str(html.OVERRIDES)
        if overrides not in config.theme.dirs:
            config.theme.dirs.insert(1 if config.theme.custom_dir else 0, overrides)
        for option, asset in (("extra_css", CSS), ("extra_javascript", JS)):
            if asset not in [str(v) for v in config[option]]:
                config[option].append(asset)
        sources = self._sources(config)
        tiles = self._tiles()
        signature = (build.signature(sources.folders()), tiles, self.command)
        if signature == self._signature:
            return config  # mkdocs-static-i18n's next language: nothing changed
        # Many files on every core in `mkdocs build` (`serve`'s server has threads: no fork)
        jobs = self._jobs() if self.command != "serve" and threading.active_count() == 1 else 1
        try:
            site = build.load_site(sources, jobs=jobs)
            if site.territory.site_url and not config.site_url:
                config.site_url = site.territory.site_url  # sitemap, canonical links, QR codes
            self._make_guides(site, sources, config)
            downloads = {
                lang: Download(guide.file_path(lang), len(pdf)) for lang, pdf in self.guides.items()
            }
            site = dataclasses.replace(site, settings=Settings(tiles, downloads))
            generated = self._generated(config)
            reader = self._reader_language(config, site)
            if reader is not None:  # `serve`, after an edit: the reader's language first
                one = dataclasses.replace(site, languages=(reader,))
                build.update_site_files(
                    build.render_site(one, sources.templates), generated, prune=False
                )
                self.site, self._signature = site, signature
                self._quick_build(config, reader)
                self._keep_site_dir()
            files = build.render_site(site, sources.templates, jobs=jobs)
            written, deleted = build.update_site_files(files, generated)
        except FicheError as error:
            raise PluginError(f"{error.summary()}\n{error}") from None
        except (GuideError, ValueError) as error:
            raise PluginError(str(error)) from None
        if written:
            log.info("%d page(s) écrite(s) dans %s", len(written), self.config.generated_dir)
        if deleted and self._clean_directory is not None:  # `serve`: a page is gone
            self._clean_directory(config.site_dir)
        for line in fallback_lines(site.catalog, site.translations, site.territory.texts()):
            log.info(line)  # INFO: a missing translation must not fail `--strict`
        self.site, self._signature = site, signature
        self._start_parts(config, build.pages_per_language(files))
        return config

    @staticmethod
    def _language(config: MkDocsConfig) -> str:
        """This build's language: mkdocs-static-i18n sets the theme's for each of its builds."""
        return str(config.theme.get("language") or vocab.SOURCE_LANGUAGE)

    @event_priority(-110)  # after mkdocs-static-i18n (-100) has set this build's language
    def _per_language(self, config: MkDocsConfig) -> MkDocsConfig | None:
        if self.config.enabled and self.site is not None:
            lang = self._language(config)
            if lang in vocab.LANGUAGE_CODES:
                strings = self.site.strings(lang)
                config.site_name = strings("site.name")
                config.site_description = strings("site.description")
        return config

    on_config = CombinedEvent(_load, _per_language)

    def _mount(self, files: Files, /, *, config: MkDocsConfig) -> Files | None:
        """Mount the generated folder at the site root; add our CSS, JS and the map's assets.
        In a build of another language than French, leave out the French-only folders
        (`build.SOURCE_ONLY`) before mkdocs-static-i18n copies them as a fallback."""
        if not self.config.enabled:
            return files
        prefix = self.config.generated_dir.strip("/") + "/"
        french_build = self._language(config) == vocab.SOURCE_LANGUAGE
        taken = {f.dest_uri: f.src_uri for f in files if not f.src_uri.startswith(prefix)}
        for file in [f for f in files if f.src_uri.startswith(prefix)]:
            dest = file.dest_uri[len(prefix) :]
            if dest in taken:
                raise PluginError(checks.page_clash(taken[dest], file.src_uri, dest))
            files.remove(file)
            if not french_build and build.french_only(file.src_uri[len(prefix) :]):
                # With `fallback_to_default`, mkdocs-static-i18n 1.3.1 builds every French
                # page that has no translation into each language's folder (`reconfigure_files`
                # in mkdocs_static_i18n/reconfigure.py): a file it never sees is never copied.
                continue
            files.append(
                File(
                    file.src_path,
                    file.src_dir,
                    file.dest_dir,
                    file.use_directory_urls,
                    dest_uri=dest,
                    inclusion=file.inclusion,
                )
            )
        for uri, path in html.site_assets(CSS, JS) + maps.asset_files():
            if files.get_file_from_path(uri) is None:
                files.append(File.generated(config, uri, abs_src_path=str(path)))
        return files

    @event_priority(-110)  # after mkdocs-static-i18n (-100) gave each page its alternates
    def _source_only_alternates(self, files: Files, /, *, config: MkDocsConfig) -> Files | None:
        """A French-only page has no other language: without this, mkdocs-static-i18n lists
        `/en/bilan/2023/` (never built) in its sitemap and its language switcher; with it, the
        switcher leads to each language's home page."""
        if not self.config.enabled:
            return files
        prefix = self.config.generated_dir.strip("/") + "/"
        for file in files:
            alternates = getattr(file, "alternates", None)
            generated = file.src_uri.startswith(prefix)
            if alternates and generated and build.french_only(file.src_uri[len(prefix) :]):
                file.alternates = {  # type: ignore[attr-defined]
                    lang: alt for lang, alt in alternates.items() if lang == vocab.SOURCE_LANGUAGE
                }
        return files

    on_files = CombinedEvent(_mount, _source_only_alternates)

    def on_post_page(self, output: str, /, *, page: Page, config: MkDocsConfig) -> str | None:
        if not self.config.enabled:
            return output
        return html.localize_html(output, str(config.theme.get("language") or "fr"))

    # --- `serve`: the reader's language first ------------------------------------------------

    def _reader_language(self, config: MkDocsConfig, site: Any) -> str | None:
        """The language to build first after an edit in `serve`: the page read last's; None
        in a build, at `serve`'s first build, or when a fiche is gone (a page to remove)."""
        i18n = self._i18n(config)
        if (
            self.command != "serve"
            or self._server is None
            or self.site is None
            or i18n is None
            or i18n.building
            or self._reader not in i18n.build_languages
        ):
            return None
        before = {a.id for a in self.site.catalog.actions}
        return self._reader if before <= {a.id for a in site.catalog.actions} else None

    def _quick_build(self, config: MkDocsConfig, lang: str) -> None:
        """Build `lang` alone, only its pages whose Markdown changed (MkDocs' `dirty` build:
        the generator rewrites only what the edit changed), then tell the browsers to reload.
        The full build of every language follows, in this same rebuild, replacing the files as
        it goes. What a dirty build of one language leaves incomplete (the search index, the
        sitemap, the error page) is put back as it was until then."""
        from mkdocs.commands.build import build as mkdocs_build

        i18n = self._i18n(config)
        site_dir = Path(config.site_dir)
        shared = (merge.SEARCH_INDEX, merge.SITEMAP, merge.SITEMAP + ".gz", merge.ERROR_PAGE)
        kept = {rel: (site_dir / rel).read_bytes() for rel in shared if (site_dir / rel).is_file()}
        kept.update(
            (rel, (site_dir / rel).read_bytes())
            for lang_index in site_dir.glob(f"*/{merge.SEARCH_INDEX}")
            for rel in [lang_index.relative_to(site_dir).as_posix()]
        )
        self._quick = True
        i18n.current_language, i18n.building = lang, True
        quiet = _Quiet()  # and no « 'dirty' build » warning: `--strict` would stop there
        logging.getLogger("mkdocs.commands.build").addFilter(quiet)
        try:
            mkdocs_build(config, serve_url=config.site_url, dirty=True)
        finally:
            logging.getLogger("mkdocs.commands.build").removeFilter(quiet)
            self._quick = False
            i18n.current_language, i18n.building = i18n.default_language, False
            i18n.search_entries, i18n.i18n_files_per_language = [], {}
            for rel, data in kept.items():
                (site_dir / rel).write_bytes(data)
        self._publish()

    def _keep_site_dir(self) -> None:
        """For the rest of this rebuild, MkDocs does not empty the served folder before it
        builds (`build` in mkdocs/commands/build.py): the pages just published stay, and the
        other languages' until they are built again (404 otherwise). `_load` empties it when a
        page is gone; `_finish` puts MkDocs' function back. mkdocs-static-i18n swaps it the same
        way for its builds (`on_post_build`)."""
        from mkdocs import utils

        if self._clean_directory is None:
            self._clean_directory = utils.clean_directory
            utils.clean_directory = _keep_directory

    def _restore_clean_directory(self) -> None:
        from mkdocs import utils

        if self._clean_directory is not None:
            utils.clean_directory = self._clean_directory  # type: ignore[assignment]
            self._clean_directory = None

    def _publish(self) -> None:
        """What the server does once a rebuild is over (`_build_loop` in
        mkdocs/livereload/__init__.py, MkDocs 1.6): serve requests again and reload the
        browsers, which now show the page just built. When the whole rebuild ends, the server
        does it again, with nothing new to reload."""
        server = self._server
        if server is None or not hasattr(server, "_epoch_cond"):
            return
        with server._epoch_cond:
            server._visible_epoch = server._wanted_epoch
            server._epoch_cond.notify_all()

    def _note_reader(self, environ: dict[str, Any]) -> None:
        """The language of a page a browser asks for, or keeps open (its live-reload poll
        names the page as its referrer)."""
        path = str(environ.get("PATH_INFO", ""))
        if path.startswith("/livereload/"):
            path = urlsplit(str(environ.get("HTTP_REFERER", ""))).path
        self._reader = html.page_language(path) or self._reader

    def on_env(self, env: Environment, /, *, config: MkDocsConfig, files: Files) -> Environment:
        env.bytecode_cache = self._bytecode  # Material's templates compiled once per process
        return env

    # --- The languages on every core ---------------------------------------------------------

    @staticmethod
    def _i18n(config: MkDocsConfig) -> Any:
        """mkdocs-static-i18n's plugin, if the site uses it."""
        plugin = config.plugins.get("i18n")
        return plugin if hasattr(plugin, "build_languages") else None

    def _jobs(self) -> int:
        return self.config.jobs or cores()

    def _inside(self, config: MkDocsConfig) -> bool:
        """Whether this build is a language built inside another build (by
        mkdocs-static-i18n, by a part, after French in this process, or `serve`'s first)."""
        i18n = self._i18n(config)
        building = i18n is not None and i18n.building and not self._parallel
        return self._part or self._quick or self._nested or building

    def _start_parts(self, config: MkDocsConfig, weights: Mapping[str, int]) -> None:
        """In the first build of `mkdocs build`: share the languages, in mkdocs-static-i18n's
        order, between this process (French first) and forked ones, in contiguous groups of
        about the same number of pages (`weights`), one process per core. With `CTAI_SITE_PART`,
        build a part and stop; with `CTAI_SITE_PARTS`, merge the parts built elsewhere."""
        i18n = self._i18n(config)
        if (
            self._part
            or self._parts
            or self.command not in ("build", "gh-deploy")
            or threading.active_count() > 1  # `serve --clean`: forking copies one thread only
            or i18n is None
            or i18n.building
            or i18n.current_language not in (None, i18n.default_language)
        ):
            return
        languages = list(i18n.build_languages)
        if not languages or languages[0] != i18n.default_language:
            return
        if os.environ.get(PART):
            self._build_part_alone(config, languages, os.environ[PART].split(","))
        given = [Path(p).resolve() for p in os.environ.get(PARTS, "").split(os.pathsep) if p]
        if given:
            parts = sorted(map(_given_part, given), key=lambda p: languages.index(p.languages[0]))
            covered = [lang for part in parts for lang in part.languages]
            own = languages[: len(languages) - len(covered)]
            if own + covered != languages:
                raise PluginError(
                    f"ctai-site : {PARTS} : les parties ({', '.join(covered)}) doivent être les "
                    f"dernières langues, dans l'ordre de mkdocs.yml ({', '.join(languages)})"
                )
            self._parts = parts
            self._own = tuple(own[1:])
            self._parallel = i18n.building = True
            return
        if not hasattr(os, "fork"):
            return
        groups = weighted_shares(languages, [weights.get(x, 1) for x in languages], self._jobs())
        if len(groups) <= 1:
            return
        root = Path(config.site_dir).resolve().parent
        root.mkdir(parents=True, exist_ok=True)
        for group in groups[1:]:
            site_dir = Path(tempfile.mkdtemp(prefix=f".ctai-{'-'.join(group)}-", dir=root))
            sys.stdout.flush()
            sys.stderr.flush()
            pid = os.fork()
            if pid == 0:
                self._build_part(config, tuple(group), site_dir)  # never returns
            self._parts.append(_Part(pid, tuple(group), site_dir))
        self._own = tuple(groups[0][1:])
        # mkdocs-static-i18n's `on_post_build` builds no other language: `_finish` and the
        # parts do
        self._parallel, i18n.building = True, True

    def _build_languages(self, config: MkDocsConfig, languages: Sequence[str]) -> list[str]:
        """Build `languages` one after the other into `site_dir`, as mkdocs-static-i18n's
        `on_post_build` does (without emptying the folder); each one's sitemap, which lists
        its pages only: the previous language's pages can go, memory stays flat."""
        from mkdocs import utils
        from mkdocs.commands.build import build as mkdocs_build

        i18n = self._i18n(config)
        dirty = "--dirty" in sys.argv or "--dirtyreload" in sys.argv
        clean, utils.clean_directory = utils.clean_directory, _keep_directory
        quiet = _Quiet()
        logging.getLogger("mkdocs.commands.build").addFilter(quiet)
        sitemaps = []
        try:
            for lang in languages:
                i18n.current_language = lang
                i18n.i18n_files_per_language.clear()
                mkdocs_build(config, dirty=dirty)
                sitemap = Path(config.site_dir) / merge.SITEMAP
                if sitemap.is_file():
                    sitemaps.append(sitemap.read_text(encoding="utf-8"))
        finally:
            utils.clean_directory = clean
            logging.getLogger("mkdocs.commands.build").removeFilter(quiet)
        return sitemaps

    def _build_part_alone(
        self, config: MkDocsConfig, languages: list[str], wanted: list[str]
    ) -> None:
        """`CTAI_SITE_PART=en,ar mkdocs build`: these languages into `site_dir` and their
        search entries next to it (`<site_dir>.json`), for a later `CTAI_SITE_PARTS` build."""
        from mkdocs import utils

        if not wanted or not set(wanted) <= set(languages[1:]):
            raise PluginError(
                f"ctai-site : {PART}={','.join(wanted)} : des langues de mkdocs.yml autres que "
                f"{languages[0]}, par exemple {','.join(languages[1:3])}"
            )
        utils.clean_directory(config.site_dir)
        self._build_part(config, tuple(x for x in languages if x in wanted), Path(config.site_dir))

    def _build_part(self, config: MkDocsConfig, languages: tuple[str, ...], site_dir: Path) -> None:
        """In a forked process: build `languages` into `site_dir`, then leave (exit code 0
        when all went well), its languages and search entries next to it."""
        code = 1
        try:
            self._part, self._parts = True, []
            i18n = self._i18n(config)
            i18n.building, i18n.search_entries = True, []
            config.site_dir = str(site_dir)
            sitemaps = self._build_languages(config, languages)
            if len(sitemaps) > 1:
                merge.join_sitemaps_in(site_dir, sitemaps)
            _Part(0, languages, site_dir).manifest.write_text(  # as the search plugin dumps them
                json.dumps({"languages": languages, "search": i18n.search_entries}, default=str),
                encoding="utf-8",
            )
            code = 0
        except PluginError as error:
            log.error("%s", error)
        except Exception as error:  # Abort (strict mode), or a bug: say it, in this language
            if type(error).__name__ != "Abort":
                traceback.print_exc()
            log.error("%s (%s)", error, ", ".join(languages))
        finally:
            sys.stdout.flush()
            sys.stderr.flush()
            os._exit(code)

    def _stop_parts(self) -> None:
        for part in self._parts:
            with contextlib.suppress(OSError):
                os.kill(part.pid, signal.SIGTERM)
                os.waitpid(part.pid, 0)
        self._remove_parts()

    def _remove_parts(self) -> None:
        forked = [part for part in self._parts if part.pid]  # not the folders given to merge
        merge.remove_parts([part.site_dir for part in forked])
        for part in forked:
            part.manifest.unlink(missing_ok=True)
        self._parts = []

    def _build_own_and_collect(self, config: MkDocsConfig) -> None:
        """After French: this process's other languages, then the parts' files and search
        entries, merged after them; the search index as mkdocs-static-i18n writes it."""
        i18n = self._i18n(config)
        site_dir = Path(config.site_dir)
        sitemap = site_dir / merge.SITEMAP
        sitemaps = [sitemap.read_text(encoding="utf-8")] if sitemap.is_file() else []
        self._nested = True
        try:
            sitemaps += self._build_languages(config, self._own)
        finally:
            self._nested = False
        if len(sitemaps) > 1:
            merge.join_sitemaps_in(site_dir, sitemaps)
        failed: list[str] = []
        for part in self._parts:
            code = os.waitstatus_to_exitcode(os.waitpid(part.pid, 0)[1]) if part.pid else 0
            if code != 0 or not part.manifest.is_file():
                failed += part.languages
        if failed:
            self._remove_parts()
            raise PluginError(
                f"ctai-site : la construction du site en {', '.join(failed)} a échoué (voir "
                "plus haut)"
            )
        for part in self._parts:
            i18n.search_entries.extend(part.entries())
        merge.merge_parts(site_dir, [p.site_dir for p in self._parts])
        self._remove_parts()
        self._write_search_index(config)
        self._parallel = i18n.building = False

    def _write_search_index(self, config: MkDocsConfig) -> None:
        """mkdocs-static-i18n's `reconfigure_search_index` (mkdocs_static_i18n/reconfigure.py,
        1.3.1): every language's entries in the search plugin, without duplicates, written by
        it; the duplicates found in linear time (`merge.drop_search_duplicates`)."""
        i18n = self._i18n(config)
        for name, plugin in config.plugins.items():
            if name in ("search", "material/search"):
                index = plugin.search_index
                entries = getattr(index, "_entries" if hasattr(index, "_entries") else "entries")
                entries.clear()
                entries.extend(i18n.search_entries)
                if i18n.config.reconfigure_search:
                    merge.drop_search_duplicates(entries, i18n.build_languages)
                plugin.on_post_build(config=config)

    @event_priority(-90)  # before mkdocs-static-i18n builds the other languages (-100)
    def _keep_error_page(self, *, config: MkDocsConfig) -> None:
        """The error page of the first build, for `_finish`: one process or several."""
        if not self._inside(config):
            error_page = Path(config.site_dir) / merge.ERROR_PAGE
            self._error_page = error_page.read_bytes() if error_page.is_file() else None

    @event_priority(-110)  # after mkdocs-static-i18n built the languages, merged their entries
    def _finish(self, *, config: MkDocsConfig) -> None:
        if self._inside(config):
            return
        if self._parallel:
            self._build_own_and_collect(config)
        self._restore_clean_directory()
        if self._error_page is not None:
            (Path(config.site_dir) / merge.ERROR_PAGE).write_bytes(self._error_page)
            self._error_page = None
        if not self.config.enabled or self.site is None:
            return
        html.split_search_index(Path(config.site_dir))
        guide.write_guides(self.guides, Path(config.site_dir))
        write_exports(  # open data, once at the site root
            self.site.catalog,
            Path(config.site_dir) / opendata_page.DATA_DIR,
            self.site.territory.source,
            action_url=site_action_url(config.site_url),
        )

    on_post_build = CombinedEvent(_keep_error_page, _finish)

    def on_build_error(self, *, error: Exception) -> None:
        if self._part:
            return
        self._stop_parts()
        self._parallel = self._nested = False
        self._restore_clean_directory()

    def on_serve(
        self, server: LiveReloadServer, /, *, config: MkDocsConfig, builder: Any
    ) -> LiveReloadServer | None:
        self._server = server
        app = server.get_app()
        assert app is not None

        def noting_the_reader(environ: dict[str, Any], start_response: Any) -> Any:
            self._note_reader(environ)
            return app(environ, start_response)

        server.set_app(noting_the_reader)
        sources = self._sources(config)
        for folder in (sources.actions, sources.translations, sources.territory, sources.templates):
            if folder is not None and folder.exists():
                server.watch(str(folder))
        # MkDocs watches all of docs_dir, our generated pages included: each edit of a fiche
        # would rebuild twice (the build rewrites pages, which looks like a new edit). Watch the
        # hand-written parts only; the generated pages follow from the folders watched above.
        docs = Path(config.docs_dir).resolve()
        generated = self._generated(config).resolve()
        if generated.parent == docs:
            server.unwatch(str(docs))
            server.watch(str(docs), recursive=False)
            for child in sorted(docs.iterdir()):
                if child.is_dir() and child.resolve() != generated:
                    server.watch(str(child))
        return server
