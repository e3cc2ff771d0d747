"""Contributions: the GitHub issue forms, reading an issue's answers, planning and applying
the one change it asks for, and what the workflows post."""
