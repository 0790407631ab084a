"""The login and password pages speak one Indonesian: "E-mail", "kata sandi", "Anda" –
none of Django's own leftovers ("Email", "Sandi anda", "nama pengguna", English)."""

import re

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

pytestmark = pytest.mark.django_db

LEFTOVERS = [
    "Email ",
    "Sandi anda",
    "sandi yang benar",
    "nama pengguna",
    "Bidang ini",
    "Dua bidang",
    "Password",
    "password",
    "username",
    "This field",
]


def visible_text(response) -> str:
    html = response.content.decode()
    html = re.sub(r"(?s)<script.*?</script>|<head.*?</head>", "", html)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def assert_indonesian(response, *expected):
    text = visible_text(response)
    for phrase in expected:
        assert phrase in text, text
    for leftover in LEFTOVERS:
        assert leftover not in text, (leftover, text)


def test_the_login_page_and_its_refusals(client, admin):
    assert_indonesian(client.get(reverse("login")), "E-mail", "Kata sandi", "Lupa kata sandi?")
    assert_indonesian(
        client.post(reverse("login"), {"username": admin.email, "password": "salah-sekali"}),
        "E-mail atau kata sandi salah.",
    )
    assert_indonesian(
        client.post(reverse("login"), {"username": "bukan-email", "password": ""}),
        "Masukkan alamat e-mail yang benar",
        "Kata sandi wajib diisi.",
    )


def test_the_password_reset_request(client):
    assert_indonesian(client.get(reverse("password_reset")), "Lupa kata sandi", "E-mail")
    assert_indonesian(
        client.post(reverse("password_reset"), {"email": "x"}), "Masukkan alamat e-mail yang benar"
    )


def test_setting_a_new_password_from_the_link(client, admin):
    uid = urlsafe_base64_encode(force_bytes(admin.pk))
    token = default_token_generator.make_token(admin)
    page = client.get(reverse("password_reset_confirm", args=[uid, token]), follow=True)
    assert_indonesian(page, "Kata sandi baru", "Konfirmasi kata sandi baru", "minimal 10 karakter")
    refused = client.post(
        page.redirect_chain[-1][0], {"new_password1": "1234567890", "new_password2": "123"}
    )
    assert_indonesian(refused, "Kedua kata sandi tidak sama.")
    refused = client.post(
        page.redirect_chain[-1][0], {"new_password1": "1234567890", "new_password2": "1234567890"}
    )
    assert_indonesian(refused, "Kata sandi tidak boleh hanya berisi angka.")


def test_changing_the_password(client, admin):
    client.force_login(admin)
    assert_indonesian(client.get(reverse("password_change")), "Kata sandi lama")
    assert_indonesian(
        client.post(
            reverse("password_change"),
            {"old_password": "x", "new_password1": "pendek", "new_password2": "pendek"},
        ),
        "Kata sandi lama salah.",
        "Kata sandi terlalu pendek: minimal 10 karakter.",
    )
