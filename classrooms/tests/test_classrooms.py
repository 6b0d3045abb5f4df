import csv
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from classrooms import services
from classrooms.models import Assignment, Classroom, Enrolment
from conftest import make_user
from literacy.models import Example
from quizzes import services as quiz_services
from quizzes.tests.factories import make_pool_quiz

pytestmark = pytest.mark.django_db


def test_a_teacher_creates_a_class_and_bulk_creates_students_with_login_cards(client, teacher):
    client.force_login(teacher)
    response = client.post(reverse("classrooms:classroom_list"), {"name": "Year 8 Media"})
    classroom = Classroom.objects.get(name="Year 8 Media")
    assert response["Location"] == classroom.get_absolute_url()
    response = client.post(
        reverse("classrooms:students_bulk", args=[classroom.public_id]),
        {"names": "Ada Lovelace\nAlan Turing\n\n"},
    )
    cards = client.get(response["Location"]).content.decode()
    students = User.objects.filter(enrolments__classroom=classroom)
    assert students.count() == 2 and all(
        s.must_change_password and s.role == "student" and not s.email for s in students
    )
    for s in students:
        assert s.username in cards
    assert cards.count('class="login-card"') == 2


def test_a_student_joins_with_the_code_and_no_email(client, classroom):
    response = client.post(
        reverse("learners:join"),
        {"code": classroom.join_code.lower(), "display_name": "Sam", "password": "purple-otter-42"},
    )
    assert response.status_code == 302
    student = User.objects.get(display_name="Sam")
    assert (
        student.role == "student" and Enrolment.objects.filter(classroom=classroom, student=student).exists()
    )
    assert client.get(reverse("learners:dashboard")).context["user"] == student


def test_a_wrong_or_closed_code_is_refused_with_a_message(client, classroom):
    response = client.post(
        reverse("learners:join"), {"code": "ZZZZZZ", "display_name": "Sam", "password": "purple-otter-42"}
    )
    assert response.status_code == 400 and "No open class has that code" in response.content.decode()
    classroom.joining_open = False
    classroom.save()
    response = client.post(
        reverse("learners:join"),
        {"code": classroom.join_code, "display_name": "Sam", "password": "purple-otter-42"},
    )
    assert response.status_code == 400
    assert not User.objects.filter(display_name="Sam").exists()


def test_joining_carries_anonymous_progress_into_the_account(client, classroom):
    quiz = make_pool_quiz(2)
    client.post(reverse("quizzes:quiz_start", args=[quiz.public_id]))
    client.post(
        reverse("learners:join"),
        {"code": classroom.join_code, "display_name": "Sam", "password": "purple-otter-42"},
    )
    student = User.objects.get(display_name="Sam")
    assert student.attempts.count() == 1


def test_regenerating_the_code_retires_the_old_one(client, teacher, classroom):
    client.force_login(teacher)
    old = classroom.join_code
    client.post(reverse("classrooms:classroom_regenerate_code", args=[classroom.public_id]))
    classroom.refresh_from_db()
    assert classroom.join_code != old


def test_students_see_their_assignments_to_do_late_and_done(client, student, classroom, teacher):
    quiz = make_pool_quiz(2)
    now = timezone.now()
    services.assignment_create(
        classroom=classroom, created_by=teacher, quiz=quiz, due_at=now + timezone.timedelta(days=1)
    )
    late_quiz = make_pool_quiz(2)
    services.assignment_create(
        classroom=classroom,
        created_by=teacher,
        quiz=late_quiz,
        opens_at=now - timezone.timedelta(days=3),
        due_at=now - timezone.timedelta(days=1),
    )
    open_late = make_pool_quiz(2)
    services.assignment_create(
        classroom=classroom,
        created_by=teacher,
        quiz=open_late,
        opens_at=now - timezone.timedelta(days=3),
        due_at=now - timezone.timedelta(days=1),
        late_accepted=True,
    )
    client.force_login(student)
    html = client.get(reverse("learners:dashboard")).content.decode()
    # Past due without late work is closed; with late work accepted it is late but open.
    assert "To do" in html and "Closed" in html and "Late" in html
    assert "work handed in now is marked late" in html


