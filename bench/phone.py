"""A first visit as the browser lived it: every byte it received (the Chrome DevTools Protocol's
network log: HTTP responses as sent, compressed or not, headers included, and the websocket's
frames) and when each awaited state held — optionally on a phone, over a throttled network."""

from __future__ import annotations

import base64
import time
from dataclasses import dataclass


@dataclass(frozen=True)
class Network:
    """A network the browser is held to (``Network.emulateNetworkConditions``)."""

    name: str
    download_bits: int  # per second
    upload_bits: int
    round_trip_ms: float

    def conditions(self) -> dict:
        return {
            "offline": False,
            "latency": self.round_trip_ms,
            "downloadThroughput": self.download_bits / 8,
            "uploadThroughput": self.upload_bits / 8,
        }


# Chrome DevTools' "Fast 4G" preset: a leader's phone on a provincial mobile network.
MOBILE = Network("4G: 9 Mbit/s down, 1.5 Mbit/s up, 170 ms", 9_000_000, 1_500_000, 170)
# A phone: 390×844 CSS pixels, touch, a phone's user agent (Chromium's own, as Android's Chrome sends it).
PHONE = {
    "viewport": {"width": 390, "height": 844},
    "device_scale_factor": 3,
    "is_mobile": True,
    "has_touch": True,
    "user_agent": "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/140.0.0.0 Mobile Safari/537.36",
}
DESKTOP = {"viewport": {"width": 1400, "height": 1000}}
TIMEOUT_MS = 180_000


@dataclass
class FirstVisit:
    http_bytes: int
    websocket_bytes: int
    seconds: dict[str, float]  # each awaited state: seconds from opening the page until it held

    @property
    def total_bytes(self) -> int:
        return self.http_bytes + self.websocket_bytes


def first_visit(
    browser,
    url: str,
    waits: dict[str, str],
    device: dict = DESKTOP,
    network: Network | None = None,
    timeout_ms: float = TIMEOUT_MS,
) -> FirstVisit:
    """Open ``url`` in a new context (nothing cached) on ``device`` over ``network`` (unthrottled when
    None) and wait, in order, for each of ``waits`` (name: a JS predicate)."""
    context = browser.new_context(**device)
    try:
        page = context.new_page()
        received = {"http": 0, "websocket": 0}
        session = context.new_cdp_session(page)
        session.on("Network.loadingFinished", lambda event: _add(received, "http", int(event["encodedDataLength"])))
        session.on(
            "Network.webSocketFrameReceived", lambda event: _add(received, "websocket", _frame_bytes(event["response"]))
        )
        session.send("Network.enable")
        if network is not None:
            session.send("Network.emulateNetworkConditions", network.conditions())
        seconds = {}
        start = time.perf_counter()
        page.goto(url, wait_until="commit", timeout=timeout_ms)  # the waits below say when it is ready
        for name, ready in waits.items():
            page.wait_for_function(ready, timeout=timeout_ms, polling="raf")
            seconds[name] = time.perf_counter() - start
        return FirstVisit(received["http"], received["websocket"], seconds)
    finally:
        context.close()


def _add(received: dict[str, int], kind: str, count: int) -> None:
    received[kind] += count


def _frame_bytes(frame: dict) -> int:
    # A binary frame's payload comes base64-encoded in the protocol.
    return len(base64.b64decode(frame["payloadData"])) if frame["opcode"] == 2 else len(frame["payloadData"].encode())
