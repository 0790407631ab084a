"""The public's pages (``/s/``): no account, answered on a phone."""

from django.urls import path, register_converter

from .views import public, publication


class TokenConverter:
    """A link's token (``secrets.token_urlsafe(16)``: 22 URL-safe characters), so that
    other public addresses under /s/ (``hasil/…``) never read as a token."""

    regex = r"[A-Za-z0-9_-]{22}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(TokenConverter, "survey_token")

app_name = "surveys_public"
urlpatterns: list = [
    path("<survey_token:token>/", public.SurveyFormView.as_view(), name="form"),
    path("<survey_token:token>/tantangan/", public.ChallengeView.as_view(), name="challenge"),
    path("<survey_token:token>/terima-kasih/", public.ThanksView.as_view(), name="thanks"),
    path("hasil/<int:pk>/", publication.PublicResultsView.as_view(), name="results"),
    path(
        "hasil/<int:pk>/laporan.pdf",
        publication.PublicReportPdfView.as_view(),
        name="report_pdf",
    ),
]
