"""Recovery stories, under /stories/."""

app_name = "stories"

urlpatterns: list = []
