"""A hand-driven clock for tests (no Qt)."""


class FakeClock:
    """A clock the test moves by hand: no test waits for wall time."""

    def __init__(self, start: float = 1000.0) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds
