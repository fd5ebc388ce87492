"""The Today screen: the first thing a learner sees, a welcome on the first launch, then what to do today."""
