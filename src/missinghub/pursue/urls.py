"""Pages of the pursue app; mounted by the root URLconf at /pursue/."""

from django.urls import path

from missinghub.pursue import views

app_name = "pursue"

urlpatterns = [
    path("", views.search, name="search"),
    path("children/<int:child_id>/", views.child_network, name="network"),
    path("children/<int:child_id>/links/new/", views.link_new, name="link-new"),
    path("entities/<int:entity_id>/", views.entity_detail, name="entity"),
    path("entities/<int:entity_id>/actions/new/", views.action_new, name="action-new"),
    path("actions/<int:action_id>/", views.action_outcome, name="action"),
    path("proposals/", views.proposals, name="proposals"),
    path("proposals/<int:proposal_id>/decide/", views.proposal_decide, name="proposal-decide"),
    path("groups/", views.groups, name="groups"),
]
