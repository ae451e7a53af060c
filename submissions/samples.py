"""Small, valid files made in code: the demo's screenshots, slides and source archives, and test inputs.

Pure functions returning bytes; nothing is read from disk or the network.
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib

Color = tuple[int, int, int]


def png(width: int, height: int, boxes: list[tuple[int, int, int, int, Color]], background: Color) -> bytes:
    """An RGB PNG of `width`×`height` filled with `background`, with filled rectangles (x, y, w, h, colour)."""
    rows = []
    for y in range(height):
        row = bytearray(background * width)
        for x0, y0, w, h, color in boxes:
            if y0 <= y < y0 + h:
                start, stop = max(0, x0), min(width, x0 + w)
                if start < stop:
                    row[start * 3 : stop * 3] = bytes(color) * (stop - start)
        rows.append(b"\x00" + bytes(row))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"".join(rows), 9))
        + chunk(b"IEND", b"")
    )


def chat_screenshot(accent: Color = (20, 69, 122), *, width: int = 360, height: int = 240) -> bytes:
    """A phone-sized mock of a chatbot screen: a title bar, question and answer bubbles, an input line."""
    light = (238, 241, 246)
    boxes = [
        (0, 0, width, 36, accent),
        (12, 10, 120, 16, (255, 255, 255)),
        (width - 172, 52, 160, 34, (255, 236, 179)),
        (12, 98, 220, 54, light),
        (width - 132, 164, 120, 24, (255, 236, 179)),
        (12, height - 40, width - 84, 28, (255, 255, 255)),
        (width - 64, height - 40, 52, 28, accent),
    ]
    return png(width, height, boxes, background=(250, 251, 253))


def pdf(lines: list[str], *, title: str = "") -> bytes:
    """A one-page A4 PDF showing `lines` in Helvetica (ASCII; other characters become '?')."""

    def literal(text: str) -> str:
        text = text.encode("ascii", "replace").decode()
        return "(" + text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") + ")"

    commands = ["BT", "/F1 20 Tf", "56 780 Td", literal(title or (lines[0] if lines else "")) + " Tj", "/F1 12 Tf"]
    for line in lines if title else lines[1:]:
        commands += ["0 -22 Td", literal(line) + " Tj"]
    commands.append("ET")
    stream = "\n".join(commands).encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> "
        b"/Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(f"{number} 0 obj\n".encode() + body + b"\nendobj\n")
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for offset in offsets:
        out.write(f"{offset:010d} 00000 n \n".encode())
    out.write(f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode())
    return out.getvalue()


def zip_archive(files: dict[str, bytes | str], *, compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression) as archive:
        for name, content in files.items():
            archive.writestr(name, content.encode() if isinstance(content, str) else content)
    return out.getvalue()


CONTENT_TYPES_XML = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="xml" ContentType="application/xml"/></Types>'
)


def ooxml(kind: str) -> bytes:
    """The skeleton of a PPTX, DOCX or XLSX package: enough structure for content sniffing."""
    part = {"pptx": "ppt/presentation.xml", "docx": "word/document.xml", "xlsx": "xl/workbook.xml"}[kind]
    return zip_archive(
        {
            "[Content_Types].xml": CONTENT_TYPES_XML,
            "_rels/.rels": '<?xml version="1.0" encoding="UTF-8"?><Relationships/>',
            part: '<?xml version="1.0" encoding="UTF-8"?><root/>',
        }
    )


def hwpx() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("mimetype", "application/hwp+zip", compress_type=zipfile.ZIP_STORED)
        archive.writestr("Contents/section0.xml", '<?xml version="1.0" encoding="UTF-8"?><hs:sec/>')
        archive.writestr("META-INF/container.xml", "<container/>")
    return out.getvalue()


def ole(stream_names: list[str]) -> bytes:
    """A minimal Compound File (OLE) with a root entry and the named (empty) streams: HWP 5.0 has
    FileHeader and DocInfo; a Word .doc has WordDocument."""
    sector = 512
    header = bytearray(512)
    header[0:8] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    struct.pack_into("<HHHH", header, 0x18, 0x3E, 3, 0xFFFE, 9)  # minor, major version, byte order, 2^9
    struct.pack_into("<H", header, 0x20, 6)  # mini sector shift
    struct.pack_into("<I", header, 0x2C, 1)  # one FAT sector
    struct.pack_into("<I", header, 0x30, 1)  # directory starts at sector 1
    struct.pack_into("<I", header, 0x38, 4096)  # mini stream cutoff
    struct.pack_into("<I", header, 0x3C, 0xFFFFFFFE)  # no mini FAT
    struct.pack_into("<I", header, 0x44, 0xFFFFFFFE)  # no DIFAT sectors
    difat = [0] + [0xFFFFFFFF] * 108
    struct.pack_into("<109I", header, 0x4C, *difat)

    fat = [0xFFFFFFFD, 0xFFFFFFFE] + [0xFFFFFFFF] * (sector // 4 - 2)
    fat_sector = struct.pack(f"<{sector // 4}I", *fat)

    def entry(name: str, kind: int) -> bytes:
        data = bytearray(128)
        encoded = (name + "\0").encode("utf-16-le")
        data[: len(encoded)] = encoded
        struct.pack_into("<H", data, 64, len(encoded))
        data[66] = kind
        struct.pack_into("<III", data, 68, 0xFFFFFFFF, 0xFFFFFFFF, 0xFFFFFFFF)
        struct.pack_into("<I", data, 116, 0xFFFFFFFE)
        return bytes(data)

    entries = [entry("Root Entry", 5)] + [entry(name, 2) for name in stream_names[:3]]
    directory = b"".join(entries).ljust(sector, b"\0")
    return bytes(header) + fat_sector + directory


def mp4_head(brand: bytes = b"isom") -> bytes:
    """The ftyp box an MP4 file starts with."""
    return struct.pack(">I", 24) + b"ftyp" + brand + b"\x00\x00\x02\x00" + brand + b"mp41"
