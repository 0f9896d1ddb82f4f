"""Read a WeasyPrint PDF's outline (its bookmarks) without a PDF library: inflate every stream and
decode the ``/Title`` strings. The work record puts its sections and each role in the outline."""

from __future__ import annotations

import re
import zlib

TITLE = re.compile(rb"/Title (?:\((?P<plain>(?:[^()\\]|\\.)*)\)|<(?P<hex>[0-9a-fA-F]+)>)")


def outline(pdf: bytes) -> list[str]:
    blobs = [pdf]
    for match in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.S):
        try:
            blobs.append(zlib.decompress(match.group(1)))
        except zlib.error:
            continue
    titles = []
    for blob in blobs:
        for match in TITLE.finditer(blob):
            if match.group("hex"):
                raw = bytes.fromhex(match.group("hex").decode())
                titles.append(
                    raw[2:].decode("utf-16-be") if raw.startswith(b"\xfe\xff") else raw.decode("latin-1")
                )
            else:
                titles.append(re.sub(rb"\\(.)", rb"\1", match.group("plain")).decode("latin-1"))
    return titles
