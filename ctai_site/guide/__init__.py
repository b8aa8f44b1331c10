"""The printable guide: every current service by theme, one PDF per language.

`document` writes the guide as HTML (pure), `pdf` turns HTML into PDF bytes with WeasyPrint,
`build` does every language with a cache keyed by the HTML, so a guide is rendered again only
when what it shows changes.
"""
