"""Rendering is a pure function: (template bytes, context) → .docx bytes.

Templates run in Jinja's immutable sandbox with autoescaping (a value with "&" or "<"
must not break the XML, and template code must not reach Python internals) and
StrictUndefined (a missing value is an error, never a silent blank).
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from functools import lru_cache
from typing import Any

from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.packuri import CONTENT_TYPES_URI, PACKAGE_URI
from docx.opc.pkgwriter import _ContentTypesItem
from docxtpl import DocxTemplate
from jinja2 import StrictUndefined, Template
from jinja2.sandbox import ImmutableSandboxedEnvironment
from lxml import etree

from documents.filters import FILTERS


class _CachingEnvironment(ImmutableSandboxedEnvironment):
    """Compiles each distinct XML part once: docxtpl asks for the same source on every
    render of a template version."""

    @lru_cache(maxsize=256)  # noqa: B019 (one environment for the process)
    def _compiled(self, source: str) -> Template:
        return super().from_string(source)

    def from_string(self, source: Any, globals: Any = None, template_class: Any = None) -> Any:
        if globals is None and template_class is None and isinstance(source, str):
            return self._compiled(source)
        return super().from_string(source, globals, template_class)


def make_environment() -> ImmutableSandboxedEnvironment:
    env = _CachingEnvironment(autoescape=True, undefined=StrictUndefined)
    env.filters.update(FILTERS)
    return env


ENVIRONMENT = make_environment()


class _Template(DocxTemplate):
    """docxtpl with its XML clean-up (regular expressions over the whole part) done once
    per distinct part instead of on every render."""

    def patch_xml(self, src_xml: str) -> str:
        return _patch_cached(src_xml)


@lru_cache(maxsize=256)
def _patch_cached(xml: str) -> str:
    return str(DocxTemplate.patch_xml(_PATCHER, xml))


_PATCHER = DocxTemplate(io.BytesIO())


def open_template(template: bytes) -> DocxTemplate:
    return _Template(io.BytesIO(template))


def render_docx(template: bytes, context: dict[str, Any], *, images: Any = None) -> bytes:
    """Render ``template`` with ``context``; ``images`` builds InlineImages for the
    document being rendered (they must belong to it).

    ``context`` is plain data (it is stored as JSON with the document) plus those images:
    nothing in it can reach the styles, so python-docx opens a light copy of the
    template (``_light``) and the untouched parts are copied back as they were."""
    doc = open_template(_light(template))
    full = {**context, **(images(doc) if images else {})}
    doc.render(full, jinja_env=ENVIRONMENT)
    return _save(doc, template)


# What docxtpl renders (body, headers, footers, core properties, footnotes); every other
# part of the template comes out as it went in.
_RENDERED = {CT.WML_DOCUMENT_MAIN, CT.WML_HEADER, CT.WML_FOOTER, CT.OPC_CORE_PROPERTIES,
             CT.WML_FOOTNOTES}  # fmt: skip
_Entry = tuple[int, int, int, bytes]  # method, CRC-32, size, stored (compressed) bytes


def _save(doc: DocxTemplate, template: bytes) -> bytes:
    """The rendered package, as python-docx would write it, but with the parts docxtpl
    did not touch copied compressed from the template: re-serializing and re-deflating
    its styles (~800 KB of XML in the shipped templates) was a third of every render."""
    package = doc.docx.part.package
    parts = list(package.iter_parts())
    kept = _template_entries(template)
    entries: list[tuple[str, _Entry]] = [
        (CONTENT_TYPES_URI.membername, _deflated(_ContentTypesItem.from_parts(parts).blob)),
        (PACKAGE_URI.rels_uri.membername, _deflated(package.rels.xml)),
    ]
    for part in parts:
        name = part.partname.membername
        same = part is not doc.docx.part and part.content_type not in _RENDERED and name in kept
        entries.append((name, kept[name] if same else _deflated(part.blob)))
        if len(part.rels):
            entries.append((part.partname.rels_uri.membername, _deflated(part.rels.xml)))
    return _zip(entries)


# Parts that docxtpl never reads nor renders, and that are large in Word's files.
_STYLES = {CT.WML_STYLES, "application/vnd.ms-word.stylesWithEffects+xml"}


@lru_cache(maxsize=16)
def _light(template: bytes) -> bytes:
    """The template with its styles replaced by their empty root elements: opening the
    package parsed their ~800 KB of XML per document, and docxtpl never reads them."""
    # Only members copied back at save (_template_entries) may be emptied here.
    styles = _members_of_type(template, _STYLES) & set(_template_entries(template))
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(template)) as source, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as light:  # fmt: skip
        for info in source.infolist():
            data = source.read(info)
            if info.filename in styles:
                root = etree.fromstring(data)
                empty = etree.Element(root.tag, nsmap=root.nsmap)
                data = etree.tostring(empty, xml_declaration=True, encoding="UTF-8")
            light.writestr(info, data)
    return out.getvalue()


def _members_of_type(template: bytes, content_types: set[str]) -> set[str]:
    """Names of the members of these content types ([Content_Types].xml)."""
    with zipfile.ZipFile(io.BytesIO(template)) as source:
        types = etree.fromstring(source.read("[Content_Types].xml"))
    return {
        override.get("PartName", "").lstrip("/")
        for override in types
        if override.get("ContentType") in content_types
    }


def _deflated(data: bytes) -> _Entry:
    packer = zlib.compressobj(6, zlib.DEFLATED, -15)
    return zipfile.ZIP_DEFLATED, zlib.crc32(data), len(data), packer.compress(data) + packer.flush()


@lru_cache(maxsize=16)
def _template_entries(template: bytes) -> dict[str, _Entry]:
    """Each member of the template zip as stored (compressed bytes and their CRC)."""
    entries = {}
    with zipfile.ZipFile(io.BytesIO(template)) as archive:
        for info in archive.infolist():
            if info.compress_type not in {zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED}:
                continue
            header = template[info.header_offset : info.header_offset + 30]
            start = info.header_offset + 30 + int.from_bytes(header[26:28], "little") + \
                int.from_bytes(header[28:30], "little")  # fmt: skip
            data = template[start : start + info.compress_size]
            entries[info.filename] = (info.compress_type, info.CRC, info.file_size, data)
    return entries


def _zip(entries: list[tuple[str, _Entry]]) -> bytes:
    """A plain zip (no extra fields, 1980-01-01 like python-docx) of stored members."""
    out, central = io.BytesIO(), []
    for name, (method, crc, size, data) in entries:
        encoded, offset = name.encode(), out.tell()
        out.write(struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, method, 0, 0x21, crc,
                              len(data), size, len(encoded), 0) + encoded)  # fmt: skip
        out.write(data)
        central.append(struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, method, 0, 0x21,
                                   crc, len(data), size, len(encoded), 0, 0, 0, 0, 0, offset)
                       + encoded)  # fmt: skip
    directory = b"".join(central)
    start = out.tell()
    out.write(directory)
    out.write(struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(central), len(central),
                          len(directory), start, 0))  # fmt: skip
    return out.getvalue()
