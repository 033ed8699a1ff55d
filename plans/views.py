from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils.safestring import mark_safe

from accounts.permissions import can_import_plans, can_manage_plan, can_view_plan
from core.charts import drawn, to_svg
from core.filetypes import serve_file, sniff_magic
from orgs.models import Organisation
from plans.charts import coverage_figure, coverage_key
from plans.coverage import coverage_for, visible_parent
from plans.crosswalk import generations, may_link
from plans.filters import PlanItemFilter
from plans.models import ItemKind, LegalDocument, Plan, PlanItem
from plans.structure_table import structure_rows
from plans.tree import build_tree, flatten, with_agencies
from plans.visibility import get_visible_plan

PAGE_SIZE = 50


@login_required
def home(request):
    """The landing page: the plans the user may see, and the import button for those who may."""
    plans = Plan.objects.visible_to(request.user).select_related("territory", "parent")
    return render(
        request,
        "plans/home.html",
        {"plans": plans, "can_import": can_import_plans(request.user)},
    )


@login_required
def plan_detail(request, pk: int):
    plan = get_visible_plan(request.user, pk)
    items = with_agencies(list(PlanItem.objects.filter(plan=plan).order_by("position")), plan)
    nodes = flatten(build_tree(items))
    priorities = [i for i in items if i.priority_year]
    return render(
        request,
        "plans/plan_detail.html",
        {
            "plan": plan,
            "parent": visible_parent(request.user, plan),
            "structure_rows": structure_rows(nodes),
            "priorities": priorities,
            "documents": plan.legal_documents.all(),
            "counts": {k: sum(1 for i in items if i.kind == k) for k in ItemKind.values},
            "can_manage": can_manage_plan(request.user, plan),
            "can_import": can_import_plans(request.user),
        },
    )


@login_required
def item_list(request, pk: int):
    plan = get_visible_plan(request.user, pk)
    plan_items = list(PlanItem.objects.filter(plan=plan).only("id", "parent_id"))
    agencies = Organisation.objects.filter(assignments__item__plan=plan).distinct()
    item_filter = PlanItemFilter(
        request.GET or None,
        queryset=PlanItem.objects.filter(plan=plan).select_related(
            "parent", "implements__plan__territory"
        ),
        plan=plan,
        plan_items=plan_items,
        agencies=agencies,
    )
    page = Paginator(item_filter.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = with_agencies(list(page.object_list))  # the page's items' agencies
    # What the items implement, where the user may see it (older imports may point elsewhere).
    shown_implements = {
        i.pk for i in page if i.implements and can_view_plan(request.user, i.implements.plan)
    }
    query = request.GET.copy()
    query.pop("page", None)
    template = "plans/_item_rows.html" if request.htmx else "plans/item_list.html"
    return render(
        request,
        template,
        {
            "plan": plan,
            "filter": item_filter,
            "page": page,
            "query": query.urlencode(),
            "shown_implements": shown_implements,
        },
    )


@login_required
def item_detail(request, pk: int):
    item = get_object_or_404(
        PlanItem.objects.select_related("plan__territory", "parent", "implements__plan__territory"),
        pk=pk,
    )
    if not Plan.objects.visible_to(request.user).filter(pk=item.plan_id).exists():
        raise Http404
    implements = item.implements
    if implements is not None and not can_view_plan(request.user, implements.plan):
        implements = None  # another province's item, left by an older import
    return render(
        request,
        "plans/item_detail.html",
        {
            "item": item,
            "generations": generations(item, request.user),
            "can_link": may_link(request.user, item.plan),
            "implements": implements,
            "plan": item.plan,
            "assignments": item.assignments.select_related("organisation"),
            "children": item.children.all(),
            "documents": item.legal_documents.all(),
            "implementations": item.implementations.select_related("plan").filter(
                plan__in=Plan.objects.visible_to(request.user)
            ),
        },
    )


@login_required
def coverage(request, pk: int):
    plan = get_visible_plan(request.user, pk)
    result = coverage_for(request.user, plan)
    chart = None
    if result:
        # Drawn again only when the figures change (every view of the page redrew it).
        svg = drawn(coverage_key(result), lambda: to_svg(coverage_figure(result)))
        chart = mark_safe(svg)  # noqa: S308 - matplotlib's SVG of our own figures
    return render(
        request, "plans/coverage.html", {"plan": plan, "coverage": result, "chart": chart}
    )


@login_required
def legal_document_file(request, pk: int):
    """The file of a legal document (public law texts: any signed-in user may read them).

    Uploaded files are never served from a public URL; this view is the only way to them.
    """
    document = get_object_or_404(LegalDocument, pk=pk)
    if not document.file:
        raise Http404
    # The type is read from the content, not guessed from the name: an HTML file uploaded as a
    # "law" would otherwise be rendered by the browser as a page of this site.
    with document.file.open("rb") as file:
        content_type = sniff_magic(file.read(16))
    return serve_file(
        document.file.open("rb"),
        name=(document.file.name or "").rsplit("/", 1)[-1],
        content_type=content_type,
    )
