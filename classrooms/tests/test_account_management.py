"""One rule for managing accounts (issue 13): a class's teachers reset the
password and issue the login card only of student accounts that class made;
teacher accounts never become students; a teacher reads only the attempts
made for their own class's assignments. Each test replays one way the
takeover used to work."""

import pytest
from django.urls import reverse

from accounts.models import LoginCard, User
from classrooms import services
from classrooms.models import Enrolment
from conftest import make_user
from quizzes.tests.factories import make_pool_quiz

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery"


def _join(client, user, classroom):
    client.force_login(user)
    return client.post(reverse("learners:join"), {"code": classroom.join_code})


def test_a_teacher_cannot_join_another_teachers_class(client, teacher, other_classroom):
    response = _join(client, teacher, other_classroom)
    assert response.status_code == 403
    assert "Teacher accounts cannot join a class as a student" in response.content.decode()
    assert not Enrolment.objects.filter(student=teacher).exists()
    with pytest.raises(services.EnrolmentRefused):
        services.student_enrol(classroom=other_classroom, user=teacher)


def test_the_teacher_of_a_second_class_cannot_reset_a_shared_students_password(
    client, teacher, classroom, student, other_teacher, other_classroom
):
    # Charlie's account was made by the first class; Charlie also joins Bob's.
    _join(client, student, other_classroom)
    assert Enrolment.objects.filter(
        classroom=other_classroom, student=student, manages_account=False
    ).exists()
    client.force_login(other_teacher)
    url = reverse("classrooms:student_reset_password", args=[other_classroom.public_id, student.pk])
    response = client.post(url, follow=True)
    assert "was not made by this class" in response.content.decode()
    student.refresh_from_db()
    assert student.check_password(PASSWORD) and not student.must_change_password
    roster = client.get(
        reverse("classrooms:classroom_detail", args=[other_classroom.public_id])
    ).content.decode()
    assert "Own account" in roster and url not in roster
    # New cards for Bob's whole class leave Charlie's account alone.
    client.post(reverse("classrooms:login_cards_issue", args=[other_classroom.public_id]))
    assert not LoginCard.objects.filter(user=student).exists()
    # The class that made the account still can.
    client.force_login(teacher)
    client.post(reverse("classrooms:student_reset_password", args=[classroom.public_id, student.pk]))
    student.refresh_from_db()
    assert student.must_change_password and LoginCard.objects.filter(user=student).exists()


def test_removing_a_shared_student_from_the_second_class_keeps_their_card(
    client, teacher, classroom, student, other_teacher, other_classroom
):
    token = services.classroom_student_card_issue(classroom=classroom, student=student)
    _join(client, student, other_classroom)
    client.force_login(other_teacher)
    client.post(reverse("classrooms:student_remove", args=[other_classroom.public_id, student.pk]))
    client.logout()
    client.post(reverse("accounts:card_sign_in", args=[token]))
    assert client.session.get("_auth_user_id") == str(student.pk)


def test_a_self_learner_who_joins_a_class_keeps_their_account_to_themselves(
    client, learner, teacher, classroom
):
    _join(client, learner, classroom)
    assert Enrolment.objects.filter(classroom=classroom, student=learner).exists()
    client.force_login(teacher)
    client.post(reverse("classrooms:student_reset_password", args=[classroom.public_id, learner.pk]))
    learner.refresh_from_db()
    assert learner.check_password(PASSWORD)
    with pytest.raises(services.AccountNotManaged):
        services.student_login_reset(classroom=classroom, student=learner)


def test_a_student_who_joins_without_an_account_is_managed_by_that_class(client, classroom):
    client.post(
        reverse("learners:join"),
        {"code": classroom.join_code, "display_name": "Sam", "password": "purple-otter-42"},
    )
    sam = User.objects.get(display_name="Sam")
    assert Enrolment.objects.get(student=sam).manages_account


def test_a_teacher_reads_only_the_attempts_made_for_their_own_class(
    client, teacher, classroom, student, other_teacher, other_classroom
):
    _join(client, student, other_classroom)
    quiz = make_pool_quiz(2)
    theirs = services.assignment_create(classroom=classroom, created_by=teacher, quiz=quiz)
    attempt = services.assignment_attempt_start(assignment=theirs, user=student)
    client.force_login(other_teacher)
    page = client.get(reverse("classrooms:student_detail", args=[other_classroom.public_id, student.pk]))
    assert page.status_code == 200 and attempt.public_id not in page.content.decode()
    one = reverse(
        "classrooms:student_attempt", args=[other_classroom.public_id, student.pk, attempt.public_id]
    )
    assert client.get(one).status_code == 404
    client.force_login(teacher)
    mine = client.get(reverse("classrooms:student_detail", args=[classroom.public_id, student.pk]))
    assert attempt.public_id in mine.content.decode()


def test_a_student_made_before_the_rule_is_managed_by_the_first_class_they_joined(
    teacher, classroom, other_classroom
):
    from importlib import import_module

    from django.apps import apps

    migration = import_module("classrooms.migrations.0006_enrolment_manages_account")
    old = make_user("olga", role="student")
    Enrolment.objects.create(classroom=classroom, student=old)
    Enrolment.objects.create(classroom=other_classroom, student=old)
    Enrolment.objects.filter(student=old).update(manages_account=False)
    migration.mark_the_class_that_made_each_student(apps, None)
    assert list(
        Enrolment.objects.filter(student=old, manages_account=True).values_list("classroom", flat=True)
    ) == [classroom.pk]


def test_the_demo_class_manages_its_demo_students(client):
    from django.core.management import call_command

    call_command("ensure_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    demo = Enrolment.objects.filter(classroom__name="Demo class")
    assert demo.count() == 5 and all(e.manages_account for e in demo)
