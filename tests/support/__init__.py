"""What the tests share, one module per kind of thing: the project's paths and languages
(``project``), a small view of an HTML page (``html``), building and reading the site
(``site``), the inventory read with csv and yaml rather than assetmap's code (``inventory``),
workbooks as stewards keep them (``workbooks``), issue events (``issues``), the HSDS schemas
and their validation (``hsds``), the system tools a test needs (``tools``) and the browser
(``browser``, ``a11y_checks``, ``pages_to_check``).

Test files import these, never each other; fixtures live in ``tests/conftest.py``.
"""
