from django.urls import path

from . import views

app_name = "assessment"
urlpatterns = [
    path("", views.AssessmentListView.as_view(), name="list"),
    path("siklus/<int:cycle_pk>/", views.CycleAssessmentsView.as_view(), name="cycle"),
    path("siklus/<int:cycle_pk>/syarat-tpi/", views.FactsView.as_view(), name="facts"),
    path("siklus/<int:cycle_pk>/usulkan-tpi/", views.ProposeView.as_view(), name="propose"),
    path("siklus/<int:cycle_pk>/pilih-ketua/", views.LeadPickView.as_view(), name="pick_lead"),
    path("<int:pk>/", views.AssessmentView.as_view(), name="detail"),
    path("<int:pk>/jawab/<str:code>/", views.AnswerView.as_view(), name="answer"),
    path("<int:pk>/panel/", views.PanelView.as_view(), name="panel"),
    path("<int:pk>/penilai/", views.AssignView.as_view(), name="assign"),
    path("<int:pk>/pilih-penilai/", views.AssessorPickView.as_view(), name="pick_assessor"),
    path(
        "<int:pk>/penilai/<int:assignment_pk>/hapus/",
        views.UnassignView.as_view(),
        name="unassign",
    ),
    path("<int:pk>/finalkan/", views.FinaliseView.as_view(), name="finalise"),
    path("<int:pk>/rilis/", views.ReleaseView.as_view(), name="release"),
    path("<int:pk>/buka-kembali/", views.ReopenView.as_view(), name="reopen"),
    path("<int:pk>/hasil/", views.ResultView.as_view(), name="result"),
    path("<int:pk>/survei/<int:survey_pk>/", views.SurveySourceView.as_view(), name="survey"),
    path("<int:pk>/excel/", views.ExportView.as_view(), name="export"),
    path("<int:pk>/impor/", views.ImportView.as_view(), name="import"),
    path("<int:pk>/impor/simpan/", views.ImportConfirmView.as_view(), name="import_confirm"),
]
