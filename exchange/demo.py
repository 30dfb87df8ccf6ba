"""Fictional programme write-ups by the demo organisations, with implementation
experiences. Idempotent: a write-up or experience that exists is left alone.

Written through the services (so discussions are real forum threads); a post that the
first-posts rule holds is approved by the demo moderator, as a moderator would.
"""

from accounts.models import Organisation, User
from exchange.models import ImplementationExperience, Practice
from exchange.services import (
    experience_create,
    practice_archive,
    practice_create,
    practice_publish,
)
from forum.models import PostStatus
from forum.services.visibility import post_approve

ORGANISATIONS = {
    "sentiero": "Comunità Sentiero Aperto (demo)",
    "novi_korak": "Novi Korak Recovery Network (demo)",
    "harbour": "Harbour Lane Peer Support (demo)",
    "camino": "Fundación Camino Nuevo (demo)",
    "nordic": "Nordic Outpatient Service (demo)",
}
EDITORS = {
    "sentiero": "demo_editor",
    "novi_korak": "sunrise_walker",
    "harbour": "quiet_harbour",
    "camino": "tide_keeper",
    "nordic": "northern_lights",
}

# (organisation, status, fields)
WRITE_UPS = [
    ("sentiero", "published", {
        "title": "Bakery and carpentry apprenticeships",
        "summary": "Paid apprenticeships in the community's bakery and carpentry shop for residents in the last six months of the programme.",
        "areas": ["employment", "education"], "settings": ["residential_community"],
        "countries": ["IT"], "languages": ["it", "en"],
        "target_group": "Residents in the re-entry phase, most of them aged 20–35",
        "tags": ["young adults", "apprenticeships"],
        "approach": "Residents work **three mornings a week** beside a master baker or carpenter, paid under a type B social cooperative contract. Afternoons are for group work.",
        "objectives": "- a trade qualification\n- a reference from a real employer\n- a work routine before leaving",
        "indicators": "Hours worked, qualification obtained, employment at 6 and 12 months after leaving.",
        "outcomes": "Of 42 apprentices since 2021, 29 were in work a year after leaving.",
        "limitations": "Places are limited to eight at a time; the bakery's income varies with the season.",
        "evidence_level": "pre_post", "readiness": "manualised",
        "implementation": "Start with one trade and one master. The cooperative contract took a year to set up.",
        "resources": "Two masters (part time), a social worker four hours a week, a one-week training for new sites.",
        "contact": "Ana Rossi (fictional), programmes@sentiero.demo.invalid",
    }),
    ("sentiero", "published", {
        "title": "Half-way flats after residential treatment",
        "summary": "Shared flats for up to six months after leaving the community, with a weekly visit from a peer worker.",
        "areas": ["housing"], "settings": ["community"], "countries": ["IT"], "languages": ["it"],
        "target_group": "People leaving the residential programme without a safe place to live",
        "tags": ["leaving-treatment", "housing"],
        "approach": "Three flats rented from the municipality, three people each. A peer worker visits weekly; house meetings every Sunday.",
        "outcomes": "Most residents moved to their own tenancy within six months.",
        "evidence_level": "monitoring_data", "readiness": "running",
        "resources": "Rent of three flats, one peer worker half time.",
        "contact": "housing@sentiero.demo.invalid",
    }),
    ("sentiero", "draft", {
        "title": "Family days in the community",
        "summary": "Monthly open days where families meet residents with a family therapist.",
        "areas": ["social_relations", "health"], "settings": ["residential_community"],
        "countries": ["IT"], "languages": ["it"], "tags": ["family"],
        "approach": "Draft: to be completed after the pilot year.",
        "evidence_level": "none", "readiness": "pilot",
    }),
    ("novi_korak", "published", {
        "title": "Housing First pilot in Novi Sad",
        "summary": "Permanent flats with flexible support for people who used drugs and were homeless, without treatment as a precondition.",
        "areas": ["housing", "health"], "settings": ["community"], "countries": ["RS"],
        "languages": ["sr", "en"], "target_group": "Long-term homeless people who use or used drugs",
        "tags": ["housing first", "homelessness"],
        "approach": "Scattered flats rented on the private market; a team of two support workers and one peer visits at least weekly.",
        "objectives": "Stable housing first; health and recovery goals chosen by the tenant.",
        "indicators": "Tenancy kept at 12 months; visits to emergency services.",
        "outcomes": "18 of 20 tenants kept their flat at one year; emergency visits halved.",
        "limitations": "Small pilot; comparison group from the city's shelters was not randomised.",
        "evidence_level": "comparison_group", "readiness": "pilot",
        "resources": "Rent subsidy, three staff, training from a Housing First network.",
        "contact": "pilot@novikorak.demo.invalid",
    }),
    ("novi_korak", "published", {
        "title": "Peer-led mutual-help groups",
        "summary": "Weekly groups led by trained peers, in person in three towns and online for people in rural areas.",
        "areas": ["social_relations"], "settings": ["community", "online"],
        "countries": ["RS", "BA"], "languages": ["sr", "bs"], "tags": ["peer support"],
        "approach": "Two trained peers lead each group. Online groups run on a self-hosted video service.",
        "outcomes": "About 120 people attend at least monthly.",
        "evidence_level": "monitoring_data", "readiness": "running",
        "resources": "Peer facilitator training (three days), a room, a laptop.",
        "contact": "groups@novikorak.demo.invalid",
    }),
    ("novi_korak", "archived", {
        "title": "Winter shelter beds for people in recovery (2023)",
        "summary": "A winter-only shelter programme that ended when the Housing First pilot started.",
        "areas": ["housing"], "settings": ["community"], "countries": ["RS"],
        "languages": ["sr"], "tags": ["homelessness"],
        "approach": "Twelve beds from December to March, with evening groups.",
        "evidence_level": "none", "readiness": "running",
    }),
    ("harbour", "published", {
        "title": "Mentoring for people leaving residential treatment",
        "summary": "Each person leaving treatment is matched with a peer mentor for a year: weekly contact, then monthly.",
        "areas": ["social_relations", "employment"], "settings": ["community", "outpatient"],
        "countries": ["IE"], "languages": ["en"], "target_group": "Adults in their first year after residential treatment",
        "tags": ["leaving-treatment", "mentoring"],
        "approach": "Mentors have at least two years in recovery and a ten-session training. Matching happens before discharge.",
        "indicators": "Contact kept at 3, 6 and 12 months; readmission.",
        "outcomes": "Readmission within a year fell from 31% to 19% in the first two cohorts.",
        "evidence_level": "pre_post", "readiness": "running",
        "resources": "A coordinator, mentor expenses, supervision once a month.",
        "contact": "mentoring@harbourlane.demo.invalid",
    }),
    ("harbour", "published", {
        "title": "Through-the-gate support for women leaving prison",
        "summary": "A support worker meets women in prison three months before release and stays with them for six months after.",
        "areas": ["legal", "housing"], "settings": ["prison", "community"],
        "countries": ["IE", "GB"], "languages": ["en"], "target_group": "Women with a drug-related sentence",
        "tags": ["women", "people leaving prison"],
        "approach": "Prison visits, help with housing applications and probation appointments, a phone line on the day of release.",
        "limitations": "Depends on the prison's willingness to give access.",
        "evidence_level": "monitoring_data", "readiness": "pilot",
        "contact": "gate@harbourlane.demo.invalid",
    }),
    ("camino", "published", {
        "title": "Job coaching with local employers",
        "summary": "Individual job coaching and a network of 40 local employers who offer trial placements.",
        "areas": ["employment"], "settings": ["outpatient", "community"],
        "countries": ["ES", "PT"], "languages": ["es", "pt", "en"],
        "target_group": "People in outpatient treatment or after it who want paid work",
        "tags": ["job coaching", "employment"],
        "approach": "Individual Placement and Support (IPS) style: rapid job search, coaching on the job, no long pre-training.",
        "objectives": "Competitive employment within six months.",
        "indicators": "Job started within six months; hours worked per week.",
        "outcomes": "In a randomised trial with 160 people, 46% found work against 21% with usual services.",
        "limitations": "Results were weaker in rural areas with few employers.",
        "evidence_level": "randomised", "readiness": "manualised",
        "implementation": "Employers joined after a breakfast meeting run by the chamber of commerce.",
        "resources": "One coach per 20 participants; a five-day IPS training.",
        "contact": "empleo@caminonuevo.demo.invalid",
    }),
    ("camino", "published", {
        "title": "Digital skills for job seekers",
        "summary": "An online course on CVs, job portals and video interviews, with a weekly live session.",
        "areas": ["education", "employment"], "settings": ["online"], "countries": ["ES"],
        "languages": ["es"], "tags": ["young adults", "digital skills"],
        "approach": "Six weekly modules; a peer tutor answers questions in a live session.",
        "evidence_level": "none", "readiness": "idea",
        "contact": "cursos@caminonuevo.demo.invalid",
    }),
    ("nordic", "published", {
        "title": "Family programme in outpatient care",
        "summary": "Ten sessions for parents in treatment and their children, run by a family therapist and a peer parent.",
        "areas": ["social_relations", "health"], "settings": ["outpatient"],
        "countries": ["SE", "NO"], "languages": ["sv", "no", "en"],
        "target_group": "Parents in outpatient treatment with children aged 6–16",
        "tags": ["family", "parenting"],
        "approach": "Separate groups for parents and children, then joint sessions. Manual in Swedish and English.",
        "outcomes": "Parents reported less conflict at home; children's school attendance improved.",
        "evidence_level": "comparison_group", "readiness": "manualised",
        "resources": "A family therapist, a peer parent, a room with space for children.",
        "contact": "familj@nordic.demo.invalid",
    }),
    ("nordic", "published", {
        "title": "Hepatitis C testing at the low-threshold clinic",
        "summary": "Rapid tests and treatment started on the same day, at the clinic where people already come.",
        "areas": ["health"], "settings": ["outpatient"], "countries": ["SE"],
        "languages": ["sv"], "tags": ["hepatitis-c"],
        "approach": "A nurse offers a rapid test at every visit; positive results get a blood test and a treatment start within a week.",
        "outcomes": "Treatment starts doubled in the first year.",
        "evidence_level": "monitoring_data", "readiness": "running",
        "contact": "klinik@nordic.demo.invalid",
    }),
]  # fmt: skip

