"""A QR code of a link, drawn on the server (segno, SVG): the share box shows it, so that a link on a
laptop's screen opens on a phone held up to it."""

from __future__ import annotations

import segno

# Medium error correction: readable from a screen at an angle; the links are short enough for it.
ERROR_CORRECTION = "m"
# Pixels per module, and the quiet zone around the code (modules): the standard asks for 4.
MODULE_PIXELS = 5
QUIET_ZONE = 4


def qr_svg(link: str) -> str:
    """The SVG markup of ``link``'s QR code, black on white whatever the page's theme."""
    code = segno.make(link, error=ERROR_CORRECTION, micro=False)
    return code.svg_inline(scale=MODULE_PIXELS, border=QUIET_ZONE, dark="#000", light="#fff")
