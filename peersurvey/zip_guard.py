"""Zip files from outside (a whole-project file, and every .xlsx, which is a zip) are measured
before anything in them is unpacked.

A zip says how big each part will be once unpacked, and zipfile never unpacks a part past
what it says, so those declared sizes are a promise we can hold it to. A part that unpacks to
more than BOMB_RATIO times its packed size is a zip bomb (0.76 MB declaring 750 MB of
tables), not a real file: nothing peersurvey or a spreadsheet program writes packs that tight
once it is past a megabyte.
"""
import zipfile

BOMB_RATIO = 100
SMALL = 1024 * 1024      # parts up to this size are not judged by their packing


class ZipRefused(ValueError):
    """why: "bomb" (packed too tight), "too_big" (more than the caps), "too_many" (parts)."""

    def __init__(self, why):
        super().__init__(why)
        self.why = why


def measured(archive: zipfile.ZipFile, *, max_total, max_part, max_parts, part_cap=None):
    """The archive's parts (ZipInfo), once their declared sizes are within the caps: at most
    `max_parts` parts, each at most `max_part` bytes unpacked (or `part_cap(name)` if given)
    and `max_total` in all, none packed tighter than BOMB_RATIO. Raises ZipRefused."""
    parts = archive.infolist()
    if len(parts) > max_parts:
        raise ZipRefused("too_many")
    if any(part.file_size > SMALL and part.file_size > BOMB_RATIO * max(part.compress_size, 1)
           for part in parts):
        raise ZipRefused("bomb")
    if sum(part.file_size for part in parts) > max_total or any(
            part.file_size > (part_cap(part.filename) if part_cap else max_part) for part in parts):
        raise ZipRefused("too_big")
    return parts
