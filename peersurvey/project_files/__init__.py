"""A whole project in one file, to move it to another server or keep it safe: its format and
export (transfer.py), bringing one in as a new project (bring_in.py), and their commands
(`peersurvey export-project`, `peersurvey import-project`). The lead's buttons for them are on
the exports page (findings/export_views.py)."""
