"""Staff pages of a unit's surveys (``/survei/``, login required)."""

from django.urls import path  # noqa: F401

from . import views  # noqa: F401

app_name = "surveys"
urlpatterns: list = []
