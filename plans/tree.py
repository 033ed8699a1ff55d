"""A plan's items as a tree, built from one query."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Prefetch

from plans.models import Assignment, Plan, PlanItem


@dataclass
class Node:
    item: PlanItem
    children: list[Node] = field(default_factory=list)
    depth: int = 0


# What the lists of an item's agencies show (names, codes for the API): a national-scale plan
# has ~35 assignments an item, and building each assignment and organisation with all their
# columns was most of the plan page (5,300 of them).
ASSIGNMENT_COLUMNS = (
    "id",
    "item_id",
    "role",
    "organisation__id",
    "organisation__code",
    "organisation__name",
    "organisation__short_name",
)


def items_with_assignments(plan: Plan):
    return (
        PlanItem.objects.filter(plan=plan)
        .select_related("implements")
        .prefetch_related(
            Prefetch(
                "assignments",
                queryset=Assignment.objects.select_related("organisation").only(
                    *ASSIGNMENT_COLUMNS
                ),
            )
        )
    )


def build_tree(items: list[PlanItem]) -> list[Node]:
    """The items as a forest (children in the order of `items`), each node knowing its depth.
    Walked with an explicit stack: an item tree of any depth (older data may hold thousands of
    levels) stays within Python's recursion limit."""
    nodes = {i.pk: Node(i) for i in items}
    roots: list[Node] = []
    for item in items:
        node = nodes[item.pk]
        parent = nodes.get(item.parent_id) if item.parent_id else None
        (parent.children if parent else roots).append(node)
    stack = [(root, 0) for root in roots]
    while stack:
        node, depth = stack.pop()
        node.depth = depth
        stack.extend((child, depth + 1) for child in node.children)
    return roots


def flatten(roots: list[Node]) -> list[Node]:
    """The nodes depth first, each followed by its children in order (without recursion)."""
    out: list[Node] = []
    stack = list(reversed(roots))
    while stack:
        node = stack.pop()
        out.append(node)
        stack.extend(reversed(node.children))
    return out


def descendant_ids(items: list[PlanItem], root_id: int) -> set[int]:
    children: dict[int, list[int]] = {}
    for item in items:
        if item.parent_id:
            children.setdefault(item.parent_id, []).append(item.pk)
    found, stack = set(), [root_id]
    while stack:
        current = stack.pop()
        found.add(current)
        stack.extend(children.get(current, []))
    return found


def leads_and_coordinators(item: PlanItem) -> tuple[list, list]:
    """Split an item's prefetched assignments into lead and coordinating organisations."""
    lead = [a.organisation for a in item.assignments.all() if a.role == Assignment.Role.LEAD]
    coordinating = [
        a.organisation for a in item.assignments.all() if a.role == Assignment.Role.COORDINATING
    ]
    return lead, coordinating
