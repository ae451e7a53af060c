import io

from django.core.management import call_command
from django.db.models import Count

from learninggroup.models import Cohort, Invitation, Membership, PrivacyConsent, User


def seed() -> str:
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def test_seed_builds_the_busan_pilot_and_prints_the_log_ins(db):
    output = seed()

    cohort = Cohort.objects.get()
    assert (cohort.organization.name, cohort.name, cohort.year) == (
        "부산광역시",
        "2025 공무원 인공지능(AI) 학습모임",
        2025,
    )
    roles = dict(Membership.objects.values_list("role").annotate(n=Count("id")).order_by())
    # judges: the three demo judges and the contests demo's four external ones (a panel of seven)
    assert roles == {"participant": 35, "facilitator": 2, "organizer": 2, "judge": 7}
    assert len(set(Membership.objects.filter(role="participant").values_list("department", flat=True))) >= 10
    assert Invitation.objects.filter(accepted_at__isnull=True).count() == 3
    assert PrivacyConsent.objects.count() == 43  # 39 people who signed in and the 4 external judges
    assert "organizer1@busan.example" in output and "busan-ai-2025" in output
    assert User.objects.get(email="organizer1@busan.example").check_password("busan-ai-2025")


def test_seed_is_idempotent(db):
    seed()
    counts = [m.objects.count() for m in (User, Membership, Invitation, PrivacyConsent, Cohort)]

    seed()

    assert [m.objects.count() for m in (User, Membership, Invitation, PrivacyConsent, Cohort)] == counts
