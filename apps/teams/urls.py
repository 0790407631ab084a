from django.urls import path

from . import views

app_name = "teams"
urlpatterns = [
    path("siklus/<int:cycle_pk>/", views.TeamView.as_view(), name="team"),
    path("siklus/<int:cycle_pk>/agen/", views.AgentsView.as_view(), name="agents"),
    path(
        "siklus/<int:cycle_pk>/pilih-anggota/", views.PeoplePickView.as_view(), name="pick_member"
    ),
    path(
        "siklus/<int:cycle_pk>/pilih-agen/",
        views.PeoplePickView.as_view(agents=True),
        name="pick_agent",
    ),
    path("siklus/<int:cycle_pk>/sk/<str:kind>/", views.DecreeUploadView.as_view(), name="decree"),
    path("sk/<int:pk>/", views.DecreeDownloadView.as_view(), name="decree_file"),
    path("anggota/<int:pk>/keluarkan/", views.MemberRemoveView.as_view(), name="member_remove"),
    path("agen/<int:pk>/keluarkan/", views.AgentRemoveView.as_view(), name="agent_remove"),
    path("agen/<int:pk>/rencana-aksi/", views.ActionItemAddView.as_view(), name="action_add"),
    path("rencana-aksi/<int:pk>/ubah/", views.ActionItemEditView.as_view(), name="action_edit"),
    path(
        "rencana-aksi/<int:pk>/hapus/", views.ActionItemDeleteView.as_view(), name="action_delete"
    ),
]
