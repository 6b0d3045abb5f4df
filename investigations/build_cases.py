"""Build content/cases/cases.json from the hand-written case table below and the starter manifest.

Run: .venv/bin/python -m investigations.build_cases (it also writes content/cases/hashes.json, the
reverse search's index of the pack's originals).
Every picture case points at a starter-pack item (its image) and, where the picture has a history, at
the pack item that is its earlier appearance, so the reverse search answers from the pack's own files.
A voice-message case points at a recording in content/cases/voices/ instead (post "audio", with its
transcript and length from that folder's index.json, written by contentgen/voice_messages.py).
Accounts, places, dates, fact-checks and experts are invented for these cases. No real person's
likeness is edited: face cases use generated faces only, and the cameraman test photograph is left out.
"""

import json
from pathlib import Path

from investigations.reverse_search import HASHES, stored_hashes

ROOT = Path(__file__).resolve().parent.parent
MANIFEST = ROOT / "content" / "starter" / "manifest.json"
OUT = ROOT / "content" / "cases" / "cases.json"
VOICES = ROOT / "content" / "cases" / "voices" / "index.json"  # contentgen/voice_messages.py

VERDICTS = ("in_context", "miscaptioned", "edited", "generated", "cannot_tell")
ACTIONS = ("share", "do_not_share", "report", "ask_another_way")

