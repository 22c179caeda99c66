"""People: signing in (leads by password, interviewers and coders by PIN on a tablet),
the project team and its roles, and the tablets registered to a project."""
