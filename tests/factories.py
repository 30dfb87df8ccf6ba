import factory
from django.conf import settings
from django.utils import timezone

from accounts.models import Membership, MembershipRole, Organisation, User
from core.text import render_markdown
from forum.models import Category, Post, Thread

PASSWORD = "correct-horse-battery"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"member{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    country = "IT"
    email_confirmed_at = factory.LazyFunction(timezone.now)
    guidelines_version = settings.GUIDELINES_VERSION
    guidelines_accepted_at = factory.LazyFunction(timezone.now)
    password = factory.django.Password(PASSWORD)


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Fictional Community {n}")
    slug = factory.Sequence(lambda n: f"fictional-community-{n}")
    country = "IT"
    kind = "therapeutic_community"
    description = "A fictional organisation used in tests."


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = MembershipRole.MEMBER


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category

    name = factory.Sequence(lambda n: f"Category {n}")
    slug = factory.Sequence(lambda n: f"category-{n}")


class ThreadFactory(factory.django.DjangoModelFactory):
    """A thread with its first post, counters set as the service would set them."""

    class Meta:
        model = Thread
        skip_postgeneration_save = True

    category = factory.SubFactory(CategoryFactory)
    title = factory.Sequence(lambda n: f"Thread {n}")
    slug = factory.LazyAttribute(lambda t: Thread.slug_for(t.title))
    author = factory.SubFactory(UserFactory)
    last_poster = factory.SelfAttribute("author")

    @factory.post_generation
    def first_post(obj, create, extracted, **kwargs):
        if not create:
            return
        body = extracted or "First post."
        PostFactory(thread=obj, number=1, author=obj.author, body=body)
        Thread.objects.filter(pk=obj.pk).update(post_count=1, last_post_number=1)
        obj.post_count = obj.last_post_number = 1


class PostFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Post

    thread = factory.SubFactory(ThreadFactory)
    number = factory.Sequence(lambda n: n + 2)
    author = factory.SubFactory(UserFactory)
    body = "A reply."
    body_html = factory.LazyAttribute(lambda p: render_markdown(p.body))
