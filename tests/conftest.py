"""Settings for the whole test run."""

from sandbox.core import checkpoint

# The tests' clusters are small; checkpoints share object versions for them as for a large one, so
# every timeline test exercises that path. Every restore in place then checks that each live object
# it takes is the version the checkpoint names (an object changed without a store write would
# otherwise come back changed).
checkpoint.SHARE_OBJECTS_FROM = 0
checkpoint.VERIFY_REUSE = True
