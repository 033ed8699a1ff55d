"""The help pages and the glossary: the same for everyone signed in."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from guide.content import AREAS, AREAS_BY_SLUG, GLOSSARY


@login_required
def index(request: HttpRequest) -> HttpResponse:
    return render(request, "guide/index.html", {"areas": AREAS})


@login_required
def area(request: HttpRequest, slug: str) -> HttpResponse:
    found = AREAS_BY_SLUG.get(slug)
    if found is None:
        raise Http404
    return render(request, "guide/area.html", {"area": found, "areas": AREAS})


@login_required
def glossary(request: HttpRequest) -> HttpResponse:
    return render(request, "guide/glossary.html", {"terms": GLOSSARY, "areas": AREAS})
