"""The Quiz screen: topic quizzes, the daily five, the timed exam and spaced review, and importing banks."""
