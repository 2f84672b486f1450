from django import forms
from django.utils.translation import gettext_lazy as _

from forums.models import Category

# A long post is welcome; a megabyte of text is not a post.
MAX_POST_LENGTH = 20_000

MARKDOWN_HELP = _(
    "Markdown: **bold**, _italic_, [a link](https://example.org), > a quote, - a list. "
    "HTML is shown as typed."
)


class PostForm(forms.Form):
    source = forms.CharField(
        label=_("Your post"),
        max_length=MAX_POST_LENGTH,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=MARKDOWN_HELP,
        strip=True,
    )


class TopicForm(PostForm):
    title = forms.CharField(label=_("Title"), max_length=200, min_length=3, strip=True)

    field_order = ["title", "source"]


class FlagForm(forms.Form):
    reason = forms.CharField(
        label=_("Why should a moderator look at this post?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class MoveForm(forms.Form):
    category = forms.ModelChoiceField(label=_("Move to"), queryset=Category.objects.none())

    def __init__(self, *args, categories, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = categories


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search the forums"), max_length=200, required=False)
