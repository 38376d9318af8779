"""What the tests that start real servers or run the docs share."""

from __future__ import annotations

import re
import socket
from pathlib import Path


def free_port() -> int:
    """A TCP port on the loopback that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def sh_blocks(path: Path) -> list[str]:
    """The fenced ``sh`` blocks of a Markdown file, in order: what a reader pastes."""
    return re.findall(r"^```sh\n(.*?)^```$", path.read_text("utf-8"), flags=re.S | re.M)