# (key, item, original, account, account_age_days, posted, caption, verdict, action, note)
# original: the pack item that appeared earlier (None when the picture has no history).
EDITED = [
    (
        "lake-rescue",
        "photo-coldripple-object-removal",
        "photo-coldripple-left",
        "@northshore_daily",
        40,
        "2026-11-03",
        "Ice on Lake Varno this morning: the rescue boat is gone, swept away overnight.",
        "A boat-shaped object was removed; the unedited wallpaper is years older.",
    ),
    (
        "harbour-lights",
        "photo-darkesthour-clone",
        "photo-darkesthour-left",
        "@kessel_watch",
        12,
        "2026-11-05",
        "Twice as many lights on the water tonight: the smuggling fleet is back.",
        "A region was cloned to double the lights; the original shows half as many.",
    ),
    (
        "midnight-sky",
        "photo-summer-1am-retouch",
        "photo-summer-1am-left",
        "@skytruth_ola",
        300,
        "2026-11-06",
        "Straight out of my phone at 1 am, no filter: the sky turned this colour over Brannvik.",
        "The retouch is subtle; the reverse search, not the eye, finds the older original.",
    ),
    (
        "gym-floor",
        "photo-wood-splice",
        "photo-wood-left",
        "@parents_of_holm",
        25,
        "2026-11-07",
        "Look what they found under the gym floor at Holm Primary.",
        "A patch was pasted into wooden boards; the plain boards are a desktop background.",
    ),
    (
        "grey-storm",
        "photo-grey-other",
        "photo-grey-left",
        "@weather_now_247",
        8,
        "2026-11-08",
        "Satellite-style view of the storm front closing in on Tarrow.",
        "An altered abstract wallpaper presented as weather; its history is findable.",
    ),
    (
        "meadow-crop",
        "photo-greenmeadow-object-removal",
        "photo-greenmeadow-left",
        "@farm_truths",
        60,
        "2026-11-09",
        "Not one weed after spraying Verdex for a week. Proof it works.",
        "Something was removed from the grass; the older original has it.",
    ),
    (
        "blinds-message",
        "photo-blinds-clone",
        "photo-blinds-left",
        "@quietwitness",
        3,
        "2026-11-10",
        "Neighbours say the shadow on the blinds spells a warning.",
        "Cloned stripes change the pattern; a three-day-old account makes it worse.",
    ),
    (
        "apple-recall",
        "object-apple-object-removal",
        "object-apple",
        "@food_alert_org",
        15,
        "2026-11-11",
        "The sticker that proves these apples came from the recalled farm was removed by the shop!",
        "The claim is about a removal; the image is what was edited, not the shop's apple.",
    ),
    (
        "orange-mould",
        "object-orange-clone",
        "object-orange",
        "@healthy_hanna",
        90,
        "2026-11-12",
        "Oranges from Marsk market are covered in spots. Throw them away.",
        "Cloned patches add spots; the OpenCV sample image is the clean original.",
    ),
    (
        "desk-evidence",
        "object-stuff-retouch",
        "object-stuff",
        "@justice4remy",
        20,
        "2026-11-13",
        "The pen they swapped before the trial: look how the ink changed colour.",
        "A retouched copy of a widely shipped sample photo.",
    ),
    (
        "ela-trap",
        "object-ela-original-other",
        "object-ela-original",
        "@photo_forensics_pro",
        400,
        "2026-11-14",
        "My error level analysis proves this photo is untouched. Share if you trust science.",
        "ELA shows nothing either way here; the original in the archive settles it.",
    ),
    (
        "toy-plane",
        "object-aero3-object-removal",
        "object-aero3",
        "@plane_spotter_liv",
        150,
        "2026-11-15",
        "The prototype drone seized at the border, before anyone could photograph its markings.",
        "Markings were removed from a sample image; the original still has them.",
    ),
    (
        "launch-pad",
        "scene-removal-rocket",
        "scene-rocket-0",
        "@space_leaks",
        30,
        "2026-11-16",
        "The secret payload was erased from the official launch photo. Here is the leaked version.",
        "The leaked version is the edited one; the public-domain original is older.",
    ),
    (
        "wall-gap",
        "scene-removal-china",
        "scene-china-0",
        "@travel_fail_daily",
        45,
        "2026-11-17",
        "The palace roof collapsed overnight. Tourists turned away.",
        "A roof section was removed from a CC-BY travel photograph.",
    ),
    (
        "palace-rocket",
        "scene-splice-china-rocket",
        "scene-china-0",
        "@odd_world_pics",
        70,
        "2026-11-18",
        "A rocket launched from behind the palace this morning.",
        "Two public photographs spliced; both originals are findable.",
    ),
    (
        "rocket-galaxy",
        "scene-splice-rocket-hubble",
        "scene-rocket-0",
        "@cosmos_now",
        200,
        "2026-11-19",
        "Launch at night with the galaxy behind it. One exposure, no editing.",
        "A splice of two public-domain images, each findable on its own.",
    ),
    (
        "deep-field-twins",
        "scene-clone-hubble",
        "scene-hubble-0",
        "@alien_signals",
        5,
        "2026-11-20",
        "Astronomers found two identical galaxies. Proof of a mirror universe.",
        "The twin galaxy is a cloned patch; the NASA original has one.",
    ),
    (
        "roof-copies",
        "scene-clone-china",
        "scene-china-0",
        "@architecture_memes",
        365,
        "2026-11-21",
        "The only palace in the world with two identical towers.",
        "A cloned tower; a harmless joke account still posted an edited photo.",
    ),
    (
        "two-rockets",
        "scene-clone-rocket",
        "scene-rocket-0",
        "@launch_insider",
        18,
        "2026-11-22",
        "Two boosters on the pad: the double launch they kept quiet.",
        "A cloned booster on a public-domain photograph.",
    ),
    (
        "palace-glow",
        "scene-retouch-china",
        "scene-china-0",
        "@heatwave_alert",
        9,
        "2026-11-23",
        "The heat is so bad the palace walls are glowing.",
        "Colour and light were retouched; the original is ordinary daylight.",
    ),
    (
        "rocket-scorch",
        "scene-retouch-rocket",
        "scene-rocket-0",
        "@space_leaks",
        30,
        "2026-11-24",
        "Scorch marks on the rocket after the failed test they deny.",
        "Retouched marks; the same account posted launch-pad, which is also edited.",
    ),
]
RECAPTIONED = [
    (
        "backyard-telescope",
        "scene-context-hubble",
        "scene-hubble-0",
        "@stargazer_mila",
        7,
        "2026-11-25",
        "Taken last night through my backyard telescope!",
        "An unedited NASA image with a false claim of authorship; authentic picture, false caption.",
    ),
    (
        "launch-failure",
        "scene-context-rocket",
        "scene-rocket-0",
        "@breaking_wire_x",
        2,
        "2026-11-26",
        "The rocket moments before this morning's launch failure.",
        "An unedited 2015 launch photograph recaptioned as today's news.",
    ),
    (
        "moon-apple",
        "object-apple-context",
        "object-apple",
        "@future_food_now",
        33,
        "2026-11-27",
        "The first apple grown on the Moon base, photographed by the crew.",
        "An ordinary sample photograph; the caption is the lie.",
    ),
    (
        "crime-scene",
        "object-stuff-context",
        "object-stuff",
        "@true_crime_feed",
        11,
        "2026-11-28",
        "Evidence found at the crime scene: the pen and lighter used in the robbery.",
        "A sample image used for years in software tutorials, recaptioned as evidence.",
    ),
]
AUTHENTIC = [
    (
        "deep-field-share",
        "scene-hubble-0",
        None,
        "@school_astro_club",
        900,
        "2026-11-29",
        "Every speck here is a galaxy: the Hubble eXtreme Deep Field, NASA, public domain.",
        "Authentic and correctly captioned with its source: sharing is fine.",
    ),
    (
        "dscovr-pad",
        "scene-rocket-0",
        None,
        "@museum_of_flight_fan",
        1200,
        "2026-11-30",
        "Falcon 9 with the DSCOVR satellite on the pad in 2015 (SpaceX photo, public domain).",
        "Authentic and in context; the date and credit match the archive.",
    ),
    # Keys sort after the two above, so the graded forms' first picks (investigations/graded.py) stay.
    (
        "espresso-cup",
        "scene-coffee-0",
        None,
        "@cafe_photo_walks",
        1100,
        "2026-12-02",
        "A cup of coffee on a red saucer. Photo: Rachel Michetti, CC0 (one of scikit-image's sample images).",
        "Authentic, and the caption names the photographer, the licence and where it comes from: the archive "
        "agrees. Not every post is a trick; checking is how you know this one is fine to share.",
    ),
    (
        "flower-closeup",
        "scene-flower-0",
        None,
        "@macro_garden_club",
        800,
        "2026-12-03",
        "An orange flower in close-up, photographed by vultilion and shared on Flickr under CC BY 2.0.",
        "Authentic and correctly credited; the reverse search finds the same picture in the archive "
        "with the same photographer and licence.",
    ),
    (
        "lakeside-tower",
        "scene-china-0",
        None,
        "@travel_photo_archive",
        1500,
        "2026-12-04",
        "A many-roofed tower above a lake in China. Photo by danielbuechele on Flickr, CC BY 2.0.",
        "The same photograph appears edited in other cases (a removed roof, a cloned tower, a rocket); "
        "here it is unedited and credited, and the reverse search finds it unchanged.",
    ),
    (
        "sample-cat-chelsea",
        "scene-chelsea-0",
        None,
        "@cat_photo_club",
        2000,
        "2026-12-05",
        "Chelsea the cat, photographed by Stefan van der Walt and released under CC0 (a scikit-image sample).",
        "Authentic and in context; the account's long history on the same subject fits, and the archive "
        "has the picture with the same credit.",
    ),
    (
        "eileen-collins-portrait",
        "portrait-astronaut",
        None,
        "@space_history_daily",
        1400,
        "2026-12-06",
        "Astronaut Eileen Collins in a NASA portrait (public domain).",
        "A real photograph of a real astronaut, correctly captioned: the archive has the NASA original. "
        "Compare faces shows her eyes are not where the pack's face generator puts them, but that alone "
        "would prove nothing; the original and its source do.",
    ),
]
# Invented experts whose profile pictures are generated faces (no history anywhere).
EXPERTS = [
    (
        "dr-lena-varga",
        "stylegan-1049",
        "Dr Lena Varga, virologist at the Institute of Coastal Health",
        "New study: the tap water in Dornholm causes memory loss. Share before they delete this.",
    ),
    (
        "prof-amir-sato",
        "stylegan-1057",
        "Prof. Amir Sato, seismologist",
        "My instruments show a major quake in Tarrow within 48 hours. Evacuate now.",
    ),
    (
        "dr-jon-berrin",
        "stylegan-1065",
        "Dr Jon Berrin, nutrition scientist",
        "Eating two raw onions a day cured my patients' asthma. Doctors hate this.",
    ),
    (
        "eng-sofia-kral",
        "stylegan-1073",
        "Sofia Kral, bridge engineer",
        "I inspected the Marsk bridge yesterday: it will fall this winter. The council is hiding it.",
    ),
    (
        "dr-pia-lund",
        "stylegan-1080",
        "Dr Pia Lund, child psychologist",
        "Screens rewire children's brains in 10 minutes. My clinic has the proof.",
    ),
]

