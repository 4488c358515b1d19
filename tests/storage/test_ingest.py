"""Ingestion of real scraped news pages: the article apart from its page, with the metadata the page states."""

from __future__ import annotations

from pathlib import Path

import pytest

from storage.ingest.article import IngestError, collect_files, decode, parse_article, read_article
from storage.models import Article

FIXTURES = Path(__file__).parent.parent / "fixtures"

SEEDS = {
    "000_1552f002a72d7a4d.txt": dict(
        title="Birmingham commissioner slams NHS over joint working failures",
        publication="CYP Now",
        author="Derren Hayes",
        published="2015-01-20",
        first="The government-appointed troubleshooter charged with turning around Birmingham's failing",
        last="critical independent review of Birmingham's social care department by Professor Julian Le Grand.",
    ),
    "001_224694d8c24ff968.txt": dict(
        title="‘NHS in Birmingham is simply not pulling its weight in protecting children’",
        # The page names its outlet only in teasers ('Public Sector Executive’s Matt Roberts explains').
        publication="",
        author="",
        published="",
        first="The NHS in Birmingham must share the blame for the city’s consistent failures to protect children,",
        last="some of which may well affect children and other vulnerable people”.",
    ),
    "002_b34dda90d55cc321.txt": dict(
        title="Ministers consider outsourcing children’s services as experts take control of improvements"
        " in Birmingham",
        publication="Community Care",
        author="",
        published="",
        first="Labour peer and chief social worker are among the experts appointed to oversee improvements"
        " at the troubled department\n\nThe government has ordered a review",
        last="imposing yet another period of review to likely to conclude until the end of 2014.",
    ),
    "003_9d15cc11ff3b810c.txt": dict(
        title="‘Our children are safer, but not safe enough’, Birmingham council bosses warn",
        publication="The Chamberlain Files",
        author="",
        published="2015-06-04",
        first="Vulnerable children in Birmingham are not as safe as they should be, but they are safer than",
        last="failed to deliver adequate care and protection for vulnerable children in Birmingham.",
    ),
    "004_3a2ec48a13db47ac.txt": dict(
        title="Birmingham children's services 'should be devolved'",
        publication="",
        author="",
        published="",
        first="Statutory services for children and young people in Birmingham should be run at the level",
        last="health visiting and early years staff did not think fully integrated working would be in place"
        " by that time.",
    ),
}

SEED_CHROME = (FIXTURES / "seed_chrome_phrases.txt").read_text(encoding="utf-8").splitlines()
"""Text of the seeds' page chrome and comments, one phrase a line; none may reach a body."""


def seed(corpus_dir: Path, name: str) -> Article:
    return read_article(corpus_dir / name)[0]


@pytest.mark.parametrize("name", sorted(SEEDS))
def test_each_seed_gives_its_headline_and_stated_metadata(corpus_dir: Path, name: str) -> None:
    article = seed(corpus_dir, name)
    expected = SEEDS[name]

    assert (expected["title"], expected["publication"], expected["author"], expected["published"]) == (
        article.title,
        article.publication,
        article.author,
        article.published,
    )


@pytest.mark.parametrize("name", sorted(SEEDS))
def test_each_seed_body_runs_from_the_first_to_the_last_sentence_of_the_article(
    corpus_dir: Path, name: str
) -> None:
    body = seed(corpus_dir, name).body

    assert body.startswith(SEEDS[name]["first"])
    assert body.endswith(SEEDS[name]["last"])


@pytest.mark.parametrize("name", sorted(SEEDS))
def test_each_seed_body_holds_no_page_chrome_or_comments(corpus_dir: Path, name: str) -> None:
    body = seed(corpus_dir, name).body

    assert [] == [phrase for phrase in SEED_CHROME if phrase in body]
    assert "Comment" not in body.split("\n\n")


