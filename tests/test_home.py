"""The home page's first question: a realistic study pair (a camera original
and an edit made from it), answered by a form post, with or without htmx,
that reveals nothing before the answer and stores nothing."""

import re

import pytest
from django.urls import reverse

from literacy.models import Example
from literacy.tests.factories import make_example
from quizzes.models import Attempt, Quiz

pytestmark = pytest.mark.django_db


@pytest.fixture
def pair():
    original = make_example(family="photos-hd", title="Jetty in fog", size=(64, 40))
    edit = make_example(
        family="photos-hd", label="synthetic", technique="object_removal", title="Jetty, a post removed",
        derived_from=original, size=(64, 40),
    )  # fmt: skip
    return original, edit


def tokens_of(html):
    return dict(re.findall(r'<input type="hidden" name="(left|right)" value="([^"]+)"', html))


def real_side(html, original):
    library = {r.token for r in original.renditions.filter(purpose="library")}
    return "left" if tokens_of(html)["left"] in library else "right"


def test_it_asks_which_of_the_pair_is_real_and_gives_nothing_away(client, pair):
    original, edit = pair
    response = client.get(reverse("home"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Which one is real?" in html
    form = html[html.index('<form method="post" action="/first-look/"') : html.index("</form>")]
    assert form.count('name="side"') == 2 and set(tokens_of(html)) == {"left", "right"}
    for secret in (edit.public_id, original.public_id, "edited", "original", "removal", "synthetic"):
        assert secret not in form, secret
    # The images are served by opaque token, the same way for both sides.
    assert len(re.findall(r'src="/m/[\w-]+\.webp"', form)) == 2
    assert 'alt="Left photo"' in form and 'alt="Right photo"' in form


def test_the_sides_are_drawn_per_visit(client, pair, monkeypatch):
    original, _ = pair
    seen = set()
    for draw in (0, 1):
        monkeypatch.setattr("config.views.secrets.randbelow", lambda n, draw=draw: draw)
        seen.add(real_side(client.get(reverse("home")).content.decode(), original))
    assert seen == {"left", "right"}


@pytest.mark.parametrize("right", [True, False])
def test_answering_reveals_the_original_in_one_line_and_stores_nothing(client, pair, right):
    original, edit = pair
    Quiz.objects.create(key="warm-up", title="Warm-up: which photo is real?")
    html = client.get(reverse("home")).content.decode()
    side = real_side(html, original)
    chosen = side if right else {"left": "right", "right": "left"}[side]
    response = client.post(reverse("home_answer"), {**tokens_of(html), "side": chosen})
    page = response.content.decode()
    assert response.status_code == 200 and "<html" in page
    assert ("Right." if right else "Not this time.") in page
    assert f"The {side} photo is the camera original" in page and "(object removal)" in page
    assert "where a picture came from tells you more than how it looks" in page
    assert edit.get_absolute_url() in page  # what was changed, and where
    assert "Next: Warm-up: which photo is real?" in page
    assert not Attempt.objects.exists()


def test_htmx_gets_only_the_pair(client, pair):
    original, _ = pair
    html = client.get(reverse("home")).content.decode()
    data = {**tokens_of(html), "side": real_side(html, original)}
    response = client.post(reverse("home_answer"), data, headers={"HX-Request": "true"})
    fragment = response.content.decode()
    assert response.status_code == 200
    assert fragment.lstrip().startswith('<section id="showcase"') and "<html" not in fragment
    assert "Right." in fragment


def test_assessment_examples_are_never_the_pair(client):
    original = make_example(family="photos-hd")
    make_example(
        family="photos-hd",
        label="synthetic",
        technique="splice",
        derived_from=original,
        use=Example.Use.ASSESSMENT,
    )
    graded_original = make_example(family="photos-hd", use=Example.Use.ASSESSMENT)
    make_example(family="photos-hd", label="synthetic", technique="clone", derived_from=graded_original)
    html = client.get(reverse("home")).content.decode()
    assert 'id="showcase"' not in html
    assert "Try a quick quiz" in html


@pytest.mark.parametrize(
    "data",
    [
        ({}, "Choose one of the two photos"),
        ({"left": "x", "right": "y", "side": "left"}, "That pair is no longer on offer"),
        ({"left": "same", "right": "same", "side": "left"}, "That pair is no longer on offer"),
        ({"left": "x", "right": "y", "side": "middle"}, "Choose one of the two photos"),
        ({"left": "a" * 500, "right": "b", "side": "right"}, "Choose one of the two photos"),
    ],
    ids=["empty", "unknown-tokens", "one-token-twice", "bad-side", "too-long"],
)
def test_bad_answers_get_a_clear_message_and_a_fresh_pair(client, pair, data):
    data, message = data
    response = client.post(reverse("home_answer"), data)
    html = response.content.decode()
    assert response.status_code == 400
    assert message in html and 'id="showcase"' in html
    assert tokens_of(html)  # a fresh question to answer


def test_tokens_of_images_that_are_not_a_pair_are_refused(client, pair):
    original, _ = pair
    stranger = make_example(family="photos-hd", label="synthetic", technique="gan")
    left = original.renditions.filter(purpose="library").first().token
    right = stranger.renditions.filter(purpose="library").first().token
    response = client.post(reverse("home_answer"), {"left": left, "right": right, "side": "left"})
    assert response.status_code == 400


def test_quiz_renditions_cannot_name_the_pair(client, pair):
    # Quiz renditions are served only through an attempt; their tokens must
    # not become a way to ask which image is which.
    original, edit = pair
    left = original.renditions.filter(purpose="quiz").first().token
    right = edit.renditions.filter(purpose="quiz").first().token
    response = client.post(reverse("home_answer"), {"left": left, "right": right, "side": "left"})
    assert response.status_code == 400


def test_the_answer_accepts_only_post(client, pair):
    assert client.get(reverse("home_answer")).status_code == 405


def test_htmx_gets_the_message_and_a_fresh_pair_in_place(client, pair):
    data = {"left": "gone", "right": "too", "side": "left"}
    response = client.post(reverse("home_answer"), data, headers={"HX-Request": "true"})
    fragment = response.content.decode()
    # htmx swaps only a 2xx reply; the message is in the fragment it swaps.
    assert response.status_code == 200 and "<html" not in fragment
    assert "That pair is no longer on offer" in fragment and tokens_of(fragment)


def test_the_realistic_warm_up_is_the_first_quiz_offered(client):
    make_example(family="photos-hd")
    titles = {
        "mixed-challenge": "Mixed challenge",
        "spot-the-swap": "Spot the swap",
        "early-generators": "Early generators: digits, textures and tiny faces",
        "warm-up": "Warm-up: which photo is real?",
    }
    for key, title in titles.items():
        Quiz.objects.create(key=key, title=title, pool_size=2, pool_filters={"families": ["photos-hd"]})
    html = client.get(reverse("quizzes:quiz_list")).content.decode()
    order = [
        html.index(title) for title in ("Warm-up", "Spot the swap", "Mixed challenge", "Early generators")
    ]
    assert order == sorted(order)
    # Without a pair to show, the home page's quiz button opens the warm-up itself.
    warm_up = Quiz.objects.get(key="warm-up")
    assert (
        f'<a class="button" href="{warm_up.get_absolute_url()}">Try a quick quiz</a>'
        in client.get("/").content.decode()
    )
