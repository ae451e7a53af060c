"""This app's part of the demo seed (called by learninggroup.demo.seed_demo).

Each demo team gets a submission written for its topic (five submitted, the rest drafts), a generated
screenshot and slide PDF (and a source ZIP for some), and two or three prompts in Korean; a few prompts
are marked for the casebook and one is flagged for a (made-up) phone number. The deadline is set ten
days after the first seeding, so the demo can be edited. Teams that already have a submission are left
alone, so running it twice changes nothing.
"""

from __future__ import annotations

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from teams.models import Team, TeamMembership

from . import samples, services
from .models import Submission, SubmissionSettings

DRAFT, SUBMITTED = "draft", "submitted"


def _p(title, purpose, text, tool, example_input, example_output, tips, tags, consent=True, casebook=""):
    return {
        "title": title,
        "purpose": purpose,
        "text": text,
        "tool": tool,
        "example_input": example_input,
        "example_output": example_output,
        "tips": tips,
        "tags": tags,
        "consent_to_publish": consent,
        "casebook": casebook,
    }


CONTENT = {
    "민원 분류 챗봇": {
        "status": SUBMITTED,
        "fields": {
            "title": "민원 자동 분류·유사사례 안내 챗봇 「민원똑똑」",
            "summary": "접수된 민원을 담당 부서별로 분류하고 비슷한 처리 사례를 함께 보여 주는 챗봇",
            "background": (
                "시 대표 민원창구에는 하루 평균 300건이 넘는 민원이 들어오며, 담당자가 내용을 읽고 "
                "담당 부서를 정하는 데 건당 3~5분이 걸립니다.\n"
                "부서를 잘못 배정하면 재이관으로 처리 기간이 평균 2.3일 늘어나 시민 불만으로 이어집니다."
            ),
            "description": (
                "1. 민원 본문을 붙여 넣으면 생성형 AI가 핵심 요지를 세 줄로 요약합니다.\n"
                "2. 부서별 업무분장표를 근거로 담당 부서 후보 3곳과 판단 근거를 제시합니다.\n"
                "3. 최근 3년간 처리된 유사 민원과 답변 예시를 함께 보여 줍니다.\n"
                "4. 담당자가 최종 부서를 선택하면 결과가 학습용 사례로 쌓입니다."
            ),
            "beneficiaries": "민원 분류 담당 공무원(민원담당관 12명), 빠른 답변을 받는 시민",
            "expected_effect": (
                "분류 시간 건당 4분 → 1분(연간 약 3,600시간 절감), 재이관률 18% → 5% 목표, "
                "답변 품질의 부서 간 편차 감소"
            ),
            "ai_tools": "ChatGPT(GPT-4o), 업무분장표 기반 RAG(벡터 검색), 노코드 챗봇 빌더",
            "demo_url": "https://demo.busan.example/minwon-bot",
        },
        "revise": {"summary": "민원 본문만 넣으면 담당 부서 후보 3곳과 유사 처리 사례를 1분 안에 보여 주는 챗봇"},
        "prompts": [
            _p(
                "민원 요지 3줄 요약",
                "긴 민원을 읽기 전에 핵심만 빠르게 파악",
                "당신은 부산광역시 민원 분류 담당자입니다. 아래 민원을 읽고\n"
                "1) 민원인의 요구사항 2) 발생 장소 3) 긴급도(상/중/하)를 각각 한 줄로 정리하세요.\n"
                "추측은 하지 말고 본문에 있는 내용만 쓰세요.\n\n[민원]\n{민원 본문}",
                "ChatGPT (GPT-4o)",
                "해운대구 ○○동 버스정류장 의자가 부서져 있어 어르신들이 서서 기다립니다. 빨리 고쳐 주세요.",
                "1) 정류장 의자 수리 요청\n2) 해운대구 ○○동 버스정류장\n3) 긴급도: 중",
                "긴급도 기준(안전 위협=상)을 프롬프트에 적어 두면 판단이 일정해집니다.",
                "민원, 요약, 분류",
                casebook="민원 응대",
            ),
            _p(
                "담당 부서 추천(근거 포함)",
                "업무분장표를 근거로 담당 부서 후보 제시",
                "아래 [업무분장표]만 근거로, [민원]을 처리할 부서 후보 3곳을 적합한 순서대로 제시하세요.\n"
                "각 후보마다 업무분장표의 해당 문구를 인용해 근거를 쓰고, 확신이 낮으면 '확인 필요'라고 표시하세요.",
                "ChatGPT (GPT-4o) + 업무분장표 검색",
                "[민원] 아파트 앞 불법 주정차 때문에 소방차 진입이 어렵습니다.",
                "1. 교통정책과 – '불법 주정차 단속' …\n2. 안전정책과 – '소방 통로 확보' … (확인 필요)",
                "근거 인용을 요구하면 그럴듯한 지어내기가 줄어듭니다.",
                "민원, 부서배정, RAG",
                casebook="민원 응대",
            ),
            _p(
                "회신문 초안 작성",
                "처리 결과를 공손한 회신문으로",
                "다음 처리 결과를 바탕으로 민원인에게 보낼 회신문 초안을 쓰세요. 공문서 어투, 300자 이내,"
                " 민원인 이름과 연락처는 넣지 마세요.",
                "Claude",
                "민원인 홍길동(010-1234-5678)께서 요청하신 가로등 수리를 5월 20일 완료했습니다.",
                "요청하신 가로등 수리는 5월 20일에 완료되었습니다. …",
                "실제 민원을 붙여 넣기 전에 이름·연락처를 지우세요.",
                "민원, 회신",
            ),
        ],
    },
    "시 홈페이지 AI 안내 도우미": {
        "status": SUBMITTED,
        "fields": {
            "title": "시 홈페이지 AI 길잡이",
            "summary": "시민이 묻는 말로 원하는 정보와 신청 화면을 찾아 주는 홈페이지 안내 도우미",
            "background": (
                "시 홈페이지 메뉴가 1,200개가 넘어 시민이 원하는 화면을 찾지 못하고 콜센터(120)에 "
                "전화하는 경우가 많습니다. 120 상담의 약 30%가 '어디서 신청하나요'류 질문입니다."
            ),
            "description": (
                "홈페이지 공개 게시물과 메뉴 구조를 학습한 안내 도우미가 질문에 답하고, 해당 메뉴 "
                "링크와 필요한 서류를 함께 알려 줍니다. 답을 모르면 담당 부서 전화번호를 안내합니다."
            ),
            "beneficiaries": "시 홈페이지 이용 시민(월 80만 명), 120 콜센터 상담사",
            "expected_effect": "단순 안내 전화 월 1만 건 감소, 원하는 화면까지 평균 클릭 수 7회 → 2회",
            "ai_tools": "Gemini, 홈페이지 게시물 크롤링 + 검색 증강 생성",
        },
        "prompts": [
            _p(
                "메뉴 안내 답변 형식",
                "답변마다 메뉴 경로와 링크를 일정한 형식으로",
                "시민의 질문에 아래 형식으로 답하세요.\n- 한 줄 답변\n- 메뉴 경로: 홈 > … \n- 필요한 서류\n"
                "- 문의: 담당 부서와 전화번호(홈페이지에 공개된 번호만)\n모르는 내용은 추측하지 마세요.",
                "Gemini 1.5 Pro",
                "전입신고는 인터넷으로 할 수 있나요?",
                "- 네, 정부24에서 가능합니다.\n- 메뉴 경로: 홈 > 분야별 정보 > 민원 > 전입신고 …",
                "형식을 고정하면 화면에 카드로 보여 주기 쉽습니다.",
                "홈페이지, 안내, 형식",
                casebook="민원 응대",
            ),
            _p(
                "쉬운 말로 바꾸기",
                "행정 용어를 시민이 이해하기 쉬운 말로",
                "아래 안내문을 중학생도 이해할 수 있는 쉬운 말로 바꿔 주세요. 법령 이름은 그대로 두고 괄호로 뜻을 "
                "덧붙이세요.",
                "ChatGPT (GPT-4o)",
                "주민등록표 등본 교부 신청 시 수수료가 부과됩니다.",
                "주민등록등본(우리 집 식구가 적힌 서류)을 뗄 때는 수수료를 내야 합니다.",
                "",
                "쉬운말, 홈페이지",
            ),
        ],
    },
    "생활정보 추천 앱": {
        "status": DRAFT,
        "fields": {
            "title": "우리동네 생활꿀팁 추천",
            "summary": "나이·거주지·관심사에 맞는 지원 사업과 생활정보를 골라 주는 앱",
            "background": "시와 구·군의 지원 사업이 흩어져 있어 받을 수 있는 혜택을 놓치는 시민이 많습니다.",
            "description": "간단한 질문 다섯 개에 답하면 맞춤형 지원 사업과 생활정보 카드를 보여 줍니다. (작성 중)",
            "beneficiaries": "청년, 어르신, 1인 가구 등 정보 취약 시민",
            "expected_effect": "",
            "ai_tools": "ChatGPT, 공공데이터포털 API",
        },
        "prompts": [
            _p(
                "지원 사업 요약 카드",
                "긴 공고문을 카드 한 장으로",
                "아래 공고문에서 지원 대상, 지원 내용, 신청 기간, 신청 방법만 뽑아 표로 정리하세요.",
                "ChatGPT (GPT-4o)",
                "2025년 부산 청년 월세 지원 사업 공고 …",
                "| 지원 대상 | 만 19~34세 무주택 청년 | …",
                "",
                "요약, 공고문",
                consent=False,
            ),
            _p(
                "맞춤 추천 질문지",
                "추천에 필요한 최소한의 정보를 묻기",
                "시민에게 맞춤 혜택을 추천하려 합니다. 개인정보를 묻지 않고 나이대, 거주 구, 가구 형태, 관심 분야만 "
                "객관식으로 묻는 질문 네 개를 만드세요.",
                "Claude",
                "",
                "1. 나이대는? ① 20대 ② 30대 …",
                "주민등록번호·이름 같은 식별 정보는 묻지 않도록 명시하세요.",
                "추천, 설문",
            ),
        ],
    },
    "회의록 자동 요약": {
        "status": SUBMITTED,
        "fields": {
            "title": "회의록 초안 자동 작성 도구",
            "summary": "회의 녹음에서 결정 사항과 할 일을 뽑아 회의록 초안을 만듭니다",
            "background": "부서 회의 뒤 회의록 작성에 평균 1시간이 걸리고, 결정 사항이 누락되는 일이 잦습니다.",
            "description": (
                "녹음 파일을 음성 인식으로 받아 적은 뒤, 생성형 AI가 안건별 논의 내용·결정 사항·담당자·기한을 "
                "회의록 서식(HWPX)에 맞춰 정리합니다. 담당자가 검토해 확정합니다."
            ),
            "beneficiaries": "회의록을 쓰는 모든 부서 서무 담당자",
            "expected_effect": "회의록 작성 시간 60분 → 15분, 할 일 누락 감소",
            "ai_tools": "Whisper(음성 인식), ChatGPT(GPT-4o)",
        },
        "prompts": [
            _p(
                "결정 사항·할 일 추출",
                "녹취록에서 결정과 후속 조치만",
                "아래 회의 녹취록에서 (1) 결정 사항 (2) 할 일(담당자, 기한)을 표로 뽑으세요. 녹취록에 없는 담당자나 "
                "기한은 "
                "'미정'으로 쓰세요.",
                "ChatGPT (GPT-4o)",
                "과장: 그럼 홍보물은 다음 주 금요일까지 김 주무관이 준비하고 …",
                "| 할 일 | 담당자 | 기한 |\n| 홍보물 준비 | 김 주무관 | 다음 주 금요일 |",
                "'미정' 규칙이 없으면 AI가 담당자를 지어내는 경우가 있습니다.",
                "회의록, 요약, 할일",
                casebook="문서 작성",
            ),
            _p(
                "공문서 어투로 다듬기",
                "구어체 녹취를 회의록 문체로",
                "다음 문장들을 공문서 회의록 문체(~함, ~하기로 함)로 바꾸세요. 의미는 바꾸지 마세요.",
                "Claude",
                "그거는 다음 달에 다시 얘기해 보죠.",
                "해당 안건은 차월 회의에서 재논의하기로 함.",
                "",
                "회의록, 문체",
            ),
        ],
    },
    "보도자료 초안 작성 도우미": {
        "status": DRAFT,
        "fields": {
            "title": "보도자료 초안·예상 질문 생성기",
            "summary": "사업 개요를 넣으면 보도자료 초안과 기자 예상 질문을 만들어 줍니다",
            "background": "부서마다 보도자료 작성 경험이 달라 초안 작성에 반나절이 걸리기도 합니다.",
            "description": "사업명, 일정, 핵심 수치를 입력하면 시 보도자료 서식에 맞춘 초안을 만듭니다.",
            "beneficiaries": "보도자료를 쓰는 각 부서 담당자, 대변인실",
            "expected_effect": "",
            "ai_tools": "ChatGPT(GPT-4o)",
        },
        "prompts": [
            _p(
                "보도자료 초안",
                "사업 개요 → 보도자료 서식",
                "당신은 부산광역시 대변인실 주무관입니다. 아래 [사업 개요]로 제목, 부제, 리드문, 본문 3문단, "
                "담당 부서 문의처로 구성된 보도자료 초안을 쓰세요. 과장된 표현은 쓰지 마세요.",
                "ChatGPT (GPT-4o)",
                "[사업 개요] 2025 공무원 AI 학습모임 성과공유회, 7월 16일, 시청 대회의실 …",
                "부산시, 공무원 AI 학습모임 성과공유회 개최 …",
                "리드문에 '누가, 언제, 무엇을'이 다 들어가는지 확인하세요.",
                "보도자료, 초안",
            ),
            _p(
                "기자 예상 질문",
                "보도 전에 답변 준비",
                "위 보도자료를 읽은 기자가 물을 만한 질문 5개와 답변 요지를 쓰세요. 예산, 성과 측정, 개인정보 보호 "
                "질문을 꼭 포함하세요.",
                "Claude",
                "",
                "",
                "",
                "보도자료, 질문",
            ),
        ],
    },
    "공공데이터 시각화 대시보드": {
        "status": SUBMITTED,
        "fields": {
            "title": "부서 현황 한눈에 보기 대시보드",
            "summary": "흩어진 공공데이터를 모아 부서별 현황을 자동으로 보여 주는 대시보드",
            "background": "업무 보고 때마다 여러 시스템에서 엑셀을 내려받아 손으로 합치고 있습니다.",
            "description": (
                "공공데이터포털과 내부 엑셀을 주기적으로 읽어 지표를 계산하고, 생성형 AI가 이번 달 변화를 "
                "세 문장으로 설명하는 대시보드입니다."
            ),
            "beneficiaries": "간부 회의 자료를 만드는 기획 담당자, 부서장",
            "expected_effect": "월간 현황 보고 준비 2일 → 2시간",
            "ai_tools": "ChatGPT 데이터 분석, Python(pandas), 오픈소스 대시보드",
            "source_url": "https://git.busan.example/ai-study/dashboard",
        },
        "zip": True,
        "prompts": [
            _p(
                "데이터 변화 설명",
                "숫자 표를 세 문장 설명으로",
                "아래 표는 지난달과 이번 달 지표입니다. 가장 크게 변한 지표 세 개를 골라, 변화량과 가능한 원인을 한 "
                "문장씩 "
                "설명하세요. 원인은 '가능성'으로만 쓰세요.",
                "ChatGPT (GPT-4o, 데이터 분석)",
                "| 지표 | 4월 | 5월 |\n| 민원 접수 | 9,120 | 10,480 | …",
                "민원 접수가 14.9% 늘었습니다. 5월 연휴 뒤 접수가 몰렸을 가능성이 있습니다. …",
                "'가능성' 표현을 지정해 단정적인 해석을 막았습니다.",
                "데이터, 분석, 보고",
                casebook="데이터 분석",
            ),
            _p(
                "엑셀 정리 파이썬 코드",
                "서로 다른 서식의 엑셀 합치기",
                "서식이 조금씩 다른 엑셀 파일 여러 개를 읽어 '부서명, 월, 건수' 열로 합치는 pandas 코드를 쓰세요. "
                "병합 셀과 "
                "합계 행은 건너뛰세요.",
                "Claude",
                "",
                "import pandas as pd …",
                "",
                "엑셀, 파이썬, 자동화",
            ),
        ],
    },
    "복지 사업 안내 챗봇": {
        "status": DRAFT,
        "fields": {
            "title": "복지나침반 챗봇",
            "summary": "받을 수 있는 복지 혜택과 신청 방법을 쉬운 말로 알려 주는 챗봇",
            "background": "복지 제도가 복잡해 대상자가 신청하지 못하는 '복지 사각지대'가 생깁니다.",
            "description": "",
            "beneficiaries": "어르신, 장애인, 한부모 가정 등 복지 서비스 대상 시민",
            "expected_effect": "",
            "ai_tools": "ChatGPT",
        },
        "prompts": [
            _p(
                "복지 상담 사례 정리",
                "상담 기록을 유형별로 정리",
                "아래 상담 기록을 읽고 상담 유형, 필요한 복지 서비스, 연계 기관을 정리하세요.",
                "ChatGPT (GPT-4o)",
                "상담 요청: 김○○ 어르신(연락처 생략), 혼자 사시며 난방비가 걱정이라고 하심",
                "유형: 에너지 복지 / 서비스: 에너지바우처 / 연계: 행정복지센터",
                "",
                "복지, 상담",
            ),
            _p(
                "복지 혜택 쉬운 설명",
                "제도 설명을 쉬운 말로",
                "다음 복지 제도를 어르신이 이해하기 쉽게 다섯 문장 이내로 설명하세요. 신청 장소와 준비물을 꼭 "
                "넣으세요.",
                "Claude",
                "에너지바우처 제도 안내문",
                "",
                "",
                "복지, 쉬운말",
            ),
        ],
    },
    "교통 민원 분석": {
        "status": SUBMITTED,
        "fields": {
            "title": "교통 민원 지도 분석기",
            "summary": "교통 민원을 지역·유형별로 분석해 개선이 급한 곳을 찾아냅니다",
            "background": "연 4만 건의 교통 민원이 텍스트로만 쌓여 있어 반복되는 문제 지점을 찾기 어렵습니다.",
            "description": (
                "민원 텍스트에서 장소와 유형(불법 주정차, 신호, 버스 등)을 AI로 추출해 지도에 표시하고, "
                "같은 곳에서 반복되는 민원을 묶어 우선순위를 제안합니다."
            ),
            "beneficiaries": "교통정책과 담당자, 상습 정체·위험 지역 주민",
            "expected_effect": "반복 민원 지점 파악 기간 분기 1회 → 매주, 개선 사업 우선순위의 근거 확보",
            "ai_tools": "ChatGPT(GPT-4o-mini) 대량 분류, 지도 시각화",
        },
        "zip": True,
        "prompts": [
            _p(
                "민원 장소·유형 추출(JSON)",
                "대량 분류를 위한 구조화 출력",
                "아래 민원에서 장소(구, 동, 도로명)와 유형(불법주정차/신호/버스/도로파손/기타)을 JSON으로만 답하세요.\n"
                '{"gu": "", "dong": "", "road": "", "type": ""}',
                "ChatGPT (GPT-4o-mini)",
                "중앙대로 서면교차로 신호가 너무 짧아요.",
                '{"gu": "부산진구", "dong": "부전동", "road": "중앙대로", "type": "신호"}',
                "JSON 형식을 고정하면 수만 건도 엑셀로 바로 모을 수 있습니다.",
                "민원, 분류, JSON",
                casebook="데이터 분석",
            ),
            _p(
                "반복 민원 묶기",
                "같은 문제를 말하는 민원 찾기",
                "다음 민원 목록에서 같은 장소의 같은 문제를 말하는 것끼리 묶고, 묶음마다 대표 문장을 쓰세요.",
                "Claude",
                "",
                "",
                "",
                "민원, 군집",
            ),
        ],
    },
    "관광 안내 다국어 번역": {
        "status": DRAFT,
        "fields": {
            "title": "부산관광톡 다국어 안내",
            "summary": "외국인 관광객의 질문에 여러 언어로 답하는 관광 안내 서비스",
            "background": "관광안내소 상담 인력이 영어 외 언어에 대응하기 어렵습니다.",
            "description": "관광 정보 데이터베이스를 바탕으로 영어·중국어·일본어로 답합니다. (시연 영상 준비 중)",
            "beneficiaries": "외국인 관광객, 관광안내소 상담원",
            "expected_effect": "",
            "ai_tools": "ChatGPT, DeepL",
        },
        "prompts": [
            _p(
                "관광 안내 번역 톤",
                "정확하고 친절한 다국어 안내",
                "You are a Busan tourist information officer. Answer in the language of the question, "
                "in three sentences "
                "at most, and give the nearest subway station.",
                "ChatGPT (GPT-4o)",
                "How do I get to Gamcheon Culture Village?",
                "Take subway Line 1 to Toseong Station, exit 6, then the local bus 2 …",
                "지하철역을 꼭 넣게 하면 안내가 실용적이 됩니다.",
                "관광, 번역, 다국어",
            ),
            _p(
                "용어 통일",
                "고유명사 표기 통일",
                "다음 관광지 이름을 부산시 공식 영문 표기로 바꾸고, 표에 없는 이름은 그대로 두세요.",
                "DeepL",
                "",
                "",
                "",
                "관광, 표기",
            ),
        ],
    },
}

