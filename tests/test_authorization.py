"""Every URL of the site, visited as each kind of person.

The table must name every URL pattern (admin aside): a new page without an
entry here fails the test, so nothing ships without an access decision."""

import pytest
from django.conf import settings
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from classrooms import services as class_services
from conftest import make_user
from literacy.tests.factories import make_example
from quizzes.tests.factories import make_pool_quiz

pytestmark = pytest.mark.django_db

ROLES = ("anonymous", "student", "outsider", "teacher", "other_teacher", "co_teacher")
PUBLIC = dict.fromkeys(ROLES, 200)
LOGIN = {"anonymous": 302, **dict.fromkeys(ROLES[1:], 200)}
TEACHERS = {
    "anonymous": 302,
    "student": 403,
    "outsider": 403,
    "teacher": 200,
    "other_teacher": 200,
    "co_teacher": 200,
}
CLASS = {
    "anonymous": 302,
    "student": 403,
    "outsider": 403,
    "teacher": 200,
    "other_teacher": 404,
    "co_teacher": 200,
}
CLASS_ACTION = {**CLASS, "teacher": 302, "co_teacher": 302}
# Who else teaches a class is the owner's choice: a co-teacher sees the class but gets 403.
OWNER_ACTION = {**CLASS_ACTION, "co_teacher": 403}
# An invitation to co-teach (here, to other_teacher) is answered by the invited teacher alone.
INVITEE = {
    "anonymous": 302,
    "student": 403,
    "outsider": 403,
    "teacher": 404,
    "other_teacher": 302,
    "co_teacher": 404,
}
# A quiz assignment, seen by the students of its class only.
ASSIGNEE = {
    "anonymous": 302,
    "student": 200,
    "outsider": 404,
    "teacher": 404,
    "other_teacher": 404,
    "co_teacher": 404,
}
OWNER_ONLY = {
    "anonymous": 404,
    "student": 200,
    "outsider": 404,
    "teacher": 404,
    "other_teacher": 404,
    "co_teacher": 404,
}

