"""safe_json.members reads a JSON object a member (and a listed member's items) at a time,
from a stream cut into pieces anywhere: it must read exactly what json.loads reads, and
refuse anything else with BadJSON, never another error."""
import io
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from peersurvey import safe_json

FUZZ = settings(derandomize=True, deadline=None, max_examples=150, database=None)
SCALARS = st.none() | st.booleans() | st.integers(-2 ** 63, 2 ** 63 - 1) | st.text(max_size=12) \
    | st.floats(allow_nan=False, allow_infinity=False)
VALUES = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=5), inner, max_size=4),
                      max_leaves=12)
FILES = st.dictionaries(st.text(max_size=8), VALUES, max_size=4).flatmap(
    lambda others: st.lists(VALUES, max_size=6).map(lambda items: {**others, "interviews": items}))


def read(data, chunk):
    """What members gives, put back together as one object."""
    whole = {}
    for name, value in safe_json.members(io.BytesIO(data), {"interviews"}, chunk=chunk):
        whole[name] = list(value) if name == "interviews" else value
    return whole


@FUZZ
@given(document=FILES, chunk=st.integers(1, 40), indent=st.sampled_from([None, 2]))
def test_members_read_what_json_reads_however_the_stream_is_cut(document, chunk, indent):
    data = json.dumps(document, indent=indent, ensure_ascii=chunk % 2 == 0).encode()
    assert read(data, chunk) == json.loads(data)


@FUZZ
@given(document=FILES, cut=st.integers(0, 10_000), chunk=st.integers(1, 40))
def test_a_file_cut_short_is_refused_in_the_same_way(document, cut, chunk):
    data = json.dumps(document).encode()
    cut = cut % len(data)
    with pytest.raises(safe_json.BadJSON):
        read(data[:cut], chunk)


@pytest.mark.parametrize("data", [b"", b"[]", b'{"interviews": 5}', b'{"interviews": [1,]}', b'{"a" 1}',
                                  b'{"a": 1,}', b'{"a": 1} x', b'{5: 1}', b'{"interviews": [1] 2}',
                                  b'{"a": NaN}', b'{"a": 1e999}', b'{"interviews": [' + b"[" * 40 + b"]" * 40 + b"]}"])
def test_what_is_not_json_peersurvey_takes_is_refused(data):
    with pytest.raises(safe_json.BadJSON):
        read(data, 3)


def test_what_the_caller_leaves_of_a_list_is_skipped():
    data = b'{"interviews": [1, 2, 3], "after": true}'
    assert [name for name, _value in safe_json.members(io.BytesIO(data), {"interviews"})] == ["interviews", "after"]


@pytest.mark.parametrize("chunk", range(1, 9))
def test_a_number_cut_after_its_point_or_its_e_is_read_whole(chunk):
    """A project file's table (array_items) whose 64 KB piece ended at "12." or "3e" was
    refused as damaged: the number was read as 12, then "." was no comma."""
    data = b"[12.5, 3e2, 0.25E-1, 7]"
    assert list(safe_json.array_items(io.BytesIO(data), chunk=chunk)) == [12.5, 300.0, 0.025, 7]


@pytest.mark.parametrize("depth", [safe_json.MAX_DEPTH, safe_json.MAX_DEPTH + 1])
def test_nesting_is_held_to_what_loads_holds_it_to(depth):
    inner = "[" * (depth - 2) + "]" * (depth - 2)             # in a list, in the object
    for data in (f'{{"interviews": [{inner}]}}'.encode(), f'{{"other": [{inner}]}}'.encode()):
        loads_takes = depth <= safe_json.MAX_DEPTH
        try:
            safe_json.loads(data)
        except safe_json.BadJSON:
            assert not loads_takes
        else:
            assert loads_takes
        if loads_takes:
            read(data, 5)
        else:
            with pytest.raises(safe_json.BadJSON):
                read(data, 5)


def test_a_member_of_a_name_not_asked_for_is_refused_before_it_is_read():
    data = b'{"interviews": [], "x": "' + b"y" * 100_000 + b'"}'
    seen = []
    with pytest.raises(safe_json.BadJSON):
        for name, _value in safe_json.members(io.BytesIO(data), {"interviews"}, others={"recording_data"}, chunk=64):
            seen.append(name)
    assert seen == ["interviews"]


