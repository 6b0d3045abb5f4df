from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("classrooms", "0004_late_work_and_co_teacher_invitations"),
    ]

    operations = [
        migrations.AddField(
            model_name="assignment",
            name="counterbalanced",
            field=models.BooleanField(
                default=False,
                help_text="Half the class takes form B first and form A after, so a harder form cannot pass for learning.",
                verbose_name="Counterbalance the two forms",
            ),
        ),
    ]