@pytest.mark.parametrize("name", sorted(SEEDS))
def test_each_seed_body_is_paragraphs_separated_by_one_blank_line(corpus_dir: Path, name: str) -> None:
    body = seed(corpus_dir, name).body

    assert body == body.strip()
    assert "\n\n\n" not in body
    assert all(paragraph == " ".join(paragraph.split()) for paragraph in body.split("\n\n"))


def test_short_quote_paragraphs_and_their_intro_lines_stay_in_the_body(corpus_dir: Path) -> None:
    body = seed(corpus_dir, "003_9d15cc11ff3b810c.txt").body

    assert (
        "Cllr Jones said:\n\nWe must however acknowledge areas of risk that will be harder to change than others."
        in body
    )
    assert "Peter Hay, strategic director for people at the council, said:\n\nWe are clear" in body
    assert "Efforts to recruit and retain social workers have been ramped up." in body


def test_body_keeps_the_exact_characters_of_the_article(corpus_dir: Path) -> None:
    body = seed(corpus_dir, "000_1552f002a72d7a4d.txt").body

    assert "He said: “The NHS has been a bit slow to start [involvement in the MASH]." in body
    assert "In an interview with CYP Now, Warner warned" in body


def test_seed_002_comment_is_kept_apart_from_the_article(corpus_dir: Path) -> None:
    article = seed(corpus_dir, "002_b34dda90d55cc321.txt")

    assert 1 == len(article.comments)
    comment = article.comments[0]
    assert ("Philip Measures", "2014-04-03 14:54") == (comment.author, comment.posted)
    assert comment.text.startswith("Oh dear! Oh dear! Oh dear! – as if either academics")
    assert comment.text.endswith("without the right people in place to administer, monitor and review it.")
    assert 6 == len(comment.text.split("\n\n"))


@pytest.mark.parametrize("name", sorted(set(SEEDS) - {"002_b34dda90d55cc321.txt"}))
def test_seeds_without_reader_comments_have_none(corpus_dir: Path, name: str) -> None:
    assert () == seed(corpus_dir, name).comments


def test_an_html_page_loses_its_nav_cookie_banner_aside_and_footer() -> None:
    article = read_article(FIXTURES / "news_page.html")[0]

    assert (
        "Council apologises for care failings",
        "Midland Courier",
        "Priya Shah",
        "2016-03-12",
    ) == (article.title, article.publication, article.author, article.published)
    assert [
        "The city council has apologised to families after an inspection found “serious and widespread”"
        " failings in its children’s services.",
        "Inspectors said that social workers carried too many cases and that managers did not check their"
        " work often enough.",
        "What happens next",
        "The cabinet member for children said:",
        "“We are sorry. We will do better.”",
        "More social workers will be recruited this year.",
        "Every case will be reviewed within three months.",
        "The council will report back to inspectors in the summer, a spokesman confirmed on Friday.",
    ] == article.body.split("\n\n")


def test_a_markdown_file_reads_as_plain_text_with_front_matter_metadata() -> None:
    article = read_article(FIXTURES / "briefing.md")[0]

    assert ("Scrutiny committee hears from care leavers", "Tom Reed", "2015-09-14") == (
        article.title,
        article.author,
        article.published,
    )
    assert [
        "Care leavers told councillors on Monday that support stopped too early, and that they had to chase"
        " their personal advisers for help.",
        "What they asked for",
        "A named contact for every young person.",
        "Help with housing until the age of 25.",
        'One young woman said the leaving care service had "changed for the better" in the last year.',
    ] == article.body.split("\n\n")


NATIONAL_DAILY_CHROME = [
    "Skip to",
    "Sign in",
    "Share this",
    "Facebook",
    "Advertisement",
    "Read more",
    "Sign up",
    "More on this story",
    "Agency staff cost",
    "©",
    "By Amelia Hart",
    "Published:",
]


