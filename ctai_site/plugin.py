"""MkDocs glue, and the only module that imports MkDocs.

Everything happens before MkDocs touches `site/`: the catalogue is loaded and checked in
`on_config`, so a broken fiche stops the build with its `file:line` errors and leaves the last
good site in place (MkDocs cleans `site_dir` only after `on_config` and `on_pre_build`).
Pages are written as Markdown files into `site_src/<generated_dir>/` because
mkdocs-static-i18n 1.3.1 cannot take in-memory files (ultrabug/mkdocs-static-i18n#263).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, get_plugin_logger

from ctai_site.errors import FicheError
from ctai_site.loading import load_catalog
from ctai_site.pages import write_site_files

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.livereload import LiveReloadServer

log = get_plugin_logger(__name__)


class CtaiSiteConfig(base.Config):
    enabled = c.Type(bool, default=True)
    """Turn the plugin off (the hand-written pages still build)."""
    actions = c.Type(str, default="actions")
    """Folder of the fiches, relative to mkdocs.yml."""
    translations = c.Type(str, default="translations")
    """Folder of the translations, relative to mkdocs.yml."""
    generated_dir = c.Type(str, default="generated")
    """Folder inside docs_dir where pages are written (git-ignored)."""
    source = c.Type(str, default="ctai-site")
    """data·inclusion `source`: ids are exported as `<source>--<id>`."""


class CtaiSitePlugin(BasePlugin[CtaiSiteConfig]):
    def _root(self, config: MkDocsConfig) -> Path:
        return Path(config.config_file_path).parent

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        if not self.config.enabled:
            return config
        root = self._root(config)
        try:
            catalog = load_catalog(root / self.config.actions, display_root=root)
        except FicheError as error:
            raise PluginError(f"{error.summary()}\n{error}") from None
        written = write_site_files(catalog, Path(config.docs_dir) / self.config.generated_dir)
        if written:
            log.info("%d page(s) écrite(s) dans %s", written, self.config.generated_dir)
        return config

    def on_serve(
        self, server: LiveReloadServer, /, *, config: MkDocsConfig, builder: object
    ) -> LiveReloadServer | None:
        root = self._root(config)
        for folder in (self.config.actions, self.config.translations):
            if (root / folder).exists():
                server.watch(str(root / folder))
        return server
