"""A small file that unpacks into a giant picture (a "decompression bomb") is refused before it
is unpacked, however many arrive at once. Before, the check turned Pillow's warning into an
error with warnings.catch_warnings, which swaps the warning filters of the whole process:
one upload finishing switched the check off for another, and the bomb was unpacked."""
import io
import sys
import warnings

import pytest
from PIL import Image

from peersurvey.prepare import media

from ..pages import errors
from ..together import at_once
from .test_uploads import upload_picture

TRIES = 50


@pytest.fixture(scope="module")
def bomb():
    """A 6 KB PNG of 49 million pixels: over the cap, under twice it, so Pillow only warns."""
    out = io.BytesIO()
    Image.new("1", (7000, 7000)).save(out, "PNG")
    assert media.IMAGE_MAX_PIXELS < 7000 * 7000 < 2 * Image.MAX_IMAGE_PIXELS
    return out.getvalue()


@pytest.fixture
def warnings_as_a_server_has_them():
    """A server prints a warning and carries on; the tests' own setting makes it an error,
    which would hide a check that relies on it."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        yield


def test_a_bomb_is_refused_with_a_plain_message(client, lead_project, bomb, warnings_as_a_server_has_them):
    response = upload_picture(client, lead_project, bomb)
    assert any(e.startswith("That file is not a picture we can use.") for e in errors(response))


def test_bombs_arriving_at_once_are_all_refused(bomb, warnings_as_a_server_has_them):
    def upload_many():
        outcomes = []
        for _ in range(TRIES):
            try:
                media.reencode_picture(bomb)
                outcomes.append("unpacked")
            except media.MediaError:
                outcomes.append("refused")
        return outcomes

    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)     # threads take turns very often, so every overlap is tried
    try:
        results = at_once([upload_many for _ in range(8)])
    finally:
        sys.setswitchinterval(interval)
    assert results == [["refused"] * TRIES] * 8
