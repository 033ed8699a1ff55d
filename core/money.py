"""Funding sources (nguồn vốn), shared by reporting (funds used) and, later, projects."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class FundingSource(models.TextChoices):
    CENTRAL_BUDGET = "central_budget", _("Central budget")
    LOCAL_BUDGET = "local_budget", _("Local budget")
    PUBLIC_INVESTMENT = "public_investment", _("Public investment")
    ODA = "oda", _("ODA / foreign aid")
    PRIVATE = "private", _("Private / enterprise")
    OTHER = "other", _("Other source")
