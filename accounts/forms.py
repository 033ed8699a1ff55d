"""The user management forms: the choices offered are those the manager may give."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.password_validation import password_validators_help_text_html
from django.utils.translation import gettext_lazy as _

from accounts.models import Role, User


def _limit_choices(form: forms.ModelForm, manager: User) -> None:
    organisation = form.fields["organisation"]
    assert isinstance(organisation, forms.ModelChoiceField)
    queryset = organisation.queryset
    assert queryset is not None
    if not manager.is_admin:
        queryset = queryset.filter(province_id=manager.province_id)
        organisation.required = True
        role = form.fields["role"]
        assert isinstance(role, forms.ChoiceField)
        role.choices = [(v, label) for v, label in Role.choices if v != Role.ADMIN]
    organisation.queryset = queryset.order_by("name")


class UserCreateForm(forms.ModelForm):
    password = forms.CharField(
        label=_("Initial password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("The person must choose their own password at the first login."),
    )

    class Meta:
        model = User
        fields = ["username", "first_name", "last_name", "email", "phone", "organisation", "role"]

    def __init__(self, *args: Any, manager: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _limit_choices(self, manager)
        self.fields["password"].help_text = password_validators_help_text_html()

    def _post_clean(self) -> None:
        # The action validates the password against the new account; the model's own
        # uniqueness check runs there too (one place).
        pass


class UserUpdateForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["organisation", "role", "is_active"]

    def __init__(self, *args: Any, manager: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _limit_choices(self, manager)

    def _post_clean(self) -> None:
        pass