def test_a_national_daily_page_keeps_its_standfirst_and_drops_inline_ads_and_links() -> None:
    article = read_article(FIXTURES / "national_daily.txt")[0]

    assert (
        "Social workers quit as caseloads soar, survey finds",
        "The Daily Herald Media Group",
        "Amelia Hart",
        "2019-03-03",
    ) == (article.title, article.publication, article.author, article.published)
    assert article.body.startswith(
        "Staff shortages are leaving councils unable to protect the most vulnerable, unions say\n\nAlmost half"
    )
    assert article.body.endswith(
        "Ministers will publish a workforce strategy in the autumn, a spokesperson added."
    )
    assert (
        "“We are losing good people every week,” said one team manager. “They are exhausted.”" in article.body
    )
    assert [] == [phrase for phrase in NATIONAL_DAILY_CHROME if phrase in article.body]


def test_a_local_weekly_page_splits_its_title_line_and_separates_its_comments() -> None:
    article = read_article(FIXTURES / "local_weekly.txt")[0]

    assert (
        "Parents demand answers over closed children's centres",
        "Express & Star",
        "2016-03-12",
    ) == (article.title, article.publication, article.published)
    assert [
        "Parents gathered outside the town hall on Saturday to protest against the closure of three"
        " children's centres.",
        "Organisers said more than 400 people had signed a petition asking the council to think again.",
        "Council leader Anne Ford said:",
        "“No decision has been taken lightly.”",
        "She added that the savings were needed to protect frontline social care.",
    ] == article.body.split("\n\n")
    assert [
        ("John Baker", "2016-03-13 08:15", "Shameful. These centres were a lifeline for my family."),
        (
            "Sue Kent",
            "2016-03-14 19:02",
            "The council has no choice when the government keeps cutting its grant.",
        ),
    ] == [(c.author, c.posted, c.text) for c in article.comments]


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        (["Council leader resigns | The Northern Echo", "By Sam Lee"], ("Council leader resigns", "Sam Lee")),
        (
            ["Home", "Council leader resigns", "Council leader resigns", "Sam Lee"],
            ("Council leader resigns", "Sam Lee"),
        ),
        (
            ["Council leader resigns", "Written by Sam Lee, Political Reporter"],
            ("Council leader resigns", "Sam Lee"),
        ),
        (["Council leader resigns - Valley News", "2 hours ago", "More from Valley News"], ("Council leader resigns", "")),
        (["Choose hope over fear - Kennedy", "2 hours ago"], ("Choose hope over fear - Kennedy", "")),
        (
            ["The Springfield Ledger", "News", "Local", "Sports", "Council leader resigns", "By Sam Lee"],
            ("Council leader resigns", "Sam Lee"),
        ),
        (
            ["Skip to content", "The Valley Courier", "Subscribe", "LOCAL NEWS", "Council leader resigns"]
            + ["Sam Lee", "The Valley Courier", "Share"],
            ("Council leader resigns", "Sam Lee"),
        ),
        (
            ["Menu", "Search", "Council leader resigns", "By Sam Lee", "Key points:", "Report was critical"]
            + ["Inquiry will report in May"],
            ("Council leader resigns", "Sam Lee"),
        ),
    ],
)
def test_headline_and_byline_from_the_lines_above_the_article(
    lines: list[str], expected: tuple[str, str]
) -> None:
    text = "\n\n".join(
        [*lines, "The leader of the council resigned on Tuesday after a critical report into its services."]
    )

    article = parse_article(text, "page.txt")

    assert expected == (article.title, article.author)


def test_a_lone_repeated_caption_is_dropped_but_a_repeated_sentence_is_kept_once() -> None:
    text = (
        "Headline about the council\n\n"
        "The council met on Monday to discuss the report into its children's services department.\n\n"
        "The council house in Birmingham\n\nThe council house in Birmingham\n\n"
        "Members voted to accept every one of the report's recommendations without amendment."
    )

    body = parse_article(text, "page.txt").body

    assert "The council house" not in body
    assert body.endswith(
        "Members voted to accept every one of the report's recommendations without amendment."
    )


def test_a_page_with_no_comments_block_has_no_comments_even_with_a_comment_button() -> None:
    article = read_article(FIXTURES / "national_daily.txt")[0]

    assert () == article.comments


