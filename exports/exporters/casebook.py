"""The prompt casebook: PDF (cover, contents, page numbers, A4, PDF/A-2b), HWPX and Markdown.

The prompts organizers chose for the casebook, grouped by category, each with its purpose, the
prompt, the model or tool, an example input and output, tips, and the team and its departments (no
personal contact details), followed by the generative-AI use checklist (공정성·신뢰성·보안).
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..base import Exporter, ExportReport, ExportSubject
from ..hwpx import read_back
from ..pdf import render_pdf
from ..selectors import casebook_prompts

# The use checklist that goes with the casebook (after the city's generative-AI guideline).
CHECKLIST = (
    (
        "공정성",
        (
            "결과물에 성별·나이·지역·장애 등에 대한 차별이나 편향된 표현이 없는지 확인했다.",
            "특정 집단에 불리한 결정을 AI 결과만으로 내리지 않았다.",
        ),
    ),
    (
        "신뢰성",
        (
            "AI가 만든 사실·수치·법령·출처를 원문과 대조해 확인했다.",
            "AI를 활용한 사실을 필요한 경우 밝히고, 최종 판단과 책임은 담당자가 진다.",
        ),
    ),
    (
        "보안",
        (
            "개인정보(성명·주민등록번호·연락처 등)와 민감정보를 입력하지 않았다.",
            "비공개·대외비 문서와 내부 시스템 정보를 외부 AI 서비스에 입력하지 않았다.",
            "기관이 허용한 AI 서비스와 계정만 사용했다.",
        ),
    ),
)


def casebook_title(subject: ExportSubject) -> str:
    year = subject.cohort.year
    return subject.options.get("title") or f"인공지능(AI) 실무 활용과 {year} 학습성과 사례집"


def _labels() -> dict:
    return {
        "contents": _("Contents"),
        "purpose": _("Purpose"),
        "tool": _("Model or tool"),
        "prompt": _("Prompt"),
        "example_input": _("Example input"),
        "example_output": _("Example output"),
        "tips": _("Tips"),
        "checklist": _("Generative AI use checklist"),
    }


def _published(now: dt.datetime) -> str:
    local = timezone.localtime(now)
    return f"{local.year}. {local.month}."


def casebook_data(subject: ExportSubject) -> dict:
    categories = casebook_prompts(cohort=subject.cohort, other=_("Other"))
    return {
        "title": casebook_title(subject),
        "subtitle": subject.cohort.name,
        "organization": subject.cohort.organization.name,
        "published": _published(timezone.now()),
        "labels": _labels(),
        "categories": [{"name": c.name, "prompts": [vars(p) for p in c.prompts]} for c in categories],
        "checklist_intro": _("Check each item before using generative AI at work."),
        "checklist": [{"name": name, "items": list(items)} for name, items in CHECKLIST],
    }


def _count(data: dict) -> int:
    return sum(len(c["prompts"]) for c in data["categories"])


class _Casebook(Exporter):
    """The casebook's exporters: no personal contact details in them, named after the casebook's title."""

    permission = "exports.export_casebook"
    personal_data = False

    def file_name(self, subject):
        return f"{casebook_title(subject)}.{self.extension}"


class CasebookPdf(_Casebook):
    identifier = "casebook-pdf"
    verbose_name = gettext_lazy("Prompt casebook (PDF)")
    description = gettext_lazy("Cover, contents, the chosen prompts by category and the use checklist; PDF/A-2b.")
    extension = "pdf"
    content_type = "application/pdf"

    def write(self, subject, out, progress):
        data = casebook_data(subject)
        progress(0, 1)
        out.write(render_pdf("casebook.typ", data, pdf_a=True))
        progress(1, 1)
        return ExportReport(items=_count(data))


class CasebookMarkdown(_Casebook):
    identifier = "casebook-md"
    verbose_name = gettext_lazy("Prompt casebook (Markdown)")
    description = gettext_lazy("The same casebook as Markdown, for the web.")
    extension = "md"
    content_type = "text/markdown; charset=utf-8"

    def write(self, subject, out, progress):
        data = casebook_data(subject)
        out.write(casebook_markdown(data).encode("utf-8"))
        progress(1, 1)
        return ExportReport(items=_count(data))


def _md_inline(text: str) -> str:
    """Text as Markdown that shows literally: no HTML, no link or emphasis syntax from the writer."""
    escaped = text.replace("\\", "\\\\")
    for char in "`*_[]<>#|":
        escaped = escaped.replace(char, "\\" + char)
    return escaped


def _md_fence(text: str) -> str:
    fence = "```"
    while fence in text:
        fence += "`"
    return f"{fence}text\n{text}\n{fence}"


def casebook_markdown(data: dict) -> str:
    labels = data["labels"]
    lines = [
        f"# {_md_inline(data['title'])}",
        "",
        f"{_md_inline(data['organization'])} · {_md_inline(data['subtitle'])}",
        "",
    ]
    for category in data["categories"]:
        lines += [f"## {_md_inline(category['name'])}", ""]
        for p in category["prompts"]:
            lines += [
                f"### {_md_inline(p['title'])}",
                "",
                f"*{_md_inline(p['team'])} · {_md_inline(p['departments'])}*",
                "",
            ]
            if p["purpose"]:
                lines += [f"**{labels['purpose']}**: {_md_inline(p['purpose'])}", ""]
            if p["tool"]:
                lines += [f"**{labels['tool']}**: {_md_inline(p['tool'])}", ""]
            lines += [f"**{labels['prompt']}**", "", _md_fence(p["text"]), ""]
            for key in ("example_input", "example_output"):
                if p[key]:
                    lines += [f"**{labels[key]}**", "", _md_fence(p[key]), ""]
            if p["tips"]:
                lines += [f"**{labels['tips']}**: {_md_inline(p['tips'])}", ""]
    lines += [f"## {labels['checklist']}", "", data["checklist_intro"], ""]
    for group in data["checklist"]:
        lines += [f"### {group['name']}", ""] + [f"- [ ] {item}" for item in group["items"]] + [""]
    return "\n".join(lines)


HWPX_ROWS = (
    ("purpose", "purpose"),
    ("tool", "tool"),
    ("prompt", "text"),
    ("example_input", "example_input"),
    ("example_output", "example_output"),
    ("tips", "tips"),
)


class CasebookHwpx(_Casebook):
    identifier = "casebook-hwpx"
    verbose_name = gettext_lazy("Prompt casebook (HWPX)")
    description = gettext_lazy("The same casebook as an HWPX document for Hangul.")
    extension = "hwpx"
    content_type = "application/hwp+zip"

    def write(self, subject, out, progress):
        from hwpx import HwpxDocument  # noqa: PLC0415 -- slow import

        data = casebook_data(subject)
        labels = data["labels"]
        total = _count(data)
        progress(0, total)
        doc = HwpxDocument.new()
        doc.add_heading(data["title"], level=1)
        doc.add_paragraph(f"{data['organization']} · {data['subtitle']} · {data['published']}", style="바탕글")
        done = 0
        for category in data["categories"]:
            doc.add_heading(category["name"], level=1)
            for p in category["prompts"]:
                doc.add_heading(p["title"], level=2)
                doc.add_paragraph(f"{p['team']} · {p['departments']}", style="바탕글")
                rows = [(labels[key], p[name]) for key, name in HWPX_ROWS if p[name]]
                table = doc.add_table(len(rows), 2)
                for row, (label, value) in enumerate(rows):
                    table.set_cell_text(row, 0, label)
                    table.set_cell_text(row, 1, value)
                done += 1
                progress(done, total)
        doc.add_heading(labels["checklist"], level=1)
        doc.add_paragraph(data["checklist_intro"], style="바탕글")
        for group in data["checklist"]:
            doc.add_heading(group["name"], level=2)
            for item in group["items"]:
                doc.add_paragraph(f"☐ {item}", style="바탕글")
        doc.page.set_page_number()
        content = doc.to_bytes()
        read_back(content)  # python-hwpx must open what we wrote
        out.write(content)
        return ExportReport(items=total)
