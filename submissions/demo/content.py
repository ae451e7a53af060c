"""What each demo team wrote, by topic: the submission's fields, its status in the pilot's style, a later
revision and whether it has a source archive. The prompts are in `prompts.py`."""

DRAFT, SUBMITTED = "draft", "submitted"

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
    },
}

# What the teams whose submission is still a draft above had written by the pilot's deadline.
PILOT_FINISHED = {
    "생활정보 추천 앱": {
        "expected_effect": "놓친 지원 사업 신청 증가(시범 운영 구·군 기준 신청 건수 15% 증가 목표)",
    },
    "보도자료 초안 작성 도우미": {
        "expected_effect": "보도자료 초안 작성 시간 반나절 → 1시간, 부서 간 품질 편차 감소",
    },
    "복지 사업 안내 챗봇": {
        "description": (
            "나이, 가구 형태, 소득 구간 같은 질문 몇 개에 답하면 받을 수 있는 복지 혜택을 쉬운 말로 안내하고, "
            "가까운 행정복지센터와 준비 서류를 알려 줍니다."
        ),
        "expected_effect": "복지 사각지대 발굴, 행정복지센터 단순 문의 감소",
    },
    "관광 안내 다국어 번역": {
        "expected_effect": "관광안내소 외국어 응대 대기 시간 단축, 야간·휴일 안내 공백 해소",
    },
}
