"""PDF rendition through LibreOffice: a warm unoserver when configured, else soffice."""

from __future__ import annotations

import fcntl
import logging
import os
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings

logger = logging.getLogger(__name__)


class ConversionError(RuntimeError):
    pass


def converter_port(start: int = 2003) -> int:
    """A port P, from ``start`` on, free for a unoserver with P-1000 free for its
    LibreOffice (tools/unoserver.sh listens on both)."""
    for port in range(start, start + 100):
        try:
            for candidate in (port, port - 1000):
                with socket.socket() as probe:
                    probe.bind(("127.0.0.1", candidate))
        except OSError:
            continue
        return port
    raise OSError(f"no free port pair for unoserver from {start}")


def docx_to_pdf(docx: bytes) -> bytes:
    if not settings.UNOSERVER_ADDRESS:
        return _soffice(docx)
    try:
        return _unoserver(docx)
    except ConversionError as warm:
        # unoserver stops for good when its LibreOffice dies (killed, crashed, out of
        # memory), so asking it again is pointless: convert this document with a
        # LibreOffice of its own, slower but independent of the warm one.
        logger.warning("warm converter failed, converting with soffice: %s", warm)
        try:
            return _soffice(docx)
        except ConversionError as cold:
            raise ConversionError(f"{warm} / {cold}") from cold


def _soffice(docx: bytes) -> bytes:
    # One profile per process: two soffice instances must not share a profile.
    profile = Path(settings.VAR_DIR) / "libreoffice" / f"profile-{os.getpid()}"
    with tempfile.TemporaryDirectory(prefix="pdf-") as tmp:
        source = Path(tmp) / "documento.docx"
        source.write_bytes(docx)
        command = [
            settings.SOFFICE_BINARY, f"-env:UserInstallation={profile.as_uri()}", "--headless",
            "--norestore", "--nologo", "--convert-to", "pdf", "--outdir", tmp, str(source),
        ]  # fmt: skip
        try:
            subprocess.run(command, capture_output=True, timeout=settings.PDF_TIMEOUT_SECONDS,
                           check=True)  # fmt: skip
        except FileNotFoundError as exc:
            raise ConversionError("LibreOffice (soffice) no está instalado.") from exc
        except subprocess.TimeoutExpired as exc:
            raise ConversionError(
                f"LibreOffice no terminó en {settings.PDF_TIMEOUT_SECONDS} s."
            ) from exc
        except subprocess.CalledProcessError as exc:
            raise ConversionError(f"LibreOffice falló: {exc.stderr[-500:]!r}") from exc
        target = source.with_suffix(".pdf")
        if not target.exists():
            raise ConversionError("LibreOffice no produjo el PDF.")
        return target.read_bytes()


def addresses(value: str) -> list[str]:
    """``UNOSERVER_ADDRESS``: one ``host:port`` or a comma-separated list of them."""
    return [a.strip() for a in value.split(",") if a.strip()]


@contextmanager
def _server() -> Iterator[str]:
    """One of the configured servers, held by this process while it converts.

    A server converts one document at a time; with several (one per worker process)
    each process takes a free one through a lock file, starting from its own slot, so
    processes spread over the servers without talking to each other. When all are busy
    it waits for its own slot's server.
    """
    servers = addresses(settings.UNOSERVER_ADDRESS)
    if len(servers) == 1:
        yield servers[0]
        return
    folder = Path(settings.VAR_DIR) / "unoserver-locks"
    folder.mkdir(parents=True, exist_ok=True)
    start = os.getpid() % len(servers)
    order = servers[start:] + servers[:start]
    for blocking in (False, True):
        for address in order if not blocking else order[:1]:
            handle = (folder / address.replace(":", "_")).open("a")
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | (0 if blocking else fcntl.LOCK_NB))
            except BlockingIOError:
                handle.close()
                continue
            try:
                yield address
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)
                handle.close()
            return


def _unoserver(docx: bytes) -> bytes:
    from unoserver.client import UnoClient  # optional dependency, see README

    with _server() as address:
        host, _, port = address.partition(":")
        # The client retries a refused connection for 40 s (5 × 10 s): a converter that
        # died would cost that much per document before the fallback. Ask first.
        try:
            socket.create_connection((host, int(port or "2003")), timeout=2).close()
        except OSError as exc:
            raise ConversionError(f"unoserver no responde en {address}: {exc}") from exc
        client = UnoClient(server=host, port=port or "2003")
        try:
            result = client.convert(indata=docx, convert_to="pdf")
        except Exception as exc:
            raise ConversionError(f"unoserver falló: {exc}") from exc
    if not isinstance(result, bytes | bytearray):
        raise ConversionError("unoserver no devolvió el PDF.")
    return bytes(result)
