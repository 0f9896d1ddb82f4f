from django.urls import path

from . import views

app_name = "training"

urlpatterns = [
    path("", views.index, name="index"),
    path("expiring/", views.expiring, name="expiring"),
    path("courses/", views.courses, name="courses"),
    path("courses/new/", views.course_add, name="course_add"),
    path("courses/<int:pk>/", views.course_edit, name="course_edit"),
    path("sessions/new/", views.session_add, name="session_add"),
    path("sessions/<int:pk>/", views.session, name="session"),
    path("peers/<int:peer_pk>/certifications/new/", views.certification_add, name="certification_add"),
    path("programmes/new/", views.cohort_add, name="cohort_add"),
    path("programmes/<int:pk>/", views.cohort, name="cohort"),
]
