"""A recording's identity: the learner plus a SHA-256 of its canonical samples."""

import hashlib

import numpy as np

from massage_trainer.core.identity import canonical_samples, recording_identity, samples_sha256
from massage_trainer.core.recording import Phase, Recording


def recording(x: float = 0.15, first_session: bool = False, n: int = 60) -> Recording:
    t = np.arange(n) / 60.0
    return Recording((Phase("stroking", t, np.full(n, x), 0.1 + t * 0.3, np.ones(n, bool),
                            np.full(n, 0.5)),), first_session)


def test_the_same_samples_have_the_same_identity():
    assert recording_identity(1, recording()) == recording_identity(1, recording())
    # A float printed and read back differently (below a millionth) is the same sample.
    assert samples_sha256(recording(0.15)) == samples_sha256(recording(0.15 + 1e-12))
    assert samples_sha256(recording(first_session=True)) == samples_sha256(recording())


def test_a_changed_sample_changes_the_identity():
    base = recording()
    moved = Recording((Phase("stroking", base.phases[0].t, base.phases[0].x.copy() + np.eye(1, 60, 30)[0] * 1e-3,
                             base.phases[0].y, base.phases[0].contact, base.phases[0].pressure),))
    lifted = Recording((Phase("stroking", base.phases[0].t, base.phases[0].x, base.phases[0].y,
                              np.arange(60) != 59, base.phases[0].pressure),))
    other_technique = Recording((Phase("rubbing", *(getattr(base.phases[0], a) for a in
                                                     ("t", "x", "y", "contact", "pressure"))),))
    digests = {samples_sha256(r) for r in (base, moved, lifted, other_technique, recording(n=59))}
    assert len(digests) == 5
    assert recording_identity(1, base) != recording_identity(2, base)  # another learner's


def test_the_canonical_form_is_sorted_fixed_and_hashed():
    text = canonical_samples(recording(n=2))
    assert text.startswith(b'{"phases":[{"samples":[["0.000000","0.150000","0.100000",true,"0.500000"]')
    assert samples_sha256(recording(n=2)) == hashlib.sha256(text).hexdigest()
    zero = Recording((Phase("stroking", np.array([0.0]), np.array([-0.0]), np.array([-1e-9]),
                            np.array([True]), np.array([0.5])),))
    assert b'"0.000000","0.000000"' in canonical_samples(zero)  # -0 is 0
