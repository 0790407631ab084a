"""The public's pages (``/s/``): no account, answered on a phone."""

from django.urls import path  # noqa: F401

from . import views  # noqa: F401

app_name = "surveys_public"
urlpatterns: list = []
