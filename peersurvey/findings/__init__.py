"""Findings: charts, the dashboard, posters, "you said, we did", and exports."""
