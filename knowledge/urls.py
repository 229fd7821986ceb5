from django.urls import path

from knowledge import views

urlpatterns = [
    path("", views.article_list, name="knowledge"),
    path("new/", views.article_save, name="article-create"),
    path("<int:pk>/", views.article_detail, name="article-detail"),
    path("<int:pk>/save/", views.article_save, name="article-update"),
    path("from-ticket/<str:number>/", views.article_from_ticket, name="article-from-ticket"),
    path("suggest/", views.suggest, name="knowledge-suggest"),
    path("items/", views.items, name="service-items"),
    path("items/new/", views.item_save, name="service-item-create"),
    path("charges/<str:number>/", views.charges, name="ticket-charges"),
    path("charges/<str:number>/add/", views.charge_add, name="ticket-charge-add"),
    path("charges/<str:number>/<int:charge_id>/remove/", views.charge_remove, name="ticket-charge-remove"),
]
