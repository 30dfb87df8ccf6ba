"""Position statements, under /voice/."""

app_name = "voice"

urlpatterns: list = []
