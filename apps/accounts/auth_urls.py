"""Login, logout and password reset: Django's views with our templates and forms."""

from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from .forms import (
    LoginForm,
    StyledPasswordChangeForm,
    StyledSetPasswordForm,
)
from .views import (
    ApiTokenListView,
    ApiTokenRevokeView,
    MyInvitationAnswerView,
    MyInvitationsView,
    ThrottledPasswordResetView,
)

urlpatterns = [
    path("token/", ApiTokenListView.as_view(), name="api_tokens"),
    path("token/<int:pk>/cabut/", ApiTokenRevokeView.as_view(), name="api_token_revoke"),
    path("undangan/", MyInvitationsView.as_view(), name="my_invitations"),
    path(
        "undangan/<int:pk>/terima/",
        MyInvitationAnswerView.as_view(accept=True),
        name="my_invitation_accept",
    ),
    path(
        "undangan/<int:pk>/tolak/",
        MyInvitationAnswerView.as_view(accept=False),
        name="my_invitation_decline",
    ),
    path(
        "masuk/",
        auth_views.LoginView.as_view(
            authentication_form=LoginForm, redirect_authenticated_user=True
        ),
        name="login",
    ),
    path("keluar/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "lupa-sandi/",
        ThrottledPasswordResetView.as_view(),
        name="password_reset",
    ),
    path(
        "lupa-sandi/terkirim/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "atur-sandi/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            form_class=StyledSetPasswordForm, success_url=reverse_lazy("password_reset_complete")
        ),
        name="password_reset_confirm",
    ),
    path(
        "atur-sandi/selesai/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path(
        "ganti-sandi/",
        auth_views.PasswordChangeView.as_view(form_class=StyledPasswordChangeForm),
        name="password_change",
    ),
    path(
        "ganti-sandi/selesai/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
]
