/* Writing a recording's length into its WebM file. A browser's MediaRecorder writes WebM as
   it goes, so it cannot say at the start how long the recording will be: players then show
   no length and cannot jump about in it. After Stop the tablet knows, so this adds the
   Duration element to the file's Segment Info (Matroska/EBML), before the SHA-256 is taken.
   Anything it does not expect (another container, a SeekHead whose positions would move, a
   Duration already there) leaves the file as it is. */

var EBML = 0x1A45DFA3, SEGMENT = 0x18538067, INFO = 0x1549A966, SEEK_HEAD = 0x114D9B74;
var TIMECODE_SCALE = 0x2AD7B1, DURATION = 0x4489;
var LOOK = 65536;            // the header is in the first few hundred bytes

// A variable-length number at `at`: {value, length}, value null when "unknown size".
function vint(bytes, at, keepMarker) {
  var first = bytes[at], length = 1, mask = 0x80;
  while (length <= 8 && !(first & mask)) { length += 1; mask >>= 1; }
  if (length > 8 || at + length > bytes.length) return null;
  var value = keepMarker ? first : first & (mask - 1), allOnes = (first & (mask - 1)) === mask - 1;
  for (var i = 1; i < length; i++) {
    value = value * 256 + bytes[at + i];
    if (bytes[at + i] !== 0xFF) allOnes = false;
  }
  return {value: keepMarker || !allOnes ? value : null, length: length};
}

// An element at `at`: {id, start of its data, size (null: unknown), end}.
function element(bytes, at) {
  var id = vint(bytes, at, true);
  if (!id) return null;
  var size = vint(bytes, at + id.length, false);
  if (!size) return null;
  var start = at + id.length + size.length;
  return {id: id.value, start: start, size: size.value, end: size.value === null ? null : start + size.value};
}

// A size written in 8 bytes (the longest form), so it never changes length.
function size8(n) {
  var out = new Uint8Array(8);
  out[0] = 0x01;
  for (var i = 7; i >= 1; i--) { out[i] = n % 256; n = Math.floor(n / 256); }
  return out;
}

function readUint(bytes, from, to) {
  var n = 0;
  for (var i = from; i < to; i++) n = n * 256 + bytes[i];
  return n;
}

// The file's first bytes, in parts, with its Duration; or null to keep it as it is.
function patched(bytes, seconds) {
  var head = element(bytes, 0);
  if (!head || head.id !== EBML || head.end === null) return null;
  var segment = element(bytes, head.end);
  if (!segment || segment.id !== SEGMENT) return null;
  var at = segment.start;
  while (at < bytes.length) {
    var child = element(bytes, at);
    if (!child || child.end === null || child.end > bytes.length || child.id === SEEK_HEAD) return null;
    if (child.id === INFO) return withDuration(bytes, head, segment, at, child, seconds);
    at = child.end;
  }
  return null;
}

function withDuration(bytes, head, segment, infoAt, info, seconds) {
  var scale = 1000000, at = info.start;
  while (at < info.end) {
    var field = element(bytes, at);
    if (!field || field.end === null || field.end > info.end || field.id === DURATION) return null;
    if (field.id === TIMECODE_SCALE) scale = readUint(bytes, field.start, field.end) || scale;
    at = field.end;
  }
  var duration = new Uint8Array(11);              // ID 0x4489, size 8, a 64-bit float
  duration.set([0x44, 0x89, 0x88]);
  new DataView(duration.buffer).setFloat64(3, seconds * 1e9 / scale);
  // Info's size is written again in 8 bytes; a Segment of known size grows as much.
  var grow = 8 - (info.start - infoAt - 4) + duration.length;
  var segmentSize = segment.size === null ? bytes.subarray(head.end + 4, segment.start) : size8(segment.size + grow);
  return [bytes.subarray(0, head.end + 4), segmentSize, bytes.subarray(segment.start, infoAt + 4),
          size8(info.size + duration.length), bytes.subarray(info.start, info.end), duration,
          bytes.subarray(info.end)];
}

// The recording, with its length written in when it is WebM.
export async function withLength(blob, seconds) {
  if (!/webm/i.test(blob.type)) return blob;
  var first = new Uint8Array(await blob.slice(0, LOOK).arrayBuffer());
  var parts = null;
  try { parts = patched(first, seconds); } catch (error) { parts = null; }
  if (!parts) return blob;
  return new Blob(parts.concat(blob.size > LOOK ? [blob.slice(LOOK)] : []), {type: blob.type});
}
