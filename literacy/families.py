"""The families of the starter pack that pages and ready-made quizzes name
(docs/starter-pack.md). Any pack may add others; these are the ones the
site offers first."""

# Realistic photographs and their careful edits (camera originals from Debian's
# wallpaper packages and OpenCV's samples; edits made by contentgen).
PHOTOS = ("photos-hd", "objects-hd")
# Faces of people who do not exist (MobileStyleGAN) and swaps between them.
FACES = "faces-hd"
# Brought by a real-faces pack built with contentgen/faces_pack.py; the
# starter pack has no photographs of ordinary people.
REAL_FACES = "faces-real-or-generated"
# Real voices (LibriVox, CMU ARCTIC, alsa-utils) and synthetic readings and
# cheapfake edits of them (contentgen/voices.py): recordings, not pictures.
VOICES = "voices"
