"""Stage 3, rendering: page models into Markdown and HTML with Jinja2 templates, the head of
a printed page, and the PDF sheets."""
