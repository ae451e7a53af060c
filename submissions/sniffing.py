"""What an uploaded file really is: its extension and its content checked against an allow-list.

Pure functions over bytes and seekable binary files; no ORM. A file passes when its extension is
allowed for the kind chosen, its first bytes carry the signature of that type (PDF, PNG, JPEG, MP4,
ZIP-based Office and HWPX, OLE-based HWP), and, for ZIP-based types, the archive's central directory
(read with zipfile; nothing is ever extracted) shows no ZIP bomb. Programs renamed to an allowed
extension (MZ, ELF, Mach-O, ``#!`` scripts) and files whose content contradicts their extension are
refused.
"""

from __future__ import annotations

import struct
import zipfile
from dataclasses import dataclass, field
from typing import BinaryIO

from django.utils.translation import gettext_lazy as _

HEAD_BYTES = 4096  # enough for every signature below

# kind → allowed extensions
ALLOWED_EXTENSIONS: dict[str, tuple[str, ...]] = {
    "slides": ("pptx", "pdf"),
    "document": ("pdf", "hwp", "hwpx", "docx", "pptx", "xlsx"),
    "screenshot": ("png", "jpg", "jpeg"),
    "video": ("mp4",),
    "source": ("zip",),
}

# extension → detected type
TYPE_OF_EXTENSION = {
    "pdf": "pdf",
    "png": "png",
    "jpg": "jpeg",
    "jpeg": "jpeg",
    "mp4": "mp4",
    "zip": "zip",
    "pptx": "pptx",
    "docx": "docx",
    "xlsx": "xlsx",
    "hwpx": "hwpx",
    "hwp": "hwp",
}

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "png": "image/png",
    "jpeg": "image/jpeg",
    "mp4": "video/mp4",
    "zip": "application/zip",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "hwpx": "application/hwp+zip",
    "hwp": "application/x-hwp",
}

OOXML_PART = {"pptx": "ppt/", "docx": "word/", "xlsx": "xl/"}
HWPX_MIMETYPE = b"application/hwp+zip"

PDF = b"%PDF-"
PNG = b"\x89PNG\r\n\x1a\n"
JPEG = b"\xff\xd8\xff"
ZIP = b"PK\x03\x04"
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
MP4_BRANDS = {
    b"isom",
    b"iso2",
    b"iso3",
    b"iso4",
    b"iso5",
    b"iso6",
    b"mp41",
    b"mp42",
    b"avc1",
    b"M4V ",
    b"mmp4",
    b"dash",
    b"MSNV",
    b"f4v ",
}
EXECUTABLES = (
    (b"MZ", "Windows program"),
    (b"\x7fELF", "Linux program"),
    (b"#!", "script"),
    (b"\xfe\xed\xfa\xce", "macOS program"),
    (b"\xfe\xed\xfa\xcf", "macOS program"),
    (b"\xce\xfa\xed\xfe", "macOS program"),
    (b"\xcf\xfa\xed\xfe", "macOS program"),
    (b"\xca\xfe\xba\xbe", "macOS or Java program"),
)


@dataclass(frozen=True)
class ZipLimits:
    """What an archive may claim in its central directory."""

    max_entries: int = 10_000
    max_total_uncompressed: int = 2 * 1024**3
    max_ratio: int = 100  # uncompressed / compressed, for the archive and for each entry
    ratio_applies_above: int = 1024 * 1024  # tiny, very compressible entries (an empty XML part) are fine


@dataclass(frozen=True)
class Verdict:
    ok: bool
    detected: str = ""  # "pdf", "pptx", …
    content_type: str = "application/octet-stream"
    problem: str = ""  # a key of PROBLEMS
    params: dict = field(default_factory=dict)

    def message(self, kind_labels: dict | None = None) -> str:
        """The refusal for a person; `kind_labels` turns a kind's code into its (translated) name."""
        if not self.problem:
            return ""
        params = dict(self.params)
        if "kind" in params and kind_labels:
            params["kind"] = kind_labels.get(params["kind"], params["kind"])
        return str(PROBLEMS[self.problem]) % params


