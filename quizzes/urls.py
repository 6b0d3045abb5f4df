from django.urls import path

from quizzes import views

app_name = "quizzes"

urlpatterns = [
    path("", views.quiz_list, name="quiz_list"),
    path("attempt/<str:public_id>/", views.attempt_page, name="attempt"),
    path("attempt/<str:public_id>/next/", views.attempt_next, name="attempt_next"),
    path("attempt/<str:public_id>/answer/<str:token>/", views.attempt_answer, name="attempt_answer"),
    path("attempt/<str:public_id>/skip/<str:token>/", views.attempt_excuse, name="attempt_excuse"),
    path("attempt/<str:public_id>/finish/", views.attempt_finish, name="attempt_finish"),
    path(
        "attempt/<str:public_id>/media/<str:token>/<int:slot>/<int:width>.webp",
        views.attempt_media,
        name="attempt_media",
    ),
    # A recording of an attempt item (voice questions): the same view, the sound's own ending.
    path(
        "attempt/<str:public_id>/media/<str:token>/<int:slot>/<int:width>.mp3",
        views.attempt_media,
        name="attempt_sound",
    ),
    path("attempt/<str:public_id>/results/", views.attempt_results, name="attempt_results"),
    path("<str:public_id>/", views.quiz_detail, name="quiz_detail"),
    path("<str:public_id>/start/", views.quiz_start, name="quiz_start"),
]
