from quizapp.rendering import inline_markdown_to_html, markdown_to_html


def test_script_in_markdown_is_shown_as_text_not_run():
    html = markdown_to_html('Before <script>alert("x")</script> after')
    assert "<script" not in html
    assert "&lt;script&gt;" in html


def test_javascript_links_are_not_links():
    html = markdown_to_html("[click](javascript:alert(1))")
    assert "href" not in html


def test_markdown_basics_render():
    html = markdown_to_html("# Title\n\n**bold** and *it*\n\n- one\n- two")
    assert "<h3>Title</h3>" in html  # author headings sit below the page's own
    assert "<strong>bold</strong>" in html and "<li>one</li>" in html


def test_inline_fragment_has_no_paragraph_wrapper():
    assert inline_markdown_to_html("A *b*") == "A <em>b</em>"


def test_a_table_scrolls_in_its_own_named_box_not_the_page():
    html = markdown_to_html("| EDSS | Meaning |\n|---|---|\n| 6.0 | Walking aid |\n")
    # A named group, not a region: a case record repeats its tables at every stage, and many
    # landmarks of one name can't be told apart (axe's landmark-unique).
    assert html.startswith('<div class="table-scroll" role="group" tabindex="0" '
                           'aria-label="Table (scrolls sideways)"><table>')
    assert html.rstrip().endswith("</table></div>")
    assert markdown_to_html("<table><tr><td>x</td></tr></table>").count("<table>") == 0
