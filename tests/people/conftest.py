import pytest


@pytest.fixture
def team(make):
    """A project with a lead, Ivy (interviewer, PIN 2580), Cai (coder, PIN 1357) and two tablets."""
    lead = make.lead()
    project_id = make.project(lead, "Better Lives")
    return dict(lead=lead, project=project_id,
                ivy=make.member(project_id, "Ivy", ("interviewer",), pin="2580"),
                cai=make.member(project_id, "Cai", ("coder",), pin="1357"),
                tablet=make.tablet(project_id, lead), other_tablet=make.tablet(project_id, lead, "Red tablet"))
