"""Mounted under /portal/ (public, kefu/urls.py): what customers may read without logging in."""

from django.urls import path

from knowledge import views

urlpatterns = [path("", views.portal_articles, name="portal-knowledge")]
