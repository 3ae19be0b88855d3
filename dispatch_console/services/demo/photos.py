"""Photos of the demo: plain coloured squares, made without an imaging library."""

from __future__ import annotations

import struct
import zlib
from functools import lru_cache

from dispatch_console.domain.enums import PhotoKind

PHOTO_COLOURS = {
    PhotoKind.BEFORE: (176, 84, 56),
    PhotoKind.AFTER: (62, 142, 84),
    PhotoKind.OTHER: (70, 110, 170),
}


def png_square(rgb: tuple[int, int, int], size: int = 16) -> bytes:
    """A valid PNG of a plain coloured square (8-bit RGB), made with zlib and struct only."""
    return _png_square(tuple(rgb), size)


@lru_cache(maxsize=8)
def _png_square(rgb: tuple[int, ...], size: int) -> bytes:
    row = b"\x00" + bytes(rgb) * size  # filter type 0 (None), then the pixels

    def chunk(tag: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data))
            + tag
            + data
            + struct.pack(">I", zlib.crc32(tag + data) & 0xFFFFFFFF)
        )

    header = struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(row * size, 9))
        + chunk(b"IEND", b"")
    )
