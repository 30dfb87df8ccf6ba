from django.db import migrations

# The 27 EU member states (ISO 3166-1 alpha-2). 112 is the emergency number in each.
EU_COUNTRIES = [
    "AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR", "HR", "HU",
    "IE", "IT", "LT", "LU", "LV", "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK",
]  # fmt: skip

# Countries where the harmonised emotional-support number 116 123 is in service, as far
# as could be confirmed when this list was written (national operators' and regulators'
# pages). To be verified by an administrator, who adds every other country's line once
# it is confirmed with the service itself (docs/moderation.md, "Crisis lines").
RUNS_116_123 = ["CZ", "HU", "IE", "LT", "LV", "PL"]


def add_lines(apps, schema_editor):
    CrisisResource = apps.get_model("moderation", "CrisisResource")
    CrisisResource.objects.filter(country="EU", phone="112").update(kind="emergency")
    for country in EU_COUNTRIES:
        CrisisResource.objects.get_or_create(
            country=country,
            phone="112",
            defaults={
                "name": "Emergency number",
                "hours": "24/7",
                "kind": "emergency",
                "position": 0,
            },
        )
        if country in RUNS_116_123:
            CrisisResource.objects.get_or_create(
                country=country,
                phone="116 123",
                defaults={
                    "name": "Emotional support line",
                    "kind": "emotional",
                    "position": 1,
                },
            )
    # The phrase the demo and the first install watch for someone who may be at risk.
    WatchedWord = apps.get_model("moderation", "WatchedWord")
    WatchedWord.objects.filter(
        word__in=["end it all", "farla finita"], action="flag"
    ).update(action="at_risk")


def remove_lines(apps, schema_editor):
    CrisisResource = apps.get_model("moderation", "CrisisResource")
    CrisisResource.objects.filter(country__in=EU_COUNTRIES, phone="112").delete()
    CrisisResource.objects.filter(country__in=RUNS_116_123, phone="116 123").delete()
    WatchedWord = apps.get_model("moderation", "WatchedWord")
    WatchedWord.objects.filter(action="at_risk").update(action="flag")


class Migration(migrations.Migration):
    dependencies = [("moderation", "0009_crisis_line_kinds_and_at_risk_words")]

    operations = [migrations.RunPython(add_lines, remove_lines)]
