import pytest
from django.urls import reverse

from literacy.models import Example, ExampleView, Rendition
from literacy.tests.factories import make_example

pytestmark = pytest.mark.django_db


def test_the_gallery_lists_study_examples_with_their_labels(client):
    real = make_example(title="Harbour at dusk")
    fake = make_example(title="Gravel patch", label="synthetic")
    html = client.get(reverse("literacy:library")).content.decode()
    assert real.get_absolute_url() in html and fake.get_absolute_url() in html
    assert 'class="badge synthetic"' in html
    assert 'loading="lazy"' in html and "srcset=" in html


def test_assessment_items_are_hidden_until_answered(client, student):
    item = make_example(title="Graded item", use=Example.Use.ASSESSMENT)
    client.force_login(student)
    assert item.get_absolute_url() not in client.get(reverse("literacy:library")).content.decode()
    assert client.get(item.get_absolute_url()).status_code == 404
    assert "Graded item" not in client.get(reverse("literacy:library") + "?q=Graded").content.decode()
    ExampleView.objects.create(user=student, example=item)
    assert item.get_absolute_url() in client.get(reverse("literacy:library")).content.decode()
    assert client.get(item.get_absolute_url()).status_code == 200


def test_anonymous_learners_see_assessment_items_they_answered_in_this_session(client):
    item = make_example(use=Example.Use.ASSESSMENT)
    assert client.get(item.get_absolute_url()).status_code == 404
    session = client.session
    session["answered_examples"] = [item.pk]
    session.save()
    assert client.get(item.get_absolute_url()).status_code == 200


def test_a_teacher_account_is_no_key_to_the_graded_bank(client, teacher, admin_user):
    # Anyone can sign up as a teacher: the bank stays hidden from them too.
    item = make_example(use=Example.Use.ASSESSMENT)
    client.force_login(teacher)
    assert item.get_absolute_url() not in client.get(reverse("literacy:library")).content.decode()
    assert client.get(item.get_absolute_url()).status_code == 404
    client.force_login(admin_user)
    assert client.get(item.get_absolute_url()).status_code == 200


def test_drafts_are_never_shown(client, teacher):
    draft = make_example(status=Example.Status.DRAFT)
    client.force_login(teacher)
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_filters_and_search_narrow_the_gallery(client):
    gan = make_example(label="synthetic", title="Swirly digit", family="digits", difficulty=4)
    photo = make_example(title="Coffee cup", family="objects")
    url = reverse("literacy:library")
    html = client.get(url, {"label": "synthetic"}).content.decode()
    assert gan.get_absolute_url() in html and photo.get_absolute_url() not in html
    html = client.get(url, {"family": "objects"}).content.decode()
    assert photo.get_absolute_url() in html and gan.get_absolute_url() not in html
    html = client.get(url, {"q": "swirly"}).content.decode()
    assert gan.get_absolute_url() in html and photo.get_absolute_url() not in html
    html = client.get(url, {"difficulty": "4"}).content.decode()
    assert gan.get_absolute_url() in html and photo.get_absolute_url() not in html


def test_bad_filter_values_are_ignored_with_a_message_not_an_error(client):
    make_example()
    response = client.get(
        reverse("literacy:library"), {"difficulty": "99", "label": "<script>", "page": "zz"}
    )
    assert response.status_code == 200
    assert "were not understood" in response.content.decode()


def test_htmx_filtering_returns_only_the_results_fragment(client):
    make_example()
    response = client.get(reverse("literacy:library"), {"label": "real"}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert html.lstrip().startswith('<section id="results"')
    assert "<html" not in html


def test_the_gallerys_query_count_does_not_grow_with_the_examples_shown(
    client, django_assert_max_num_queries
):
    for _ in range(3):
        make_example()
    with django_assert_max_num_queries(6) as small:
        client.get(reverse("literacy:library"))
    for _ in range(15):
        make_example()
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(reverse("literacy:library"))


def test_the_example_page_shows_tells_provenance_and_metadata(client):
    fake = make_example(label="synthetic", generator="DCGAN on MNIST", title="Odd seven")
    response = client.get(fake.get_absolute_url() + "?tells=1")
    html = response.content.decode()
    assert "tells-on" in html
    assert "blurred middle" in html
    assert "<rect x=" in html
    assert "DCGAN on MNIST" in html
    assert "Metadata of the original file" in html


def test_error_level_analysis_is_made_at_import_and_a_page_view_writes_nothing(client):
    example = make_example()
    ela = Rendition.objects.get(example=example, purpose="ela")
    url = example.get_absolute_url() + "?view=ela"
    before = Rendition.objects.count()
    response = client.get(url)
    assert response.status_code == 200 and ela.url in response.content.decode()
    assert Rendition.objects.count() == before


def test_an_example_imported_before_ela_gets_it_when_the_pack_is_imported_again(client):
    from literacy import services

    example = make_example()
    Rendition.objects.filter(example=example, purpose="ela").delete()
    html = client.get(example.get_absolute_url() + "?view=ela").content.decode()
    assert "has not been made yet" in html
    assert services.example_ensure_ela(example=example)
    assert not services.example_ensure_ela(example=example)
    assert Rendition.objects.filter(example=example, purpose="ela").count() == 1


def test_a_derived_example_is_shown_beside_its_original(client):
    original = make_example(title="Original portrait")
    swap = make_example(label="synthetic", technique="face_swap", derived_from=original)
    html = client.get(swap.get_absolute_url()).content.decode()
    assert "Side by side" in html and original.get_absolute_url() in html


def test_credits_list_every_source_without_labels(client):
    make_example(source="skimage astronaut", author="NASA", licence="public-domain")
    make_example(
        source="sklearn china.jpg", author="Someone", licence="CC-BY-2.0", attribution="Photo by Someone"
    )
    html = client.get(reverse("literacy:credits")).content.decode()
    assert "skimage astronaut" in html and "Photo by Someone" in html
    assert "synthetic" not in html.lower().split("<main")[1]


def test_media_is_served_by_token_as_webp_with_no_hint_of_the_label(client):
    example = make_example(label="synthetic")
    rendition = example.renditions.filter(purpose="library").first()
    response = client.get(rendition.url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/webp"
    body = b"".join(response.streaming_content)
    assert body[8:12] == b"WEBP"
    assert client.get(reverse("literacy:media", args=["nope"])).status_code == 404


def test_renditions_never_enlarge_a_photo_but_do_enlarge_a_tiny_image():
    from literacy.media import rendition_widths

    assert rendition_widths((320, 640, 1024), 768) == [320, 640, 768]
    assert rendition_widths((320, 640, 1024), 2560) == [320, 640, 1024]
    assert rendition_widths((320, 640, 1024), 640) == [320, 640]
    assert rendition_widths((320, 640, 1024), 28) == [320, 640, 1024]
