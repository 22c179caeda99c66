"""Real small recordings (WAV made with the wave module) and how a tablet announces them."""
import hashlib
import uuid

from ..prepare.media_samples import wav


def sound(seconds=0.5):
    return wav(seconds)


def announce(data, part="", seconds=0.5, type_="audio/wav", **changes):
    return {"id": str(uuid.uuid4()), "part": part, "sha256": hashlib.sha256(data).hexdigest(),
            "bytes": len(data), "type": type_, "seconds": seconds, **changes}


def put(client, field, recording_id, offset, body):
    return client.put(f"/api/v1/recordings/{recording_id}?offset={offset}", data=body,
                      headers={**field["headers"], "Content-Type": "application/octet-stream"})


def status(client, field, recording_id):
    return client.get(f"/api/v1/recordings/{recording_id}", headers=field["headers"])
