from wagtail.images.forms import BaseImageForm

from blog.images import without_metadata


class BlogImageForm(BaseImageForm):
    """The CMS's image form (WAGTAILIMAGES_IMAGE_FORM_BASE): every new file is stored without its
    metadata. Wagtail's own checks (type, size, pixel count) have run when this does."""

    def clean_file(self):
        uploaded = self.cleaned_data.get("file")
        if uploaded and "file" in self.changed_data:
            return without_metadata(uploaded)
        return uploaded