ACCENTS = [(20, 69, 122), (11, 110, 79), (164, 22, 26), (92, 67, 0), (69, 32, 107), (15, 54, 96)]


def _content_for(team: Team, index: int) -> dict:
    if team.topic in CONTENT:
        return CONTENT[team.topic]
    for key, content in CONTENT.items():
        if key.split()[0] in (team.topic or "") or key.split()[0] in team.name:
            return content
    return list(CONTENT.values())[index % len(CONTENT)]


def _upload(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data)


def _slides(title: str, team: Team) -> bytes:
    return samples.pdf(
        [
            "Busan AI Learning Group 2025",
            f"Team {team.pk}: prototype overview",
            "1. Problem  2. Prototype  3. Prompts  4. Expected effect",
        ],
        title="AI prototype presentation",
    )


def _source_zip(content: dict) -> bytes:
    prompt = content["prompts"][0]
    return samples.zip_archive(
        {
            "README.md": f"# {content['fields']['title']}\n\n{content['fields']['summary']}\n",
            "prompts/main.txt": prompt["text"],
            "app.py": "def main():\n    print('prototype')\n\n\nif __name__ == '__main__':\n    main()\n",
        }
    )


@transaction.atomic
def seed(*, cohort) -> None:
    """Idempotent: running it twice changes nothing."""
    teams = list(Team.objects.filter(cohort=cohort).order_by("pk"))
    if not teams:
        return
    now = timezone.now()
    deadline_day = (timezone.localtime(now, cohort.zone) + dt.timedelta(days=10)).date()
    SubmissionSettings.objects.get_or_create(
        cohort=cohort,
        defaults={"deadline": dt.datetime.combine(deadline_day, dt.time(18, 0), tzinfo=cohort.zone)},
    )
    cohort_settings = SubmissionSettings.objects.get(cohort=cohort)
    limits = services.upload_limits(cohort_settings=cohort_settings)
    organizer = cohort.memberships.filter(role="organizer").select_related("user").order_by("pk").first()
    started = set(Submission.objects.filter(team__in=teams).values_list("team_id", flat=True))

    for index, team in enumerate(teams):
        if team.pk in started:
            continue
        members = [
            tm.membership.user
            for tm in TeamMembership.objects.filter(team=team).select_related("membership__user").order_by("pk")
        ]
        if not members:
            continue
        author, second = members[0], members[-1]
        content = _content_for(team, index)
        when = now - dt.timedelta(days=6, hours=index)
        submission = services.submission_for_team(team=team)
        services.submission_save(
            submission=submission, fields=content["fields"], base_version=0, actor=author, now=when
        )
        accent = ACCENTS[index % len(ACCENTS)]
        files = [
            ("screenshot", "시연화면_1.png", samples.chat_screenshot(accent)),
            ("slides", f"{team.name}_발표자료.pdf", _slides(content["fields"]["title"], team)),
        ]
        if content.get("zip"):
            files.append(("source", "source.zip", _source_zip(content)))
        for kind, name, data in files:
            services.attachment_add(
                submission=submission, kind=kind, upload=_upload(name, data), actor=author, limits=limits, now=when
            )
        for number, prompt in enumerate(content["prompts"]):
            saved = services.prompt_save(
                submission=submission,
                data=prompt,
                actor=members[number % len(members)],
                now=when + dt.timedelta(hours=number + 1),
            )
            if prompt["casebook"] and organizer is not None and not saved.pii_flagged:
                services.prompt_set_casebook(
                    prompt=saved, for_casebook=True, category=prompt["casebook"], actor=organizer.user, now=when
                )
        if content["status"] == SUBMITTED:
            submission.refresh_from_db()
            services.submission_submit(
                submission=submission,
                fields=submission.field_values(),
                base_version=submission.version,
                actor=author,
                now=when + dt.timedelta(days=1),
            )
            if content.get("revise"):
                submission.refresh_from_db()
                services.attachment_add(
                    submission=submission,
                    kind="screenshot",
                    upload=_upload("시연화면_2.png", samples.chat_screenshot(accent, width=420, height=260)),
                    actor=second,
                    limits=limits,
                    now=when + dt.timedelta(days=2),
                )
                services.submission_submit(
                    submission=submission,
                    fields={**submission.field_values(), **content["revise"]},
                    base_version=submission.version,
                    actor=second,
                    now=when + dt.timedelta(days=2),
                )
