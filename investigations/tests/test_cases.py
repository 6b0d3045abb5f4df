import json

import pytest

from investigations import faces
from investigations.cases import TOOL_LABELS, all_cases, is_voice, run_tool
from investigations.reverse_search import HASHES, STARTER, indexed, item_variants

EXAMPLES = json.loads((STARTER / "manifest.json").read_text())["examples"]


def test_every_supporting_tool_of_every_case_is_a_tool_the_page_offers():
    for case in all_cases():
        assert set(case["supporting_tools"]) <= set(TOOL_LABELS), case["key"]


def test_authentic_cases_are_several_and_each_is_one_to_share():
    authentic = [case for case in all_cases() if case["verdict"] == "in_context"]
    assert len(authentic) >= 5
    assert all(case["action"] == "share" and case["original"] == case["post"]["image"] for case in authentic)


@pytest.mark.parametrize(
    "case", [c for c in all_cases() if c["verdict"] == "in_context"], ids=lambda c: c["key"]
)
def test_reverse_search_finds_the_original_of_every_authentic_case(case):
    found = run_tool(case, "reverse_search")["matches"]
    assert case["original"] in [row["pack_key"] for row in found]


def test_the_stored_hash_index_matches_the_pack():
    stored = json.loads(HASHES.read_text())["hashes"]
    items = indexed(EXAMPLES)
    assert {item["key"] for item in items} == set(stored)
    assert all(stored[item["key"]]["sha256"] == item["sha256"] for item in items)
    sample = next(item for item in items if item["key"] == "scene-china-0")
    assert [int(v, 16) for v in stored["scene-china-0"]["variants"]] == list(item_variants(sample))


def test_every_case_picture_was_checked_for_a_face():
    eyes = faces._eyes()
    assert all(case["post"]["image"] in eyes for case in all_cases() if not is_voice(case))
