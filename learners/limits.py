"""Limits on joining a class (docs/security.md says why each number).

A join code is six characters from 25 (about 244 million codes), so a guesser
needs millions of tries per open class; these limits keep that out of reach
while a whole school joins from one address."""

from shared.limits import Limit

HOUR = 60 * 60

# Wrong codes from one address: a school of 600 joining at once, with a typo
# each for half of them, stays well below.
WRONG_CODES_PER_ADDRESS = Limit("join-wrong-address", count=300, seconds=HOUR)
# Wrong codes from one signed-in account: a student who mistypes a few times.
WRONG_CODES_PER_ACCOUNT = Limit("join-wrong-account", count=10, seconds=HOUR)
# New accounts made by joining, from one address: a school's worth an hour
# (600 students), not an unbounded stream.
NEW_ACCOUNTS_PER_ADDRESS = Limit("join-new-accounts-address", count=600, seconds=HOUR)
