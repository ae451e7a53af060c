import datetime as dt
import io
import subprocess

import pytest
from pypdf import PdfReader

from learninggroup.models import Role
from tests.contests.conftest import contest, entries, judges, judging, submissions, teams, written  # noqa: F401
from tests.factories import MembershipFactory
from tests.sessions.factories import KST, AttendanceFactory, SessionFactory
from tests.submissions.factories import PromptFactory, SubmissionFactory, TeamFactory, TeamMembershipFactory

HOSTILE = '=HYPERLINK("http://x","y")'
LONG_URL = "https://www.busan.go.kr/" + "very-long-path-segment/" * 12 + "index.html?q=민원분류&page=1234567890"
LONG_KOREAN = "공백없이아주길게이어지는프롬프트문장을그대로붙여넣은경우에도줄이바뀌어야합니다" * 6


def pdf_text(data: bytes) -> str:
    """Korean text of a PDF through pypdf (an independent reader)."""
    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)


def pdf_pages(data: bytes) -> int:
    return len(PdfReader(io.BytesIO(data)).pages)


def pdf_to_png(data: bytes, target) -> None:
    """Render the first page with poppler's pdftoppm (for a person to look at)."""
    pdf = target.with_suffix(".pdf")
    pdf.write_bytes(data)
    subprocess.run(
        ["pdftoppm", "-r", "50", "-png", "-f", "1", "-l", "1", "-singlefile", str(pdf), str(target)], check=True
    )


@pytest.fixture
def attended_cohort(cohort, organizer):
    """Three participants, two past sessions: 김민준 came to both, 이서연 to one, 박지훈 to none."""
    first = SessionFactory(cohort=cohort, number=1, starts_at=dt.datetime(2025, 5, 13, 19, tzinfo=KST))
    second = SessionFactory(cohort=cohort, number=2, starts_at=dt.datetime(2025, 5, 14, 19, tzinfo=KST))
    people = {}
    for name, department in (("김민준", "디지털정책과"), ("이서연", "민원담당관"), ("박지훈", "교통정책과")):
        membership = MembershipFactory(cohort=cohort, role=Role.PARTICIPANT, department=department)
        membership.user.name = name
        membership.user.save(update_fields=["name"])
        people[name] = membership
    for session in (first, second):
        AttendanceFactory(session=session, membership=people["김민준"])
    AttendanceFactory(session=first, membership=people["이서연"])
    cohort.starts_on = dt.date(2025, 5, 13)
    cohort.ends_on = dt.date(2025, 7, 16)
    cohort.save()
    return cohort, people


@pytest.fixture
def casebook_cohort(cohort, organizer):
    team = TeamFactory(cohort=cohort, name="민원혁신팀")
    member = MembershipFactory(cohort=cohort, role=Role.PARTICIPANT, department="민원담당관", phone="010-1234-5678")
    TeamMembershipFactory(team=team, membership=member)
    submission = SubmissionFactory(team=team)
    PromptFactory(
        submission=submission,
        title="민원 세 줄 요약",
        casebook_category="민원",
        consent_to_publish=True,
        for_casebook=True,
        example_input="도로 파손 민원입니다. " * 3,
        example_output="1. 도로 파손\n2. 위치: 해운대구\n3. 담당: 도로관리과",
        tips="개인정보는 지우고 넣으세요.",
    )
    PromptFactory(
        submission=submission,
        title=HOSTILE,
        casebook_category="보도자료",
        consent_to_publish=True,
        for_casebook=True,
        text=LONG_KOREAN + " " + LONG_URL,
        purpose="😀 이모지와 <태그> & 특수문자 `코드` *강조*",
    )
    PromptFactory(submission=submission, title="선정되지 않은 프롬프트")
    return cohort, member


SEAL_TYP = """#set page(width: 3cm, height: 3cm, margin: 0pt, fill: none)
#set text(font: "NanumMyeongjo", fill: rgb("#c0392b"), weight: "bold", size: 12pt)
#place(center + horizon, circle(radius: 1.35cm, stroke: 3pt + rgb("#c0392b"))[
  #set align(center + horizon)
  #set par(leading: 0.4em)
  부산광역 \\ 시장인
])
"""


def seal_png() -> bytes:
    """A red seal (직인) with a transparent background, drawn by Typst."""
    import typst

    compiler = typst.Compiler(input=SEAL_TYP.encode(), font_paths=["/usr/share/fonts/truetype/nanum"])
    return compiler.compile(format="png", ppi=200)
