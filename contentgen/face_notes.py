"""Flaws seen by eye on generated study faces (contact sheets of the 1024-px
faces, looked at during development). Only what was actually visible is listed;
faces not listed get the generator's characteristic tells instead (see
realistic.plain_face_tells). Regions are resolved per face from its landmarks."""

NOTES: dict[int, list[tuple[str, str]]] = {
    1001: [
        (
            "ear-right",
            "The two earrings do not match: a small stud on one ear, a different, larger shape on the other.",
        )
    ],
    1003: [("bg-left", "The red background is a blotchy shape that is no recognisable object.")],
    1011: [
        (
            "bg-left",
            "A second face at the left edge melts into the background: malformed, with no clear features.",
        )
    ],
    1027: [("bg-right", "A fragment of a second person at the right edge is smeared and incomplete.")],
    1043: [("bg-right", "A second face at the right edge is cut off and distorted.")],
    1047: [("hair-top", "The badge on the cap is a meaningless blob, not a logo or letters.")],
}
