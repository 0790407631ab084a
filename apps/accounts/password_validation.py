"""Django's password rules with one voice in Indonesian ("kata sandi", "Anda").

Django's own Indonesian catalogue mixes "sandi" and "kata sandi", "anda" and "Anda";
these subclasses only replace the texts people read (help under the field, the refusal).
"""

from django.contrib.auth import password_validation as django_rules
from django.utils.translation import gettext as _


class UserAttributeSimilarityValidator(django_rules.UserAttributeSimilarityValidator):
    def get_error_message(self):
        return _("Kata sandi terlalu mirip dengan %(verbose_name)s Anda.")

    def get_help_text(self):
        return _("Kata sandi tidak boleh mirip dengan nama atau e-mail Anda.")


class MinimumLengthValidator(django_rules.MinimumLengthValidator):
    def get_error_message(self):
        return _("Kata sandi terlalu pendek: minimal %(min_length)d karakter.")

    def get_help_text(self):
        return _("Kata sandi minimal %(min_length)d karakter.") % {"min_length": self.min_length}


class CommonPasswordValidator(django_rules.CommonPasswordValidator):
    def get_error_message(self):
        return _("Kata sandi ini terlalu umum dan mudah ditebak.")

    def get_help_text(self):
        return _("Kata sandi tidak boleh kata sandi yang umum dipakai.")


class NumericPasswordValidator(django_rules.NumericPasswordValidator):
    def get_error_message(self):
        return _("Kata sandi tidak boleh hanya berisi angka.")

    def get_help_text(self):
        return _("Kata sandi tidak boleh hanya berisi angka.")
