"""Recovery stories, under /stories/."""

from django.urls import path

from voice.feeds_stories import StoryFeed
from voice.views import stories as views

app_name = "stories"

urlpatterns = [
    path("", views.story_list, name="list"),
    path("new/", views.story_new, name="new"),
    path("new/hints/", views.story_hints, name="hints"),
    path("mine/", views.stories_mine, name="mine"),
    path("feed/", StoryFeed(), name="feed"),
    path("<int:pk>/", views.story_detail, name="detail"),
    path("<int:pk>/withdraw/", views.story_withdraw, name="withdraw"),
]
