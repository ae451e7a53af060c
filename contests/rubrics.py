"""The rubric, round and award templates a new contest starts from, per kind (JUDGING.md). Pure data."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class CriterionTemplate:
    name: str
    question: str
    points: int
    levels: tuple[tuple[int, str], ...] = ()


@dataclass(frozen=True)
class RoundTemplate:
    name: str
    kind: str  # written, presentation, peer
    weight: int


@dataclass(frozen=True)
class ContestTemplate:
    criteria: tuple[CriterionTemplate, ...]
    rounds: tuple[RoundTemplate, ...]
    judges_weight: int = 100
    peer_weight: int = 0
    awards: tuple[tuple[str, int], ...] = (("대상", 1), ("최우수상", 1), ("우수상", 2), ("장려상", 3))
    special_awards: tuple[str, ...] = field(default=("아름다운 도전상",))


def _levels(points: int, texts: tuple[str, str, str, str]) -> tuple[tuple[int, str], ...]:
    """Four level descriptors at a quarter, half, three quarters and all of the points."""
    return tuple((round(points * q / 4), text) for q, text in zip((1, 2, 3, 4), texts, strict=True))


INTERNAL = ContestTemplate(
    criteria=(
        CriterionTemplate(
            "문제 정의·현장 적합성",
            "업무 현장의 실제 문제를 정확히 정의하고, 그 해결이 현장에 맞는가?",
            20,
            _levels(
                20,
                (
                    "문제가 막연하고 현장과의 연결이 약함",
                    "문제는 있으나 근거(민원 건수, 처리 시간 등)가 부족함",
                    "근거를 갖춘 문제 정의, 현장 적용 방법이 보임",
                    "정량 근거와 현장 의견으로 문제를 정의하고 바로 적용 가능함",
                ),
            ),
        ),
        CriterionTemplate(
            "AI 활용 역량",
            "도구 선택, 프롬프트 구성, 데이터와 보안 준수가 적절한가?",
            25,
            _levels(
                25,
                (
                    "도구를 단순 사용, 보안 고려 없음",
                    "적절한 도구, 기본적인 프롬프트",
                    "목적에 맞춘 프롬프트 구성과 데이터 처리, 보안 지침 준수",
                    "도구·프롬프트·데이터를 체계적으로 설계하고 개인정보 보호 조치까지 갖춤",
                ),
            ),
        ),
        CriterionTemplate(
            "효과성·실용성",
            "시간 절감, 처리량 등 정량 성과가 있고 실제로 쓸 수 있는가?",
            25,
            _levels(
                25,
                (
                    "효과가 불분명함",
                    "기대 효과를 설명하나 측정하지 않음",
                    "시범 적용으로 측정한 성과가 있음",
                    "측정된 성과가 크고 업무에 바로 쓸 수 있음",
                ),
            ),
        ),
        CriterionTemplate(
            "혁신성·창의성",
            "기존 방식과 다른 새로운 접근인가?",
            15,
            _levels(
                15,
                (
                    "기존 사례와 같음",
                    "일부 새로운 요소",
                    "새로운 접근이 뚜렷함",
                    "다른 기관이 배울 만한 독창적 접근",
                ),
            ),
        ),
        CriterionTemplate(
            "확산 가능성",
            "다른 부서나 기관으로 옮겨 쓸 수 있는가?",
            15,
            _levels(
                15,
                (
                    "해당 업무에만 해당",
                    "비슷한 업무에 일부 적용 가능",
                    "다른 부서에 적용할 방법이 제시됨",
                    "다른 기관까지 바로 옮길 수 있게 문서화됨",
                ),
            ),
        ),
    ),
    rounds=(RoundTemplate("서면 심사", "written", 60), RoundTemplate("발표 심사", "presentation", 40)),
    judges_weight=70,
    peer_weight=30,
    special_awards=("아름다운 도전상", "베스트 프롬프트상"),
)

_MINISTRY_QUESTIONS = (
    ("적극성", "관행에 머물지 않고 적극적으로 문제를 해결했는가?"),
    ("창의성", "새로운 아이디어와 방법을 썼는가?"),
    ("난이도", "해결하기 어려운 과제였는가?"),
    ("국민체감도", "국민(시민)이 변화를 체감하는가?"),
    ("확산가능성", "다른 기관으로 확산할 수 있는가?"),
)

MINISTRY = ContestTemplate(
    criteria=tuple(
        CriterionTemplate(
            name,
            question,
            20,
            _levels(20, ("미흡", "보통", "우수", "매우 우수")),
        )
        for name, question in _MINISTRY_QUESTIONS
    ),
    rounds=(RoundTemplate("서면 심사", "written", 100),),
    awards=(("대상", 1), ("금상", 5), ("은상", 7), ("동상", 8)),
    special_awards=(),
)

_CASEBOOK_QUESTIONS = (
    ("문제 이해도와 접근 방식", "업무 문제를 이해하고 알맞게 접근했는가?"),
    ("프롬프트 구성력", "역할·맥락·형식이 분명한 프롬프트인가?"),
    ("생성형 AI 활용의 창의성", "생성형 AI를 새롭게 활용했는가?"),
    ("결과물의 기술적·정책적 적정성", "결과물이 정확하고 정책적으로 적절한가?"),
    ("완성도", "다른 공무원이 그대로 따라 쓸 수 있을 만큼 완성되었는가?"),
)

CASEBOOK = ContestTemplate(
    criteria=tuple(
        CriterionTemplate(name, question, 20, _levels(20, ("미흡", "보통", "우수", "매우 우수")))
        for name, question in _CASEBOOK_QUESTIONS
    ),
    rounds=(RoundTemplate("서면 심사", "written", 100),),
    awards=(("최우수", 1), ("우수", 3), ("수록", 10)),
    special_awards=("베스트 프롬프트상",),
)

OTHER = ContestTemplate(
    criteria=tuple(
        CriterionTemplate(name, question, 20, _levels(20, ("미흡", "보통", "우수", "매우 우수")))
        for name, question in (
            ("실용성과 효과", "업무에 실제로 쓰이고 효과가 있는가?"),
            ("AI 도구 활용 역량", "AI 도구를 적절히 활용했는가?"),
            ("혁신성", "새로운 접근인가?"),
            ("확산 가능성", "다른 부서·기관으로 확산할 수 있는가?"),
            ("완성도", "완성도가 높은가?"),
        )
    ),
    rounds=(RoundTemplate("서면 심사", "written", 100),),
)

TEMPLATES = {"internal": INTERNAL, "ministry": MINISTRY, "casebook": CASEBOOK, "other": OTHER}


def template_for(kind: str) -> ContestTemplate:
    return TEMPLATES.get(kind, OTHER)