PROBLEMS = {
    "kind": _("Choose what kind of file this is."),
    "extension": _("Files of this type (.%(extension)s) cannot be uploaded as %(kind)s. Allowed: %(allowed)s."),
    "unsupported": _("Files of this type (.%(extension)s) cannot be uploaded. Allowed: %(allowed)s."),
    "empty": _("The file is empty (0 bytes)."),
    "executable": _("This file is a program (%(what)s), not a document. It was refused."),
    "mismatch": _("The file's content does not match its extension .%(extension)s. Save it again in that format."),
    "damaged": _("The file is damaged or not a valid %(type)s file."),
    "zip_entries": _("The archive holds too many files (%(count)s; at most %(limit)s)."),
    "zip_size": _("The archive would unpack to %(size)s MB; at most %(limit)s MB are allowed."),
    "zip_ratio": _("The archive is compressed suspiciously strongly (%(ratio)s:1); it looks like a ZIP bomb."),
    "zip_encrypted": _("Password-protected archives cannot be checked and were refused."),
}


def refuse(problem: str, **params) -> Verdict:
    return Verdict(False, problem=problem, params=params)


def executable_signature(head: bytes) -> str | None:
    for signature, what in EXECUTABLES:
        if head.startswith(signature):
            return what
    return None


def signature_matches(head: bytes, detected: str) -> bool:
    """Whether the first bytes carry the signature of the type the extension names."""
    if detected == "pdf":
        return head.startswith(PDF)
    if detected == "png":
        return head.startswith(PNG)
    if detected == "jpeg":
        return head.startswith(JPEG)
    if detected == "mp4":
        return len(head) >= 12 and head[4:8] == b"ftyp" and head[8:12] in MP4_BRANDS
    if detected in ("zip", "pptx", "docx", "xlsx", "hwpx"):
        return head.startswith(ZIP)
    if detected == "hwp":
        return head.startswith(OLE)
    return False


def check_extension(extension: str, kind: str) -> Verdict | None:
    """A refusal when the extension is not allowed for the kind, else None."""
    if kind not in ALLOWED_EXTENSIONS:
        return refuse("kind")
    allowed = ALLOWED_EXTENSIONS[kind]
    if extension not in allowed:
        return refuse("extension", extension=extension or "?", kind=kind, allowed=", ".join(f".{e}" for e in allowed))
    return None


def check_head(head: bytes, extension: str) -> Verdict | None:
    """The early check on the first bytes of an upload, before the rest arrives: programs and obvious
    mismatches are refused at once. None when nothing is wrong so far."""
    what = executable_signature(head)
    if what:
        return refuse("executable", what=what)
    detected = TYPE_OF_EXTENSION.get(extension)
    if detected is None:
        return refuse("unsupported", extension=extension or "?", allowed=", ".join(f".{e}" for e in TYPE_OF_EXTENSION))
    if head and not signature_matches(head, detected):
        return refuse("mismatch", extension=extension)
    return None


def sniff(file: BinaryIO, *, extension: str, kind: str, size: int, limits: ZipLimits | None = None) -> Verdict:
    """The full check of a complete, seekable file of `size` bytes uploaded as `kind`."""
    extension = extension.lower()
    refused = check_extension(extension, kind)
    if refused:
        return refused
    if size <= 0:
        return refuse("empty")
    file.seek(0)
    head = file.read(HEAD_BYTES)
    refused = check_head(head, extension)
    if refused:
        return refused
    detected = TYPE_OF_EXTENSION[extension]
    if detected in ("zip", "pptx", "docx", "xlsx", "hwpx"):
        refused = check_zip(file, detected=detected, size=size, limits=limits or ZipLimits())
    elif detected == "hwp":
        refused = check_hwp(file, size=size)
    if refused:
        return refused
    file.seek(0)
    return Verdict(True, detected=detected, content_type=CONTENT_TYPES[detected])


