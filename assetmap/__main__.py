"""``python -m assetmap``: the same as the ``assetmap`` command."""

from assetmap.cli import main

main()
