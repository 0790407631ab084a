from django.urls import path

from .api import AssessmentHintsView

urlpatterns = [
    path("assessments/<int:pk>/hints/", AssessmentHintsView.as_view(), name="api-assessment-hints"),
]
