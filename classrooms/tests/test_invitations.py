"""Co-teachers by invitation: the invited teacher accepts or declines, only
acceptance gives access, the inviting teacher gets one reply whatever the
name matched, and the owner can withdraw an invitation."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from classrooms import services
from classrooms.models import CoTeacherInvitation
from conftest import make_user

pytestmark = pytest.mark.django_db


def _invite(client, classroom, who):
    return client.post(reverse("classrooms:co_teacher_add", args=[classroom.public_id]), {"co_teacher": who})


def _reply(client, classroom, who) -> tuple:
    """What the inviting teacher sees: the status, where it leads and the
    messages shown there (read, so they do not pile up)."""
    response = _invite(client, classroom, who)
    page = client.get(response["Location"]) if response.status_code == 302 else response
    return response.status_code, response.get("Location"), [str(m) for m in get_messages(page.wsgi_request)]


def _class_page(client, classroom):
    return client.get(reverse("classrooms:classroom_detail", args=[classroom.public_id]))


def test_an_invited_teacher_gets_the_class_only_after_accepting(client, teacher, classroom, other_teacher):
    client.force_login(teacher)
    _invite(client, classroom, "bob")
    assert other_teacher not in classroom.co_teachers.all()
    client.force_login(other_teacher)
    assert _class_page(client, classroom).status_code == 404
    invitation = CoTeacherInvitation.objects.get(invitee=other_teacher)
    listing = client.get(reverse("classrooms:classroom_list")).content.decode()
    assert "Invitations to co-teach" in listing and classroom.name in listing
    assert "invitation to co-teach" in client.get(reverse("learners:dashboard")).content.decode()
    response = client.post(reverse("classrooms:invitation_accept", args=[invitation.public_id]))
    assert response["Location"] == classroom.get_absolute_url()
    assert other_teacher in classroom.co_teachers.all()
    assert _class_page(client, classroom).status_code == 200
    assert not CoTeacherInvitation.objects.exists()


def test_a_declined_invitation_gives_nothing_and_the_owner_sees_it_declined(
    client, teacher, classroom, other_teacher
):
    client.force_login(teacher)
    _invite(client, classroom, "bob@example.org")
    invitation = CoTeacherInvitation.objects.get()
    client.force_login(other_teacher)
    client.post(reverse("classrooms:invitation_decline", args=[invitation.public_id]))
    assert other_teacher not in classroom.co_teachers.all()
    assert _class_page(client, classroom).status_code == 404
    assert "Invitations to co-teach" not in client.get(reverse("classrooms:classroom_list")).content.decode()
    # A declined invitation cannot be accepted afterwards.
    response = client.post(reverse("classrooms:invitation_accept", args=[invitation.public_id]))
    assert response.status_code == 404 and other_teacher not in classroom.co_teachers.all()
    client.force_login(teacher)
    assert "declined" in _class_page(client, classroom).content.decode()


def test_the_inviting_teacher_gets_one_reply_whatever_the_name_matched(
    client, teacher, classroom, other_teacher, student
):
    co = make_user("cora", role="teacher", email="cora@example.org")
    classroom.co_teachers.add(co)
    names = {
        "a teacher's username": "bob",
        "a teacher's e-mail": "BOB@example.org",
        "a student's username": student.username,
        "nobody's": "nobody-at-all",
        "the owner's own": teacher.username,
        "a co-teacher already": "cora",
    }
    client.force_login(teacher)
    replies = {}
    for what, name in names.items():
        replies[what] = _reply(client, classroom, name)
    assert len(set(map(repr, replies.values()))) == 1, replies
    assert replies["nobody's"][2] == [services.INVITED]
    # The class page lists each name the same way: no reply yet, whatever it matched.
    page = _class_page(client, classroom).content.decode()
    for name in names.values():
        assert f'{name.lower()} <span class="small muted">· no reply\n      yet' in page
    # Only the real teacher not yet in the class has something to answer
    # (asked for twice: by username and by e-mail); one acceptance answers both.
    invited = CoTeacherInvitation.objects.exclude(invitee=None)
    assert list(invited.values_list("invitee__username", flat=True)) == ["bob", "bob"]
    client.force_login(other_teacher)
    client.post(reverse("classrooms:invitation_accept", args=[invited.first().public_id]))
    assert not invited.exists() and other_teacher in classroom.co_teachers.all()


def test_an_owner_withdraws_an_invitation_before_it_is_accepted(client, teacher, classroom, other_teacher):
    client.force_login(teacher)
    _invite(client, classroom, "bob")
    invitation = CoTeacherInvitation.objects.get()
    client.post(reverse("classrooms:invitation_withdraw", args=[classroom.public_id, invitation.public_id]))
    assert not CoTeacherInvitation.objects.exists()
    client.force_login(other_teacher)
    response = client.post(reverse("classrooms:invitation_accept", args=[invitation.public_id]))
    assert response.status_code == 404 and other_teacher not in classroom.co_teachers.all()


def test_only_the_invited_teacher_can_answer_an_invitation(client, teacher, classroom, other_teacher):
    client.force_login(teacher)
    _invite(client, classroom, "bob")
    invitation = CoTeacherInvitation.objects.get()
    stranger = make_user("gil", role="teacher", email="gil@example.org")
    client.force_login(stranger)
    for action in ("invitation_accept", "invitation_decline"):
        assert client.post(reverse(f"classrooms:{action}", args=[invitation.public_id])).status_code == 404
    invitation.refresh_from_db()
    assert invitation.declined_at is None and stranger not in classroom.co_teachers.all()


def test_a_co_teacher_may_leave_but_not_invite_or_remove_others(client, teacher, classroom, other_teacher):
    co = make_user("cora", role="teacher", email="cora@example.org")
    classroom.co_teachers.add(co, other_teacher)
    client.force_login(co)
    assert _invite(client, classroom, "someone").status_code == 403
    remove_bob = reverse("classrooms:co_teacher_remove", args=[classroom.public_id, other_teacher.pk])
    assert client.post(remove_bob).status_code == 403
    assert other_teacher in classroom.co_teachers.all()
    client.post(reverse("classrooms:co_teacher_remove", args=[classroom.public_id, co.pk]))
    assert co not in classroom.co_teachers.all() and not CoTeacherInvitation.objects.exists()


def test_a_class_holds_a_bounded_number_of_invitations(client, teacher, classroom):
    client.force_login(teacher)
    for n in range(services.MAX_INVITATIONS):
        _reply(client, classroom, f"guess-{n}")
    _status, _location, said = _reply(client, classroom, "one-more")
    assert "Withdraw some before inviting more" in said[0]
    assert classroom.invitations.count() == services.MAX_INVITATIONS
    # Asking again for a name already invited is no new invitation.
    _invite(client, classroom, "guess-0")
    assert classroom.invitations.count() == services.MAX_INVITATIONS
