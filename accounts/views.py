"""User management (a province's coordinator, administrators) and the password pages.

Thin: the rules are accounts.permissions, the writes accounts.actions."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.forms import BaseForm
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _

from accounts import actions, permissions
from accounts.forms import UserCreateForm, UserUpdateForm
from accounts.http import AuthenticatedHttpRequest
from accounts.models import User

PAGE_SIZE = 50


def _require_manager(request: AuthenticatedHttpRequest) -> None:
    if not permissions.can_manage_users(request.user):
        raise PermissionDenied


def _attach(form: BaseForm, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error("password" if "password" in form.fields else None, error)


@login_required
def user_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    _require_manager(request)
    people = User.objects.filter(permissions.user_scope(request.user)).select_related(
        "organisation"
    )
    page = Paginator(people, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "accounts/user_list.html", {"page": page})


@login_required
def user_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    _require_manager(request)
    form = UserCreateForm(request.POST or None, manager=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        account = actions.Account(
            username=data["username"],
            first_name=data["first_name"],
            last_name=data["last_name"],
            email=data["email"],
            phone=data["phone"],
            role=data["role"],
            organisation=data["organisation"],
        )
        try:
            person = actions.create_user(account, user=request.user, password=data["password"])
        except ValidationError as error:
            _attach(form, error)
        else:
            messages.success(
                request,
                _("Account %(username)s created: its owner chooses a password at the first login.")
                % {"username": person.username},
            )
            return redirect("accounts:users")
    status = 400 if form.errors else 200
    return render(request, "accounts/user_form.html", {"form": form, "person": None}, status=status)


@login_required
def user_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    _require_manager(request)
    person = get_object_or_404(User.objects.filter(permissions.user_scope(request.user)), pk=pk)
    if not permissions.can_manage_user(request.user, person):
        raise PermissionDenied
    form = UserUpdateForm(request.POST or None, instance=person, manager=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            actions.update_user(
                User.objects.get(pk=person.pk),
                user=request.user,
                role=data["role"],
                organisation=data["organisation"],
                is_active=data["is_active"],
            )
        except ValidationError as error:
            _attach(form, error)
        else:
            messages.success(request, _("Account %(username)s saved.") % {"username": person})
            return redirect("accounts:users")
    status = 400 if form.errors else 200
    return render(
        request, "accounts/user_form.html", {"form": form, "person": person}, status=status
    )


class _OwnPasswordChosen:
    """A password the owner chose (on the change page or through the emailed link): a
    first-login change is then marked done."""

    def form_valid(self, form: Any) -> HttpResponse:
        response: HttpResponse = super().form_valid(form)  # type: ignore[misc]
        actions.password_changed(form.user, user=form.user)
        return response


class PasswordChangeView(_OwnPasswordChosen, auth_views.PasswordChangeView):
    """Django's page; a first-login change is then marked done."""

    success_url = reverse_lazy("accounts:password_change_done")


class PasswordResetView(auth_views.PasswordResetView):
    success_url = reverse_lazy("accounts:password_reset_done")
    email_template_name = "registration/password_reset_email.txt"
    subject_template_name = "registration/password_reset_subject.txt"


class PasswordResetConfirmView(_OwnPasswordChosen, auth_views.PasswordResetConfirmView):
    success_url = reverse_lazy("accounts:password_reset_complete")