# Voice messages from a "relative" asking for money, each from a number the listener does not have.
# The recordings are made by contentgen/voice_messages.py (Piper's stock joe voice reading a script; the
# relatives are invented); content/cases/voices/index.json gives each one's transcript and provenance.
# The numbers are in the range Ofcom keeps for drama (07700 900000 to 900999), which no phone is given.
# Verdict "cannot_tell": nothing a learner can check shows whether the voice is the relative, someone
# imitating them or a generated copy, and the safe move, asking the relative another way, is the same
# whichever it is. Fact-checks are found for two scripts, not the third: a scam no one has written
# about yet is still a scam.
# (key, audio, number, profile name, received, caption, history, fact_checks, supporting tools, note)
VOICE_MESSAGES = [
    (
        "grandson-crash",
        "sam-crash",
        "+44 7700 900412",
        "Sam ❤",
        "2026-12-04",
        "Grandma its me, my phone is broken, this is my friends phone. Listen to this please, its urgent",
        "+44 7700 900412 is not in your contacts and has never written to you before: no earlier chat, "
        "no group you share. The profile name 'Sam ❤' was typed by whoever set up the account; there is no photo. "
        "Your contact 'Sam (grandson)' has a different number, and your last chat there was three days ago.",
        [
            {
                "title": "Police warn of 'grandchild in trouble' voice messages",
                "body": "Tarrow police have had eleven reports this month of a voice message in which a grandchild "
                "says they crashed a car, needs money for a lawyer the same day and asks the grandparent not to "
                "tell their parents. Some messages sound exactly like the grandchild: a short clip from a video "
                "they posted can be enough to copy a voice. Others are an impostor who sounds young and upset. The "
                "police never ask relatives to pay a lawyer or bail by bank transfer. Their advice: hang up and "
                "call your grandchild, or their parents, on the number you already have.",
            }
        ],
        ["account_history", "fact_checks"],
        "The money, the hurry and the secrecy ('don't tell Mum') are the script of a well-known scam. The "
        "recording was made for this course with a text-to-speech voice (Piper's stock joe voice, reading a "
        "script about an invented grandson), but no tool here can show that, and a cloned voice or a real "
        "grandson in trouble would pass the same checks. So the honest verdict is 'cannot tell', and the safe "
        "move does not depend on it: call Sam on the number you already have, or ask the family's safe word.",
    ),
    (
        "mum-new-number",
        "tom-new-number",
        "+44 7700 900587",
        "Tom",
        "2026-12-05",
        "Hi Mum, new number! Save this one, the old phone is gone. Sent you a voice note x",
        "+44 7700 900587 is not in your contacts and this is its first message to you. The account was set up "
        "with the name 'Tom' and no photo. Your contact 'Tom' still has his old number; the message says that "
        "phone is gone, but nothing here shows it: it was last seen online this morning.",
        [
            {
                "title": "The 'Hi Mum, new number' message is back, now with voice notes",
                "body": "Consumer Desk, Marsk Courier: a message from an unknown number says a son or daughter "
                "lost or broke their phone, then asks for a bill to be paid today because their banking app is "
                "locked. A voice note makes it more convincing, and voices can now be copied or imitated. In every "
                "case we followed, calling the old number reached the real son or daughter, who had not lost "
                "anything.",
            }
        ],
        ["account_history", "fact_checks"],
        "A 'new number' plus an urgent bill is the pattern of a common scam, and here the old number is still "
        "online. The voice was made for this course with Piper's stock joe voice (the son is invented); "
        "nothing a learner can check shows that, and the safe move is the same whoever spoke: call Tom on the "
        "number you already have before paying anything.",
    ),
    (
        "nephew-stranded",
        "leo-stranded",
        "+44 7700 900233",
        "Leo",
        "2026-12-06",
        "Auntie please listen, I'm stuck",
        "+44 7700 900233 is not in your contacts and has never written to you before. No photo, no shared "
        "groups. Your contact 'Leo (nephew)' has another number; your family group shows Leo posting from it "
        "an hour ago.",
        [],
        ["account_history"],
        "No fact-check mentions this message, and that proves nothing: a scam is new before anyone writes "
        "about it. What the account history shows is enough: an unknown number, and the real Leo active on his "
        "own number an hour ago. 'Don't call, my battery is dying' is there to stop the one check that works. "
        "The voice is Piper's stock joe voice reading a script about an invented nephew, which no tool here "
        "can show; ask Leo another way, on his own number or through his parents.",
    ),
]


