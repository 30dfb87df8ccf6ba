"""Fictional position statements, one in each step of the lifecycle, endorsed by the
demo organisations. Idempotent: a statement whose title exists is left alone.

Written through the services, by the demo administrator acting as network staff; the
consultation's paragraph threads are published at once (forum's app path).
"""

from accounts.models import MembershipRole, Organisation, User
from voice.models import Statement
from voice.services import statements as services

CLEAN_SLATE = """Across Europe, a conviction for a drug offence follows people long after their recovery. It closes doors to **work**, housing and training.

We ask national parliaments to adopt clean-slate laws: records of minor drug offences sealed automatically after a fixed period without a new offence.

We ask employers' organisations to stop asking about criminal records for jobs where they have no bearing on the work.

Recovery is possible. Work is one of the strongest supports of a lasting recovery, and the law should not stand in its way."""

# (title, final status, policy area, addressees, summary, body)
STATEMENTS = [
    ("Clean slate for people in recovery", "published", "criminal_justice",
     "European Parliament, national parliaments",
     "Minor drug-offence records should not block work and housing for years after recovery.",
     CLEAN_SLATE),
    ("Housing first after residential treatment", "endorsement", "housing",
     "National ministries of social affairs",
     "Nobody should leave a therapeutic community for the street.",
     "Leaving residential treatment without a home undoes months of work.\n\n"
     "We ask ministries to fund transitional flats with peer support for at least six months.\n\n"
     "We ask municipalities to reserve social housing for people leaving treatment."),
    ("Peer workers in public treatment services", "consultation", "treatment",
     "National health ministries",
     "People with lived experience should be paid members of treatment teams.",
     "Peer workers bring what no diploma teaches: having walked the same road.\n\n"
     "We ask health ministries to recognise peer work as a profession, with training and a salary.\n\n"
     "Every public treatment service should have at least one peer worker by 2030."),
    ("Recovery-oriented employment services", "draft", "employment",
     "Public employment services",
     "Job centres should know how to support people in recovery.",
     "Job centres rarely know what recovery needs.\n\nWe propose a training module for their staff."),
    ("Drug checking at festivals", "withdrawn", "health",
     "Regional health authorities",
     "Withdrawn: outside the network's mandate.",
     "A draft on drug checking, withdrawn after discussion among the members."),
]  # fmt: skip

STEPS = ("consultation", "endorsement", "published")
ENDORSERS = {
    "Clean slate for people in recovery": [
        ("Comunità Sentiero Aperto (demo)", "demo_editor", "Our residents live this every day."),
        ("Novi Korak Recovery Network (demo)", "sunrise_walker", ""),
        ("Harbour Lane Peer Support (demo)", "quiet_harbour", ""),
        ("Fundación Camino Nuevo (demo)", "tide_keeper", "Employment is where recovery lasts."),
    ],
    "Housing first after residential treatment": [
        ("Novi Korak Recovery Network (demo)", "sunrise_walker", ""),
        ("Nordic Outpatient Service (demo)", "northern_lights", ""),
    ],
}  # fmt: skip


def seed(*, stdout) -> None:
    users = {
        user.username: user
        for user in User.objects.filter(
            username__in=[
                "demo_admin", "demo_moderator", "demo_member", "demo_editor",
                "sunrise_walker", "quiet_harbour", "tide_keeper", "northern_lights",
            ]
        )
    }  # fmt: skip
    if "demo_admin" not in users or "demo_moderator" not in users:
        stdout.write("voice: demo accounts missing, nothing seeded")
        return
    staff, moderator = users["demo_admin"], users["demo_moderator"]
    created = 0
    for title, status, area, addressees, summary, body in STATEMENTS:
        if Statement.objects.filter(title=title).exists():
            continue
        statement = services.statement_create(
            by=staff,
            data={
                "title": title, "summary": summary, "policy_area": area,
                "addressees": addressees, "language": "en", "body": body,
            },
        )  # fmt: skip
        if status == "withdrawn":
            services.statement_move(statement=statement, by=staff, to_status=status)
        for step in STEPS:
            if status in ("draft", "withdrawn"):
                break
            statement = services.statement_move(
                statement=statement, by=staff, to_status=step
            )
            if step == "consultation":
                _consult(statement, users, moderator)
            if step == "endorsement":
                _endorse(statement, users)
            if step == status:
                break
        if status == "consultation":
            _testimony_waiting(statement, users)
        created += 1
    stdout.write(f"voice: {created} position statements")


def _testimony_waiting(statement: Statement, users: dict[str, User]) -> None:
    """A testimony the moderators have not reviewed yet: the approval queue shows it."""
    member = users.get("quiet_harbour")
    if member is not None:
        services.testimony_submit(
            statement=statement,
            by=member,
            pseudonym="Ana",
            text="A record from twenty years ago still comes up at every job interview.",
        )


def _consult(statement: Statement, users: dict[str, User], moderator: User) -> None:
    member = users.get("demo_member")
    if member is not None:
        testimony = services.testimony_submit(
            statement=statement,
            by=member,
            pseudonym="Luca",
            text="After treatment, my record cost me three job offers. "
            "A clean slate would have given me back two years.",
        )
        services.testimony_decide(pk=testimony.pk, by=moderator, approve=True)
        services.testimony_choose(
            testimony=testimony, by=users["demo_admin"], is_chosen=True
        )
    editor = users.get("demo_editor")
    organisation = Organisation.objects.filter(
        memberships__user=editor, memberships__role=MembershipRole.EDITOR
    ).first()
    if editor is not None and organisation is not None:
        paragraph = statement.paragraphs.order_by("position").last()
        services.amendment_propose(
            paragraph=paragraph,
            by=editor,
            organisation=organisation,
            text=paragraph.text + " Recovery needs work, and work needs a fair chance.",
            reason="A sentence our residents asked for.",
        )


def _endorse(statement: Statement, users: dict[str, User]) -> None:
    for name, username, text in ENDORSERS.get(statement.title, []):
        organisation = Organisation.objects.filter(name=name).first()
        if organisation is None or username not in users:
            continue
        services.endorsement_create(
            statement=statement,
            by=users[username],
            organisation=organisation,
            text=text,
        )
