from django.urls import path

from classrooms import views

app_name = "classrooms"

urlpatterns = [
    path("", views.classroom_list, name="classroom_list"),
    path("join/", views.join, name="join"),
    path("<str:public_id>/", views.classroom_detail, name="classroom_detail"),
    path("<str:public_id>/action/", views.classroom_action, name="classroom_action"),
    path("<str:public_id>/students/", views.students_bulk, name="students_bulk"),
    path("<str:public_id>/cards/", views.login_cards, name="login_cards"),
    path("<str:public_id>/students/<int:student_id>/", views.student_detail, name="student_detail"),
    path("<str:public_id>/students/<int:student_id>/action/", views.student_action, name="student_action"),
    path(
        "<str:public_id>/students/<int:student_id>/attempts/<str:attempt_id>/",
        views.student_attempt,
        name="student_attempt",
    ),
    path("<str:public_id>/assign/", views.assignment_create, name="assignment_create"),
    path(
        "<str:public_id>/assignments/<str:assignment_id>/", views.assignment_detail, name="assignment_detail"
    ),
    path(
        "<str:public_id>/assignments/<str:assignment_id>/extend/",
        views.assignment_extend,
        name="assignment_extend",
    ),
    path("<str:public_id>/export/results.csv", views.export_results, name="export_results"),
    path("<str:public_id>/export/answers.csv", views.export_answers, name="export_answers"),
]
