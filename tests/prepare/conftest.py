"""Fixtures for the builder tests."""
import pytest


@pytest.fixture
def lead_project(make, login):
    lead = make.lead()
    project_id = make.project(lead, "Better Lives")
    login.as_lead(lead)
    return dict(lead=lead, id=project_id, base=f"/projects/{project_id}/questionnaires")
