"""Stage 4, the build: the MkDocs plugin that generates the pages from the inventory, the
search index, the open data downloads and the map library's files."""
