"""PDF through Typst (the `typst` package): templates are `.typ` files in exports/typst/, data goes in as JSON.

Every template starts with `#import "common.typ": *` and `#show: korean`, which sets A4, the Nanum fonts
and the rule that keeps Korean words whole (a line breaks between words, never inside one) while a
long URL or a prompt without spaces still wraps (runs longer than 24 characters are split).
Images (a seal, QR codes) are copied next to the template for one compile and referred to by name.
"""

from __future__ import annotations

import io
import json
import re
import shutil
import tempfile
from functools import cache
from pathlib import Path

from django.conf import settings

TEMPLATES = Path(__file__).resolve().parent / "typst"
MISSING_GLYPH = re.compile(r'the text `"(.+?)"` could not be displayed')


@cache
def _fonts(paths: tuple[str, ...]):
    """The font book, read once per process: Typst otherwise scans and parses every font file for each new
    compiler (the casebook, the certificates and every batch make one)."""
    import typst  # noqa: PLC0415 -- slow import

    return typst.Fonts(include_system_fonts=False, include_embedded_fonts=True, font_paths=list(paths))


class PdfRenderer:
    """Compiles one template again and again with a reused typst.Compiler (a few ms per small document)."""

    def __init__(self, template: str, *, files: dict[str, bytes] | None = None):
        import typst  # noqa: PLC0415 -- slow import

        self._dir = Path(tempfile.mkdtemp(prefix="typst-"))
        for path in TEMPLATES.glob("*.typ"):
            shutil.copyfile(path, self._dir / path.name)
        for name, data in (files or {}).items():
            (self._dir / name).write_bytes(data)
        self._compiler = typst.Compiler(
            input=str(self._dir / template),
            root=str(self._dir),
            font_paths=_fonts(tuple(settings.PDF_FONT_PATHS)),
            ignore_system_fonts=True,
        )

    def render(self, data: dict, *, pdf_a: bool = False) -> bytes:
        """The PDF. PDF/A refuses a character no font has: such a character is shown as □ instead."""
        import typst  # noqa: PLC0415 -- slow import

        payload = json.dumps(data, ensure_ascii=False, default=str)
        for _attempt in range(50):
            try:
                return self._compiler.compile(
                    format="pdf", sys_inputs={"data": payload}, pdf_standards=["a-2b"] if pdf_a else []
                )
            except typst.TypstError as exc:
                missing = MISSING_GLYPH.search(str(exc))
                if not missing or missing.group(1) not in payload:
                    raise
                payload = payload.replace(missing.group(1), "□")
        raise RuntimeError("too many characters without a font")

    def close(self) -> None:
        shutil.rmtree(self._dir, ignore_errors=True)

    def __enter__(self) -> PdfRenderer:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def render_pdf(template: str, data: dict, *, pdf_a: bool = False, files: dict[str, bytes] | None = None) -> bytes:
    with PdfRenderer(template, files=files) as renderer:
        return renderer.render(data, pdf_a=pdf_a)


def qr_svg(url: str) -> str:
    """A QR code as SVG text (segno), for `image(bytes(...))` in a template. The mask is fixed (any of the
    eight is valid and every reader handles it): choosing the best one costs segno 3 of its 4 ms a code,
    36 s of CPU for a national rollout's 8,500 certificates."""
    import segno  # noqa: PLC0415 -- slow import

    out = io.BytesIO()
    segno.make(url, error="m", mask=0).save(out, kind="svg", border=0, xmldecl=False, svgns=True, dark="#000")
    return out.getvalue().decode()


def merge_pdfs(paths: list[str], out) -> None:
    """The PDFs one after the other into `out`. One PDF is copied as it is (a PDF/A stays byte for byte
    what Typst wrote). Several are joined with pypdf keeping the first one's document information, XMP
    metadata and output intent (PDF/A-2b asks for them); the tag trees of the parts, which cannot be joined
    this way, are left out (PDF/A-2b does not ask for tags)."""
    if len(paths) == 1:
        with open(paths[0], "rb") as handle:
            shutil.copyfileobj(handle, out, 1 << 20)
        return
    from pypdf import PdfWriter  # noqa: PLC0415 -- slow import
    from pypdf.generic import NameObject  # noqa: PLC0415 -- slow import

    writer = PdfWriter(clone_from=paths[0])
    for path in paths[1:]:
        writer.append(path, import_outline=False)
    root = writer._root_object
    for key in ("/StructTreeRoot", "/MarkInfo"):
        if NameObject(key) in root:
            del root[NameObject(key)]
    for page in writer.pages:
        if NameObject("/StructParents") in page:
            del page[NameObject("/StructParents")]
    writer.write(out)