def test_a_page_of_only_chrome_is_refused() -> None:
    with pytest.raises(IngestError, match="chrome_only.txt has no article text"):
        read_article(FIXTURES / "chrome_only.txt")


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


ARTICLE = "Headline about the council\n\nThe council met on Monday to discuss the report – and said “no”.\n"


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (ARTICLE.encode("utf-8"), "UTF-8"),
        (b"\xef\xbb\xbf" + ARTICLE.encode("utf-8"), "UTF-8 with BOM"),
        (ARTICLE.encode("cp1252"), "Windows-1252"),
        (b"\xff\xfe" + ARTICLE.encode("utf-16-le"), "UTF-16 with BOM"),
        (ARTICLE.replace("\n", "\r\n").encode("utf-8"), "Windows newlines"),
    ],
    ids=lambda value: value if isinstance(value, str) else "",
)
def test_text_in_each_common_encoding_reads_the_same(tmp_path: Path, data: bytes, encoding: str) -> None:
    article = read_article(write(tmp_path, "page.txt", data))[0]

    assert (
        "Headline about the council",
        "The council met on Monday to discuss the report – and said “no”.",
    ) == (
        article.title,
        article.body,
    )


def test_invisible_and_control_characters_go_and_nbsp_becomes_a_space() -> None:
    text = "Headline\n\nThe\u200b council\u00a0met on\u0007 Monday\u200d to discuss the report.\tIt agreed."

    assert "The council met on Monday to discuss the report. It agreed." == parse_article(text, "a.txt").body


