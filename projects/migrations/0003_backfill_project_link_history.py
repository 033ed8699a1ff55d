"""Give each existing project's latest history record the links the project has now.

Records written before 0002 keep no links. Links only ever change together with a save of the
project (projects.actions), which writes a record, so the current links are those of the latest
record; without them the first edit after this migration would show every link as added.
"""

from django.db import migrations
from django.db.models import Max

LINKS = {"plan_items": "planitem", "partners": "organisation", "development_plans": "developmentplan"}


def backfill(apps, schema_editor):
    Project = apps.get_model("projects", "Project")
    HistoricalProject = apps.get_model("projects", "HistoricalProject")
    latest = dict(
        HistoricalProject.objects.values("id")
        .annotate(last=Max("history_id"))
        .values_list("id", "last")
    )
    if not latest:
        return
    for name, target in LINKS.items():
        through = Project._meta.get_field(name).remote_field.through
        kept = apps.get_model("projects", f"HistoricalProject_{name}")
        if kept.objects.filter(history_id__in=latest.values()).exists():
            continue  # already recorded (the migration ran before, or actions wrote them)
        kept.objects.bulk_create(
            [
                kept(
                    id=link.id,
                    history_id=latest[link.project_id],
                    project_id=link.project_id,
                    **{f"{target}_id": getattr(link, f"{target}_id")},
                )
                for link in through.objects.filter(project_id__in=latest)
            ],
            batch_size=1000,
        )


class Migration(migrations.Migration):
    dependencies = [("projects", "0002_project_link_history")]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
