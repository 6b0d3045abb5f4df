from django.db import migrations, models


def mark_the_class_that_made_each_student(apps, schema_editor):
    # Student accounts are made by a class (bulk creation or joining without an
    # account); before this field, the first class a student joined is the one
    # that made the account.
    Enrolment = apps.get_model("classrooms", "Enrolment")
    first = {}
    for pk, student_id in (
        Enrolment.objects.filter(student__role="student")
        .order_by("joined_at", "pk")
        .values_list("pk", "student_id")
    ):
        first.setdefault(student_id, pk)
    Enrolment.objects.filter(pk__in=first.values()).update(manages_account=True)


class Migration(migrations.Migration):
    dependencies = [
        ("classrooms", "0005_assignment_counterbalanced"),
    ]

    operations = [
        migrations.AddField(
            model_name="enrolment",
            name="manages_account",
            field=models.BooleanField(default=False),
        ),
        migrations.RunPython(mark_the_class_that_made_each_student, migrations.RunPython.noop),
    ]