# Publication dates we can source; every other original's date is not recorded (None), never guessed.
KNOWN_DATES = {"scene-rocket-0": "2015-02", "scene-hubble-0": "2012-09-25"}


def _post(account, age, posted, caption, image_key, display=None):
    return {
        "account": account,
        "display_name": display or account.lstrip("@"),
        "account_age_days": age,
        "posted": posted,
        "caption": caption,
        "image": image_key,
    }


def _archive_for(original, ex):
    item = ex[original]
    return [
        {
            "kind": "earlier_appearance",
            "image": original,
            "date": KNOWN_DATES.get(original),
            "source": item.get("source") or item.get("lineage", ""),
            "summary": item.get("lineage", ""),
        }
    ]


def build(ex, voices):
    """The cases; ex: the starter manifest by key; voices: content/cases/voices/index.json's messages."""
    cases = []
    for key, item, original, account, age, posted, caption, note in EDITED:
        cases.append(
            {
                "key": key,
                "post": _post(account, age, posted, caption, item),
                "archive": _archive_for(original, ex),
                "account_history": f"{account} was created {age} days before this post.",
                "fact_checks": [
                    {
                        "title": f"Photo behind '{caption[:40]}...' was altered",
                        "body": f"The picture is an edited copy of an older image ({ex[original].get('source', '')}). "
                        "Comparing the two shows what was changed.",
                    }
                ],
                "verdict": "edited",
                "action": "do_not_share",
                "supporting_tools": ["reverse_search"],
                "expert_path": ["reverse_search", "compare original", "fact_checks"],
                "original": original,
                "teacher_note": note,
            }
        )
    for key, item, original, account, age, posted, caption, note in RECAPTIONED:
        cases.append(
            {
                "key": key,
                "post": _post(account, age, posted, caption, item),
                "archive": _archive_for(original, ex),
                "account_history": f"{account} was created {age} days before this post.",
                "fact_checks": [
                    {"title": "Old picture, new story", "body": ex[item].get("true_context", "")}
                ],
                "verdict": "miscaptioned",
                "action": "do_not_share",
                "supporting_tools": ["reverse_search", "fact_checks"],
                "expert_path": ["reverse_search", "fact_checks", "account_history"],
                "original": original,
                "teacher_note": note,
            }
        )
    for key, item, _none, account, age, posted, caption, note in AUTHENTIC:
        cases.append(
            {
                "key": key,
                "post": _post(account, age, posted, caption, item),
                "archive": _archive_for(item, ex),
                "account_history": f"{account} has posted for {age // 365} years about the same subject.",
                "fact_checks": [],
                "verdict": "in_context",
                "action": "share",
                "supporting_tools": ["reverse_search", "account_history"],
                "expert_path": ["reverse_search", "account_history"],
                "original": item,
                "teacher_note": note,
            }
        )
    for key, face, display, claim in EXPERTS:
        account = "@" + key.replace("-", "_")
        cases.append(
            {
                "key": key,
                "post": _post(account, 6, "2026-12-01", claim, face, display=display),
                "archive": [],
                "account_history": f"{account} is six days old; no institution lists {display.split(',')[0]}.",
                "fact_checks": [
                    {
                        "title": "No such expert",
                        "body": f"We found no staff page, paper or interview for {display}.",
                    }
                ],
                "verdict": "generated",
                "action": "report",
                "supporting_tools": ["compare_faces", "account_history", "fact_checks"],
                "expert_path": [
                    "account_history",
                    "reverse_search (nothing)",
                    "compare_faces",
                    "fact_checks",
                ],
                "original": None,
                "teacher_note": "A generated face: reverse search finds nothing, which alone proves nothing; "
                "the missing institution and the eye position do.",
            }
        )
    for key, audio, number, name, received, caption, history, fact_checks, supporting, note in VOICE_MESSAGES:
        message = voices[audio]
        post = _post(number, None, received, caption, None, display=name)
        post.update(audio=audio, transcript=message["transcript"], duration_s=message["duration_s"])
        cases.append(
            {
                "key": key,
                "post": post,
                "archive": [],
                "account_history": history,
                "fact_checks": fact_checks,
                "verdict": "cannot_tell",
                "action": "ask_another_way",
                "supporting_tools": supporting,
                "expert_path": [*supporting, "call back on the number you already have"],
                "original": None,
                "teacher_note": note,
            }
        )
    for case in cases:
        assert case["verdict"] in VERDICTS and case["action"] in ACTIONS, case["key"]
    return cases


def main():
    examples = json.loads(MANIFEST.read_text())["examples"]
    ex = {e["key"]: e for e in examples}
    voices = json.loads(VOICES.read_text())["messages"]
    OUT.write_text(
        json.dumps(
            {"format": "dll-cases", "version": 1, "cases": build(ex, voices)}, indent=1, ensure_ascii=False
        )
        + "\n"
    )
    # The reverse search's index of the originals, so the first search after a start is fast.
    HASHES.write_text(
        json.dumps({"format": "dll-hashes", "version": 1, "hashes": stored_hashes(examples)}, indent=1) + "\n"
    )


if __name__ == "__main__":
    main()
