"""A site's settings, as the driver needs them: where its sources are, the plugin's options, its
languages. The plugin builds a `Project` from the host's configuration; `ctai-site pages` and
`ctai-site serve` read the same values from mkdocs.yml without a host (`read_project`), so every
way of building writes the same pages.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from ctai_site import config as checks
from ctai_site.fiche import vocab
from ctai_site.site.build import Sources
from ctai_site.site.settings import OSM_MAX_ZOOM, Tiles

GUIDE_CACHE = ".cache/guide"  # next to mkdocs.yml


@dataclass(frozen=True)
class Options:
    """The plugin's options (`plugins: - ctai-site:` in mkdocs.yml; `config.OPTIONS` checks
    them and says what each one is)."""

    enabled: bool = True
    actions: str = "actions"
    translations: str = "translations"
    generated_dir: str = "catalogue"
    territory: str = "territory.yml"
    templates: str | None = None
    guide: bool = True
    tiles_url: str | None = None
    tiles_attribution: str | None = None
    tiles_attribution_url: str | None = None
    tiles_max_zoom: int = OSM_MAX_ZOOM
    jobs: int | None = None
    coordination_dir: str | None = None

    @classmethod
    def of(cls, values: Mapping[str, Any]) -> Options:
        """The options among `values` (the others are ignored), defaults for the rest."""
        names = {f.name for f in dataclasses.fields(cls)}
        return cls(**{k: v for k, v in values.items() if k in names and v is not None})


@dataclass(frozen=True)
class Language:
    """A language of mkdocs-static-i18n's `languages` option, as documented there."""

    locale: str
    name: str
    default: bool = False
    build: bool = True
    link: str | None = None
    fixed_link: str | None = None


def switcher(
    languages: Sequence[Language], page_url: str, site_url: str | None, directory_urls: bool
) -> list[dict[str, str]]:
    """The language menu of a French-only page (mkdocs-static-i18n never sees it): itself in
    French, each other language's home page, as mkdocs-static-i18n writes the links of its
    menu (`reconfigure_material_theme`: Material's `extra.alternate`)."""
    base = urlsplit(site_url or "").path.rstrip("/")
    suffix = "" if directory_urls else "index.html"
    return [
        {
            "name": lang.name,
            "link": page_url
            if lang.default
            else lang.fixed_link or f"{base}{lang.link or f'/{lang.locale}/'}{suffix}",
            "lang": lang.locale,
        }
        for lang in languages
        if lang.build or lang.locale == "null"
    ]


@dataclass(frozen=True)
class Project:
    """A site: the folder of its mkdocs.yml, its pages' folder, the plugin's options, the
    address mkdocs.yml gives it (if any) and the languages it builds, default first."""

    root: Path
    docs_dir: Path
    options: Options
    site_url: str | None = None
    languages: tuple[str, ...] = (vocab.SOURCE_LANGUAGE,)
    analytics: str | None = None  # Material's `extra.analytics.provider`: the privacy page says it

    def with_extra(self, extra: Mapping[str, Any] | None) -> Project:
        """This project with what pages say of mkdocs.yml's `extra` (Material's analytics)."""
        return dataclasses.replace(self, analytics=analytics_provider(extra))

    @property
    def default_language(self) -> str:
        return self.languages[0]

    @property
    def generated(self) -> Path:
        """Where the generated pages are written (inside `docs_dir`, mounted at the root)."""
        return self.docs_dir / self.options.generated_dir

    @property
    def guide_cache(self) -> Path:
        return self.root / GUIDE_CACHE

    def sources(self) -> Sources:
        options = self.options
        return Sources(
            actions=self.root / options.actions,
            translations=self.root / options.translations,
            territory=self.root / options.territory,
            templates=self.root / options.templates if options.templates else None,
            display_root=self.root,
        )

    def watched(self) -> tuple[list[Path], list[Path]]:
        """What a live preview watches: folders (with their subfolders), and folders alone,
        not what is in their subfolders (the pages' folder: not its generated pages, which
        follow from the sources; the build writes them, which would look like an edit)."""
        sources = self.sources()
        own = (sources.actions, sources.translations, sources.territory, sources.templates)
        deep = [p for p in own if p is not None and p.exists()]
        docs = self.docs_dir.resolve()
        if self.generated.resolve().parent != docs:
            return [*deep, docs], []
        hand_written = [d for d in sorted(docs.iterdir()) if d.is_dir() and d != self.generated]
        return deep + hand_written, [docs]

    def tiles(self) -> Tiles:
        options = self.options
        if options.tiles_url is None:
            return Tiles(max_zoom=options.tiles_max_zoom)
        return Tiles(
            options.tiles_url,
            options.tiles_attribution or "",
            options.tiles_attribution_url,
            options.tiles_max_zoom,
        )


def analytics_provider(extra: Mapping[str, Any] | None) -> str | None:
    """Material's audience measurement, as mkdocs.yml's `extra.analytics.provider` names it."""
    analytics = (extra or {}).get("analytics")
    provider = analytics.get("provider") if isinstance(analytics, Mapping) else None
    return str(provider) if provider else None


def built_languages(languages: Sequence[Language]) -> tuple[str, ...]:
    """The languages a site builds, default first then in mkdocs.yml's order (as
    mkdocs-static-i18n builds them)."""
    built = [lang.locale for lang in languages if lang.build and lang.locale != "null"]
    default = [lang.locale for lang in languages if lang.default and lang.locale in built]
    return tuple(default[:1] + [code for code in built if code not in default[:1]])


class ProjectError(ValueError):
    """mkdocs.yml cannot be used: one French line per problem."""


def read_project(config_file: Path) -> Project:
    """A site from its mkdocs.yml, read as data (no host): the plugin's options, checked as the
    plugin checks them, `docs_dir`, `site_url`, mkdocs-static-i18n's languages."""
    data = checks.mkdocs_yml(config_file)
    if data is None:
        raise ProjectError(f"{config_file} : introuvable ou illisible (un fichier YAML mkdocs.yml)")
    root = config_file.resolve().parent
    values = checks.plugin_options_in(config_file) or {}
    problems = checks.plugin_options(values, {}, root)
    if problems:
        raise ProjectError(
            "\n".join(f"{config_file}: plugins.{checks.PLUGIN}.{k}: {m}" for k, m in problems)
        )
    site_url = data.get("site_url")
    return Project(
        root=root,
        docs_dir=root / str(data.get("docs_dir") or "docs"),
        options=Options.of(values),
        site_url=site_url if isinstance(site_url, str) and site_url.strip() else None,
        languages=built_languages(_i18n_languages(data)) or (vocab.SOURCE_LANGUAGE,),
    ).with_extra(data.get("extra"))


def _i18n_languages(data: Mapping[str, Any]) -> list[Language]:
    plugins = data.get("plugins")
    items = plugins.items() if isinstance(plugins, dict) else []
    if isinstance(plugins, list):
        items = [next(iter(p.items())) for p in plugins if isinstance(p, dict) and len(p) == 1]
    for name, options in items:
        if name == "i18n" and isinstance(options, dict):
            return [
                Language(
                    str(lang.get("locale")),
                    str(lang.get("name", "")),
                    lang.get("default") is True,
                    lang.get("build", True) is not False,
                )
                for lang in options.get("languages") or []
                if isinstance(lang, dict)
            ]
    return []
