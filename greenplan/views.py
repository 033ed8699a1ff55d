from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from accounts.permissions import can_import_plans, visible_plans


@login_required
def home(request):
    plans = visible_plans(request.user).select_related("territory", "parent")
    return render(
        request,
        "home.html",
        {"plans": plans, "can_import": can_import_plans(request.user)},
    )
