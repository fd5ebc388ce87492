"""The Techniques screen: each technique animated, a whole session, the types of massage."""
