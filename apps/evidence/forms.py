from django import forms
from django.utils.translation import gettext_lazy as _

from apps.core.forms import BootstrapFormMixin


class LinkForm(BootstrapFormMixin, forms.Form):
    url = forms.CharField(label=_("Tautan (mis. halaman situs web unit)"), max_length=1000)
    title = forms.CharField(label=_("Judul"), max_length=255, required=False)
    requirement = forms.IntegerField(required=False, widget=forms.HiddenInput)


class CommentForm(BootstrapFormMixin, forms.Form):
    comment = forms.CharField(
        label=_("Komentar"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=4000,
    )
