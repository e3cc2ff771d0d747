"""Stage 2, page models: which pages the site has and what each shows, in one language, as
plain data (entries, groups, links) for the templates."""
