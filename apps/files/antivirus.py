"""A ClamAV daemon (clamd) client for the INSTREAM command, over TCP or a Unix socket.

Protocol (clamd(8)): send ``zINSTREAM\\0``, then the data as chunks each preceded by its
length as a 4-byte big-endian integer, then a zero length; clamd answers one
NUL-terminated line: ``stream: OK``, ``stream: <signature> FOUND`` or ``... ERROR``.
clamd refuses streams longer than its ``StreamMaxLength`` (25 MB by default): raise it
to the largest upload limit (``FILE_MAX_VIDEO_BYTES``) in clamd.conf.
"""

import socket
import struct
from typing import BinaryIO
from urllib.parse import urlsplit

CHUNK_BYTES = 64 * 1024


class ScanUnavailable(Exception):
    """clamd could not be reached or did not give a verdict."""


def _connect(address: str, timeout: float) -> socket.socket:
    parts = urlsplit(address)
    if parts.scheme == "unix":
        path = parts.path or parts.netloc
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        target: object = path
    elif parts.scheme == "tcp" and parts.hostname:
        sock = socket.socket(
            socket.AF_INET6 if ":" in parts.hostname else socket.AF_INET, socket.SOCK_STREAM
        )
        target = (parts.hostname, parts.port or 3310)
    else:
        raise ScanUnavailable(f"CLAMAV_ADDRESS not understood: {address!r}")
    sock.settimeout(timeout)
    try:
        sock.connect(target)
    except OSError as exc:
        sock.close()
        raise ScanUnavailable(f"cannot connect to clamd at {address}: {exc}") from exc
    return sock


def _read_reply(sock: socket.socket) -> str:
    reply = b""
    while not reply.endswith(b"\0"):
        chunk = sock.recv(4096)
        if not chunk:
            break
        reply += chunk
        if len(reply) > 64 * 1024:
            break
    return reply.rstrip(b"\0").decode("utf-8", errors="replace").strip()


def clamd_scan(stream: BinaryIO, *, address: str, timeout: float = 120.0) -> str | None:
    """Scan ``stream`` (read from its current position to the end, in chunks).

    Returns None when clean, the signature name when clamd found something; raises
    ``ScanUnavailable`` when there is no verdict (unreachable, timeout, clamd error).
    """
    sock = _connect(address, timeout)
    try:
        try:
            sock.sendall(b"zINSTREAM\0")
            while chunk := stream.read(CHUNK_BYTES):
                sock.sendall(struct.pack("!L", len(chunk)) + chunk)
            sock.sendall(struct.pack("!L", 0))
        except OSError as exc:
            # clamd closes the connection early when a stream exceeds StreamMaxLength;
            # its reply (if any) says why.
            try:
                reason = _read_reply(sock)
            except OSError:
                reason = ""
            raise ScanUnavailable(f"clamd stopped reading: {reason or exc}") from exc
        try:
            reply = _read_reply(sock)
        except OSError as exc:
            raise ScanUnavailable(f"no answer from clamd: {exc}") from exc
    finally:
        sock.close()

    # "stream: OK" / "stream: Eicar-Test-Signature FOUND" (with an "N: " prefix when
    # clamd is asked for session ids, which we do not do).
    verdict = reply.split(": ", 1)[1] if ": " in reply else reply
    if verdict == "OK":
        return None
    if verdict.endswith(" FOUND"):
        return verdict.removesuffix(" FOUND").strip() or "unknown"
    raise ScanUnavailable(f"unexpected clamd reply: {reply!r}")
