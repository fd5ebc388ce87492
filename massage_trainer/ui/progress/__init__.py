"""The Progress screen: how a learner is getting on, from their quiz answers and drills, and their history as CSV."""