# (url name, method, expected per role). Args come from the `world` fixture.
TABLE = {
    "home": ("get", PUBLIC),
    # The home page's pair, answered by anyone; this visit posts no pair (400).
    "home_answer": ("post", dict.fromkeys(ROLES, 400)),
    "about": ("get", PUBLIC),
    "healthz": ("get", PUBLIC),
    "accounts:login": ("get", {"anonymous": 200, **dict.fromkeys(ROLES[1:], 302)}),
    "accounts:logout": ("post", dict.fromkeys(ROLES, 302)),
    "learners:signup": ("get", {"anonymous": 200, **dict.fromkeys(ROLES[1:], 302)}),
    "learners:dashboard": ("get", LOGIN),
    "learners:progress": ("get", PUBLIC),
    "accounts:password_change": ("get", LOGIN),
    "learners:download_data": ("get", LOGIN),
    "accounts:delete_account": ("get", LOGIN),
    "accounts:password_reset": ("get", PUBLIC),
    "accounts:password_reset_done": ("get", PUBLIC),
    "accounts:password_reset_confirm": ("get", PUBLIC),
    # A login card's page is public and says nothing; a wrong card signs nobody in.
    "accounts:card": ("get", PUBLIC),
    "accounts:card_sign_in": ("post", dict.fromkeys(ROLES, 404)),
    "literacy:media": ("get", PUBLIC),
    "literacy:media_audio": ("get", PUBLIC),
    "literacy:library": ("get", PUBLIC),
    "literacy:credits": ("get", PUBLIC),
    "literacy:example_detail": ("get", PUBLIC),
    "literacy:lesson_list": ("get", PUBLIC),
    "literacy:glossary": ("get", PUBLIC),
    "literacy:judge": ("get", PUBLIC),
    "literacy:lesson_detail": ("get", PUBLIC),
    "literacy:lesson_check": ("post", dict.fromkeys(ROLES, 302)),
    "quizzes:quiz_list": ("get", PUBLIC),
    "quizzes:quiz_detail": ("get", PUBLIC),
    "quizzes:quiz_start": ("post", dict.fromkeys(ROLES, 302)),
    "quizzes:attempt": ("get", OWNER_ONLY),
    "quizzes:attempt_next": ("get", {**OWNER_ONLY, "student": 302}),
    "quizzes:attempt_answer": ("post", {**OWNER_ONLY, "student": 302}),
    # Skipping is for recordings on a listening-optional assignment: this image item is not one (403).
    "quizzes:attempt_excuse": ("post", {**OWNER_ONLY, "student": 403}),
    "quizzes:attempt_finish": ("post", {**OWNER_ONLY, "student": 302}),
    "quizzes:attempt_media": ("get", OWNER_ONLY),
    # An investigate question's picture, under its item's own address.
    "investigations:item_image": ("get", OWNER_ONLY),
    "quizzes:attempt_sound": ("get", OWNER_ONLY),
    "quizzes:attempt_results": ("get", {**OWNER_ONLY, "student": 302}),
    "classrooms:classroom_list": ("get", TEACHERS),
    "learners:join": ("get", PUBLIC),
    "classrooms:classroom_detail": ("get", CLASS),
    "classrooms:classroom_regenerate_code": ("post", CLASS_ACTION),
    "classrooms:classroom_toggle_joining": ("post", CLASS_ACTION),
    "classrooms:classroom_toggle_archived": ("post", CLASS_ACTION),
    "classrooms:co_teacher_add": ("post", OWNER_ACTION),
    # The owner removes a co-teacher; a co-teacher may remove only themselves (here, they do).
    "classrooms:co_teacher_remove": ("post", CLASS_ACTION),
    "classrooms:invitation_withdraw": ("post", OWNER_ACTION),
    "classrooms:invitation_accept": ("post", INVITEE),
    "classrooms:invitation_decline": ("post", INVITEE),
    "classrooms:students_bulk": ("post", CLASS_ACTION),
    "classrooms:login_cards": ("get", CLASS),
    "classrooms:login_cards_issue": ("post", CLASS_ACTION),
    "classrooms:login_cards_revoke": ("post", CLASS_ACTION),
    "classrooms:student_detail": ("get", CLASS),
    "classrooms:student_attempt": ("get", CLASS),
    "classrooms:student_reset_password": ("post", CLASS_ACTION),
    "classrooms:student_remove": ("post", CLASS_ACTION),
    "classrooms:assignment_take": ("get", ASSIGNEE),
    "classrooms:assignment_start": ("post", {**ASSIGNEE, "student": 302}),
    "classrooms:assignment_create": ("post", CLASS_ACTION),
    "classrooms:assignment_detail": ("get", CLASS),
    "classrooms:assignment_extend": ("post", CLASS_ACTION),
    "classrooms:assignment_settings": ("post", CLASS_ACTION),
    "classrooms:export_results": ("get", CLASS),
    "classrooms:export_answers": ("get", CLASS),
    # Practice cases and "Check a file" are public; an answer or upload with nothing in it is refused (400).
    "investigations:case_list": ("get", PUBLIC),
    "investigations:case_detail": ("get", PUBLIC),
    "investigations:case_image": ("get", PUBLIC),
    "investigations:case_answer": ("post", dict.fromkeys(ROLES, 400)),
    "investigations:check_file": ("get", PUBLIC),
    "investigations:check_file_submit": ("post", dict.fromkeys(ROLES, 400)),
}


def all_url_names(resolver=None, prefix=""):
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace == "admin":
                continue
            ns = f"{prefix}{pattern.namespace}:" if pattern.namespace else prefix
            yield from all_url_names(pattern, ns)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield prefix + pattern.name


def test_every_url_has_an_access_decision():
    missing = sorted(set(all_url_names()) - set(TABLE) - {"bench_trivial"})
    assert not missing, f"add these to TABLE: {missing}"


