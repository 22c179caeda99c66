"""Small real files for upload tests, made on the spot."""
import io
import math
import struct
import wave

from PIL import Image


def png(size=(60, 40), alpha=False):
    out = io.BytesIO()
    Image.new("RGBA" if alpha else "RGB", size, (20, 120, 200) + ((128,) if alpha else ())).save(out, "PNG")
    return out.getvalue()


def jpeg_with_location():
    """A JPEG whose EXIF says where it was taken: re-encoding must drop that."""
    image = Image.new("RGB", (50, 50), (250, 200, 0))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"          # camera make
    exif[0x8825] = {1: "N", 2: (51.0, 38.0, 0.0)}  # GPS latitude
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif)
    return out.getvalue()


def wav(seconds=0.5):
    out = io.BytesIO()
    with wave.open(out, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(8000)
        frames = b"".join(struct.pack("<h", int(8000 * math.sin(i / 8))) for i in range(int(8000 * seconds)))
        w.writeframes(frames)
    return out.getvalue()


SVG = b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><circle r="5"/></svg>'
HTML = b"<!doctype html><html><body><script>alert(1)</script></body></html>"
