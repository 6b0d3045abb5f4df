"""Seeds and truncation levels of every generated face (one bank per seed)."""

PSIS = (0.5, 0.7, 0.9, 1.0)
STUDY_SEEDS = list(range(1000, 1208))  # 208 plain faces, psi cycles through PSIS
GRADED_PSI = 0.7
PRE_SEEDS = list(range(2000, 2090))  # swap targets and donors for the pre-test
POST_SEEDS = list(range(3000, 3090))  # ... and for the post-test


def study_psi(seed: int) -> float:
    return PSIS[(seed - STUDY_SEEDS[0]) % len(PSIS)]


def all_face_jobs():
    jobs = [(s, study_psi(s)) for s in STUDY_SEEDS]
    jobs += [(s, GRADED_PSI) for s in PRE_SEEDS + POST_SEEDS]
    return jobs
