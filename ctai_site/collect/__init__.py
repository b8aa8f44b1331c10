"""Collecting facts into the fiches: the spreadsheet a carrier fills in (`collect export` /
`collect import`) and the map coordinates of their addresses (`geocode`). Both write YAML
the way a person would, comments, key order and layout kept (`yamledit`), and only once the
normal loader accepts the result."""
