"""The API's JSON renderer: DRF's output, written by orjson.

DRF's renderer runs the standard library's encoder, which took about a tenth of the finder's
nearest request (`bench/stations`) for twenty stations; orjson writes the same page in a tenth of
that. Output stays DRF's, byte for byte: compact UTF-8 (`UNICODE_JSON`), and every value orjson
does not write natively in the same way (decimals, datetimes, lazy translations, UUIDs, querysets)
goes through DRF's own encoder, which raises for a value it cannot write instead of writing `null`.

Two differences remain, neither in anything the portal sends: a float in exponent form is written
`1e-7` where the standard library wrote `1e-07` (the same number to every JSON parser), and NaN or
infinity is written `null` where DRF raised an error (a 500).
"""

from __future__ import annotations

import orjson
from rest_framework.renderers import JSONRenderer
from rest_framework.utils.encoders import JSONEncoder

# Integer keys are written as strings, as the standard library does; datetimes go to DRF's encoder,
# which writes them as DRF always has (milliseconds, `Z` for UTC) rather than orjson's way.
OPTIONS = orjson.OPT_NON_STR_KEYS | orjson.OPT_PASSTHROUGH_DATETIME


class ORJSONRenderer(JSONRenderer):
    """`JSONRenderer` with orjson doing the writing."""

    _fallback = JSONEncoder().default

    def render(self, data, accepted_media_type=None, renderer_context=None) -> bytes:
        if data is None:
            return b""
        renderer_context = renderer_context or {}
        if self.ensure_ascii or self.get_indent(accepted_media_type, renderer_context):
            # ASCII-only or indented output (a client's `; indent=N`) is DRF's to write.
            return super().render(data, accepted_media_type, renderer_context)
        # DRF escapes the two line separators JavaScript once forbade in strings; so do we.
        return (orjson.dumps(data, default=self._fallback, option=OPTIONS)
                .replace(b"\xe2\x80\xa8", b"\\u2028").replace(b"\xe2\x80\xa9", b"\\u2029"))
