from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("", views.PeopleListView.as_view(), name="people"),
    path("baru/", views.PersonCreateView.as_view(), name="person_create"),
    path("<int:pk>/", views.PersonDetailView.as_view(), name="person"),
    path("<int:pk>/ubah/", views.PersonEditView.as_view(), name="person_edit"),
    path("<int:pk>/buka-kunci/", views.PersonUnlockView.as_view(), name="person_unlock"),
    path("<int:pk>/akses/", views.PersonActivationView.as_view(), name="person_activation"),
    path(
        "undangan/<int:pk>/batal/", views.InvitationCancelView.as_view(), name="invitation_cancel"
    ),
    path("peran/<int:pk>/cabut/", views.RoleRevokeView.as_view(), name="role_revoke"),
]
