"""PDF rendition through LibreOffice: a warm unoserver when configured, else soffice."""

from __future__ import annotations

import os
import subprocess
import tempfile
from pathlib import Path

from django.conf import settings


class ConversionError(RuntimeError):
    pass


def docx_to_pdf(docx: bytes) -> bytes:
    if settings.UNOSERVER_ADDRESS:
        return _unoserver(docx)
    return _soffice(docx)


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


def _unoserver(docx: bytes) -> bytes:
    from unoserver.client import UnoClient  # optional dependency, see README

    host, _, port = settings.UNOSERVER_ADDRESS.partition(":")
    client = UnoClient(server=host, port=port or "2003")
    try:
        result = client.convert(indata=docx, convert_to="pdf")
    except Exception as exc:
        raise ConversionError(f"unoserver falló: {exc}") from exc
    if not isinstance(result, bytes | bytearray):
        raise ConversionError("unoserver no devolvió el PDF.")
    return bytes(result)
