"""Pages of the linkage app; mounted by the root URLconf."""

from django.urls import path

from missinghub.linkage import views

app_name = "linkage"

urlpatterns = [
    path("review/", views.review_queue, name="review-queue"),
    path("review/<int:pair_id>/", views.review_pair, name="review-pair"),
    path("review/reference/<int:review_id>/", views.review_reference, name="review-reference"),
    path("merges/", views.merges, name="merges"),
    path("merges/<int:merge_id>/unmerge/", views.unmerge_page, name="unmerge"),
    path("intake-candidates/", views.intake_candidates, name="intake-candidates"),
]
