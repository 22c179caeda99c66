"""Prepare: projects (and, later, questionnaires, pictures and the easy-read checker)."""