# (write-up title, reporting organisation, reporter, fields)
EXPERIENCES = [
    ("Job coaching with local employers", "sentiero", "demo_editor", {
        "country": "IT", "period": "2024–2025", "recommendation": "yes",
        "adapted": "We worked with the social cooperatives instead of a chamber of commerce.",
        "results": "Nine of fifteen residents started a job within six months.",
    }),
    ("Job coaching with local employers", "harbour", "quiet_harbour", {
        "country": "IE", "period": "since spring 2025", "recommendation": "with_changes",
        "adapted": "Mentors help with the job search; we have no coach yet.",
        "results": "Too early to say; employers like the trial placements.",
    }),
    ("Housing First pilot in Novi Sad", "camino", "tide_keeper", {
        "country": "PT", "period": "2023–2025", "recommendation": "with_changes",
        "adapted": "Flats from a housing association instead of the private market.",
        "results": "Most tenants kept their flat; rent subsidies were the hardest part.",
    }),
    ("Mentoring for people leaving residential treatment", "nordic", "northern_lights", {
        "country": "SE", "period": "2024", "recommendation": "yes",
        "adapted": "Mentoring starts in outpatient care, not at discharge.",
        "results": "Fewer missed appointments in the first three months.",
    }),
    ("Bakery and carpentry apprenticeships", "novi_korak", "sunrise_walker", {
        "country": "RS", "period": "2025", "recommendation": "with_changes",
        "adapted": "A print shop instead of a bakery; shorter, three-month apprenticeships.",
        "results": "Four of six apprentices kept working at the shop.",
    }),
    ("Family programme in outpatient care", "sentiero", "demo_editor", {
        "country": "IT", "period": "2023", "recommendation": "no",
        "adapted": "We tried it in a residential setting with monthly family visits.",
        "results": "Too few families could come regularly; we went back to family days.",
    }),
]  # fmt: skip


