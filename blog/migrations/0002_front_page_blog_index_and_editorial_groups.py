"""The site's tree and its editorial roles, on every new database.

- Wagtail's placeholder welcome page becomes the front page (HomePage), with the blog index as its
  one child, and the default site points at it.
- Wagtail's default groups are renamed for the blog's roles: "Moderators" (who may publish) become
  "Editors"; Wagtail's "Editors" (who may write and submit, not publish) become "Contributors".
  Both may open the CMS, use images and documents, and write author snippets.
- Wagtail's default workflow on the whole tree, approval by that publishing group, is named for
  it: a contributor's post goes live only once an editor approves it.
"""

import uuid
from urllib.parse import urlsplit

from django.conf import settings
from django.db import migrations

LEAD = (
    "The Local Public Sector Alliance is a free, global community of practice for the people who "
    "make decentralization and local governance work: officials, practitioners, researchers and "
    "civil society."
)
JOIN_TITLE = "Join the Alliance for free"
JOIN_TEXT = (
    "Members meet peers in the directory and the working groups, take part in the forums and "
    "webinars, and read the whole library."
)


def rename_group(Group, old: str, new: str):
    group = Group.objects.filter(name=old).first()
    if group is None:
        group, _ = Group.objects.get_or_create(name=new)
    else:
        group.name = new
        group.save(update_fields=["name"])
    return group


def build_tree_and_roles(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    Page = apps.get_model("wagtailcore", "Page")
    Site = apps.get_model("wagtailcore", "Site")
    Locale = apps.get_model("wagtailcore", "Locale")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    Task = apps.get_model("wagtailcore", "Task")
    HomePage = apps.get_model("blog", "HomePage")
    BlogIndexPage = apps.get_model("blog", "BlogIndexPage")

    root = Page.objects.get(depth=1)
    Page.objects.filter(depth=2, slug="home", content_type__model="page").delete()
    locale = Locale.objects.order_by("pk").first()
    # As Wagtail's own first pages: live, with no publishing date (staff's first publish sets it),
    # and translation keys fixed, so that two databases made alike hold the same rows.
    common = {"locale": locale, "live": True, "has_unpublished_changes": False}
    Page.objects.filter(pk=root.pk).update(translation_key=uuid.uuid5(uuid.NAMESPACE_URL, "lpsa:root"))
    home = HomePage.objects.create(
        title="Local Public Sector Alliance",
        draft_title="Local Public Sector Alliance",
        slug="home",
        content_type=ContentType.objects.get_or_create(app_label="blog", model="homepage")[0],
        path=root.path + "0001",
        depth=2,
        numchild=1,
        url_path="/home/",
        translation_key=uuid.uuid5(uuid.NAMESPACE_URL, "lpsa:front-page"),
        lead=LEAD,
        body=[],
        join_title=JOIN_TITLE,
        join_text=JOIN_TEXT,
        **common,
    )
    BlogIndexPage.objects.create(
        title="Decentralization.Net",
        draft_title="Decentralization.Net",
        slug="blog",
        content_type=ContentType.objects.get_or_create(app_label="blog", model="blogindexpage")[0],
        path=home.path + "0001",
        depth=3,
        numchild=0,
        url_path="/home/blog/",
        translation_key=uuid.uuid5(uuid.NAMESPACE_URL, "lpsa:blog-index"),
        intro="Analysis and news on decentralization, localization and multilevel governance.",
        **common,
    )
    Page.objects.filter(pk=root.pk).update(numchild=Page.objects.filter(depth=2).count())
    Site.objects.all().delete()
    # The site's address is SITE_URL's, so Wagtail's own absolute links (sitemap, admin) agree
    # with the portal's.
    site_url = urlsplit(settings.SITE_URL)
    Site.objects.create(
        hostname=site_url.hostname or "localhost",
        port=site_url.port or (443 if site_url.scheme == "https" else 80),
        root_page_id=home.pk,
        is_default_site=True,
        site_name="Decentralization.Net",
    )

    # Rename Wagtail's "Editors" first, so that its name is free for the moderators.
    contributors = rename_group(Group, "Editors", "Contributors")
    editors = rename_group(Group, "Moderators", "Editors")
    # Permissions are made after all migrations run (post_migrate): these two are made here.
    author_type, _ = ContentType.objects.get_or_create(app_label="blog", model="author")
    snippet_permissions = [
        Permission.objects.get_or_create(
            content_type=author_type, codename=f"{verb}_author", defaults={"name": f"Can {verb} author"}
        )[0]
        for verb in ("add", "change")
    ]
    for group in (editors, contributors):
        group.permissions.add(*snippet_permissions)
    for task in Task.objects.filter(name="Moderators approval"):
        task.name = "Editor approval"
        task.save(update_fields=["name"])
    Workflow.objects.filter(name="Moderators approval").update(name="Editor approval")


class Migration(migrations.Migration):
    dependencies = [
        ("blog", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "__latest__"),
        ("auth", "__latest__"),
    ]

    operations = [migrations.RunPython(build_tree_and_roles, migrations.RunPython.noop)]
