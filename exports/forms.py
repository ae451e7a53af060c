from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from learninggroup import forms as lg_forms

from .models import CertificateSettings

SEAL_MAX_BYTES = 1024 * 1024


class DownloadForm(lg_forms.Form):
    reason = forms.CharField(
        label=_("Reason for downloading"),
        max_length=200,
        min_length=2,
        help_text=_("For example: submitting the entries to the Ministry. Downloads of personal data are logged."),
    )


class RevokeForm(lg_forms.Form):
    reason = forms.CharField(label=_("Reason for revoking"), max_length=200)


class CertificateSettingsForm(lg_forms.ModelForm):
    class Meta:
        model = CertificateSettings
        fields = ["course_name", "hours", "hours_basis", "number_prefix", "issuer_title", "seal"]

    def clean_number_prefix(self):
        value = self.cleaned_data["number_prefix"].strip()
        if not value.replace("-", "").isalnum():
            raise forms.ValidationError(_("Use letters and digits only, for example AI."))
        return value

    def clean_seal(self):
        seal = self.cleaned_data.get("seal")
        if not isinstance(seal, UploadedFile):  # unchanged or cleared
            return seal
        if seal.size > SEAL_MAX_BYTES:
            raise forms.ValidationError(_("The seal image may be at most 1 MB."))
        head = seal.read(8)
        seal.seek(0)
        if not head.startswith(b"\x89PNG\r\n\x1a\n"):
            raise forms.ValidationError(_("Upload the seal as a PNG image (a transparent background works best)."))
        return seal


class FormTemplateForm(forms.Form):
    file = forms.FileField(label=_("HWPX form (서식)"), help_text=_("An .hwpx file saved from Hangul, at most 10 MB."))