def _approve_if_held(post, moderator: User) -> None:
    if post.status == PostStatus.PENDING:
        post_approve(post=post, by=moderator)


def seed(*, stdout) -> None:
    organisations = {
        key: Organisation.objects.filter(name=name).first()
        for key, name in ORGANISATIONS.items()
    }
    users = {user.username: user for user in User.objects.filter(
        username__in=[*EDITORS.values(), "demo_moderator"]
    )}  # fmt: skip
    if None in organisations.values() or len(users) < len(EDITORS) + 1:
        stdout.write("exchange: demo organisations missing, nothing seeded")
        return
    moderator = users["demo_moderator"]
    created = 0
    for key, status, fields in WRITE_UPS:
        organisation = organisations[key]
        if Practice.objects.filter(
            organisation=organisation, title=fields["title"]
        ).exists():
            continue
        editor = users[EDITORS[key]]
        data = {"evidence_level": "none", "readiness": "running", **fields}
        practice = practice_create(organisation=organisation, by=editor, data=data)
        if status != "draft":
            practice = practice_publish(practice=practice, by=editor)
            _approve_if_held(practice.thread.posts.get(number=1), moderator)
        if status == "archived":
            practice_archive(practice=practice, by=editor)
        created += 1
    experiences = 0
    for title, key, username, fields in EXPERIENCES:
        practice = Practice.objects.filter(title=title).first()
        organisation = organisations[key]
        if (
            practice is None
            or ImplementationExperience.objects.filter(
                practice=practice, organisation=organisation
            ).exists()
        ):
            continue
        experience = experience_create(
            practice=practice,
            by=User.objects.get(username=username),
            organisation=organisation,
            **fields,
        )
        _approve_if_held(experience.post, moderator)
        experiences += 1
    stdout.write(
        f"exchange: {created} write-ups and {experiences} implementation experiences"
    )
