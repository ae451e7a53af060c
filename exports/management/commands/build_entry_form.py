"""Build the default Ministry entry form (exports/hwpx_templates/entry_form.hwpx) with python-hwpx.

Run once when the form changes; the result is committed. Its value cells hold {{필드}} placeholders
that the fast fill path (exports/hwpx.py) replaces for every entry.
"""

from django.core.management.base import BaseCommand

from ...hwpx import DEFAULT_ENTRY_FORM, ENTRY_FORM_FIELDS

APPLICATION = (
    ("사례명", "사례명"),
    ("분야", "분야"),
    ("기관명", "기관명"),
    ("부서", "부서"),
    ("참여자 (성명·직급·부서)", "참여자"),
    ("대표 담당자", "대표담당자"),
    ("사무실 전화", "사무실전화"),
    ("업무 메일", "업무메일"),
    ("추진기간", "추진기간"),
)
MANUSCRIPT = (
    ("1. 사례 요약", "사례요약"),
    ("2. 추진배경", "추진배경"),
    ("3. 추진내용 (AI 도구·프롬프트·데이터, 보안·개인정보 보호 조치)", "추진내용"),
    ("4. 추진성과 (도입 전·후)", "추진성과"),
    ("5. 확산가능성", "확산가능성"),
    ("6. 향후계획", "향후계획"),
)


class Command(BaseCommand):
    help = "Build the default HWPX entry form template with {{field}} placeholders."

    def handle(self, *args, **options):
        from hwpx import HwpxDocument  # noqa: PLC0415 -- slow import

        assert [key for _, key in APPLICATION + MANUSCRIPT] == list(ENTRY_FORM_FIELDS)
        doc = HwpxDocument.new()
        doc.add_heading("정부혁신 우수사례 경진대회 참가신청서", level=1)
        doc.add_paragraph("※ 기관에서 작성하여 제출합니다.", style="바탕글")
        table = doc.add_table(len(APPLICATION), 2)
        for row, (label, key) in enumerate(APPLICATION):
            table.set_cell_text(row, 0, label)
            table.set_cell_text(row, 1, "{{" + key + "}}")
        doc.add_paragraph("", style="바탕글")
        doc.add_heading("원고", level=1)
        for label, key in MANUSCRIPT:
            doc.add_heading(label, level=2)
            box = doc.add_table(1, 1)
            box.set_cell_text(0, 0, "{{" + key + "}}")
        doc.page.set_page_number()
        DEFAULT_ENTRY_FORM.parent.mkdir(parents=True, exist_ok=True)
        DEFAULT_ENTRY_FORM.write_bytes(doc.to_bytes())
        self.stdout.write(str(DEFAULT_ENTRY_FORM))
