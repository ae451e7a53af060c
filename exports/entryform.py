"""The Ministry entry form (참가신청서 + 원고): one set of values, written as HWPX (filled template) and as PDF."""

from __future__ import annotations

from .hwpx import ENTRY_FORM_FIELDS

# Labels as the form prints them, in form order (the HWPX template uses the same keys as placeholders).
LABELS = {
    "사례명": "사례명",
    "분야": "분야",
    "기관명": "기관명",
    "부서": "부서",
    "참여자": "참여자 (성명·직급·부서)",
    "대표담당자": "대표 담당자",
    "사무실전화": "사무실 전화",
    "업무메일": "업무 메일",
    "추진기간": "추진기간",
    "사례요약": "1. 사례 요약",
    "추진배경": "2. 추진배경",
    "추진내용": "3. 추진내용",
    "추진성과": "4. 추진성과 (도입 전·후)",
    "확산가능성": "5. 확산가능성",
    "향후계획": "6. 향후계획",
}
assert tuple(LABELS) == ENTRY_FORM_FIELDS


def pdf_data(values: dict[str, str], *, contest: str) -> dict:
    return {
        "form_title": "정부혁신 우수사례 경진대회 참가신청서",
        "contest": contest,
        "fields": [[LABELS[key], values.get(key, "")] for key in ENTRY_FORM_FIELDS],
    }