def _take(client, student, assignment):
    client.force_login(student)
    client.post(reverse("classrooms:assignment_start", args=[assignment.public_id]))
    attempt = student.attempts.get(assignment_link__assignment=assignment)
    for item in attempt.items.for_answer():
        quiz_services.attempt_answer(item=item, response={"choice": "real"}, confidence=20, user=student)
    quiz_services.attempt_finish(attempt=attempt)
    return attempt


def test_an_assigned_quiz_counts_for_the_assignment_and_shows_on_the_dashboard(
    client, teacher, student, classroom
):
    assignment = services.assignment_create(classroom=classroom, created_by=teacher, quiz=make_pool_quiz(4))
    attempt = _take(client, student, assignment)
    assert attempt.assignment_link.assignment == assignment
    client.force_login(teacher)
    url = reverse("classrooms:assignment_detail", args=[classroom.public_id, assignment.public_id])
    html = client.get(url).content.decode()
    assert "1 finished" in html and "Item analysis" in html and "fooled the class" in html
    fragment = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert fragment.lstrip().startswith('<section id="status"') and 'hx-trigger="every 5s"' in fragment


def test_item_analysis_shows_the_questions_answered_so_far_then_those_with_three_answers(
    client, teacher, classroom
):
    assignment = services.assignment_create(classroom=classroom, created_by=teacher, quiz=make_pool_quiz(4))
    students = [make_user(f"ia-{n}", role="student") for n in range(3)]
    for s in students:
        Enrolment.objects.create(classroom=classroom, student=s)
    url = reverse("classrooms:assignment_detail", args=[classroom.public_id, assignment.public_id])

    def table_rows(html):
        if "Hardest first" not in html:
            return 0
        return html.split("Hardest first")[1].split("<tbody>")[1].split("</tbody>")[0].count("<tr>")

    _take(client, students[0], assignment)
    client.force_login(teacher)
    html = client.get(url).content.decode()
    # One student finished: no question has three answers yet, so the table
    # lists what that student answered rather than nothing.
    assert table_rows(html) == 4 and "Show all" not in html
    assert table_rows(client.get(url + "?items=all").content.decode()) == 4
    for s in students[1:]:
        _take(client, s, assignment)
    client.force_login(teacher)
    html = client.get(url).content.decode()
    # Every question now has three answers, all of them "real": the synthetic
    # images fooled everyone, so they lead the table, hardest first.
    assert table_rows(html) == 4 and "real (3)" in html and "Show all" not in html
    assert html.index("(synthetic)</td>") < html.index("(real)</td>")
    # The fakes that fooled the class: each one, linked to its library page,
    # with its technique in the teacher's words.
    fooled = " ".join(html.split('id="fooled-heading"')[1].split("</section>")[0].split())
    fakes = Example.objects.filter(family="pool", label="synthetic")
    assert fakes.count() == 2
    for fake in fakes:
        assert f'<a href="{fake.get_absolute_url()}">{fake.title}</a>' in fooled
        assert f"3 of 3 answers called it real · {fake.get_technique_display()}" in fooled


def test_a_teacher_reads_one_attempt_answer_by_answer(client, teacher, other_teacher, student, classroom):
    assignment = services.assignment_create(classroom=classroom, created_by=teacher, quiz=make_pool_quiz(4))
    attempt = _take(client, student, assignment)  # "real" to everything, 20 % likely synthetic
    client.force_login(teacher)
    detail = client.get(reverse("classrooms:student_detail", args=[classroom.public_id, student.pk]))
    url = reverse("classrooms:student_attempt", args=[classroom.public_id, student.pk, attempt.public_id])
    assert url in detail.content.decode()
    html = client.get(url).content.decode()
    assert "4 of 4 answered" in html and html.count("<strong>wrong</strong>") == 2
    assert html.count(">right<") == 2 and html.count("20 %") == 4
    for item in attempt.items.select_related("example"):
        assert item.example.get_absolute_url() in html
    client.force_login(other_teacher)
    assert client.get(url).status_code == 404
    client.force_login(teacher)
    someone_else = make_user("not-in-class", role="student")
    foreign = quiz_services.attempt_start(quiz=assignment.quiz, user=someone_else)
    wrong_owner = reverse(
        "classrooms:student_attempt", args=[classroom.public_id, student.pk, foreign.public_id]
    )
    assert client.get(wrong_owner).status_code == 404


