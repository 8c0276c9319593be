"""Public consultations (征集调查) of the requesting site."""

from django.urls import path

from interaction.views import consultations as views

urlpatterns = [
    path("", views.consultation_list, name="consultation_list"),
    path("<slug:slug>/", views.consultation_detail, name="consultation_detail"),
    path("<slug:slug>/results/", views.survey_results, name="consultation_results"),
]