@pytest.mark.parametrize(
    "data",
    [b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", bytes(range(1, 32)) * 20, b"PK\x03\x04\x14\x00\x00\x00"],
    ids=["png", "control-bytes", "zip"],
)
def test_a_binary_file_is_refused(tmp_path: Path, data: bytes) -> None:
    path = write(tmp_path, "picture.txt", data)

    with pytest.raises(IngestError, match=r"picture.txt is a binary file, not text$"):
        read_article(path)


@pytest.mark.parametrize("data", [b"", b"  \n\n\t\n", b"\xef\xbb\xbf"], ids=["empty", "blank", "bom-only"])
def test_an_empty_file_is_refused(tmp_path: Path, data: bytes) -> None:
    with pytest.raises(IngestError, match="empty.txt is empty"):
        read_article(write(tmp_path, "empty.txt", data))


def test_decode_names_the_file_it_refuses() -> None:
    with pytest.raises(IngestError, match="^notes.txt is a binary file, not text$"):
        decode(b"abc\x00def", "notes.txt")


def test_hard_wrapped_paragraphs_are_joined_but_lists_stay_items() -> None:
    text = (
        "Headline about the council\n\n"
        "The council met on Monday to discuss the report into its children's\n"
        "services department, and agreed to act on every recommendation.\n\n"
        "- more social workers\n- a new director\n"
    )

    assert [
        "The council met on Monday to discuss the report into its children's services department, and agreed"
        " to act on every recommendation.",
        "- more social workers",
        "- a new director",
    ] == parse_article(text, "a.txt").body.split("\n\n")


def test_collect_files_finds_article_files_in_folders(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / ".git").mkdir()
    for name in ("a.txt", "sub/b.md", "sub/c.html", "d.pdf", "._a.txt", ".git/notes.txt"):
        (tmp_path / name).write_text("x")

    assert ["a.txt", "sub/b.md", "sub/c.html"] == [
        path.relative_to(tmp_path).as_posix() for path in collect_files([tmp_path])
    ]


@pytest.mark.parametrize(
    ("name", "title", "publication", "author", "published", "first", "last", "absent"),
    [
        (
            "national_site_menu.txt",
            "Ofsted says Birmingham children's services 'inadequate' for fifth time",
            "The Guardian",
            "Helen Marsh",
            "2017-07-11",
            "Inspectors find little improvement despite £100m investment and new leadership\n\nBirmingham's troubled",
            'the report was "disappointing but not surprising".',
            [
                "Photograph:",
                "Share on",
                "Topics",
                "Reuse this content",
                "Most popular",
                "Back to home",
                "Sign in",
            ],
        ),
        (
            "wire_story.txt",
            "State takes over troubled foster care system",
            "The Associated Press",
            "JOHN DOE and MARY ROE",
            "2018-03-03",
            "PHOENIX (AP) — The state will take control of the county's foster care system",
            "Associated Press writer Jane Doe contributed to this report.",
            ["Click to copy", "RELATED TOPICS", "Related Stories", "Governor signs", "___", "Copyright"],
        ),
    ],
)
def test_pages_shaped_like_other_outlets(
    name: str,
    title: str,
    publication: str,
    author: str,
    published: str,
    first: str,
    last: str,
    absent: list[str],
) -> None:
    article = read_article(FIXTURES / name)[0]

    assert (title, publication, author, published) == (
        article.title,
        article.publication,
        article.author,
        article.published,
    )
    assert article.body.startswith(first)
    assert article.body.endswith(last)
    assert [] == [phrase for phrase in absent if phrase in article.body]


def test_html_furniture_named_by_class_or_id_is_dropped_but_a_page_state_class_is_not() -> None:
    article = read_article(FIXTURES / "blog_post.html")[0]

    assert ("Why the inspection matters", "Care Matters Blog", "Dana Kay", "2014-04-03") == (
        article.title,
        article.publication,
        article.author,
        article.published,
    )
    assert [
        "When inspectors return to the city next month, they will find a service that has changed more in a year"
        " than in the decade before it.",
        "Caseloads are lower, managers are in post, and the number of agency staff has halved since the summer.",
        "None of that guarantees a better judgement, but it is the first time in years that the direction has"
        " been right.",
    ] == article.body.split("\n\n")


def test_html_whose_whole_page_sits_in_a_furniture_named_wrapper_is_read_by_its_tags() -> None:
    html = (
        '<html><body><div class="menu-open-wrapper"><h1>Council apologises</h1>'
        "<p>The city council has apologised to families after an inspection found serious failings in care.</p>"
        "<p>Inspectors said that social workers carried too many cases and that managers rarely checked.</p>"
        "</div></body></html>"
    )

    article = parse_article(html, "page.html")

    assert ("Council apologises", 2) == (article.title, len(article.body.split("\n\n")))


@pytest.mark.parametrize(
    ("text", "title", "first"),
    [
        (
            "‘We are not pulling our weight’\n\nThe NHS must share the blame for failures, the commissioner said."
            "\n\nHe wrote to the chief executive to ask for help with the problem.",
            "‘We are not pulling our weight’",
            "The NHS must share the blame",
        ),
        (
            "The NHS must share the blame for failures, the commissioner said.\n\n"
            "He wrote to the chief executive to ask for help with the problem.",
            "The NHS must share the blame for failures, the commissioner said.",
            "The NHS must share the blame",
        ),
    ],
)
def test_a_sentence_like_headline_is_the_title_but_a_first_paragraph_of_prose_stays_in_the_body(
    text: str, title: str, first: str
) -> None:
    article = parse_article(text, "notes.txt")

    assert title == article.title
    assert article.body.startswith(first)


def test_html_comment_sections_become_comments_not_body() -> None:
    article = read_article(FIXTURES / "blog_with_comments.html")[0]

    assert ("Lessons from the Trojan Horse inquiry", "Education Policy Notes", "2014-07-22") == (
        article.title,
        article.publication,
        article.published,
    )
    assert article.body.endswith(
        'had "failed to act" on warnings that had been made for years by head teachers.'
    )
    assert [
        ("Ruth Ellis", "2014-07-22 10:15", "The council was told in 2010. Nobody listened."),
        ("Tom Hale", "2014-07-23 18:40", "Governors need training, not blame."),
    ] == [(c.author, c.posted, c.text) for c in article.comments]


def test_a_regional_daily_page_keeps_prose_on_both_sides_of_inline_related_links() -> None:
    article = read_article(FIXTURES / "regional_daily.txt")[0]

    assert (
        "Birmingham children's services still failing, inspectors warn",
        "Birmingham Live",
        "Jane Okafor",
        "2015-06-04",
    ) == (article.title, article.publication, article.author, article.published)
    assert [
        "Ofsted says too many children are left waiting for help despite two years of improvement work",
        "Birmingham's children's services are still failing to protect vulnerable young people, according to a"
        " new report by Ofsted inspectors.",
        "The report, published on Thursday, found that more than 300 children had waited longer than a month for"
        " an assessment.",
        'Inspectors praised the "committed and hard-working" social workers but said managers were not checking'
        " cases closely enough.",
        'A council spokeswoman said: "We accept the findings and have already begun to act on them."',
        "The council will present an action plan to the cabinet next month.",
    ] == article.body.split("\n\n")


@pytest.mark.parametrize(
    ("head", "body_start"),
    [
        ("", '<h1 class="logo">Courier</h1><div><h1>Council apologises for care failings</h1>'),
        (
            '<meta property="og:title" content="Council apologises for care failings | Courier">',
            "<h1>Courier</h1><h1>Council apologises for care failings</h1>",
        ),
        ("", "<h1>Courier</h1><article><h1>Council apologises for care failings</h1>"),
    ],
)
def test_a_logo_h1_is_not_taken_for_the_headline(head: str, body_start: str) -> None:
    html = (
        f"<html><head>{head}</head><body>{body_start}"
        "<p>The city council has apologised to families after an inspection found serious failings in care.</p>"
        "<p>Inspectors said that social workers carried too many cases and that managers rarely checked.</p>"
        "</body></html>"
    )

    assert "Council apologises for care failings" == parse_article(html, "page.html").title


HEADLINE = "Council apologises for care failings"


@pytest.mark.parametrize(
    ("page_title", "heading", "expected"),
    [
        ("Council apologises for care failings - Valley Courier", "div", (HEADLINE, "Valley Courier")),
        ("Valley Courier: Council apologises for care failings", "h2", (HEADLINE, "Valley Courier")),
        ("Valley Courier", "h2", (HEADLINE, "Valley Courier")),
        (HEADLINE, "div", (HEADLINE, "")),
    ],
)
def test_an_html_page_title_finds_the_headline_line_and_names_the_site_beside_it(
    page_title: str, heading: str, expected: tuple[str, str]
) -> None:
    html = (
        f"<html><head><title>{page_title}</title></head><body><{heading}>{HEADLINE}</{heading}><p>By Jane Doe</p>"
        "<p>The city council has apologised to families after an inspection found serious failings in care.</p>"
        "<p>Inspectors said that social workers carried too many cases and that managers rarely checked.</p>"
        "</body></html>"
    )

    article = parse_article(html, "page.html")

    assert (*expected, "Jane Doe") == (article.title, article.publication, article.author)


def test_a_standfirst_that_reads_as_prose_keeps_its_byline_and_date_out_of_the_body() -> None:
    text = "\n".join(
        [
            "Council votes to close children's homes",
            "The decision, which drew protests, will move dozens of children into foster care.",
            "By Jane Doe",
            "March 3, 2019",
            "The county council voted on Tuesday to close two of its three remaining children's homes.",
            "Officials said the closures would save about $2 million a year and move children to foster homes.",
        ]
    )

    article = parse_article(text, "page.txt")

    assert ("Council votes to close children's homes", "Jane Doe", "2019-03-03") == (
        article.title,
        article.author,
        article.published,
    )
    assert [
        "The decision, which drew protests, will move dozens of children into foster care.",
        "The county council voted on Tuesday to close two of its three remaining children's homes.",
        "Officials said the closures would save about $2 million a year and move children to foster homes.",
    ] == article.body.split("\n\n")
