"""The Atlas screen: the back, its zones and landmarks, and why each matters."""