def test_polling_stops_when_the_assignment_closes(client, teacher, classroom):
    assignment = services.assignment_create(
        classroom=classroom, created_by=teacher, quiz=make_pool_quiz(2),
        opens_at=timezone.now() - timezone.timedelta(days=2), due_at=timezone.now() - timezone.timedelta(days=1),
    )  # fmt: skip
    client.force_login(teacher)
    html = client.get(
        reverse("classrooms:assignment_detail", args=[classroom.public_id, assignment.public_id])
    ).content.decode()
    assert "every 5s" not in html


def test_a_student_of_another_class_cannot_start_the_assignment(client, teacher, classroom, outsider):
    assignment = services.assignment_create(classroom=classroom, created_by=teacher, quiz=make_pool_quiz(2))
    client.force_login(outsider)
    response = client.post(reverse("classrooms:assignment_start", args=[assignment.public_id]))
    assert response.status_code == 404
    assert not outsider.attempts.exists()


def test_csv_exports_open_cleanly_in_spreadsheets(client, teacher, student, classroom):
    student.display_name = '=HYPERLINK("http://evil")'
    student.save()
    assignment = services.assignment_create(classroom=classroom, created_by=teacher, quiz=make_pool_quiz(2))
    _take(client, student, assignment)
    client.force_login(teacher)
    for name in ("export_results", "export_answers"):
        response = client.get(reverse(f"classrooms:{name}", args=[classroom.public_id]))
        body = response.content.decode("utf-8")
        assert response["Content-Type"].startswith("text/csv") and body.startswith("\ufeff")
        rows = list(csv.reader(io.StringIO(body.lstrip("\ufeff"))))
        assert rows[0][0] == "Student" and len(rows) >= 2
        assert rows[1][0].startswith("'=")


@pytest.mark.parametrize("view", ["classroom_detail", "export_results", "export_answers"])
def test_query_counts_do_not_grow_with_the_class(
    client, teacher, classroom, view, django_assert_max_num_queries
):
    quiz = make_pool_quiz(3)
    assignment = services.assignment_create(classroom=classroom, created_by=teacher, quiz=quiz)

    def add_students(n):
        for i in range(n):
            s = make_user(f"s{view}{Enrolment.objects.count()}-{i}", role="student")
            Enrolment.objects.create(classroom=classroom, student=s)
            attempt = services.assignment_attempt_start(assignment=assignment, user=s)
            quiz_services.attempt_finish(attempt=attempt)

    client.force_login(teacher)
    url = reverse(f"classrooms:{view}", args=[classroom.public_id])
    add_students(5)
    with django_assert_max_num_queries(50) as small:
        assert client.get(url).status_code == 200
    add_students(55)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(url).status_code == 200


def test_assignment_dashboard_query_count_is_flat(client, teacher, classroom, django_assert_max_num_queries):
    quiz = make_pool_quiz(3)
    assignment = services.assignment_create(classroom=classroom, created_by=teacher, quiz=quiz)
    url = reverse("classrooms:assignment_detail", args=[classroom.public_id, assignment.public_id])
    client.force_login(teacher)

    def add(n):
        for i in range(n):
            s = make_user(f"d{Enrolment.objects.count()}-{i}", role="student")
            Enrolment.objects.create(classroom=classroom, student=s)
            attempt = services.assignment_attempt_start(assignment=assignment, user=s)
            for item in attempt.items.for_answer():
                quiz_services.attempt_answer(item=item, response={"choice": "real"}, confidence=30, user=s)
            quiz_services.attempt_finish(attempt=attempt)

    add(5)
    with django_assert_max_num_queries(60) as small:
        assert client.get(url).status_code == 200
    add(55)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(url).status_code == 200


