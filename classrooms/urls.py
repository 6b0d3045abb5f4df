from django.urls import path

from classrooms import views

app_name = "classrooms"

CLASS = "<str:public_id>/"
STUDENT = CLASS + "students/<int:student_id>/"
ASSIGNMENT = CLASS + "assignments/<str:assignment_id>/"

urlpatterns = [
    path("", views.classroom_list, name="classroom_list"),
    # A student's assigned quiz (before the class patterns: "do" is no class id).
    path("do/<str:assignment_id>/", views.assignment_take, name="assignment_take"),
    path("do/<str:assignment_id>/start/", views.assignment_start, name="assignment_start"),
    # An invitation to co-teach, answered by the invited teacher.
    path("invitations/<str:invitation_id>/accept/", views.invitation_accept, name="invitation_accept"),
    path("invitations/<str:invitation_id>/decline/", views.invitation_decline, name="invitation_decline"),
    path(CLASS, views.classroom_detail, name="classroom_detail"),
    path(CLASS + "code/", views.classroom_regenerate_code, name="classroom_regenerate_code"),
    path(CLASS + "joining/", views.classroom_toggle_joining, name="classroom_toggle_joining"),
    path(CLASS + "archive/", views.classroom_toggle_archived, name="classroom_toggle_archived"),
    path(CLASS + "co-teachers/", views.co_teacher_add, name="co_teacher_add"),
    path(CLASS + "co-teachers/<int:teacher_id>/remove/", views.co_teacher_remove, name="co_teacher_remove"),
    path(
        CLASS + "invitations/<str:invitation_id>/withdraw/",
        views.invitation_withdraw,
        name="invitation_withdraw",
    ),
    path(CLASS + "students/", views.students_bulk, name="students_bulk"),
    path(CLASS + "cards/", views.login_cards, name="login_cards"),
    path(CLASS + "cards/new/", views.login_cards_issue, name="login_cards_issue"),
    path(CLASS + "cards/revoke/", views.login_cards_revoke, name="login_cards_revoke"),
    path(STUDENT, views.student_detail, name="student_detail"),
    path(STUDENT + "reset-password/", views.student_reset_password, name="student_reset_password"),
    path(STUDENT + "remove/", views.student_remove, name="student_remove"),
    path(STUDENT + "attempts/<str:attempt_id>/", views.student_attempt, name="student_attempt"),
    path(CLASS + "assign/", views.assignment_create, name="assignment_create"),
    path(ASSIGNMENT, views.assignment_detail, name="assignment_detail"),
    path(ASSIGNMENT + "extend/", views.assignment_extend, name="assignment_extend"),
    path(ASSIGNMENT + "settings/", views.assignment_settings, name="assignment_settings"),
    path(CLASS + "export/results.csv", views.export_results, name="export_results"),
    path(CLASS + "export/answers.csv", views.export_answers, name="export_answers"),
]
