import factory
from allauth.account.models import EmailAddress

from learninggroup.models import Cohort, Invitation, Membership, Organization, PrivacyConsent, PrivacyNotice, Role, User

PASSWORD = "correct-horse-battery-staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@city.example")
    name = factory.Sequence(lambda n: f"사람{n}")

    @factory.post_generation
    def password(self, create, extracted, **kwargs):
        self.set_password(extracted or PASSWORD)
        if create:
            self.save(update_fields=["password"])

    @factory.post_generation
    def verified(self, create, extracted, **kwargs):
        if create:
            EmailAddress.objects.create(user=self, email=self.email, primary=True, verified=True)


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    name = factory.Sequence(lambda n: f"테스트시{n}")
    slug = factory.Sequence(lambda n: f"city-{n}")


class CohortFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Cohort

    organization = factory.SubFactory(OrganizationFactory)
    name = factory.Sequence(lambda n: f"AI 학습모임 {n}기")
    year = 2025
    venue = "시청 5층 IT교육장"


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    cohort = factory.SubFactory(CohortFactory)
    role = Role.PARTICIPANT
    department = "디지털정책과"
    position = "행정7급"


class InvitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Invitation

    cohort = factory.SubFactory(CohortFactory)
    user = factory.SubFactory(UserFactory)


class PrivacyNoticeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PrivacyNotice

    cohort = factory.SubFactory(CohortFactory)
    version = factory.Sequence(lambda n: n + 1)
    purpose = "학습모임 운영"
    items = "이름, 이메일, 부서"
    retention = "종료 후 1년"
    refusal = "동의를 거부할 수 있으나 참여가 제한됩니다."


class PrivacyConsentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PrivacyConsent

    user = factory.SubFactory(UserFactory)
    notice = factory.SubFactory(PrivacyNoticeFactory)
