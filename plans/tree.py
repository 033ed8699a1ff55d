"""A plan's items as a tree, built from one query."""

from __future__ import annotations

from dataclasses import dataclass, field

from plans.models import Assignment, Plan, PlanItem


@dataclass
class Node:
    item: PlanItem
    children: list[Node] = field(default_factory=list)
    depth: int = 0


@dataclass(frozen=True, slots=True)
class Agency:
    """An organisation as an item's lists of agencies show it: named as the organisation is
    (`str(Organisation)`), its code for the API."""

    pk: int
    code: str
    name: str
    short_name: str

    def __str__(self) -> str:
        return self.short_name or self.name


@dataclass(slots=True)
class Agencies:
    """An item's lead and coordinating agencies, each list in the order of their names."""

    lead: list[Agency] = field(default_factory=list)
    coordinating: list[Agency] = field(default_factory=list)


def with_agencies(items: list[PlanItem], plan: Plan | None = None) -> list[PlanItem]:
    """`items`, each given `.agencies` (Agencies), read in one query as plain values: the
    assignments of `plan`'s items when `plan` is given (all of `items`), else of `items`.

    A national-scale plan has ~35 assignments an item: building an Assignment and an
    Organisation for each (~10,000 instances for 150 items) was most of the plan page.
    """
    assignments = Assignment.objects.filter(
        **({"item__plan": plan} if plan is not None else {"item_id__in": [i.pk for i in items]})
    )
    # By item first: the names are compared only within an item and role (sorting ~5,000 rows
    # by the default ordering, the plan's and the item's text columns first, cost ~15 ms).
    rows = assignments.order_by("item_id", "role", "organisation__name").values_list(
        "item_id",
        "role",
        "organisation_id",
        "organisation__code",
        "organisation__name",
        "organisation__short_name",
    )
    found = {item.pk: Agencies() for item in items}
    lead, coordinating = Assignment.Role.LEAD.value, Assignment.Role.COORDINATING.value
    for item_id, role, org_id, code, name, short_name in rows:
        agencies = found.get(item_id)
        if agencies is None:
            continue  # not among `items`
        if role == lead:
            agencies.lead.append(Agency(org_id, code, name, short_name))
        elif role == coordinating:
            agencies.coordinating.append(Agency(org_id, code, name, short_name))
    for item in items:
        item.agencies = found[item.pk]
    return items


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