@pytest.fixture
def world(teacher, other_teacher, classroom, student, outsider):
    from django.core.management import call_command

    call_command("load_lessons", stdout=open("/dev/null", "w"))  # noqa: SIM115
    co = make_user("cora", role="teacher", email="cora@example.org")
    classroom.co_teachers.add(co)
    quiz = make_pool_quiz(2)
    example = make_example()
    assignment = class_services.assignment_create(classroom=classroom, created_by=teacher, quiz=quiz)
    invitation = class_services.co_teacher_invite(classroom=classroom, invited_by=teacher, who="bob")
    # An attempt at the class's assignment: a teacher reads only those.
    attempt = class_services.assignment_attempt_start(assignment=assignment, user=student)
    item = attempt.items.first()
    from investigations import graded
    from investigations.cases import get_case
    from quizzes import services as quiz_services
    from quizzes.models import Question, Quiz

    cases = Quiz.objects.create(key="a-case", title="A case")
    Question.objects.create(quiz=cases, position=0, **graded.question(get_case("launch-pad")))
    case_item = quiz_services.attempt_start(quiz=cases, user=student).items.get()
    from literacy.models import Lesson

    lesson = Lesson.objects.in_course().first()
    args = {
        "accounts:password_reset_confirm": ["MQ", "not-a-token"],
        "accounts:card": ["not-a-card"],
        "accounts:card_sign_in": ["not-a-card"],
        "literacy:media": [example.renditions.first().token],
        # Recordings are served by the same views under their own ending; the token decides.
        "literacy:media_audio": [example.renditions.first().token],
        "literacy:example_detail": [example.public_id],
        "literacy:lesson_detail": [lesson.slug],
        "literacy:lesson_check": [lesson.slug, lesson.checks[0]["id"]],
        "quizzes:quiz_detail": [quiz.public_id],
        "quizzes:quiz_start": [quiz.public_id],
        "quizzes:attempt": [attempt.public_id],
        "quizzes:attempt_next": [attempt.public_id],
        "quizzes:attempt_answer": [attempt.public_id, item.token],
        "quizzes:attempt_excuse": [attempt.public_id, item.token],
        "quizzes:attempt_finish": [attempt.public_id],
        "quizzes:attempt_media": [attempt.public_id, item.token, 0, settings.RENDITION_WIDTHS["quiz"][0]],
        "quizzes:attempt_sound": [attempt.public_id, item.token, 0, settings.RENDITION_WIDTHS["quiz"][0]],
        "quizzes:attempt_results": [attempt.public_id],
        "classrooms:student_detail": [classroom.public_id, student.pk],
        "classrooms:student_attempt": [classroom.public_id, student.pk, attempt.public_id],
        "classrooms:student_reset_password": [classroom.public_id, student.pk],
        "classrooms:student_remove": [classroom.public_id, student.pk],
        "classrooms:co_teacher_remove": [classroom.public_id, co.pk],
        "classrooms:invitation_withdraw": [classroom.public_id, invitation.public_id],
        "classrooms:invitation_accept": [invitation.public_id],
        "classrooms:invitation_decline": [invitation.public_id],
        "classrooms:assignment_take": [assignment.public_id],
        "classrooms:assignment_start": [assignment.public_id],
        "classrooms:assignment_detail": [classroom.public_id, assignment.public_id],
        "classrooms:assignment_extend": [classroom.public_id, assignment.public_id],
        "classrooms:assignment_settings": [classroom.public_id, assignment.public_id],
        "investigations:case_detail": ["launch-pad"],
        "investigations:item_image": [case_item.attempt.public_id, case_item.token],
        "investigations:case_image": ["launch-pad"],
        "investigations:case_answer": ["launch-pad"],
    }
    people = {"anonymous": None, "student": student, "outsider": outsider, "teacher": teacher,
              "other_teacher": other_teacher, "co_teacher": co}  # fmt: skip
    return {"args": args, "people": people, "classroom": classroom}


def visit_as_everyone(client, world, name) -> dict[str, int]:
    """The status each role gets from one URL; each visit is rolled back, so a
    POST that changes something (a removed student, a new code) leaves the
    world as it was for the next."""
    method, _expected = TABLE[name]
    args = world["args"].get(name)
    if args is None and name.startswith("classrooms:") and name != "classrooms:classroom_list":
        args = [world["classroom"].public_id]
    url = reverse(name, args=args or [])
    results = {}
    for role in ROLES:
        with transaction.atomic():
            client.logout()
            person = world["people"][role]
            if person is not None:
                client.force_login(person)
            if method == "post":
                data = (
                    {"choice": "0"} if name == "literacy:lesson_check" else {"choice": "real", "sure": "70"}
                )
                response = client.post(url, data)
            else:
                response = client.get(url)
            results[role] = response.status_code
            transaction.set_rollback(True)
    return results


def test_access_matrix(client, world):
    # One world for every URL (lessons loaded once): the visits roll back.
    wrong = {}
    for name in sorted(TABLE):
        results = visit_as_everyone(client, world, name)
        if results != TABLE[name][1]:
            wrong[name] = {"got": results, "expected": TABLE[name][1]}
    assert not wrong, "\n".join(f"{name}: {diff}" for name, diff in wrong.items())
