"""Stage 1, the inventory: read CSV, Excel and YAML files within limits, check every cell
by the schema, and build the public model that every later stage reads; write one row back
into a steward's file, keeping every other byte."""
