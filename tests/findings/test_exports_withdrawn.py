"""A participant who is taken out of the research is in no export: not their words, not their
answers' or interview's ids, not their code."""
import io
import zipfile

from .test_exports import base, build_rich_project
from .test_project_transfer import download


def every_export(client, world):
    """{name: bytes} for every file the exports page offers, unpacked where it is a zip."""
    found = {}
    for path in ("/answers.csv", "/interviews.csv", "/themes.csv", "/codings.csv", "/codebook.qdc", "/workbook.xlsx"):
        response = client.get(base(world) + path)
        assert response.status_code == 200, path
        found[path] = response.data
        response.close()
    found["/project"] = download(client, world)
    for name in ("/workbook.xlsx", "/project"):
        with zipfile.ZipFile(io.BytesIO(found.pop(name))) as archive:
            found.update({f"{name}:{part}": archive.read(part) for part in archive.namelist()})
    return found


def test_a_withdrawn_participant_is_in_no_export(client, make, login, app):
    world = build_rich_project(make)
    login.as_lead(world["lead"])
    gone = world["interviews"][0]
    words = "I never have money for a cup of tea."
    assert any(words.encode() in blob for blob in every_export(client, world).values()), "there before"
    answers_gone = [a["id"] for a in gone["answers"]]
    assert answers_gone[0] == world["answers"][0], "the one with codings, votes, a quote and a session of its own"

    page = f"/projects/{world['project']}/interviews/"
    client.submit(f"/projects/{world['project']}/interviews/withdraw",
                  {"code": gone["participant_code"], "confirm": "yes"}, page=page)

    for name, blob in every_export(client, world).items():
        for trace in [words, gone["id"], gone["participant_code"], *answers_gone]:
            assert trace.encode() not in blob, f"{trace!r} is still in {name}"
    remaining = every_export(client, world)["/answers.csv"].decode("utf-8-sig")
    assert "My support worker shops for me." in remaining, "everyone else is still there"
