from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from config import views

urlpatterns = [
    path("", views.home, name="home"),
    path("first-look/", views.home_answer, name="home_answer"),
    path("about/", views.about, name="about"),
    path("healthz", views.healthz, name="healthz"),
    path("", include("learners.urls")),
    path("accounts/", include("accounts.urls")),
    path("", include("literacy.urls")),
    path("quizzes/", include("quizzes.urls")),
    path("classes/", include("classrooms.urls")),
    path("investigate/", include("investigations.urls")),
    path("admin/", admin.site.urls),
]

if settings.BENCH_ENDPOINTS:
    urlpatterns.append(path("", include("bench.urls")))