def test_a_teacher_resets_a_password_and_removes_a_student(client, teacher, classroom, student):
    client.force_login(teacher)
    args = [classroom.public_id, student.pk]
    response = client.post(reverse("classrooms:student_reset_password", args=args))
    student.refresh_from_db()
    assert student.must_change_password
    assert student.username in client.get(response["Location"]).content.decode()
    client.post(reverse("classrooms:student_remove", args=args))
    assert not Enrolment.objects.filter(classroom=classroom, student=student).exists()


def test_pre_and_post_test_gain_is_reported(client, teacher, classroom, student):
    from quizzes.models import Quiz

    pre = make_pool_quiz(2, kind=Quiz.Kind.PRETEST, use="assessment")
    post = make_pool_quiz(2, kind=Quiz.Kind.POSTTEST, use="assessment")
    for quiz, accuracy in ((pre, 0.5), (post, 0.75)):
        a = services.assignment_create(classroom=classroom, created_by=teacher, quiz=quiz)
        attempt = services.assignment_attempt_start(assignment=a, user=student)
        quiz_services.attempt_finish(attempt=attempt)
        attempt.summary["accuracy"] = accuracy
        attempt.save()
    client.force_login(teacher)
    html = client.get(reverse("classrooms:classroom_detail", args=[classroom.public_id])).content.decode()
    assert "What the class learned" in html and "mean gain 0.250" in html


def test_co_teachers_see_the_class_and_other_teachers_get_404(client, classroom, other_teacher):
    client.force_login(other_teacher)
    url = reverse("classrooms:classroom_detail", args=[classroom.public_id])
    assert client.get(url).status_code == 404
    classroom.co_teachers.add(other_teacher)
    assert client.get(url).status_code == 200


def test_assignment_needs_a_quiz_or_a_lesson(client, teacher, classroom):
    client.force_login(teacher)
    client.post(
        reverse("classrooms:assignment_create", args=[classroom.public_id]), {"attempts_allowed": "1"}
    )
    assert not Assignment.objects.exists()


def test_an_owner_invites_a_co_teacher_by_email_who_gets_the_class_only_on_accepting(
    client, teacher, classroom, other_teacher, student
):
    client.force_login(teacher)
    url = reverse("classrooms:co_teacher_add", args=[classroom.public_id])
    client.post(url, {"co_teacher": "BOB@example.org"})
    assert other_teacher not in classroom.co_teachers.all()
    client.post(url, {"co_teacher": student.username})
    assert not student.co_teacher_invitations.exists()
    client.force_login(other_teacher)
    invitation = other_teacher.co_teacher_invitations.get()
    client.post(reverse("classrooms:invitation_accept", args=[invitation.public_id]))
    assert other_teacher in classroom.co_teachers.all()


def test_a_pretest_taken_on_its_own_counts_for_the_assignment_and_is_not_taken_twice(
    teacher, classroom, student
):
    from quizzes.models import Quiz

    pre = make_pool_quiz(2, kind=Quiz.Kind.PRETEST, use="assessment")
    alone = quiz_services.attempt_start(quiz=pre, user=student)
    quiz_services.attempt_finish(attempt=alone)
    assignment = services.assignment_create(classroom=classroom, created_by=teacher, quiz=pre)
    with pytest.raises(services.AssignmentClosed, match="already taken"):
        services.assignment_attempt_start(assignment=assignment, user=student)
    assert student.attempts.count() == 1
    assert alone.assignment_link.assignment == assignment


def test_a_teacher_sees_a_graded_item_with_its_label_in_the_report_not_in_the_library(
    client, teacher, classroom, student
):
    from quizzes.models import Quiz

    graded = make_pool_quiz(2, kind=Quiz.Kind.GRADED, use="assessment")
    assignment = services.assignment_create(classroom=classroom, created_by=teacher, quiz=graded)
    attempt = _take(client, student, assignment)
    client.force_login(teacher)
    url = reverse("classrooms:student_attempt", args=[classroom.public_id, student.pk, attempt.public_id])
    html = client.get(url).content.decode()
    for item in attempt.items.select_related("example"):
        assert item.example.title in html and item.example.get_absolute_url() not in html
        assert client.get(item.example.get_absolute_url()).status_code == 404
    assert "synthetic</span>" in html and "real</span>" in html
