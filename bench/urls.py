from django.urls import path

from bench import views

urlpatterns = [path("bench/trivial", views.bench_trivial, name="bench_trivial")]