def check_zip(file: BinaryIO, *, detected: str, size: int, limits: ZipLimits) -> Verdict | None:
    """Read the central directory only (zipfile does not decompress anything to list entries)."""
    file.seek(0)
    try:
        archive = zipfile.ZipFile(file)
        entries = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError, struct.error):
        return refuse("damaged", type=detected.upper())
    if not entries:
        return refuse("damaged", type=detected.upper())
    if len(entries) > limits.max_entries:
        return refuse("zip_entries", count=f"{len(entries):,}", limit=f"{limits.max_entries:,}")
    total = 0
    for entry in entries:
        if entry.flag_bits & 0x1:
            return refuse("zip_encrypted")
        total += entry.file_size
        if entry.file_size > limits.ratio_applies_above:
            ratio = entry.file_size / max(entry.compress_size, 1)
            if ratio > limits.max_ratio:
                return refuse("zip_ratio", ratio=f"{ratio:,.0f}")
    if total > limits.max_total_uncompressed:
        return refuse(
            "zip_size", size=f"{total / 1024**2:,.0f}", limit=f"{limits.max_total_uncompressed / 1024**2:,.0f}"
        )
    if total > limits.ratio_applies_above and total / max(size, 1) > limits.max_ratio:
        return refuse("zip_ratio", ratio=f"{total / max(size, 1):,.0f}")

    names = {entry.filename for entry in entries}
    if detected in OOXML_PART:
        part = OOXML_PART[detected]
        if "[Content_Types].xml" not in names or not any(name.startswith(part) for name in names):
            return refuse("mismatch", extension=detected)
    elif detected == "hwpx":
        mimetype = next((entry for entry in entries if entry.filename == "mimetype"), None)
        if mimetype is None or mimetype.file_size > 256:
            return refuse("mismatch", extension=detected)
        try:
            content = archive.read(mimetype)  # at most 256 bytes, checked above
        except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError):
            return refuse("damaged", type="HWPX")
        if content.strip() != HWPX_MIMETYPE:
            return refuse("mismatch", extension=detected)
    return None


# HWP 5.0: a Compound File Binary (OLE) document with the streams FileHeader and DocInfo --------

FREESECT, ENDOFCHAIN = 0xFFFFFFFF, 0xFFFFFFFE
MAX_DIRECTORY_SECTORS = 256


def ole_entry_names(file: BinaryIO, *, size: int) -> set[str]:
    """The names in an OLE file's directory (root entry included), following the FAT chain with bounds.

    Raises ValueError for a damaged file.
    """
    file.seek(0)
    header = file.read(512)
    if len(header) < 512 or not header.startswith(OLE):
        raise ValueError("not an OLE file")
    sector_shift = struct.unpack_from("<H", header, 0x1E)[0]
    if sector_shift not in (9, 12):
        raise ValueError("bad sector size")
    sector_size = 1 << sector_shift
    fat_sector_count = struct.unpack_from("<I", header, 0x2C)[0]
    first_directory = struct.unpack_from("<I", header, 0x30)[0]
    difat = struct.unpack_from("<109I", header, 0x4C)[: min(fat_sector_count, 109)]

    def read_sector(number: int) -> bytes:
        offset = (number + 1) * sector_size
        if number >= 0xFFFFFFFA or offset + sector_size > size:
            raise ValueError("sector out of range")
        file.seek(offset)
        data = file.read(sector_size)
        if len(data) != sector_size:
            raise ValueError("short sector")
        return data

    fat: list[int] = []
    for number in difat:
        fat.extend(struct.unpack(f"<{sector_size // 4}I", read_sector(number)))

    names: set[str] = set()
    sector, seen = first_directory, set()
    while sector != ENDOFCHAIN:
        if sector in seen or len(seen) >= MAX_DIRECTORY_SECTORS or sector >= len(fat):
            raise ValueError("bad directory chain")
        seen.add(sector)
        data = read_sector(sector)
        for offset in range(0, sector_size, 128):
            entry = data[offset : offset + 128]
            name_length = struct.unpack_from("<H", entry, 64)[0]
            if entry[66] in (1, 2, 5) and 2 <= name_length <= 64:
                names.add(entry[: name_length - 2].decode("utf-16-le", errors="replace"))
        sector = fat[sector]
    return names


def check_hwp(file: BinaryIO, *, size: int) -> Verdict | None:
    try:
        names = ole_entry_names(file, size=size)
    except (ValueError, struct.error, IndexError):
        return refuse("damaged", type="HWP")
    if not {"FileHeader", "DocInfo"} <= names:
        return refuse("mismatch", extension="hwp")  # another OLE document (.doc, .xls) renamed
    return None
