import pytest

from forums.markdown import render_post
from tests.forums.hostile import hostile_inputs, problems_in

HOSTILE = hostile_inputs()


def test_the_hostile_corpus_holds_at_least_a_hundred_inputs():
    assert len(HOSTILE) >= 100
    assert len(set(HOSTILE)) == len(HOSTILE)


@pytest.mark.parametrize("source", HOSTILE, ids=[f"hostile-{i}" for i in range(len(HOSTILE))])
def test_nothing_executable_survives_rendering(source):
    html = render_post(source)
    assert problems_in(html) == [], html


def test_the_checker_catches_what_it_looks_for():
    # The assertions above are only as good as this parser: it must see each kind of problem.
    assert problems_in('<a href="https://x.org">x</a>') == ["<a> with rel=''"]
    assert problems_in("<script>alert(1)</script>") == ["<script> tag"]
    assert problems_in('<p onclick="x">') == ["onclick handler on <p>"]
    assert problems_in('<a rel="nofollow ugc noopener" href="&#106;avascript:x">')
    assert problems_in('<a rel="nofollow ugc noopener" href=" java\tscript:x">')
    assert problems_in('<a rel="nofollow ugc noopener" href="data:text/html,x">')


def test_markdown_renders_the_usual_things():
    html = render_post("**bold** _em_ `code`\n\n> quoted\n\n- one\n- two\n\n~~gone~~")
    for fragment in (
        "<strong>bold</strong>",
        "<em>em</em>",
        "<code>code</code>",
        "<blockquote>",
        "<li>one</li>",
        "<s>gone</s>",
    ):
        assert fragment in html


def test_links_are_kept_with_rel_and_bare_addresses_are_linked():
    html = render_post("[LPSA](https://lpsa.example/) and www.example.org and a@b.org")
    assert '<a href="https://lpsa.example/" rel="nofollow ugc noopener">LPSA</a>' in html
    assert '<a href="http://www.example.org" rel="nofollow ugc noopener">' in html
    assert '<a href="mailto:a@b.org" rel="nofollow ugc noopener">' in html


def test_tables_render_without_inline_styles():
    html = render_post("| tax | share |\n|:----|------:|\n| property | 40% |")
    assert "<table>" in html and "<th>tax</th>" in html and "<td>40%</td>" in html
    assert "style" not in html


def test_raw_html_is_shown_as_text_not_parsed():
    assert render_post("<b>hi</b>") == "<p>&lt;b&gt;hi&lt;/b&gt;</p>"


def test_an_image_becomes_a_link_to_it_and_is_never_loaded():
    html = render_post("![the map](https://example.org/map.png)")
    assert html == (
        '<p><a href="https://example.org/map.png" rel="nofollow ugc noopener">the map</a></p>'
    )


def test_a_data_image_keeps_its_text_and_loses_its_address():
    html = render_post("![pixel](data:image/png;base64,iVBORw0KGgo=)")
    assert "data:" not in html and "pixel" in html