@pytest.mark.parametrize("chunk", [1, 2, 3, 5, 8, 13, 1 << 16])
def test_half_a_character_is_mended_in_a_streamed_item_as_loads_mends_it(chunk):
    """Each item is mended only when its own text writes half a character; a whole emoji
    written as two halves stays whole."""
    data = (b'{"interviews": [{"a": "x\\ud800y"}, ["fine"], "\\udc00", "\\ud83d\\ude00"], '
            b'"recording_data": {"k": "\\ud83d"}}')
    assert read(data, chunk) == safe_json.loads(data) == {
        "interviews": [{"a": "x\ufffdy"}, ["fine"], "\ufffd", "\U0001f600"], "recording_data": {"k": "\ufffd"}}


class Counted(io.BytesIO):
    """A stream that keeps count of how much was read from it."""
    taken = 0

    def read(self, size=-1):
        data = super().read(size)
        self.taken += len(data)
        return data


SOUND = "QUJD" * (safe_json.LONG // 2)        # base64 longer than LONG, as a recording is written


def test_a_long_item_with_sound_is_read_whole_and_what_follows_as_json_reads_it():
    """Small items after a long one have many values in few characters: reading on stops
    after a piece of them, and the long item is still read whole."""
    small = [{"question": f"q{n}", "value": n, "seen": [1, 2]} for n in range(30_000)]
    document = {"interviews": [{"id": "a", "recording_data": {"r": SOUND}}, *small,
                               {"id": "b", "recording_data": {"r": SOUND, "s": SOUND}}, *small[:10]]}
    data = json.dumps(document).encode()
    for chunk in (1 << 16, 4099):
        assert read(data, chunk) == document


def test_a_long_item_of_many_small_values_is_refused_before_it_is_all_read():
    """Past LONG, a tablet file's interview is sound; one that goes on as a million little
    words would take 16 times its size once read."""
    words = ",".join(f'"{n:07d}": "cd"' for n in range(2_000_000))
    for start in ("", f'"r": "{SOUND * 4}", '):      # from its first character, or after much real sound
        stream = Counted(f'{{"interviews": [{{"recording_data": {{{start}{words}}}}}]}}'.encode())
        with pytest.raises(safe_json.BadJSON, match="too many values for its size"):
            for _name, value in safe_json.members(stream, {"interviews"}, max_item_chars=256 << 20):
                list(value)
        assert stream.taken < len(start) + 2 * safe_json.LONG + (1 << 16), f"{stream.taken / 1e6:.0f} MB read"


def test_a_long_item_is_read_whole_wherever_its_commas_fall_between_the_pieces_read():
    """Past LONG, what is read on is looked at LONG at a time; the last piece of a read can be
    a few bytes, and one comma in it is not many (a real tablet file was refused for that)."""
    small = [{"id": f"i{n}", "answers": [{"question": "town", "value": "Cwmbrân"}]} for n in range(20)]
    for extra in range(0, 4000, 97):
        document = {"interviews": [*small, {"id": "x", "recording_data": {
            "a": "A" * (2 * safe_json.LONG + extra), "b": "B" * 70_000, "c": "C"}}]}
        data = json.dumps(document, indent=2, ensure_ascii=False).encode()
        assert read(data, 1 << 16) == document, extra


def test_objects_in_objects_count_as_values_too():
    """Nested one-member objects need no commas: 30 MB of them took 813 MB."""
    nested = '{"a":' * 8 + "1" + "}" * 8 + " " * 20
    stream = Counted(('{"interviews": [{"x": [' + ",".join([nested] * 600_000) + "]}]}").encode())
    with pytest.raises(safe_json.BadJSON, match="too many values for its size"):
        read(stream.getvalue(), 1 << 16)


def test_a_short_last_piece_with_a_comma_is_not_many_values():
    reader = safe_json._Chunks(io.BytesIO(b"A" * safe_json.LONG + b'", "b": "' + b"B" * 100), 1 << 16)
    reader.more(safe_json.LONG + 30, sparse=True)
    assert not reader.dense
