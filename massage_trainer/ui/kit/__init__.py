"""Small shared widgets, the theme, the style and the context every screen receives."""
