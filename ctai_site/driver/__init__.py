"""The build driver: from a site's sources to a built site, with no host internals.

A host (MkDocs 1.6, ProperDocs 1.6) builds one site from Markdown; mkdocs-static-i18n makes it
build each language. The driver owns everything around that, in code that imports neither:

- `project`: a site's settings (the plugin's options, read from mkdocs.yml or given by the host);
- `generate`: the fiches loaded and checked, the guides rendered (or taken from their cache),
  every page written as Markdown: what `mkdocs build`, `ctai-site pages` and `ctai-site serve`
  all write, the same way;
- `parts`: languages built as independent host processes (`<host> build` run as a command,
  never a fork), each into a folder of its own: on one machine (one per core) or as CI jobs;
- `run`: one build, from the first language to the merged `site/` (search index, sitemap,
  error page, guides, open data);
- `worker` and `serve`: the live preview, which builds the language being read first in a warm
  host process and the others behind it.

The plugin (`ctai_site/plugin.py`) is the glue: it hands the host's events to `run.Run`.
"""
