"""Prepare: questionnaires and their versions, the builder, pictures and recordings, the
XLSForm import and the easy-read checker."""
