"""What the blog adds to Wagtail's admin: the authors, as snippets."""

from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.chooser import SnippetChooserViewSet
from wagtail.snippets.views.snippets import SnippetViewSet

from blog.models import Author


class AuthorChooserViewSet(SnippetChooserViewSet):
    # A post's author can be added from the post's editor, in the chooser's "Create" tab.
    form_fields = ["name", "role", "bio", "profile"]


class AuthorViewSet(SnippetViewSet):
    model = Author
    icon = "user"
    list_display = ["name", "role", "profile"]
    search_fields = ["name"]
    chooser_viewset_class = AuthorChooserViewSet


register_snippet(AuthorViewSet)
