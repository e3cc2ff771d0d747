"""assetmap: a community asset map, from a steward's spreadsheet to an accessible,
multilingual, searchable and printable directory.

The data flows one way, one folder per stage::

    data/ -> inventory/  read every file, check every cell, build the public model
          -> pages/      page models: what each page shows, in one language (plain data)
          -> render/     templates, print heads, PDF sheets
          -> build/      the MkDocs plugin: generated pages, search index, downloads
          -> site/

Beside them: ``export/`` and ``imports/`` (open data out and in), ``contribute/`` (issue
forms, their answers, the change they ask for, the pull request), ``config`` (the site's
settings), ``language`` (a reader's language: translations, dates, numbers) and ``cli``.
"""
