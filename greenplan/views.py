from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from accounts.permissions import can_import_plans
from plans.models import Plan


@login_required
def home(request):
    plans = Plan.objects.visible_to(request.user).select_related("territory", "parent")
    return render(
        request,
        "plans/home.html",
        {"plans": plans, "can_import": can_import_plans(request.user)},
    )
