"""Projects: making one, the lead's list of them, a project's page and its history. Every
other area reads a project through projects.queries."""
